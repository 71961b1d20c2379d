//! `apply -f FILE|DIR|-`: validate, then server-side apply Ingresses, RouteRules and Secrets.

use std::path::PathBuf;

use clap::Args;

use super::GlobalArgs;
use super::cluster::{ApplyFlags, PreCheck, apply_sources};
use super::validate::TargetArg;
use crate::manifest;

const EXAMPLES: &str = "\
Examples:
  # The guide's manifests, checked and applied (server-side apply, field manager ingressctl)
  ingressctl apply -f simple-ingress.yaml -f status-route.yaml

  # See what the server would do, storing nothing
  ingressctl apply -f manifests/ --dry-run=server

  # From a pipe, taking fields another manager owns
  ingressctl create ingress web --rule '/api*=api:80' | ingressctl apply -f - --force-conflicts

One line per object: ingress.networking.k8s.io/NAME created|configured|unchanged.
extensions/v1beta1 Ingresses are applied as networking.k8s.io/v1 where the server no longer
serves the old API (Kubernetes 1.22+); the translation is stated on stderr.";

/// `apply` arguments.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ApplyArgs {
    /// A manifest file, a directory of them, or - for standard input (repeatable).
    #[arg(
        short = 'f',
        long = "filename",
        required = true,
        value_name = "FILE|DIR|-"
    )]
    pub files: Vec<PathBuf>,
    /// Read directories recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Apply without validating first.
    #[arg(long)]
    pub no_validate: bool,
    /// The ingress the manifests are validated against.
    #[arg(long, value_enum, default_value = "istio")]
    pub target: TargetArg,
    /// How to apply.
    #[command(flatten)]
    pub flags: ApplyFlags,
}

/// Runs `apply`.
pub fn run(args: &ApplyArgs, g: &GlobalArgs) -> anyhow::Result<()> {
    let sources = manifest::read_sources(&args.files, args.recursive)?;
    let check = if args.no_validate {
        PreCheck::Skip
    } else {
        PreCheck::Against(args.target.into())
    };
    apply_sources(&sources, g, &args.flags, check)
}
