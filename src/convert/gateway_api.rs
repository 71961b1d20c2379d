//! To Gateway API `gateway.networking.k8s.io/v1`: a Gateway, an HTTPRoute per Ingress host
//! (route rules that applied at the ingress folded in), and an HTTPRoute per rule destination
//! for mesh traffic (GAMMA: parentRef is the Service). Spec reference section 5.5.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{Input, Options, Out, path_match, string_match, who};
use crate::manifest::model::{IstioService, RouteRule};
use crate::manifest::routing::IngressIdentity;

fn path_type(kind: &str) -> &'static str {
    match kind {
        "exact" => "Exact",
        "prefix" => "PathPrefix",
        _ => "RegularExpression",
    }
}

fn service_ref(
    svc: &IstioService,
    labels: &BTreeMap<String, String>,
    port: Option<i64>,
    me: &str,
    warnings: &mut Vec<String>,
) -> Value {
    let base = svc
        .name
        .clone()
        .or_else(|| {
            svc.service
                .as_ref()
                .and_then(|s| s.split('.').next().map(str::to_string))
        })
        .unwrap_or_default();
    let name = if labels.is_empty() {
        base.clone()
    } else {
        let suffix: Vec<&str> = labels.values().map(String::as_str).collect();
        // A Service name: a DNS label (`reviews-V2.Beta` is not one).
        let name = super::dns_name(&format!("{base}-{}", suffix.join("-")), 63);
        warnings.push(format!("{me}: version labels {labels:?} become backendRef {name}: Gateway API has no subsets; create a Service {name} selecting those labels"));
        name
    };
    let mut r = Map::new();
    r.insert("name".into(), json!(name));
    if let Some(ns) = &svc.namespace {
        r.insert("namespace".into(), json!(ns));
    }
    if let Some(p) = port {
        r.insert("port".into(), json!(p));
    }
    Value::Object(r)
}

/// `host[:port]` split, for Gateway API fields that take a hostname (and a separate port).
fn host_and_port(authority: &str) -> (&str, Option<u16>) {
    match authority.rsplit_once(':') {
        Some((host, port)) => match port.parse() {
            Ok(p) => (host, Some(p)),
            Err(_) => (authority, None),
        },
        None => (authority, None),
    }
}

/// A Go duration as Gateway API writes one (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`): `1.5s` is
/// `1500ms`, `90s` stays `90s`, `2h30m` stays; `None` when it cannot be (negative, too long).
fn gateway_duration(text: &str) -> Option<String> {
    let d = crate::manifest::duration::parse(text).ok()?;
    let mut ms = u64::try_from(d.as_millis()).ok()?;
    if ms == 0 {
        return Some("0s".into());
    }
    if ms % 1000 != 0 && ms <= 99_999 {
        return Some(format!("{ms}ms"));
    }
    let mut out = String::new();
    for (unit, size) in [("h", 3_600_000u64), ("m", 60_000), ("s", 1_000), ("ms", 1)] {
        let n = ms / size;
        if n > 0 {
            if n > 99_999 {
                return None;
            }
            out.push_str(&format!("{n}{unit}"));
            ms %= size;
        }
    }
    Some(out)
}

fn regex_escape_prefix(p: &str) -> String {
    format!("^{}.*", regex::escape(p))
}

/// The HTTPRoute rule of one RouteRule, with `uri` overriding its own path match.
fn route_rule(
    rule: &RouteRule,
    identity: &IngressIdentity,
    uri: Option<(String, String)>,
    port: Option<i64>,
    warnings: &mut Vec<String>,
) -> Value {
    let me = who("RouteRule", &rule.metadata.namespace, &rule.metadata.name);
    let s = &rule.spec;
    let mut m = Map::new();
    if let Some((k, v)) = uri {
        m.insert("path".into(), json!({"type": path_type(&k), "value": v}));
    }
    let mut headers = Vec::new();
    if let Some(req) = s.match_.as_ref().and_then(|m| m.request.as_ref()) {
        for (k, sm) in &req.headers {
            let Some((kind, v)) = string_match(sm) else {
                continue;
            };
            match (k.as_str(), kind) {
                ("uri", _) => {}
                ("method", "exact") => {
                    m.insert("method".into(), json!(v));
                }
                ("method", _) | ("scheme", _) | ("authority", _) => {
                    warnings.push(format!("{me}: match on {k} ({kind}) dropped: HTTPRoute matches have no equivalent (authority: use hostnames)"));
                }
                (_, "exact") => headers.push(json!({"type": "Exact", "name": k, "value": v})),
                (_, "prefix") => headers.push(json!({"type": "RegularExpression", "name": k, "value": regex_escape_prefix(&v)})),
                _ => headers.push(json!({"type": "RegularExpression", "name": k, "value": v})),
            }
        }
    }
    if !headers.is_empty() {
        m.insert("headers".into(), Value::Array(headers));
    }
    let mut out = Map::new();
    if !m.is_empty() {
        out.insert("matches".into(), json!([Value::Object(m)]));
    }
    let mut filters = Vec::new();
    if let Some(r) = &s.redirect {
        let mut red = Map::new();
        if let Some(u) = &r.uri {
            red.insert(
                "path".into(),
                json!({"type": "ReplaceFullPath", "replaceFullPath": u}),
            );
        }
        if let Some(a) = &r.authority {
            let (host, port) = host_and_port(a);
            red.insert("hostname".into(), json!(host));
            if let Some(p) = port {
                red.insert("port".into(), json!(p));
            }
        }
        red.insert("statusCode".into(), json!(302));
        filters.push(json!({"type": "RequestRedirect", "requestRedirect": red}));
    } else if let Some(dest) = &s.destination {
        let refs: Vec<Value> = if s.route.is_empty() {
            vec![service_ref(dest, &BTreeMap::new(), port, &me, warnings)]
        } else {
            s.route
                .iter()
                .map(|r| {
                    let mut v = service_ref(
                        r.destination.as_ref().unwrap_or(dest),
                        &r.labels,
                        port,
                        &me,
                        warnings,
                    );
                    if s.route.len() > 1
                        && let Some(w) = r.weight
                    {
                        v["weight"] = json!(w);
                    }
                    v
                })
                .collect()
        };
        out.insert("backendRefs".into(), Value::Array(refs));
    }
    if let Some(r) = &s.rewrite {
        let mut rw = Map::new();
        if let Some(u) = &r.uri {
            let prefix_matched = s
                .match_
                .as_ref()
                .and_then(|m| m.request.as_ref())
                .and_then(|r| r.headers.get("uri"))
                .is_some_and(|u| u.prefix.is_some());
            rw.insert(
                "path".into(),
                if prefix_matched {
                    json!({"type": "ReplacePrefixMatch", "replacePrefixMatch": u})
                } else {
                    json!({"type": "ReplaceFullPath", "replaceFullPath": u})
                },
            );
        }
        if let Some(a) = &r.authority {
            // URLRewrite has no port: the hostname alone is what the Host header can say.
            let (host, port) = host_and_port(a);
            if port.is_some() {
                warnings.push(format!("{me}: rewrite.authority {a}: the port is dropped (URLRewrite takes a hostname only)"));
            }
            rw.insert("hostname".into(), json!(host));
        }
        filters.push(json!({"type": "URLRewrite", "urlRewrite": rw}));
    }
    if !s.append_headers.is_empty() {
        let add: Vec<Value> = s
            .append_headers
            .iter()
            .map(|(k, v)| json!({"name": k, "value": v}))
            .collect();
        filters
            .push(json!({"type": "RequestHeaderModifier", "requestHeaderModifier": {"add": add}}));
    }
    if let Some(m) = &s.mirror {
        filters.push(json!({"type": "RequestMirror", "requestMirror": {"backendRef": service_ref(m, &m.labels, port, &me, warnings)}}));
    }
    if let Some(c) = &s.cors_policy {
        let mut cors = Map::new();
        if !c.allow_origin.is_empty() {
            cors.insert("allowOrigins".into(), json!(c.allow_origin));
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
        if let Some(secs) = c
            .max_age
            .as_deref()
            .and_then(|m| crate::manifest::duration::parse(m).ok())
        {
            cors.insert("maxAge".into(), json!(secs.as_secs()));
        }
        if let Some(b) = c.allow_credentials {
            cors.insert("allowCredentials".into(), json!(b));
        }
        filters.push(json!({"type": "CORS", "cors": cors}));
    }
    if !filters.is_empty() {
        out.insert("filters".into(), Value::Array(filters));
    }
    if let Some(t) = s
        .http_req_timeout
        .as_ref()
        .and_then(|t| t.simple_timeout.as_ref())
        .and_then(|t| t.timeout.as_ref())
    {
        match gateway_duration(t) {
            Some(d) => {
                out.insert("timeouts".into(), json!({"request": d}));
            }
            None => warnings.push(format!(
                "{me}: timeout {t:?} cannot be written as a Gateway API duration; dropped"
            )),
        }
    }
    if let Some(r) = s
        .http_req_retries
        .as_ref()
        .and_then(|r| r.simple_retry.as_ref())
    {
        out.insert(
            "retry".into(),
            json!({"attempts": r.attempts.unwrap_or(0), "codes": [500, 502, 503, 504]}),
        );
        if let Some(per_try) = r.per_try_timeout.as_deref() {
            let request = out
                .get("timeouts")
                .and_then(|t| t.get("request"))
                .and_then(Value::as_str)
                .and_then(|d| crate::manifest::duration::parse(d).ok());
            let per_try_ms = crate::manifest::duration::parse(per_try).ok();
            match (gateway_duration(per_try), per_try_ms, request) {
                // CEL: backendRequest may not be longer than request.
                (Some(_), Some(p), Some(r)) if p > r => warnings.push(format!(
                    "{me}: perTryTimeout {per_try} is longer than the timeout: dropped (Gateway API refuses it)"
                )),
                (Some(d), _, _) => {
                    let mut t = out.get("timeouts").cloned().unwrap_or_else(|| json!({}));
                    t["backendRequest"] = json!(d);
                    out.insert("timeouts".into(), t);
                }
                (None, _, _) => warnings.push(format!(
                    "{me}: perTryTimeout {per_try:?} cannot be written as a Gateway API duration; dropped"
                )),
            }
        }
    }
    for (present, field) in [
        (s.http_fault.is_some(), "httpFault"),
        (s.websocket_upgrade == Some(true), "websocketUpgrade"),
        (s.precedence.is_some(), "precedence"),
        (s.l4_fault.is_some(), "l4Fault"),
    ] {
        if present {
            warnings.push(format!("{me}: {field} dropped: Gateway API has no equivalent (precedence: rules are ordered by specificity)"));
        }
    }
    if s.match_.as_ref().and_then(|m| m.source.as_ref()).is_some() && !identity.admits(rule) {
        warnings.push(format!(
            "{me}: match.source dropped: HTTPRoute cannot match on the calling service"
        ));
    }
    Value::Object(out)
}

/// Converts to Gateway API.
pub(super) fn convert(input: &Input<'_>, opts: &Options, out: &mut Out<'_>) {
    let mut route_names = std::collections::HashSet::new();
    let identity = input.identity;
    if !input.ingresses.is_empty() {
        let mut listeners = vec![
            json!({"name": "http", "port": 80, "protocol": "HTTP", "allowedRoutes": {"namespaces": {"from": "All"}}}),
        ];
        let secrets: Vec<String> = input
            .ingresses
            .iter()
            .flat_map(|i| i.tls.iter().filter_map(|t| t.secret_name.clone()))
            .collect();
        if !secrets.is_empty() {
            let refs: Vec<Value> = secrets.iter().map(|s| json!({"name": s})).collect();
            listeners.push(json!({"name": "https", "port": 443, "protocol": "HTTPS", "tls": {"mode": "Terminate", "certificateRefs": refs}, "allowedRoutes": {"namespaces": {"from": "All"}}}));
        }
        out.documents.push(json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "Gateway",
            "metadata": {"name": opts.gateway, "namespace": opts.gateway_namespace},
            "spec": {"gatewayClassName": "istio", "listeners": listeners},
        }));
    }
    for ing in &input.ingresses {
        let mut by_host: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (rule_host, p) in ing.paths() {
            let host = rule_host.host.clone().unwrap_or_else(|| "*".into());
            let (Some(service), Some(port)) = (&p.backend.service, &p.backend.port) else {
                continue;
            };
            let number = input.port_number(ing.namespace(), service, port);
            let (kind, value) = path_match(p.path.as_deref(), p.path_type.as_deref());
            let rules = by_host.entry(host).or_default();
            for (rule, uri) in super::folded(
                &input.rules,
                identity,
                ing.namespace(),
                service,
                (kind, &value),
            ) {
                rules.push(route_rule(
                    rule,
                    identity,
                    Some(uri),
                    number,
                    &mut out.warnings,
                ));
            }
            let mut backend = Map::new();
            backend.insert("name".into(), json!(service));
            if let Some(n) = number {
                backend.insert("port".into(), json!(n));
            }
            rules.push(json!({"matches": [{"path": {"type": path_type(kind), "value": value}}], "backendRefs": [backend]}));
        }
        if let Some(b) = &ing.default_backend
            && let (Some(service), Some(port)) = (&b.service, &b.port)
        {
            let mut backend = Map::new();
            backend.insert("name".into(), json!(service));
            if let Some(n) = input.port_number(ing.namespace(), service, port) {
                backend.insert("port".into(), json!(n));
            }
            by_host
                .entry("*".into())
                .or_default()
                .push(json!({"backendRefs": [backend]}));
        }
        for (host, rules) in by_host {
            let mut spec = Map::new();
            spec.insert(
                "parentRefs".into(),
                json!([{"name": opts.gateway, "namespace": opts.gateway_namespace}]),
            );
            if host != "*" {
                spec.insert("hostnames".into(), json!([host]));
            }
            spec.insert("rules".into(), Value::Array(rules));
            let mut name = if host == "*" {
                ing.meta.name.clone()
            } else {
                super::dns_name(
                    &format!(
                        "{}-{}",
                        ing.meta.name,
                        host.replace("*.", "wildcard-").replace('.', "-")
                    ),
                    253,
                )
            };
            // Ingress `a` with host `b.c` and Ingress `a-b` with host `c` clean to one name:
            // the second one named from its raw parts, which `dns_name` hashes.
            if !route_names.insert((ing.namespace().to_string(), name.clone())) {
                name = super::dns_name(&format!("{}.{host}", ing.meta.name), 253);
                route_names.insert((ing.namespace().to_string(), name.clone()));
            }
            out.documents.push(json!({
                "apiVersion": "gateway.networking.k8s.io/v1",
                "kind": "HTTPRoute",
                "metadata": {"name": name, "namespace": ing.namespace()},
                "spec": spec,
            }));
        }
    }
    let mut mesh: BTreeMap<(String, String), Vec<Value>> = BTreeMap::new();
    for rule in &input.rules {
        let only_ingress = super::only_at_ingress(rule, identity);
        let Some((dns, dest)) = rule.destination_ref() else {
            continue;
        };
        if only_ingress {
            continue;
        }
        let uri = super::rule_uri(rule).map(|(k, v)| (k.to_string(), v));
        // A mesh route's backendRefs need a port (CEL: "Must have port for Service reference").
        let port = input.service_port(&dns, &dest);
        if port.is_none() {
            out.warnings.push(format!(
                "{}: no Service manifest for {dns}/{dest}: its mesh HTTPRoute has no backend port, which the API server rejects; give the Service with -f",
                who("RouteRule", &rule.metadata.namespace, &rule.metadata.name)
            ));
        }
        mesh.entry((dns, dest)).or_default().push(route_rule(
            rule,
            identity,
            uri,
            port,
            &mut out.warnings,
        ));
    }
    for ((dns, dest), rules) in mesh {
        out.documents.push(json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": {"name": format!("{dest}-mesh"), "namespace": dns},
            "spec": {"parentRefs": [{"group": "", "kind": "Service", "name": dest}], "rules": rules},
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::gateway_duration;

    #[test]
    fn durations_follow_the_gateway_api_pattern() {
        for (go, want) in [
            ("1.5s", Some("1500ms")),
            ("4s", Some("4s")),
            ("90s", Some("1m30s")),
            ("2h30m", Some("2h30m")),
            ("250ms", Some("250ms")),
            ("0s", Some("0s")),
        ] {
            assert_eq!(gateway_duration(go).as_deref(), want, "{go}");
        }
        assert_eq!(gateway_duration("-1s"), None);
    }
}
