//! A stand-in Kubernetes API server for tests.
//!
//! It speaks the real Kubernetes REST protocol over HTTP or HTTPS on 127.0.0.1 so that
//! kube-rs and the real `kubectl` work against it unmodified: discovery (`/api`, `/apis`,
//! legacy documents, which kubectl falls back to from aggregated discovery), a minimal
//! `/openapi/v3` (enough for kubectl to see server-side field validation), CRUD with
//! `Status` errors worded like the real server's, merge/strategic/JSON patches, server-side
//! apply with per-manager field ownership and conflicts, the `status` subresource, label and
//! field selectors, `dryRun=All`, and streaming watches with resourceVersion semantics.
//! State lives in memory; each [`ApiServer`] runs on its own thread and tokio runtime.

mod catalog;
mod errors;
mod fields;
mod http;
mod ops;
mod patch;
mod select;
mod store;
mod tls;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};
use tokio::sync::oneshot;

use catalog::Catalog;
use http::Shared;
use store::{Key, State};

/// The credential HTTPS requires; `None` serves plain HTTP without authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Plain HTTP, every request is `system:anonymous`.
    None,
    /// HTTPS; requests need `Authorization: Bearer <token>`.
    Token(String),
    /// HTTPS; requests need a client certificate signed by the server's CA.
    ClientCert,
}

/// How to start the server.
#[derive(Debug, Clone)]
pub struct Options {
    /// The credential required.
    pub auth: Auth,
    /// Serve `config.istio.io/v1alpha2` routerules (and list its CRD).
    pub routerule_crd: bool,
    /// Also serve `extensions/v1beta1` ingresses (pre-1.22 clusters).
    pub extensions_v1beta1: bool,
    /// (verb, resource plural) pairs answered 403 Forbidden, e.g. `("list", "ingresses")`.
    pub forbidden: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            auth: Auth::None,
            routerule_crd: true,
            extensions_v1beta1: false,
            forbidden: Vec::new(),
        }
    }
}

impl Options {
    /// HTTPS requiring this bearer token.
    pub fn tls_token(token: &str) -> Self {
        Options {
            auth: Auth::Token(token.to_string()),
            ..Options::default()
        }
    }

    /// HTTPS requiring a client certificate.
    pub fn tls_client_cert() -> Self {
        Options {
            auth: Auth::ClientCert,
            ..Options::default()
        }
    }
}

/// One received request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// HTTP method.
    pub method: String,
    /// URL path.
    pub path: String,
    /// Raw query string (without `?`).
    pub query: String,
}

/// A running stand-in API server; dropping it stops it.
pub struct ApiServer {
    shared: Arc<Shared>,
    pki: Option<tls::Pki>,
    url: String,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Namespaces that exist at start.
const INITIAL_NAMESPACES: &[&str] = &["default", "kube-system", "istio-system"];

impl ApiServer {
    /// Starts a server on 127.0.0.1 with a free port.
    pub fn start(opts: Options) -> ApiServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let address = listener.local_addr().expect("local address").to_string();
        let pki = (opts.auth != Auth::None).then(tls::generate);
        let tls = pki
            .as_ref()
            .map(|p| tls::server_config(p, opts.auth == Auth::ClientCert));
        let scheme = if tls.is_some() { "https" } else { "http" };
        let catalog = Catalog::new(&opts);
        let state = initial_state(&catalog);
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            catalog,
            auth: opts.auth,
            forbidden: Mutex::new(opts.forbidden),
            address: address.clone(),
            tls,
            watch_breaker: tokio::sync::watch::channel(0).0,
            watch_bytes: std::sync::atomic::AtomicU64::new(0),
        });
        let (shutdown, shutdown_rx) = oneshot::channel();
        let thread = spawn_runtime(listener, shared.clone(), shutdown_rx);
        ApiServer {
            shared,
            pki,
            url: format!("{scheme}://{address}"),
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// Replaces the (verb, resource) pairs answered 403 Forbidden (RBAC granted or revoked).
    pub fn set_forbidden(&self, forbidden: Vec<(String, String)>) {
        *self
            .shared
            .forbidden
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = forbidden;
    }

    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The CA certificate (PEM) clients must trust, when serving HTTPS.
    pub fn ca_pem(&self) -> Option<String> {
        self.pki.as_ref().map(|p| p.ca_pem.clone())
    }

    /// Writes `dir/kubeconfig` (context `standin`, namespace `default`, the required credential).
    pub fn write_kubeconfig(&self, dir: &Path) -> PathBuf {
        let user = match (&self.shared.auth, &self.pki) {
            (Auth::Token(token), _) => json!({ "token": token }),
            (Auth::ClientCert, Some(pki)) => json!({
                "client-certificate-data": b64(&pki.client_cert_pem),
                "client-key-data": b64(&pki.client_key_pem),
            }),
            _ => json!({}),
        };
        self.write_config(dir, "kubeconfig", user)
    }

    /// Writes `dir/kubeconfig-exec` whose token comes from an exec credential plugin script
    /// (`dir/credential-plugin.sh`); only meaningful with [`Auth::Token`].
    pub fn write_exec_kubeconfig(&self, dir: &Path) -> PathBuf {
        let token = match &self.shared.auth {
            Auth::Token(token) => token.clone(),
            _ => String::new(),
        };
        let credential = json!({
            "apiVersion": "client.authentication.k8s.io/v1",
            "kind": "ExecCredential",
            "status": {"token": token},
        });
        let script = dir.join("credential-plugin.sh");
        let text = format!("#!/bin/sh\ncat <<'JSON'\n{credential}\nJSON\n");
        std::fs::write(&script, text).expect("write credential plugin");
        make_executable(&script);
        let user = json!({"exec": {
            "apiVersion": "client.authentication.k8s.io/v1",
            "command": script.to_string_lossy(),
            "interactiveMode": "Never",
            "provideClusterInfo": false,
        }});
        self.write_config(dir, "kubeconfig-exec", user)
    }

    /// Writes a kubeconfig file with the given user entry.
    fn write_config(&self, dir: &Path, file: &str, user: Value) -> PathBuf {
        let mut cluster = json!({ "server": self.url });
        if let Some(pki) = &self.pki {
            cluster["certificate-authority-data"] = json!(b64(&pki.ca_pem));
        }
        let config = json!({
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "standin", "cluster": cluster}],
            "users": [{"name": "standin", "user": user}],
            "contexts": [{"name": "standin", "context": {"cluster": "standin", "user": "standin", "namespace": "default"}}],
            "current-context": "standin",
            "preferences": {},
        });
        let path = dir.join(file);
        let text = serde_yaml::to_string(&config).expect("kubeconfig YAML");
        std::fs::write(&path, text).expect("write kubeconfig");
        path
    }

    /// Seeds any object directly (status and managedFields kept), assigning uid,
    /// resourceVersion and creationTimestamp and creating its namespace if needed.
    pub fn insert(&self, obj: Value) {
        let api_version = obj
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let kind = obj.get("kind").and_then(Value::as_str).unwrap_or_default();
        let def = self
            .shared
            .catalog
            .find_kind(api_version, kind)
            .unwrap_or_else(|| panic!("the stand-in does not serve {api_version} {kind}"))
            .clone();
        self.shared.lock().seed(&def, obj);
    }

    /// The stored object, if any.
    pub fn get(
        &self,
        api_version: &str,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<Value> {
        let def = self.shared.catalog.find_kind(api_version, kind)?;
        let key = Key::new(def, namespace.unwrap_or(""), name);
        self.shared.lock().get(&key).cloned()
    }

    /// Replaces an object's `.status`, bumping its resourceVersion and waking watchers.
    pub fn set_status(
        &self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
        status: Value,
    ) {
        let def = self
            .shared
            .catalog
            .find_kind(api_version, kind)
            .unwrap_or_else(|| panic!("the stand-in does not serve {api_version} {kind}"));
        self.shared
            .lock()
            .replace_status(def, namespace, name, status)
            .unwrap_or_else(|| panic!("set_status: no {kind} {namespace}/{name}"));
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    /// Bytes of live watch events streamed so far (to every watcher).
    pub fn watch_bytes(&self) -> u64 {
        self.shared
            .watch_bytes
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    /// Ends every open watch at once, as a restarting API server would.
    pub fn break_watches(&self) {
        self.shared.watch_breaker.send_modify(|n| *n += 1);
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server may have stopped already; then there is nobody to tell.
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            // A panicked server thread has nothing left to clean up.
            let _ = thread.join();
        }
    }
}

/// The store at start: initial namespaces and CRD objects.
fn initial_state(catalog: &Catalog) -> State {
    let mut state = State::new();
    for ns in INITIAL_NAMESPACES {
        state.ensure_namespace(ns);
    }
    if let Some(crd) = catalog.find("apiextensions.k8s.io", "v1", "customresourcedefinitions") {
        let crd = crd.clone();
        for obj in catalog.crd_objects() {
            state.seed(&crd, obj);
        }
    }
    state
}

/// Runs the server on its own thread and multi-threaded runtime until shutdown.
fn spawn_runtime(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    shutdown: oneshot::Receiver<()>,
) -> JoinHandle<()> {
    std::thread::Builder::new()
        .name("standin-apiserver".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                http::serve(listener, shared, shutdown).await;
            });
            runtime.shutdown_timeout(Duration::from_millis(200));
        })
        .expect("spawn server thread")
}

/// Standard base64 of a string.
fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// chmod 755.
#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod plugin");
}

/// No-op where there are no permission bits.
#[cfg(not(unix))]
fn make_executable(_path: &Path) {}
