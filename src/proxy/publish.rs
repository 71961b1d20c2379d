//! One step for every source: validate a snapshot (`validate --target serve`), compile it,
//! swap it in atomically. A rejected snapshot is reported and the last good table keeps
//! serving; endpoint sets stay in the registry across tables.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use arc_swap::ArcSwap;

use super::config::{CompileOptions, RouteTable, compile};
use super::endpoints::EndpointRegistry;
use super::source::{Rejected, Source};
use super::stats::Stats;
use crate::diagnostic::{Diagnostic, Severity};
use crate::manifest::snapshot::Snapshot;
use crate::validate::{self, Options, Target};

/// A built table, with the warnings worth printing.
pub struct Built {
    /// The table.
    pub table: RouteTable,
    /// Validation warnings and notes.
    pub diagnostics: Vec<Diagnostic>,
}

/// Validates and compiles a snapshot; endpoint sets come from (and stay in) `registry`.
pub fn build(
    snap: &Snapshot,
    opts: &CompileOptions,
    registry: &EndpointRegistry,
) -> Result<Built, Rejected> {
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
        });
    }
    match compile(snap, opts, registry) {
        Ok(table) => Ok(Built {
            table,
            diagnostics: report.diagnostics,
        }),
        Err(e) => Err(Rejected {
            diagnostics: report.diagnostics,
            reason: format!("{e:#}"),
        }),
    }
}

/// What publishing needs: the options, the served table, the counters and the registry.
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
}

impl Publisher {
    /// Builds a table from the snapshot (or the source's failure) and swaps it in; reports
    /// the outcome on stderr and in the stats.
    pub fn publish(&self, snapshot: Result<Snapshot, Rejected>, why: &str) {
        let built = snapshot.and_then(|snap| build(&snap, &self.opts, &self.registry));
        match built {
            Ok(built) => {
                for w in &built.table.warnings {
                    eprintln!("ingressctl serve: warning: {w}");
                }
                let used = built
                    .table
                    .upstreams
                    .iter()
                    .map(|(_, u)| u.name.clone())
                    .collect();
                self.table.store(Arc::new(built.table));
                self.registry.retain(&used);
                self.stats.reloads_ok.fetch_add(1, Ordering::Relaxed);
                eprintln!("ingressctl serve: configuration reloaded ({why})");
            }
            Err(rejected) => {
                self.stats.reloads_failed.fetch_add(1, Ordering::Relaxed);
                for d in rejected
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                {
                    eprint!("{}", d.render());
                }
                eprintln!(
                    "ingressctl serve: reload rejected ({why}): {}; still serving the last good configuration",
                    rejected.reason
                );
            }
        }
    }
}

/// Publishes the source's snapshot each time it says something changed, until cancelled.
/// Reading a snapshot may block (files), so it happens off the runtime's threads.
pub async fn run<S: Source>(source: S, publisher: Publisher) {
    let source = Arc::new(tokio::sync::Mutex::new(source));
    loop {
        let why = source.lock().await.changed().await;
        let (source, publisher) = (source.clone(), publisher.clone());
        let _ = tokio::task::spawn_blocking(move || {
            let snapshot = source.blocking_lock().snapshot();
            publisher.publish(snapshot, why);
        })
        .await;
    }
}
