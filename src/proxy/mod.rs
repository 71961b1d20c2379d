//! `ingressctl serve`: the ingress proxy. Listeners, connections, graceful stop.
//!
//! Layers: a `source` hands over snapshots; `publish` validates and compiles each into a
//! `config::RouteTable` (immutable; endpoint sets live in `endpoints`) and swaps it into an
//! `ArcSwap`; `handler` and `request` serve each request from whichever table is current;
//! `tls` resolves certificates from the same table; `admin` exposes readiness, stats and the
//! table.

pub mod access_log;
pub mod admin;
pub mod admission;
pub mod body;
pub mod config;
pub mod demo;
pub mod endpoints;
pub mod error;
pub mod handler;
pub mod io;
pub mod pool;
pub mod publish;
pub mod request;
pub mod router;
pub mod rules;
pub mod shared;
pub mod source;
pub mod stats;
pub mod tls;
pub mod upstream;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use arc_swap::ArcSwap;
use http::StatusCode;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use config::{AccessLogFormat, CompileOptions, RouteTable};
use io::{IdleIo, InFlight};
use shared::{Scheme, Shared};
use source::{Inputs, Source as _};
use stats::Stats;

/// Everything `serve` is configured with (built from flags by the CLI layer).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Manifest inputs.
    pub inputs: Inputs,
    /// `--kube`: watch a cluster instead of files.
    pub kube: Option<source::ClusterSettings>,
    /// How requests are spread over an upstream's endpoints.
    pub balance: endpoints::Balance,
    /// Route table options.
    pub compile: CompileOptions,
    /// Plain HTTP (and h2c) listener.
    pub http_addr: SocketAddr,
    /// HTTPS listener.
    pub https_addr: SocketAddr,
    /// Admin listener.
    pub admin_addr: SocketAddr,
    /// Status for "no route".
    pub no_route_status: StatusCode,
    /// Slowloris bound: time to receive a request head.
    pub header_read_timeout: Duration,
    /// Largest request head accepted (431 beyond it).
    pub max_header_bytes: usize,
    /// Most client connections open at once (both listeners).
    pub max_connections: usize,
    /// Connections with no traffic and no request in flight are closed after this.
    pub idle_timeout: Duration,
    /// How long in-flight requests may finish after SIGTERM.
    pub drain_timeout: Duration,
    /// Access log format.
    pub access_log: AccessLogFormat,
    /// How often watched files are checked.
    pub watch_interval: Duration,
    /// Upstream connect timeout.
    pub connect_timeout: Duration,
}

/// Addresses actually bound (port 0 resolved).
#[derive(Debug, Clone)]
pub struct Bound {
    /// HTTP.
    pub http: SocketAddr,
    /// HTTPS, when started.
    pub https: Option<SocketAddr>,
    /// Admin.
    pub admin: SocketAddr,
}

/// Serves until SIGTERM/SIGINT, then drains. `on_ready` gets the bound addresses.
pub async fn serve(settings: Settings, on_ready: impl FnOnce(&Bound)) -> Result<()> {
    let registry = Arc::new(endpoints::EndpointRegistry::with_balance(settings.balance));
    let table = Arc::new(ArcSwap::from_pointee(RouteTable::default()));
    let stats = Arc::new(Stats::default());
    let shared = Arc::new(Shared {
        table: table.clone(),
        clients: upstream::Clients::new(settings.connect_timeout),
        stats: stats.clone(),
        access_log: Arc::new(access_log::AccessLog::new(settings.access_log)),
        no_route_status: settings.no_route_status,
        mirror_slots: Arc::new(tokio::sync::Semaphore::new(256)),
        connection_slots: Arc::new(tokio::sync::Semaphore::new(settings.max_connections)),
        https_port: std::sync::atomic::AtomicU16::new(0),
        ready: std::sync::atomic::AtomicBool::new(false),
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    // The admin listener outlives the drain (probes see 503, scrapes still work); it stops last.
    let (admin_stop_tx, admin_stop_rx) = watch::channel(false);
    let log_flusher = tokio::spawn(access_log::flush_every(
        shared.access_log.clone(),
        admin_stop_rx.clone(),
    ));
    let mut tasks = Vec::new();
    // Watching a cluster, the admin listener answers from the start: live at once, ready after
    // the first table (a large cluster's first sync can outlast a liveness probe's patience).
    // Files are read first, so that an unreadable file is what a user is told about.
    let early_admin = match settings.kube {
        Some(_) => Some(start_admin(&settings, &shared, admin_stop_rx.clone()).await?),
        None => None,
    };
    let source = match &settings.kube {
        Some(kube) => {
            if let Some((admin_addr, _)) = &early_admin {
                tracing::info!(
                    "waiting for the first sync with the cluster (admin http://{admin_addr}/healthz/ready answers 503 until then)"
                );
            }
            source::AnySource::Cluster(Box::new(
                source::ClusterSource::start(kube, &settings.inputs).await?,
            ))
        }
        None => source::AnySource::Files(Box::new(source::Files::new(
            settings.inputs.clone(),
            settings.watch_interval,
        ))),
    };
    let strictness = if settings.kube.is_some() {
        publish::Strictness::PerObject
    } else {
        publish::Strictness::Whole
    };
    // A cluster's first list was converted object by object: that room goes back before the
    // first build.
    crate::memory::give_back_freed();
    // Reading a snapshot may block (files, a cluster's Secrets): off the runtime's threads.
    let (source, first) = tokio::task::spawn_blocking(move || {
        let first = source.snapshot();
        (source, first)
    })
    .await
    .context("reading the configuration failed (internal error)")?;
    let fingerprint = first.as_ref().map_or(0, |s| s.routing_fingerprint());
    let built = first
        .and_then(|snap| publish::build(&snap, &settings.compile, &registry, strictness))
        .map_err(|rejected| {
            for d in &rejected.diagnostics {
                if d.severity == crate::diagnostic::Severity::Error {
                    tracing::error!("{}", d.one_line());
                }
            }
            let message = format!("cannot start: {}", rejected.reason);
            if rejected.unreadable {
                anyhow::anyhow!(message)
            } else {
                crate::exit::CliError::Findings(message).into()
            }
        })?;
    for d in built
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Warning)
    {
        tracing::warn!("{}", d.one_line());
    }
    let compiled = built.compiled;
    for w in &compiled.table.warnings {
        tracing::warn!("{w}");
    }
    if compiled.table.http.is_empty() && compiled.table.https.is_empty() {
        tracing::warn!(
            "no Ingress of class `{}` {}: every request is answered {} until one is added",
            settings.inputs.ingress_class,
            if settings.kube.is_some() {
                "in the cluster yet"
            } else {
                "in the input"
            },
            settings.no_route_status.as_u16()
        );
    }
    // A watched cluster may add certificates later: its HTTPS listener is always there.
    let https_wanted = !compiled.table.certs.is_empty() || settings.kube.is_some();
    publish::swap_in(compiled, &table, &registry);
    // The first snapshot and the build's scaffolding are freed: their room goes back now.
    crate::memory::give_back_freed();

    let (admin_addr, admin_task) = match early_admin {
        Some(started) => started,
        None => start_admin(&settings, &shared, admin_stop_rx).await?,
    };
    let http = bind(settings.http_addr, "--http-addr").await?;
    let https = if https_wanted {
        Some(bind(settings.https_addr, "--https-addr").await?)
    } else {
        None
    };
    let bound = Bound {
        http: http.local_addr()?,
        https: https.as_ref().map(TcpListener::local_addr).transpose()?,
        admin: admin_addr,
    };
    if let Some(addr) = bound.https {
        shared
            .https_port
            .store(addr.port(), std::sync::atomic::Ordering::Relaxed);
    }
    tracing::info!("listening on http://{}", bound.http);
    match bound.https {
        Some(addr) => tracing::info!("listening on https://{addr}"),
        None => tracing::info!("no certificate loaded, HTTPS listener not started"),
    }
    tracing::info!("admin http://{}", bound.admin);
    on_ready(&bound);
    shared
        .ready
        .store(true, std::sync::atomic::Ordering::Release);

    let graceful = Arc::new(GracefulShutdown::new());
    let server = Arc::new(server_builder(&settings));
    tasks.push(tokio::spawn(accept_loop(
        http,
        None,
        Scheme::Http,
        shared.clone(),
        server.clone(),
        graceful.clone(),
        Timeouts::of(&settings),
        stop_rx.clone(),
    )));
    if let Some(listener) = https {
        let acceptor = tokio_rustls::TlsAcceptor::from(tls::server_config(table.clone())?);
        tasks.push(tokio::spawn(accept_loop(
            listener,
            Some(acceptor),
            Scheme::Https,
            shared.clone(),
            server.clone(),
            graceful.clone(),
            Timeouts::of(&settings),
            stop_rx.clone(),
        )));
    }
    let status = match (&source, &settings.kube) {
        (source::AnySource::Cluster(c), Some(kube)) => c.status_task(kube, stop_rx.clone()),
        _ => None,
    }
    .map(tokio::spawn);
    let watcher = tokio::spawn(publish::run(
        source,
        publish::Publisher {
            opts: settings.compile.clone(),
            table: table.clone(),
            stats: stats.clone(),
            registry,
            served: Arc::new(std::sync::Mutex::new(fingerprint)),
            strictness,
        },
    ));

    let signal = wait_for_stop().await;
    tracing::info!(
        "{signal}: draining (up to {} s)",
        settings.drain_timeout.as_secs_f64()
    );
    shared
        .ready
        .store(false, std::sync::atomic::Ordering::Release);
    let _ = stop_tx.send(true);
    watcher.abort();
    if let Some(status) = status {
        // Gives the status Lease up, so another replica takes over at once.
        let _ = tokio::time::timeout(Duration::from_secs(5), status).await;
    }
    for t in tasks {
        let _ = t.await;
    }
    // The accept loops have returned, so this is the last reference; connections hold watchers.
    let graceful = Arc::try_unwrap(graceful).unwrap_or_else(|_| GracefulShutdown::new());
    let drained = tokio::time::timeout(settings.drain_timeout, graceful.shutdown()).await;
    let _ = admin_stop_tx.send(true);
    let _ = admin_task.await;
    let _ = log_flusher.await;
    match drained {
        Ok(()) => {
            tracing::info!("drained, exiting");
            Ok(())
        }
        // Each cut request gets its access-log line (flag DC) as its handler is dropped; the
        // exit status says that requests were cut.
        Err(_) => {
            let open = shared
                .stats
                .active_connections
                .load(std::sync::atomic::Ordering::Relaxed);
            tracing::warn!("drain timeout reached, closing {open} remaining connection(s)");
            Err(crate::exit::CliError::Findings(format!(
                "--drain-timeout ({}) reached with {open} connection(s) still open: their requests were cut",
                crate::manifest::duration::format(settings.drain_timeout)
            ))
            .into())
        }
    }
}

/// Binds the admin listener and serves it until `stop`: its address and task.
async fn start_admin(
    settings: &Settings,
    shared: &Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let admin = bind(settings.admin_addr, "--admin-addr").await?;
    let addr = admin.local_addr()?;
    Ok((addr, tokio::spawn(admin_loop(admin, shared.clone(), stop))))
}

async fn bind(addr: SocketAddr, flag: &str) -> Result<TcpListener> {
    TcpListener::bind(addr).await.map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::PermissionDenied => format!(
                "ports below 1024 need root or CAP_NET_BIND_SERVICE; pass {flag} 127.0.0.1:{}",
                if addr.port() == 443 { 8443 } else { 8080 }
            ),
            std::io::ErrorKind::AddrInUse => {
                format!("another process listens there; pass {flag} with another port (0 picks a free one)")
            }
            std::io::ErrorKind::AddrNotAvailable => {
                format!("no interface has that address; pass {flag} 0.0.0.0:PORT or 127.0.0.1:PORT")
            }
            _ => String::new(),
        };
        let hint = if hint.is_empty() { String::new() } else { format!("; {hint}") };
        anyhow::anyhow!("cannot listen on {addr} ({flag}): {e}{hint}")
    })
}

async fn wait_for_stop() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).ok();
    let mut int = signal(SignalKind::interrupt()).ok();
    tokio::select! {
        Some(()) = async { match term.as_mut() { Some(s) => s.recv().await, None => std::future::pending().await } } => "SIGTERM",
        Some(()) = async { match int.as_mut() { Some(s) => s.recv().await, None => std::future::pending().await } } => "SIGINT",
    }
}

fn server_builder(settings: &Settings) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout)
        .max_buf_size(settings.max_header_bytes.max(8192))
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(settings.max_header_bytes).unwrap_or(u32::MAX))
        .keep_alive_interval(Some(settings.idle_timeout / 2))
        .keep_alive_timeout(Duration::from_secs(20));
    builder
}

/// The per-connection bounds, copied into each connection's task.
#[derive(Debug, Clone, Copy)]
struct Timeouts {
    /// `--header-read-timeout`.
    header_read: Duration,
    /// `--idle-timeout`.
    idle: Duration,
}

impl Timeouts {
    fn of(settings: &Settings) -> Self {
        Timeouts {
            header_read: settings.header_read_timeout,
            idle: settings.idle_timeout,
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn accept_loop(
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    scheme: Scheme,
    shared: Arc<Shared>,
    server: Arc<auto::Builder<TokioExecutor>>,
    graceful: Arc<GracefulShutdown>,
    timeouts: Timeouts,
    mut stop: watch::Receiver<bool>,
) {
    let mut last_said: Option<std::time::Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors, say: back off instead of spinning, say so now and
                // then.
                Err(e) => {
                    if last_said.is_none_or(|t| t.elapsed() > Duration::from_secs(5)) {
                        tracing::error!("accept failed on the {} listener: {e}", scheme.as_str());
                        last_said = Some(std::time::Instant::now());
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = stop.changed() => return,
        };
        // At --max-connections, the accepted connection waits (unserved) for one to close.
        // Taken after the accept, so that an idle listener holds no slot.
        let slot = tokio::select! {
            slot = shared.connection_slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => return,
            },
            _ = stop.changed() => return,
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let server = server.clone();
        let graceful = graceful.watcher();
        let tls = tls.clone();
        tokio::spawn(async move {
            let _slot = slot;
            shared
                .stats
                .connections_total
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            shared
                .stats
                .active_connections
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            serve_connection(
                stream,
                peer,
                tls,
                scheme,
                shared.clone(),
                &server,
                graceful,
                timeouts,
            )
            .await;
            shared
                .stats
                .active_connections
                .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        });
    }
}

#[allow(clippy::too_many_arguments)]
async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    tls: Option<tokio_rustls::TlsAcceptor>,
    scheme: Scheme,
    shared: Arc<Shared>,
    server: &auto::Builder<TokioExecutor>,
    graceful: Watcher,
    timeouts: Timeouts,
) {
    let in_flight = InFlight::default();
    let stats = shared.stats.clone();
    let service = {
        let in_flight = in_flight.clone();
        let client = shared::Peer::new(peer);
        service_fn(move |req| {
            let guard = in_flight.start();
            let shared = shared.clone();
            let client = client.clone();
            async move {
                let resp = handler::handle(shared, req, client, scheme).await;
                drop(guard);
                resp
            }
        })
    };
    // The first request head must arrive within --header-read-timeout of the accept, TLS
    // handshake included: a connection that sends nothing (or half an HTTP/2 preface) is closed.
    let first_head_by = tokio::time::Instant::now() + timeouts.header_read;
    match tls {
        None => {
            let io = TokioIo::new(IdleIo::new(stream, timeouts.idle, in_flight.clone()));
            let conn = server.serve_connection_with_upgrades(io, service);
            drive(graceful.watch(conn.into_owned()), &in_flight, first_head_by).await;
        }
        Some(acceptor) => {
            let handshake =
                tokio::time::timeout(timeouts.header_read, acceptor.accept(stream)).await;
            let tls_stream = match handshake {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => {
                    stats.tls_handshake_failed();
                    tracing::debug!(%peer, "TLS handshake failed: {e}");
                    return;
                }
                Err(_) => {
                    stats.tls_handshake_failed();
                    tracing::debug!(%peer, "TLS handshake timed out");
                    return;
                }
            };
            let io = TokioIo::new(IdleIo::new(tls_stream, timeouts.idle, in_flight.clone()));
            let conn = server.serve_connection_with_upgrades(io, service);
            drive(graceful.watch(conn.into_owned()), &in_flight, first_head_by).await;
        }
    }
}

/// Runs a connection; one that has not delivered a request head by `first_head_by` is
/// dropped (closed).
async fn drive<F, E>(conn: F, in_flight: &InFlight, first_head_by: tokio::time::Instant)
where
    F: Future<Output = Result<(), E>>,
{
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        _ = &mut conn => return,
        () = tokio::time::sleep_until(first_head_by) => {}
    }
    if in_flight.ever_started() {
        let _ = conn.await;
    }
}

async fn admin_loop(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let mut last_said: Option<std::time::Instant> = None;
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((s, _)) => s,
                Err(e) => {
                    if last_said.is_none_or(|t| t.elapsed() > Duration::from_secs(5)) {
                        tracing::error!("accept failed on the admin listener: {e}");
                        last_said = Some(std::time::Instant::now());
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = stop.changed() => return,
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| admin::handle(shared.clone(), req));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
