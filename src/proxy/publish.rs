//! One step for every source: validate a snapshot (`validate --target serve`), compile it,
//! swap it in atomically. A rejected snapshot is reported and the last good table keeps
//! serving; endpoint sets stay in the registry across tables.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use arc_swap::ArcSwap;

use super::config::{CompileOptions, Compiled, RouteTable, compile};
use super::endpoints::EndpointRegistry;
use super::source::{Rejected, Source};
use super::stats::Stats;
use crate::diagnostic::{Diagnostic, Severity};
use crate::manifest::snapshot::{Coverage, Snapshot};
use crate::validate::{self, Options, Target};

/// A built table (with its endpoint changes, for once it is swapped in), with the warnings
/// worth printing.
pub struct Built {
    /// The table and its endpoint changes.
    pub compiled: Compiled,
    /// Validation warnings and notes.
    pub diagnostics: Vec<Diagnostic>,
}

/// Validates and compiles a snapshot; endpoint sets come from (and stay in) `registry`.
pub fn build(
    snap: &Snapshot,
    opts: &CompileOptions,
    registry: &EndpointRegistry,
    strictness: Strictness,
) -> Result<Built, Rejected> {
    let diagnostics = match (checked(snap), strictness) {
        (Ok(diagnostics), _) => diagnostics,
        (Err(rejected), Strictness::Whole) => return Err(rejected),
        (Err(rejected), Strictness::PerObject) => {
            let kept = without_culprits(snap, rejected)?;
            return build(&kept, opts, registry, Strictness::Whole);
        }
    };
    match compile(snap, opts, registry) {
        Ok(compiled) => Ok(Built {
            compiled,
            diagnostics,
        }),
        Err(e) => Err(Rejected {
            diagnostics,
            reason: format!("{e:#}"),
            unreadable: false,
        }),
    }
}

/// What an error in one object does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// It rejects the whole snapshot (files: a bad edit is refused, the last good table stays).
    Whole,
    /// It leaves that object out and says so (a cluster: one team's broken Ingress must not
    /// stop everyone's).
    PerObject,
}

/// The snapshot without the objects that have errors, each said on stderr; rejected when an
/// error names no object (nothing to leave out).
fn without_culprits(snap: &Snapshot, rejected: Rejected) -> Result<Snapshot, Rejected> {
    let errors: Vec<&Diagnostic> = rejected
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut culprits = std::collections::HashSet::new();
    for d in &errors {
        let Some(object) = &d.object else {
            return Err(rejected);
        };
        // Live objects are named with their resourceVersion; the snapshot by kind and name.
        let name = object.split(" at resourceVersion").next().unwrap_or(object);
        if culprits.insert(name.to_string()) {
            tracing::warn!("ignoring {name}: {} [{}]", d.message, d.code.id());
        }
    }
    Ok(snap.without(&culprits))
}

/// Validates a snapshot as `validate --target serve` does; errors reject it.
fn checked(snap: &Snapshot) -> Result<Vec<Diagnostic>, Rejected> {
    let vopts = Options {
        target: Target::Serve,
        live: false,
    };
    let report = validate::check(snap, &vopts);
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        return Err(Rejected {
            diagnostics: report.diagnostics,
            reason: format!(
                "{errors} error(s) in the manifests (see `ingressctl validate --target serve`)"
            ),
            unreadable: false,
        });
    }
    Ok(report.diagnostics)
}

/// What publishing needs: the options, the served table, the counters, the registry, and
/// the routing fingerprint of the snapshot the served table came from.
#[derive(Clone)]
pub struct Publisher {
    /// Compile options.
    pub opts: CompileOptions,
    /// The table requests read.
    pub table: Arc<ArcSwap<RouteTable>>,
    /// Reload counters.
    pub stats: Arc<Stats>,
    /// Endpoint sets shared across tables.
    pub registry: Arc<EndpointRegistry>,
    /// [`Snapshot::routing_fingerprint`] of the served table's snapshot.
    pub served: Arc<std::sync::Mutex<u64>>,
    /// What an error in one object does.
    pub strictness: Strictness,
}

impl Publisher {
    /// Builds a table from the snapshot (or takes only its endpoints, when nothing else
    /// changed) and swaps it in; reports the outcome on stderr and in the stats.
    pub fn publish(&self, snapshot: Result<Snapshot, Rejected>, why: &str) -> Published {
        let outcome = snapshot.and_then(|snap| self.take(&snap));
        match outcome {
            Ok(published) => {
                if let Some(what) = published.said() {
                    self.stats.reloads_ok.fetch_add(1, Ordering::Relaxed);
                    tracing::info!("{what} ({why})");
                }
                published
            }
            Err(rejected) => {
                self.stats.reloads_failed.fetch_add(1, Ordering::Relaxed);
                for d in rejected
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                {
                    tracing::error!("{}", d.one_line());
                }
                tracing::warn!(
                    "reload rejected ({why}): {}; still serving the last good configuration",
                    rejected.reason
                );
                Published::Nothing
            }
        }
    }

    /// Takes a snapshot in: endpoints only when that is all it holds or all that changed,
    /// else a new table.
    fn take(&self, snap: &Snapshot) -> Result<Published, Rejected> {
        if let Coverage::EndpointsOf(_) = snap.coverage() {
            return self.take_endpoints(snap);
        }
        let fingerprint = snap.routing_fingerprint();
        let mut served = self.served.lock().unwrap_or_else(|e| e.into_inner());
        if *served == fingerprint {
            return self.take_endpoints(snap);
        }
        let built = build(snap, &self.opts, &self.registry, self.strictness)?;
        for w in &built.compiled.table.warnings {
            tracing::warn!("{w}");
        }
        swap_in(built.compiled, &self.table, &self.registry);
        *served = fingerprint;
        Ok(Published::Table)
    }

    /// Replaces the served table's endpoint sets from the snapshot. Routes, rules and
    /// certificates are those already checked and served: only the endpoint objects are new,
    /// and they need only to have loaded.
    fn take_endpoints(&self, snap: &Snapshot) -> Result<Published, Rejected> {
        let load_errors = snap
            .load_diagnostics()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if load_errors > 0 {
            return Err(Rejected {
                diagnostics: snap.load_diagnostics().to_vec(),
                reason: format!("{load_errors} manifest(s) do not load"),
                unreadable: false,
            });
        }
        let changes = self
            .table
            .load()
            .refresh_endpoints(snap, &self.opts)
            .map_err(|e| Rejected {
                diagnostics: Vec::new(),
                reason: format!("{e:#}"),
                unreadable: false,
            })?;
        if changes.is_empty() {
            return Ok(Published::Nothing);
        }
        changes.apply();
        Ok(Published::Endpoints)
    }
}

/// Puts a compiled table in service: the table, then the endpoint changes it waited for,
/// then the registry kept to what the table uses (its upstreams become the ones the next
/// builds share).
pub fn swap_in(compiled: Compiled, table: &ArcSwap<RouteTable>, registry: &EndpointRegistry) {
    table.store(Arc::new(compiled.table));
    compiled.endpoint_changes.apply();
    registry.retain(&table.load().upstreams);
}

/// What a snapshot changed in what is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// A new table was swapped in.
    Table,
    /// Only endpoint sets of the served table were replaced.
    Endpoints,
    /// Nothing the table reads changed (a Pod's status, say), or the snapshot was rejected.
    Nothing,
}

impl Published {
    /// The log line's words, when something changed.
    fn said(self) -> Option<&'static str> {
        match self {
            Published::Table => Some("configuration reloaded"),
            Published::Endpoints => Some("endpoints updated, routes kept"),
            Published::Nothing => None,
        }
    }
}

/// Publishes the source's snapshot each time it says something changed, until cancelled.
/// Reading a snapshot may block (files), so it happens off the runtime's threads; a panic
/// while building counts as a rejected reload and the watch goes on.
pub async fn run<S: Source>(mut source: S, publisher: Publisher) {
    loop {
        let why = source.changed().await;
        let publisher = publisher.clone();
        let handed_back = tokio::task::spawn_blocking(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                publisher.publish(source.snapshot(), why)
            }));
            if matches!(outcome, Ok(Published::Table)) {
                // The snapshot and the table it replaced are freed: their room goes back now.
                crate::memory::give_back_freed();
            }
            if outcome.is_err() {
                publisher.stats.reloads_failed.fetch_add(1, Ordering::Relaxed);
                source.retry_soon();
                tracing::error!(
                    "reload failed ({why}): internal error; still serving the last good configuration"
                );
            }
            source
        })
        .await;
        match handed_back {
            Ok(s) => source = s,
            Err(_) => return,
        }
    }
}
