//! Server-side apply of Ingresses, RouteRules and TLS Secrets, as `kubectl apply --server-side`.
//!
//! Each object is read first (to tell created, configured and unchanged apart), then applied
//! with field manager `ingressctl`. Before any write, [`prepare`] asks the server what it
//! serves: a RouteRule needs its CRD, and an `extensions/v1beta1` Ingress is translated to
//! `networking.k8s.io/v1` on servers that no longer serve the old API (Kubernetes 1.22+).

use kube::api::{Api, DynamicObject, Patch, PatchParams};
use serde_json::Value;

use super::resources::{self, ResourceType};
use super::{Cluster, ClusterError};
use crate::manifest::generate;
use crate::manifest::model::IngressV1beta1;

/// The field manager ingressctl writes as.
pub const FIELD_MANAGER: &str = "ingressctl";

/// `--dry-run`, with kubectl's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DryRun {
    /// Write for real.
    #[default]
    None,
    /// Send nothing that writes: read the live object only, to say what would happen.
    Client,
    /// Send the write with `dryRun=All`: the server checks it and stores nothing.
    Server,
}

impl DryRun {
    /// The suffix kubectl prints after the verb.
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// How to apply.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// `--dry-run`.
    pub dry_run: DryRun,
    /// `--force-conflicts`: take fields owned by other managers.
    pub force_conflicts: bool,
    /// `--field-manager`.
    pub field_manager: String,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            dry_run: DryRun::None,
            force_conflicts: false,
            field_manager: FIELD_MANAGER.into(),
        }
    }
}

/// An object ready to send: its type, namespace and body.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The resource type it is applied as.
    pub resource: ResourceType,
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// The body sent.
    pub body: Value,
    /// What was changed on the way (API translation).
    pub notes: Vec<String>,
}

impl Prepared {
    /// `ingress.networking.k8s.io/simple-ingress`, as kubectl prints it.
    pub fn display(&self) -> String {
        format!(
            "{}/{}",
            resources::kubectl_name(&self.resource.api),
            self.name
        )
    }
}

/// What an apply did to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// It did not exist.
    Created,
    /// It existed and changed.
    Configured,
    /// It existed and nothing changed.
    Unchanged,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Change::Created => "created",
            Change::Configured => "configured",
            Change::Unchanged => "unchanged",
        })
    }
}

/// The outcome for one object.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The change.
    pub change: Change,
    /// The object as the server returned it (`None` for a client dry run).
    pub object: Option<Value>,
}

/// An object that cannot be applied as written, and why (the others still are).
#[derive(Debug)]
pub struct Refused {
    /// `kind/name` as given.
    pub display: String,
    /// Why.
    pub error: ClusterError,
}

/// Checks what the server serves and turns manifests into bodies to apply. An object the
/// cluster cannot take is refused on its own; a cluster that cannot be reached fails all.
pub async fn prepare(
    cluster: &Cluster,
    objects: Vec<Value>,
) -> Result<Vec<Result<Prepared, Refused>>, ClusterError> {
    let mut probe = ServedProbe::default();
    let mut out = Vec::with_capacity(objects.len());
    for object in objects {
        let display = format!(
            "{}/{}",
            text_at(&object, "kind").to_lowercase(),
            object
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or_default()
        );
        match prepare_one(cluster, &mut probe, object).await {
            Ok(p) => out.push(Ok(p)),
            Err(error @ ClusterError::Unsupported(_)) => out.push(Err(Refused { display, error })),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

async fn prepare_one(
    cluster: &Cluster,
    probe: &mut ServedProbe,
    mut body: Value,
) -> Result<Prepared, ClusterError> {
    let api_version = text_at(&body, "apiVersion");
    let kind = text_at(&body, "kind");
    let name = body
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut resource = resources::lookup(&api_version, &kind).ok_or_else(|| {
        ClusterError::Unsupported(format!(
            "{kind} {name} ({api_version}) is not a kind ingressctl applies; use kubectl apply for it"
        ))
    })?;
    let mut notes = Vec::new();
    if kind == "RouteRule" && !probe.serves(cluster, &api_version, "routerules").await? {
        return Err(ClusterError::Unsupported(format!(
            "this cluster has no RouteRule resource (routerules.config.istio.io, {api_version}): RouteRules were removed in Istio 1.0; \
             run `ingressctl convert -f FILE` and apply the VirtualService and DestinationRule it prints"
        )));
    }
    if kind == "Ingress"
        && api_version != "networking.k8s.io/v1"
        && !probe.serves(cluster, &api_version, "ingresses").await?
    {
        let (translated, translation_notes) = translate_ingress(&body)?;
        body = translated;
        notes.push(format!(
            "Ingress {name}: this cluster does not serve {api_version} (removed in Kubernetes 1.22); applied as networking.k8s.io/v1"
        ));
        notes.extend(
            translation_notes
                .into_iter()
                .map(|n| format!("Ingress {name}: {n}")),
        );
        resource = resources::current("Ingress");
    }
    let namespace = match body.pointer("/metadata/namespace").and_then(Value::as_str) {
        Some(ns) if cluster.namespace_from_flag && !ns.is_empty() && ns != cluster.namespace => {
            return Err(ClusterError::Unsupported(format!(
                "the manifest's namespace {ns} does not match -n {}: drop one of them",
                cluster.namespace
            )));
        }
        Some(ns) if !ns.is_empty() => ns.to_string(),
        _ => cluster.namespace.clone(),
    };
    if resource.namespaced
        && let Some(meta) = body.get_mut("metadata").and_then(Value::as_object_mut)
    {
        meta.insert("namespace".into(), Value::String(namespace.clone()));
    }
    Ok(Prepared {
        resource,
        namespace,
        name,
        body,
        notes,
    })
}

fn translate_ingress(body: &Value) -> Result<(Value, Vec<String>), ClusterError> {
    let old: IngressV1beta1 = serde_json::from_value(body.clone()).map_err(|e| {
        ClusterError::Unsupported(format!(
            "cannot translate the Ingress to networking.k8s.io/v1: {e}"
        ))
    })?;
    let generated = generate::ingress_v1_from_v1beta1(&old);
    let value = serde_json::to_value(&generated.object).map_err(|e| {
        ClusterError::Unsupported(format!(
            "cannot translate the Ingress to networking.k8s.io/v1: {e}"
        ))
    })?;
    Ok((value, generated.notes))
}

fn text_at(body: &Value, key: &str) -> String {
    body.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Remembers which group versions serve which resources (one discovery call per group version).
#[derive(Default)]
struct ServedProbe {
    known: Vec<(String, Vec<String>)>,
}

impl ServedProbe {
    async fn serves(
        &mut self,
        cluster: &Cluster,
        api_version: &str,
        plural: &str,
    ) -> Result<bool, ClusterError> {
        if let Some((_, names)) = self.known.iter().find(|(v, _)| v == api_version) {
            return Ok(names.iter().any(|n| n == plural));
        }
        let names = match cluster
            .call(cluster.client.list_api_group_resources(api_version))
            .await
        {
            Ok(list) => list.resources.into_iter().map(|r| r.name).collect(),
            Err(e) if e.is_not_found() => Vec::new(),
            Err(e) => return Err(e),
        };
        let served = names.iter().any(|n| n == plural);
        self.known.push((api_version.to_string(), names));
        Ok(served)
    }
}

/// The typed API handle for a prepared object.
pub(crate) fn api_for(
    cluster: &Cluster,
    resource: &ResourceType,
    namespace: &str,
) -> Api<DynamicObject> {
    if resource.namespaced {
        Api::namespaced_with(cluster.client.clone(), namespace, &resource.api)
    } else {
        Api::all_with(cluster.client.clone(), &resource.api)
    }
}

/// Applies one prepared object and says what changed.
pub async fn apply(
    cluster: &Cluster,
    object: &Prepared,
    opts: &ApplyOptions,
) -> Result<Applied, ClusterError> {
    let api = api_for(cluster, &object.resource, &object.namespace);
    let before = cluster.call(api.get_opt(&object.name)).await?;
    if opts.dry_run == DryRun::Client {
        let change = match &before {
            None => Change::Created,
            Some(live) => {
                let live = serde_json::to_value(live).unwrap_or(Value::Null);
                if contains(&live, &object.body) {
                    Change::Unchanged
                } else {
                    Change::Configured
                }
            }
        };
        return Ok(Applied {
            change,
            object: None,
        });
    }
    let mut params = PatchParams::apply(&opts.field_manager);
    params.force = opts.force_conflicts;
    params.dry_run = opts.dry_run == DryRun::Server;
    let after = cluster
        .call(api.patch(&object.name, &params, &Patch::Apply(&object.body)))
        .await?;
    let after = serde_json::to_value(&after).unwrap_or(Value::Null);
    let change = match before {
        None => Change::Created,
        Some(before) => {
            let before = serde_json::to_value(&before).unwrap_or(Value::Null);
            if comparable(&before) == comparable(&after) {
                Change::Unchanged
            } else {
                Change::Configured
            }
        }
    };
    Ok(Applied {
        change,
        object: Some(after),
    })
}

/// True when every field the body sets has the same value in the live object (what an apply
/// of the body would leave unchanged; lists compare whole, as they are replaced whole).
fn contains(live: &Value, body: &Value) -> bool {
    match (live, body) {
        (Value::Object(l), Value::Object(b)) => b
            .iter()
            .all(|(k, v)| l.get(k).is_some_and(|lv| contains(lv, v))),
        (Value::Array(l), Value::Array(b)) => {
            l.len() == b.len() && l.iter().zip(b).all(|(lv, bv)| contains(lv, bv))
        }
        (l, b) => l == b,
    }
}

/// The object without the bookkeeping that changes on every write.
fn comparable(object: &Value) -> Value {
    let mut v = object.clone();
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in ["managedFields", "resourceVersion", "generation"] {
            meta.remove(key);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bookkeeping_is_not_a_change() {
        let a = json!({"metadata": {"name": "x", "resourceVersion": "1", "managedFields": []}, "spec": {"a": 1}});
        let b = json!({"metadata": {"name": "x", "resourceVersion": "2", "generation": 2}, "spec": {"a": 1}});
        assert_eq!(comparable(&a), comparable(&b));
        let c = json!({"metadata": {"name": "x"}, "spec": {"a": 2}});
        assert_ne!(comparable(&a), comparable(&c));
    }

    #[test]
    fn a_body_contained_in_the_live_object_changes_nothing() {
        let live = json!({"metadata": {"name": "x", "uid": "u"}, "spec": {"a": 1, "b": [1, 2]}});
        assert!(contains(
            &live,
            &json!({"metadata": {"name": "x"}, "spec": {"b": [1, 2]}})
        ));
        assert!(!contains(&live, &json!({"spec": {"b": [1]}})));
        assert!(!contains(&live, &json!({"spec": {"c": 1}})));
    }

    #[test]
    fn dry_run_suffixes_match_kubectl() {
        assert_eq!(DryRun::Server.suffix(), " (server dry run)");
        assert_eq!(DryRun::Client.suffix(), " (dry run)");
    }
}
