//! `validate -f FILE|DIR|-`: load, check, print diagnostics, exit 3 on findings.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::GlobalArgs;
use crate::cluster;
use crate::diagnostic::{Diagnostic, Severity, Tally};
use crate::exit::CliError;
use crate::manifest;
use crate::manifest::snapshot::Snapshot;
use crate::validate::{self, Options, Target};

const EXAMPLES: &str = "\
Examples:
  # Check the guide's manifests against the Istio ingress of the guide
  ingressctl validate -f simple-ingress.yaml -f secure-ingress.yaml -f status-route.yaml

  # A whole directory, for ingressctl's own proxy, failing on warnings too
  ingressctl validate -f manifests/ --target serve --fail-on warning

  # From a pipe, diagnostics as JSON on stdout
  ingressctl create ingress web --rule '/api*=api:80' | ingressctl validate -f - -o json

  # The live cluster, as istioctl analyze does (all namespaces with -A)
  ingressctl validate --cluster -A

  # Local files checked against what is live, before applying them
  ingressctl validate -f manifests/ --cluster

Every diagnostic code is explained, with an example and the fix, in docs/diagnostics.md.";

/// `--target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    /// The Istio 0.2/0.3 ingress of the guide, with its limits.
    Istio,
    /// ingressctl serve, which lifts some limits (regex paths, SNI, faults).
    Serve,
}

impl From<TargetArg> for Target {
    fn from(arg: TargetArg) -> Self {
        match arg {
            TargetArg::Istio => Target::Istio,
            TargetArg::Serve => Target::Serve,
        }
    }
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 3 on errors only.
    Error,
    /// Exit 3 on errors and warnings.
    Warning,
}

/// `validate` arguments.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ValidateArgs {
    /// A manifest file, a directory of them, or - for standard input (repeatable).
    #[arg(
        short = 'f',
        long = "filename",
        required_unless_present = "cluster",
        value_name = "FILE|DIR|-"
    )]
    pub files: Vec<PathBuf>,
    /// Check the live cluster's Ingresses, RouteRules, Services, Endpoints, certificate and
    /// ingress (with -f: the files against what is live).
    #[arg(long)]
    pub cluster: bool,
    /// With --cluster: every namespace.
    #[arg(short = 'A', long, requires = "cluster")]
    pub all_namespaces: bool,
    /// Read directories recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// The ingress to check against.
    #[arg(long, value_enum, default_value = "istio")]
    pub target: TargetArg,
    /// The lowest severity that makes the exit status 3.
    #[arg(long, value_enum, default_value = "error", value_name = "LEVEL")]
    pub fail_on: FailOn,
    /// Which objects are the ingress's.
    #[command(flatten)]
    pub selection: super::selection::SelectionArgs,
}

/// Loads sources; none at all is not "no manifests found" here (`--cluster` alone, an empty
/// cluster), since the live checks report what is missing.
fn load_unless_empty(sources: &[manifest::Source]) -> manifest::Loaded {
    if sources.is_empty() {
        manifest::Loaded::default()
    } else {
        manifest::load(sources)
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: &'a [Diagnostic],
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    #[serde(flatten)]
    tally: Tally,
    objects: usize,
    files: usize,
}

/// Runs `validate`.
pub fn run(args: &ValidateArgs, g: &GlobalArgs) -> anyhow::Result<()> {
    let identity = args.selection.identity()?;
    let sources = manifest::read_sources(&args.files, args.recursive)?;
    let opts = Options {
        target: args.target.into(),
        live: args.cluster,
    };
    let mut loaded = if args.cluster {
        load_unless_empty(&sources)
    } else {
        manifest::load(&sources)
    };
    if args.cluster {
        cluster::block_on(async {
            let cluster = super::cluster::connect(g).await?;
            super::cluster::add_live_objects(
                &cluster,
                &mut loaded,
                args.all_namespaces,
                &args.selection.ingress_class,
                g,
            )
            .await
        })??;
    }
    let assumed = args.selection.assume(&mut loaded);
    let snap = Snapshot::new(loaded, &args.selection.ingress_class, identity);
    let mut report = validate::check(&snap, &opts);
    report.files = sources.len();
    let tally = Tally::of(&report.diagnostics);
    let printer = g.printer();
    match g.output {
        Some(format) => printer.value(
            &JsonReport {
                diagnostics: &report.diagnostics,
                summary: Summary {
                    tally,
                    objects: report.objects,
                    files: report.files,
                },
            },
            format,
        )?,
        None => {
            if let Some(line) = &assumed {
                printer.status(line);
            }
            for d in &report.diagnostics {
                if !(g.quiet && d.severity == Severity::Note) {
                    eprint!("{}", d.render());
                }
            }
            printer.status(&format!(
                "{}: {} object{} in {} file{}: {tally}",
                if tally.errors > 0 {
                    "invalid"
                } else {
                    "checked"
                },
                report.objects,
                if report.objects == 1 { "" } else { "s" },
                report.files,
                if report.files == 1 { "" } else { "s" },
            ));
        }
    }
    let level = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    if tally.fails(level) {
        return Err(CliError::Reported(tally.to_string()).into());
    }
    Ok(())
}
