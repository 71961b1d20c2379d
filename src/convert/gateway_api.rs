//! To Gateway API `gateway.networking.k8s.io/v1`: a Gateway, an HTTPRoute per Ingress host
//! (route rules that applied at the ingress folded in), and an HTTPRoute per rule destination
//! for mesh traffic (GAMMA: parentRef is the Service). Spec reference section 5.5.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{Channel, Input, Options, Out, string_match, who};
use crate::manifest::model::{HTTP_METHODS as METHODS, IstioService, RouteRule};
use crate::manifest::paths::{self, PathMatch};

/// The HTTPRoute path match for a path match. A Kubernetes `Prefix` is a `PathPrefix` (both
/// element-wise); a character prefix (the guide's `/x/.*`, a RouteRule `prefix`) has no exact
/// equivalent: ending in `/` it becomes a `PathPrefix` (which also matches the path without
/// the `/`), otherwise a regular expression (which implementations rank after every prefix).
fn http_path(path: &PathMatch, me: &str, warnings: &mut Vec<String>) -> Value {
    if let PathMatch::Exact(p) | PathMatch::SegmentPrefix(p) | PathMatch::CharPrefix(p) = path
        && !literal_path_allowed(p)
    {
        let regex = match path {
            PathMatch::Exact(_) => regex::escape(p),
            PathMatch::SegmentPrefix(_) => {
                format!("{}(/.*)?", regex::escape(p.trim_end_matches('/')))
            }
            _ => format!("{}.*", regex::escape(p)),
        };
        warnings.push(format!("{me}: path {p:?} becomes RegularExpression {regex}: Gateway API refuses it as an Exact or PathPrefix value (//, /./, /../, %2F, # or characters outside RFC 3986); Istio ranks regular expressions after every prefix"));
        return json!({"type": "RegularExpression", "value": regex});
    }
    match path {
        PathMatch::Exact(p) => json!({"type": "Exact", "value": p}),
        PathMatch::SegmentPrefix(p) => json!({"type": "PathPrefix", "value": p}),
        PathMatch::CharPrefix(p) if p == "/" => json!({"type": "PathPrefix", "value": p}),
        PathMatch::CharPrefix(p) if p.ends_with('/') => {
            warnings.push(format!("{me}: character prefix {p} becomes PathPrefix {p}, which also matches {} (Gateway API prefixes are element-wise)", p.trim_end_matches('/')));
            json!({"type": "PathPrefix", "value": p})
        }
        PathMatch::CharPrefix(p) => {
            let regex = format!("{}.*", regex::escape(p));
            warnings.push(format!("{me}: character prefix {p} becomes RegularExpression {regex} (Gateway API prefixes are element-wise; Istio ranks regular expressions after every prefix)"));
            json!({"type": "RegularExpression", "value": regex})
        }
        PathMatch::Regex(r) => json!({"type": "RegularExpression", "value": r}),
    }
}

/// True when Gateway API takes `p` as an `Exact` or `PathPrefix` value (its CEL rules).
fn literal_path_allowed(p: &str) -> bool {
    static ALLOWED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let allowed = ALLOWED.get_or_init(|| {
        regex::Regex::new(r"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$")
            .expect("valid pattern")
    });
    p.starts_with('/')
        && !["//", "/./", "/../", "%2f", "%2F", "#"]
            .iter()
            .any(|bad| p.contains(bad))
        && !p.ends_with("/..")
        && !p.ends_with("/.")
        && allowed.is_match(p)
}

/// The methods a RouteRule `method` match admits, as HTTPRoute methods (methods are
/// case-sensitive, RFC 9110 section 9.1: `get` admits none); `None` when it cannot be said
/// (an extension method, an invalid regex).
fn methods(kind: &str, value: &str) -> Option<Vec<&'static str>> {
    match kind {
        "exact" if value.chars().all(|c| c.is_ascii_uppercase()) && !METHODS.contains(&value) => {
            None
        }
        "exact" => Some(METHODS.iter().copied().filter(|m| *m == value).collect()),
        "prefix" => Some(
            METHODS
                .iter()
                .copied()
                .filter(|m| m.starts_with(value))
                .collect(),
        ),
        _ => {
            let re = regex::Regex::new(&format!("^(?:{value})$")).ok()?;
            Some(METHODS.iter().copied().filter(|m| re.is_match(m)).collect())
        }
    }
}

/// Where a backendRef is written from: the namespace its Service is in when the rule does not
/// say (the rule's), and the HTTPRoute's (a reference elsewhere names its namespace).
#[derive(Clone, Copy)]
struct Scope<'a> {
    rule_ns: &'a str,
    route_ns: &'a str,
}

/// The name of the Service a RouteRule destination names.
fn service_name(svc: &IstioService) -> String {
    svc.name
        .clone()
        .or_else(|| {
            svc.service
                .as_ref()
                .and_then(|s| s.split('.').next().map(str::to_string))
        })
        .unwrap_or_default()
}

/// A Service backendRef: the version labels become a Service per version (Gateway API has no
/// subsets). `Err` with the Service's name when its port is unknown: the API server refuses a
/// Service reference without one.
fn service_ref(
    svc: &IstioService,
    labels: &BTreeMap<String, String>,
    port: Option<i64>,
    scope: Scope<'_>,
    me: &str,
    warnings: &mut Vec<String>,
) -> Result<Value, String> {
    let base = service_name(svc);
    let Some(port) = port else {
        return Err(base);
    };
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
    let namespace = svc.namespace.as_deref().unwrap_or(scope.rule_ns);
    if namespace != scope.route_ns {
        r.insert("namespace".into(), json!(namespace));
        warnings.push(format!("{me}: backendRef {namespace}/{name} is in another namespace than its HTTPRoute ({}): a ReferenceGrant in {namespace} must allow it", scope.route_ns));
    }
    r.insert("port".into(), json!(port));
    Ok(Value::Object(r))
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
/// `1500ms`, `90s` stays `90s`, `2h30m` stays, `1500us` is `2ms`; `None` when it cannot be
/// (negative, too long).
fn gateway_duration(text: &str) -> Option<String> {
    let d = crate::manifest::duration::parse(text).ok()?;
    // Gateway API counts whole milliseconds: a finer duration is rounded up (and said).
    let mut ms = u64::try_from(d.as_nanos().div_ceil(1_000_000)).ok()?;
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

/// Says so when a duration finer than a millisecond was rounded up.
fn warn_if_rounded(text: &str, me: &str, warnings: &mut Vec<String>) {
    if crate::manifest::duration::parse(text).is_ok_and(|d| d.subsec_nanos() % 1_000_000 != 0) {
        warnings.push(format!(
            "{me}: duration {text} rounded up to whole milliseconds (Gateway API durations)"
        ));
    }
}

fn regex_escape_prefix(p: &str) -> String {
    format!("^{}.*", regex::escape(p))
}

/// What a rule is converted against: the input (for Service ports), the options and the
/// warnings.
struct Ctx<'a, 'i, 'w> {
    input: &'a Input<'i>,
    opts: &'a Options,
    warnings: &'w mut Vec<String>,
    /// The namespace of the HTTPRoute being written.
    route_ns: String,
    /// The rules folded under some Ingress path so far (`namespace/name`).
    folded: std::collections::HashSet<String>,
}

/// The `matches` of one RouteRule under `uri` (its own `uri`, or the paths it shares with an
/// Ingress path): one per method when it matches on several; `None` when it admits no request
/// a match can name (a lower-case method), with a warning.
fn rule_matches(
    rule: &RouteRule,
    uri: Option<&PathMatch>,
    me: &str,
    warnings: &mut Vec<String>,
) -> Option<Vec<Value>> {
    let mut m = Map::new();
    if let Some(path) = uri {
        m.insert("path".into(), http_path(path, me, warnings));
    }
    let mut headers = Vec::new();
    let mut methods_admitted = None;
    if let Some(req) = rule.spec.match_.as_ref().and_then(|m| m.request.as_ref()) {
        for (k, sm) in &req.headers {
            let Some((kind, v)) = string_match(sm) else {
                continue;
            };
            match (k.as_str(), kind) {
                ("uri", _) => {}
                ("method", _) => match methods(kind, &v) {
                    Some(list) if list.is_empty() => {
                        warnings.push(format!("{me}: not converted: its method match ({kind} {v:?}) admits no request (methods are case-sensitive) and Gateway API cannot write it"));
                        return None;
                    }
                    Some(list) => {
                        if kind != "exact" {
                            warnings.push(format!("{me}: method match {kind} {v:?} written as the methods {list:?}: an extension method it would also match is not"));
                        }
                        methods_admitted = Some(list)
                    }
                    None => {
                        warnings.push(format!("{me}: not converted: its method match ({kind} {v:?}) names no method an HTTPRoute can match"));
                        return None;
                    }
                },
                ("scheme", _) | ("authority", _) => {
                    warnings.push(format!("{me}: match on {k} ({kind}) dropped: HTTPRoute matches have no equivalent (authority: the route's hostnames; the rule is written only under the hosts its authority admits)"));
                }
                // A header value is at least one character: the empty one as a regex.
                (_, "exact") if v.is_empty() => headers.push(json!({"type": "RegularExpression", "name": k, "value": "^$"})),
                (_, "exact") => headers.push(json!({"type": "Exact", "name": k, "value": v})),
                (_, "prefix") => headers.push(json!({"type": "RegularExpression", "name": k, "value": regex_escape_prefix(&v)})),
                _ => headers.push(json!({"type": "RegularExpression", "name": k, "value": v})),
            }
        }
    }
    if !headers.is_empty() {
        m.insert("headers".into(), Value::Array(headers));
    }
    Some(match methods_admitted {
        None if m.is_empty() => Vec::new(),
        None => vec![Value::Object(m)],
        Some(list) => list
            .into_iter()
            .map(|method| {
                let mut one = m.clone();
                one.insert("method".into(), json!(method));
                Value::Object(one)
            })
            .collect(),
    })
}

/// The backendRefs of a rule that forwards; `None` (with a warning) when a port is unknown.
/// `port` is the port of the rule's own destination (the Ingress backend's, or its Service's).
fn backend_refs(
    ctx: &mut Ctx<'_, '_, '_>,
    rule: &RouteRule,
    dest: &IstioService,
    port: Option<i64>,
    me: &str,
) -> Option<Vec<Value>> {
    let s = &rule.spec;
    let rns = super::ns(&rule.metadata.namespace);
    let route_ns = ctx.route_ns.clone();
    let scope = Scope {
        rule_ns: &rns,
        route_ns: &route_ns,
    };
    let namespace_of = |svc: &IstioService| svc.namespace.clone().unwrap_or_else(|| rns.clone());
    let same = |svc: &IstioService| {
        service_name(svc) == service_name(dest) && namespace_of(svc) == namespace_of(dest)
    };
    let entries: Vec<(&IstioService, BTreeMap<String, String>, Option<i32>)> = if s.route.is_empty()
    {
        vec![(dest, BTreeMap::new(), None)]
    } else {
        s.route
            .iter()
            .map(|r| {
                (
                    r.destination.as_ref().unwrap_or(dest),
                    r.labels.clone(),
                    r.weight,
                )
            })
            .collect()
    };
    let mut refs = Vec::new();
    for (svc, labels, weight) in entries {
        // Another Service is reached on the port the request came for, as Istio's RouteRule
        // routes did (its cluster was built for the original port); its own manifest wins.
        let p = if same(svc) {
            port
        } else {
            ctx.input
                .service_port(&namespace_of(svc), &service_name(svc))
                .or(port)
        };
        let mut v = match service_ref(svc, &labels, p, scope, me, ctx.warnings) {
            Ok(v) => v,
            Err(name) => {
                ctx.warnings.push(format!("{me}: not converted: the port of Service {name} is unknown (give its Service manifest with -f), and the API server refuses a Service backendRef without one"));
                return None;
            }
        };
        // In a split an entry without a weight gets none of the traffic (RouteRule, Istio);
        // a Gateway API backendRef's weight defaults to 1.
        if s.route.len() > 1 {
            v["weight"] = json!(weight.unwrap_or(0));
        }
        refs.push(v);
    }
    Some(refs)
}

/// The URLRewrite path of a rule's `rewrite.uri` under `uri`, as serve rewrites: the rule's
/// own `uri` prefix replaced, else the whole path. `None` when Gateway API cannot say it.
fn rewrite_path(rule: &RouteRule, uri: Option<&PathMatch>, to: &str) -> Option<Value> {
    let own_prefix = rule.uri_match().and_then(|m| m.prefix.as_deref());
    let full = |p: String| Some(json!({"type": "ReplaceFullPath", "replaceFullPath": p}));
    match (own_prefix, uri) {
        (None, _) => full(to.to_string()),
        (Some(prefix), Some(PathMatch::Exact(p))) => full(format!(
            "{to}{}",
            p.strip_prefix(prefix).unwrap_or_default()
        )),
        // ReplacePrefixMatch replaces the matched PathPrefix, serve the rule's own prefix: the
        // target grows by what the match adds to it (when the match is written as a PathPrefix).
        (Some(prefix), Some(PathMatch::SegmentPrefix(p))) => {
            let rest = p.trim_end_matches('/').strip_prefix(prefix)?;
            Some(json!({"type": "ReplacePrefixMatch", "replacePrefixMatch": format!("{to}{rest}")}))
        }
        (Some(prefix), Some(PathMatch::CharPrefix(p))) if p == "/" || p.ends_with('/') => {
            let rest = p.strip_prefix(prefix)?;
            Some(json!({"type": "ReplacePrefixMatch", "replacePrefixMatch": format!("{to}{rest}")}))
        }
        _ => None,
    }
}

/// The HTTPRoute rule of one RouteRule, under `uri` (its own `uri`, or the paths it shares
/// with an Ingress path); `None` when it cannot be converted (said in a warning).
fn route_rule(
    ctx: &mut Ctx<'_, '_, '_>,
    rule: &RouteRule,
    uri: Option<PathMatch>,
    port: Option<i64>,
) -> Option<Value> {
    let me = who("RouteRule", &rule.metadata.namespace, &rule.metadata.name);
    let identity = ctx.input.identity;
    let s = &rule.spec;
    let mut out = Map::new();
    let matches = rule_matches(rule, uri.as_ref(), &me, ctx.warnings)?;
    if !matches.is_empty() {
        out.insert("matches".into(), Value::Array(matches));
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
            red.insert("hostname".into(), json!(host.to_ascii_lowercase()));
            if let Some(p) = port {
                red.insert("port".into(), json!(p));
            }
        }
        red.insert("statusCode".into(), json!(302));
        filters.push(json!({"type": "RequestRedirect", "requestRedirect": red}));
    } else if let Some(dest) = &s.destination {
        let refs = backend_refs(ctx, rule, dest, port, &me)?;
        out.insert("backendRefs".into(), Value::Array(refs));
    }
    if let Some(r) = &s.rewrite {
        let mut rw = Map::new();
        if let Some(u) = &r.uri {
            let Some(path) = rewrite_path(rule, uri.as_ref(), u) else {
                ctx.warnings.push(format!("{me}: not converted: its rewrite of the uri prefix cannot be written for this path match (URLRewrite replaces a PathPrefix match only)"));
                return None;
            };
            rw.insert("path".into(), path);
        }
        if let Some(a) = &r.authority {
            // URLRewrite has no port: the hostname alone is what the Host header can say.
            let (host, port) = host_and_port(a);
            if port.is_some() {
                ctx.warnings.push(format!("{me}: rewrite.authority {a}: the port is dropped (URLRewrite takes a hostname only)"));
            }
            rw.insert("hostname".into(), json!(host.to_ascii_lowercase()));
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
        let rns = super::ns(&rule.metadata.namespace);
        let mirror_port = ctx.input.service_port(
            m.namespace.as_deref().unwrap_or(&rns),
            m.name.as_deref().unwrap_or_default(),
        );
        let route_ns = ctx.route_ns.clone();
        let scope = Scope {
            rule_ns: &rns,
            route_ns: &route_ns,
        };
        match service_ref(m, &m.labels, mirror_port, scope, &me, ctx.warnings) {
            Ok(r) => filters
                .push(json!({"type": "RequestMirror", "requestMirror": {"backendRef": r}})),
            Err(name) => ctx.warnings.push(format!(
                "{me}: mirror dropped: the port of Service {name} is unknown (give its Service manifest with -f)"
            )),
        }
    }
    if let Some(c) = &s.cors_policy {
        filters.push(json!({"type": "CORS", "cors": cors(c, &me, ctx.warnings)}));
    }
    if !filters.is_empty() {
        out.insert("filters".into(), Value::Array(filters));
    }
    timeouts_and_retries(ctx, rule, &me, &mut out);
    for (present, field) in [
        (s.http_fault.is_some(), "httpFault"),
        (s.precedence.is_some(), "precedence"),
        (s.l4_fault.is_some(), "l4Fault"),
    ] {
        if present {
            ctx.warnings.push(format!("{me}: {field} dropped: Gateway API has no equivalent (precedence: rules are ordered by specificity)"));
        }
    }
    if s.websocket_upgrade == Some(true) {
        ctx.warnings.push(format!(
            "{me}: websocketUpgrade dropped: Gateway API routes pass WebSocket upgrades by default"
        ));
    }
    if s.match_
        .as_ref()
        .is_some_and(|m| m.tcp.is_some() || m.udp.is_some())
    {
        ctx.warnings
            .push(format!("{me}: match.tcp/udp dropped: no HTTP equivalent"));
    }
    if s.match_.as_ref().and_then(|m| m.source.as_ref()).is_some() && !identity.admits(rule) {
        ctx.warnings.push(format!(
            "{me}: match.source dropped: HTTPRoute cannot match on the calling service"
        ));
    }
    Some(Value::Object(out))
}

/// An origin as Gateway API's CORS filter takes one: `*`, or `http(s)://host[:port]`.
fn valid_origin(origin: &str) -> bool {
    static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    PATTERN
        .get_or_init(|| {
            regex::Regex::new(
                r"^https?://(((\*\.)?([a-zA-Z0-9\-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$",
            )
            .expect("valid pattern")
        })
        .is_match(origin)
        || origin == "*"
}

/// A list with `*` in it is `*` alone (CEL refuses `*` among others, and `*` admits them all);
/// each entry once (the lists are sets).
fn star_alone(list: &[String]) -> Vec<String> {
    if list.iter().any(|v| v == "*") {
        return vec!["*".to_string()];
    }
    let mut once: Vec<String> = Vec::new();
    for v in list {
        if !once.contains(v) {
            once.push(v.clone());
        }
    }
    once
}

/// True for an HTTP header name (an RFC 9110 token), as Gateway API's HTTPHeaderName.
fn header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// The CORS filter of a RouteRule's `corsPolicy`. Origins without a scheme never equal a
/// browser's `Origin` header and the API server refuses them: dropped, with a warning.
fn cors(c: &crate::manifest::model::CorsPolicy, me: &str, warnings: &mut Vec<String>) -> Value {
    let mut cors = Map::new();
    let (origins, invalid): (Vec<String>, Vec<String>) = c
        .allow_origin
        .iter()
        .cloned()
        .partition(|o| valid_origin(o));
    if !invalid.is_empty() {
        warnings.push(format!("{me}: corsPolicy.allowOrigin {invalid:?} dropped: an origin is scheme://host[:port] (a browser's Origin header always has the scheme)"));
    }
    if origins.iter().any(|o| o == "*") && origins.len() > 1 {
        warnings.push(format!(
            "{me}: corsPolicy.allowOrigin: * admits every origin; the others are left out (Gateway API refuses * among others)"
        ));
    }
    if !origins.is_empty() {
        cors.insert("allowOrigins".into(), json!(star_alone(&origins)));
    }
    if !c.allow_methods.is_empty() {
        cors.insert("allowMethods".into(), json!(star_alone(&c.allow_methods)));
    }
    for (k, v) in [
        ("allowHeaders", &c.allow_headers),
        ("exposeHeaders", &c.expose_headers),
    ] {
        let (names, invalid): (Vec<String>, Vec<String>) =
            v.iter().cloned().partition(|h| h == "*" || header_name(h));
        if !invalid.is_empty() {
            warnings.push(format!(
                "{me}: corsPolicy {k} {invalid:?} dropped: not header names"
            ));
        }
        if !names.is_empty() {
            cors.insert(k.into(), json!(star_alone(&names)));
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
    Value::Object(cors)
}

/// `timeouts` (request, and the per-try timeout as backendRequest) and, on the experimental
/// channel, `retry`.
fn timeouts_and_retries(
    ctx: &mut Ctx<'_, '_, '_>,
    rule: &RouteRule,
    me: &str,
    out: &mut Map<String, Value>,
) {
    let s = &rule.spec;
    if let Some(t) = s
        .http_req_timeout
        .as_ref()
        .and_then(|t| t.simple_timeout.as_ref())
        .and_then(|t| t.timeout.as_ref())
    {
        match gateway_duration(t) {
            Some(d) => {
                warn_if_rounded(t, me, ctx.warnings);
                out.insert("timeouts".into(), json!({"request": d}));
            }
            None => ctx.warnings.push(format!(
                "{me}: timeout {t:?} cannot be written as a Gateway API duration; dropped"
            )),
        }
    }
    let Some(r) = s
        .http_req_retries
        .as_ref()
        .and_then(|r| r.simple_retry.as_ref())
    else {
        return;
    };
    match ctx.opts.channel {
        Channel::Experimental => {
            out.insert(
                "retry".into(),
                json!({"attempts": r.attempts.unwrap_or(0), "codes": [500, 502, 503, 504]}),
            );
        }
        Channel::Standard => ctx.warnings.push(format!(
            "{me}: httpReqRetries dropped: HTTPRoute retry is in Gateway API's experimental channel only (--gateway-api-channel experimental)"
        )),
    }
    if let Some(per_try) = r.per_try_timeout.as_deref() {
        let request = out
            .get("timeouts")
            .and_then(|t| t.get("request"))
            .and_then(Value::as_str)
            .and_then(|d| crate::manifest::duration::parse(d).ok());
        let per_try_ms = crate::manifest::duration::parse(per_try).ok();
        match (gateway_duration(per_try), per_try_ms, request) {
            // CEL: backendRequest may not be longer than request.
            (Some(_), Some(p), Some(r)) if p > r => ctx.warnings.push(format!(
                "{me}: perTryTimeout {per_try} is longer than the timeout: dropped (Gateway API refuses it)"
            )),
            (Some(d), _, _) => {
                warn_if_rounded(per_try, me, ctx.warnings);
                let mut t = out.get("timeouts").cloned().unwrap_or_else(|| json!({}));
                t["backendRequest"] = json!(d);
                out.insert("timeouts".into(), t);
            }
            (None, _, _) => ctx.warnings.push(format!(
                "{me}: perTryTimeout {per_try:?} cannot be written as a Gateway API duration; dropped"
            )),
        }
    }
}

/// CEL: a rule whose rewrite or redirect replaces a prefix has exactly one match: one rule per
/// match (a method match can give several).
fn one_match_per_prefix_rewrite(rule: Value) -> Vec<Value> {
    let prefix_rewrite = rule["filters"].as_array().is_some_and(|filters| {
        filters.iter().any(|f| {
            f["urlRewrite"]["path"]["type"] == "ReplacePrefixMatch"
                || f["requestRedirect"]["path"]["type"] == "ReplacePrefixMatch"
        })
    });
    let matches = rule["matches"].as_array().cloned().unwrap_or_default();
    if !prefix_rewrite || matches.len() <= 1 {
        return vec![rule];
    }
    matches
        .into_iter()
        .map(|m| {
            let mut one = rule.clone();
            one["matches"] = json!([m]);
            one
        })
        .collect()
}

/// An HTTPRoute holds at most 16 rules and 128 matches: rules beyond go to further routes.
fn chunks(rules: Vec<Value>) -> Vec<Vec<Value>> {
    let mut out: Vec<Vec<Value>> = Vec::new();
    let mut matches = 0;
    for rule in rules {
        let n = rule["matches"].as_array().map_or(0, Vec::len);
        match out.last_mut() {
            Some(last) if last.len() < 16 && matches + n <= 128 => {
                last.push(rule);
                matches += n;
            }
            _ => {
                out.push(vec![rule]);
                matches = n;
            }
        }
    }
    out
}

/// A Gateway has at most 64 listeners: the HTTP one and 63 HTTPS ones.
const MAX_LISTENERS: usize = 64;

/// A ReferenceGrant names at most 16 objects.
const MAX_GRANTED: usize = 16;

/// The HTTPS listener of one TLS host (`None`: every host) with its certificate.
fn https_listener(host: Option<&str>, cert: Value) -> Value {
    let mut listener = Map::new();
    let name = match host {
        Some(h) => super::dns_name(&format!("https-{}", h.replace('*', "wildcard")), 63),
        None => "https".to_string(),
    };
    listener.insert("name".into(), json!(name));
    if let Some(h) = host {
        listener.insert("hostname".into(), json!(h));
    }
    listener.insert("port".into(), json!(443));
    listener.insert("protocol".into(), json!("HTTPS"));
    listener.insert(
        "tls".into(),
        json!({"mode": "Terminate", "certificateRefs": [cert]}),
    );
    listener.insert(
        "allowedRoutes".into(),
        json!({"namespaces": {"from": "All"}}),
    );
    Value::Object(listener)
}

/// The Gateway: an HTTP listener, and an HTTPS listener per TLS host with that host's
/// certificate (from the Ingress's namespace); plus the ReferenceGrants that let the Gateway
/// read certificates in other namespaces.
fn gateway_and_grants(input: &Input<'_>, opts: &Options, out: &mut Out<'_>) {
    let mut listeners = vec![
        json!({"name": "http", "port": 80, "protocol": "HTTP", "allowedRoutes": {"namespaces": {"from": "All"}}}),
    ];
    let mut seen_hosts: BTreeMap<String, String> = BTreeMap::new();
    let mut grants: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ing in &input.ingresses {
        let me = who("Ingress", &ing.meta.namespace, &ing.meta.name);
        for tls in &ing.tls {
            let Some(secret) = &tls.secret_name else {
                out.warnings.push(format!("{me}: tls for {:?} has no secretName: no HTTPS listener for it (a Gateway API listener needs a certificate)", tls.hosts));
                continue;
            };
            // Host names are case-insensitive; a listener hostname is lower case.
            let hosts: Vec<Option<String>> = if tls.hosts.is_empty() {
                vec![None]
            } else {
                tls.hosts
                    .iter()
                    .map(|h| Some(h.to_ascii_lowercase()))
                    .collect()
            };
            for host in hosts {
                let key = host.clone().unwrap_or_default();
                if let Some(first) = seen_hosts.get(&key) {
                    if first != secret {
                        out.warnings.push(format!("{me}: tls host {key:?} already has certificate {first}; {secret} is not used for it"));
                    }
                    continue;
                }
                if listeners.len() == MAX_LISTENERS {
                    out.warnings.push(format!("{me}: tls host {key:?} gets no HTTPS listener: a Gateway has at most {MAX_LISTENERS} listeners (split the hosts across Gateways)"));
                    continue;
                }
                seen_hosts.insert(key, secret.clone());
                let mut cert = Map::new();
                cert.insert("name".into(), json!(secret));
                if ing.namespace() != opts.gateway_namespace {
                    cert.insert("namespace".into(), json!(ing.namespace()));
                    grants
                        .entry(ing.namespace().to_string())
                        .or_default()
                        .push(secret.clone());
                }
                listeners.push(https_listener(host.as_deref(), Value::Object(cert)));
            }
        }
    }
    out.documents.push(json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": opts.gateway, "namespace": opts.gateway_namespace},
        "spec": {"gatewayClassName": "istio", "listeners": listeners},
    }));
    for (namespace, mut secrets) in grants {
        secrets.sort();
        secrets.dedup();
        let base = format!("{}-{}-certificates", opts.gateway_namespace, opts.gateway);
        for (i, chunk) in secrets.chunks(MAX_GRANTED).enumerate() {
            let to: Vec<Value> = chunk
                .iter()
                .map(|s| json!({"group": "", "kind": "Secret", "name": s}))
                .collect();
            let name = match i {
                0 => super::dns_name(&base, 253),
                _ => super::dns_name(&format!("{base}-{}", i + 1), 253),
            };
            out.documents.push(json!({
                "apiVersion": "gateway.networking.k8s.io/v1beta1",
                "kind": "ReferenceGrant",
                "metadata": {"name": name, "namespace": namespace},
                "spec": {
                    "from": [{"group": "gateway.networking.k8s.io", "kind": "Gateway", "namespace": opts.gateway_namespace}],
                    "to": to,
                },
            }));
        }
    }
}

/// The HTTPRoute rules of one Ingress, by host (`*` for rules without one).
fn ingress_rules(
    ctx: &mut Ctx<'_, '_, '_>,
    ing: &crate::manifest::Ingress,
) -> BTreeMap<String, Vec<Value>> {
    let me = who("Ingress", &ing.meta.namespace, &ing.meta.name);
    let mut by_host: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (rule_host, p) in ing.paths() {
        let host = rule_host.host.clone().unwrap_or_else(|| "*".into());
        let (Some(service), Some(port)) = (&p.backend.service, &p.backend.port) else {
            continue;
        };
        let Some(number) = ctx.input.port_number(ing.namespace(), service, port) else {
            ctx.warnings.push(format!("{me}: path {:?} not converted: named port {port} of {service} without a Service manifest (give it with -f); the API server refuses a Service backendRef without a port", p.path.as_deref().unwrap_or("/")));
            continue;
        };
        let path = paths::serve(p.path.as_deref(), p.path_type.as_deref());
        let mut rules = Vec::new();
        let at = super::FoldAt {
            namespace: ing.namespace(),
            service,
            host: &host,
        };
        for (rule, uri) in super::folded(
            &ctx.input.rules,
            ctx.input.identity,
            &at,
            &path,
            ctx.warnings,
        ) {
            ctx.folded.insert(format!(
                "{}/{}",
                super::ns(&rule.metadata.namespace),
                rule.metadata.name
            ));
            if let Some(r) = route_rule(ctx, rule, Some(uri), Some(number)) {
                rules.extend(one_match_per_prefix_rewrite(r));
            }
        }
        let path_json = http_path(&path, &me, ctx.warnings);
        rules.push(json!({"matches": [{"path": path_json}], "backendRefs": [{"name": service, "port": number}]}));
        by_host.entry(host).or_default().extend(rules);
    }
    by_host
}

/// Converts to Gateway API.
/// Istio orders a hostname's Gateway API rules exact, then prefix, then regular-expression
/// paths (a rule without a path match counts as the prefix `/`): serve orders by length. Says
/// so when a host has both.
fn warn_regex_ranking(
    rules: &[Value],
    ing: &crate::manifest::Ingress,
    host: &str,
    warnings: &mut Vec<String>,
) {
    let paths: Vec<&Value> = rules
        .iter()
        .flat_map(|r| match r["matches"].as_array() {
            Some(ms) if !ms.is_empty() => ms.iter().map(|m| &m["path"]).collect(),
            _ => vec![&Value::Null],
        })
        .collect();
    let regex = paths.iter().any(|p| p["type"] == "RegularExpression");
    let prefix = paths
        .iter()
        .any(|p| p.is_null() || p["type"] == "PathPrefix");
    if regex && prefix {
        warnings.push(format!("{}: host {host}: Istio ranks Gateway API regular-expression paths after every prefix path and the default backend, where serve takes the longest path: a request both match goes to the prefix", who("Ingress", &ing.meta.namespace, &ing.meta.name)));
    }
}

/// The rule of serve's default backend: the first Ingress's with one (those without `tls`
/// first), answering what no rule of any host matches (Istio ranks a rule without matches
/// last).
fn default_backend_rule(ctx: &mut Ctx<'_, '_, '_>) -> Option<Value> {
    let mut ingresses: Vec<_> = ctx.input.ingresses.iter().collect();
    ingresses.sort_by_key(|i| !i.tls.is_empty());
    let ing = ingresses
        .into_iter()
        .find(|i| i.default_backend.is_some())?;
    let b = ing.default_backend.as_ref()?;
    let (Some(service), Some(port)) = (&b.service, &b.port) else {
        return None;
    };
    match ctx.input.port_number(ing.namespace(), service, port) {
        Some(n) => {
            let mut backend = Map::new();
            backend.insert("name".into(), json!(service));
            backend.insert("port".into(), json!(n));
            Some(json!({"backendRefs": [backend], "namespace": ing.namespace()}))
        }
        None => {
            ctx.warnings.push(format!("{}: defaultBackend not converted: named port {port} of {service} without a Service manifest (give it with -f)", who("Ingress", &ing.meta.namespace, &ing.meta.name)));
            None
        }
    }
}

/// Converts to Gateway API.
pub(super) fn convert(input: &Input<'_>, opts: &Options, out: &mut Out<'_>) {
    let mut route_names = super::Names::default();
    if !input.ingresses.is_empty() {
        gateway_and_grants(input, opts, out);
    }
    let mut ctx = Ctx {
        input,
        opts,
        warnings: &mut out.warnings,
        route_ns: String::new(),
        folded: std::collections::HashSet::new(),
    };
    // The default backend, with the namespace of its Service, for every hostname once.
    let fallback = default_backend_rule(&mut ctx).map(|mut rule| {
        let namespace = rule["namespace"].as_str().unwrap_or_default().to_string();
        if let Some(r) = rule.as_object_mut() {
            r.remove("namespace");
        }
        (namespace, rule)
    });
    let mut fallen_back: std::collections::HashSet<String> = std::collections::HashSet::new();
    for ing in &input.ingresses {
        // An Ingress without tls is served on HTTP only (as serve does): its routes attach to
        // the http listener; those of an Ingress with tls to every listener of their host.
        let parent = if ing.tls.is_empty() {
            json!({"name": opts.gateway, "namespace": opts.gateway_namespace, "sectionName": "http"})
        } else {
            json!({"name": opts.gateway, "namespace": opts.gateway_namespace})
        };
        ctx.route_ns = ing.namespace().to_string();
        let mut by_host = ingress_rules(&mut ctx, ing);
        if let Some((namespace, _)) = &fallback
            && namespace == ing.namespace()
        {
            by_host.entry("*".into()).or_default();
        }
        for (host, mut rules) in by_host {
            if let Some((namespace, rule)) = &fallback
                && fallen_back.insert(host.clone())
            {
                let mut rule = rule.clone();
                if namespace != ing.namespace() {
                    rule["backendRefs"][0]["namespace"] = json!(namespace);
                    ctx.warnings.push(format!("HTTPRoute {}/{}: the default backend is in namespace {namespace}: a ReferenceGrant there must allow HTTPRoutes of {} to reach it", ing.namespace(), ing.meta.name, ing.namespace()));
                }
                rules.push(rule);
            }
            warn_regex_ranking(&rules, ing, &host, ctx.warnings);
            let preferred = if host == "*" {
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
            // the second one is named from its raw parts, with their hash.
            let name = route_names.claim(
                ing.namespace(),
                preferred,
                &format!("{}.{host}", ing.meta.name),
            );
            for (i, chunk) in chunks(rules).into_iter().enumerate() {
                let mut spec = Map::new();
                spec.insert("parentRefs".into(), json!([parent]));
                if host != "*" {
                    spec.insert("hostnames".into(), json!([host]));
                }
                spec.insert("rules".into(), Value::Array(chunk));
                let part = if i == 0 {
                    name.clone()
                } else {
                    let more = format!("{name}-{}", i + 1);
                    route_names.claim(ing.namespace(), super::dns_name(&more, 253), &more)
                };
                out.documents.push(json!({
                    "apiVersion": "gateway.networking.k8s.io/v1",
                    "kind": "HTTPRoute",
                    "metadata": {"name": part, "namespace": ing.namespace()},
                    "spec": spec,
                }));
            }
        }
    }
    for rule in &input.rules {
        let key = format!(
            "{}/{}",
            super::ns(&rule.metadata.namespace),
            rule.metadata.name
        );
        if super::only_at_ingress(rule, input.identity) && !ctx.folded.contains(&key) {
            ctx.warnings.push(format!(
                "{}: dropped: no Ingress path to its destination admits its uri and authority matches (the guide's Note 2)",
                who("RouteRule", &rule.metadata.namespace, &rule.metadata.name)
            ));
        }
    }
    let mut mesh: BTreeMap<(String, String), Vec<Value>> = BTreeMap::new();
    for rule in &input.rules {
        let Some((dns, dest)) = rule.destination_ref() else {
            continue;
        };
        if super::only_at_ingress(rule, input.identity) {
            continue;
        }
        // A mesh route's backendRefs need a port (CEL: "Must have port for Service reference").
        let port = input.service_port(&dns, &dest);
        ctx.route_ns = dns.clone();
        if let Some(r) = route_rule(&mut ctx, rule, super::rule_path(rule), port) {
            mesh.entry((dns, dest))
                .or_default()
                .extend(one_match_per_prefix_rewrite(r));
        }
    }
    for ((dns, dest), rules) in mesh {
        for (i, chunk) in chunks(rules).into_iter().enumerate() {
            let name = match i {
                0 => format!("{dest}-mesh"),
                _ => format!("{dest}-mesh-{}", i + 1),
            };
            out.documents.push(json!({
                "apiVersion": "gateway.networking.k8s.io/v1",
                "kind": "HTTPRoute",
                "metadata": {"name": name, "namespace": dns},
                "spec": {"parentRefs": [{"group": "", "kind": "Service", "name": dest}], "rules": chunk},
            }));
        }
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
            ("1500us", Some("2ms")),
        ] {
            assert_eq!(gateway_duration(go).as_deref(), want, "{go}");
        }
        assert_eq!(gateway_duration("-1s"), None);
    }
}
