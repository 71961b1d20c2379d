//! Where serve's configuration comes from. A source hands over snapshots and says when
//! something changed; [`super::publish`] validates, compiles and swaps whatever it hands over.
//! Files (polled, and on SIGHUP) are the first source; a watched cluster is another.

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::cluster::watch::Change;
use crate::diagnostic::Diagnostic;
use crate::manifest::routing::IngressIdentity;
use crate::manifest::snapshot::Snapshot;
use crate::manifest::{self, Source as ManifestSource};

/// Why no table was built: the diagnostics (errors first) or a compile error.
#[derive(Debug)]
pub struct Rejected {
    /// Findings from validation.
    pub diagnostics: Vec<Diagnostic>,
    /// A one-paragraph reason.
    pub reason: String,
    /// The input could not be read at all (a missing file, a cluster that did not answer):
    /// serve could not run, rather than ran and found problems.
    pub unreadable: bool,
}

/// A place configuration comes from.
pub trait Source: Send + 'static {
    /// The configuration as it is now.
    fn snapshot(&self) -> Result<Snapshot, Rejected>;

    /// Waits until the configuration may have changed; says why (for the log).
    fn changed(&mut self) -> impl Future<Output = &'static str> + Send;

    /// The last snapshot could not be taken in (an internal error): the whole configuration
    /// is read again shortly instead of waiting for the next change.
    fn retry_soon(&self);
}

/// Manifest inputs: files and directories given with `-f`, plus objects built in (`--demo`).
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Files and directories.
    pub paths: Vec<PathBuf>,
    /// Read directories recursively.
    pub recursive: bool,
    /// Manifests that are not files (the demo's).
    pub builtin: Vec<ManifestSource>,
    /// The ingress class served.
    pub ingress_class: String,
    /// How route rules recognise the ingress as their source.
    pub identity: IngressIdentity,
    /// Ingresses of this class are taken as the ingress class's (`--assume-class`).
    pub assume_class: Option<String>,
    /// Carry ingress-nginx annotations over as route rules (`--annotations ingress-nginx`).
    pub nginx_annotations: bool,
}

impl Inputs {
    /// Reads the files into a snapshot (a file that cannot be read rejects the whole set).
    pub fn snapshot(&self) -> Result<Snapshot, Rejected> {
        Ok(self.snapshot_of(&self.read()?))
    }

    /// Reads the files (a file that cannot be read rejects the whole set).
    fn read(&self) -> Result<Vec<ManifestSource>, Rejected> {
        let mut sources =
            manifest::read_sources(&self.paths, self.recursive).map_err(|e| Rejected {
                diagnostics: Vec::new(),
                reason: format!("{e:#}"),
                unreadable: true,
            })?;
        sources.extend(self.builtin.iter().cloned());
        Ok(sources)
    }

    /// The snapshot of sources read.
    fn snapshot_of(&self, sources: &[ManifestSource]) -> Snapshot {
        let mut loaded = manifest::load(sources);
        if let Some(from) = &self.assume_class {
            loaded.assume_class(from, &self.ingress_class);
        }
        let snap = Snapshot::new(loaded, &self.ingress_class, self.identity.clone());
        carried(snap, self.nginx_annotations)
    }

    /// What the watched files look like: (path, size, modified) for each manifest file.
    fn fingerprint(&self) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
        let mut files = Vec::new();
        for p in &self.paths {
            if p.is_dir() {
                files.extend(manifest::manifest_files(p, self.recursive).unwrap_or_default());
            } else {
                files.push(p.clone());
            }
        }
        files
            .into_iter()
            .map(|f| {
                let meta = std::fs::metadata(&f).ok();
                let len = meta.as_ref().map_or(0, |m| m.len());
                let modified = meta.and_then(|m| m.modified().ok());
                (f, len, modified)
            })
            .collect()
    }
}

/// The snapshot with its ingress-nginx annotations carried over, when asked for (what is not
/// carried is what `validate` and `convert` name; serve serves what is).
fn carried(snap: Snapshot, nginx_annotations: bool) -> Snapshot {
    if nginx_annotations {
        snap.carrying_nginx_annotations().0
    } else {
        snap
    }
}

/// Manifest files, polled every `interval` and re-read on SIGHUP.
pub struct Files {
    inputs: Inputs,
    interval: Duration,
    last: Vec<(PathBuf, u64, Option<SystemTime>)>,
    hangup: Option<tokio::signal::unix::Signal>,
    /// Set by [`Source::retry_soon`].
    retry: std::sync::atomic::AtomicBool,
    /// The files that had content at the last reading.
    had_content: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Files {
    /// Watches these inputs (call from within the runtime: it installs the SIGHUP handler).
    pub fn new(inputs: Inputs, interval: Duration) -> Self {
        let last = inputs.fingerprint();
        let hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        Files {
            inputs,
            interval,
            last,
            hangup,
            retry: std::sync::atomic::AtomicBool::new(false),
            had_content: std::sync::Mutex::new(std::collections::HashSet::new()),
        }
    }
}

/// How long changed files must stay unchanged before they are read: a file being written
/// (truncated, then filled) is not read half-written.
const SETTLE: Duration = Duration::from_millis(50);

/// The longest a change waits to settle (a file written continuously is read anyway).
const SETTLE_AT_MOST: Duration = Duration::from_secs(2);

impl Files {
    /// The inputs' fingerprint, read off the runtime threads (listings and metadata block).
    async fn fingerprint(&self) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
        let inputs = self.inputs.clone();
        tokio::task::spawn_blocking(move || inputs.fingerprint())
            .await
            .unwrap_or_default()
    }

    /// Waits until the fingerprint stays the same for [`SETTLE`] (at most [`SETTLE_AT_MOST`]),
    /// and returns it.
    async fn settled(
        &self,
        mut now: Vec<(PathBuf, u64, Option<SystemTime>)>,
    ) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
        let deadline = tokio::time::Instant::now() + SETTLE_AT_MOST;
        loop {
            tokio::time::sleep(SETTLE).await;
            let again = self.fingerprint().await;
            if again == now || tokio::time::Instant::now() >= deadline {
                return again;
            }
            now = again;
        }
    }
}

impl Source for Files {
    /// A file that had content and is now empty is being written (truncated, not yet filled)
    /// far more often than emptied on purpose: that first reading is rejected and the last good
    /// table stays; the next one (the file's next change, any other change, SIGHUP) takes the
    /// file as it is then, empty or not.
    fn snapshot(&self) -> Result<Snapshot, Rejected> {
        let sources = self.inputs.read()?;
        let mut had_content = self.had_content.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(emptied) = sources
            .iter()
            .find(|s| s.bytes.is_empty() && had_content.contains(&s.name))
        {
            had_content.remove(&emptied.name);
            return Err(Rejected {
                diagnostics: Vec::new(),
                reason: format!(
                    "{} became empty (still being written?); the last good configuration stays until the next change (or SIGHUP) reads it again",
                    emptied.name
                ),
                unreadable: false,
            });
        }
        *had_content = sources
            .iter()
            .filter(|s| !s.bytes.is_empty())
            .map(|s| s.name.clone())
            .collect();
        Ok(self.inputs.snapshot_of(&sources))
    }

    fn retry_soon(&self) {
        self.retry.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    async fn changed(&mut self) -> &'static str {
        if self.retry.swap(false, std::sync::atomic::Ordering::Relaxed) {
            tokio::time::sleep(RETRY).await;
            return "retrying after a failed reload";
        }
        let mut tick = tokio::time::interval(self.interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    // Directory listings and file metadata block: not on a runtime thread.
                    let now = self.fingerprint().await;
                    if now != self.last {
                        self.last = self.settled(now).await;
                        return "files changed";
                    }
                }
                Some(()) = async {
                    match self.hangup.as_mut() {
                        Some(h) => h.recv().await,
                        None => std::future::pending().await,
                    }
                } => return "SIGHUP",
            }
        }
    }
}

/// How soon a snapshot whose reading failed is tried again.
const RETRY: Duration = Duration::from_secs(2);

/// A watched cluster: the reflectors' stores, turned into a snapshot on each change.
pub struct ClusterSource {
    watch: crate::cluster::watch::Watch,
    ingress_class: String,
    identity: IngressIdentity,
    nginx_annotations: bool,
    runtime: tokio::runtime::Handle,
    debounce: Duration,
    secret_poll: Duration,
    /// Set when reading the cluster failed: the change is taken again shortly, not lost.
    retry: std::sync::atomic::AtomicBool,
    /// What changed since the last snapshot (the first one reads everything).
    pending: std::sync::Mutex<Change>,
}

/// Where `serve --kube` connects and what it watches.
#[derive(Debug, Clone)]
pub struct ClusterSettings {
    /// The kubeconfig, context and timeouts.
    pub connect: crate::cluster::ConnectOptions,
    /// The namespaces and where the certificate lives.
    pub scope: crate::cluster::watch::WatchScope,
    /// How long a burst of changes may settle before the table is rebuilt.
    pub debounce: Duration,
    /// How often the Secrets in use are read again (they are not watched).
    pub secret_poll: Duration,
    /// Write the address into the Ingresses' status (leader-elected), when set.
    pub status: Option<crate::cluster::status::StatusSettings>,
}

impl ClusterSource {
    /// Connects, starts the watches and waits for their first full sync.
    pub async fn start(
        settings: &ClusterSettings,
        inputs: &Inputs,
    ) -> anyhow::Result<ClusterSource> {
        let cluster = crate::cluster::Cluster::connect(&settings.connect).await?;
        let watch = crate::cluster::watch::Watch::start(cluster, settings.scope.clone()).await?;
        for note in &watch.notes {
            tracing::info!("note: {note}");
        }
        Ok(ClusterSource {
            watch,
            ingress_class: inputs.ingress_class.clone(),
            identity: inputs.identity.clone(),
            nginx_annotations: inputs.nginx_annotations,
            runtime: tokio::runtime::Handle::current(),
            debounce: settings.debounce,
            secret_poll: settings.secret_poll,
            retry: std::sync::atomic::AtomicBool::new(false),
            pending: std::sync::Mutex::new(Change::Routing),
        })
    }
}

impl ClusterSource {
    /// The status writer's task, when status publishing was asked for.
    pub fn status_task(
        &self,
        settings: &ClusterSettings,
        stop: tokio::sync::watch::Receiver<bool>,
    ) -> Option<impl Future<Output = ()> + Send + 'static> {
        let status = settings.status.clone()?;
        Some(crate::cluster::status::run(
            self.watch.cluster().clone(),
            self.watch.ingress_view(),
            self.ingress_class.clone(),
            status,
            stop,
        ))
    }
}

impl Source for ClusterSource {
    /// Called off the runtime's threads (it waits for the Secrets it reads). When only
    /// EndpointSlices changed, only the objects behind those Services' endpoints are read.
    fn snapshot(&self) -> Result<Snapshot, Rejected> {
        let change = std::mem::replace(
            &mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()),
            Change::Routing,
        );
        let change = match change {
            Change::Endpoints(_) if self.watch.routing_pending() => Change::Routing,
            other => other,
        };
        let (class, identity) = (&self.ingress_class, self.identity.clone());
        if let Change::Endpoints(services) = change {
            let objects = self.watch.endpoint_objects(&services);
            return Ok(Snapshot::endpoints_of(objects, class, identity, services));
        }
        let live = self.runtime.block_on(self.watch.objects()).map_err(|e| {
            self.retry.store(true, std::sync::atomic::Ordering::Relaxed);
            Rejected {
                diagnostics: Vec::new(),
                reason: format!(
                    "reading the cluster: {e} (trying again in {})",
                    crate::manifest::duration::format(RETRY)
                ),
                unreadable: true,
            }
        })?;
        Ok(carried(
            Snapshot::from_live(live.objects, live.diagnostics, class, identity),
            self.nginx_annotations,
        ))
    }

    fn retry_soon(&self) {
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()) = Change::Routing;
        self.retry.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    async fn changed(&mut self) -> &'static str {
        if self.retry.swap(false, std::sync::atomic::Ordering::Relaxed) {
            tokio::time::sleep(RETRY).await;
            return "retrying after a failed read";
        }
        let change = self.watch.changed(self.debounce, self.secret_poll).await;
        let why = match change {
            Change::Routing => "the cluster changed",
            Change::Endpoints(_) => "endpoints changed",
        };
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()) = change;
        why
    }
}

/// Files or a cluster, whichever serve was started with.
pub enum AnySource {
    /// `-f`.
    Files(Box<Files>),
    /// `--kube`.
    Cluster(Box<ClusterSource>),
}

impl Source for AnySource {
    fn snapshot(&self) -> Result<Snapshot, Rejected> {
        match self {
            AnySource::Files(f) => f.snapshot(),
            AnySource::Cluster(c) => c.snapshot(),
        }
    }

    async fn changed(&mut self) -> &'static str {
        match self {
            AnySource::Files(f) => f.changed().await,
            AnySource::Cluster(c) => c.changed().await,
        }
    }

    fn retry_soon(&self) {
        match self {
            AnySource::Files(f) => f.retry_soon(),
            AnySource::Cluster(c) => c.retry_soon(),
        }
    }
}
