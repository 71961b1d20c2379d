//! What went wrong talking to a cluster, in one line a user can act on.
//!
//! kube's own error texts embed Rust Debug dumps (`ApiError: ... (Status { .. })`); nothing
//! here prints them. [`ClusterError::from_kube`] reads the cause chain and the API `Status`
//! and says which server, what failed and what to try.

use std::time::Duration;

use kube::client::AuthError;

/// How long a watch connection may stay silent: just above the watcher's 290 s server-side
/// timeout, so a half-open connection still fails and is watched again.
pub const WATCH_READ_TIMEOUT: Duration = Duration::from_secs(295);

/// A failed cluster operation, typed where callers branch on it.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// No kubeconfig anywhere and not inside a cluster.
    #[error(
        "no cluster configured: no kubeconfig at --kubeconfig, KUBECONFIG or ~/.kube/config, and not running in a pod; pass --kubeconfig FILE"
    )]
    NoConfig,
    /// The kubeconfig could not be read or used.
    #[error("{0}")]
    Config(String),
    /// The server could not be reached (refused, unresolvable, TLS failure).
    #[error("cannot reach the cluster at {server}: {detail}; {hint}")]
    Unreachable {
        /// The API server URL.
        server: String,
        /// What failed.
        detail: String,
        /// What to try.
        hint: &'static str,
    },
    /// No answer within the request timeout.
    #[error(
        "the cluster at {server} did not answer within {}; check that the API server is up, or raise --request-timeout",
        crate::manifest::duration::format(*.after)
    )]
    Timeout {
        /// The API server URL.
        server: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// 401: the credentials were refused.
    #[error(
        "the cluster at {server} refused the credentials (401 Unauthorized); check the user of the kubeconfig context (token, client certificate or exec plugin)"
    )]
    Unauthorized {
        /// The API server URL.
        server: String,
    },
    /// 403: the user may not do this.
    #[error("forbidden (403): {message}")]
    Forbidden {
        /// The server's message (who may not do what).
        message: String,
    },
    /// 404: the object, namespace or resource type is not there.
    #[error("{message}")]
    NotFound {
        /// The server's message.
        message: String,
    },
    /// 409 from server-side apply: fields owned by other managers.
    #[error("{message}")]
    Conflict {
        /// The server's message, naming the managers and fields.
        message: String,
    },
    /// The cluster does not serve what the input needs (a CRD, an API version, a kind).
    #[error("{0}")]
    Unsupported(String),
    /// Any other answer from the API server.
    #[error("the cluster answered {code} {reason}: {message}")]
    Api {
        /// HTTP status code.
        code: u16,
        /// Machine-readable reason.
        reason: String,
        /// The server's message.
        message: String,
    },
}

impl ClusterError {
    /// Reads a kube error into one actionable line.
    pub fn from_kube(err: kube::Error, server: &str, timeout: Duration) -> Self {
        match err {
            kube::Error::Api(status) => {
                Self::from_status(status.code, &status.reason, status.message.clone(), server)
            }
            kube::Error::Auth(e) => credentials_failed(&e, server),
            kube::Error::InferKubeconfig(e) => {
                ClusterError::Config(format!("cannot use the kubeconfig: {}", chain_text(&e)))
            }
            other => Self::transport(&other, server, timeout),
        }
    }

    /// A watch's failure (which kube-runtime retries) as one line.
    pub fn from_watch(err: kube::runtime::watcher::Error, server: &str) -> Self {
        use kube::runtime::watcher::Error as Watch;
        match err {
            Watch::InitialListFailed(e) | Watch::WatchStartFailed(e) | Watch::WatchFailed(e) => {
                Self::from_kube(e, server, WATCH_READ_TIMEOUT)
            }
            Watch::WatchError(status) => {
                Self::from_status(status.code, &status.reason, status.message, server)
            }
            Watch::NoResourceVersion => ClusterError::Unsupported(format!(
                "the cluster at {server} answered a list without a resourceVersion: it cannot be watched"
            )),
        }
    }

    /// An API `Status` answer as an error.
    pub fn from_status(code: u16, reason: &str, message: String, server: &str) -> Self {
        match code {
            401 => ClusterError::Unauthorized {
                server: server.to_string(),
            },
            403 => ClusterError::Forbidden { message },
            404 => ClusterError::NotFound { message },
            409 if message.starts_with("Apply failed") => ClusterError::Conflict { message },
            _ => ClusterError::Api {
                code,
                reason: if reason.is_empty() {
                    "error".into()
                } else {
                    reason.to_string()
                },
                message,
            },
        }
    }

    /// True when the server said the object (or its type) is not there.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ClusterError::NotFound { .. })
    }

    fn transport(err: &(dyn std::error::Error + 'static), server: &str, timeout: Duration) -> Self {
        if let Some(auth) = find_cause::<AuthError>(err) {
            return credentials_failed(auth, server);
        }
        let text = chain_text(err);
        if text.contains("timed out") || text.contains("deadline has elapsed") {
            return ClusterError::Timeout {
                server: server.to_string(),
                after: timeout,
            };
        }
        let (detail, hint) = if text.contains("onnection refused") {
            (
                "connection refused".to_string(),
                "is the API server running, and is this the right --context?",
            )
        } else if text.contains("certificate") || text.contains("tls") || text.contains("TLS") {
            (
                format!("TLS failed: {}", last_cause(err)),
                "check the cluster's certificate-authority in the kubeconfig",
            )
        } else if text.contains("dns error") || text.contains("failed to lookup") {
            (
                format!("cannot resolve the host: {}", last_cause(err)),
                "check the server address in the kubeconfig",
            )
        } else {
            (
                last_cause(err),
                "check the server address in the kubeconfig and that it is reachable",
            )
        };
        ClusterError::Unreachable {
            server: server.to_string(),
            detail,
            hint,
        }
    }
}

/// The credential step failed: says what the plugin or token file did, never its Debug form
/// (kube's own text for a failed exec plugin embeds the command and its output as Debug).
fn credentials_failed(err: &AuthError, server: &str) -> ClusterError {
    let what = match err {
        AuthError::AuthExecRun { out, .. } => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let first = stderr.lines().map(str::trim).find(|l| !l.is_empty());
            match first {
                Some(line) => format!("the credential plugin failed ({}): {line}", out.status),
                None => format!("the credential plugin failed ({})", out.status),
            }
        }
        AuthError::AuthExecStart(io) => format!("cannot run the credential plugin: {io}"),
        other => last_cause(other),
    };
    ClusterError::Config(format!(
        "cannot get credentials for the cluster at {server}: {what}; check the `exec` or token settings of the kubeconfig user"
    ))
}

/// The first error of type `T` in the cause chain.
fn find_cause<'a, T: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        cur = e.source();
    }
    None
}

/// Every message in the cause chain, joined (for classification, not for display).
fn chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut cur = err.source();
    while let Some(e) = cur {
        parts.push(e.to_string());
        cur = e.source();
    }
    parts.join(": ")
}

/// The innermost cause's message: the one that says what actually happened.
fn last_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    let text = cur.to_string();
    // io errors print "Connection refused (os error 111)": keep the words.
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds_without_debug_text() {
        let e = ClusterError::from_status(401, "Unauthorized", "Unauthorized".into(), "https://x");
        assert!(e.to_string().contains("https://x refused the credentials"));
        let e = ClusterError::from_status(
            409,
            "Conflict",
            "Apply failed with 1 conflict: conflict with \"kubectl\"".into(),
            "s",
        );
        assert!(matches!(e, ClusterError::Conflict { .. }));
        let e = ClusterError::from_status(422, "Invalid", "bad name".into(), "s");
        assert_eq!(e.to_string(), "the cluster answered 422 Invalid: bad name");
        assert!(!e.to_string().contains('{'));
    }
}
