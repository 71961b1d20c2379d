//! The command line: argument definitions, dispatch, and mapping errors to exit codes.
//!
//! Each subcommand lives in its own file with its `Args` struct and a `run` function; the
//! logic they call lives in library modules. Nothing here is needed by tests of the logic.

mod apply;
mod cert;
mod cluster;
mod completion;
mod convert;
mod create;
mod delete;
mod globals;
mod host;
mod install;
mod logging;
mod selection;
mod serve;
mod validate;
mod verify;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use colored::Colorize;

use crate::exit::{self, ExitCode};
use crate::output::{self, ColorChoice, Format, Printer};

const AFTER_HELP: &str = "\
Examples:
  # Print the guide's Ingress for httpbin (Istio notation: /status/.* is a prefix)
  ingressctl create ingress simple-ingress --rule '/status/.*=httpbin:8000'

  # Check manifests against the limits of the Istio ingress
  ingressctl validate -f ingress.yaml -f routerule.yaml

Exit status: 0 success, 1 could not run, 2 usage error, 3 ran and found problems.
Documentation: docs/README.md";

/// ingressctl: expose a service through the Istio ingress, from manifest to verified endpoint.
#[derive(Debug, Parser)]
#[command(name = "ingressctl", version, about, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    /// Options every command accepts.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// kubectl-style options shared by every command.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Namespace of the objects to create or read.
    #[arg(short = 'n', long, global = true, value_name = "NAMESPACE", value_parser = crate::manifest::names::namespace)]
    pub namespace: Option<String>,
    /// kubeconfig context to use (cluster commands).
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,
    /// Path to the kubeconfig file (cluster commands).
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        env = "KUBECONFIG",
        hide_env_values = true
    )]
    pub kubeconfig: Option<PathBuf>,
    /// Output format for data on stdout.
    #[arg(
        short = 'o',
        long = "output",
        global = true,
        value_enum,
        value_name = "FORMAT"
    )]
    pub output: Option<Format>,
    /// How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s].
    #[arg(long, global = true, value_name = "DURATION")]
    pub request_timeout: Option<String>,
    /// When to use colour on a terminal (NO_COLOR is honoured with auto).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print only data and problems.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more about what is happening (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

impl GlobalArgs {
    /// The printer these options ask for.
    pub fn printer(&self) -> Printer {
        Printer {
            quiet: self.quiet,
            verbose: self.verbose,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an Ingress or RouteRule manifest built from flags.
    #[command(subcommand)]
    Create(create::CreateCommand),
    /// Check Ingress, RouteRule and TLS Secret manifests against the Istio ingress's limits.
    Validate(validate::ValidateArgs),
    /// Make certificates, keys and the istio-ingress-certs Secret.
    #[command(subcommand)]
    Cert(cert::CertCommand),
    /// Find the ingress address (INGRESS_HOST) of a cluster.
    Host(host::HostArgs),
    /// Apply Ingress, RouteRule and TLS Secret manifests to the cluster (server-side apply).
    Apply(apply::ApplyArgs),
    /// Delete Ingresses, RouteRules and Secrets from the cluster.
    Delete(delete::DeleteArgs),
    /// Print or apply what runs `serve --kube` in a cluster (RBAC, Deployment, Service...).
    Install(Box<install::InstallArgs>),
    /// Remove what `install` made.
    Uninstall(install::UninstallArgs),
    /// Check that an ingress answers as its manifests say (the guide's curl checks).
    Verify(Box<verify::VerifyArgs>),
    /// Run the ingress proxy from Ingress, RouteRule, Service and TLS Secret manifests.
    Serve(Box<serve::ServeArgs>),
    /// Convert Ingress and RouteRule manifests to Istio's or Gateway API's current resources.
    Convert(Box<convert::ConvertArgs>),
    /// Print a shell completion script.
    Completion(completion::CompletionArgs),
    /// Print the version.
    Version,
}

/// The clap command tree (for completions, man pages and help snapshots).
pub fn command() -> clap::Command {
    Cli::command()
}

/// Checks a command line as `run` would before running it (parsing, then the global options
/// the command reads); nothing runs. `--help` and `--version` count as valid.
pub fn check_command_line<I, T>(args: I) -> Result<(), String>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) =>
        {
            return Ok(());
        }
        Err(e) => return Err(e.to_string()),
    };
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.to_string())?;
    globals::check(&cli.command, &matches).map_err(|e| e.to_string())
}

/// Runs ingressctl with these arguments and returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let parsed = command()
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(err) => {
            let _ = err.print();
            return err.exit_code();
        }
    };
    output::init_color(cli.global.color);
    if let Err(err) = globals::check(&cli.command, &matches) {
        eprintln!("{} {err}", "ingressctl: error:".red().bold());
        return ExitCode::Usage as i32;
    }
    match dispatch(&cli) {
        Ok(()) => ExitCode::Ok as i32,
        Err(err) if exit::is_broken_pipe(&err) => ExitCode::Ok as i32,
        Err(err) => {
            if !exit::already_reported(&err) {
                eprintln!("{} {err:#}", "ingressctl: error:".red().bold());
            }
            exit::code_for(&err) as i32
        }
    }
}

fn dispatch(cli: &Cli) -> anyhow::Result<()> {
    let g = &cli.global;
    match &cli.command {
        Command::Create(cmd) => create::run(cmd, g),
        Command::Validate(args) => validate::run(args, g),
        Command::Cert(cmd) => cert::run(cmd, g),
        Command::Host(args) => host::run(args, g),
        Command::Apply(args) => apply::run(args, g),
        Command::Delete(args) => delete::run(args, g),
        Command::Install(args) => install::run_install(args, g),
        Command::Uninstall(args) => install::run_uninstall(args, g),
        Command::Verify(args) => verify::run(args, g),
        Command::Serve(args) => serve::run(args, g),
        Command::Convert(args) => convert::run(args, g),
        Command::Completion(args) => completion::run(args),
        Command::Version => version(g),
    }
}

/// Parses a Go-style duration flag; a bad value is a usage error naming the flag.
pub(crate) fn duration_flag(flag: &str, text: &str) -> anyhow::Result<std::time::Duration> {
    crate::manifest::duration::parse(text)
        .map_err(|e| crate::exit::CliError::Usage(format!("invalid {flag}: {e}")).into())
}

fn version(g: &GlobalArgs) -> anyhow::Result<()> {
    let version = env!("CARGO_PKG_VERSION");
    match g.output {
        None => g.printer().data(&format!("ingressctl {version}")),
        Some(format) => g
            .printer()
            .value(&serde_json::json!({ "version": version }), format),
    }
}
