//! Which global options each command reads. One given to a command that does not read it is
//! refused as a usage error (exit 2) instead of being silently ignored.

use clap::ArgMatches;
use clap::parser::ValueSource;

use super::Command;
use super::cert::CertCommand;
use super::create::CreateCommand;
use crate::exit::CliError;

/// The global options a command (with its flags as given) reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reads {
    /// `-n`.
    namespace: bool,
    /// `--context`, `--kubeconfig`, `--request-timeout`.
    cluster: bool,
    /// `-o`.
    output: bool,
}

const ALL: Reads = Reads {
    namespace: true,
    cluster: true,
    output: true,
};

const NONE: Reads = Reads {
    namespace: false,
    cluster: false,
    output: false,
};

fn reads(cmd: &Command) -> Reads {
    match cmd {
        Command::Create(CreateCommand::Ingress(a)) => Reads {
            cluster: a.apply_flags.sends(a.apply),
            ..ALL
        },
        Command::Create(CreateCommand::RouteRule(a)) => Reads {
            cluster: a.apply_flags.sends(a.apply),
            ..ALL
        },
        Command::Validate(a) => Reads {
            namespace: a.cluster,
            cluster: a.cluster,
            output: true,
        },
        Command::Cert(CertCommand::Gen(a)) => Reads {
            namespace: a.secret,
            cluster: a.apply_flags.sends(a.apply),
            output: a.secret,
        },
        Command::Cert(CertCommand::Secret(a)) => Reads {
            cluster: a.apply_flags.sends(a.apply),
            ..ALL
        },
        Command::Cert(CertCommand::Inspect(_)) => Reads {
            output: true,
            ..NONE
        },
        Command::Host(_) | Command::Apply(_) | Command::Delete(_) | Command::Install(_) => ALL,
        // The cluster is read with --cluster, or to find the address of -f's checks.
        Command::Verify(a) => Reads {
            namespace: a.cluster || (!a.files.is_empty() && a.ingress_host.is_none()),
            cluster: a.cluster || (!a.files.is_empty() && a.ingress_host.is_none()),
            output: true,
        },
        Command::Uninstall(_) => Reads {
            output: false,
            ..ALL
        },
        Command::Serve(a) => Reads {
            cluster: a.kube,
            ..NONE
        },
        Command::Convert(_) => Reads {
            output: true,
            ..NONE
        },
        Command::Completion(_) => NONE,
        Command::Version => Reads {
            output: true,
            ..NONE
        },
    }
}

/// The subcommand path as typed (`cert gen`), for the message.
fn command_path(matches: &ArgMatches) -> String {
    let mut names = Vec::new();
    let mut m = matches;
    while let Some((name, sub)) = m.subcommand() {
        names.push(name.to_string());
        m = sub;
    }
    names.join(" ")
}

/// The deepest matches, where global options given after the subcommand are recorded.
fn leaf(matches: &ArgMatches) -> &ArgMatches {
    let mut m = matches;
    while let Some((_, sub)) = m.subcommand() {
        m = sub;
    }
    m
}

/// Refuses a global option on the command line that the command does not read.
pub(super) fn check(cmd: &Command, matches: &ArgMatches) -> Result<(), CliError> {
    let r = reads(cmd);
    let given = |id: &str| {
        [matches, leaf(matches)]
            .iter()
            .any(|m| m.value_source(id) == Some(ValueSource::CommandLine))
    };
    let unread = [
        ("namespace", "-n/--namespace", r.namespace),
        ("context", "--context", r.cluster),
        ("kubeconfig", "--kubeconfig", r.cluster),
        ("request_timeout", "--request-timeout", r.cluster),
        ("output", "-o/--output", r.output),
    ];
    for (id, flag, read) in unread {
        if !read && given(id) {
            return Err(CliError::Usage(format!(
                "`ingressctl {}` does not use {flag}{}",
                command_path(matches),
                hint(cmd, id)
            )));
        }
    }
    Ok(())
}

/// How to make the option count, where some flag does.
fn hint(cmd: &Command, id: &str) -> &'static str {
    match (cmd, id) {
        (Command::Create(_), "context" | "kubeconfig" | "request_timeout") => {
            " (it only prints; add --apply to send the object to the cluster)"
        }
        (Command::Cert(CertCommand::Gen(_)), "namespace" | "output") => {
            " (add --secret to print the Secret)"
        }
        (Command::Validate(_) | Command::Verify(_), _) => {
            " (add --cluster to read the live cluster)"
        }
        (Command::Serve(_), "namespace") => " (use --watch-namespace with --kube)",
        (Command::Serve(_), _) => " (add --kube to watch a cluster)",
        _ => "",
    }
}
