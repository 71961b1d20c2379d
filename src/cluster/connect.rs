//! One client from the places kubectl reads: `--kubeconfig` (or `KUBECONFIG`, a `:`-separated
//! list), `~/.kube/config`, or the in-cluster service account; `--context`; `-n` defaulting
//! to the context's namespace; `--request-timeout` bounding every call.

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use kube::config::{KubeConfigOptions, Kubeconfig};

use super::ClusterError;

/// The default bound on connecting and on each API call, so that an unreachable cluster
/// fails in seconds rather than hanging.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(8);

/// Where to find the cluster, as the global flags say.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// `--kubeconfig` or `KUBECONFIG` (may hold several paths separated by `:`).
    pub kubeconfig: Option<PathBuf>,
    /// `--context`.
    pub context: Option<String>,
    /// `-n`: overrides the context's namespace.
    pub namespace: Option<String>,
    /// `--request-timeout`; `None` means no limit.
    pub request_timeout: Option<Duration>,
    /// The client will hold watches open: responses are not bounded by the request timeout
    /// (connecting still is).
    pub long_lived: bool,
}

/// A connected cluster: the client, the namespace to use and how to name the server.
#[derive(Clone)]
pub struct Cluster {
    /// The kube client.
    pub client: kube::Client,
    /// The namespace from `-n` or the context.
    pub namespace: String,
    /// True when `-n` chose the namespace (a manifest naming another one is refused).
    pub namespace_from_flag: bool,
    /// The API server URL, for messages.
    pub server: String,
    timeout: Option<Duration>,
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cluster")
            .field("server", &self.server)
            .field("namespace", &self.namespace)
            .finish()
    }
}

impl Cluster {
    /// Builds a client from the options (reads files; makes no API call).
    pub async fn connect(opts: &ConnectOptions) -> Result<Cluster, ClusterError> {
        let mut config = load_config(opts).await?;
        config.connect_timeout = opts.request_timeout;
        if opts.long_lived {
            // Just above the watcher's 290 s server-side timeout: a half-open connection
            // (an idle connection dropped by a middlebox) still fails and is re-watched.
            config.read_timeout = Some(super::error::WATCH_READ_TIMEOUT);
        } else {
            config.read_timeout = opts.request_timeout;
            config.write_timeout = opts.request_timeout;
        }
        config.reset_reader_on_write = true;
        config.default_retry = false;
        let server = config
            .cluster_url
            .to_string()
            .trim_end_matches('/')
            .to_string();
        let namespace = opts
            .namespace
            .clone()
            .unwrap_or_else(|| config.default_namespace.clone());
        let client = build_client(config, &server, opts.request_timeout).await?;
        Ok(Cluster {
            client,
            namespace,
            namespace_from_flag: opts.namespace.is_some(),
            server,
            timeout: opts.request_timeout,
        })
    }

    /// Runs one API call, bounded by the request timeout, with errors made readable.
    pub async fn call<T>(
        &self,
        fut: impl Future<Output = Result<T, kube::Error>>,
    ) -> Result<T, ClusterError> {
        let result = match self.timeout {
            Some(limit) => tokio::time::timeout(limit, fut)
                .await
                .map_err(|_| self.timed_out())?,
            None => fut.await,
        };
        result
            .map_err(|e| ClusterError::from_kube(e, &self.server, self.timeout.unwrap_or_default()))
    }

    fn timed_out(&self) -> ClusterError {
        ClusterError::Timeout {
            server: self.server.clone(),
            after: self.timeout.unwrap_or_default(),
        }
    }
}

/// Builds the client off the runtime thread and within the timeout: an exec credential
/// plugin runs while the client is built, and one that hangs must not hang ingressctl.
async fn build_client(
    config: kube::Config,
    server: &str,
    timeout: Option<Duration>,
) -> Result<kube::Client, ClusterError> {
    let building = tokio::task::spawn_blocking(move || kube::Client::try_from(config));
    let joined = match timeout {
        Some(limit) => tokio::time::timeout(limit, building)
            .await
            .map_err(|_| ClusterError::Config(format!(
                "getting credentials for the cluster at {server} took longer than {} (a credential plugin that waits for input?)",
                crate::manifest::duration::format(limit)
            )))?,
        None => building.await,
    };
    let built =
        joined.map_err(|e| ClusterError::Config(format!("building the client failed: {e}")))?;
    built.map_err(|e| ClusterError::from_kube(e, server, timeout.unwrap_or_default()))
}

async fn load_config(opts: &ConnectOptions) -> Result<kube::Config, ClusterError> {
    let kube_opts = KubeConfigOptions {
        context: opts.context.clone(),
        cluster: None,
        user: None,
    };
    let kubeconfig = match &opts.kubeconfig {
        Some(paths) => Some(read_kubeconfigs(paths)?),
        None => default_kubeconfig()?,
    };
    match kubeconfig {
        Some((kubeconfig, shown)) => {
            check_context(&kubeconfig, opts.context.as_deref(), &shown)?;
            kube::Config::from_custom_kubeconfig(kubeconfig, &kube_opts)
                .await
                .map_err(|e| ClusterError::Config(format!("cannot use kubeconfig {shown}: {e}")))
        }
        None if std::env::var_os("KUBERNETES_SERVICE_HOST").is_some() => kube::Config::incluster()
            .map_err(|e| {
                ClusterError::Config(format!("cannot use the in-cluster service account: {e}"))
            }),
        None => Err(ClusterError::NoConfig),
    }
}

/// Reads and merges a `:`-separated list of kubeconfig files (first wins, as kubectl).
fn read_kubeconfigs(paths: &std::path::Path) -> Result<(Kubeconfig, String), ClusterError> {
    let text = paths.to_string_lossy();
    let mut merged: Option<Kubeconfig> = None;
    for part in text.split(':').filter(|p| !p.is_empty()) {
        let one = Kubeconfig::read_from(part).map_err(|e| {
            ClusterError::Config(format!(
                "cannot read kubeconfig {part}: {}",
                kubeconfig_reason(&e)
            ))
        })?;
        merged = Some(match merged {
            None => one,
            Some(m) => m.merge(one).map_err(|e| {
                ClusterError::Config(format!("cannot merge kubeconfig {part}: {e}"))
            })?,
        });
    }
    merged
        .map(|k| (k, text.to_string()))
        .ok_or(ClusterError::NoConfig)
}

fn default_kubeconfig() -> Result<Option<(Kubeconfig, String)>, ClusterError> {
    let Some(home) = std::env::var_os("HOME") else {
        return Ok(None);
    };
    let path = PathBuf::from(home).join(".kube/config");
    if !path.exists() {
        return Ok(None);
    }
    read_kubeconfigs(&path).map(Some)
}

/// The innermost reason of a kubeconfig error (kube's outer text repeats the path as Debug).
fn kubeconfig_reason(err: &kube::config::KubeconfigError) -> String {
    let mut cur: &dyn std::error::Error = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

fn check_context(k: &Kubeconfig, wanted: Option<&str>, shown: &str) -> Result<(), ClusterError> {
    let names: Vec<&str> = k.contexts.iter().map(|c| c.name.as_str()).collect();
    let name = match wanted {
        Some(name) => name,
        None => match k.current_context.as_deref() {
            Some(name) if !name.is_empty() => name,
            _ => {
                return Err(ClusterError::Config(format!(
                    "kubeconfig {shown} has no current-context; pass --context (contexts: {})",
                    list_or_none(&names)
                )));
            }
        },
    };
    if names.contains(&name) {
        Ok(())
    } else {
        Err(ClusterError::Config(format!(
            "context \"{name}\" is not in kubeconfig {shown} (contexts: {})",
            list_or_none(&names)
        )))
    }
}

fn list_or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}
