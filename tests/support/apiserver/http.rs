//! The HTTP side: connection handling (plain or TLS), authentication, routing of the REST
//! paths, and streaming watches.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body as _, Frame, Incoming};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, mpsc, oneshot};

use super::catalog::{Catalog, ResourceDef};
use super::errors::ApiError;
use super::ops::{Page, Target, WriteOptions};
use super::patch::{self, PatchKind};
use super::select::{FieldSelector, LabelSelector};
use super::store::{Event, State};
use super::{Auth, Recorded, tls};

/// Response bodies: whole documents or a watch stream.
type Body = BoxBody<Bytes, Infallible>;

/// The largest request body accepted.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Everything a request handler needs.
pub(super) struct Shared {
    /// The store.
    pub state: Mutex<State>,
    /// The served resources.
    pub catalog: Catalog,
    /// The required credential.
    pub auth: Auth,
    /// (verb, resource) pairs answered 403.
    pub forbidden: Mutex<Vec<(String, String)>>,
    /// `127.0.0.1:PORT`.
    pub address: String,
    /// The TLS configuration, unless plain HTTP.
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// Bumped to end every open watch (as an API server restart would).
    pub watch_breaker: tokio::sync::watch::Sender<u64>,
    /// Bytes of live watch events sent (what a change costs the server to stream).
    pub watch_bytes: std::sync::atomic::AtomicU64,
}

impl Shared {
    /// Locks the store (a panicked holder does not poison it for later requests).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Accepts connections until `shutdown` fires.
pub(super) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: oneshot::Receiver<()>,
) {
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(connection(stream, shared.clone()));
                }
            }
        }
    }
}

/// Serves one connection over HTTP/1.1, after a TLS handshake when configured.
async fn connection(stream: TcpStream, shared: Arc<Shared>) {
    let Some(config) = shared.tls.clone() else {
        serve_http(TokioIo::new(stream), shared, false).await;
        return;
    };
    let Ok(tls_stream) = tokio_rustls::TlsAcceptor::from(config).accept(stream).await else {
        return;
    };
    let has_cert = tls_stream
        .get_ref()
        .1
        .peer_certificates()
        .is_some_and(|c| !c.is_empty());
    serve_http(TokioIo::new(tls_stream), shared, has_cert).await;
}

/// Runs hyper's HTTP/1 server on an I/O stream.
async fn serve_http<I>(io: TokioIo<I>, shared: Arc<Shared>, has_cert: bool)
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |req| {
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(handle(shared, req, has_cert).await) }
    });
    // Connection errors (client gone mid-watch) are normal here.
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(io, service)
        .await;
}

/// A JSON response.
fn json_response(code: u16, value: &Value) -> Response<Body> {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::new(Full::new(Bytes::from(value.to_string())).boxed());
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

/// A `Status` failure response.
fn error_response(err: &ApiError) -> Response<Body> {
    json_response(err.code, &err.status())
}

/// Decoded query parameters.
struct Query(Vec<(String, String)>);

impl Query {
    /// Parses `a=b&c=d` with percent-decoding.
    fn parse(raw: &str) -> Self {
        let pairs = raw
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        Query(pairs)
    }

    /// The first value of `key`.
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `key` is `true`/`1`.
    fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some("true" | "1" | "True"))
    }

    /// Whether `dryRun=All` was sent.
    fn dry_run(&self) -> bool {
        self.0.iter().any(|(k, v)| k == "dryRun" && v == "All")
    }
}

/// One hex digit's value.
fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Percent-decoding (`+` as space), tolerant of malformed escapes.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex(*high).zip(hex(*low)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a path addresses.
enum Route {
    /// `/version`.
    Version,
    /// `/healthz`, `/livez`, `/readyz`.
    Health,
    /// `/api`.
    Api,
    /// `/apis`.
    Apis,
    /// `/apis/{group}`.
    Group(String),
    /// `/api/v1` or `/apis/{group}/{version}`.
    GroupVersion(String, String),
    /// `/openapi/v3`.
    OpenApiRoot,
    /// `/openapi/v3/api/v1` or `/openapi/v3/apis/{group}/{version}`.
    OpenApi(String, String),
    /// A resource path.
    Resource(ResourcePath),
    /// Anything else.
    Unknown,
}

/// The parts of a resource path.
struct ResourcePath {
    group: String,
    version: String,
    plural: String,
    namespace: Option<String>,
    name: Option<String>,
    sub: Option<String>,
}

/// Splits a path into a [`Route`].
fn route(path: &str) -> Route {
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    match s.as_slice() {
        ["version"] => Route::Version,
        ["healthz" | "livez" | "readyz", ..] => Route::Health,
        ["api"] => Route::Api,
        ["apis"] => Route::Apis,
        ["apis", group] => Route::Group(group.to_string()),
        ["api", version] => Route::GroupVersion(String::new(), version.to_string()),
        ["apis", group, version] => Route::GroupVersion(group.to_string(), version.to_string()),
        ["openapi", "v3"] => Route::OpenApiRoot,
        ["openapi", "v3", "api", version] => Route::OpenApi(String::new(), version.to_string()),
        ["openapi", "v3", "apis", group, version] => {
            Route::OpenApi(group.to_string(), version.to_string())
        }
        ["api", version, rest @ ..] => resource_route("", version, rest),
        ["apis", group, version, rest @ ..] => resource_route(group, version, rest),
        _ => Route::Unknown,
    }
}

/// Parses the part of a resource path after the group/version.
fn resource_route(group: &str, version: &str, rest: &[&str]) -> Route {
    let (namespace, tail) = match rest {
        ["namespaces", ns, plural, ..] if !matches!(*plural, "status" | "finalize") => {
            (Some(ns.to_string()), &rest[2..])
        }
        _ => (None, rest),
    };
    let (plural, name, sub) = match tail {
        [plural] => (plural, None, None),
        [plural, name] => (plural, Some(name.to_string()), None),
        [plural, name, sub] => (plural, Some(name.to_string()), Some(sub.to_string())),
        _ => return Route::Unknown,
    };
    Route::Resource(ResourcePath {
        group: group.to_string(),
        version: version.to_string(),
        plural: plural.to_string(),
        namespace,
        name,
        sub,
    })
}

/// Authenticates a request: the user name, or `None` for 401.
fn authenticate(auth: &Auth, req: &Request<Incoming>, has_cert: bool) -> Option<String> {
    match auth {
        Auth::None => Some("system:anonymous".to_string()),
        Auth::ClientCert => has_cert.then(|| tls::CLIENT_CN.to_string()),
        Auth::Token(token) => {
            let sent = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            (sent == Some(token.as_str())).then(|| tls::CLIENT_CN.to_string())
        }
    }
}

/// Handles one request; never panics on request input.
async fn handle(shared: Arc<Shared>, req: Request<Incoming>, has_cert: bool) -> Response<Body> {
    let path = req.uri().path().to_string();
    let query_raw = req.uri().query().unwrap_or("").to_string();
    shared.lock().requests.push(Recorded {
        method: req.method().to_string(),
        path: path.clone(),
        query: query_raw.clone(),
    });
    let Some(user) = authenticate(&shared.auth, &req, has_cert) else {
        return error_response(&ApiError::unauthorized());
    };
    let query = Query::parse(&query_raw);
    let result = match route(&path) {
        Route::Resource(rp) => resource(&shared, req, rp, query, &user).await,
        other => discovery(&shared, other, req.method()),
    };
    result.unwrap_or_else(|e| error_response(&e))
}

/// Answers the discovery, version, health and OpenAPI paths (GET only).
fn discovery(shared: &Shared, route: Route, method: &Method) -> Result<Response<Body>, ApiError> {
    if method != Method::GET {
        return Err(ApiError::method_not_allowed());
    }
    let catalog = &shared.catalog;
    let doc = match route {
        Route::Version => Some(version_doc()),
        Route::Health => {
            return Ok(Response::new(Full::new(Bytes::from_static(b"ok")).boxed()));
        }
        Route::Api => Some(catalog.api_versions(&shared.address)),
        Route::Apis => Some(catalog.group_list()),
        Route::Group(group) => catalog.group(&group),
        Route::GroupVersion(group, version) => catalog.resource_list(&group, &version),
        Route::OpenApiRoot => Some(catalog.openapi_root()),
        Route::OpenApi(group, version) => catalog.openapi_group_version(&group, &version),
        Route::Resource(_) | Route::Unknown => None,
    };
    doc.map(|d| json_response(200, &d))
        .ok_or_else(ApiError::no_route)
}

/// The `/version` document.
fn version_doc() -> Value {
    json!({
        "major": "1", "minor": "33", "gitVersion": "v1.33.0",
        "gitCommit": "60a317eadfcb839692a68eab88b2096f4d708f4f", "gitTreeState": "clean",
        "buildDate": "2025-04-23T13:07:04Z", "goVersion": "go1.24.2", "compiler": "gc",
        "platform": "linux/amd64",
    })
}

/// The verb a request maps to (for authorization and dispatch).
fn verb_of(method: &Method, rp: &ResourcePath, watch: bool) -> Option<&'static str> {
    let named = rp.name.is_some();
    Some(match (method.as_str(), named) {
        ("GET", true) => "get",
        ("GET", false) if watch => "watch",
        ("GET", false) => "list",
        ("POST", false) => "create",
        ("PUT", true) => "update",
        ("PATCH", true) => "patch",
        ("DELETE", true) => "delete",
        ("DELETE", false) => "deletecollection",
        _ => return None,
    })
}

/// The field manager: `fieldManager`, else the User-Agent's program name (as the real server).
fn field_manager(query: &Query, req: &Request<Incoming>) -> String {
    if let Some(manager) = query.get("fieldManager").filter(|m| !m.is_empty()) {
        return manager.to_string();
    }
    let agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    agent.split('/').next().unwrap_or("").to_string()
}

/// Reads a request body with a size limit.
async fn read_body(req: Request<Incoming>) -> Result<Bytes, ApiError> {
    if req.body().size_hint().lower() > MAX_BODY as u64 {
        return Err(ApiError::new(
            413,
            "RequestEntityTooLarge",
            "request entity too large",
        ));
    }
    let collected = req
        .into_body()
        .collect()
        .await
        .map_err(|e| ApiError::bad_request(format!("reading the body: {e}")))?;
    Ok(collected.to_bytes())
}

/// Checks the resource path against the catalog and returns the resource.
fn resolve<'a>(catalog: &'a Catalog, rp: &ResourcePath) -> Result<&'a ResourceDef, ApiError> {
    let def = catalog
        .find(&rp.group, &rp.version, &rp.plural)
        .ok_or_else(ApiError::no_route)?;
    let scoped_ok = def.namespaced || rp.namespace.is_none();
    let named_ok = !def.namespaced || rp.name.is_none() || rp.namespace.is_some();
    let sub_ok = match rp.sub.as_deref() {
        None => true,
        Some("status") => def.status,
        Some(_) => false,
    };
    if scoped_ok && named_ok && sub_ok {
        Ok(def)
    } else {
        Err(ApiError::no_route())
    }
}

/// Dispatches a resource request.
async fn resource(
    shared: &Arc<Shared>,
    req: Request<Incoming>,
    rp: ResourcePath,
    query: Query,
    user: &str,
) -> Result<Response<Body>, ApiError> {
    let def = resolve(&shared.catalog, &rp)?.clone();
    let watch = query.flag("watch");
    let verb = verb_of(req.method(), &rp, watch).ok_or_else(ApiError::method_not_allowed)?;
    let resource_name = match &rp.sub {
        Some(sub) => format!("{}/{sub}", def.plural),
        None => def.plural.to_string(),
    };
    let denied = shared
        .forbidden
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .any(|(v, r)| (v == verb || v == "*") && (*r == resource_name || r == "*"));
    let namespace = rp.namespace.clone().unwrap_or_default();
    let name = rp.name.clone().unwrap_or_default();
    if denied {
        return Err(ApiError::forbidden(&def, verb, user, &namespace, &name));
    }
    let labels = LabelSelector::parse(query.get("labelSelector").unwrap_or(""))
        .map_err(ApiError::bad_request)?;
    let fields = FieldSelector::parse(query.get("fieldSelector").unwrap_or(""), &def)
        .map_err(ApiError::bad_request)?;
    let ns_filter = rp.namespace.as_deref();
    let target = Target {
        def: &def,
        namespace: &namespace,
        name: &name,
    };
    let opts = WriteOptions {
        manager: field_manager(&query, &req),
        dry_run: query.dry_run(),
        force: query.flag("force"),
        status: rp.sub.is_some(),
    };
    match verb {
        "get" => Ok(json_response(200, &shared.lock().op_get(&target)?)),
        "list" => {
            let page = Page::parse(query.get("limit"), query.get("continue"))?;
            let list = shared
                .lock()
                .op_list(&def, ns_filter, &labels, &fields, &page);
            Ok(json_response(200, &list))
        }
        "watch" => watch_stream(
            shared.clone(),
            def.clone(),
            rp.namespace.clone(),
            labels,
            fields,
            &query,
        ),
        "create" => create(shared, req, &def, &namespace, &opts).await,
        "update" => {
            let body = patch::json_object(&read_body(req).await?)?;
            Ok(json_response(
                200,
                &shared.lock().op_replace(&target, body, &opts)?,
            ))
        }
        "patch" => patch_request(shared, req, &target, &query, &opts).await,
        "delete" => {
            let body = read_body(req).await?;
            let dry_run = opts.dry_run || delete_body_dry_run(&body);
            Ok(json_response(
                200,
                &shared.lock().op_delete(&target, dry_run)?,
            ))
        }
        _ => {
            let list =
                shared
                    .lock()
                    .op_delete_collection(&def, ns_filter, &labels, &fields, opts.dry_run);
            Ok(json_response(200, &list))
        }
    }
}

/// Whether a DeleteOptions body asks for `dryRun: [All]`.
fn delete_body_dry_run(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("dryRun").cloned())
        .and_then(|d| d.as_array().map(|a| a.iter().any(|x| x == "All")))
        .unwrap_or(false)
}

/// POST: create (201).
async fn create(
    shared: &Arc<Shared>,
    req: Request<Incoming>,
    def: &ResourceDef,
    namespace: &str,
    opts: &WriteOptions,
) -> Result<Response<Body>, ApiError> {
    if def.namespaced && namespace.is_empty() {
        return Err(ApiError::method_not_allowed());
    }
    let body = patch::json_object(&read_body(req).await?)?;
    let created = shared.lock().op_create(def, namespace, body, opts)?;
    Ok(json_response(201, &created))
}

/// PATCH: validates the patch options, then patches or applies.
async fn patch_request(
    shared: &Arc<Shared>,
    req: Request<Incoming>,
    target: &Target<'_>,
    query: &Query,
    opts: &WriteOptions,
) -> Result<Response<Body>, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let kind = PatchKind::from_content_type(&content_type)
        .ok_or_else(|| ApiError::unsupported_media(&content_type))?;
    patch_options_valid(kind, query)?;
    let body = read_body(req).await?;
    let (code, obj) = shared.lock().op_patch(target, kind, &body, opts)?;
    Ok(json_response(code, &obj))
}

/// `ValidatePatchOptions`: apply needs a fieldManager; only apply may force.
fn patch_options_valid(kind: PatchKind, query: &Query) -> Result<(), ApiError> {
    let (field, message) = if kind == PatchKind::Apply {
        if query.get("fieldManager").is_some_and(|m| !m.is_empty()) {
            return Ok(());
        }
        (
            "fieldManager",
            "Required value: is required for apply patch",
        )
    } else {
        if query.get("force").is_none() {
            return Ok(());
        }
        (
            "force",
            "Forbidden: may not be specified for non-apply patch",
        )
    };
    let reason = if kind == PatchKind::Apply {
        "FieldValueRequired"
    } else {
        "FieldValueForbidden"
    };
    let cause = super::errors::Cause {
        reason,
        message: message.to_string(),
        field: field.to_string(),
    };
    Err(ApiError::invalid(
        "meta.k8s.io",
        "PatchOptions",
        "",
        vec![cause],
    ))
}

/// A watch response body fed from a channel.
struct ChannelBody(mpsc::Receiver<Bytes>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|b| Ok(Frame::data(b))))
    }
}

/// What a watch selects.
struct WatchFilter {
    def: ResourceDef,
    namespace: Option<String>,
    labels: LabelSelector,
    fields: FieldSelector,
}

impl WatchFilter {
    /// Whether an event concerns this watch.
    fn matches(&self, event: &Event) -> bool {
        event.key.group == self.def.group
            && event.key.plural == self.def.plural
            && self
                .namespace
                .as_ref()
                .is_none_or(|ns| *ns == event.key.namespace)
            && self.labels.matches(&event.object)
            && self.fields.matches(&event.object)
    }
}

/// One newline-terminated watch event line.
fn event_line(kind: &str, object: &Value) -> Bytes {
    let mut text = json!({"type": kind, "object": object}).to_string();
    text.push('\n');
    Bytes::from(text)
}

/// A BOOKMARK event at `rv`, optionally marking the end of initial events.
fn bookmark(def: &ResourceDef, rv: u64, initial_end: bool) -> Bytes {
    let mut meta = json!({"resourceVersion": rv.to_string(), "creationTimestamp": null});
    if initial_end {
        meta["annotations"] = json!({"k8s.io/initial-events-end": "true"});
    }
    event_line(
        "BOOKMARK",
        &json!({"kind": def.kind, "apiVersion": def.api_version(), "metadata": meta}),
    )
}

/// Starts a watch: replays per `resourceVersion`, then streams live events until the timeout.
fn watch_stream(
    shared: Arc<Shared>,
    def: ResourceDef,
    namespace: Option<String>,
    labels: LabelSelector,
    fields: FieldSelector,
    query: &Query,
) -> Result<Response<Body>, ApiError> {
    let rv_param = query.get("resourceVersion").unwrap_or("").to_string();
    let timeout = match query.get("timeoutSeconds") {
        Some(t) => t
            .parse::<u64>()
            .map_err(|_| ApiError::bad_request(format!("invalid timeoutSeconds {t:?}")))?,
        None => 1800,
    };
    let bookmarks = query.flag("allowWatchBookmarks");
    let initial_end = query.flag("sendInitialEvents");
    let filter = WatchFilter {
        def,
        namespace,
        labels,
        fields,
    };
    let (initial, receiver, last_rv, done) = {
        let state = shared.lock();
        let receiver = state.subscribe();
        let current = state.current_rv();
        let mut lines = Vec::new();
        let mut done = false;
        if rv_param.is_empty() || rv_param == "0" {
            for (_, obj) in state.objects_of(&filter.def, filter.namespace.as_deref()) {
                if filter.labels.matches(obj) && filter.fields.matches(obj) {
                    lines.push(event_line("ADDED", obj));
                }
            }
            if initial_end {
                lines.push(bookmark(&filter.def, current, true));
            }
        } else {
            let asked: u64 = rv_param.parse().map_err(|_| {
                ApiError::bad_request(format!("invalid resource version {rv_param:?}"))
            })?;
            match state.events_since(asked) {
                Ok(events) => lines.extend(
                    events
                        .iter()
                        .filter(|e| filter.matches(e))
                        .map(|e| event_line(e.kind, &e.object)),
                ),
                Err(oldest) => {
                    lines.push(event_line(
                        "ERROR",
                        &ApiError::expired(asked, oldest).status(),
                    ));
                    done = true;
                }
            }
        }
        (lines, receiver, current, done)
    };
    let (tx, rx) = mpsc::channel(256);
    let live = LiveWatch {
        filter,
        receiver,
        last_rv,
        bookmarks,
        shared,
    };
    tokio::spawn(async move {
        for line in initial {
            if tx.send(line).await.is_err() {
                return;
            }
        }
        if !done {
            live.run(tx, Duration::from_secs(timeout)).await;
        }
    });
    let mut response = Response::new(ChannelBody(rx).boxed());
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// The live part of a watch.
struct LiveWatch {
    filter: WatchFilter,
    receiver: broadcast::Receiver<Arc<Event>>,
    last_rv: u64,
    bookmarks: bool,
    shared: Arc<Shared>,
}

impl LiveWatch {
    /// Forwards matching events until the timeout, the client leaving or falling behind.
    async fn run(mut self, tx: mpsc::Sender<Bytes>, timeout: Duration) {
        let deadline = tokio::time::sleep(timeout);
        tokio::pin!(deadline);
        let mut breaker = self.shared.watch_breaker.subscribe();
        loop {
            tokio::select! {
                _ = &mut deadline => break,
                // Cut without a last word, as a dying server would.
                _ = breaker.changed() => return,
                received = self.receiver.recv() => match received {
                    Ok(event) if event.rv > self.last_rv && self.filter.matches(&event) => {
                        self.last_rv = event.rv;
                        let line = event_line(event.kind, &event.object);
                        self.shared
                            .watch_bytes
                            .fetch_add(line.len() as u64, std::sync::atomic::Ordering::Relaxed);
                        if tx.send(line).await.is_err() {
                            return;
                        }
                    }
                    Ok(_) => {}
                    Err(_) => return,
                },
            }
        }
        if self.bookmarks {
            let rv = self.shared.lock().current_rv();
            // The client may be gone already; nothing to do then.
            let _ = tx.send(bookmark(&self.filter.def, rv, false)).await;
        }
    }
}
