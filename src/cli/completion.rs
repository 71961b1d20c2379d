//! `completion SHELL`: prints a completion script generated from the clap definitions.

use clap::Args;
use clap_complete::Shell;

/// `completion` arguments.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  ingressctl completion bash > /etc/bash_completion.d/ingressctl\n  ingressctl completion zsh > \"${fpath[1]}/_ingressctl\"\n  ingressctl completion fish > ~/.config/fish/completions/ingressctl.fish"
)]
pub struct CompletionArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the script for the shell.
pub fn run(args: &CompletionArgs) -> anyhow::Result<()> {
    let script = script(args.shell);
    crate::output::Printer::default().data(&script)
}

/// The completion script for a shell, as text.
pub fn script(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut super::command(), "ingressctl", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}
