//! Watching a cluster for `serve --kube`: kube-runtime watchers follow the Ingresses,
//! IngressClasses, Services, EndpointSlices, Pods and RouteRules, and each object is kept
//! once, as the manifest object a snapshot reads (trimmed, no text), so snapshots share them
//! instead of copying; [`Watch::objects`] adds the TLS Secrets the Ingresses name (read one by
//! one, never listed).
//!
//! A watch that breaks is restarted with back-off by kube-runtime while the stores keep the
//! last state.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use k8s_openapi::api::core::v1::{Pod, Secret, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use kube::api::{Api, DynamicObject};
use kube::runtime::{WatchStreamExt, watcher};
use tokio::sync::Notify;

use super::read;
use super::resources;
use super::{Cluster, ClusterError};
use crate::diagnostic::Diagnostic;
use crate::manifest::generate::ISTIO_INGRESS_SECRET;
use crate::manifest::routing::ClassFilter;
use crate::manifest::{self, Manifest, Object};

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
type Mark = fn(&WatchState, &Entry);

fn mark_routing(dirty: &WatchState, _: &Entry) {
    dirty.routing();
}

/// An EndpointSlice moves only its Service's endpoints (one without a Service label is not
/// folded into any endpoints: a full read keeps the rules in one place).
fn mark_slice(dirty: &WatchState, entry: &Entry) {
    match entry {
        Ok(Object {
            manifest: Manifest::EndpointSlice(slice),
            ..
        }) => match slice.service() {
            Some(service) => dirty.endpoints_of((
                manifest::routing::namespace_of(&slice.metadata).to_string(),
                service.to_string(),
            )),
            None => dirty.routing(),
        },
        _ => dirty.routing(),
    }
}

/// One watched object: the manifest object, or the problem that keeps it from being one
/// (boxed: problems are rare, and every entry is as large as the larger of the two).
type Entry = Result<Object, Box<Diagnostic>>;

/// An object as read from the API: the manifest object, or its problem.
type Converted = Result<Object, Diagnostic>;

/// The objects of one watched kind by (namespace, name), each kept once and shared by every
/// snapshot taken from them, and whether the first list has been seen (the watch task holds
/// the sending end: a task that ends before its first list is not waited for forever).
#[derive(Clone)]
struct LiveStore {
    objects: Arc<std::sync::RwLock<BTreeMap<ServiceKey, Entry>>>,
    ready: tokio::sync::watch::Receiver<bool>,
}

impl LiveStore {
    /// A store, and the sender that says when its first list is in.
    fn new() -> (LiveStore, tokio::sync::watch::Sender<bool>) {
        let (listed, ready) = tokio::sync::watch::channel(false);
        let store = LiveStore {
            objects: Arc::default(),
            ready,
        };
        (store, listed)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<ServiceKey, Entry>> {
        self.objects.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, BTreeMap<ServiceKey, Entry>> {
        self.objects.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for the first list; an error when the watch task ended before it.
    async fn wait_until_ready(&self) -> Result<(), ClusterError> {
        let mut ready = self.ready.clone();
        match ready.wait_for(|listed| *listed).await {
            Ok(_) => Ok(()),
            Err(_) => Err(ClusterError::Config(
                "a watch stopped before its first list".into(),
            )),
        }
    }

    /// Every entry, shared (objects are reference-counted, not copied).
    fn entries(&self) -> Vec<Entry> {
        self.read().values().cloned().collect()
    }

    /// The object of this namespace and name, when it was read.
    fn get(&self, namespace: &str, name: &str) -> Option<Object> {
        let key = (namespace.to_string(), name.to_string());
        self.read().get(&key).and_then(|e| e.as_ref().ok()).cloned()
    }

    /// Stores the entry; true when its content differs from what was stored (a change of
    /// resourceVersion alone, or of an Ingress's status, is not one).
    fn upsert(&self, key: ServiceKey, entry: Entry) -> bool {
        let digest = content_digest(&entry);
        let old = self.write().insert(key, entry);
        old.is_none_or(|old| content_digest(&old) != digest || digest.is_none())
    }
}

/// A hash of an entry's content (`None` for a problem, which is always a change).
fn content_digest(entry: &Entry) -> Option<u64> {
    use std::hash::Hasher;
    let object = entry.as_ref().ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    object.origin.hash_content(&mut h);
    Some(h.finish())
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

/// Running watches and their stores.
pub struct Watch {
    cluster: Cluster,
    scope: WatchScope,
    ingresses: LiveStore,
    classes: LiveStore,
    services: LiveStore,
    slices: LiveStore,
    pods: LiveStore,
    route_rules: Option<LiveStore>,
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

/// What a watch of one kind needs besides its objects: how to turn one into an entry, and
/// what a change of it means.
struct Follow<K> {
    convert: fn(&K) -> Result<Converted, ClusterError>,
    mark: Mark,
}

/// A kind whose every change is a routing change.
fn routing<K>(convert: fn(&K) -> Result<Converted, ClusterError>) -> Follow<K> {
    Follow {
        convert,
        mark: mark_routing,
    }
}

impl Watch {
    /// Starts the watches and waits until each has listed once (the first full sync).
    pub async fn start(cluster: Cluster, scope: WatchScope) -> Result<Watch, ClusterError> {
        let changed = Arc::new(WatchState {
            server: cluster.server.clone(),
            ..WatchState::default()
        });
        let mut tasks = Vec::new();
        let mut notes = Vec::new();
        let ns = scope.namespace.clone();
        let ingresses = follow::<Ingress>(
            namespaced(&cluster, ns.as_deref()),
            routing(|o| read::to_object("networking.k8s.io/v1", "Ingress", o)),
            &changed,
            &mut tasks,
        );
        let classes = follow::<IngressClass>(
            Api::all(cluster.client.clone()),
            routing(|o| read::to_object("networking.k8s.io/v1", "IngressClass", o)),
            &changed,
            &mut tasks,
        );
        let services = follow::<Service>(
            namespaced(&cluster, ns.as_deref()),
            routing(|o| read::to_object("v1", "Service", o)),
            &changed,
            &mut tasks,
        );
        let slices = follow::<EndpointSlice>(
            namespaced(&cluster, ns.as_deref()),
            Follow {
                convert: |o| read::to_object("discovery.k8s.io/v1", "EndpointSlice", o),
                mark: mark_slice,
            },
            &changed,
            &mut tasks,
        );
        let pods = follow::<Pod>(
            namespaced(&cluster, ns.as_deref()),
            routing(pod_labels),
            &changed,
            &mut tasks,
        );
        let route_rules = if read::routerules_served(&cluster).await? {
            let rr = resources::current("RouteRule");
            let api: Api<DynamicObject> = match ns.as_deref() {
                Some(ns) => Api::namespaced_with(cluster.client.clone(), ns, &rr.api),
                None => Api::all_with(cluster.client.clone(), &rr.api),
            };
            Some(follow::<DynamicObject>(
                api,
                routing(|o| read::to_object("config.istio.io/v1alpha2", "RouteRule", o)),
                &changed,
                &mut tasks,
            ))
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
        let stores = [
            &self.ingresses,
            &self.classes,
            &self.services,
            &self.slices,
            &self.pods,
        ];
        for store in stores.into_iter().chain(&self.route_rules) {
            store.wait_until_ready().await?;
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

    /// Everything watched (shared with the stores, not copied), plus the Secrets the
    /// Ingresses name and the guide's certificate (each read with one GET), and the
    /// problems of objects that could not be read.
    pub async fn objects(&self) -> Result<LiveSet, ClusterError> {
        let stores = [&self.classes, &self.ingresses];
        let stores: Vec<&LiveStore> = stores
            .into_iter()
            .chain(&self.route_rules)
            .chain([&self.services, &self.slices, &self.pods])
            .collect();
        let mut out = LiveSet {
            // Every object, plus room for the Secrets: the snapshot's largest vector is
            // made once, not grown.
            objects: Vec::with_capacity(stores.iter().map(|s| s.read().len()).sum::<usize>() + 8),
            diagnostics: Vec::new(),
        };
        for store in stores {
            for entry in store.entries() {
                out.push(entry);
            }
        }
        let served = served(&self.ingresses, &self.classes, &self.scope.class);
        let mut seen = Vec::new();
        for (ns, name) in self.secret_names(&served) {
            let api: Api<Secret> = Api::namespaced(self.cluster.client.clone(), &ns);
            let secret = self.cluster.call(api.get_opt(&name)).await?;
            let version = secret
                .as_ref()
                .and_then(|s| s.metadata.resource_version.clone());
            if let Some(secret) = secret {
                out.push(read::to_object("v1", "Secret", &secret)?.map_err(Box::new));
            }
            seen.push(((ns, name), version));
        }
        *self.secrets_seen.lock().unwrap_or_else(|e| e.into_inner()) = seen;
        Ok(out)
    }

    /// The objects the endpoints of these Services are made of: each Service, its
    /// EndpointSlices, and the Pods they point at (for version subsets).
    pub fn endpoint_objects(&self, services: &HashSet<ServiceKey>) -> Vec<Object> {
        let mut out: Vec<Object> = services
            .iter()
            .filter_map(|(ns, name)| self.services.get(ns, name))
            .collect();
        let mut pods = HashSet::new();
        for entry in self.slices.read().values() {
            let Ok(object) = entry else { continue };
            let Manifest::EndpointSlice(slice) = &object.manifest else {
                continue;
            };
            let ns = manifest::routing::namespace_of(&slice.metadata);
            let key = (
                ns.to_string(),
                slice.service().unwrap_or_default().to_string(),
            );
            if !services.contains(&key) {
                continue;
            }
            pods.extend(
                slice
                    .endpoints
                    .iter()
                    .filter_map(|e| pod_of(e.target_ref.as_ref()?, ns)),
            );
            out.push(object.clone());
        }
        out.extend(pods.iter().filter_map(|(ns, name)| self.pods.get(ns, name)));
        out
    }

    /// `istio-system/istio-ingress-certs` and every `tls[].secretName` of the Ingresses served.
    fn secret_names(&self, ingresses: &[Arc<manifest::Ingress>]) -> Vec<(String, String)> {
        let mut names = vec![(
            self.scope.gateway_namespace.clone(),
            ISTIO_INGRESS_SECRET.to_string(),
        )];
        for ing in ingresses {
            for t in &ing.tls {
                if let Some(name) = &t.secret_name {
                    names.push((ing.namespace().to_string(), name.clone()));
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

/// The (namespace, name) of the Pod an endpoint's `targetRef` names, if it names one.
fn pod_of(target: &serde_json::Value, slice_namespace: &str) -> Option<(String, String)> {
    let field = |key: &str| target.get(key).and_then(serde_json::Value::as_str);
    if field("kind")? != "Pod" {
        return None;
    }
    let ns = field("namespace").unwrap_or(slice_namespace);
    Some((ns.to_string(), field("name")?.to_string()))
}

/// What a full read of the watches gives a snapshot.
#[derive(Debug, Default)]
pub struct LiveSet {
    /// The objects.
    pub objects: Vec<Object>,
    /// Objects that are not what their kind's schema says, one problem each.
    pub diagnostics: Vec<Diagnostic>,
}

impl LiveSet {
    fn push(&mut self, entry: Entry) {
        match entry {
            Ok(object) => self.objects.push(object),
            Err(problem) => self.diagnostics.push(*problem),
        }
    }
}

/// What the status writer reads: the watched Ingresses and IngressClasses.
#[derive(Clone)]
pub struct IngressView {
    ingresses: LiveStore,
    classes: LiveStore,
}

impl IngressView {
    /// The Ingresses of the class as watched now.
    pub fn served(&self, class: &str) -> Vec<Arc<manifest::Ingress>> {
        served(&self.ingresses, &self.classes, class)
    }
}

/// The Ingresses of the class (shared with the store, not copied).
fn served(ingresses: &LiveStore, classes: &LiveStore, class: &str) -> Vec<Arc<manifest::Ingress>> {
    let classes = classes.entries();
    let filter = ClassFilter::new(
        class,
        classes.iter().filter_map(|c| match c {
            Ok(Object {
                manifest: Manifest::IngressClass(c),
                ..
            }) => Some(c.as_ref()),
            _ => None,
        }),
    );
    ingresses
        .read()
        .values()
        .filter_map(|e| match e {
            Ok(Object {
                manifest: Manifest::Ingress(i),
                ..
            }) if filter.admits(i) => Some(i.clone()),
            _ => None,
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

/// Pods matter only for their labels (the version subsets of route rules): the store keeps
/// nothing else, so only a label change (or a new or deleted pod) wakes a rebuild; a pod's
/// status changing (restarts, readiness) reaches serve through its EndpointSlice instead.
fn pod_labels(pod: &Pod) -> Result<Converted, ClusterError> {
    let labels_only = Pod {
        metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: pod.metadata.name.clone(),
            namespace: pod.metadata.namespace.clone(),
            labels: pod.metadata.labels.clone(),
            resource_version: pod.metadata.resource_version.clone(),
            ..Default::default()
        },
        ..Pod::default()
    };
    read::to_object("v1", "Pod", &labels_only)
}

/// Runs a watcher in a task that keeps `store` as the objects are (each converted once, as
/// it arrives) and marks in `changed` what each change means. A live change of content or a
/// deletion is marked as `follow` says; the end of a re-list after a broken watch is a routing
/// change (what was missed is not known). The first list is not a change (the first
/// snapshot is taken from it), which also keeps startup from waking a rebuild.
fn follow<K>(
    api: Api<K>,
    follow: Follow<K>,
    changed: &Arc<WatchState>,
    tasks: &mut Vec<tokio::task::JoinHandle<()>>,
) -> LiveStore
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug + Send + 'static,
{
    let (store, listed) = LiveStore::new();
    let stream = watcher(api, watcher::Config::default()).default_backoff();
    let (out, changed) = (store.clone(), changed.clone());
    tasks.push(tokio::spawn(async move {
        let mut stream = std::pin::pin!(stream);
        let mut last_said: Option<std::time::Instant> = None;
        let mut listing: Vec<(ServiceKey, Entry)> = Vec::new();
        let mut listed_once = false;
        let key = |o: &K| {
            let meta = o.meta();
            (
                meta.namespace.clone().unwrap_or_default(),
                meta.name.clone().unwrap_or_default(),
            )
        };
        let convert = |o: &K| match (follow.convert)(o) {
            Ok(converted) => Some(converted.map_err(Box::new)),
            Err(e) => {
                tracing::warn!("skipping an object the watch sent: {e}");
                None
            }
        };
        while let Some(event) = stream.next().await {
            match event {
                Ok(watcher::Event::Init) => listing.clear(),
                Ok(watcher::Event::InitApply(o)) => {
                    if let Some(entry) = convert(&o) {
                        listing.push((key(&o), entry));
                    }
                }
                Ok(watcher::Event::InitDone) => {
                    // Built in one go from the whole list, the map's nodes are full (inserted
                    // one by one, they would be about half empty).
                    *out.write() = std::mem::take(&mut listing).into_iter().collect();
                    if listed_once {
                        changed.routing();
                    }
                    listed_once = true;
                    listed.send_replace(true);
                }
                Ok(watcher::Event::Apply(o)) => {
                    if let Some(entry) = convert(&o) {
                        let mark = follow.mark;
                        let marked = entry.clone();
                        if out.upsert(key(&o), entry) {
                            mark(&changed, &marked);
                        }
                    }
                }
                Ok(watcher::Event::Delete(o)) => {
                    if let Some(old) = out.write().remove(&key(&o)) {
                        (follow.mark)(&changed, &old);
                    }
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
    }));
    store
}
