//! Serde types for the manifests ingressctl reads and writes.
//!
//! Every type denies unknown fields so that a typo is reported with its line and column.
//! Fields a server adds (`status`, `uid`, `managedFields`, ...) are accepted and kept opaque,
//! so `kubectl get -o yaml` output loads. Optional fields are skipped when empty on output.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

pub use super::string_map::StringMap;

/// The HTTP methods of RFC 9110 and PATCH: what a CORS policy may allow and what an HTTPRoute
/// match can name.
pub const HTTP_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE",
];

/// A Kubernetes `int-or-string` (a port number or a port name).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IntOrString {
    /// A number.
    Int(i64),
    /// A name.
    Str(String),
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

impl Serialize for IntOrString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IntOrString::Int(i) => s.serialize_i64(*i),
            IntOrString::Str(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for IntOrString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IntOrString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a port number or a port name")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IntOrString, E> {
                Ok(IntOrString::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IntOrString, E> {
                i64::try_from(v)
                    .map(IntOrString::Int)
                    .map_err(|_| E::custom("port number out of range"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IntOrString, E> {
                Ok(IntOrString::Str(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Object metadata: what users write plus the fields a server adds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObjectMeta {
    /// Object name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Namespace (empty: the default namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Labels.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    pub labels: StringMap,
    /// Annotations.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    pub annotations: StringMap,
    /// Name prefix for server-generated names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub uid: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub resource_version: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub generation: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub creation_timestamp: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub deletion_timestamp: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub deletion_grace_period_seconds: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub managed_fields: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub owner_references: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub finalizers: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub self_link: Option<IgnoredAny>,
}

/// Display name `namespace/name` of an object (namespace `default` when unset).
pub fn qualified_name(meta: &ObjectMeta) -> String {
    format!("{}/{}", super::routing::namespace_of(meta), meta.name)
}

// === Ingress extensions/v1beta1 (and networking.k8s.io/v1beta1) ===

/// An Ingress of `extensions/v1beta1` or `networking.k8s.io/v1beta1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressV1beta1 {
    /// `extensions/v1beta1` or `networking.k8s.io/v1beta1`.
    pub api_version: String,
    /// `Ingress`.
    pub kind: String,
    /// Metadata.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The spec.
    #[serde(default)]
    pub spec: IngressSpecV1beta1,
    /// Server-written status: only its load-balancer addresses are read (the status writer
    /// compares them with the address it publishes).
    #[serde(default, skip_serializing)]
    pub status: Option<Value>,
}

/// `spec` of a v1beta1 Ingress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressSpecV1beta1 {
    /// Class name (Kubernetes 1.18+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress_class_name: Option<String>,
    /// Default backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<BackendV1beta1>,
    /// TLS entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tls: Vec<IngressTls>,
    /// Host rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleV1beta1>,
}

/// A host rule of a v1beta1 Ingress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleV1beta1 {
    /// Host (empty: all hosts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// HTTP paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpV1beta1>,
}

/// The `http` block of a v1beta1 rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpV1beta1 {
    /// Paths.
    pub paths: Vec<PathV1beta1>,
}

/// A path of a v1beta1 rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PathV1beta1 {
    /// The path (empty: everything).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Path type (Kubernetes 1.18+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_type: Option<String>,
    /// The backend.
    pub backend: BackendV1beta1,
}

/// A v1beta1 backend: service name and port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BackendV1beta1 {
    /// Service name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Service port, number or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_port: Option<IntOrString>,
    /// A resource backend instead of a service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Value>,
}

/// A TLS entry (both API versions).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressTls {
    /// Hosts covered by the certificate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// The Secret holding the certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
}

// === Ingress networking.k8s.io/v1 ===

/// An Ingress of `networking.k8s.io/v1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressV1 {
    /// `networking.k8s.io/v1`.
    pub api_version: String,
    /// `Ingress`.
    pub kind: String,
    /// Metadata.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The spec.
    #[serde(default)]
    pub spec: IngressSpecV1,
    /// Server-written status: only its load-balancer addresses are read (the status writer
    /// compares them with the address it publishes).
    #[serde(default, skip_serializing)]
    pub status: Option<Value>,
}

/// `spec` of a v1 Ingress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressSpecV1 {
    /// Class name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress_class_name: Option<String>,
    /// Default backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_backend: Option<BackendV1>,
    /// TLS entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tls: Vec<IngressTls>,
    /// Host rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleV1>,
}

/// A host rule of a v1 Ingress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleV1 {
    /// Host (empty: all hosts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// HTTP paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpV1>,
}

/// The `http` block of a v1 rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpV1 {
    /// Paths.
    pub paths: Vec<PathV1>,
}

/// A path of a v1 rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PathV1 {
    /// The path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `Exact`, `Prefix` or `ImplementationSpecific`.
    pub path_type: String,
    /// The backend.
    pub backend: BackendV1,
}

/// A v1 backend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BackendV1 {
    /// The service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceBackendV1>,
    /// A resource backend instead of a service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Value>,
}

/// A v1 service backend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceBackendV1 {
    /// Service name.
    pub name: String,
    /// Port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<ServicePortV1>,
}

/// A v1 service port: number or name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServicePortV1 {
    /// Port number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<i64>,
    /// Port name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

// === RouteRule config.istio.io/v1alpha2 ===

/// An Istio `RouteRule` (`config.istio.io/v1alpha2`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteRule {
    /// `config.istio.io/v1alpha2`.
    pub api_version: String,
    /// `RouteRule`.
    pub kind: String,
    /// Metadata.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The spec.
    #[serde(default)]
    pub spec: RouteRuleSpec,
    /// Server-written status, ignored.
    #[serde(default, skip_serializing)]
    pub status: Option<IgnoredAny>,
}

impl IstioService {
    /// `(namespace, name)` of this reference, resolved in `default_ns` (spec reference 1.2);
    /// `None` without a name.
    pub fn resolve(&self, default_ns: &str) -> Option<(String, String)> {
        if let Some(fqdn) = &self.service {
            let mut parts = fqdn.split('.');
            let name = parts.next()?.to_string();
            let ns = parts.next().unwrap_or(default_ns).to_string();
            return Some((ns, name));
        }
        let name = self.name.clone()?;
        let ns = self
            .namespace
            .clone()
            .unwrap_or_else(|| default_ns.to_string());
        Some((ns, name))
    }
}

impl RouteRule {
    /// The namespace the rule lives in (`default` when unset).
    pub fn namespace(&self) -> &str {
        super::routing::namespace_of(&self.metadata)
    }

    /// `(namespace, name)` of the rule's destination.
    pub fn destination_ref(&self) -> Option<(String, String)> {
        self.spec.destination.as_ref()?.resolve(self.namespace())
    }

    /// Evaluation order: precedence descending, then namespace/name (spec reference 1.10).
    pub fn order_key(&self) -> (i64, String, String) {
        (
            -i64::from(self.spec.precedence.unwrap_or(0)),
            self.namespace().to_string(),
            self.metadata.name.clone(),
        )
    }

    /// The rule's `uri` condition (`match.request.headers.uri`), when it has one.
    pub fn uri_match(&self) -> Option<&StringMatch> {
        self.spec
            .match_
            .as_ref()?
            .request
            .as_ref()?
            .headers
            .get("uri")
    }
}

/// `spec` of a RouteRule (fields per the spec reference, section 1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteRuleSpec {
    /// The service the rule governs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<IstioService>,
    /// Higher is evaluated first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i32>,
    /// Match conditions.
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub match_: Option<MatchCondition>,
    /// Weighted destinations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<DestinationWeight>,
    /// 302 redirect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<HttpRedirect>,
    /// Path / authority rewrite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewrite: Option<HttpRewrite>,
    /// Accept WebSocket upgrades.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websocket_upgrade: Option<bool>,
    /// Request timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_req_timeout: Option<HttpTimeout>,
    /// Retries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_req_retries: Option<HttpRetry>,
    /// Fault injection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_fault: Option<HttpFault>,
    /// L4 fault injection (never implemented by Istio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l4_fault: Option<Value>,
    /// Shadow traffic target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror: Option<IstioService>,
    /// CORS policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors_policy: Option<CorsPolicy>,
    /// Headers added to the request.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub append_headers: BTreeMap<String, String>,
}

/// An Istio service reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IstioService {
    /// Short name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Domain suffix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Full FQDN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Version labels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// A rule's match condition.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MatchCondition {
    /// Caller identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<IstioService>,
    /// L4 TCP match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp: Option<Value>,
    /// L4 UDP match (never supported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub udp: Option<Value>,
    /// HTTP request attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<MatchRequest>,
}

/// HTTP request match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MatchRequest {
    /// Header (and `uri`, `scheme`, `method`, `authority`) conditions, all ANDed.
    #[serde(default)]
    pub headers: BTreeMap<String, StringMatch>,
}

/// One of `exact`, `prefix`, `regex`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StringMatch {
    /// Exact value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    /// Prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// ECMAScript regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
}

/// A weighted destination.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DestinationWeight {
    /// Another service (default: the rule's destination).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<IstioService>,
    /// Version labels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Weight 0..100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
}

/// HTTP redirect.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpRedirect {
    /// New path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// New host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

/// HTTP rewrite.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpRewrite {
    /// New path (or prefix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// New host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

/// `httpReqTimeout`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpTimeout {
    /// The simple timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simple_timeout: Option<SimpleTimeout>,
    /// Proxy-specific (hidden).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Value>,
}

/// `simpleTimeout`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimpleTimeout {
    /// Go duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// Hidden, unimplemented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_header_name: Option<String>,
}

/// `httpReqRetries`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpRetry {
    /// The simple retry policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simple_retry: Option<SimpleRetry>,
    /// Proxy-specific (hidden).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Value>,
}

/// `simpleRetry`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimpleRetry {
    /// Number of retries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<i32>,
    /// Timeout per attempt (Go duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_try_timeout: Option<String>,
    /// Hidden, ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_header_name: Option<String>,
}

/// `httpFault`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpFault {
    /// Delay injection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<FaultDelay>,
    /// Abort injection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abort: Option<FaultAbort>,
}

/// `httpFault.delay`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultDelay {
    /// Share of requests delayed, 0..100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// The delay (Go duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_delay: Option<String>,
    /// Hidden; rejected by validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exponential_delay: Option<String>,
    /// Hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_header_name: Option<String>,
}

/// `httpFault.abort`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultAbort {
    /// Share of requests aborted, 0..100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// Status returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<i32>,
    /// Hidden; rejected by validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_status: Option<String>,
    /// Hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http2_error: Option<String>,
    /// Hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_header_name: Option<String>,
}

/// `corsPolicy`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CorsPolicy {
    /// Allowed origins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_origin: Vec<String>,
    /// Allowed methods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_methods: Vec<String>,
    /// Allowed request headers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_headers: Vec<String>,
    /// Exposed response headers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expose_headers: Vec<String>,
    /// Preflight cache time (Go duration, whole seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<String>,
    /// Allow credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_credentials: Option<bool>,
}

// === networking.k8s.io/v1 IngressClass ===

/// An IngressClass: names the controller that serves the Ingresses of a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressClass {
    /// `networking.k8s.io/v1`.
    pub api_version: String,
    /// `IngressClass`.
    pub kind: String,
    /// Metadata (the class name; the default-class annotation).
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The spec.
    #[serde(default)]
    pub spec: IngressClassSpec,
}

/// `spec` of an IngressClass.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressClassSpec {
    /// The controller, e.g. `istio.io/ingress-controller`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// Controller-specific parameters, not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
}

// === core/v1 Secret and Service ===

/// A core/v1 Secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Secret {
    /// `v1`.
    pub api_version: String,
    /// `Secret`.
    pub kind: String,
    /// Metadata.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// Secret type, e.g. `kubernetes.io/tls`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Base64-encoded values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
    /// Plain-text values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub string_data: BTreeMap<String, String>,
    /// Immutable flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

/// A core/v1 Service (the parts ingress routing needs, plus the rest as known fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Service {
    /// `v1`.
    pub api_version: String,
    /// `Service`.
    pub kind: String,
    /// Metadata.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The spec.
    #[serde(default)]
    pub spec: ServiceSpec,
    /// Server-written status, ignored.
    #[serde(default, skip_serializing)]
    pub status: Option<IgnoredAny>,
}

impl Service {
    /// True for `type: ExternalName` (a DNS alias: no selector, ports or endpoints).
    pub fn is_external_name(&self) -> bool {
        self.spec.type_.as_deref() == Some("ExternalName")
    }
}

/// `spec` of a Service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceSpec {
    /// Ports.
    #[serde(default)]
    pub ports: Vec<ServicePort>,
    /// Pod selector.
    #[serde(default)]
    pub selector: BTreeMap<String, String>,
    /// `ClusterIP`, `NodePort`, `LoadBalancer`, `ExternalName`.
    #[serde(rename = "type", default)]
    pub type_: Option<String>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub cluster_ip: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(rename = "clusterIPs", default, skip_serializing)]
    pub cluster_ips: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(rename = "externalIPs", default, skip_serializing)]
    pub external_ips: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub external_name: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub external_traffic_policy: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub internal_traffic_policy: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub ip_families: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub ip_family_policy: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(rename = "loadBalancerIP", default, skip_serializing)]
    pub load_balancer_ip: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub load_balancer_source_ranges: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub load_balancer_class: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub session_affinity: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub session_affinity_config: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub publish_not_ready_addresses: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub health_check_node_port: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub allocate_load_balancer_node_ports: Option<IgnoredAny>,
    /// Set by the API server; accepted and ignored.
    #[serde(default, skip_serializing)]
    pub traffic_distribution: Option<IgnoredAny>,
}

/// A Service port.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServicePort {
    /// Port name (Istio reads the protocol from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Port number.
    pub port: i64,
    /// Target port on the pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    /// `TCP`, `UDP`, `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Application protocol (takes priority over the name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    /// Node port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i64>,
}

/// A core/v1 Endpoints object: the addresses behind a Service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Endpoints {
    /// `v1`.
    pub api_version: String,
    /// `Endpoints`.
    pub kind: String,
    /// Metadata (same name as the Service).
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// Address and port sets.
    #[serde(default)]
    pub subsets: Vec<EndpointSubset>,
}

/// One set of addresses sharing ports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointSubset {
    /// Ready addresses.
    #[serde(default)]
    pub addresses: Vec<EndpointAddress>,
    /// Addresses not ready (not used for traffic).
    #[serde(default)]
    pub not_ready_addresses: Vec<EndpointAddress>,
    /// Ports.
    #[serde(default)]
    pub ports: Vec<EndpointPort>,
}

/// One endpoint address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointAddress {
    /// IP address.
    pub ip: String,
    /// Host name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Node name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    /// The Pod behind it; its labels select versions for route rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<Value>,
}

/// A `discovery.k8s.io/v1` EndpointSlice: part of a Service's endpoints (the label
/// `kubernetes.io/service-name` names the Service).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointSlice {
    /// `discovery.k8s.io/v1`.
    pub api_version: String,
    /// `EndpointSlice`.
    pub kind: String,
    /// Metadata (the Service's name in a label).
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// `IPv4`, `IPv6` or `FQDN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_type: Option<String>,
    /// The endpoints.
    #[serde(default)]
    pub endpoints: Vec<SliceEndpoint>,
    /// The ports, shared by every endpoint of the slice.
    #[serde(default)]
    pub ports: Vec<SlicePort>,
}

/// The label that ties an EndpointSlice to its Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

impl EndpointSlice {
    /// The Service the slice belongs to.
    pub fn service(&self) -> Option<&str> {
        self.metadata
            .labels
            .get(SERVICE_NAME_LABEL)
            .map(String::as_str)
    }

    /// The slice as an Endpoints subset: ready endpoints as addresses; not ready or
    /// terminating ones (which take no new requests) as not-ready addresses.
    pub fn subset(&self) -> EndpointSubset {
        let mut subset = EndpointSubset {
            ports: self
                .ports
                .iter()
                .filter_map(|p| {
                    Some(EndpointPort {
                        name: p.name.clone(),
                        port: p.port?,
                        protocol: p.protocol.clone(),
                        app_protocol: p.app_protocol.clone(),
                    })
                })
                .collect(),
            ..EndpointSubset::default()
        };
        for ep in &self.endpoints {
            let addresses = ep.addresses.iter().map(|ip| EndpointAddress {
                ip: ip.clone(),
                hostname: ep.hostname.clone(),
                node_name: ep.node_name.clone(),
                target_ref: ep.target_ref.clone(),
            });
            if ep.takes_traffic() {
                subset.addresses.extend(addresses);
            } else {
                subset.not_ready_addresses.extend(addresses);
            }
        }
        subset
    }
}

/// One endpoint of a slice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SliceEndpoint {
    /// Its addresses (one in practice).
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Ready, serving, terminating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<EndpointConditions>,
    /// Host name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The Pod behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<Value>,
    /// Node name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    /// Zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Topology hints, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hints: Option<Value>,
    /// Deprecated topology, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated_topology: Option<Value>,
}

impl SliceEndpoint {
    /// True when it should get new requests: ready (unset means ready) and not terminating.
    pub fn takes_traffic(&self) -> bool {
        let c = self.conditions.as_ref();
        c.and_then(|c| c.ready).unwrap_or(true) && !c.and_then(|c| c.terminating).unwrap_or(false)
    }
}

/// The conditions of a slice endpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointConditions {
    /// Ready for traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
    /// Serving (may be terminating).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serving: Option<bool>,
    /// Shutting down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminating: Option<bool>,
}

/// A port of a slice (no port number means every port).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SlicePort {
    /// Name (matches the Service port name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Port number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// `TCP`, `UDP`, `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Application protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
}

/// One endpoint port.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointPort {
    /// Name (matches the Service port name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Port number.
    pub port: i64,
    /// `TCP`, `UDP`, `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Application protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
}

/// A core/v1 Pod: only its labels matter (they select versions for route rules).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pod {
    /// `v1`.
    pub api_version: String,
    /// `Pod`.
    pub kind: String,
    /// Metadata (labels).
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The spec, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<Value>,
    /// The status, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
}
