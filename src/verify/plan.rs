//! Checks derived from manifests: every exposed path must reach its backend (over HTTPS for
//! TLS Ingresses, with the rule's Host and SNI), a path nobody exposes must be refused, and
//! RouteRules' redirects and timeouts must hold.
//!
//! Example paths for prefixes follow the guide's httpbin: `/status/` → `/status/200`,
//! `/delay/` → `/delay/1`; other prefixes get `PREFIX` + `ingressctl-probe`, and "reaches the
//! backend" means any answer but the proxy's refusals (403, 404) and gateway errors (5xx).

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use anyhow::{Context, Result};

pub mod nginx;

use super::{Check, Expect, RequestSpec, Retry, StatusExpect};
use crate::manifest::Ingress;
use crate::manifest::duration;
use crate::manifest::model::RouteRule;
use crate::manifest::paths::{self, Matcher, PathMatch};
use crate::manifest::snapshot::Snapshot;

/// Where the ingress listens.
#[derive(Debug, Clone)]
pub struct Target {
    /// `HOST[:PORT]` for plain HTTP (port 80 by default).
    pub http: String,
    /// `HOST[:PORT]` for HTTPS (default: the HTTP host, port 443).
    pub https: String,
}

impl Target {
    /// Builds a target from `--ingress-host` and `--secure-ingress-host`.
    pub fn new(ingress_host: &str, secure: Option<&str>) -> Self {
        let host_only = split_port(ingress_host).0;
        Target {
            http: ingress_host.to_string(),
            https: secure.map_or_else(|| format!("{host_only}:443"), str::to_string),
        }
    }
}

fn split_port(hostport: &str) -> (&str, Option<u16>) {
    if hostport.starts_with('[') {
        return match hostport.rsplit_once("]:") {
            Some((h, p)) => (&h[1..], p.parse().ok()),
            None => (hostport.trim_matches(['[', ']']), None),
        };
    }
    match hostport.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, p.parse().ok()),
        _ => (hostport, None),
    }
}

fn socket(hostport: &str, default_port: u16) -> Result<SocketAddr> {
    let (host, port) = split_port(hostport);
    (host, port.unwrap_or(default_port))
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve ingress address {hostport}"))?
        .next()
        .with_context(|| format!("no address for {hostport}"))
}

/// The request path that exercises a route, and whether it is a stand-in for a pattern.
fn example_path(path: &PathMatch) -> String {
    match path {
        PathMatch::Exact(p) => p.clone(),
        PathMatch::CharPrefix(p) | PathMatch::SegmentPrefix(p) => {
            let base = if p.ends_with('/') {
                p.clone()
            } else {
                format!("{p}/")
            };
            if base.ends_with("/status/") {
                format!("{base}200")
            } else if base.ends_with("/delay/") {
                format!("{base}1")
            } else {
                format!("{base}ingressctl-probe")
            }
        }
        PathMatch::Regex(r) => regex_example(r),
    }
}

/// A path under `reading` that httpbin answers with a 200 (`/get`, `/headers`), else the
/// usual example path.
fn answered_path(reading: &PathMatch) -> String {
    ["/get", "/headers", "/anything/ingressctl-probe"]
        .into_iter()
        .find(|probe| router_matches(reading, probe))
        .map_or_else(|| example_path(reading), str::to_string)
}

/// A path matching a simple regex: literal text kept, `[..]+` and `\d+` become `1` (`200`
/// after httpbin's `/status/`), `.*` empty.
fn regex_example(re: &str) -> String {
    let mut out = String::new();
    let mut chars = re.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
                out.push_str(if out.ends_with("/status/") {
                    "200"
                } else {
                    "1"
                });
                if matches!(chars.peek(), Some('+' | '*' | '?')) {
                    chars.next();
                }
            }
            '\\' => {
                chars.next();
                out.push('1');
                if matches!(chars.peek(), Some('+' | '*')) {
                    chars.next();
                }
            }
            '.' if chars.peek() == Some(&'*') => {
                chars.next();
            }
            '^' | '$' | '(' | ')' | '?' => {}
            '.' => out.push('x'),
            _ => out.push(c),
        }
    }
    out
}

fn url(scheme: &str, host: &str, path: &str) -> String {
    format!("{scheme}://{host}{path}")
}

struct Endpoint {
    scheme: &'static str,
    authority: String,
    connect_to: Option<SocketAddr>,
}

fn endpoint(target: &Target, tls: bool, rule_host: Option<&str>) -> Result<Endpoint> {
    let (scheme, listener, default_port) = if tls {
        ("https", &target.https, 443)
    } else {
        ("http", &target.http, 80)
    };
    Ok(match rule_host {
        None => Endpoint {
            scheme,
            authority: listener.clone(),
            connect_to: None,
        },
        Some(host) => {
            let addr = socket(listener, default_port)?;
            let host = host.replace("*.", "probe.");
            let authority = if addr.port() == default_port {
                host
            } else {
                format!("{host}:{}", addr.port())
            };
            Endpoint {
                scheme,
                authority,
                connect_to: Some(addr),
            }
        }
    })
}

fn check(name: String, e: &Endpoint, path: &str, expect: Expect) -> Check {
    Check {
        name,
        request: RequestSpec {
            method: "GET".into(),
            url: url(e.scheme, &e.authority, path),
            headers: Vec::new(),
            body: None,
            http2: false,
            connect_to: e.connect_to,
        },
        expect,
        retry: Retry::default(),
    }
}

/// Derives the checks for the snapshot's Ingresses (of its class) and the RouteRules that
/// apply at the ingress. With `nginx_annotations`, paths whose Ingress rewrites them or is a
/// canary get no reachability check of their own: [`nginx::derive`] probes them.
pub fn derive(snap: &Snapshot, target: &Target, nginx_annotations: bool) -> Result<Vec<Check>> {
    let mut checks = Vec::new();
    let mut exposed: Vec<(bool, PathMatch)> = Vec::new();
    for (_, ing) in snap.ingresses() {
        let tls = !ing.tls.is_empty();
        let probed_elsewhere = nginx_annotations && nginx::probes_paths_itself(ing);
        for (rule, p) in ing.paths() {
            let reading = paths::serve(p.path.as_deref(), p.path_type.as_deref());
            exposed.push((tls, reading.clone()));
            if probed_elsewhere {
                continue;
            }
            let example = answered_path(&reading);
            let e = endpoint(target, tls, rule.host.as_deref())?;
            let service = p.backend.service.as_deref().unwrap_or("?");
            checks.push(check(
                format!(
                    "{} exposes {} -> {service}",
                    ing.meta.name,
                    p.path.as_deref().unwrap_or("/")
                ),
                &e,
                &example,
                Expect {
                    status: vec![StatusExpect::Reachable],
                    ..Expect::default()
                },
            ));
        }
    }
    let has_default = snap.ingresses().any(|(_, i)| i.default_backend.is_some());
    let probe = ["/headers", "/ingressctl-not-exposed"]
        .into_iter()
        .find(|candidate| !exposed.iter().any(|(_, m)| router_matches(m, candidate)));
    if let (false, false, Some(probe)) = (exposed.is_empty(), has_default, probe) {
        let tls = exposed.iter().all(|(tls, _)| *tls);
        let e = endpoint(target, tls, None)?;
        checks.push(check(
            format!("{probe} is not exposed"),
            &e,
            probe,
            Expect {
                status: vec![StatusExpect::Code(403), StatusExpect::Code(404)],
                ..Expect::default()
            },
        ));
    }
    for (_, rule) in snap.route_rules() {
        if snap.identity().admits(rule) && only_uri_conditions(rule) {
            checks.extend(rule_checks(snap, rule, target)?);
        }
    }
    Ok(checks)
}

/// True when a rule's only request condition is `uri` (a derived request can satisfy it).
fn only_uri_conditions(rule: &RouteRule) -> bool {
    rule.spec
        .match_
        .as_ref()
        .and_then(|m| m.request.as_ref())
        .is_none_or(|r| r.headers.keys().all(|k| k == "uri"))
}

fn router_matches(m: &PathMatch, path: &str) -> bool {
    Matcher::compile(m).is_ok_and(|c| c.matches(path))
}

/// The Ingress (and rule host) exposing a rule's destination at `path`, when one does.
fn exposure<'a>(
    snap: &'a Snapshot,
    rule: &RouteRule,
    path: &str,
) -> Option<(&'a Ingress, Option<&'a str>)> {
    let (dest_ns, dest) = rule.destination_ref()?;
    snap.ingresses()
        .map(|(_, i)| i)
        .filter(move |i| i.namespace() == dest_ns)
        .find_map(|i| {
            i.paths()
                .find(|(_, p)| {
                    p.backend.service.as_deref() == Some(dest.as_str())
                        && router_matches(
                            &paths::serve(p.path.as_deref(), p.path_type.as_deref()),
                            path,
                        )
                })
                .map(|(r, _)| (i, r.host.as_deref()))
        })
}

fn rule_checks(snap: &Snapshot, rule: &RouteRule, target: &Target) -> Result<Vec<Check>> {
    let uri = rule
        .spec
        .match_
        .as_ref()
        .and_then(|m| m.request.as_ref())
        .and_then(|r| r.headers.get("uri"));
    let path = uri.and_then(|u| u.exact.clone().or_else(|| u.prefix.clone()));
    let mut out = Vec::new();
    if let (Some(redirect), Some(path)) = (&rule.spec.redirect, &path)
        && let Some((ing, host)) = exposure(snap, rule, path)
    {
        let e = endpoint(target, !ing.tls.is_empty(), host)?;
        let to_host = redirect
            .authority
            .clone()
            .unwrap_or_else(|| e.authority.clone());
        let to_path = redirect.uri.clone().unwrap_or_else(|| path.clone());
        out.push(check(
            format!("{} redirects {path}", rule.metadata.name),
            &e,
            path,
            Expect {
                redirect: Some(url(e.scheme, &to_host, &to_path)),
                ..Expect::default()
            },
        ));
    }
    let timeout = rule
        .spec
        .http_req_timeout
        .as_ref()
        .and_then(|t| t.simple_timeout.as_ref())
        .and_then(|s| s.timeout.as_deref())
        .and_then(|t| duration::parse(t).ok());
    if let (Some(timeout), Some(prefix)) = (timeout, uri.and_then(|u| u.prefix.as_deref()))
        && prefix.ends_with("/delay/")
        && timeout < Duration::from_secs(9)
    {
        let delay = (timeout.as_secs() + 6).min(10);
        let probe = format!("{prefix}{delay}");
        let Some((ing, host)) = exposure(snap, rule, &probe) else {
            return Ok(out);
        };
        let e = endpoint(target, !ing.tls.is_empty(), host)?;
        out.push(check(
            format!(
                "{} times out after {}",
                rule.metadata.name,
                duration::format(timeout)
            ),
            &e,
            &probe,
            Expect {
                status: vec![StatusExpect::Code(504)],
                max_time: Some(timeout + Duration::from_secs(1)),
                min_time: Some(timeout.mul_f64(0.875)),
                ..Expect::default()
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_paths_follow_httpbin_for_the_guide() {
        assert_eq!(
            example_path(&PathMatch::CharPrefix("/status/".into())),
            "/status/200"
        );
        assert_eq!(
            example_path(&PathMatch::SegmentPrefix("/delay".into())),
            "/delay/1"
        );
        assert_eq!(
            example_path(&PathMatch::Exact("/headers".into())),
            "/headers"
        );
        assert_eq!(
            example_path(&PathMatch::SegmentPrefix("/api".into())),
            "/api/ingressctl-probe"
        );
        assert_eq!(
            example_path(&PathMatch::Regex("/items/[0-9]+".into())),
            "/items/1"
        );
    }

    fn objects(yaml: &str) -> Snapshot {
        Snapshot::from_sources(
            &[crate::manifest::Source::from_text("t.yaml", yaml)],
            "istio",
            crate::manifest::routing::IngressIdentity::default(),
        )
    }

    #[test]
    fn no_refusal_check_when_everything_is_exposed() {
        let objs = objects(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: all, annotations: {kubernetes.io/ingress.class: istio}}\nspec:\n  ingressClassName: istio\n  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}}]\n",
        );
        let checks = derive(&objs, &Target::new("127.0.0.1:80", None), false).unwrap();
        assert_eq!(checks.len(), 1, "{checks:?}");
    }

    #[test]
    fn rules_for_other_sources_get_no_derived_check() {
        let objs = objects(
            "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i, annotations: {kubernetes.io/ingress.class: istio}}\nspec:\n  rules: [{http: {paths: [{path: /delay/.*, backend: {serviceName: httpbin, servicePort: 8000}}]}}]\n---\napiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: mesh-only}\nspec:\n  destination: {name: httpbin}\n  match: {source: {name: productpage}, request: {headers: {uri: {prefix: /delay/}}}}\n  httpReqTimeout: {simpleTimeout: {timeout: 4s}}\n",
        );
        let checks = derive(&objs, &Target::new("127.0.0.1:80", None), false).unwrap();
        assert!(
            checks.iter().all(|c| !c.name.contains("mesh-only")),
            "{checks:?}"
        );
    }

    #[test]
    fn hosts_with_and_without_ports_split() {
        assert_eq!(split_port("1.2.3.4:31486"), ("1.2.3.4", Some(31486)));
        assert_eq!(split_port("example.com"), ("example.com", None));
        assert_eq!(split_port("[::1]:80"), ("::1", Some(80)));
    }
}
