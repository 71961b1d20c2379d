//! The route table: compiled once from manifests, immutable, swapped whole on reload.
//!
//! Pure: objects and settings in, a table (or the reasons there is none) out. Where the
//! configuration comes from is `source`'s business, and swapping tables is `publish`'s.

use arc_swap::ArcSwap;
use rustls::sign::CertifiedKey;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::json;

use super::endpoints::{EndpointChanges, EndpointRegistry, Upstream, UpstreamSpec};
use super::router::Router;
use super::rules::{self, Rule};
use super::stats::{RouteCounters, Stats};
use super::tls::{CertStore, Certificates};
use crate::manifest::model::IntOrString;
use crate::manifest::paths::Matcher;
use crate::manifest::ports::{self, PortProtocol};
use crate::manifest::snapshot::{Coverage, Snapshot};
use crate::manifest::{Backend, Ingress, paths};

/// How access log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccessLogFormat {
    /// Envoy's default text format.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
    /// No access log.
    Off,
}

/// Addresses for a service given on the command line: `--backend SERVICE[:PORT]=HOST:PORT,...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendOverride {
    /// Service name.
    pub service: String,
    /// Port (number or name); `None` for every port.
    pub port: Option<String>,
    /// Labels of these addresses (a version subset for route rules).
    pub labels: Vec<(String, String)>,
    /// `host:port` addresses, balanced round-robin.
    pub addrs: Vec<String>,
}

impl BackendOverride {
    /// Parses `SERVICE[:PORT][@LABEL=VALUE,...]=HOST:PORT[,HOST:PORT...]`.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || {
            anyhow::anyhow!(
                "invalid --backend {text:?}: expected SERVICE[:PORT][@LABEL=VALUE,...]=HOST:PORT[,HOST:PORT], e.g. httpbin:8000=127.0.0.1:18090 or reviews@version=v2=127.0.0.1:9082"
            )
        };
        let (lhs, rhs) = text.rsplit_once('=').ok_or_else(bad)?;
        let (target, labels) = match lhs.split_once('@') {
            Some((t, l)) => (t, l),
            None => (lhs, ""),
        };
        let labels = labels
            .split(',')
            .filter(|l| !l.is_empty())
            .map(|l| {
                l.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .ok_or_else(bad)
            })
            .collect::<Result<Vec<_>>>()?;
        let (service, port) = match target.split_once(':') {
            Some((s, p)) => (s.to_string(), Some(p.to_string())),
            None => (target.to_string(), None),
        };
        let addrs: Vec<String> = rhs
            .split(',')
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        if service.is_empty()
            || addrs.is_empty()
            || addrs.iter().any(|a| {
                a.rsplit_once(':')
                    .is_none_or(|(_, p)| p.parse::<u16>().is_err())
            })
        {
            return Err(bad());
        }
        Ok(BackendOverride {
            service,
            port,
            labels,
            addrs,
        })
    }

    fn has_labels(&self, wanted: &[(String, String)]) -> bool {
        wanted.iter().all(|w| self.labels.contains(w))
    }

    fn matches(&self, service: &str, port: &IntOrString, resolved_number: Option<i64>) -> bool {
        self.service == service
            && self.port.as_ref().is_none_or(|p| {
                *p == port.to_string() || resolved_number.is_some_and(|n| p.parse::<i64>() == Ok(n))
            })
    }
}

/// What the table is compiled with (from the command line); which objects count is the
/// snapshot's business.
#[derive(Debug, Clone)]
pub struct CompileOptions {
    /// Command-line backend addresses.
    pub backends: Vec<BackendOverride>,
    /// Cluster DNS domain for default upstream names.
    pub cluster_domain: String,
    /// Upstream timeout when no rule sets one.
    pub upstream_timeout: Duration,
    /// Default certificate and key files (`--tls-cert`, `--tls-key`).
    pub default_cert: Option<(PathBuf, PathBuf)>,
    /// The guide's certificate mount directory, used when present.
    pub cert_dir: PathBuf,
    /// Where the rules of Ingresses with `tls` are served.
    pub tls_listeners: TlsListeners,
    /// The HTTPS listener's port, for an Ingress that asks for its own redirect to HTTPS.
    pub https_port: u16,
}

/// Where the rules of an Ingress with `tls` are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsListeners {
    /// On both listeners, as today's Istio and the Kubernetes ingress conformance tests expect
    /// (and the guide's own `curl http://$INGRESS_HOST/delay/10`); an Ingress without `tls`
    /// wins a host and path both claim on the HTTP listener.
    #[default]
    Both,
    /// On the HTTPS listener only (`--tls-only-https`: the split of the guide's era).
    HttpsOnly,
    /// On HTTPS; on HTTP a 301 to HTTPS, on this port (`--https-redirect`).
    RedirectToHttps(u16),
}

/// The served table holds the served certificates.
impl Certificates for ArcSwap<RouteTable> {
    fn resolve(&self, sni: Option<&str>) -> Option<Arc<CertifiedKey>> {
        self.load().certs.resolve(sni)
    }
}

/// Per-route policy: the hook route rules fill in.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Whole-request timeout.
    pub timeout: Duration,
}

/// What a matched route does.
#[derive(Debug)]
pub struct RouteAction {
    /// `namespace/ingress#rule.path`, for logs and stats.
    pub name: String,
    /// Where requests go.
    pub upstream: Arc<Upstream>,
    /// Policy.
    pub policy: Policy,
    /// Route rules for this backend, in evaluation order (first match wins; none: `upstream`).
    pub rules: Vec<Rule>,
    /// Spreads fault-injection percentages over requests.
    pub sampler: AtomicUsize,
    /// Answer with a 301 to HTTPS on this port instead of forwarding (`--https-redirect`).
    pub https_redirect: Option<u16>,
    /// This route's counters, bound at its first request.
    pub counters: OnceLock<Arc<RouteCounters>>,
}

impl RouteAction {
    /// This route's counters in `stats` (looked up at the first request only).
    pub fn counters(&self, stats: &Stats) -> &RouteCounters {
        self.counters.get_or_init(|| stats.route(&self.name))
    }

    /// The same route, answering with a redirect to HTTPS on `port`.
    fn redirecting_to_https(&self, port: u16) -> RouteAction {
        RouteAction {
            name: self.name.clone(),
            upstream: self.upstream.clone(),
            policy: self.policy.clone(),
            rules: Vec::new(),
            sampler: AtomicUsize::new(0),
            https_redirect: Some(port),
            counters: OnceLock::new(),
        }
    }
}

/// A route of an Ingress with `tls` waiting for the HTTP listener: host, path (`None`: the
/// default backend), action, and how the HTTP listener serves it.
type TlsOnHttp = (
    Option<String>,
    Option<Matcher>,
    Arc<RouteAction>,
    TlsListeners,
);

/// One compiled, immutable configuration (the default routes nothing: serve's table until
/// the first snapshot is built).
#[derive(Debug, Default)]
pub struct RouteTable {
    /// Routes served on the HTTP listener (Ingresses without `tls`).
    pub http: Router<Arc<RouteAction>>,
    /// Routes served on the HTTPS listener (Ingresses with `tls`).
    pub https: Router<Arc<RouteAction>>,
    /// Certificates by host, and the default.
    pub certs: CertStore,
    /// Problems that did not stop compiling (one line each).
    pub warnings: Vec<String>,
    /// Every upstream (each knows what it stands for, to refresh its endpoints in place).
    pub upstreams: Vec<Arc<Upstream>>,
}

impl RouteTable {
    /// Every upstream's endpoints as the snapshot says (only those of its Services, when it
    /// covers only some), for an endpoint change that needs no recompiled routes, rules or
    /// certificates (weighted and fault counters keep going). Nothing changes until the
    /// result is applied; an error changes nothing.
    pub fn refresh_endpoints(
        &self,
        snap: &Snapshot,
        opts: &CompileOptions,
    ) -> Result<EndpointChanges> {
        let mut changes = EndpointChanges::default();
        for upstream in &self.upstreams {
            let Some(spec) = &upstream.spec else {
                continue;
            };
            if let Coverage::EndpointsOf(services) = snap.coverage()
                && !services.contains(&(spec.namespace.clone(), spec.service.clone()))
            {
                continue;
            }
            let (addrs, _) = resolve(snap, spec, opts)?;
            changes.push(upstream.endpoints.clone(), addrs);
        }
        Ok(changes)
    }
}

/// A compiled table and the endpoint changes to apply once it is swapped in.
#[derive(Debug)]
pub struct Compiled {
    /// The table.
    pub table: RouteTable,
    /// New addresses for endpoint sets the served table shares.
    pub endpoint_changes: EndpointChanges,
}

/// Compiles objects into a table. Errors are the reasons no table could be built.
pub fn compile(
    snap: &Snapshot,
    opts: &CompileOptions,
    registry: &EndpointRegistry,
) -> Result<Compiled> {
    let mut upstreams = Upstreams {
        by_key: HashMap::new(),
        made: Vec::new(),
        registry,
        pending: EndpointChanges::default(),
    };
    let mut table = RouteTable {
        http: Router::default(),
        https: Router::default(),
        certs: CertStore::default(),
        warnings: Vec::new(),
        upstreams: Vec::new(),
    };
    // Routes of Ingresses with `tls` for the HTTP listener, added once every Ingress without
    // it has claimed its own.
    let mut tls_on_http: Vec<TlsOnHttp> = Vec::new();
    for (obj, ing) in snap.ingresses() {
        let tls = !ing.tls.is_empty();
        // An Ingress's own HTTPS redirect (ingress-nginx's, carried) refines the default of
        // both listeners; --tls-only-https and --https-redirect, asked for, stay as asked.
        let on_http = match (ing.https_redirect, opts.tls_listeners) {
            (Some(true), TlsListeners::Both) => TlsListeners::RedirectToHttps(opts.https_port),
            (_, asked) => asked,
        };
        for (ri, rule) in ing.rules.iter().enumerate() {
            for (pi, p) in rule.paths.iter().enumerate() {
                let reading = paths::serve(p.path.as_deref(), p.path_type.as_deref());
                let matcher = Matcher::compile(&reading).with_context(|| {
                    format!("{}: path {:?} is not a valid regex", obj.display(), p.path)
                })?;
                let name = format!("{}/{}#{ri}.{pi}", ing.namespace(), ing.meta.name);
                let action = action(snap, ing, &p.backend, name.clone(), opts, &mut upstreams)?;
                if tls {
                    tls_on_http.push((
                        rule.host.clone(),
                        Some(matcher.clone()),
                        action.clone(),
                        on_http,
                    ));
                }
                let router = if tls {
                    &mut table.https
                } else {
                    &mut table.http
                };
                if !router.add(rule.host.as_deref(), matcher, action) {
                    table.warnings.push(format!(
                        "{name}: host and path already claimed by an earlier Ingress; ignored"
                    ));
                }
            }
        }
        if let Some(b) = &ing.default_backend {
            let name = format!("{}/{}#default", ing.namespace(), ing.meta.name);
            let action = action(snap, ing, b, name.clone(), opts, &mut upstreams)?;
            if tls {
                tls_on_http.push((None, None, action.clone(), on_http));
            }
            let router = if tls {
                &mut table.https
            } else {
                &mut table.http
            };
            if !router.set_default(action) {
                table
                    .warnings
                    .push(format!("{name}: a default backend is already set; ignored"));
            }
        }
    }
    for (host, matcher, action, on_http) in tls_on_http {
        let action = match on_http {
            TlsListeners::HttpsOnly => continue,
            TlsListeners::Both => action,
            TlsListeners::RedirectToHttps(port) => Arc::new(action.redirecting_to_https(port)),
        };
        // What an Ingress without tls already claimed on HTTP stays its own, quietly.
        match matcher {
            Some(m) => {
                table.http.add(host.as_deref(), m, action);
            }
            None => {
                table.http.set_default(action);
            }
        }
    }
    table.http.finish();
    table.https.finish();
    let tls_ingresses: Vec<&Ingress> = snap
        .ingresses()
        .map(|(_, i)| i)
        .filter(|i| !i.tls.is_empty())
        .collect();
    table.certs = CertStore::build(
        snap,
        &tls_ingresses,
        opts.default_cert.as_ref(),
        &opts.cert_dir,
        &mut table.warnings,
    )?;
    if !table.https.is_empty() && !table.certs.has_default() && table.certs.is_empty() {
        table.warnings.push("Ingresses with tls exist but no certificate was found: the HTTPS listener cannot serve them".into());
    }
    drop(upstreams.by_key);
    upstreams.made.shrink_to_fit();
    table.upstreams = upstreams.made;
    Ok(Compiled {
        table,
        endpoint_changes: upstreams.pending,
    })
}

/// True when the Pod (by name, in the namespace) carries all these labels; with no labels
/// asked, every address qualifies.
fn pod_has_labels(
    snap: &Snapshot,
    namespace: &str,
    pod: Option<&str>,
    labels: &[(String, String)],
) -> bool {
    if labels.is_empty() {
        return true;
    }
    pod.and_then(|p| snap.pod(namespace, p)).is_some_and(|p| {
        labels
            .iter()
            .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
    })
}

fn action(
    snap: &Snapshot,
    ing: &Ingress,
    backend: &Backend,
    name: String,
    opts: &CompileOptions,
    upstreams: &mut Upstreams<'_>,
) -> Result<Arc<RouteAction>> {
    let (Some(service), Some(port)) = (&backend.service, &backend.port) else {
        bail!("{name}: backend has no service name or port");
    };
    let upstream = upstream(snap, ing.namespace(), service, port, &[], opts, upstreams)?;
    let all: Vec<&crate::manifest::model::RouteRule> = snap.route_rules().map(|(_, r)| r).collect();
    let mut resolver = TableResolver {
        snap,
        port,
        opts,
        upstreams,
    };
    let rules = rules::applicable(&all, ing.namespace(), service, snap.identity())
        .into_iter()
        .map(|r| rules::compile(r, &mut resolver))
        .collect::<Result<Vec<_>>>()
        .with_context(|| format!("{name}: route rules"))?;
    Ok(Arc::new(RouteAction {
        name,
        upstream,
        policy: Policy {
            timeout: opts.upstream_timeout,
        },
        rules,
        sampler: AtomicUsize::new(0),
        https_redirect: None,
        counters: OnceLock::new(),
    }))
}

/// Resolves route-rule destinations to upstreams on the Ingress backend's port.
struct TableResolver<'a, 'b, 'c> {
    snap: &'a Snapshot,
    port: &'a IntOrString,
    opts: &'a CompileOptions,
    upstreams: &'b mut Upstreams<'c>,
}

impl rules::Resolver for TableResolver<'_, '_, '_> {
    fn upstream(
        &mut self,
        namespace: &str,
        service: &str,
        labels: &[(String, String)],
    ) -> Result<Arc<Upstream>> {
        upstream(
            self.snap,
            namespace,
            service,
            self.port,
            labels,
            self.opts,
            self.upstreams,
        )
    }
}

/// The upstreams of the table being compiled: one per spec, their endpoint sets from the
/// registry (so a set outlives the table that first used it).
struct Upstreams<'r> {
    /// Where each upstream is in `made`, by its key (a small index: the specs live once).
    by_key: HashMap<String, usize>,
    /// The upstreams, in the order they were first named (the table keeps this list).
    made: Vec<Arc<Upstream>>,
    registry: &'r EndpointRegistry,
    /// New addresses for sets the served table shares, put in once this table is accepted.
    pending: EndpointChanges,
}

fn upstream(
    snap: &Snapshot,
    namespace: &str,
    service: &str,
    port: &IntOrString,
    labels: &[(String, String)],
    opts: &CompileOptions,
    upstreams: &mut Upstreams<'_>,
) -> Result<Arc<Upstream>> {
    let spec = UpstreamSpec {
        namespace: namespace.to_string(),
        service: service.to_string(),
        port: port.clone(),
        labels: labels.to_vec(),
    };
    let key = spec.key();
    if let Some(&i) = upstreams.by_key.get(&key) {
        return Ok(upstreams.made[i].clone());
    }
    let (endpoints, h2c) = resolve(snap, &spec, opts)?;
    let (u, pending) = upstreams.registry.upstream(spec, endpoints, h2c);
    if let Some(addrs) = pending {
        upstreams.pending.push(u.endpoints.clone(), addrs);
    }
    upstreams.by_key.insert(key, upstreams.made.len());
    upstreams.made.push(u.clone());
    Ok(u)
}

/// The addresses of an upstream (from `--backend`, the Service's Endpoints, or its cluster
/// DNS name) and whether it speaks h2c.
fn resolve(
    snap: &Snapshot,
    spec: &UpstreamSpec,
    opts: &CompileOptions,
) -> Result<(Vec<String>, bool)> {
    let UpstreamSpec {
        namespace,
        service,
        port,
        labels,
    } = spec;
    let svc = snap.service(namespace, service);
    let svc_port = svc.and_then(|s| {
        s.spec.ports.iter().find(|p| match port {
            IntOrString::Int(n) => p.port == *n,
            IntOrString::Str(name) => p.name.as_deref() == Some(name.as_str()),
        })
    });
    if let (Some(_), None) = (svc, svc_port) {
        bail!("Service {namespace}/{service} has no port {port}");
    }
    let number = match (port, svc_port) {
        (_, Some(sp)) => Some(sp.port),
        (IntOrString::Int(n), None) => Some(*n),
        (IntOrString::Str(_), None) => None,
    };
    let port_name = svc_port.and_then(|p| p.name.clone()).or(match port {
        IntOrString::Str(s) => Some(s.clone()),
        IntOrString::Int(_) => None,
    });
    let h2c = ports::classify(
        port_name.as_deref().unwrap_or(""),
        svc_port.and_then(|p| p.app_protocol.as_deref()),
    ) == PortProtocol::Http2;
    let overrides: Vec<&BackendOverride> = opts
        .backends
        .iter()
        .filter(|o| o.matches(service, port, number) && o.has_labels(labels))
        .collect();
    let endpoints = if !overrides.is_empty() {
        overrides
            .iter()
            .flat_map(|o| o.addrs.iter().cloned())
            .collect()
    } else if let Some(eps) = snap.endpoints(namespace, service) {
        endpoint_addrs(eps, port_name.as_deref(), svc_port, |pod| {
            pod_has_labels(snap, namespace, pod, labels)
        })
    } else if !labels.is_empty() {
        Vec::new()
    } else {
        let Some(number) = number else {
            bail!(
                "{service}:{port}: a named port needs a Service manifest (or --backend {service}:{port}=HOST:PORT)"
            );
        };
        vec![format!(
            "{service}.{namespace}.svc.{}:{number}",
            opts.cluster_domain
        )]
    };
    Ok((endpoints, h2c))
}

fn endpoint_addrs(
    eps: &crate::manifest::model::Endpoints,
    port_name: Option<&str>,
    svc_port: Option<&crate::manifest::model::ServicePort>,
    selected: impl Fn(Option<&str>) -> bool,
) -> Vec<String> {
    let mut out = Vec::new();
    for subset in &eps.subsets {
        let port = subset
            .ports
            .iter()
            .find(|p| p.name.as_deref() == port_name)
            .or_else(|| (subset.ports.len() == 1).then(|| &subset.ports[0]))
            .map(|p| p.port)
            .or_else(|| {
                svc_port.map(|sp| match &sp.target_port {
                    Some(IntOrString::Int(n)) => *n,
                    _ => sp.port,
                })
            });
        let Some(port) = port else { continue };
        for a in subset.addresses.iter().filter(|a| selected(pod_name(a))) {
            let host = if a.ip.contains(':') {
                format!("[{}]", a.ip)
            } else {
                a.ip.clone()
            };
            out.push(format!("{host}:{port}"));
        }
    }
    out
}

/// The Pod an endpoint address points at (`targetRef` of kind Pod).
fn pod_name(a: &crate::manifest::model::EndpointAddress) -> Option<&str> {
    let r = a.target_ref.as_ref()?;
    (r.get("kind").and_then(|k| k.as_str()) == Some("Pod"))
        .then(|| r.get("name").and_then(|n| n.as_str()))
        .flatten()
}

/// The table as data, for `/config_dump`.
pub fn dump(table: &RouteTable) -> serde_json::Value {
    let listener = |router: &Router<Arc<RouteAction>>| {
        let hosts: Vec<serde_json::Value> = router
            .hosts()
            .into_iter()
            .filter(|(_, v)| !v.routes().is_empty())
            .map(|(host, vhost)| {
                json!({
                    "host": host,
                    "routes": vhost.routes().iter().map(|r| json!({
                        "match": r.matcher.kind(),
                        "path": r.matcher.text(),
                        "route": r.target.name,
                        "upstream": r.target.upstream.name,
                        "endpoints": r.target.upstream.endpoints.addrs(),
                        "protocol": if r.target.upstream.h2c { "h2c" } else { "http/1.1" },
                        "timeoutMs": r.target.policy.timeout.as_millis() as u64,
                        "rules": r.target.rules.iter().map(Rule::describe).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "virtualHosts": hosts,
            "defaultBackend": router.default_backend().map(|d| json!({"route": d.name, "upstream": d.upstream.name})),
        })
    };
    json!({
        "http": listener(&table.http),
        "https": listener(&table.https),
        "certificates": table.certs.describe(),
        "warnings": table.warnings,
    })
}

/// The socket address a listener flag names.
pub fn parse_addr(flag: &str, text: &str) -> Result<SocketAddr> {
    // Go's and kubectl's habits: `:8080` is every interface, `localhost` is loopback.
    let spelled = if let Some(port) = text.strip_prefix(':') {
        format!("0.0.0.0:{port}")
    } else if let Some(port) = text.strip_prefix("localhost:") {
        format!("127.0.0.1:{port}")
    } else {
        text.to_string()
    };
    spelled.parse().with_context(|| {
        format!(
            "invalid {flag} {text:?}: expected IP:PORT such as 0.0.0.0:8080, 127.0.0.1:0, :8080 or localhost:8080"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Source;

    #[test]
    fn addresses_take_go_and_kubectl_spellings() {
        let a = |t| parse_addr("--http-addr", t).map(|a| a.to_string()).ok();
        assert_eq!(a(":8080").as_deref(), Some("0.0.0.0:8080"));
        assert_eq!(a("localhost:8080").as_deref(), Some("127.0.0.1:8080"));
        assert_eq!(a("[::1]:80").as_deref(), Some("[::1]:80"));
        assert_eq!(a("8080"), None);
        assert_eq!(a("localhost"), None);
    }
    use crate::manifest::routing::IngressIdentity;

    const INGRESS: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - {path: /api/, pathType: Prefix, backend: {service: {name: api, port: {name: http}}}}
      - {path: /health, pathType: Exact, backend: {service: {name: api, port: {name: http}}}}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {ports: [{name: http, port: 80, targetPort: 8080}]}
";

    fn endpoints(ips: &[&str]) -> String {
        let addresses: Vec<String> = ips.iter().map(|ip| format!("{{ip: {ip}}}")).collect();
        format!(
            "---\napiVersion: v1\nkind: Endpoints\nmetadata: {{name: api}}\nsubsets:\n- addresses: [{}]\n  ports: [{{name: http, port: 8080}}]\n",
            addresses.join(", ")
        )
    }

    fn snapshot(ips: &[&str]) -> Snapshot {
        let text = format!("{INGRESS}{}", endpoints(ips));
        Snapshot::from_sources(
            &[Source::from_text("t.yaml", &text)],
            "istio",
            IngressIdentity::default(),
        )
    }

    fn options() -> CompileOptions {
        CompileOptions {
            backends: Vec::new(),
            cluster_domain: "cluster.local".into(),
            upstream_timeout: Duration::from_secs(15),
            default_cert: None,
            cert_dir: PathBuf::from("/nonexistent"),
            tls_listeners: TlsListeners::Both,
            https_port: 8443,
        }
    }

    /// The table of a compile that must succeed, its endpoint changes applied (as publishing
    /// does once the table is swapped in).
    fn compiled(result: Result<Compiled>) -> RouteTable {
        let compiled = result.expect("compiles");
        compiled.endpoint_changes.apply();
        compiled.table
    }

    fn action<'t>(table: &'t RouteTable, path: &str) -> &'t Arc<RouteAction> {
        table
            .http
            .lookup("web.example.com", path)
            .map(|found| found.target())
            .expect("a route")
    }

    #[test]
    fn compiles_routes_and_one_upstream_per_service_port() {
        let registry = EndpointRegistry::default();
        let table = compiled(compile(&snapshot(&["10.0.0.1"]), &options(), &registry));
        let api = action(&table, "/api/users");
        assert_eq!(api.upstream.name, "api.default:http");
        assert_eq!(api.upstream.endpoints.addrs(), ["10.0.0.1:8080"]);
        assert!(Arc::ptr_eq(
            &api.upstream,
            &action(&table, "/health").upstream
        ));
        assert!(table.http.lookup("web.example.com", "/other").is_none());
        assert_eq!(table.upstreams.len(), 1);
        assert_eq!(registry.len(), 1);
    }

    #[test]
    fn an_endpoint_change_swaps_the_set_without_recompiling() {
        let registry = EndpointRegistry::default();
        let opts = options();
        let table = compiled(compile(
            &snapshot(&["10.0.0.1", "10.0.0.2"]),
            &opts,
            &registry,
        ));
        let before = action(&table, "/api/").clone();
        assert_eq!(before.upstream.pick().as_deref(), Some("10.0.0.1:8080"));
        let changes = table
            .refresh_endpoints(&snapshot(&["10.0.0.2", "10.0.0.3"]), &opts)
            .expect("refreshes");
        assert_eq!(changes.len(), 1);
        assert_eq!(
            action(&table, "/api/").upstream.endpoints.addrs(),
            ["10.0.0.1:8080", "10.0.0.2:8080"],
            "nothing changes until applied"
        );
        changes.apply();
        let after = action(&table, "/api/");
        assert!(Arc::ptr_eq(&before, after), "the same compiled route");
        assert_eq!(
            after.upstream.endpoints.addrs(),
            ["10.0.0.2:8080", "10.0.0.3:8080"]
        );
        assert_eq!(
            after.upstream.pick().as_deref(),
            Some("10.0.0.3:8080"),
            "round-robin went on from where it was"
        );
    }

    #[test]
    fn endpoint_slices_give_the_ready_endpoints() {
        let slice = "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: api-x, labels: {kubernetes.io/service-name: api}}\nendpoints:\n- {addresses: [10.0.0.5], conditions: {ready: true}}\n- {addresses: [10.0.0.6], conditions: {ready: true, terminating: true}}\nports: [{name: http, port: 8080}]\n";
        let snap = Snapshot::from_sources(
            &[Source::from_text("t.yaml", &format!("{INGRESS}{slice}"))],
            "istio",
            IngressIdentity::default(),
        );
        let table = compiled(compile(&snap, &options(), &EndpointRegistry::default()));
        assert_eq!(
            action(&table, "/api/").upstream.endpoints.addrs(),
            ["10.0.0.5:8080"]
        );
    }

    #[test]
    fn a_rebuilt_table_shares_the_upstreams_that_did_not_change() {
        let registry = EndpointRegistry::default();
        let first = compiled(compile(&snapshot(&["10.0.0.1"]), &options(), &registry));
        registry.retain(&first.upstreams);
        let again = compile(&snapshot(&["10.0.0.1"]), &options(), &registry).expect("compiles");
        assert!(Arc::ptr_eq(
            &action(&first, "/api/").upstream,
            &action(&again.table, "/api/").upstream
        ));
        assert!(
            again.endpoint_changes.is_empty(),
            "the same addresses change nothing"
        );
        let moved = compile(&snapshot(&["10.0.0.2"]), &options(), &registry).expect("compiles");
        assert_eq!(moved.endpoint_changes.len(), 1);
    }

    #[test]
    fn a_rebuilt_table_keeps_the_endpoint_sets() {
        let registry = EndpointRegistry::default();
        let first = compiled(compile(&snapshot(&["10.0.0.1"]), &options(), &registry));
        let second = compiled(compile(&snapshot(&["10.0.0.9"]), &options(), &registry));
        assert!(Arc::ptr_eq(
            &action(&first, "/api/").upstream.endpoints,
            &action(&second, "/api/").upstream.endpoints
        ));
        assert_eq!(
            action(&first, "/api/").upstream.endpoints.addrs(),
            ["10.0.0.9:8080"]
        );
    }
}
