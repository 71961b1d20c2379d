//! RouteRules (`config.istio.io/v1alpha2`) compiled for the request path: conditions with
//! their regexes built once per table, actions resolved to upstreams, weights to a schedule.
//!
//! Which rules apply to an Ingress backend, and in what order, follows the spec reference
//! (sections 1.10 and 2.7): destination equal to the backend service, `match.source` absent or
//! naming the ingress, precedence descending, then namespace/name; first match wins.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use http::{HeaderName, HeaderValue, Method};
use serde_json::json;

use super::endpoints::Upstream;
use crate::manifest::duration;
use crate::manifest::model::{CorsPolicy, IstioService, RouteRule, StringMatch};
use crate::manifest::routing::IngressIdentity;

/// A compiled string condition.
#[derive(Debug, Clone)]
pub enum Cond {
    /// Equal.
    Exact(String),
    /// Starts with.
    Prefix(String),
    /// Matches (unanchored, as Envoy's header regex is anchored: we anchor it).
    Regex(regex::Regex),
}

impl Cond {
    fn compile(m: &StringMatch) -> Result<Cond> {
        Ok(match (&m.exact, &m.prefix, &m.regex) {
            (Some(e), _, _) => Cond::Exact(e.clone()),
            (_, Some(p), _) => Cond::Prefix(p.clone()),
            (_, _, Some(r)) => Cond::Regex(
                regex::Regex::new(&format!("^(?:{r})$")).with_context(|| format!("regex {r:?}"))?,
            ),
            _ => Cond::Prefix(String::new()),
        })
    }

    /// True when the value satisfies the condition.
    pub fn test(&self, value: &str) -> bool {
        match self {
            Cond::Exact(e) => value == e,
            Cond::Prefix(p) => value.starts_with(p.as_str()),
            Cond::Regex(r) => r.is_match(value),
        }
    }

    fn describe(&self) -> String {
        match self {
            Cond::Exact(e) => format!("exact {e}"),
            Cond::Prefix(p) => format!("prefix {p}"),
            Cond::Regex(r) => format!("regex {}", r.as_str()),
        }
    }
}

/// What a condition looks at.
#[derive(Debug, Clone)]
pub enum Subject {
    /// The path.
    Uri,
    /// `http` or `https`.
    Scheme,
    /// The method.
    Method,
    /// The host.
    Authority,
    /// A header.
    Header(HeaderName),
}

/// The request facts conditions are tested against.
pub struct Facts<'a> {
    /// Path.
    pub path: &'a str,
    /// Scheme.
    pub scheme: &'a str,
    /// Method.
    pub method: &'a Method,
    /// Host (as sent).
    pub authority: &'a str,
    /// Headers.
    pub headers: &'a http::HeaderMap,
}

/// Weighted destinations, served in a smooth weighted round-robin schedule (exact shares).
#[derive(Debug)]
pub struct Weighted {
    schedule: Vec<usize>,
    /// Upstreams with their weights.
    pub targets: Vec<(Arc<Upstream>, u32)>,
    next: AtomicUsize,
}

impl Weighted {
    /// Builds the schedule for these weights (a single target needs none).
    pub fn new(targets: Vec<(Arc<Upstream>, u32)>) -> Self {
        let total: u32 = targets.iter().map(|(_, w)| *w).sum();
        let mut current = vec![0i64; targets.len()];
        let mut schedule = Vec::with_capacity(total as usize);
        for _ in 0..total {
            for (i, (_, w)) in targets.iter().enumerate() {
                current[i] += i64::from(*w);
            }
            let Some((best, _)) = current
                .iter()
                .enumerate()
                .max_by_key(|(i, c)| (**c, -(*i as i64)))
            else {
                break;
            };
            current[best] -= i64::from(total);
            schedule.push(best);
        }
        Weighted {
            schedule,
            targets,
            next: AtomicUsize::new(0),
        }
    }

    /// The next upstream.
    pub fn pick(&self) -> &Arc<Upstream> {
        if self.schedule.is_empty() {
            return &self.targets[0].0;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.schedule.len();
        &self.targets[self.schedule[i]].0
    }
}

/// `httpReqRetries`.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub attempts: u32,
    /// Timeout per attempt.
    pub per_try: Option<Duration>,
}

/// `httpFault`.
#[derive(Debug, Clone)]
pub struct Fault {
    /// Delay and the share of requests delayed.
    pub delay: Option<(Duration, f64)>,
    /// Abort status and the share aborted.
    pub abort: Option<(http::StatusCode, f64)>,
}

/// `corsPolicy`, with header values prepared.
#[derive(Debug, Clone)]
pub struct Cors {
    /// Allowed origins (`*` for any).
    pub origins: Vec<String>,
    /// `Access-Control-Allow-Methods`.
    pub methods: Option<HeaderValue>,
    /// `Access-Control-Allow-Headers`.
    pub headers: Option<HeaderValue>,
    /// `Access-Control-Expose-Headers`.
    pub expose: Option<HeaderValue>,
    /// `Access-Control-Max-Age`.
    pub max_age: Option<HeaderValue>,
    /// `Access-Control-Allow-Credentials`.
    pub credentials: Option<bool>,
}

impl Cors {
    /// The `Access-Control-Allow-Origin` value for a request origin, when allowed.
    pub fn allow_origin(&self, origin: &str) -> Option<HeaderValue> {
        if self.origins.iter().any(|o| o == "*") && self.credentials != Some(true) {
            return Some(HeaderValue::from_static("*"));
        }
        self.origins
            .iter()
            .any(|o| o == origin || o == "*")
            .then(|| HeaderValue::from_str(origin).ok())
            .flatten()
    }
}

/// What a matching rule does.
#[derive(Debug)]
pub enum Action {
    /// Answer 302.
    Redirect {
        /// New path.
        uri: Option<String>,
        /// New host.
        authority: Option<String>,
    },
    /// Forward (with everything a route can carry).
    Forward(Box<Forward>),
}

/// The forwarding half of a rule.
#[derive(Debug)]
pub struct Forward {
    /// Where to.
    pub to: Weighted,
    /// Path rewrite (`prefix` replaces the matched uri prefix; otherwise the whole path).
    pub rewrite_uri: Option<String>,
    /// Host rewrite.
    pub rewrite_authority: Option<HeaderValue>,
    /// Whole-request timeout, retries included.
    pub timeout: Option<Duration>,
    /// Retries.
    pub retries: Option<RetryPolicy>,
    /// Accept WebSocket upgrades.
    pub websocket: bool,
    /// Headers added to the request.
    pub append: Vec<(HeaderName, HeaderValue)>,
    /// CORS.
    pub cors: Option<Cors>,
    /// Shadow copies go here.
    pub mirror: Option<Arc<Upstream>>,
    /// Fault injection (an extension at the ingress).
    pub fault: Option<Fault>,
}

/// One compiled rule.
#[derive(Debug)]
pub struct Rule {
    /// `namespace/name`.
    pub name: String,
    /// Precedence.
    pub precedence: i32,
    /// All must hold.
    pub conditions: Vec<(Subject, Cond)>,
    /// The uri condition, when it is a prefix (for prefix rewrites).
    pub uri_prefix: Option<String>,
    /// What it does.
    pub action: Action,
}

impl Rule {
    /// True when every condition holds.
    pub fn matches(&self, f: &Facts<'_>) -> bool {
        self.conditions.iter().all(|(subject, cond)| match subject {
            Subject::Uri => cond.test(f.path),
            Subject::Scheme => cond.test(f.scheme),
            Subject::Method => cond.test(f.method.as_str()),
            Subject::Authority => cond.test(f.authority),
            Subject::Header(name) => f
                .headers
                .get_all(name)
                .iter()
                .any(|v| v.to_str().is_ok_and(|v| cond.test(v))),
        })
    }

    /// The rule as data, for `/config_dump`.
    pub fn describe(&self) -> serde_json::Value {
        let conditions: Vec<String> = self
            .conditions
            .iter()
            .map(|(s, c)| {
                let subject = match s {
                    Subject::Uri => "uri".to_string(),
                    Subject::Scheme => "scheme".into(),
                    Subject::Method => "method".into(),
                    Subject::Authority => "authority".into(),
                    Subject::Header(h) => h.to_string(),
                };
                format!("{subject} {}", c.describe())
            })
            .collect();
        let action = match &self.action {
            Action::Redirect { uri, authority } => {
                json!({"redirect": {"uri": uri, "authority": authority}})
            }
            Action::Forward(f) => json!({
                "route": f.to.targets.iter().map(|(u, w)| json!({"upstream": u.name, "weight": w})).collect::<Vec<_>>(),
                "timeoutMs": f.timeout.map(|t| t.as_millis() as u64),
                "retries": f.retries.map(|r| r.attempts),
                "rewrite": f.rewrite_uri,
                "websocket": f.websocket,
                "mirror": f.mirror.as_ref().map(|m| m.name.clone()),
                "fault": f.fault.is_some(),
                "cors": f.cors.is_some(),
            }),
        };
        json!({"rule": self.name, "precedence": self.precedence, "match": conditions, "action": action})
    }
}

/// Resolves a destination to upstreams: `(service, labels)` → the endpoints of that subset.
pub trait Resolver {
    /// The upstream for a service (in a namespace), optionally a label subset of it.
    fn upstream(
        &mut self,
        namespace: &str,
        service: &str,
        labels: &[(String, String)],
    ) -> Result<Arc<Upstream>>;
}

/// `(namespace, name)` of a service reference (validation guarantees a name).
fn service_name(svc: &IstioService, rule_ns: &str) -> (String, String) {
    svc.resolve(rule_ns)
        .unwrap_or_else(|| (rule_ns.to_string(), String::new()))
}

fn header_value(text: &str, what: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(text).with_context(|| format!("invalid {what} {text:?}"))
}

fn cors(c: &CorsPolicy) -> Result<Cors> {
    let join = |list: &[String]| -> Result<Option<HeaderValue>> {
        if list.is_empty() {
            Ok(None)
        } else {
            header_value(&list.join(","), "CORS list").map(Some)
        }
    };
    Ok(Cors {
        origins: c.allow_origin.clone(),
        methods: join(&c.allow_methods)?,
        headers: join(&c.allow_headers)?,
        expose: join(&c.expose_headers)?,
        max_age: c
            .max_age
            .as_deref()
            .map(|m| duration::parse(m).map(|d| HeaderValue::from(d.as_secs())))
            .transpose()?,
        credentials: c.allow_credentials,
    })
}

fn fault(rule: &RouteRule) -> Result<Option<Fault>> {
    let Some(f) = &rule.spec.http_fault else {
        return Ok(None);
    };
    let delay = match &f.delay {
        Some(d) => match &d.fixed_delay {
            Some(fixed) => Some((duration::parse(fixed)?, d.percent.unwrap_or(100.0))),
            None => None,
        },
        None => None,
    };
    let abort = f.abort.as_ref().and_then(|a| {
        a.http_status
            .and_then(|s| u16::try_from(s).ok())
            .and_then(|s| http::StatusCode::from_u16(s).ok())
            .map(|status| (status, a.percent.unwrap_or(100.0)))
    });
    Ok(Some(Fault { delay, abort }))
}

/// Compiles one rule for a backend port (route destinations keep the port, as in Istio).
pub fn compile(rule: &RouteRule, resolver: &mut dyn Resolver) -> Result<Rule> {
    let ns = rule.namespace().to_string();
    let name = format!("{ns}/{}", rule.metadata.name);
    let (dest_ns, dest) = rule
        .destination_ref()
        .context("RouteRule has no destination")?;
    let mut conditions = Vec::new();
    let mut uri_prefix = None;
    if let Some(req) = rule.spec.match_.as_ref().and_then(|m| m.request.as_ref()) {
        for (key, m) in &req.headers {
            let cond = Cond::compile(m).with_context(|| format!("{name}: match on {key}"))?;
            let subject = match key.as_str() {
                "uri" => {
                    uri_prefix = m.prefix.clone();
                    Subject::Uri
                }
                "scheme" => Subject::Scheme,
                "method" => Subject::Method,
                "authority" => Subject::Authority,
                other => Subject::Header(
                    HeaderName::from_bytes(other.as_bytes())
                        .with_context(|| format!("{name}: header name {other:?}"))?,
                ),
            };
            conditions.push((subject, cond));
        }
    }
    let s = &rule.spec;
    let action = if let Some(r) = &s.redirect {
        Action::Redirect {
            uri: r.uri.clone(),
            authority: r.authority.clone(),
        }
    } else {
        let targets = if s.route.is_empty() {
            vec![(resolver.upstream(&dest_ns, &dest, &[])?, 100)]
        } else {
            let mut t = Vec::new();
            for r in &s.route {
                let (rns, rname) = r
                    .destination
                    .as_ref()
                    .map_or((dest_ns.clone(), dest.clone()), |d| service_name(d, &ns));
                let labels: Vec<(String, String)> = r
                    .labels
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let weight = if s.route.len() == 1 {
                    100
                } else {
                    r.weight.unwrap_or(0).max(0) as u32
                };
                if weight > 0 {
                    t.push((resolver.upstream(&rns, &rname, &labels)?, weight));
                }
            }
            t
        };
        let timeout = s
            .http_req_timeout
            .as_ref()
            .and_then(|t| t.simple_timeout.as_ref())
            .and_then(|t| t.timeout.as_deref())
            .map(duration::parse)
            .transpose()?;
        let retries = s
            .http_req_retries
            .as_ref()
            .and_then(|r| r.simple_retry.as_ref())
            .filter(|r| r.attempts.unwrap_or(0) > 0)
            .map(|r| -> Result<RetryPolicy> {
                Ok(RetryPolicy {
                    attempts: r.attempts.unwrap_or(0).max(0) as u32,
                    per_try: r
                        .per_try_timeout
                        .as_deref()
                        .map(duration::parse)
                        .transpose()?,
                })
            })
            .transpose()?;
        let mirror = s
            .mirror
            .as_ref()
            .map(|m| {
                let (mns, mname) = service_name(m, &ns);
                let labels: Vec<(String, String)> = m
                    .labels
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                resolver.upstream(&mns, &mname, &labels)
            })
            .transpose()?;
        Action::Forward(Box::new(Forward {
            to: Weighted::new(targets),
            rewrite_uri: s.rewrite.as_ref().and_then(|r| r.uri.clone()),
            rewrite_authority: s
                .rewrite
                .as_ref()
                .and_then(|r| r.authority.as_deref())
                .map(|a| header_value(a, "rewrite authority"))
                .transpose()?,
            timeout,
            retries,
            websocket: s.websocket_upgrade == Some(true),
            append: s
                .append_headers
                .iter()
                .map(|(k, v)| {
                    Ok((
                        HeaderName::from_bytes(k.as_bytes())?,
                        header_value(v, "appended header")?,
                    ))
                })
                .collect::<Result<_>>()?,
            cors: s.cors_policy.as_ref().map(cors).transpose()?,
            mirror,
            fault: fault(rule)?,
        }))
    };
    Ok(Rule {
        name,
        precedence: s.precedence.unwrap_or(0),
        conditions,
        uri_prefix,
        action,
    })
}

/// The rules that apply to traffic from the ingress to `namespace/service`, in evaluation order.
pub fn applicable<'a>(
    rules: &'a [&'a RouteRule],
    namespace: &str,
    service: &str,
    who: &IngressIdentity,
) -> Vec<&'a RouteRule> {
    let mut out: Vec<&RouteRule> = rules
        .iter()
        .copied()
        .filter(|r| {
            r.destination_ref()
                .is_some_and(|(ns, name)| ns == namespace && name == service)
                && who.admits(r)
        })
        .collect();
    out.sort_by_key(|r| r.order_key());
    out
}

/// Deterministic per-request sampling for fault percentages (no RNG on the request path):
/// a counter spread over 0..100 with a fixed odd stride.
pub fn sample(counter: &AtomicUsize, percent: f64) -> bool {
    if percent >= 100.0 {
        return true;
    }
    if percent <= 0.0 {
        return false;
    }
    let n = counter.fetch_add(1, Ordering::Relaxed);
    let slot = (n.wrapping_mul(7919)) % 10_000;
    (slot as f64) < percent * 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(name: &str) -> Arc<Upstream> {
        Arc::new(Upstream::new(name.into(), vec![], false))
    }

    #[test]
    fn weights_are_exact_over_a_cycle() {
        let w = Weighted::new(vec![(up("v1"), 90), (up("v2"), 10)]);
        let mut v2 = 0;
        for _ in 0..10_000 {
            if w.pick().name == "v2" {
                v2 += 1;
            }
        }
        assert_eq!(v2, 1000);
    }

    #[test]
    fn the_ingress_identity_admits_its_own_rules() {
        let rule: RouteRule = serde_yaml::from_str(
            "apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: r}\nspec:\n  destination: {name: httpbin}\n  match: {source: {name: istio-ingress, labels: {istio: ingress}}}\n",
        )
        .unwrap();
        assert!(IngressIdentity::default().admits(&rule));
        let other: RouteRule = serde_yaml::from_str(
            "apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: r}\nspec:\n  destination: {name: httpbin}\n  match: {source: {name: productpage}}\n",
        )
        .unwrap();
        assert!(!IngressIdentity::default().admits(&other));
    }

    #[test]
    fn sampling_hits_the_percentage() {
        let c = AtomicUsize::new(0);
        let hits = (0..10_000).filter(|_| sample(&c, 25.0)).count();
        assert_eq!(hits, 2500);
    }
}
