//! Checks on one RouteRule (spec reference section 1 and pilot's validation).

use super::ingress::{is_dns_label, regex_error_summary};
use super::{Context, Target};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::manifest::Object;
use crate::manifest::duration;
use crate::manifest::model::{
    CorsPolicy, HTTP_METHODS as CORS_METHODS, HttpFault, IstioService, RouteRule, StringMatch,
};
use crate::manifest::yaml::Path;

/// Runs every single-RouteRule rule.
pub(super) fn check(ctx: &Context, obj: &Object, rule: &RouteRule, out: &mut Vec<Diagnostic>) {
    let spec = Path::root().key("spec");
    let s = &rule.spec;
    match &s.destination {
        None => out.push(
            obj.diag(
                Severity::Error,
                Code::MissingDestination,
                &spec,
                "RouteRule has no destination",
            )
            .help("add `destination: {name: SERVICE}` naming the service this rule governs"),
        ),
        Some(dest) => {
            service_ref(obj, dest, &spec.key("destination"), out);
            if !dest.labels.is_empty() {
                out.push(
                    obj.diag(
                        Severity::Error,
                        Code::DestinationLabels,
                        &spec.key("destination").key("labels"),
                        "the destination of a RouteRule must not have labels",
                    )
                    .help("move version labels to `route[].labels`"),
                );
            }
        }
    }
    match_condition(ctx, obj, rule, out);
    routes(obj, rule, out);
    redirect_and_rewrite(obj, rule, out);
    timeouts_and_retries(obj, rule, out);
    if let Some(fault) = &s.http_fault {
        fault_block(ctx, obj, rule, fault, out);
    }
    if s.l4_fault.is_some() {
        out.push(
            obj.diag_key(
                Severity::Error,
                Code::L4Fault,
                &spec.key("l4Fault"),
                "l4Fault is not implemented by Istio",
            )
            .help("remove it; use httpFault for HTTP delays and aborts"),
        );
    }
    if let Some(m) = &s.mirror {
        service_ref(obj, m, &spec.key("mirror"), out);
    }
    if let Some(cors) = &s.cors_policy {
        cors_policy(obj, cors, &spec.key("corsPolicy"), out);
    }
    for (name, value) in &s.append_headers {
        let at = spec.key("appendHeaders").key(name);
        header_name(obj, name, &at, out);
        if value.is_empty() {
            out.push(
                obj.diag(
                    Severity::Error,
                    Code::InvalidAppendHeader,
                    &at,
                    format!("appended header `{name}` has an empty value"),
                )
                .help("give the header a value or remove it"),
            );
        }
    }
}

fn service_ref(obj: &Object, svc: &IstioService, at: &Path, out: &mut Vec<Diagnostic>) {
    let problem = match (&svc.name, &svc.service) {
        (Some(_), Some(_)) => Some("set either `name` or `service`, not both".to_string()),
        (None, None) => {
            Some("a service reference needs `name` (or a full `service` FQDN)".to_string())
        }
        (Some(name), None) if !is_dns_label(name) => Some(format!(
            "`{name}` is not a valid service name (DNS-1123 label)"
        )),
        (None, Some(_)) if svc.namespace.is_some() || svc.domain.is_some() => {
            Some("`namespace` and `domain` cannot be combined with `service`".to_string())
        }
        _ => svc
            .namespace
            .as_ref()
            .filter(|ns| !is_dns_label(ns))
            .map(|ns| format!("`{ns}` is not a valid namespace")),
    };
    if let Some(problem) = problem {
        out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidServiceRef,
                at,
                format!("invalid service reference: {problem}"),
            )
            .help("write `{name: httpbin}` or `{name: httpbin, namespace: default}`"),
        );
    }
}

fn header_name(obj: &Object, name: &str, at: &Path, out: &mut Vec<Diagnostic>) {
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        out.push(
            obj.diag_key(
                Severity::Error,
                Code::UppercaseHeader,
                at,
                format!("header name `{name}` has upper-case letters"),
            )
            .help(format!(
                "Istio requires lower-case header names: write `{}`",
                name.to_ascii_lowercase()
            )),
        );
    }
}

fn match_condition(ctx: &Context, obj: &Object, rule: &RouteRule, out: &mut Vec<Diagnostic>) {
    let Some(m) = &rule.spec.match_ else { return };
    let at = Path::root().key("spec").key("match");
    if let Some(source) = &m.source {
        service_ref(obj, source, &at.key("source"), out);
    }
    let Some(request) = &m.request else { return };
    for (name, sm) in &request.headers {
        let hat = at.key("request").key("headers").key(name);
        header_name(obj, name, &hat, out);
        string_match(ctx.target(), obj, name, sm, &hat, out);
        if ctx.target() == Target::Istio && ctx.applies_at_ingress(rule) {
            era_match_limits(obj, name, sm, &hat, out);
        }
    }
}

fn string_match(
    target: Target,
    obj: &Object,
    name: &str,
    sm: &StringMatch,
    at: &Path,
    out: &mut Vec<Diagnostic>,
) {
    let set = [&sm.exact, &sm.prefix, &sm.regex]
        .iter()
        .filter(|v| v.is_some())
        .count();
    if set != 1 {
        out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidStringMatch,
                at,
                format!(
                    "match on `{name}` must have exactly one of exact, prefix, regex (has {set})"
                ),
            )
            .help("e.g. `prefix: /delay/`"),
        );
    }
    if let Some(re) = &sm.regex
        && let Err(e) = regex::Regex::new(re)
    {
        if unsupported_ecmascript_feature(&e.to_string()) && valid_without_ecmascript_features(re) {
            let sev = ctx_severity_for_ecmascript(target);
            out.push(
                obj.diag(sev, Code::InvalidRegex, &at.key("regex"), format!("regex for `{name}` uses look-around or back-references: valid for Envoy (ECMAScript), not supported by serve"))
                    .help("rewrite it without look-around if serve should use this rule"),
            );
            return;
        }
        out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidRegex,
                &at.key("regex"),
                format!(
                    "regex for `{name}` does not compile: {}",
                    regex_error_summary(&e.to_string())
                ),
            )
            .help("fix the expression (ECMAScript syntax; look-around is not supported by serve)"),
        );
    }
}

/// True when the regex failed only for an ECMAScript feature the Rust engine lacks.
fn unsupported_ecmascript_feature(error: &str) -> bool {
    error.contains("look-around") || error.contains("backreferences")
}

/// True when the regex compiles once look-around groups become plain groups and
/// back-references become literals: then only ECMAScript-only features were wrong.
fn valid_without_ecmascript_features(re: &str) -> bool {
    let mut plain = re
        .replace("(?<=", "(?:")
        .replace("(?<!", "(?:")
        .replace("(?=", "(?:")
        .replace("(?!", "(?:");
    for d in 1..=9 {
        plain = plain.replace(&format!("\\{d}"), "x");
    }
    regex::Regex::new(&plain).is_ok()
}

/// Valid for Envoy but not for serve: a note when checking for Istio, an error for serve.
fn ctx_severity_for_ecmascript(target: Target) -> Severity {
    match target {
        Target::Istio => Severity::Note,
        Target::Serve => Severity::Error,
    }
}

fn era_match_limits(
    obj: &Object,
    name: &str,
    sm: &StringMatch,
    at: &Path,
    out: &mut Vec<Diagnostic>,
) {
    let message = match name {
        "uri" if sm.regex.is_some() => {
            "Istio 0.2/0.3 sent a `uri` regex as a header named `uri`, so this match never succeeds"
        }
        "scheme" | "method" | "authority" => {
            "Istio before 0.4 did not map this key to its pseudo-header, so the match never succeeds"
        }
        _ => return,
    };
    out.push(
        obj.diag(Severity::Warning, Code::MatchUnsupportedAtIngress, at, message.to_string())
            .help("use a `uri` exact or prefix match, or upgrade to the successor APIs (`ingressctl convert`)"),
    );
}

fn routes(obj: &Object, rule: &RouteRule, out: &mut Vec<Diagnostic>) {
    let route = &rule.spec.route;
    let at = Path::root().key("spec").key("route");
    for (i, r) in route.iter().enumerate() {
        if let Some(d) = &r.destination {
            service_ref(obj, d, &at.idx(i).key("destination"), out);
        }
        if let Some(w) = r.weight
            && !(0..=100).contains(&w)
        {
            out.push(
                obj.diag(
                    Severity::Error,
                    Code::WeightsTotal,
                    &at.idx(i).key("weight"),
                    format!("weight {w} is outside 0..100"),
                )
                .help("weights are percentages"),
            );
        }
    }
    let single_default = route.len() == 1 && route[0].weight.unwrap_or(0) == 0;
    let total: i64 = route.iter().map(|r| i64::from(r.weight.unwrap_or(0))).sum();
    if !route.is_empty() && !single_default && total != 100 {
        out.push(
            obj.diag(
                Severity::Error,
                Code::WeightsTotal,
                &at,
                format!("route weights total {total} (must total 100)"),
            )
            .help("adjust the weights so that they add up to 100"),
        );
    }
}

fn redirect_and_rewrite(obj: &Object, rule: &RouteRule, out: &mut Vec<Diagnostic>) {
    let s = &rule.spec;
    let spec = Path::root().key("spec");
    if let Some(r) = &s.redirect {
        let mut with = Vec::new();
        if !s.route.is_empty() {
            with.push("route");
        }
        if s.rewrite.is_some() {
            with.push("rewrite");
        }
        if s.http_fault.is_some() {
            with.push("httpFault");
        }
        if s.websocket_upgrade == Some(true) {
            with.push("websocketUpgrade");
        }
        if !with.is_empty() {
            out.push(
                obj.diag_key(Severity::Error, Code::RedirectConflict, &spec.key("redirect"), format!("redirect cannot be combined with {}", with.join(", ")))
                    .help("a redirecting rule answers 302 itself; move the other actions to a separate rule"),
            );
        }
        if r.uri.is_none() && r.authority.is_none() {
            out.push(
                obj.diag(
                    Severity::Error,
                    Code::EmptyRedirectOrRewrite,
                    &spec.key("redirect"),
                    "redirect needs `uri` or `authority`",
                )
                .help("e.g. `redirect: {uri: /v1/bookRatings}`"),
            );
        }
    }
    if let Some(r) = &s.rewrite
        && r.uri.is_none()
        && r.authority.is_none()
    {
        out.push(
            obj.diag(
                Severity::Error,
                Code::EmptyRedirectOrRewrite,
                &spec.key("rewrite"),
                "rewrite needs `uri` or `authority`",
            )
            .help("e.g. `rewrite: {uri: /v1/bookRatings}`"),
        );
    }
}

fn duration_field(
    obj: &Object,
    text: &str,
    at: &Path,
    out: &mut Vec<Diagnostic>,
) -> Option<std::time::Duration> {
    match duration::parse(text) {
        Ok(d) if d >= std::time::Duration::from_millis(1) => Some(d),
        Ok(_) => {
            out.push(
                obj.diag(
                    Severity::Error,
                    Code::InvalidDuration,
                    at,
                    format!("duration `{text}` is shorter than 1ms"),
                )
                .help("durations must be at least 1ms"),
            );
            None
        }
        Err(e) => {
            out.push(
                obj.diag(Severity::Error, Code::InvalidDuration, at, e.to_string())
                    .help("use Go duration syntax: 4s, 500ms, 1m30s (no `d` unit)"),
            );
            None
        }
    }
}

fn timeouts_and_retries(obj: &Object, rule: &RouteRule, out: &mut Vec<Diagnostic>) {
    let spec = Path::root().key("spec");
    if let Some(t) = rule
        .spec
        .http_req_timeout
        .as_ref()
        .and_then(|t| t.simple_timeout.as_ref())
        .and_then(|s| s.timeout.as_ref())
    {
        duration_field(
            obj,
            t,
            &spec
                .key("httpReqTimeout")
                .key("simpleTimeout")
                .key("timeout"),
            out,
        );
    }
    let Some(retry) = rule
        .spec
        .http_req_retries
        .as_ref()
        .and_then(|r| r.simple_retry.as_ref())
    else {
        return;
    };
    let at = spec.key("httpReqRetries").key("simpleRetry");
    match retry.attempts {
        None => out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidRetries,
                &at,
                "simpleRetry needs `attempts`",
            )
            .help("e.g. `attempts: 3`"),
        ),
        Some(n) if n < 0 => out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidRetries,
                &at.key("attempts"),
                format!("attempts must be 0 or more, not {n}"),
            )
            .help("e.g. `attempts: 3`"),
        ),
        Some(_) => {}
    }
    if let Some(t) = &retry.per_try_timeout {
        duration_field(obj, t, &at.key("perTryTimeout"), out);
    }
}

fn fault_block(
    ctx: &Context,
    obj: &Object,
    rule: &RouteRule,
    fault: &HttpFault,
    out: &mut Vec<Diagnostic>,
) {
    let at = Path::root().key("spec").key("httpFault");
    let mut bad = |path: Path, message: String| {
        out.push(
            obj.diag(Severity::Error, Code::InvalidFault, &path, message)
                .help("e.g. `delay: {percent: 10, fixedDelay: 5s}` or `abort: {percent: 10, httpStatus: 503}`"),
        );
    };
    if fault.delay.is_none() && fault.abort.is_none() {
        bad(
            at.clone(),
            "httpFault needs `delay`, `abort` or both".into(),
        );
    }
    if let Some(d) = &fault.delay {
        let dat = at.key("delay");
        if d.exponential_delay.is_some() {
            bad(
                dat.key("exponentialDelay"),
                "exponentialDelay is not supported".into(),
            );
        }
        if let Some(p) = d.percent.filter(|p| !(0.0..=100.0).contains(p)) {
            bad(dat.key("percent"), format!("percent {p} is outside 0..100"));
        }
        if d.fixed_delay.is_none() && d.exponential_delay.is_none() {
            bad(dat.clone(), "delay needs `fixedDelay`".into());
        }
    }
    if let Some(a) = &fault.abort {
        let aat = at.key("abort");
        if let Some(p) = a.percent.filter(|p| !(0.0..=100.0).contains(p)) {
            bad(aat.key("percent"), format!("percent {p} is outside 0..100"));
        }
        if a.grpc_status.is_some() {
            bad(aat.key("grpcStatus"), "grpcStatus is not supported".into());
        }
        match a.http_status {
            None if a.grpc_status.is_none() => bad(aat.clone(), "abort needs `httpStatus`".into()),
            Some(s) if !(100..=599).contains(&s) => bad(
                aat.key("httpStatus"),
                format!("httpStatus {s} is not an HTTP status"),
            ),
            _ => {}
        }
    }
    if let Some(d) = fault.delay.as_ref().and_then(|d| d.fixed_delay.as_ref()) {
        duration_field(obj, d, &at.key("delay").key("fixedDelay"), out);
    }
    fault_at_ingress(ctx, obj, rule, out);
}

fn fault_at_ingress(ctx: &Context, obj: &Object, rule: &RouteRule, out: &mut Vec<Diagnostic>) {
    if !ctx.applies_at_ingress(rule) || !exposed_by_an_ingress(ctx, rule) {
        return;
    }
    let at = Path::root().key("spec").key("httpFault");
    match ctx.target() {
        Target::Istio => out.push(
            obj.diag_key(Severity::Warning, Code::FaultAtIngress, &at, "fault injection is not applied at the Istio ingress (the guide's Note 1): requests entering through the ingress are not delayed or aborted")
                .help("inject faults between services inside the mesh, or use `ingressctl serve`, which applies them"),
        ),
        Target::Serve => out.push(
            obj.diag_key(Severity::Note, Code::FaultAtIngress, &at, "serve applies this fault at the ingress (an ingressctl extension; the Istio ingress did not)")
                .help("`validate --target istio` warns about it"),
        ),
    }
}

/// True when the rule's destination is an Ingress backend, or the rule names the ingress as
/// its source (then it is meant for ingress traffic even without the Ingress at hand).
fn exposed_by_an_ingress(ctx: &Context, rule: &RouteRule) -> bool {
    let names_ingress = rule
        .spec
        .match_
        .as_ref()
        .and_then(|m| m.source.as_ref())
        .is_some();
    let Some(dest) = rule.destination_ref() else {
        return false;
    };
    names_ingress
        || ctx.ingresses().any(|(_, i)| {
            i.paths()
                .map(|(_, p)| &p.backend)
                .chain(i.default_backend.as_ref())
                .any(|b| b.service.as_deref() == Some(dest.1.as_str()) && i.namespace() == dest.0)
        })
}

fn cors_policy(obj: &Object, cors: &CorsPolicy, at: &Path, out: &mut Vec<Diagnostic>) {
    for (i, m) in cors.allow_methods.iter().enumerate() {
        if !CORS_METHODS.contains(&m.as_str()) {
            out.push(
                obj.diag(
                    Severity::Error,
                    Code::InvalidCors,
                    &at.key("allowMethods").idx(i),
                    format!("`{m}` is not an HTTP method CORS allows"),
                )
                .help(format!("use one of {}", CORS_METHODS.join(", "))),
            );
        }
    }
    for (field, list) in [
        ("allowHeaders", &cors.allow_headers),
        ("exposeHeaders", &cors.expose_headers),
    ] {
        for (i, h) in list.iter().enumerate() {
            if h.chars().any(|c| c.is_ascii_uppercase()) {
                out.push(
                    obj.diag(
                        Severity::Error,
                        Code::UppercaseHeader,
                        &at.key(field).idx(i),
                        format!("header name `{h}` has upper-case letters"),
                    )
                    .help(format!("write `{}`", h.to_ascii_lowercase())),
                );
            }
        }
    }
    if let Some(max_age) = &cors.max_age
        && let Some(d) = duration_field(obj, max_age, &at.key("maxAge"), out)
        && d.subsec_nanos() != 0
    {
        out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidCors,
                &at.key("maxAge"),
                format!("maxAge `{max_age}` is not a whole number of seconds"),
            )
            .help("e.g. `maxAge: 86400s`"),
        );
    }
}
