//! Real servers for proxy tests: the `ingressctl serve` binary on ephemeral ports, and small
//! hyper backends on 127.0.0.1 that say who they are and what they received.

use std::convert::Infallible;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};

/// How long a test waits for anything before failing.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// A running `ingressctl serve`.
pub struct Serve {
    child: Child,
    /// HTTP listener.
    pub http: SocketAddr,
    /// HTTPS listener, when started.
    pub https: Option<SocketAddr>,
    /// Admin listener.
    pub admin: SocketAddr,
    stderr: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
}

fn collect(
    reader: impl std::io::Read + Send + 'static,
    sink: Arc<Mutex<String>>,
    lines: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(tx) = &lines {
                let _ = tx.send(line);
            }
        }
    });
}

impl Serve {
    /// Starts `ingressctl serve ARGS` on 127.0.0.1 port 0 and waits for its readiness lines.
    pub fn start(dir: &Path, args: &[&str]) -> Serve {
        Self::try_start(dir, args).unwrap_or_else(|e| panic!("serve did not start: {e}"))
    }

    /// Like `start`, returning the stderr text when it exits instead of becoming ready.
    pub fn try_start(dir: &Path, args: &[&str]) -> Result<Serve, String> {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("ingressctl"))
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .args([
                "serve",
                "--http-addr",
                "127.0.0.1:0",
                "--https-addr",
                "127.0.0.1:0",
                "--admin-addr",
                "127.0.0.1:0",
            ])
            .args(["--watch-interval", "100ms"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn ingressctl serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let stdout = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        collect(child.stderr.take().unwrap(), stderr.clone(), Some(tx));
        collect(child.stdout.take().unwrap(), stdout.clone(), None);
        let (mut http, mut https, mut admin) = (None, None, None);
        let deadline = Instant::now() + DEADLINE;
        while admin.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    // The address after the marker, in a text line or a JSON one.
                    let after = |marker: &str| {
                        line.split_once(marker).and_then(|(_, a)| {
                            a.split(|c: char| !(c.is_ascii_hexdigit() || ".:[]".contains(c)))
                                .next()
                        })
                    };
                    if let Some(a) = after("listening on http://") {
                        http = a.parse().ok();
                    } else if let Some(a) = after("listening on https://") {
                        https = a.parse().ok();
                    } else if let Some(a) = after("admin http://")
                        .filter(|_| !line.contains("waiting for the first sync"))
                    {
                        admin = a.parse().ok();
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let status = child.wait().ok().and_then(|s| s.code());
                    std::thread::sleep(Duration::from_millis(100));
                    return Err(format!(
                        "exit {status:?}; stderr:\n{}",
                        stderr.lock().unwrap()
                    ));
                }
            }
        }
        Ok(Serve {
            child,
            http: http.expect("http address"),
            https,
            admin: admin.expect("admin address"),
            stderr,
            stdout,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn http_url(&self, path: &str) -> String {
        format!("http://{}{path}", self.http)
    }

    /// Everything written to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Everything written to stdout (the access log) so far.
    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// The access log as it keeps arriving, for reading after `stop` consumed the handle.
    pub fn stdout_handle(&self) -> Arc<Mutex<String>> {
        self.stdout.clone()
    }

    /// Waits until stderr contains `needle` (or the deadline passes).
    pub fn wait_stderr(&self, needle: &str) -> bool {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            if self.stderr().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Sends a signal by name (`TERM`, `HUP`).
    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// The process id (for its memory in `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory in KiB, from `/proc/PID/status`.
    pub fn rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0)
    }

    /// Sends SIGTERM and waits for the exit code.
    pub fn stop(mut self) -> Option<i32> {
        self.signal("TERM");
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A backend that answers `NAME VERSION METHOD PATH` plus the request headers, one per line
/// (`name: value`); `/delay/MS` waits first, `/status/N` answers N, `/redirect?to=URL` answers
/// 302, `/ready-after/MS` answers 503 until MS after start.
pub struct Backend {
    /// Where it listens.
    pub addr: SocketAddr,
    /// What it received.
    pub seen: Arc<Seen>,
    _runtime: Arc<tokio::runtime::Runtime>,
}

type TestBody = http_body_util::combinators::BoxBody<Bytes, Infallible>;

/// A 200 whose body sends one chunk and then never finishes.
fn stalled() -> Response<TestBody> {
    let chunks = futures_util::stream::iter([Ok::<_, Infallible>(hyper::body::Frame::data(
        Bytes::from("partial"),
    ))])
    .chain(futures_util::stream::pending());
    Response::new(BodyExt::boxed(http_body_util::StreamBody::new(chunks)))
}

async fn route(
    name: Arc<str>,
    started: Instant,
    seen: Arc<Seen>,
    req: Request<Incoming>,
) -> Result<Response<TestBody>, Infallible> {
    if req.uri().path() == "/stall-body" {
        return Ok(stalled());
    }
    let resp = answer(name, started, seen, req).await?;
    Ok(resp.map(|b| b.boxed()))
}

/// Per-backend state: when it started, what it received, per-path hit counters.
#[derive(Default)]
pub struct Seen {
    /// `METHOD PATH host=HOST` per request, in arrival order.
    pub requests: Mutex<Vec<String>>,
    hits: Mutex<std::collections::HashMap<String, u32>>,
}

async fn answer(
    name: Arc<str>,
    started: Instant,
    seen: Arc<Seen>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_string();
    let host = req
        .headers()
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_string();
    seen.requests
        .lock()
        .unwrap()
        .push(format!("{} {} host={host}", req.method(), req.uri()));
    let hit = {
        let mut hits = seen.hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    if let Some(n) = path
        .strip_prefix("/fail-first/")
        .and_then(|v| v.parse::<u32>().ok())
        && hit <= n
    {
        let mut resp = Response::new(Full::new(Bytes::from(format!("{name} failing ({hit})\n"))));
        *resp.status_mut() = hyper::StatusCode::SERVICE_UNAVAILABLE;
        return Ok(resp);
    }
    if let Some(ms) = path
        .strip_prefix("/ready-after/")
        .and_then(|v| v.parse::<u64>().ok())
        && started.elapsed() < Duration::from_millis(ms)
    {
        let mut resp = Response::new(Full::new(Bytes::from("not ready\n")));
        *resp.status_mut() = hyper::StatusCode::SERVICE_UNAVAILABLE;
        return Ok(resp);
    }
    if path == "/redirect" {
        let to = req
            .uri()
            .query()
            .and_then(|q| q.strip_prefix("to="))
            .unwrap_or("/")
            .to_string();
        let mut resp = Response::new(Full::new(Bytes::new()));
        *resp.status_mut() = hyper::StatusCode::FOUND;
        resp.headers_mut().insert("location", to.parse().unwrap());
        return Ok(resp);
    }
    if let Some(ms) = path
        .strip_prefix("/delay/")
        .and_then(|v| v.parse::<u64>().ok())
    {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let status = path
        .strip_prefix("/status/")
        .and_then(|v| v.parse::<u16>().ok())
        .unwrap_or(200);
    let mut body = format!(
        "{name} {:?} {} {}\n",
        req.version(),
        req.method(),
        req.uri().path_and_query().map_or("/", |p| p.as_str())
    );
    for (k, v) in req.headers() {
        body.push_str(&format!("{k}: {}\n", v.to_str().unwrap_or("?")));
    }
    let _ = req.into_body().collect().await;
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    resp.headers_mut()
        .insert("x-backend", name.parse().unwrap());
    resp.headers_mut()
        .insert("content-type", "text/plain".parse().unwrap());
    Ok(resp)
}

impl Backend {
    /// Starts a backend speaking HTTP/1.1 and h2c (prior knowledge).
    pub fn start(name: &str) -> Backend {
        let runtime = Arc::new(
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap(),
        );
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let name: Arc<str> = Arc::from(name);
        let started = Instant::now();
        let seen = Arc::new(Seen::default());
        let state = seen.clone();
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let name = name.clone();
                let state = state.clone();
                tokio::spawn(async move {
                    let service =
                        service_fn(move |req| route(name.clone(), started, state.clone(), req));
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Backend {
            addr,
            seen,
            _runtime: runtime,
        }
    }

    /// Starts a WebSocket echo server: every text message comes back as `NAME: message`.
    pub fn start_websocket(name: &str) -> Backend {
        use futures_util::{SinkExt, StreamExt};
        let runtime = Arc::new(
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap(),
        );
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let name = name.to_string();
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let name = name.clone();
                tokio::spawn(async move {
                    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
                        return;
                    };
                    while let Some(Ok(msg)) = ws.next().await {
                        if let tokio_tungstenite::tungstenite::Message::Text(t) = msg {
                            let reply = format!("{name}: {t}");
                            if ws
                                .send(tokio_tungstenite::tungstenite::Message::text(reply))
                                .await
                                .is_err()
                            {
                                break;
                            }
                        }
                    }
                });
            }
        });
        Backend {
            addr,
            seen: Arc::new(Seen::default()),
            _runtime: runtime,
        }
    }
}

/// A blocking client that trusts only `ca` (when given) and resolves every name to 127.0.0.1.
pub fn client(ca: Option<&Path>, resolve: &[(&str, SocketAddr)]) -> reqwest::blocking::Client {
    let mut b = reqwest::blocking::Client::builder()
        .timeout(DEADLINE)
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none());
    if let Some(ca) = ca {
        let pem = std::fs::read(ca).unwrap();
        b = b.tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()]);
    }
    for (host, addr) in resolve {
        b = b.resolve(host, *addr);
    }
    b.build().unwrap()
}

/// Polls `f` until it returns true or the deadline passes.
pub fn eventually(mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + DEADLINE;
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// Makes a CA (once per directory) and a leaf `NAME.crt`/`NAME.key` for `sans`, plus a TLS
/// Secret manifest `NAME-secret.yaml` named NAME in namespace default, with the real binary.
pub fn ca_and_leaf(dir: &Path, name: &str, sans: &[&str]) {
    let run = |args: &[&str]| {
        let out = super::ingressctl()
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    if !dir.join("ca.crt").exists() {
        run(&[
            "cert",
            "gen",
            "--ca",
            "--cn",
            "test CA",
            "--key-type",
            "ecdsa-p256",
        ]);
    }
    let crt = format!("{name}.crt");
    let key = format!("{name}.key");
    let mut args = vec![
        "cert",
        "gen",
        "--ca-cert",
        "ca.crt",
        "--ca-key",
        "ca.key",
        "--key-type",
        "ecdsa-p256",
        "--cn",
        sans[0],
    ];
    for san in &sans[1..] {
        args.extend(["--san", san]);
    }
    args.extend(["--cert-out", &crt, "--key-out", &key]);
    run(&args);
    let secret = run(&[
        "cert", "secret", "--cert", &crt, "--key", &key, "--name", name, "-n", "default",
    ]);
    std::fs::write(dir.join(format!("{name}-secret.yaml")), secret).unwrap();
}
