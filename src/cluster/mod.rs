//! Talking to a Kubernetes cluster: connecting as kubectl does, server-side apply, delete,
//! ingress address discovery, and reading the live objects `validate` and `verify` check.
//!
//! Named `cluster` rather than `kube` so that it never shadows the `kube` crate it wraps.
//! Nothing here prints: callers in `cli/` say what happened. Every API call goes through
//! [`Cluster::call`], which bounds it by `--request-timeout` and turns kube's errors into
//! one readable [`ClusterError`].

pub mod apply;
mod connect;
pub mod delete;
mod error;
pub mod host;
pub mod install;
pub mod read;
pub mod resources;
pub mod status;
pub mod watch;

pub use connect::{Cluster, ConnectOptions, DEFAULT_REQUEST_TIMEOUT};
pub use error::ClusterError;

/// Runs a cluster operation to completion on a small runtime of its own (the CLI is
/// synchronous; one thread is plenty for a handful of API calls).
pub fn block_on<F: std::future::Future>(fut: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))?;
    Ok(runtime.block_on(fut))
}
