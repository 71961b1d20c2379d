//! What the cluster commands share: connecting from the global flags, the apply flags, and
//! applying manifests with kubectl's one line per object.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::time::Duration;

use clap::{Args, ValueEnum};
use colored::Colorize;

use super::GlobalArgs;
use crate::cluster::apply::{self, ApplyOptions, DryRun, Prepared};
use crate::cluster::read::{self, ReadScope};
use crate::cluster::{self, Cluster, ConnectOptions};
use crate::diagnostic::{Severity, Tally};
use crate::exit::CliError;
use crate::manifest::routing::IngressIdentity;
use crate::manifest::snapshot::Snapshot;
use crate::manifest::{self, Manifest, Source};
use crate::output::Format;
use crate::validate::{self, Options, Target};

/// `--dry-run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DryRunArg {
    /// Write for real (the default).
    None,
    /// Read the live objects only, to say what would happen.
    Client,
    /// Send the writes with dryRun=All: the server checks them and stores nothing.
    Server,
}

impl From<DryRunArg> for DryRun {
    fn from(arg: DryRunArg) -> Self {
        match arg {
            DryRunArg::None => DryRun::None,
            DryRunArg::Client => DryRun::Client,
            DryRunArg::Server => DryRun::Server,
        }
    }
}

/// How to apply, shared by `apply` and every `--apply`.
#[derive(Debug, Clone, Args)]
pub struct ApplyFlags {
    /// `client`: with --apply read only, without it just print; `server`: the server checks
    /// and stores nothing (with or without --apply).
    #[arg(long, value_enum, value_name = "MODE", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: Option<DryRunArg>,
    /// Take fields that another field manager owns (server-side apply conflicts).
    #[arg(long)]
    pub force_conflicts: bool,
    /// The field manager to apply as.
    #[arg(long, default_value = apply::FIELD_MANAGER, value_name = "NAME")]
    pub field_manager: String,
}

impl ApplyFlags {
    /// The apply options these flags describe.
    pub fn options(&self) -> ApplyOptions {
        ApplyOptions {
            dry_run: self.dry_run.map_or(DryRun::None, DryRun::from),
            force_conflicts: self.force_conflicts,
            field_manager: self.field_manager.clone(),
        }
    }

    /// Whether the objects go to the cluster: with `--apply`, or `--dry-run=server` alone (the
    /// server checks them and stores nothing, as kubectl's does). `--dry-run=client` alone only
    /// prints, which a printing command does anyway.
    pub fn sends(&self, apply: bool) -> bool {
        apply || self.dry_run == Some(DryRunArg::Server)
    }

    /// [`ApplyFlags::sends`], refusing `--force-conflicts` when nothing is applied.
    pub fn sends_checked(&self, apply: bool) -> anyhow::Result<bool> {
        let sends = self.sends(apply);
        if self.force_conflicts && !sends {
            return Err(CliError::Usage("--force-conflicts needs --apply".into()).into());
        }
        Ok(sends)
    }
}

/// The connection options the global flags give.
pub fn connect_options(g: &GlobalArgs) -> anyhow::Result<ConnectOptions> {
    let timeout = match g.request_timeout.as_deref() {
        None => Some(cluster::DEFAULT_REQUEST_TIMEOUT),
        Some(text) => {
            let d = super::duration_flag("--request-timeout", text)?;
            (d > Duration::ZERO).then_some(d)
        }
    };
    Ok(ConnectOptions {
        kubeconfig: g.kubeconfig.clone(),
        context: g.context.clone(),
        namespace: g.namespace.clone(),
        request_timeout: timeout,
        long_lived: false,
    })
}

/// Connects to the cluster the global flags name (reads the kubeconfig; no API call yet).
pub async fn connect(g: &GlobalArgs) -> anyhow::Result<Cluster> {
    Ok(Cluster::connect(&connect_options(g)?).await?)
}

/// Validation before an apply: off, or against a target.
#[derive(Debug, Clone, Copy)]
pub enum PreCheck {
    /// `--no-validate`, or the objects were generated and checked already.
    Skip,
    /// Check against this target; errors stop the apply.
    Against(Target),
}

/// Loads, checks and applies manifests; prints one line per object like kubectl.
pub fn apply_sources(
    sources: &[Source],
    g: &GlobalArgs,
    flags: &ApplyFlags,
    check: PreCheck,
) -> anyhow::Result<()> {
    let snap = Snapshot::from_sources(sources, "istio", IngressIdentity::default());
    match check {
        PreCheck::Against(target) => check_before_apply(&snap, target, g)?,
        PreCheck::Skip => refuse_unloadable(snap.load_diagnostics())?,
    }
    let printer = g.printer();
    let mut bodies = Vec::new();
    for object in snap.objects() {
        match &object.manifest {
            Manifest::Ingress(_) | Manifest::RouteRule(_) | Manifest::Secret(_) => {
                bodies.push(object.origin.root().to_json());
            }
            _ => printer.warn(&format!(
                "skipped {}: ingressctl applies Ingresses, RouteRules and Secrets; use kubectl apply for the rest",
                object.display()
            )),
        }
    }
    if bodies.is_empty() {
        return Err(CliError::Usage(
            "nothing to apply: no Ingress, RouteRule or Secret in the input".into(),
        )
        .into());
    }
    let opts = flags.options();
    cluster::block_on(apply_all(bodies, g, &opts))?
}

/// Stops a cluster write whose input did not load (syntax, schema), showing the first error.
pub(super) fn refuse_unloadable(
    load_diagnostics: &[crate::diagnostic::Diagnostic],
) -> anyhow::Result<()> {
    if let Some(d) = load_diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        eprint!("{}", d.render());
        return Err(CliError::Findings("the input does not load".into()).into());
    }
    Ok(())
}

fn check_before_apply(snap: &Snapshot, target: Target, g: &GlobalArgs) -> anyhow::Result<()> {
    let opts = Options {
        target,
        ..Options::default()
    };
    let report = validate::check(snap, &opts);
    for d in &report.diagnostics {
        if d.severity > Severity::Note || g.verbose > 0 {
            eprint!("{}", d.render());
        }
    }
    let tally = Tally::of(&report.diagnostics);
    if tally.errors > 0 {
        let message =
            format!("nothing applied: validation found {tally} (fix them, or pass --no-validate)");
        return Err(CliError::Findings(message).into());
    }
    Ok(())
}

pub(super) async fn apply_all(
    bodies: Vec<serde_json::Value>,
    g: &GlobalArgs,
    opts: &ApplyOptions,
) -> anyhow::Result<()> {
    let cluster = connect(g).await?;
    let prepared = {
        let _spinner = Spinner::start(g, "reading what the cluster serves");
        apply::prepare(&cluster, bodies).await?
    };
    let printer = g.printer();
    let mut failed = 0;
    let mut applied = Vec::new();
    for object in &prepared {
        let object = match object {
            Ok(object) => object,
            Err(refused) => {
                failed += 1;
                eprintln!(
                    "{} {}: {}",
                    "error:".red().bold(),
                    refused.display,
                    refused.error
                );
                continue;
            }
        };
        for note in &object.notes {
            printer.note(note);
        }
        match apply::apply(&cluster, object, opts).await {
            Ok(outcome) => {
                if g.output.is_none() {
                    printer.data(&format!(
                        "{} {}{}",
                        object.display(),
                        outcome.change,
                        opts.dry_run.suffix()
                    ))?;
                }
                applied.extend(outcome.object);
            }
            Err(e) => {
                failed += 1;
                report_failure(object, &e);
            }
        }
    }
    if let Some(format) = g.output {
        print_list(&printer, applied, format)?;
    }
    if failed > 0 {
        anyhow::bail!("{failed} of {} object(s) not applied", prepared.len());
    }
    Ok(())
}

fn report_failure(object: &Prepared, e: &cluster::ClusterError) {
    eprintln!("{} {}: {e}", "error:".red().bold(), object.display());
    if matches!(e, cluster::ClusterError::Conflict { .. }) {
        eprintln!(
            "   {} another field manager owns these fields; re-run with --force-conflicts to take them",
            "= help:".blue().bold()
        );
    }
}

fn print_list(
    printer: &crate::output::Printer,
    items: Vec<serde_json::Value>,
    format: Format,
) -> anyhow::Result<()> {
    let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items});
    printer.value(&list, format)
}

/// Reads the cluster's live objects and adds them under the files' objects: a file object
/// without a namespace goes to the cluster's (as applying it would), and replaces the live
/// object of the same kind, namespace and name. Services and Endpoints are read in every
/// namespace the files or live RouteRules point at.
pub async fn add_live_objects(
    cluster: &Cluster,
    loaded: &mut manifest::Loaded,
    all_namespaces: bool,
    class: &str,
    g: &GlobalArgs,
) -> anyhow::Result<()> {
    for object in &mut loaded.objects {
        object.set_namespace_if_unset(&cluster.namespace);
    }
    let mut extra: Vec<String> = loaded.objects.iter().flat_map(|o| o.namespaces()).collect();
    extra.sort();
    extra.dedup();
    let scope = ReadScope {
        all_namespaces,
        class: class.to_string(),
        gateway_namespace: "istio-system".into(),
        extra_namespaces: extra,
    };
    let live = {
        let _spinner = Spinner::start(g, "reading the cluster");
        read::live_objects(cluster, &scope).await?
    };
    let printer = g.printer();
    if !live.routerules_served {
        printer.note("this cluster serves no RouteRule resource (config.istio.io/v1alpha2): no RouteRules read");
    }
    for note in &live.notes {
        printer.note(note);
    }
    let from_files: HashSet<String> = loaded.objects.iter().map(|o| o.display()).collect();
    loaded.diagnostics.extend(live.diagnostics);
    loaded.objects.extend(
        live.objects
            .into_iter()
            .filter(|o| !from_files.contains(&o.display())),
    );
    Ok(())
}

/// A spinner on stderr while waiting for the cluster (only on a terminal, not with -q).
pub struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    /// Starts a spinner with this message.
    pub fn start(g: &GlobalArgs, message: &str) -> Spinner {
        let bar = (std::io::stderr().is_terminal() && !g.quiet).then(|| {
            let s = indicatif::ProgressBar::new_spinner();
            s.enable_steady_tick(Duration::from_millis(100));
            s.set_message(message.to_string());
            s
        });
        Spinner(bar)
    }

    /// Changes the message.
    pub fn set(&self, message: String) {
        if let Some(s) = &self.0 {
            s.set_message(message);
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(s) = &self.0 {
            s.finish_and_clear();
        }
    }
}
