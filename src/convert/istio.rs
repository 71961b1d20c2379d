//! To `networking.istio.io/v1`: a Gateway for the ingress, a VirtualService per Ingress host
//! (with the route rules that applied at the ingress folded in, path-combined as the era's
//! pilot did), a mesh VirtualService per rule destination, and DestinationRules whose subsets
//! carry the version labels.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{Input, Options, Out, ns, string_match, subset_name, who};
use crate::manifest::model::{IstioService, RouteRule};
use crate::manifest::paths::{self, PathMatch};
use crate::manifest::routing::IngressIdentity;

fn fqdn(svc: &IstioService, rule_ns: &str, domain: &str) -> String {
    match &svc.service {
        Some(s) => s.clone(),
        None => format!(
            "{}.{}.svc.{}",
            svc.name.as_deref().unwrap_or_default(),
            svc.namespace.as_deref().unwrap_or(rule_ns),
            svc.domain.as_deref().map_or(domain.to_string(), |d| d
                .trim_start_matches("svc.")
                .to_string())
        ),
    }
}

fn string_match_json(kind: &str, value: &str) -> Value {
    json!({ kind: value })
}

/// The `uri` StringMatches a path match takes: a Kubernetes `Prefix` is element-wise, so
/// `/foo` is `exact: /foo` or `prefix: /foo/` (an Istio `prefix` alone would match `/foobar`).
fn uri_matches(path: &PathMatch) -> Vec<Value> {
    match path {
        PathMatch::Exact(p) => vec![string_match_json("exact", p)],
        PathMatch::CharPrefix(p) => vec![string_match_json("prefix", p)],
        PathMatch::SegmentPrefix(p) => match p.trim_end_matches('/') {
            "" => vec![string_match_json("prefix", "/")],
            base => vec![
                string_match_json("exact", base),
                string_match_json("prefix", &format!("{base}/")),
            ],
        },
        PathMatch::Regex(r) => vec![string_match_json("regex", r)],
    }
}

/// One `match` entry per uri StringMatch of `uri`, each with the other conditions of `base`.
fn with_uri(base: Map<String, Value>, uri: Option<&PathMatch>) -> Vec<Value> {
    match uri {
        None if base.is_empty() => Vec::new(),
        None => vec![Value::Object(base)],
        Some(path) => uri_matches(path)
            .into_iter()
            .map(|u| {
                let mut m = base.clone();
                m.insert("uri".into(), u);
                Value::Object(m)
            })
            .collect(),
    }
}

/// `{uri, authority}` with the fields that are set (redirects and rewrites share the shape).
fn uri_and_authority(uri: &Option<String>, authority: &Option<String>) -> Value {
    let mut m = Map::new();
    if let Some(u) = uri {
        m.insert("uri".into(), json!(u));
    }
    if let Some(a) = authority {
        m.insert("authority".into(), json!(a));
    }
    Value::Object(m)
}

/// The HTTPRoute of one RouteRule; `uri` overrides the rule's own uri match.
fn http_route(
    rule: &RouteRule,
    identity: &IngressIdentity,
    opts: &Options,
    uri: Option<PathMatch>,
    port: Option<i64>,
    gateway: Option<&str>,
    warnings: &mut Vec<String>,
) -> Value {
    let rns = ns(&rule.metadata.namespace);
    let me = who("RouteRule", &rule.metadata.namespace, &rule.metadata.name);
    let s = &rule.spec;
    let mut route = Map::new();
    route.insert("name".into(), json!(rule.metadata.name));
    let mut m = Map::new();
    if let Some(req) = s.match_.as_ref().and_then(|m| m.request.as_ref()) {
        let mut headers = Map::new();
        for (k, sm) in &req.headers {
            let Some((kind, v)) = string_match(sm) else {
                continue;
            };
            // Istio refuses an empty prefix: for a header it means "present", for the rest
            // "anything".
            let empty_prefix = kind == "prefix" && v.is_empty();
            match k.as_str() {
                "uri" => {}
                "scheme" | "method" | "authority" if empty_prefix => {}
                "scheme" | "method" | "authority" => {
                    m.insert(k.clone(), string_match_json(kind, &v));
                }
                _ if empty_prefix => {
                    headers.insert(k.clone(), string_match_json("regex", ".*"));
                }
                _ => {
                    headers.insert(k.clone(), string_match_json(kind, &v));
                }
            }
        }
        if !headers.is_empty() {
            m.insert("headers".into(), Value::Object(headers));
        }
    }
    if let Some(g) = gateway {
        m.insert("gateways".into(), json!([g]));
    }
    if let Some(mc) = &s.match_ {
        if let Some(src) = &mc.source {
            let ingress = identity.admits(rule);
            if !ingress {
                if src.labels.is_empty() {
                    warnings.push(format!("{me}: match.source {} dropped: VirtualService matches by source labels only", src.name.clone().unwrap_or_default()));
                } else {
                    m.insert("sourceLabels".into(), json!(src.labels));
                    warnings.push(format!(
                        "{me}: match.source name dropped, its labels kept as sourceLabels"
                    ));
                }
            }
        }
        if mc.tcp.is_some() || mc.udp.is_some() {
            warnings.push(format!("{me}: match.tcp/udp dropped: no HTTP equivalent"));
        }
    }
    let matches = with_uri(m, uri.as_ref());
    if !matches.is_empty() {
        route.insert("match".into(), Value::Array(matches));
    }
    let dest_host = s
        .destination
        .as_ref()
        .map(|d| fqdn(d, &rns, &opts.cluster_domain))
        .unwrap_or_default();
    if let Some(r) = &s.redirect {
        // A RouteRule redirect is a 302 (and serve answers 302); Istio's default would be 301.
        let mut redirect = uri_and_authority(&r.uri, &r.authority);
        redirect["redirectCode"] = json!(302);
        route.insert("redirect".into(), redirect);
    } else {
        let mut dests = Vec::new();
        let entries: Vec<_> = if s.route.is_empty() {
            vec![None]
        } else {
            s.route.iter().map(Some).collect()
        };
        for r in entries {
            let host = r
                .and_then(|r| r.destination.as_ref())
                .map_or(dest_host.clone(), |d| fqdn(d, &rns, &opts.cluster_domain));
            let mut d = Map::new();
            d.insert("host".into(), json!(host));
            if let Some(r) = r
                && !r.labels.is_empty()
            {
                d.insert("subset".into(), json!(subset_name(&r.labels)));
            }
            if let Some(p) = port {
                d.insert("port".into(), json!({"number": p}));
            }
            let mut entry = Map::new();
            entry.insert("destination".into(), Value::Object(d));
            if let Some(w) = r.and_then(|r| r.weight).filter(|_| s.route.len() > 1) {
                entry.insert("weight".into(), json!(w));
            }
            dests.push(Value::Object(entry));
        }
        route.insert("route".into(), Value::Array(dests));
    }
    if let Some(r) = &s.rewrite {
        route.insert("rewrite".into(), uri_and_authority(&r.uri, &r.authority));
    }
    if let Some(t) = s
        .http_req_timeout
        .as_ref()
        .and_then(|t| t.simple_timeout.as_ref())
        .and_then(|t| t.timeout.as_ref())
    {
        route.insert("timeout".into(), json!(t));
    }
    if let Some(r) = s
        .http_req_retries
        .as_ref()
        .and_then(|r| r.simple_retry.as_ref())
    {
        let mut rt = Map::new();
        rt.insert("attempts".into(), json!(r.attempts.unwrap_or(0)));
        if let Some(p) = &r.per_try_timeout {
            rt.insert("perTryTimeout".into(), json!(p));
        }
        rt.insert(
            "retryOn".into(),
            json!("5xx,connect-failure,refused-stream"),
        );
        route.insert("retries".into(), Value::Object(rt));
    }
    if let Some(f) = &s.http_fault {
        let mut fault = Map::new();
        if let Some(d) = &f.delay {
            let mut delay = Map::new();
            if let Some(p) = d.percent {
                delay.insert("percentage".into(), json!({"value": p}));
            }
            if let Some(fd) = &d.fixed_delay {
                delay.insert("fixedDelay".into(), json!(fd));
            }
            // Without a fixed delay there is no delay left: no `delay` at all, rather than one
            // with a percentage and nothing to wait.
            if d.fixed_delay.is_some() {
                fault.insert("delay".into(), Value::Object(delay));
            }
        }
        if let Some(a) = &f.abort {
            let mut abort = Map::new();
            if let Some(p) = a.percent {
                abort.insert("percentage".into(), json!({"value": p}));
            }
            if let Some(st) = a.http_status {
                abort.insert("httpStatus".into(), json!(st));
            }
            fault.insert("abort".into(), Value::Object(abort));
        }
        if !fault.is_empty() {
            route.insert("fault".into(), Value::Object(fault));
        }
    }
    if let Some(m) = &s.mirror {
        let mut mirror = Map::new();
        mirror.insert("host".into(), json!(fqdn(m, &rns, &opts.cluster_domain)));
        if !m.labels.is_empty() {
            mirror.insert("subset".into(), json!(subset_name(&m.labels)));
        }
        route.insert("mirror".into(), Value::Object(mirror));
    }
    if let Some(c) = &s.cors_policy {
        let mut cors = Map::new();
        if !c.allow_origin.is_empty() {
            cors.insert(
                "allowOrigins".into(),
                json!(
                    c.allow_origin
                        .iter()
                        .map(|o| json!({"exact": o}))
                        .collect::<Vec<_>>()
                ),
            );
        }
        for (k, v) in [
            ("allowMethods", &c.allow_methods),
            ("allowHeaders", &c.allow_headers),
            ("exposeHeaders", &c.expose_headers),
        ] {
            if !v.is_empty() {
                cors.insert(k.into(), json!(v));
            }
        }
        if let Some(m) = &c.max_age {
            cors.insert("maxAge".into(), json!(m));
        }
        if let Some(b) = c.allow_credentials {
            cors.insert("allowCredentials".into(), json!(b));
        }
        route.insert("corsPolicy".into(), Value::Object(cors));
    }
    if !s.append_headers.is_empty() {
        route.insert(
            "headers".into(),
            json!({"request": {"add": s.append_headers}}),
        );
    }
    if s.websocket_upgrade == Some(true) {
        warnings.push(format!("{me}: websocketUpgrade dropped: networking.istio.io/v1 routes accept WebSocket upgrades by default"));
    }
    if s.l4_fault.is_some() {
        warnings.push(format!(
            "{me}: l4Fault dropped: never implemented, no equivalent"
        ));
    }
    Value::Object(route)
}

/// A route whose rule rewrites its own `uri` prefix, under a narrower match (an Ingress path):
/// Envoy replaces the whole matched prefix (or exact path), serve the rule's own prefix, so
/// the rewrite target is made longer by what the match adds (`/api/` → `/internal/` under
/// exact `/api/v1/status` is `/internal/v1/status`), one route per match when they differ.
fn rewrite_per_match(mut route: Value, rule: &RouteRule) -> Vec<Value> {
    let Some(to) = route["rewrite"]["uri"].as_str().map(str::to_string) else {
        return vec![route];
    };
    let Some(own) = rule.uri_match().and_then(|m| m.prefix.as_deref()) else {
        // serve replaces the whole path; Envoy a prefix match's prefix: say the whole path.
        let all_exact = route["match"]
            .as_array()
            .is_some_and(|ms| ms.iter().all(|m| m["uri"].get("exact").is_some()));
        if !all_exact && let Some(rewrite) = route["rewrite"].as_object_mut() {
            rewrite.remove("uri");
            rewrite.insert(
                "uriRegexRewrite".into(),
                json!({"match": "^.*$", "rewrite": to}),
            );
        }
        return vec![route];
    };
    let target = |m: &Value| {
        let matched = m["uri"]["exact"].as_str().or(m["uri"]["prefix"].as_str())?;
        matched.strip_prefix(own).map(|rest| format!("{to}{rest}"))
    };
    let matches = route["match"].as_array().cloned().unwrap_or_default();
    let targets: Vec<Option<String>> = matches.iter().map(target).collect();
    if targets
        .iter()
        .all(|t| t.as_deref() == Some(to.as_str()) || t.is_none())
    {
        return vec![route];
    }
    matches
        .into_iter()
        .zip(targets)
        .map(|(m, t)| {
            let mut one = route.clone();
            one["match"] = json!([m]);
            if let Some(t) = t {
                one["rewrite"]["uri"] = json!(t);
            }
            one
        })
        .collect()
}

fn sanitize(host: &str) -> String {
    host.replace("*.", "wildcard-").replace(['.', '*'], "-")
}

/// Longer paths first, then an exact path before a prefix of the same length, then an Ingress
/// without `tls` before one with it (on port 80 the former wins, as in serve).
type PathOrder = (std::cmp::Reverse<usize>, u8, u8);

/// The routes of one host across every Ingress, in the order the Ingress semantics give
/// them (longer paths first, an exact path before a prefix of the same length, Ingresses in
/// load order); the default backends come after them.
#[derive(Default)]
struct HostRoutes {
    /// (sort key, routes: the folded RouteRules then the path's own route). Kept as JSON text
    /// until the host's VirtualService is written: a JSON tree per route, for every host at
    /// once, took 100 MB at 20,000 paths; the text takes 5. Text written by `Value`'s own
    /// serialiser reads back to the same value (floats too: serde_json's `float_roundtrip`).
    paths: Vec<(PathOrder, String)>,
    /// The namespaces of the contributing Ingresses.
    namespaces: std::collections::BTreeSet<String>,
}

/// The routes of one path, from the JSON text [`HostRoutes`] keeps. It was written by
/// `Value`'s own serialiser and always reads back; were it ever not to, the loss is said.
fn routes_of(text: &str, host: &str, warnings: &mut Vec<String>) -> Vec<Value> {
    match serde_json::from_str(text) {
        Ok(Value::Array(routes)) => routes,
        _ => {
            warnings.push(format!(
                "internal error: routes of a path of host {host} could not be read back and are missing from its VirtualService"
            ));
            Vec::new()
        }
    }
}

/// Restricts a route to the listener its Ingress is served on, as serve does: an Ingress
/// without `tls` on port 80 only (`Some(80)`); one with `tls` on both (`None`: unchanged).
fn on_port(mut route: Value, port: Option<u16>) -> Value {
    let Some(port) = port else {
        return route;
    };
    match route.get_mut("match").and_then(Value::as_array_mut) {
        Some(matches) => {
            for m in matches {
                if let Some(m) = m.as_object_mut() {
                    m.insert("port".into(), json!(port));
                }
            }
        }
        None => {
            if let Some(r) = route.as_object_mut() {
                r.insert("match".into(), json!([{"port": port}]));
            }
        }
    }
    route
}

fn destination(service: &str, namespace: &str, number: Option<i64>, opts: &Options) -> Value {
    let mut dest = Map::new();
    dest.insert(
        "host".into(),
        json!(format!("{service}.{namespace}.svc.{}", opts.cluster_domain)),
    );
    if let Some(n) = number {
        dest.insert("port".into(), json!({"number": n}));
    }
    Value::Object(dest)
}

/// Converts to Istio networking APIs.
pub(super) fn convert(input: &Input<'_>, opts: &Options, out: &mut Out<'_>) {
    let gateway_ref = format!("{}/{}", opts.gateway_namespace, opts.gateway);
    let identity = input.identity;
    if !input.ingresses.is_empty() {
        let gw = gateway(input, opts, &mut out.warnings);
        out.documents.push(gw);
    }
    let mut applied = std::collections::HashSet::new();
    let mut hosts: BTreeMap<String, HostRoutes> = BTreeMap::new();
    let mut defaults: Vec<Value> = Vec::new();
    for ing in &input.ingresses {
        let port = ing.tls.is_empty().then_some(80);
        for (pi, (rule, p)) in ing.paths().enumerate() {
            let host = rule.host.clone().unwrap_or_else(|| "*".into());
            let (Some(service), Some(backend_port)) = (&p.backend.service, &p.backend.port) else {
                continue;
            };
            let number = input.port_number(ing.namespace(), service, backend_port);
            if number.is_none() {
                out.warnings.push(format!("{}: backend port {backend_port} of {service}: named port without a Service manifest, port left out", who("Ingress", &ing.meta.namespace, &ing.meta.name)));
            }
            let path = paths::serve(p.path.as_deref(), p.path_type.as_deref());
            let mut routes = Vec::new();
            let at = super::FoldAt {
                namespace: ing.namespace(),
                service,
                host: &host,
            };
            for (rule, uri) in super::folded(&input.rules, identity, &at, &path, &mut out.warnings)
            {
                let route = http_route(
                    rule,
                    identity,
                    opts,
                    Some(uri),
                    number,
                    None,
                    &mut out.warnings,
                );
                for route in rewrite_per_match(route, rule) {
                    routes.push(on_port(route, port));
                }
                applied.insert(rule.metadata.name.clone());
            }
            routes.push(on_port(
                json!({
                    "name": format!("{}-{pi}", ing.meta.name),
                    "match": with_uri(Map::new(), Some(&path)),
                    "route": [{"destination": destination(service, ing.namespace(), number, opts)}],
                }),
                port,
            ));
            let (text, exact) = match &path {
                PathMatch::Exact(p) => (p, true),
                PathMatch::CharPrefix(p) | PathMatch::SegmentPrefix(p) | PathMatch::Regex(p) => {
                    (p, false)
                }
            };
            let key = (
                std::cmp::Reverse(text.len()),
                u8::from(!exact),
                u8::from(port.is_none()),
            );
            let entry = hosts.entry(host).or_default();
            entry.paths.push((key, Value::Array(routes).to_string()));
            entry.namespaces.insert(ing.namespace().to_string());
        }
        if let Some(b) = &ing.default_backend
            && let (Some(service), Some(backend_port)) = (&b.service, &b.port)
        {
            let number = input.port_number(ing.namespace(), service, backend_port);
            let fallback = on_port(
                json!({"name": format!("{}-default", ing.meta.name),
                       "route": [{"destination": destination(service, ing.namespace(), number, opts)}]}),
                port,
            );
            // Requests that match no rule fall back to it, on every host and on any other
            // host: serve's default backend is the listener's, not the Ingress's.
            if !defaults.contains(&fallback) {
                defaults.push(fallback);
            }
            hosts
                .entry("*".into())
                .or_default()
                .namespaces
                .insert(ing.namespace().to_string());
        }
    }
    // On port 80 the default of an Ingress without tls comes before a TLS one's (as serve).
    defaults.sort_by_key(|d| d["match"][0].get("port").is_none());
    let mut names = super::Names::default();
    for (host, mut routes) in hosts {
        routes.paths.sort_by_key(|(key, _)| *key);
        let http: Vec<Value> = routes
            .paths
            .into_iter()
            .flat_map(|(_, text)| routes_of(&text, &host, &mut out.warnings))
            .chain(defaults.iter().cloned())
            .collect();
        // One namespace among the Ingresses: theirs; several: the gateway's.
        let namespace = match routes.namespaces.len() {
            1 => routes.namespaces.into_iter().next().unwrap_or_default(),
            _ => opts.gateway_namespace.clone(),
        };
        let preferred = if host == "*" {
            "ingress-wildcard".to_string()
        } else {
            super::dns_name(&format!("ingress-{}", sanitize(&host)), 253)
        };
        // `foo.bar.com` and `foo-bar.com` (or `wildcard` and `*`) clean to one name: the
        // second one is named from its raw host, with its hash.
        let name = names.claim("", preferred, &format!("ingress-{host}"));
        out.documents.push(json!({
            "apiVersion": "networking.istio.io/v1",
            "kind": "VirtualService",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"hosts": [host], "gateways": [gateway_ref], "http": http},
        }));
    }
    for rule in &input.rules {
        let only_ingress = super::only_at_ingress(rule, identity);
        if only_ingress && !applied.contains(&rule.metadata.name) {
            out.warnings.push(format!(
                "{}: dropped: no Ingress path to its destination admits its uri and authority matches (the guide's Note 2)",
                who("RouteRule", &rule.metadata.namespace, &rule.metadata.name)
            ));
        }
    }
    mesh_services(input, opts, identity, out);
    destination_rules(input, opts, out);
}

/// The Gateway: port 80 for every host, and a port 443 server per certificate with the hosts
/// its Ingresses' `tls` give it (SNI picks the certificate). A certificate is read from the
/// namespace the ingress gateway runs in: a warning says which Secrets to copy there.
fn gateway(input: &Input<'_>, opts: &Options, warnings: &mut Vec<String>) -> Value {
    let mut servers =
        vec![json!({"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["*"]})];
    let mut by_secret: Vec<(String, Vec<String>)> = Vec::new();
    let mut host_secret: BTreeMap<String, String> = BTreeMap::new();
    for ing in &input.ingresses {
        let me = who("Ingress", &ing.meta.namespace, &ing.meta.name);
        for tls in &ing.tls {
            // The guide's Istio mounted one Secret, istio-ingress-certs, for every host.
            let secret = tls
                .secret_name
                .clone()
                .unwrap_or_else(|| "istio-ingress-certs".into());
            if tls.secret_name.is_some() && ing.namespace() != opts.gateway_namespace {
                warnings.push(format!("{me}: Secret {}/{secret} must be copied to {}: the ingress gateway reads credentialName from its own namespace", ing.namespace(), opts.gateway_namespace));
            }
            let hosts = if tls.hosts.is_empty() {
                vec!["*".to_string()]
            } else {
                tls.hosts.clone()
            };
            for host in hosts {
                if let Some(first) = host_secret.get(&host) {
                    if *first != secret {
                        warnings.push(format!("{me}: tls host {host} already has certificate {first}; {secret} is not used for it"));
                    }
                    continue;
                }
                host_secret.insert(host.clone(), secret.clone());
                match by_secret.iter_mut().find(|(s, _)| *s == secret) {
                    Some((_, list)) => list.push(host),
                    None => by_secret.push((secret.clone(), vec![host])),
                }
            }
        }
    }
    for (secret, hosts) in by_secret {
        servers.push(json!({
            "port": {"number": 443, "name": super::dns_name(&format!("https-{secret}"), 63), "protocol": "HTTPS"},
            "hosts": hosts,
            "tls": {"mode": "SIMPLE", "credentialName": secret},
        }));
    }
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "Gateway",
        "metadata": {"name": opts.gateway, "namespace": opts.gateway_namespace},
        "spec": {"selector": {"istio": "ingressgateway"}, "servers": servers},
    })
}

fn mesh_services(input: &Input<'_>, opts: &Options, identity: &IngressIdentity, out: &mut Out<'_>) {
    let mut by_dest: BTreeMap<(String, String), Vec<Value>> = BTreeMap::new();
    for rule in &input.rules {
        let only_ingress = super::only_at_ingress(rule, identity);
        if only_ingress {
            continue;
        }
        let rns = ns(&rule.metadata.namespace);
        let Some(dest) = &rule.spec.destination else {
            continue;
        };
        let host = fqdn(dest, &rns, &opts.cluster_domain);
        let route = http_route(
            rule,
            identity,
            opts,
            super::rule_path(rule),
            None,
            None,
            &mut out.warnings,
        );
        let route = rewrite_per_match(route, rule)
            .into_iter()
            .next()
            .unwrap_or_default();
        by_dest.entry((rns, host)).or_default().push(route);
    }
    let mut names = super::Names::default();
    for ((rns, host), http) in by_dest {
        // `reviews.shop` and `reviews.prod` routed from rules of one namespace: two names.
        let short = host.split('.').next().unwrap_or("rules").to_string();
        let name = names.claim(&rns, super::dns_name(&short, 253), &host);
        out.documents.push(json!({
            "apiVersion": "networking.istio.io/v1",
            "kind": "VirtualService",
            "metadata": {"name": name, "namespace": rns},
            "spec": {"hosts": [host], "http": http},
        }));
    }
}

fn destination_rules(input: &Input<'_>, opts: &Options, out: &mut Out<'_>) {
    let mut subsets: BTreeMap<(String, String), BTreeMap<String, BTreeMap<String, String>>> =
        BTreeMap::new();
    for rule in &input.rules {
        let rns = ns(&rule.metadata.namespace);
        let Some(dest) = &rule.spec.destination else {
            continue;
        };
        for r in &rule.spec.route {
            if r.labels.is_empty() {
                continue;
            }
            let target = r.destination.as_ref().unwrap_or(dest);
            let host = fqdn(target, &rns, &opts.cluster_domain);
            let dns = target.namespace.clone().unwrap_or_else(|| rns.clone());
            subsets
                .entry((dns, host))
                .or_default()
                .insert(subset_name(&r.labels), r.labels.clone());
        }
        if let Some(m) = rule.spec.mirror.as_ref().filter(|m| !m.labels.is_empty()) {
            let host = fqdn(m, &rns, &opts.cluster_domain);
            let dns = m.namespace.clone().unwrap_or_else(|| rns.clone());
            subsets
                .entry((dns, host))
                .or_default()
                .insert(subset_name(&m.labels), m.labels.clone());
        }
    }
    let mut names = super::Names::default();
    for ((dns, host), sets) in subsets {
        let short = host.split('.').next().unwrap_or("subsets").to_string();
        let name = names.claim(&dns, super::dns_name(&short, 253), &host);
        let list: Vec<Value> = sets
            .into_iter()
            .map(|(n, l)| json!({"name": n, "labels": l}))
            .collect();
        out.documents.push(json!({
            "apiVersion": "networking.istio.io/v1",
            "kind": "DestinationRule",
            "metadata": {"name": name, "namespace": dns},
            "spec": {"host": host, "subsets": list},
        }));
    }
}

/// Problems in a conversion's output: VirtualService destinations whose subset no
/// DestinationRule defines (one line each).
pub fn unresolved_subsets(documents: &[Value]) -> Vec<String> {
    let mut defined = std::collections::HashSet::new();
    for d in documents.iter().filter(|d| d["kind"] == "DestinationRule") {
        for s in d["spec"]["subsets"].as_array().into_iter().flatten() {
            defined.insert((
                d["spec"]["host"].as_str().unwrap_or("").to_string(),
                s["name"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    let mut problems = Vec::new();
    for vs in documents.iter().filter(|d| d["kind"] == "VirtualService") {
        for route in vs["spec"]["http"].as_array().into_iter().flatten() {
            let dests = route["route"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| &r["destination"])
                .chain(std::iter::once(&route["mirror"]));
            for d in dests {
                if let (Some(host), Some(subset)) = (d["host"].as_str(), d["subset"].as_str())
                    && !defined.contains(&(host.to_string(), subset.to_string()))
                {
                    problems.push(format!(
                        "{}: {host} subset {subset} has no DestinationRule",
                        vs["metadata"]["name"]
                    ));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_read_back_from_their_text_exactly() {
        // A fault percentage with 17 significant digits: without float_roundtrip, serde_json's
        // parser rounds twice and can land one step off.
        let routes = vec![json!({
            "name": "web-0",
            "fault": {"delay": {"percentage": {"value": 94.52706955539223}, "fixedDelay": "5s"}},
            "route": [{"destination": {"host": "web.default.svc.cluster.local", "port": {"number": 80}}}],
        })];
        let text = Value::Array(routes.clone()).to_string();
        let mut warnings = Vec::new();
        assert_eq!(routes_of(&text, "example.com", &mut warnings), routes);
        assert!(warnings.is_empty());
        assert!(routes_of("not json", "example.com", &mut warnings).is_empty());
        assert_eq!(warnings.len(), 1, "a loss is said: {warnings:?}");
    }
}
