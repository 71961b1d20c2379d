//! Reads the live objects `validate --cluster` and `verify --cluster` check, as manifest
//! sources: the Ingresses of the class, RouteRules (when the CRD is served), Services and
//! Endpoints, the ingress certificate Secret, and the ingress Service and pods.
//!
//! Each object is trimmed to what a user writes (server bookkeeping and
//! `last-applied-configuration` dropped) and becomes a manifest [`Object`] with no text
//! ([`manifest::live_object`]), so every file check runs on it unchanged.

use k8s_openapi::api::core::v1::{Endpoints, Pod, Secret, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use kube::api::{Api, DynamicObject, ListParams};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::host::{POD_SELECTORS, SERVICE_NAMES};
use super::resources;
use super::{Cluster, ClusterError};
use crate::diagnostic::Diagnostic;
use crate::manifest::generate::ISTIO_INGRESS_SECRET;
use crate::manifest::routing::ClassFilter;
use crate::manifest::{self, Object};

/// The annotation kubectl's client-side apply writes; it is not the user's.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// What to read.
#[derive(Debug, Clone)]
pub struct ReadScope {
    /// `-A`: every namespace.
    pub all_namespaces: bool,
    /// The ingress class whose Ingresses are read.
    pub class: String,
    /// The namespace of the ingress Service, pods and certificate.
    pub gateway_namespace: String,
    /// More namespaces whose Services and Endpoints to read (those that local files name).
    pub extra_namespaces: Vec<String>,
}

/// The live objects.
#[derive(Debug, Default)]
pub struct LiveObjects {
    /// The objects read.
    pub objects: Vec<Object>,
    /// Objects that are not what their kind's schema says, one problem each.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the RouteRule CRD is served.
    pub routerules_served: bool,
    /// What could not be read and was done without (one line each, for stderr).
    pub notes: Vec<String>,
}

/// Reads the objects in scope (about eight API calls, whatever the number of objects).
pub async fn live_objects(
    cluster: &Cluster,
    scope: &ReadScope,
) -> Result<LiveObjects, ClusterError> {
    let mut out = LiveObjects::default();
    let mut seen = std::collections::HashSet::new();
    let home = (!scope.all_namespaces).then_some(cluster.namespace.as_str());
    let classes = ingress_classes(cluster).await?;
    let filter = ClassFilter::from_controllers(
        &scope.class,
        classes.iter().filter_map(|c| {
            Some((
                c.metadata.name.as_deref()?,
                c.spec.as_ref()?.controller.as_deref(),
            ))
        }),
    );
    for class in &classes {
        push(
            &mut out,
            &mut seen,
            "networking.k8s.io/v1",
            "IngressClass",
            class,
        )?;
    }
    let ingresses: Vec<Ingress> = list(cluster, home, ListParams::default()).await?;
    for ing in ingresses.iter().filter(|i| of_class(i, &filter)) {
        push(&mut out, &mut seen, "networking.k8s.io/v1", "Ingress", ing)?;
    }
    out.routerules_served = routerules_served(cluster).await?;
    let mut referenced: Vec<String> = scope.extra_namespaces.clone();
    if out.routerules_served {
        let rr = resources::current("RouteRule");
        let api: Api<DynamicObject> = if scope.all_namespaces {
            Api::all_with(cluster.client.clone(), &rr.api)
        } else {
            Api::namespaced_with(cluster.client.clone(), &cluster.namespace, &rr.api)
        };
        for rule in cluster.call(api.list(&ListParams::default())).await?.items {
            referenced.extend(destination_namespace(&rule));
            push(
                &mut out,
                &mut seen,
                "config.istio.io/v1alpha2",
                "RouteRule",
                &rule,
            )?;
        }
    }
    let namespaces: Vec<Option<String>> = if scope.all_namespaces {
        vec![None]
    } else {
        referenced.push(cluster.namespace.clone());
        referenced.sort();
        referenced.dedup();
        referenced.into_iter().map(Some).collect()
    };
    for ns in &namespaces {
        read_backends(cluster, ns.as_deref(), &mut out, &mut seen).await?;
    }
    read_gateway(cluster, scope, &mut out, &mut seen).await?;
    Ok(out)
}

/// The Services, Endpoints and EndpointSlices of a namespace (every namespace with `None`);
/// the snapshot uses a Service's slices where it has no Endpoints.
async fn read_backends(
    cluster: &Cluster,
    ns: Option<&str>,
    out: &mut LiveObjects,
    seen: &mut std::collections::HashSet<String>,
) -> Result<(), ClusterError> {
    let services: Vec<Service> = list(cluster, ns, ListParams::default()).await?;
    for svc in &services {
        push(out, seen, "v1", "Service", svc)?;
    }
    let endpoints: Vec<Endpoints> = list(cluster, ns, ListParams::default()).await?;
    for ep in &endpoints {
        push(out, seen, "v1", "Endpoints", ep)?;
    }
    // Endpoints were read already: slices only fill gaps, so a cluster that will not list
    // them (RBAC, or older than 1.21) is noted, not fatal.
    let slices: Vec<EndpointSlice> = match list(cluster, ns, ListParams::default()).await {
        Ok(slices) => slices,
        Err(e @ (ClusterError::Forbidden { .. } | ClusterError::NotFound { .. })) => {
            out.notes
                .push(format!("EndpointSlices not read ({e}); Endpoints only"));
            Vec::new()
        }
        Err(e) => return Err(e),
    };
    for slice in &slices {
        push(out, seen, "discovery.k8s.io/v1", "EndpointSlice", slice)?;
    }
    Ok(())
}

/// The namespace a live RouteRule's destination names, when it names one.
fn destination_namespace(rule: &DynamicObject) -> Option<String> {
    let value = serde_json::to_value(rule).ok()?;
    let parsed: crate::manifest::model::RouteRule = serde_json::from_value(value).ok()?;
    parsed.destination_ref().map(|(ns, _)| ns)
}

async fn read_gateway(
    cluster: &Cluster,
    scope: &ReadScope,
    out: &mut LiveObjects,
    seen: &mut std::collections::HashSet<String>,
) -> Result<(), ClusterError> {
    let ns = &scope.gateway_namespace;
    let secrets: Api<Secret> = Api::namespaced(cluster.client.clone(), ns);
    if let Some(secret) = cluster.call(secrets.get_opt(ISTIO_INGRESS_SECRET)).await? {
        push(out, seen, "v1", "Secret", &secret)?;
    }
    let services: Api<Service> = Api::namespaced(cluster.client.clone(), ns);
    for name in SERVICE_NAMES {
        if let Some(svc) = cluster.call(services.get_opt(name)).await? {
            push(out, seen, "v1", "Service", &svc)?;
        }
    }
    let pods: Api<Pod> = Api::namespaced(cluster.client.clone(), ns);
    let selector = POD_SELECTORS
        .iter()
        .filter_map(|s| s.split_once('='))
        .map(|(_, v)| v)
        .collect::<Vec<_>>()
        .join(",");
    let params = ListParams::default().labels(&format!("istio in ({selector})"));
    for pod in cluster.call(pods.list(&params)).await?.items {
        push(out, seen, "v1", "Pod", &pod)?;
    }
    Ok(())
}

/// Lists in one namespace, or in all with `None`.
async fn list<K>(
    cluster: &Cluster,
    ns: Option<&str>,
    params: ListParams,
) -> Result<Vec<K>, ClusterError>
where
    K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope, DynamicType = ()>
        + Clone
        + DeserializeOwned
        + std::fmt::Debug,
{
    let api: Api<K> = match ns {
        None => Api::all(cluster.client.clone()),
        Some(ns) => Api::namespaced(cluster.client.clone(), ns),
    };
    Ok(cluster.call(api.list(&params)).await?.items)
}

/// Whether the cluster serves RouteRules (`config.istio.io/v1alpha2`, `routerules`).
pub(crate) async fn routerules_served(cluster: &Cluster) -> Result<bool, ClusterError> {
    match cluster
        .call(
            cluster
                .client
                .list_api_group_resources("config.istio.io/v1alpha2"),
        )
        .await
    {
        Ok(list) => Ok(list.resources.iter().any(|r| r.name == "routerules")),
        Err(e) if e.is_not_found() => Ok(false),
        Err(e) => Err(e),
    }
}

/// The IngressClasses (cluster-scoped); a user who may not list them gets none.
async fn ingress_classes(cluster: &Cluster) -> Result<Vec<IngressClass>, ClusterError> {
    let api: Api<IngressClass> = Api::all(cluster.client.clone());
    match cluster.call(api.list(&ListParams::default())).await {
        Ok(list) => Ok(list.items),
        Err(ClusterError::Forbidden { .. } | ClusterError::NotFound { .. }) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Whether the controller serves the Ingress, by the snapshot's own rule.
fn of_class(ing: &Ingress, filter: &ClassFilter) -> bool {
    let (annotation, field) = super::host::class_parts(ing);
    filter.admits_parts(annotation, field)
}

/// A live object trimmed to what a user writes, as a manifest object, or the problem that
/// keeps it from being one.
pub(crate) fn to_object<T: Serialize>(
    api_version: &str,
    kind: &str,
    object: &T,
) -> Result<Result<Object, Diagnostic>, ClusterError> {
    object_of(kind, trimmed_value(api_version, kind, object)?)
}

fn trimmed_value<T: Serialize>(
    api_version: &str,
    kind: &str,
    object: &T,
) -> Result<Value, ClusterError> {
    let value = serde_json::to_value(object).map_err(|e| {
        ClusterError::Unsupported(format!("cannot read a {kind} from the cluster: {e}"))
    })?;
    Ok(trim(value, api_version, kind))
}

fn object_of(kind: &str, trimmed: Value) -> Result<Result<Object, Diagnostic>, ClusterError> {
    match manifest::live_object(trimmed) {
        Ok(Some(object)) => Ok(Ok(object)),
        Ok(None) => Err(ClusterError::Unsupported(format!(
            "{kind} is not a kind ingressctl reads"
        ))),
        Err(problem) => Ok(Err(problem)),
    }
}

fn push<T: Serialize>(
    out: &mut LiveObjects,
    seen: &mut std::collections::HashSet<String>,
    api_version: &str,
    kind: &str,
    object: &T,
) -> Result<(), ClusterError> {
    let trimmed = trimmed_value(api_version, kind, object)?;
    let key = format!(
        "{kind}/{}/{}",
        trimmed
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or_default(),
        trimmed
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    );
    if !seen.insert(key) {
        return Ok(());
    }
    match object_of(kind, trimmed)? {
        Ok(object) => out.objects.push(object),
        Err(problem) => out.diagnostics.push(problem),
    }
    Ok(())
}

/// The object as a user would have written it: the fields each kind's checks read.
fn trim(value: Value, api_version: &str, kind: &str) -> Value {
    let keep: &[&str] = match kind {
        "Service" => &["spec"],
        "Endpoints" => &["subsets"],
        "Secret" => &["type", "data"],
        "EndpointSlice" => &["addressType", "endpoints", "ports"],
        "Pod" => &["status"],
        "Ingress" => &["spec", "status"],
        _ => &["spec"],
    };
    let mut out = serde_json::Map::new();
    out.insert("apiVersion".into(), Value::String(api_version.into()));
    out.insert("kind".into(), Value::String(kind.into()));
    out.insert("metadata".into(), trim_metadata(value.get("metadata")));
    for key in keep {
        if let Some(v) = value.get(*key) {
            out.insert((*key).into(), trim_field(kind, key, v));
        }
    }
    Value::Object(out)
}

fn trim_metadata(meta: Option<&Value>) -> Value {
    let mut out = serde_json::Map::new();
    for key in [
        "name",
        "namespace",
        "labels",
        "annotations",
        "resourceVersion",
    ] {
        if let Some(v) = meta.and_then(|m| m.get(key)) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(annotations) = out.get_mut("annotations").and_then(Value::as_object_mut) {
        annotations.remove(LAST_APPLIED);
        if annotations.is_empty() {
            out.remove("annotations");
        }
    }
    Value::Object(out)
}

/// Service specs keep only ports, selector and type (servers add fields every release);
/// pod status keeps only what readiness needs; an Ingress's status only its addresses.
fn trim_field(kind: &str, key: &str, v: &Value) -> Value {
    let fields: &[&str] = match (kind, key) {
        ("Service", "spec") => &["ports", "selector", "type"],
        ("Pod", "status") => &["phase", "hostIP", "conditions"],
        ("Ingress", "status") => &["loadBalancer"],
        _ => return v.clone(),
    };
    let mut out = serde_json::Map::new();
    for f in fields {
        if let Some(x) = v.get(*f) {
            out.insert((*f).into(), x.clone());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn trims_server_fields_and_last_applied() {
        let v = json!({
            "metadata": {"name": "web", "namespace": "default", "uid": "u", "resourceVersion": "7",
                "annotations": {LAST_APPLIED: "{}"}, "managedFields": []},
            "spec": {"ports": [{"port": 80}], "clusterIP": "10.0.0.1", "trafficDistribution": "x"},
            "status": {"loadBalancer": {}}
        });
        let t = trim(v, "v1", "Service");
        assert_eq!(
            t,
            json!({"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": "web", "namespace": "default", "resourceVersion": "7"},
                "spec": {"ports": [{"port": 80}]}})
        );
    }
}
