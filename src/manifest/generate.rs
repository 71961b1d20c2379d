//! Pure builders for the manifests `create` prints: command-line grammar in, typed objects out.
//!
//! Nothing here prints or touches files; notes about translations are returned to the caller.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{
    BackendV1, BackendV1beta1, CorsPolicy, DestinationWeight, FaultAbort, FaultDelay, HttpFault,
    HttpRedirect, HttpRetry, HttpRewrite, HttpTimeout, HttpV1, HttpV1beta1, IngressSpecV1,
    IngressSpecV1beta1, IngressTls, IngressV1, IngressV1beta1, IntOrString, IstioService,
    MatchCondition, MatchRequest, ObjectMeta, PathV1, PathV1beta1, RouteRule, RouteRuleSpec,
    RuleV1, RuleV1beta1, ServiceBackendV1, ServicePortV1, SimpleRetry, SimpleTimeout, StringMatch,
};
use super::paths::{self, CliPath};
use super::{CLASS_ANNOTATION, duration};

/// The secret name the Istio ingress of the guide reads its certificate from.
pub const ISTIO_INGRESS_SECRET: &str = "istio-ingress-certs";

/// Where that Secret lives (the ingress's own namespace in the guide).
pub const ISTIO_INGRESS_NAMESPACE: &str = "istio-system";

/// A flag value that does not follow its grammar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {flag} {value:?}: {reason}")]
pub struct GrammarError {
    /// The flag, e.g. `--rule`.
    pub flag: &'static str,
    /// The value as given.
    pub value: String,
    /// What is wrong and what is expected.
    pub reason: String,
}

fn grammar(flag: &'static str, value: &str, reason: impl Into<String>) -> GrammarError {
    GrammarError {
        flag,
        value: value.to_string(),
        reason: reason.into(),
    }
}

/// Which Ingress API to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IngressApi {
    /// `networking.k8s.io/v1` (current Kubernetes).
    #[default]
    V1,
    /// `extensions/v1beta1` (the guide's era).
    ExtensionsV1beta1,
}

/// A backend `SERVICE:PORT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendSpec {
    /// Service name.
    pub service: String,
    /// Port number or name.
    pub port: IntOrString,
}

/// Parses `SERVICE:PORT` (port a number or a name).
pub fn parse_backend(flag: &'static str, text: &str) -> Result<BackendSpec, GrammarError> {
    let (service, port) = text.rsplit_once(':').ok_or_else(|| {
        grammar(
            flag,
            text,
            "expected SERVICE:PORT, e.g. httpbin:8000 or httpbin:http",
        )
    })?;
    if service.is_empty() || port.is_empty() {
        return Err(grammar(
            flag,
            text,
            "expected SERVICE:PORT, e.g. httpbin:8000",
        ));
    }
    let port = match port.parse::<i64>() {
        Ok(n) if (1..=65535).contains(&n) => IntOrString::Int(n),
        Ok(_) => return Err(grammar(flag, text, "port numbers run from 1 to 65535")),
        Err(_) => IntOrString::Str(port.to_string()),
    };
    Ok(BackendSpec {
        service: service.to_string(),
        port,
    })
}

/// One `--rule HOST/PATH=SERVICE:PORT[,tls[=SECRET]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSpec {
    /// Host, if any.
    pub host: Option<String>,
    /// The path as typed.
    pub path: String,
    /// Where it goes.
    pub backend: BackendSpec,
    /// `Some(secret)` when the rule is served over TLS.
    pub tls: Option<String>,
}

/// Parses kubectl's rule grammar `HOST/PATH=SERVICE:PORT[,tls[=SECRET]]`.
pub fn parse_rule(text: &str) -> Result<RuleSpec, GrammarError> {
    const FLAG: &str = "--rule";
    let mut parts = text.split(',');
    let main = parts.next().unwrap_or_default();
    let (host_path, backend) = main.split_once('=').ok_or_else(|| {
        grammar(
            FLAG,
            text,
            "expected HOST/PATH=SERVICE:PORT, e.g. foo.com/status/*=httpbin:8000",
        )
    })?;
    let slash = host_path.find('/').ok_or_else(|| {
        grammar(
            FLAG,
            text,
            "the path must start with `/` (use HOST/ for every path)",
        )
    })?;
    let host = &host_path[..slash];
    let path = &host_path[slash..];
    let backend = parse_backend(FLAG, backend)?;
    let mut tls = None;
    for option in parts {
        match option.split_once('=') {
            None if option == "tls" => tls = Some(ISTIO_INGRESS_SECRET.to_string()),
            Some(("tls", secret)) if !secret.is_empty() => tls = Some(secret.to_string()),
            _ => {
                return Err(grammar(
                    FLAG,
                    text,
                    format!("unknown option `{option}` (only tls or tls=SECRET)"),
                ));
            }
        }
    }
    Ok(RuleSpec {
        host: (!host.is_empty()).then(|| host.to_string()),
        path: path.to_string(),
        backend,
        tls,
    })
}

/// Parses `KEY=VALUE`.
pub fn parse_key_value(flag: &'static str, text: &str) -> Result<(String, String), GrammarError> {
    match text.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(grammar(flag, text, "expected KEY=VALUE")),
    }
}

/// Everything `create ingress` needs.
#[derive(Debug, Clone, Default)]
pub struct IngressRequest {
    /// Object name.
    pub name: String,
    /// Namespace, when given.
    pub namespace: Option<String>,
    /// API version to write.
    pub api: IngressApi,
    /// Ingress class (`None` writes none).
    pub class: Option<String>,
    /// Extra annotations.
    pub annotations: Vec<(String, String)>,
    /// Rules.
    pub rules: Vec<RuleSpec>,
    /// Default backend.
    pub default_backend: Option<BackendSpec>,
}

/// A generated Ingress of either version.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum GeneratedIngress {
    /// networking.k8s.io/v1.
    V1(Box<IngressV1>),
    /// extensions/v1beta1.
    V1beta1(Box<IngressV1beta1>),
}

/// A generated object plus notes for the user (translations made, on stderr).
#[derive(Debug, Clone)]
pub struct Generated<T> {
    /// The object.
    pub object: T,
    /// One line per translation worth telling.
    pub notes: Vec<String>,
}

/// Builds an Ingress from `create ingress` arguments.
pub fn ingress(req: &IngressRequest) -> Result<Generated<GeneratedIngress>, GrammarError> {
    if req.rules.is_empty() && req.default_backend.is_none() {
        return Err(grammar(
            "--rule",
            "",
            "give at least one --rule or a --default-backend",
        ));
    }
    let mut notes = Vec::new();
    let mut meta = ObjectMeta {
        name: req.name.clone(),
        namespace: req.namespace.clone(),
        ..ObjectMeta::default()
    };
    if let Some(class) = &req.class {
        meta.annotations
            .insert(CLASS_ANNOTATION.to_string(), class.clone());
    }
    meta.annotations.extend(req.annotations.iter().cloned());
    let tls = tls_entries(&req.rules);
    let object = match req.api {
        IngressApi::V1 => GeneratedIngress::V1(Box::new(IngressV1 {
            api_version: "networking.k8s.io/v1".into(),
            kind: "Ingress".into(),
            metadata: meta,
            spec: IngressSpecV1 {
                ingress_class_name: req.class.clone(),
                default_backend: req.default_backend.as_ref().map(backend_v1),
                tls,
                rules: rules_v1(&req.rules, &mut notes),
            },
            status: None,
        })),
        IngressApi::ExtensionsV1beta1 => GeneratedIngress::V1beta1(Box::new(IngressV1beta1 {
            api_version: "extensions/v1beta1".into(),
            kind: "Ingress".into(),
            metadata: meta,
            spec: IngressSpecV1beta1 {
                ingress_class_name: None,
                backend: req.default_backend.as_ref().map(backend_v1beta1),
                tls,
                rules: rules_v1beta1(&req.rules, &mut notes),
            },
            status: None,
        })),
    };
    Ok(Generated { object, notes })
}

/// Groups rules by host, keeping first-seen order.
fn group_by_host(rules: &[RuleSpec]) -> Vec<(Option<String>, Vec<&RuleSpec>)> {
    let mut groups: Vec<(Option<String>, Vec<&RuleSpec>)> = Vec::new();
    for rule in rules {
        match groups.iter_mut().find(|(h, _)| *h == rule.host) {
            Some((_, list)) => list.push(rule),
            None => groups.push((rule.host.clone(), vec![rule])),
        }
    }
    groups
}

fn tls_entries(rules: &[RuleSpec]) -> Vec<IngressTls> {
    let mut entries: Vec<IngressTls> = Vec::new();
    for rule in rules {
        let Some(secret) = &rule.tls else { continue };
        let entry = match entries
            .iter_mut()
            .position(|e| e.secret_name.as_ref() == Some(secret))
        {
            Some(i) => &mut entries[i],
            None => {
                entries.push(IngressTls {
                    hosts: Vec::new(),
                    secret_name: Some(secret.clone()),
                });
                entries.last_mut().expect("just pushed")
            }
        };
        if let Some(host) = &rule.host
            && !entry.hosts.contains(host)
        {
            entry.hosts.push(host.clone());
        }
    }
    entries
}

/// A v1 service port from a number or a name.
fn service_port_v1(port: &IntOrString) -> ServicePortV1 {
    match port {
        IntOrString::Int(n) => ServicePortV1 {
            number: Some(*n),
            name: None,
        },
        IntOrString::Str(s) => ServicePortV1 {
            number: None,
            name: Some(s.clone()),
        },
    }
}

fn backend_v1(b: &BackendSpec) -> BackendV1 {
    let port = service_port_v1(&b.port);
    BackendV1 {
        service: Some(ServiceBackendV1 {
            name: b.service.clone(),
            port: Some(port),
        }),
        resource: None,
    }
}

fn backend_v1beta1(b: &BackendSpec) -> BackendV1beta1 {
    BackendV1beta1 {
        service_name: Some(b.service.clone()),
        service_port: Some(b.port.clone()),
        resource: None,
    }
}

fn rules_v1(rules: &[RuleSpec], notes: &mut Vec<String>) -> Vec<RuleV1> {
    group_by_host(rules)
        .into_iter()
        .map(|(host, list)| RuleV1 {
            host,
            http: Some(HttpV1 {
                paths: list.iter().map(|r| path_v1(r, notes)).collect(),
            }),
        })
        .collect()
}

fn path_v1(rule: &RuleSpec, notes: &mut Vec<String>) -> PathV1 {
    let (path, path_type) = match paths::from_cli(&rule.path) {
        CliPath::Exact(p) => {
            if paths::has_regex_meta(&p) {
                notes.push(format!(
                    "path {p} has regex characters; written as pathType Exact, which matches them literally"
                ));
            }
            (p, "Exact")
        }
        CliPath::Prefix(p) => {
            let p = if p.is_empty() { "/".to_string() } else { p };
            notes.push(prefix_note(&rule.path, &p));
            (p, "Prefix")
        }
    };
    PathV1 {
        path: Some(path),
        path_type: path_type.to_string(),
        backend: backend_v1(&rule.backend),
    }
}

fn prefix_note(typed: &str, prefix: &str) -> String {
    let mut note = format!("path {typed} written as pathType Prefix {prefix}");
    if !prefix.ends_with('/') {
        note.push_str(&format!(
            " (v1 prefixes match whole path segments: {prefix} and {prefix}/..., not {prefix}x)"
        ));
    } else if prefix != "/" {
        let bare = prefix.trim_end_matches('/');
        note.push_str(&format!(
            " (this also matches {bare} itself, which the Istio notation did not)"
        ));
    }
    note
}

fn rules_v1beta1(rules: &[RuleSpec], notes: &mut Vec<String>) -> Vec<RuleV1beta1> {
    group_by_host(rules)
        .into_iter()
        .map(|(host, list)| RuleV1beta1 {
            host,
            http: Some(HttpV1beta1 {
                paths: list.iter().map(|r| path_v1beta1(r, notes)).collect(),
            }),
        })
        .collect()
}

fn path_v1beta1(rule: &RuleSpec, notes: &mut Vec<String>) -> PathV1beta1 {
    let path = match paths::from_cli(&rule.path) {
        CliPath::Exact(p) => p,
        CliPath::Prefix(p) => {
            let istio = format!("{p}.*");
            if istio != rule.path {
                notes.push(format!(
                    "path {} written in Istio's prefix notation as {istio}",
                    rule.path
                ));
            }
            istio
        }
    };
    PathV1beta1 {
        path: Some(path),
        path_type: None,
        backend: backend_v1beta1(&rule.backend),
    }
}

/// The same Ingress as `networking.k8s.io/v1`, for servers that no longer serve v1beta1
/// (Kubernetes 1.22+). Paths keep the meaning the Istio ingress gave them; each change of
/// spelling is returned as a note.
pub fn ingress_v1_from_v1beta1(old: &IngressV1beta1) -> Generated<IngressV1> {
    let mut notes = Vec::new();
    let rules = old
        .spec
        .rules
        .iter()
        .map(|r| RuleV1 {
            host: r.host.clone(),
            http: r.http.as_ref().map(|h| HttpV1 {
                paths: h
                    .paths
                    .iter()
                    .map(|p| translated_path(p, &mut notes))
                    .collect(),
            }),
        })
        .collect();
    let mut metadata = old.metadata.clone();
    metadata.resource_version = None;
    let object = IngressV1 {
        api_version: "networking.k8s.io/v1".into(),
        kind: "Ingress".into(),
        metadata,
        spec: IngressSpecV1 {
            ingress_class_name: old.spec.ingress_class_name.clone(),
            default_backend: old.spec.backend.as_ref().map(translated_backend),
            tls: old.spec.tls.clone(),
            rules,
        },
        status: None,
    };
    Generated { object, notes }
}

fn translated_path(p: &PathV1beta1, notes: &mut Vec<String>) -> PathV1 {
    let (path, path_type) = match (&p.path_type, paths::istio_era(p.path.as_deref())) {
        (Some(t), _) => (p.path.clone().unwrap_or_else(|| "/".into()), t.clone()),
        (None, paths::PathMatch::CharPrefix(prefix)) => {
            notes.push(prefix_note(p.path.as_deref().unwrap_or(""), &prefix));
            (prefix, "Prefix".to_string())
        }
        (None, paths::PathMatch::Exact(exact)) => (exact, "Exact".to_string()),
        (None, paths::PathMatch::Regex(re) | paths::PathMatch::SegmentPrefix(re)) => {
            notes.push(format!(
                "path {re} is a regex; written as pathType ImplementationSpecific, which the Istio ingress never matched"
            ));
            (re, "ImplementationSpecific".to_string())
        }
    };
    PathV1 {
        path: Some(path),
        path_type,
        backend: translated_backend(&p.backend),
    }
}

fn translated_backend(b: &BackendV1beta1) -> BackendV1 {
    let port = b.service_port.as_ref().map(service_port_v1);
    BackendV1 {
        service: b.service_name.as_ref().map(|name| ServiceBackendV1 {
            name: name.clone(),
            port,
        }),
        resource: b.resource.clone(),
    }
}

// === RouteRule ===

/// Where a `--route` sends its share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    /// Another service, when given with `@SERVICE`.
    pub destination: Option<String>,
    /// Version labels.
    pub labels: BTreeMap<String, String>,
    /// Weight 0..100.
    pub weight: i32,
}

/// Parses `--route [@SERVICE,][LABEL=VALUE,...=]WEIGHT`, e.g. `100`, `version=v1=90`,
/// `version=v2,env=prod=10`, `@reviews-v2=50`.
pub fn parse_route(text: &str) -> Result<RouteSpec, GrammarError> {
    const FLAG: &str = "--route";
    let (lhs, weight) = match text.rsplit_once('=') {
        Some((lhs, w)) => (lhs, w),
        None => ("", text),
    };
    let weight: i32 = weight.parse().map_err(|_| {
        grammar(
            FLAG,
            text,
            "expected [@SERVICE,][LABEL=VALUE,...=]WEIGHT, e.g. version=v1=90",
        )
    })?;
    let mut destination = None;
    let mut labels = BTreeMap::new();
    for part in lhs.split(',').filter(|p| !p.is_empty()) {
        if let Some(service) = part.strip_prefix('@') {
            destination = Some(service.to_string());
        } else {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| grammar(FLAG, text, format!("`{part}` is not LABEL=VALUE")))?;
            labels.insert(k.to_string(), v.to_string());
        }
    }
    Ok(RouteSpec {
        destination,
        labels,
        weight,
    })
}

/// Parses `NAME=exact:V`, `NAME=prefix:V` or `NAME=regex:V`.
pub fn parse_header_match(text: &str) -> Result<(String, StringMatch), GrammarError> {
    const FLAG: &str = "--header";
    let (name, rest) = text.split_once('=').ok_or_else(|| {
        grammar(
            FLAG,
            text,
            "expected NAME=exact:VALUE, NAME=prefix:VALUE or NAME=regex:VALUE",
        )
    })?;
    let (kind, value) = rest.split_once(':').ok_or_else(|| {
        grammar(
            FLAG,
            text,
            "expected exact:, prefix: or regex: before the value",
        )
    })?;
    Ok((name.to_string(), string_match(FLAG, text, kind, value)?))
}

fn string_match(
    flag: &'static str,
    text: &str,
    kind: &str,
    value: &str,
) -> Result<StringMatch, GrammarError> {
    let v = Some(value.to_string());
    match kind {
        "exact" => Ok(StringMatch {
            exact: v,
            ..Default::default()
        }),
        "prefix" => Ok(StringMatch {
            prefix: v,
            ..Default::default()
        }),
        "regex" => Ok(StringMatch {
            regex: v,
            ..Default::default()
        }),
        _ => Err(grammar(
            flag,
            text,
            format!("`{kind}` is not exact, prefix or regex"),
        )),
    }
}

/// Parses `VALUE[@PERCENT]`, returning the value text and the percentage.
fn split_percent(flag: &'static str, text: &str) -> Result<(String, Option<f64>), GrammarError> {
    match text.rsplit_once('@') {
        None => Ok((text.to_string(), None)),
        Some((value, pct)) => {
            let pct: f64 = pct.trim_end_matches('%').parse().map_err(|_| {
                grammar(
                    flag,
                    text,
                    "the part after @ must be a percentage, e.g. 10 or 12.5",
                )
            })?;
            if !(0.0..=100.0).contains(&pct) {
                return Err(grammar(
                    flag,
                    text,
                    "the percentage must be between 0 and 100",
                ));
            }
            Ok((value.to_string(), Some(pct)))
        }
    }
}

/// Everything `create routerule` needs.
#[derive(Debug, Clone, Default)]
pub struct RouteRuleRequest {
    /// Object name.
    pub name: String,
    /// Namespace, when given.
    pub namespace: Option<String>,
    /// Destination service name.
    pub destination: String,
    /// Destination namespace.
    pub destination_namespace: Option<String>,
    /// Precedence.
    pub precedence: Option<i32>,
    /// Source service name.
    pub source: Option<String>,
    /// Source namespace.
    pub source_namespace: Option<String>,
    /// Source labels.
    pub source_labels: Vec<(String, String)>,
    /// `uri` match (`exact`, `prefix` or `regex`, value).
    pub uri: Option<(&'static str, String)>,
    /// Other header matches.
    pub headers: Vec<(String, StringMatch)>,
    /// Weighted routes.
    pub routes: Vec<RouteSpec>,
    /// Request timeout (Go duration).
    pub timeout: Option<String>,
    /// Retry attempts.
    pub retries: Option<i32>,
    /// Per-try timeout.
    pub per_try_timeout: Option<String>,
    /// Redirect path.
    pub redirect_uri: Option<String>,
    /// Redirect host.
    pub redirect_authority: Option<String>,
    /// Rewrite path.
    pub rewrite_uri: Option<String>,
    /// Rewrite host.
    pub rewrite_authority: Option<String>,
    /// Accept WebSocket upgrades.
    pub websocket: bool,
    /// `DURATION[@PERCENT]`.
    pub fault_delay: Option<String>,
    /// `STATUS[@PERCENT]`.
    pub fault_abort: Option<String>,
    /// Mirror service.
    pub mirror: Option<String>,
    /// CORS policy (empty: none).
    pub cors: CorsPolicy,
    /// Headers to append.
    pub append_headers: Vec<(String, String)>,
}

fn service(name: &str, namespace: &Option<String>) -> IstioService {
    IstioService {
        name: Some(name.to_string()),
        namespace: namespace.clone(),
        ..Default::default()
    }
}

/// Builds a RouteRule from `create routerule` arguments.
pub fn routerule(req: &RouteRuleRequest) -> Result<Generated<RouteRule>, GrammarError> {
    let spec = RouteRuleSpec {
        destination: Some(service(&req.destination, &req.destination_namespace)),
        precedence: req.precedence,
        match_: match_condition(req),
        route: req
            .routes
            .iter()
            .map(|r| DestinationWeight {
                destination: r.destination.as_deref().map(|d| service(d, &None)),
                labels: r.labels.clone(),
                weight: Some(r.weight),
            })
            .collect(),
        redirect: (req.redirect_uri.is_some() || req.redirect_authority.is_some()).then(|| {
            HttpRedirect {
                uri: req.redirect_uri.clone(),
                authority: req.redirect_authority.clone(),
            }
        }),
        rewrite: (req.rewrite_uri.is_some() || req.rewrite_authority.is_some()).then(|| {
            HttpRewrite {
                uri: req.rewrite_uri.clone(),
                authority: req.rewrite_authority.clone(),
            }
        }),
        websocket_upgrade: req.websocket.then_some(true),
        http_req_timeout: req.timeout.as_ref().map(|t| HttpTimeout {
            simple_timeout: Some(SimpleTimeout {
                timeout: Some(t.clone()),
                override_header_name: None,
            }),
            custom: None,
        }),
        http_req_retries: retries(req),
        http_fault: fault(req)?,
        l4_fault: None,
        mirror: req.mirror.as_deref().map(|m| service(m, &None)),
        cors_policy: (req.cors != CorsPolicy::default()).then(|| req.cors.clone()),
        append_headers: req.append_headers.iter().cloned().collect(),
    };
    let object = RouteRule {
        api_version: "config.istio.io/v1alpha2".into(),
        kind: "RouteRule".into(),
        metadata: ObjectMeta {
            name: req.name.clone(),
            namespace: req.namespace.clone(),
            ..Default::default()
        },
        spec,
        status: None,
    };
    Ok(Generated {
        object,
        notes: Vec::new(),
    })
}

fn match_condition(req: &RouteRuleRequest) -> Option<MatchCondition> {
    let source = (req.source.is_some() || !req.source_labels.is_empty()).then(|| IstioService {
        name: req.source.clone(),
        namespace: req.source_namespace.clone(),
        labels: req.source_labels.iter().cloned().collect(),
        ..Default::default()
    });
    let mut headers: BTreeMap<String, StringMatch> = req.headers.iter().cloned().collect();
    if let Some((kind, value)) = &req.uri {
        let m = string_match("--match", value, kind, value).unwrap_or_default();
        headers.insert("uri".into(), m);
    }
    let request = (!headers.is_empty()).then_some(MatchRequest { headers });
    (source.is_some() || request.is_some()).then_some(MatchCondition {
        source,
        request,
        ..Default::default()
    })
}

fn retries(req: &RouteRuleRequest) -> Option<HttpRetry> {
    (req.retries.is_some() || req.per_try_timeout.is_some()).then(|| HttpRetry {
        simple_retry: Some(SimpleRetry {
            attempts: Some(req.retries.unwrap_or(1)),
            per_try_timeout: req.per_try_timeout.clone(),
            override_header_name: None,
        }),
        custom: None,
    })
}

fn fault(req: &RouteRuleRequest) -> Result<Option<HttpFault>, GrammarError> {
    let delay = match &req.fault_delay {
        None => None,
        Some(text) => {
            let (value, percent) = split_percent("--fault-delay", text)?;
            duration::parse(&value).map_err(|e| grammar("--fault-delay", text, e.reason))?;
            Some(FaultDelay {
                percent,
                fixed_delay: Some(value),
                ..Default::default()
            })
        }
    };
    let abort = match &req.fault_abort {
        None => None,
        Some(text) => {
            let (value, percent) = split_percent("--fault-abort", text)?;
            let status: i32 = value
                .parse()
                .ok()
                .filter(|s| (200..=599).contains(s))
                .ok_or_else(|| {
                    grammar(
                        "--fault-abort",
                        text,
                        "expected an HTTP status from 200 to 599, e.g. 503@10",
                    )
                })?;
            Some(FaultAbort {
                percent,
                http_status: Some(status),
                ..Default::default()
            })
        }
    };
    Ok((delay.is_some() || abort.is_some()).then_some(HttpFault { delay, abort }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_grammar_matches_kubectl() {
        let r = parse_rule("foo.com/status/*=httpbin:8000,tls=my-cert").unwrap();
        assert_eq!(r.host.as_deref(), Some("foo.com"));
        assert_eq!(r.path, "/status/*");
        assert_eq!(r.backend.port, IntOrString::Int(8000));
        assert_eq!(r.tls.as_deref(), Some("my-cert"));
        let r = parse_rule("/delay/.*=httpbin:http,tls").unwrap();
        assert_eq!(r.host, None);
        assert_eq!(r.backend.port, IntOrString::Str("http".into()));
        assert_eq!(r.tls.as_deref(), Some(ISTIO_INGRESS_SECRET));
    }

    #[test]
    fn bad_rules_say_what_is_expected() {
        for bad in [
            "foo.com",
            "foo.com=svc:80",
            "/x=svc",
            "/x=svc:0",
            "/x=svc:80,tlx",
        ] {
            let err = parse_rule(bad).unwrap_err();
            assert!(err.to_string().starts_with("invalid --rule"), "{err}");
        }
    }

    #[test]
    fn route_grammar_takes_labels_services_and_weights() {
        assert_eq!(parse_route("100").unwrap().weight, 100);
        let r = parse_route("version=v2,env=prod=10").unwrap();
        assert_eq!(r.labels.get("env").map(String::as_str), Some("prod"));
        assert_eq!(r.weight, 10);
        let r = parse_route("@reviews-v2=50").unwrap();
        assert_eq!(r.destination.as_deref(), Some("reviews-v2"));
        assert!(parse_route("version=v1=lots").is_err());
    }

    #[test]
    fn header_grammar_takes_three_kinds() {
        let (name, m) = parse_header_match("cookie=regex:^(.*?;)?(user=jason)(;.*)?$").unwrap();
        assert_eq!(name, "cookie");
        assert_eq!(m.regex.as_deref(), Some("^(.*?;)?(user=jason)(;.*)?$"));
        assert!(parse_header_match("x=like:y").is_err());
    }

    #[test]
    fn fault_flags_take_percentages() {
        let req = RouteRuleRequest {
            destination: "d".into(),
            fault_delay: Some("5s@10".into()),
            fault_abort: Some("503".into()),
            ..Default::default()
        };
        let rule = routerule(&req).unwrap().object;
        let fault = rule.spec.http_fault.unwrap();
        assert_eq!(fault.delay.unwrap().percent, Some(10.0));
        assert_eq!(fault.abort.unwrap().http_status, Some(503));
        let bad = RouteRuleRequest {
            fault_abort: Some("700".into()),
            ..req
        };
        assert!(routerule(&bad).is_err());
    }

    #[test]
    fn v1_prefix_translation_is_explained() {
        let req = IngressRequest {
            name: "x".into(),
            class: Some("istio".into()),
            rules: vec![parse_rule("/lo.*=svc:80").unwrap()],
            ..Default::default()
        };
        let out = ingress(&req).unwrap();
        assert!(
            out.notes[0].contains("whole path segments"),
            "{:?}",
            out.notes
        );
    }

    #[test]
    fn tls_rules_share_one_entry_per_secret() {
        let rules = vec![
            parse_rule("a.com/x=s:80,tls").unwrap(),
            parse_rule("b.com/y=s:80,tls").unwrap(),
            parse_rule("c.com/z=s:80,tls=other").unwrap(),
        ];
        let tls = tls_entries(&rules);
        assert_eq!(tls.len(), 2);
        assert_eq!(tls[0].hosts, vec!["a.com", "b.com"]);
    }
}
