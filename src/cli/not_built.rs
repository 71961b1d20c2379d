//! Commands that exist in `--help` but whose issue has not landed: they say so and exit 1.

use clap::Args;

use crate::exit::CliError;

/// Accepts any arguments, so that `ingressctl serve --demo` reports "not built" rather than a usage error.
#[derive(Debug, Clone, Args)]
pub struct NotBuiltArgs {
    /// Arguments of the command once it is built.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Fails with a plain "not built yet" message.
pub fn run(command: &str, _args: &NotBuiltArgs, detail: &str) -> anyhow::Result<()> {
    Err(CliError::NotBuilt {
        command: format!("ingressctl {command}"),
        detail: detail.to_string(),
    }
    .into())
}
