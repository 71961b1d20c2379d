//! The one exit-code table every command uses, and the errors that select a code.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | could not run: I/O, network, cluster |
//! | 2 | usage error: bad flags or flag values |
//! | 3 | ran and found problems: validation findings, failed checks |

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum ExitCode {
    /// Success.
    Ok = 0,
    /// Could not run.
    Failure = 1,
    /// Usage error.
    Usage = 2,
    /// Ran and found problems.
    Findings = 3,
}

/// Errors that choose an exit code other than 1.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The arguments are wrong (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The command ran and found problems (exit 3); the message is printed as the last line.
    #[error("{0}")]
    Findings(String),
    /// The command ran, found problems and already printed them with a summary line (exit 3;
    /// nothing more is printed). The message is for callers of the library.
    #[error("{0}")]
    Reported(String),
}

/// The exit code for an error from a command.
pub fn code_for(err: &anyhow::Error) -> ExitCode {
    match err.downcast_ref::<CliError>() {
        Some(CliError::Usage(_)) => ExitCode::Usage,
        Some(CliError::Findings(_) | CliError::Reported(_)) => ExitCode::Findings,
        None => ExitCode::Failure,
    }
}

/// True when the error is a closed stdout (`ingressctl ... | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// True when the error's details and summary were already printed.
pub fn already_reported(err: &anyhow::Error) -> bool {
    matches!(err.downcast_ref::<CliError>(), Some(CliError::Reported(_)))
}
