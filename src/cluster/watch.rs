//! Watching a cluster for `serve --kube`: reflectors (kube-runtime) keep the Ingresses,
//! IngressClasses, Services, EndpointSlices, Pods and RouteRules in memory and say when any of
//! them changed; [`Watch::sources`] turns what they hold, plus the TLS Secrets the Ingresses
//! name (read one by one, never listed), into manifest sources for a snapshot.
//!
//! A watch that breaks is restarted with back-off by kube-runtime while the stores keep the
//! last state.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use k8s_openapi::api::core::v1::{Pod, Secret, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use kube::api::{Api, DynamicObject};
use kube::runtime::reflector::{self, ObjectRef, Store};
use kube::runtime::{WatchStreamExt, watcher};
use tokio::sync::Notify;

use super::read;
use super::resources;
use super::{Cluster, ClusterError};
use crate::manifest::Source;
use crate::manifest::generate::ISTIO_INGRESS_SECRET;
use crate::manifest::routing::ClassFilter;

/// A Secret read for a snapshot: (namespace, name) and the resourceVersion it had.
type SeenSecret = ((String, String), Option<String>);

/// A Service by (namespace, name).
pub type ServiceKey = (String, String);

/// What changed since the last snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Something that shapes routes, rules or certificates (or a watch re-listed): the whole
    /// configuration is read again.
    Routing,
    /// Only EndpointSlices, of these Services.
    Endpoints(HashSet<ServiceKey>),
}

/// What the watch tasks share: what they have seen change, the bell they ring, and the API
/// server they talk to (named in their error lines).
#[derive(Default)]
struct WatchState {
    server: String,
    routing: AtomicBool,
    services: std::sync::Mutex<HashSet<ServiceKey>>,
    bell: Notify,
}

impl WatchState {
    fn routing(&self) {
        self.routing.store(true, Ordering::SeqCst);
        self.bell.notify_one();
    }

    fn endpoints_of(&self, service: ServiceKey) {
        self.services
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(service);
        self.bell.notify_one();
    }

    /// What changed since the last call, and forgets it.
    fn take(&self) -> Change {
        let services =
            std::mem::take(&mut *self.services.lock().unwrap_or_else(|e| e.into_inner()));
        if self.routing.swap(false, Ordering::SeqCst) {
            Change::Routing
        } else {
            Change::Endpoints(services)
        }
    }
}

/// What a change of one object means.
type Mark<K> = fn(&WatchState, &K);

fn mark_routing<K>(dirty: &WatchState, _: &K) {
    dirty.routing();
}

/// An EndpointSlice moves only its Service's endpoints (one without a Service label is not
/// folded into any endpoints: a full read keeps the rules in one place).
fn mark_slice(dirty: &WatchState, slice: &EndpointSlice) {
    match (slice_service(slice), &slice.metadata.namespace) {
        (Some(service), Some(ns)) => dirty.endpoints_of((ns.clone(), service)),
        _ => dirty.routing(),
    }
}

/// What to watch.
#[derive(Debug, Clone)]
pub struct WatchScope {
    /// `--watch-namespace`; `None` watches every namespace.
    pub namespace: Option<String>,
    /// Where the guide's certificate Secret lives.
    pub gateway_namespace: String,
    /// The ingress class served (whose Ingresses' Secrets are read).
    pub class: String,
}

/// Running reflectors and their stores.
pub struct Watch {
    cluster: Cluster,
    scope: WatchScope,
    ingresses: Store<Ingress>,
    classes: Store<IngressClass>,
    services: Store<Service>,
    slices: Store<EndpointSlice>,
    pods: Store<Pod>,
    route_rules: Option<Store<DynamicObject>>,
    dirty: Arc<WatchState>,
    /// The resourceVersion of each Secret last read, to notice a rotation.
    secrets_seen: std::sync::Mutex<Vec<SeenSecret>>,
    /// When the Secrets in use are read again next (set by the first wait).
    next_secret_poll: std::sync::Mutex<Option<tokio::time::Instant>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    /// Said once at start: what is not watched and why.
    pub notes: Vec<String>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl Watch {
    /// Starts the reflectors and waits until each has listed once (the first full sync).
    pub async fn start(cluster: Cluster, scope: WatchScope) -> Result<Watch, ClusterError> {
        let changed = Arc::new(WatchState {
            server: cluster.server.clone(),
            ..WatchState::default()
        });
        let mut tasks = Vec::new();
        let mut notes = Vec::new();
        let ns = scope.namespace.clone();
        let ingresses = reflect(
            namespaced(&cluster, ns.as_deref()),
            &changed,
            mark_routing,
            &mut tasks,
        );
        let classes = reflect(
            Api::all(cluster.client.clone()),
            &changed,
            mark_routing,
            &mut tasks,
        );
        let services = reflect(
            namespaced(&cluster, ns.as_deref()),
            &changed,
            mark_routing,
            &mut tasks,
        );
        let slices = reflect(
            namespaced(&cluster, ns.as_deref()),
            &changed,
            mark_slice,
            &mut tasks,
        );
        let pods = reflect_pod_labels(namespaced(&cluster, ns.as_deref()), &changed, &mut tasks);
        let route_rules = if read::routerules_served(&cluster).await? {
            let rr = resources::current("RouteRule");
            let api: Api<DynamicObject> = match ns.as_deref() {
                Some(ns) => Api::namespaced_with(cluster.client.clone(), ns, &rr.api),
                None => Api::all_with(cluster.client.clone(), &rr.api),
            };
            Some(reflect_dynamic(api, rr.api.clone(), &changed, &mut tasks))
        } else {
            notes.push(
                "this cluster serves no RouteRule resource (config.istio.io/v1alpha2): watching Ingresses only".into(),
            );
            None
        };
        let watch = Watch {
            cluster,
            scope,
            ingresses,
            classes,
            services,
            slices,
            pods,
            route_rules,
            dirty: changed,
            secrets_seen: std::sync::Mutex::new(Vec::new()),
            next_secret_poll: std::sync::Mutex::new(None),
            tasks,
            notes,
        };
        watch.synced().await?;
        Ok(watch)
    }

    async fn synced(&self) -> Result<(), ClusterError> {
        let dropped = |_| ClusterError::Config("a watch stopped before its first list".into());
        self.ingresses.wait_until_ready().await.map_err(dropped)?;
        self.classes.wait_until_ready().await.map_err(dropped)?;
        self.services.wait_until_ready().await.map_err(dropped)?;
        self.slices.wait_until_ready().await.map_err(dropped)?;
        self.pods.wait_until_ready().await.map_err(dropped)?;
        if let Some(rr) = &self.route_rules {
            rr.wait_until_ready().await.map_err(dropped)?;
        }
        Ok(())
    }

    /// True when a change that shapes routes is waiting to be read (an endpoint-only read
    /// taken now would meet it half-way: a full read is due anyway).
    pub fn routing_pending(&self) -> bool {
        self.dirty.routing.load(Ordering::SeqCst)
    }

    /// The client the watches use (for the status writer).
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// A cheap handle on the Ingress and IngressClass stores, for the status writer.
    pub fn ingress_view(&self) -> IngressView {
        IngressView {
            ingresses: self.ingresses.clone(),
            classes: self.classes.clone(),
        }
    }

    /// Waits for a change, then for the burst it belongs to to settle (`debounce`), and says
    /// what changed. Secrets are not watched (that would need a list of all Secrets): the ones
    /// in use are read again every `secret_poll`, and a new resourceVersion (a rotated
    /// certificate) is a routing change.
    /// The poll keeps its own schedule across calls: a stream of other changes (EndpointSlices
    /// of a busy cluster) never postpones it.
    pub async fn changed(&self, debounce: Duration, secret_poll: Duration) -> Change {
        loop {
            let due = *self
                .next_secret_poll
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert_with(|| tokio::time::Instant::now() + secret_poll);
            tokio::select! {
                () = self.dirty.bell.notified() => break,
                () = tokio::time::sleep_until(due) => {
                    *self.next_secret_poll.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some(tokio::time::Instant::now() + secret_poll);
                    if self.secrets_rotated().await {
                        self.dirty.routing.store(true, Ordering::SeqCst);
                        break;
                    }
                }
            }
        }
        tokio::time::sleep(debounce).await;
        self.dirty.take()
    }

    /// True when a Secret in use has another resourceVersion than when it was last read.
    async fn secrets_rotated(&self) -> bool {
        let seen = self
            .secrets_seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        for ((ns, name), version) in seen {
            let api: Api<Secret> = Api::namespaced(self.cluster.client.clone(), &ns);
            let now = match self.cluster.call(api.get_opt(&name)).await {
                Ok(secret) => secret.and_then(|s| s.metadata.resource_version),
                Err(_) => continue,
            };
            if now != version {
                return true;
            }
        }
        false
    }

    /// Everything watched, plus the Secrets the Ingresses name and the guide's certificate
    /// (each read with one GET), as manifest sources.
    pub async fn sources(&self) -> Result<Vec<Source>, ClusterError> {
        let mut out = Vec::new();
        for c in self.classes.state() {
            out.push(read::to_source(
                "networking.k8s.io/v1",
                "IngressClass",
                c.as_ref(),
            )?);
        }
        let ingresses = self.ingresses.state();
        let served = served(&self.ingresses, &self.classes, &self.scope.class);
        for i in &ingresses {
            out.push(read::to_source(
                "networking.k8s.io/v1",
                "Ingress",
                i.as_ref(),
            )?);
        }
        if let Some(rr) = &self.route_rules {
            for r in rr.state() {
                out.push(read::to_source(
                    "config.istio.io/v1alpha2",
                    "RouteRule",
                    r.as_ref(),
                )?);
            }
        }
        for s in self.services.state() {
            out.push(read::to_source("v1", "Service", s.as_ref())?);
        }
        for s in self.slices.state() {
            out.push(read::to_source(
                "discovery.k8s.io/v1",
                "EndpointSlice",
                s.as_ref(),
            )?);
        }
        for p in self.pods.state() {
            out.push(read::to_source("v1", "Pod", p.as_ref())?);
        }
        let mut seen = Vec::new();
        for (ns, name) in self.secret_names(&served) {
            let api: Api<Secret> = Api::namespaced(self.cluster.client.clone(), &ns);
            let secret = self.cluster.call(api.get_opt(&name)).await?;
            let version = secret
                .as_ref()
                .and_then(|s| s.metadata.resource_version.clone());
            if let Some(secret) = secret {
                out.push(read::to_source("v1", "Secret", &secret)?);
            }
            seen.push(((ns, name), version));
        }
        *self.secrets_seen.lock().unwrap_or_else(|e| e.into_inner()) = seen;
        Ok(out)
    }

    /// The objects the endpoints of these Services are made of: each Service, its
    /// EndpointSlices, and the Pods they point at (for version subsets).
    pub fn endpoint_sources(
        &self,
        services: &HashSet<ServiceKey>,
    ) -> Result<Vec<Source>, ClusterError> {
        let mut out = Vec::new();
        let mut pods = HashSet::new();
        for (ns, name) in services {
            if let Some(s) = self.services.get(&ObjectRef::new(name).within(ns)) {
                out.push(read::to_source("v1", "Service", s.as_ref())?);
            }
        }
        for s in self.slices.state() {
            let key = (
                s.metadata.namespace.clone().unwrap_or_default(),
                slice_service(&s).unwrap_or_default(),
            );
            if !services.contains(&key) {
                continue;
            }
            for e in &s.endpoints {
                if let Some(pod) = e
                    .target_ref
                    .as_ref()
                    .filter(|r| r.kind.as_deref() == Some("Pod"))
                {
                    let ns = pod.namespace.clone().unwrap_or_else(|| key.0.clone());
                    pods.insert((ns, pod.name.clone().unwrap_or_default()));
                }
            }
            out.push(read::to_source(
                "discovery.k8s.io/v1",
                "EndpointSlice",
                s.as_ref(),
            )?);
        }
        for (ns, name) in &pods {
            if let Some(p) = self.pods.get(&ObjectRef::new(name).within(ns)) {
                out.push(read::to_source("v1", "Pod", p.as_ref())?);
            }
        }
        Ok(out)
    }

    /// `istio-system/istio-ingress-certs` and every `tls[].secretName` of the Ingresses served.
    fn secret_names(&self, ingresses: &[Arc<Ingress>]) -> Vec<(String, String)> {
        let mut names = vec![(
            self.scope.gateway_namespace.clone(),
            ISTIO_INGRESS_SECRET.to_string(),
        )];
        for ing in ingresses {
            let ns = ing
                .metadata
                .namespace
                .clone()
                .unwrap_or_else(|| "default".into());
            let tls = ing.spec.as_ref().and_then(|s| s.tls.as_ref());
            for t in tls.into_iter().flatten() {
                if let Some(name) = &t.secret_name {
                    names.push((ns.clone(), name.clone()));
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

/// What the status writer reads: the watched Ingresses and IngressClasses.
#[derive(Clone)]
pub struct IngressView {
    ingresses: Store<Ingress>,
    classes: Store<IngressClass>,
}

impl IngressView {
    /// The Ingresses of the class as watched now.
    pub fn served(&self, class: &str) -> Vec<Arc<Ingress>> {
        served(&self.ingresses, &self.classes, class)
    }
}

/// The Ingresses of the class (shared with the store, not copied).
fn served(
    ingresses: &Store<Ingress>,
    classes: &Store<IngressClass>,
    class: &str,
) -> Vec<Arc<Ingress>> {
    let classes = classes.state();
    let filter = ClassFilter::from_controllers(
        class,
        classes.iter().filter_map(|c| {
            Some((
                c.metadata.name.as_deref()?,
                c.spec.as_ref()?.controller.as_deref(),
            ))
        }),
    );
    ingresses
        .state()
        .into_iter()
        .filter(|i| {
            let (annotation, field) = super::host::class_parts(i);
            filter.admits_parts(annotation, field)
        })
        .collect()
}

fn namespaced<K>(cluster: &Cluster, ns: Option<&str>) -> Api<K>
where
    K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope, DynamicType = ()>,
{
    match ns {
        Some(ns) => Api::namespaced(cluster.client.clone(), ns),
        None => Api::all(cluster.client.clone()),
    }
}

/// Runs a reflector in a task; every event that matters (after the store is updated) is
/// marked in `changed` as `mark` says.
fn reflect<K>(
    api: Api<K>,
    changed: &Arc<WatchState>,
    mark: Mark<K>,
    tasks: &mut Vec<tokio::task::JoinHandle<()>>,
) -> Store<K>
where
    K: kube::Resource<DynamicType = ()>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug
        + Send
        + Sync
        + 'static,
{
    let (reader, writer) = reflector::store();
    let stream = watcher(api, watcher::Config::default())
        .default_backoff()
        .modify(|o: &mut K| trim_meta(o.meta_mut()))
        .reflect(writer);
    tasks.push(spawn_notifying(
        stream,
        changed.clone(),
        any_change::<K>,
        mark,
    ));
    reader
}

/// Drops what nothing here reads and what can be the largest part of an object: its
/// managedFields and kubectl's copy of the last applied manifest.
fn trim_meta(meta: &mut k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) {
    meta.managed_fields = None;
    if let Some(a) = meta.annotations.as_mut() {
        a.remove("kubectl.kubernetes.io/last-applied-configuration");
    }
}

/// The Service an EndpointSlice belongs to (its `kubernetes.io/service-name` label).
fn slice_service(slice: &EndpointSlice) -> Option<String> {
    slice
        .metadata
        .labels
        .as_ref()?
        .get("kubernetes.io/service-name")
        .cloned()
}

/// Any change of an object matters (its resourceVersion moved).
fn any_change<K: kube::Resource>(o: &K) -> u64 {
    hash_of(&o.meta().resource_version)
}

/// Only a change of a pod's labels matters.
fn label_change(p: &Pod) -> u64 {
    hash_of(&p.metadata.labels)
}

fn hash_of<T: std::hash::Hash>(t: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// Pods matter only for their labels (the version subsets of route rules): the store keeps
/// little else, and only a label change (or a new or deleted pod) wakes a rebuild; a pod's
/// status changing (restarts, readiness) reaches serve through its EndpointSlice instead.
fn reflect_pod_labels(
    api: Api<Pod>,
    changed: &Arc<WatchState>,
    tasks: &mut Vec<tokio::task::JoinHandle<()>>,
) -> Store<Pod> {
    let (reader, writer) = reflector::store();
    let stream = watcher(api, watcher::Config::default())
        .default_backoff()
        .modify(|pod: &mut Pod| {
            pod.metadata.managed_fields = None;
            pod.metadata.annotations = None;
            pod.spec = None;
            pod.status = None;
        })
        .reflect(writer);
    tasks.push(spawn_notifying(
        stream,
        changed.clone(),
        label_change,
        mark_routing,
    ));
    reader
}

fn reflect_dynamic(
    api: Api<DynamicObject>,
    resource: kube::discovery::ApiResource,
    changed: &Arc<WatchState>,
    tasks: &mut Vec<tokio::task::JoinHandle<()>>,
) -> Store<DynamicObject> {
    let writer = reflector::store::Writer::new(resource);
    let reader = writer.as_reader();
    let stream = watcher(api, watcher::Config::default())
        .default_backoff()
        .modify(|o: &mut DynamicObject| trim_meta(&mut o.metadata))
        .reflect(writer);
    tasks.push(spawn_notifying(
        stream,
        changed.clone(),
        any_change::<DynamicObject>,
        mark_routing,
    ));
    reader
}

/// Marks the events that matter in `changed`: a live change whose `key` moved or a deletion
/// (as `mark` says), or the end of a re-list after a broken watch (a routing change: what
/// was missed is not known). The first list is not a change (the first snapshot is taken
/// from it), which also keeps startup from waking a rebuild.
fn spawn_notifying<S, K>(
    stream: S,
    changed: Arc<WatchState>,
    key: fn(&K) -> u64,
    mark: Mark<K>,
) -> tokio::task::JoinHandle<()>
where
    S: futures_util::Stream<Item = Result<watcher::Event<K>, watcher::Error>> + Send + 'static,
    K: kube::Resource + Send + 'static,
{
    tokio::spawn(async move {
        let mut stream = std::pin::pin!(stream);
        let mut last_said: Option<std::time::Instant> = None;
        let mut listed_once = false;
        let mut seen: HashMap<(Option<String>, Option<String>), u64> = HashMap::new();
        let name = |o: &K| (o.meta().namespace.clone(), o.meta().name.clone());
        while let Some(event) = stream.next().await {
            match event {
                Ok(watcher::Event::InitApply(o)) => {
                    seen.insert(name(&o), key(&o));
                }
                Ok(watcher::Event::InitDone) => {
                    if listed_once {
                        changed.routing();
                    }
                    listed_once = true;
                }
                Ok(watcher::Event::Init) => {}
                Ok(watcher::Event::Apply(o)) => {
                    if seen.insert(name(&o), key(&o)) != Some(key(&o)) {
                        mark(&changed, &o);
                    }
                }
                Ok(watcher::Event::Delete(o)) => {
                    seen.remove(&name(&o));
                    mark(&changed, &o);
                }
                // kube-runtime retries with back-off; say so, at most every 30 s per watch.
                Err(e) => {
                    if last_said.is_none_or(|t| t.elapsed() > Duration::from_secs(30)) {
                        let e = ClusterError::from_watch(e, &changed.server);
                        tracing::warn!("watch failed, retrying: {e}");
                        last_said = Some(std::time::Instant::now());
                    }
                }
            }
        }
    })
}
