//! Where the configuration comes from (files, watched) and how a new table replaces the old:
//! validate with `validate --target serve`, compile, swap atomically; a bad edit is reported
//! and the last good table keeps serving.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use arc_swap::ArcSwap;

use super::config::{CompileOptions, RouteTable, compile};
use super::endpoints::EndpointRegistry;
use super::stats::Stats;
use crate::diagnostic::{Diagnostic, Severity};
use crate::manifest::routing::IngressIdentity;
use crate::manifest::snapshot::Snapshot;
use crate::manifest::{self, Source};
use crate::validate::{self, Options, Target};

/// Manifest inputs: files and directories given with `-f`, plus objects built in (`--demo`).
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Files and directories.
    pub paths: Vec<PathBuf>,
    /// Read directories recursively.
    pub recursive: bool,
    /// Manifests that are not files (the demo's).
    pub builtin: Vec<Source>,
    /// The ingress class served.
    pub ingress_class: String,
    /// How route rules recognise the ingress as their source.
    pub identity: IngressIdentity,
}

/// Why no table was built: the diagnostics (errors first) or a compile error.
#[derive(Debug)]
pub struct Rejected {
    /// Findings from validation.
    pub diagnostics: Vec<Diagnostic>,
    /// A one-paragraph reason.
    pub reason: String,
}

/// A built table, with the warnings worth printing.
pub struct Built {
    /// The table.
    pub table: RouteTable,
    /// Validation warnings and notes.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads, validates and compiles the inputs; endpoint sets come from (and stay in) `registry`.
pub fn build(
    inputs: &Inputs,
    opts: &CompileOptions,
    registry: &EndpointRegistry,
) -> Result<Built, Rejected> {
    let mut sources =
        manifest::read_sources(&inputs.paths, inputs.recursive).map_err(|e| Rejected {
            diagnostics: Vec::new(),
            reason: format!("{e:#}"),
        })?;
    sources.extend(inputs.builtin.iter().cloned());
    let snap = Snapshot::new(
        manifest::load(&sources),
        &inputs.ingress_class,
        inputs.identity.clone(),
    );
    let vopts = Options {
        target: Target::Serve,
        live: false,
    };
    let report = validate::check(&snap, &vopts);
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
    match compile(&snap, opts, registry) {
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

/// What the watched files look like: (path, size, modified) for each manifest file.
fn fingerprint(inputs: &Inputs) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut files = Vec::new();
    for p in &inputs.paths {
        if p.is_dir() {
            files.extend(manifest::manifest_files(p, inputs.recursive).unwrap_or_default());
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

/// Rebuilds and swaps the table; reports the outcome on stderr and in the stats.
pub fn reload(
    inputs: &Inputs,
    opts: &CompileOptions,
    table: &ArcSwap<RouteTable>,
    stats: &Stats,
    registry: &EndpointRegistry,
    why: &str,
) {
    match build(inputs, opts, registry) {
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
            table.store(Arc::new(built.table));
            registry.retain(&used);
            stats.reloads_ok.fetch_add(1, Ordering::Relaxed);
            eprintln!("ingressctl serve: configuration reloaded ({why})");
        }
        Err(rejected) => {
            stats.reloads_failed.fetch_add(1, Ordering::Relaxed);
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

/// Watches the inputs (polling every `interval`) and `SIGHUP`, reloading on change.
pub async fn watch(
    inputs: Inputs,
    opts: CompileOptions,
    table: Arc<ArcSwap<RouteTable>>,
    stats: Arc<Stats>,
    interval: Duration,
    registry: Arc<EndpointRegistry>,
) {
    let mut last = fingerprint(&inputs);
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let why = tokio::select! {
            _ = tick.tick() => {
                let now = fingerprint(&inputs);
                if now == last {
                    continue;
                }
                last = now;
                "files changed"
            }
            Some(()) = async {
                match hangup.as_mut() {
                    Some(h) => h.recv().await,
                    None => std::future::pending().await,
                }
            } => "SIGHUP",
        };
        let inputs = inputs.clone();
        let opts = opts.clone();
        let table = table.clone();
        let stats = stats.clone();
        let registry = registry.clone();
        let _ = tokio::task::spawn_blocking(move || {
            reload(&inputs, &opts, &table, &stats, &registry, why)
        })
        .await;
    }
}
