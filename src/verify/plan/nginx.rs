//! Checks derived from ingress-nginx annotations, runnable against any ingress (the old
//! controller or the new one): the backend sees the rewritten path and the Host and headers
//! asked for (httpbin's `/anything` and `/headers` echo them), plain HTTP is redirected to
//! HTTPS, redirects and app-root answer as configured, a canary takes its header, cookie and
//! weight, a CORS preflight answers as configured, and a timeout holds.

use std::time::Duration;

use anyhow::Result;

use super::{Endpoint, Target, answered_path, check, endpoint, example_path, router_matches, url};
use crate::manifest::nginx::carry::{https_redirect, is_canary, prefix_rewrite};
use crate::manifest::nginx::{parse_bool, value};
use crate::manifest::paths::{self, PathMatch};
use crate::manifest::snapshot::Snapshot;
use crate::manifest::{HostRule, Ingress, IngressPath};
use crate::verify::{Check, Expect, HeaderExpect, Marked, Share, StatusExpect, TextMatch};

/// Requests a canary weight is measured over.
const SHARE_REQUESTS: u32 = 200;

/// ingress-nginx's CORS defaults, as far as a preflight shows them.
const CORS_DEFAULT_METHOD: &str = "GET";
const CORS_DEFAULT_MAX_AGE: &str = "1728000";

/// The checks for the annotations of the snapshot's Ingresses (taken as they are in the
/// files: not carried). `marker` tells a canary's answers apart; without it the canary
/// checks are left out and `notes` says so, as it says of anything else not checked.
pub fn derive(
    snap: &Snapshot,
    target: &Target,
    marker: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<Vec<Check>> {
    let ingresses: Vec<&Ingress> = snap.ingresses().map(|(_, i)| i).collect();
    let mut checks = Vec::new();
    for ing in &ingresses {
        if is_canary(ing) {
            canary_checks(ing, &ingresses, target, marker, notes, &mut checks)?;
        } else {
            main_checks(ing, target, notes, &mut checks)?;
        }
    }
    Ok(checks)
}

/// True when the annotation checks probe this Ingress's paths themselves: a canary (its
/// paths are the main Ingress's) or one that rewrites its paths (what the backend answers
/// depends on the rewrite).
pub fn probes_paths_itself(ing: &Ingress) -> bool {
    is_canary(ing) || value(&ing.meta.annotations, "rewrite-target").is_some()
}

fn main_checks(
    ing: &Ingress,
    target: &Target,
    notes: &mut Vec<String>,
    out: &mut Vec<Check>,
) -> Result<()> {
    let a = &ing.meta.annotations;
    let tls = !ing.tls.is_empty();
    for (rule, p) in ing.paths() {
        let e = endpoint(target, tls, rule.host.as_deref())?;
        let example = example_path(&paths::serve(p.path.as_deref(), p.path_type.as_deref()));
        let label = format!("{} {}", ing.meta.name, p.path.as_deref().unwrap_or("/"));
        if let Some(echo) = echo_path(ing, p) {
            backend_sees(ing, &label, &e, &echo, out);
        } else if has_backend_asks(ing) {
            notes.push(format!("{label}: what the backend sees is not checked: no request reaches httpbin's /anything or /headers through this path"));
        }
        if https_redirect(ing) == Some(true) {
            let plain = endpoint(target, false, rule.host.as_deref())?;
            let to = url("https", &e.authority, &example);
            out.push(check(
                format!("{label} redirects plain HTTP to HTTPS"),
                &plain,
                &example,
                redirect_to(to),
            ));
        }
        if let Some(to) = value(a, "permanent-redirect").or_else(|| value(a, "temporal-redirect")) {
            out.push(check(
                format!("{label} redirects to {to}"),
                &e,
                &example,
                redirect_to(to.to_string()),
            ));
        }
        if value(a, "enable-cors").and_then(parse_bool) == Some(true) {
            out.push(preflight(ing, &label, &e, &example));
        }
        timeout(ing, &label, &e, p, notes, out);
    }
    if let Some(root) = value(a, "app-root") {
        let rule = ing.rules.first();
        let e = endpoint(target, tls, rule.and_then(|r| r.host.as_deref()))?;
        let to = url(e.scheme, &e.authority, root);
        out.push(check(
            format!("{} app-root redirects / to {root}", ing.meta.name),
            &e,
            "/",
            redirect_to(to),
        ));
    }
    Ok(())
}

fn redirect_to(url: String) -> Expect {
    Expect {
        redirect: Some(url),
        ..Expect::default()
    }
}

fn has_backend_asks(ing: &Ingress) -> bool {
    ["rewrite-target", "upstream-vhost", "x-forwarded-prefix"]
        .iter()
        .any(|n| value(&ing.meta.annotations, n).is_some())
}

/// A request through this path that httpbin answers with an echo, and the path it should
/// echo: through a prefix rewrite onto `/anything/...`, or `/anything/...` or `/headers`
/// reached as they are.
fn echo_path(ing: &Ingress, p: &IngressPath) -> Option<Echo> {
    let text = p.path.as_deref().unwrap_or("/");
    if let Some(target) = value(&ing.meta.annotations, "rewrite-target") {
        let (_, prefix, m) = prefix_rewrite(text, target)?;
        let rest = if m.starts_with("/anything") {
            "ingressctl-probe"
        } else if m == "/" {
            "anything/ingressctl-probe"
        } else {
            return None;
        };
        return Some(Echo {
            request: format!("{prefix}{rest}"),
            seen: format!("{m}{rest}"),
        });
    }
    let reading = paths::serve(Some(text), p.path_type.as_deref());
    ["/anything/ingressctl-probe", "/headers"]
        .into_iter()
        .find(|probe| router_matches(&reading, probe) && !matches!(reading, PathMatch::Regex(_)))
        .map(|probe| Echo {
            request: probe.to_string(),
            seen: probe.to_string(),
        })
}

/// A request and the path the backend must report.
struct Echo {
    request: String,
    seen: String,
}

fn backend_sees(ing: &Ingress, label: &str, e: &Endpoint, echo: &Echo, out: &mut Vec<Check>) {
    let a = &ing.meta.annotations;
    let mut wants = Vec::new();
    if value(a, "rewrite-target").is_some() {
        wants.push((
            format!("the backend sees {}", echo.seen),
            format!("{}\"", echo.seen),
        ));
    }
    if let Some(host) = value(a, "upstream-vhost") {
        wants.push((
            format!("the backend sees Host {host}"),
            format!("\"Host\": \"{host}\""),
        ));
    }
    if let Some(prefix) = value(a, "x-forwarded-prefix") {
        wants.push((
            format!("the backend sees X-Forwarded-Prefix {prefix}"),
            format!("\"X-Forwarded-Prefix\": \"{prefix}\""),
        ));
    }
    for (what, body) in wants {
        out.push(check(
            format!("{label}: {what}"),
            e,
            &echo.request,
            Expect {
                status: vec![StatusExpect::Code(200)],
                body: Some(TextMatch::Text(body)),
                ..Expect::default()
            },
        ));
    }
}

/// A CORS preflight from an allowed origin for an allowed method.
fn preflight(ing: &Ingress, label: &str, e: &Endpoint, path: &str) -> Check {
    let a = &ing.meta.annotations;
    let allowed = value(a, "cors-allow-origin").unwrap_or("*");
    let origin = allowed
        .split(',')
        .map(str::trim)
        .find(|o| *o != "*" && !o.is_empty())
        .unwrap_or("https://ingressctl.example")
        .to_string();
    let method = value(a, "cors-allow-methods")
        .and_then(|m| m.split(',').map(str::trim).find(|m| !m.is_empty()))
        .unwrap_or(CORS_DEFAULT_METHOD)
        .to_ascii_uppercase();
    let max_age = value(a, "cors-max-age").unwrap_or(CORS_DEFAULT_MAX_AGE);
    let header = |name: &str, m: Option<TextMatch>| HeaderExpect {
        name: name.into(),
        value: m,
    };
    let origin_answer = regex::Regex::new(&format!("^(\\*|{})$", regex::escape(&origin)));
    let method_answer =
        regex::Regex::new(&format!("(?i)(^|[ ,]){}($|[ ,])", regex::escape(&method)));
    let mut c = check(
        format!("{label} answers a CORS preflight from {origin}"),
        e,
        path,
        Expect {
            headers: vec![
                header(
                    "access-control-allow-origin",
                    origin_answer.ok().map(TextMatch::Regex),
                ),
                header(
                    "access-control-allow-methods",
                    method_answer.ok().map(TextMatch::Regex),
                ),
                header(
                    "access-control-max-age",
                    Some(TextMatch::Text(max_age.to_string())),
                ),
            ],
            ..Expect::default()
        },
    );
    c.request.method = "OPTIONS".into();
    c.request.headers = vec![
        ("Origin".into(), origin),
        ("Access-Control-Request-Method".into(), method),
    ];
    c
}

/// `proxy-read-timeout` T below 9 s, through a path that reaches httpbin's `/delay/N`.
fn timeout(
    ing: &Ingress,
    label: &str,
    e: &Endpoint,
    p: &IngressPath,
    notes: &mut Vec<String>,
    out: &mut Vec<Check>,
) {
    let Some(seconds) =
        value(&ing.meta.annotations, "proxy-read-timeout").and_then(|t| t.parse::<u64>().ok())
    else {
        return;
    };
    let probe = format!("/delay/{}", (seconds + 3).min(10));
    let reading = paths::serve(p.path.as_deref(), p.path_type.as_deref());
    if seconds >= 9
        || !router_matches(&reading, &probe)
        || value(&ing.meta.annotations, "rewrite-target").is_some()
    {
        notes.push(format!("{label}: proxy-read-timeout {seconds}s is not checked: it needs httpbin's /delay/N (N up to 10) reached through this path"));
        return;
    }
    let limit = Duration::from_secs(seconds);
    out.push(check(
        format!("{label} times out after {seconds}s"),
        e,
        &probe,
        Expect {
            status: vec![StatusExpect::Code(504)],
            max_time: Some(limit + Duration::from_millis(1500)),
            min_time: Some(limit.mul_f64(0.875)),
            ..Expect::default()
        },
    ));
}

/// A path under `reading` whose httpbin answer echoes nothing of the request (`/status/200`),
/// so a marker found in it is the canary's own; else one httpbin answers.
fn quiet_path(reading: &PathMatch) -> String {
    if router_matches(reading, "/status/200") {
        return "/status/200".into();
    }
    answered_path(reading)
}

/// The main Ingress path a canary path stands beside.
fn main_path<'a>(
    canary: &Ingress,
    rule: &HostRule,
    p: &IngressPath,
    ingresses: &[&'a Ingress],
) -> Option<&'a Ingress> {
    ingresses.iter().copied().find(|m| {
        !is_canary(m)
            && m.namespace() == canary.namespace()
            && m.paths()
                .any(|(r, q)| r.host == rule.host && q.path == p.path)
    })
}

fn canary_checks(
    canary: &Ingress,
    ingresses: &[&Ingress],
    target: &Target,
    marker: Option<&str>,
    notes: &mut Vec<String>,
    out: &mut Vec<Check>,
) -> Result<()> {
    let Some(marker) = marker else {
        notes.push(format!("canary Ingress {} is not checked: give --canary-marker TEXT, text only the canary's answers carry (in the body or a header value)", canary.meta.name));
        return Ok(());
    };
    let a = &canary.meta.annotations;
    for (rule, p) in canary.paths() {
        let Some(main) = main_path(canary, rule, p, ingresses) else {
            continue;
        };
        let e = endpoint(target, !main.tls.is_empty(), rule.host.as_deref())?;
        let example = quiet_path(&paths::serve(p.path.as_deref(), p.path_type.as_deref()));
        let label = format!("{} {}", canary.meta.name, p.path.as_deref().unwrap_or("/"));
        let marked = |present| Expect {
            marked: Some(Marked {
                text: marker.to_string(),
                present,
            }),
            ..Expect::default()
        };
        let with = |name: &str, value: &str, present: bool, what: &str| {
            let mut c = check(format!("{label}: {what}"), &e, &example, marked(present));
            c.request
                .headers
                .push((name.to_string(), value.to_string()));
            c
        };
        if let Some(header) = value(a, "canary-by-header") {
            match value(a, "canary-by-header-value") {
                Some(v) => out.push(with(
                    header,
                    v,
                    true,
                    &format!("{header}: {v} reaches the canary"),
                )),
                None if value(a, "canary-by-header-pattern").is_some() => {
                    notes.push(format!("{label}: canary-by-header-pattern is not checked (no value is derived from a pattern)"));
                }
                None => {
                    out.push(with(
                        header,
                        "always",
                        true,
                        &format!("{header}: always reaches the canary"),
                    ));
                    out.push(with(
                        header,
                        "never",
                        false,
                        &format!("{header}: never stays off the canary"),
                    ));
                }
            }
        }
        if let Some(cookie) = value(a, "canary-by-cookie") {
            out.push(with(
                "Cookie",
                &format!("{cookie}=always"),
                true,
                &format!("cookie {cookie}=always reaches the canary"),
            ));
            out.push(with(
                "Cookie",
                &format!("{cookie}=never"),
                false,
                &format!("cookie {cookie}=never stays off the canary"),
            ));
        }
        if let Some(weight) = value(a, "canary-weight").and_then(|w| w.parse::<f64>().ok()) {
            let total = value(a, "canary-weight-total")
                .and_then(|t| t.parse::<f64>().ok())
                .unwrap_or(100.0);
            let percent = (weight.min(total) * 100.0 / total.max(1.0)).clamp(0.0, 100.0);
            out.push(check(
                format!("{label}: {percent:.0}% of requests reach the canary"),
                &e,
                &example,
                Expect {
                    share: Some(Share::of(percent, SHARE_REQUESTS, marker)),
                    ..Expect::default()
                },
            ));
        }
    }
    Ok(())
}
