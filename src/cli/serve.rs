//! `serve`: flags to `proxy::Settings`, a tokio runtime, and the demo's extra wiring.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use http::StatusCode;

use super::GlobalArgs;
use crate::cluster::status::{LeaseSettings, PublishFrom, StatusSettings};
use crate::cluster::watch::WatchScope;
use crate::exit::CliError;
use crate::proxy::config::{AccessLogFormat, BackendOverride, CompileOptions, parse_addr};
use crate::proxy::source::{ClusterSettings, Inputs};
use crate::proxy::{self, Settings, demo};

const EXAMPLES: &str = "\
Examples:
  # No cluster, no files: the guide's Ingresses in front of a built-in httpbin
  ingressctl serve --demo --http-addr 127.0.0.1:8080 --https-addr 127.0.0.1:8443

  # The guide's manifests in front of a local httpbin (pip install httpbin gunicorn)
  ingressctl serve -f manifests/ --backend httpbin:8000=127.0.0.1:18090 \\
      --tls-cert tls.crt --tls-key tls.key

  # Reproduce the guide's 403 for paths no Ingress exposes
  ingressctl serve -f manifests/ --no-route-status 403

Files given with -f are watched: a good edit is swapped in without dropping a request, a bad
edit is reported on stderr and the last good configuration keeps serving. SIGHUP reloads too.
SIGTERM/SIGINT stop accepting, let in-flight requests finish (--drain-timeout) and exit 0.";

/// `serve` arguments.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ServeArgs {
    /// Manifests: Ingress, RouteRule, Service, Endpoints, Pod, TLS Secret (file or directory; repeatable).
    #[arg(short = 'f', long = "filename", value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// Read directories recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Serve the guide's Ingresses in front of a built-in httpbin, with a generated certificate.
    #[arg(long, conflicts_with = "kube")]
    pub demo: bool,
    /// Watch the cluster (kubeconfig or in-cluster account) instead of files: Ingresses of the
    /// class, RouteRules, Services, EndpointSlices, Pods, and the TLS Secrets they name.
    #[arg(long, conflicts_with = "files")]
    pub kube: bool,
    /// Carry another controller's annotations over as route rules (ingress-nginx's
    /// rewrite-target, redirects, canary, CORS, timeouts...; see docs/migrate-from-ingress-nginx.md).
    #[arg(long, value_enum, value_name = "CONTROLLER")]
    pub annotations: Option<super::selection::Annotations>,
    /// With --kube: watch one namespace [default: every namespace].
    #[arg(long, requires = "kube", value_name = "NAMESPACE")]
    pub watch_namespace: Option<String>,
    /// With --kube: write this Service's LoadBalancer address into the status of the Ingresses
    /// served (one replica writes, elected through a Lease).
    #[arg(
        long,
        requires = "kube",
        conflicts_with = "publish_address",
        value_name = "NAMESPACE/NAME"
    )]
    pub publish_service: Option<String>,
    /// With --kube: how often the TLS Secrets in use are read again (they are not watched).
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub secret_poll_interval: String,
    /// With --kube: the namespace of the status Lease [default: POD_NAMESPACE, else istio-system].
    #[arg(long, value_name = "NAMESPACE")]
    pub election_namespace: Option<String>,
    /// With --kube: write this address (IP or host name) into the Ingresses' status.
    #[arg(long, requires = "kube", value_name = "ADDRESS")]
    pub publish_address: Option<String>,
    /// The status writer's Lease: NAME in the namespace of the certificate (istio-system).
    #[arg(long, default_value = "ingressctl-status-leader", value_name = "NAME")]
    pub election_id: String,
    /// How long the status Lease holds without renewal.
    #[arg(long, default_value = "15s", value_name = "DURATION")]
    pub lease_duration: String,
    /// Plain HTTP (and h2c) listener [default: port 80 where it can be bound (root), else
    /// 8080; on 127.0.0.1, or 0.0.0.0 in a container]. Also :PORT and localhost:PORT.
    #[arg(long, value_name = "ADDR")]
    pub http_addr: Option<String>,
    /// HTTPS listener [default: port 443 where it can be bound (root), else 8443; on
    /// 127.0.0.1, or 0.0.0.0 in a container].
    #[arg(long, value_name = "ADDR")]
    pub https_addr: Option<String>,
    /// Admin listener (/healthz/ready, /healthz/live, /stats/prometheus, /config_dump).
    #[arg(long, default_value = "127.0.0.1:15000", value_name = "ADDR")]
    pub admin_addr: String,
    /// Which objects are the ingress's.
    #[command(flatten)]
    pub selection: super::selection::SelectionArgs,
    /// Addresses for a service: SERVICE[:PORT]=HOST:PORT[,HOST:PORT...] (round-robin; repeatable).
    #[arg(long = "backend", value_name = "SPEC")]
    pub backends: Vec<String>,
    /// Default certificate (PEM), for clients without SNI and hosts without their own.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// Key of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Directory with tls.crt and tls.key used as the default certificate when present (the
    /// guide's Secret mount).
    #[arg(long, default_value = "/etc/istio/ingress-certs", value_name = "DIR")]
    pub cert_dir: PathBuf,
    /// Status for requests no route matches (Envoy: 404; the guide's transcript: 403).
    #[arg(long, default_value_t = 404, value_name = "STATUS")]
    pub no_route_status: u16,
    /// Upstream timeout when no route rule sets one (the era's default).
    #[arg(long, default_value = "15s", value_name = "DURATION")]
    pub upstream_timeout: String,
    /// Upstream connect timeout.
    #[arg(long, default_value = "5s", value_name = "DURATION")]
    pub connect_timeout: String,
    /// Time a client has to send a request head (the first one counted from the accept, TLS
    /// handshake included): slowloris bound.
    #[arg(long, default_value = "10s", value_name = "DURATION")]
    pub header_read_timeout: String,
    /// Serve the rules of Ingresses with `tls` on the HTTPS listener only (the guide's era);
    /// by default they are served on both listeners, as today's Istio does.
    #[arg(long, conflicts_with = "https_redirect")]
    pub tls_only_https: bool,
    /// Answer plain-HTTP requests for the rules of Ingresses with `tls` with a 301 to HTTPS.
    #[arg(long)]
    pub https_redirect: bool,
    /// Most client connections open at once, HTTP and HTTPS together; more wait in the
    /// kernel's accept queue (the admin listener is not counted).
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub max_connections: usize,
    /// Largest request head accepted; larger gets 431.
    #[arg(long, default_value_t = 65536, value_name = "BYTES")]
    pub max_header_bytes: usize,
    /// Close connections idle this long (no traffic, no request in flight).
    #[arg(long, default_value = "5m", value_name = "DURATION")]
    pub idle_timeout: String,
    /// After SIGTERM, how long in-flight requests may finish.
    #[arg(long, default_value = "15s", value_name = "DURATION")]
    pub drain_timeout: String,
    /// Access log on stdout.
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAT")]
    pub access_log_format: AccessLogFormat,
    /// Operator log on stderr (levels: -q warnings, default info, -v debug, -vv trace; or
    /// RUST_LOG, e.g. RUST_LOG=ingressctl=debug,kube=info).
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAT")]
    pub log_format: super::logging::LogFormat,
    /// How requests are spread over a service's endpoints (endpoints that refuse or reset
    /// connections are left out for a while either way).
    #[arg(long, value_enum, default_value = "round-robin", value_name = "POLICY")]
    pub lb_policy: crate::proxy::endpoints::Balance,
    /// How often watched files are checked for changes.
    #[arg(long, default_value = "1s", value_name = "DURATION")]
    pub watch_interval: String,
    /// Cluster DNS domain for upstreams without addresses (SERVICE.NAMESPACE.svc.DOMAIN).
    #[arg(long, default_value = "cluster.local", value_name = "DOMAIN")]
    pub cluster_domain: String,
    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
}

fn dur(flag: &str, text: &str) -> Result<Duration> {
    super::duration_flag(flag, text)
}

/// True when ports below 1024 can be bound: root, or a kernel that lets everyone
/// (`net.ipv4.ip_unprivileged_port_start`, 0 in Docker's default containers).
fn low_ports_allowed() -> bool {
    use std::os::unix::fs::MetadataExt;
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let open_to_all = std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start")
        .ok()
        .and_then(|t| t.trim().parse::<u16>().ok())
        .is_some_and(|start| start <= 80);
    root || open_to_all
}

/// True in a container or a pod, where only every interface is reachable from outside.
fn in_container() -> bool {
    std::path::Path::new("/.dockerenv").exists()
        || std::env::var_os("KUBERNETES_SERVICE_HOST").is_some()
}

fn addr(
    flag: &str,
    given: Option<&str>,
    default_port: u16,
    privileged_port: u16,
) -> Result<SocketAddr> {
    match given {
        Some(text) => parse_addr(flag, text).map_err(|e| CliError::Usage(format!("{e:#}")).into()),
        // The guide's ports where they can be bound, else unprivileged ones; every interface
        // in a container (else nothing outside reaches it), loopback on a laptop.
        None => {
            let port = if low_ports_allowed() {
                privileged_port
            } else {
                default_port
            };
            let ip = if in_container() {
                [0, 0, 0, 0]
            } else {
                [127, 0, 0, 1]
            };
            Ok(SocketAddr::from((ip, port)))
        }
    }
}

/// A duration flag that must be more than zero (zero would turn a loop into a spin).
fn positive(flag: &str, d: std::time::Duration) -> Result<std::time::Duration> {
    if d.is_zero() {
        return Err(CliError::Usage(format!("{flag} must be more than 0")).into());
    }
    Ok(d)
}

/// `--assume-class` reads files; a watched cluster's Ingresses are selected by class before
/// they reach serve.
fn assume_class(args: &ServeArgs) -> Result<Option<String>> {
    if args.kube && args.selection.assume_class.is_some() {
        return Err(CliError::Usage(
            "--assume-class works with -f only: with --kube, serve watches the Ingresses of --ingress-class".into(),
        )
        .into());
    }
    Ok(args.selection.assume_class.clone())
}

/// `--kube`: where to connect (watches stay open, so responses are not bounded) and what to
/// watch.
fn kube_settings(args: &ServeArgs, g: &GlobalArgs) -> Result<Option<ClusterSettings>> {
    if !args.kube {
        return Ok(None);
    }
    let mut connect = super::cluster::connect_options(g)?;
    connect.long_lived = true;
    Ok(Some(ClusterSettings {
        connect,
        scope: WatchScope {
            namespace: args.watch_namespace.clone(),
            gateway_namespace: "istio-system".into(),
            class: args.selection.ingress_class.clone(),
        },
        debounce: std::time::Duration::from_millis(50),
        secret_poll: positive(
            "--secret-poll-interval",
            dur("--secret-poll-interval", &args.secret_poll_interval)?,
        )?,
        status: status_settings(args)?,
    }))
}

/// `--publish-service`/`--publish-address`: who writes which address into Ingress status.
fn status_settings(args: &ServeArgs) -> Result<Option<StatusSettings>> {
    let publish = match (&args.publish_service, &args.publish_address) {
        (Some(svc), _) => {
            let Some((namespace, name)) = svc.split_once('/') else {
                return Err(CliError::Usage(format!(
                    "invalid --publish-service {svc:?}: use NAMESPACE/NAME, e.g. istio-system/istio-ingress"
                ))
                .into());
            };
            PublishFrom::Service {
                namespace: namespace.to_string(),
                name: name.to_string(),
            }
        }
        (None, Some(address)) => PublishFrom::Address(address.clone()),
        (None, None) => return Ok(None),
    };
    let duration = positive(
        "--lease-duration",
        dur("--lease-duration", &args.lease_duration)?,
    )?;
    Ok(Some(StatusSettings {
        publish,
        lease: LeaseSettings {
            namespace: args
                .election_namespace
                .clone()
                .or_else(|| {
                    std::env::var("POD_NAMESPACE")
                        .ok()
                        .filter(|n| !n.is_empty())
                })
                .unwrap_or_else(|| "istio-system".into()),
            name: args.election_id.clone(),
            identity: replica_identity(),
            duration,
        },
    }))
}

/// This replica's name for the Lease: the pod's name (`POD_NAME`), else host name and pid.
fn replica_identity() -> String {
    if let Some(pod) = std::env::var_os("POD_NAME").filter(|p| !p.is_empty()) {
        return pod.to_string_lossy().into_owned();
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "ingressctl".into());
    format!("{host}-{}", std::process::id())
}

/// A certificate flag's files: unreadable is exit 1, not a usable pair is a usage error.
fn check_default_cert(args: &ServeArgs) -> Result<()> {
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        crate::proxy::tls::check_files(cert, key)?.map_err(|reason| {
            crate::exit::CliError::Usage(format!("--tls-cert/--tls-key: {reason}"))
        })?;
    }
    Ok(())
}

/// Where the rules of Ingresses with `tls` go (`--tls-only-https`, `--https-redirect`).
fn tls_listeners(args: &ServeArgs) -> Result<crate::proxy::config::TlsListeners> {
    use crate::proxy::config::TlsListeners;
    Ok(if args.tls_only_https {
        TlsListeners::HttpsOnly
    } else if args.https_redirect {
        let https = addr("--https-addr", args.https_addr.as_deref(), 8443, 443)?;
        TlsListeners::RedirectToHttps(https.port())
    } else {
        TlsListeners::Both
    })
}

fn settings(args: &ServeArgs, g: &GlobalArgs) -> Result<Settings> {
    check_default_cert(args)?;
    if args.files.is_empty() && !args.demo && !args.kube {
        return Err(CliError::Usage(
            "give manifests with -f FILE|DIR, watch a cluster with --kube, or try --demo".into(),
        )
        .into());
    }
    let no_route_status = StatusCode::from_u16(args.no_route_status)
        .ok()
        .filter(|s| s.is_client_error() || s.is_server_error())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "invalid --no-route-status {}: use a 4xx or 5xx status",
                args.no_route_status
            ))
        })?;
    let backends = args
        .backends
        .iter()
        .map(|b| BackendOverride::parse(b).map_err(|e| CliError::Usage(format!("{e:#}")).into()))
        .collect::<Result<Vec<_>>>()?;
    let https_addr = addr("--https-addr", args.https_addr.as_deref(), 8443, 443)?;
    Ok(Settings {
        inputs: Inputs {
            paths: args.files.clone(),
            recursive: args.recursive,
            builtin: Vec::new(),
            ingress_class: args.selection.ingress_class.clone(),
            identity: args.selection.identity()?,
            assume_class: assume_class(args)?,
            nginx_annotations: args.annotations.is_some(),
        },
        kube: kube_settings(args, g)?,
        balance: args.lb_policy,
        compile: CompileOptions {
            backends,
            cluster_domain: args.cluster_domain.clone(),
            upstream_timeout: dur("--upstream-timeout", &args.upstream_timeout)?,
            default_cert: args.tls_cert.clone().zip(args.tls_key.clone()),
            cert_dir: args.cert_dir.clone(),
            tls_listeners: tls_listeners(args)?,
            https_port: https_addr.port(),
        },
        http_addr: addr("--http-addr", args.http_addr.as_deref(), 8080, 80)?,
        https_addr,
        admin_addr: parse_addr("--admin-addr", &args.admin_addr)
            .map_err(|e| CliError::Usage(format!("{e:#}")))?,
        no_route_status,
        header_read_timeout: dur("--header-read-timeout", &args.header_read_timeout)?,
        max_header_bytes: args.max_header_bytes,
        max_connections: match args.max_connections {
            0 => return Err(CliError::Usage("--max-connections must be at least 1".into()).into()),
            n => n,
        },
        idle_timeout: positive("--idle-timeout", dur("--idle-timeout", &args.idle_timeout)?)?,
        drain_timeout: dur("--drain-timeout", &args.drain_timeout)?,
        access_log: args.access_log_format,
        watch_interval: positive(
            "--watch-interval",
            dur("--watch-interval", &args.watch_interval)?,
        )?,
        connect_timeout: dur("--connect-timeout", &args.connect_timeout)?,
    })
}

/// Runs `serve` until a stop signal.
pub fn run(args: &ServeArgs, g: &GlobalArgs) -> Result<()> {
    let mut settings = settings(args, g)?;
    super::logging::init("ingressctl serve", g.verbose, g.quiet, args.log_format);
    // One worker: a current-thread runtime, with no cross-thread wake-ups on the request path.
    let mut runtime = match args.workers {
        Some(1) => tokio::runtime::Builder::new_current_thread(),
        _ => tokio::runtime::Builder::new_multi_thread(),
    };
    runtime.enable_all();
    if let Some(n) = args.workers.filter(|n| *n > 1) {
        runtime.worker_threads(n);
    }
    let runtime = runtime.build().context("starting the async runtime")?;
    let result = runtime.block_on(async {
        if args.demo {
            prepare_demo(&mut settings).await?;
        }
        let demo = args.demo;
        proxy::serve(settings, |bound| {
            if demo {
                eprint!("{}", demo::instructions(bound.http, bound.https));
            }
        })
        .await
    });
    runtime.shutdown_timeout(Duration::from_millis(100));
    result
}

async fn prepare_demo(settings: &mut Settings) -> Result<()> {
    let backend = demo::start_backend().await?;
    if !settings
        .compile
        .backends
        .iter()
        .any(|b| b.service == "httpbin")
    {
        settings.compile.backends.push(BackendOverride {
            service: "httpbin".into(),
            port: None,
            labels: Vec::new(),
            addrs: vec![backend.to_string()],
        });
    }
    settings.inputs.builtin.push(demo::manifests()?);
    Ok(())
}
