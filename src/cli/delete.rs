//! `delete ingress|routerule|secret NAME...` and `delete -f FILE|DIR`: say what was deleted
//! and what was already gone.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::GlobalArgs;
use super::cluster::connect;
use crate::cluster::delete::{self, Deletion};
use crate::cluster::resources::{self, ResourceType};
use crate::cluster::{self, Cluster};
use crate::exit::CliError;
use crate::manifest::generate::ISTIO_INGRESS_SECRET;
use crate::manifest::{self, Manifest};

const EXAMPLES: &str = "\
Examples:
  # The guide's cleanup
  ingressctl delete ingress simple-ingress secure-ingress
  ingressctl delete routerule status-route
  ingressctl delete secret            # istio-ingress-certs in istio-system

  # Everything a manifest directory created, checking first with the server
  ingressctl delete -f manifests/ --dry-run=server";

/// `delete` arguments.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct DeleteArgs {
    /// What to delete by name.
    #[command(subcommand)]
    pub what: Option<DeleteWhat>,
    /// Delete the objects these manifests describe (file, directory or -).
    #[arg(short = 'f', long = "filename", value_name = "FILE|DIR|-")]
    pub files: Vec<PathBuf>,
    /// Read directories recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Options shared with the named forms.
    #[command(flatten)]
    pub opts: DeleteOptions,
}

/// Options for every form of `delete`.
#[derive(Debug, Clone, Args)]
pub struct DeleteOptions {
    /// Exit 0 and say nothing about objects that are already gone.
    #[arg(long, global = true)]
    pub ignore_not_found: bool,
    /// `server`: the server checks the delete and keeps the object.
    #[arg(long, value_enum, value_name = "MODE", global = true)]
    pub dry_run: Option<ServerDryRun>,
}

/// `--dry-run` for delete: only the server form exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ServerDryRun {
    /// Send the delete with dryRun=All.
    Server,
}

/// What `delete` deletes by name.
#[derive(Debug, Subcommand)]
pub enum DeleteWhat {
    /// Ingresses (networking.k8s.io/v1).
    #[command(visible_alias = "ing")]
    Ingress(Names),
    /// RouteRules (config.istio.io/v1alpha2).
    #[command(name = "routerule", visible_alias = "route-rule")]
    RouteRule(Names),
    /// Secrets [default: istio-ingress-certs in istio-system].
    Secret(SecretNames),
}

/// Object names.
#[derive(Debug, Args)]
pub struct Names {
    /// Names of the objects.
    #[arg(required = true, value_name = "NAME")]
    pub names: Vec<String>,
}

/// Secret names, defaulting to the ingress certificate.
#[derive(Debug, Args)]
pub struct SecretNames {
    /// Names of the Secrets [default: istio-ingress-certs, in istio-system unless -n].
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
}

/// One object to delete.
struct Target {
    resource: ResourceType,
    namespace: Option<String>,
    name: String,
}

/// Runs `delete`.
pub fn run(args: &DeleteArgs, g: &GlobalArgs) -> anyhow::Result<()> {
    let targets = targets(args, g)?;
    cluster::block_on(delete_all(targets, g, &args.opts))?
}

fn targets(args: &DeleteArgs, g: &GlobalArgs) -> anyhow::Result<Vec<Target>> {
    let named = |kind: &str, names: &[String], ns: Option<String>| {
        names
            .iter()
            .map(|n| Target {
                resource: resources::current(kind),
                namespace: ns.clone(),
                name: n.clone(),
            })
            .collect::<Vec<_>>()
    };
    match (&args.what, args.files.is_empty()) {
        (Some(DeleteWhat::Ingress(n)), true) => Ok(named("Ingress", &n.names, None)),
        (Some(DeleteWhat::RouteRule(n)), true) => Ok(named("RouteRule", &n.names, None)),
        (Some(DeleteWhat::Secret(n)), true) if n.names.is_empty() => Ok(named(
            "Secret",
            &[ISTIO_INGRESS_SECRET.to_string()],
            Some(g.namespace.clone().unwrap_or_else(|| "istio-system".into())),
        )),
        (Some(DeleteWhat::Secret(n)), true) => Ok(named("Secret", &n.names, None)),
        (None, false) => from_files(args),
        (Some(_), false) => Err(CliError::Usage("give names or -f, not both".into()).into()),
        (None, true) => Err(CliError::Usage(
            "say what to delete: `delete ingress NAME`, `delete routerule NAME`, `delete secret [NAME]` or `delete -f FILE`".into(),
        )
        .into()),
    }
}

fn from_files(args: &DeleteArgs) -> anyhow::Result<Vec<Target>> {
    let sources = manifest::read_sources(&args.files, args.recursive)?;
    let loaded = manifest::load(&sources);
    super::cluster::refuse_unloadable(&loaded.diagnostics)?;
    let targets: Vec<Target> = loaded
        .objects
        .iter()
        .filter_map(|o| {
            let (kind, meta) = match &o.manifest {
                Manifest::Ingress(i) => ("Ingress", &i.meta),
                Manifest::RouteRule(r) => ("RouteRule", &r.metadata),
                Manifest::Secret(s) => ("Secret", &s.metadata),
                _ => return None,
            };
            Some(Target {
                resource: resources::current(kind),
                namespace: meta.namespace.clone(),
                name: meta.name.clone(),
            })
        })
        .collect();
    if targets.is_empty() {
        return Err(CliError::Usage(
            "nothing to delete: no Ingress, RouteRule or Secret in the input".into(),
        )
        .into());
    }
    Ok(targets)
}

async fn delete_all(
    targets: Vec<Target>,
    g: &GlobalArgs,
    opts: &DeleteOptions,
) -> anyhow::Result<()> {
    let cluster = connect(g).await?;
    let printer = g.printer();
    let dry_run = opts.dry_run.is_some();
    let suffix = if dry_run { " (server dry run)" } else { "" };
    let mut missing = 0;
    for t in &targets {
        let ns = t
            .namespace
            .clone()
            .unwrap_or_else(|| cluster.namespace.clone());
        let shown = delete::display(&t.resource, &t.name);
        match delete_one(&cluster, t, &ns, dry_run).await? {
            Deletion::Deleted => printer.data(&format!("{shown} deleted{suffix}"))?,
            Deletion::NotFound if opts.ignore_not_found => {}
            Deletion::NotFound => {
                missing += 1;
                eprintln!("{shown} not found in namespace {ns} (already gone)");
            }
        }
    }
    if missing > 0 {
        let message =
            format!("{missing} object(s) were not found (--ignore-not-found to accept that)");
        return Err(CliError::Findings(message).into());
    }
    Ok(())
}

async fn delete_one(
    cluster: &Cluster,
    t: &Target,
    ns: &str,
    dry_run: bool,
) -> anyhow::Result<Deletion> {
    delete::delete(cluster, &t.resource, ns, &t.name, dry_run)
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}", delete::display(&t.resource, &t.name)))
}
