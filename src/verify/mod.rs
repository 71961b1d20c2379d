//! `verify`: the guide's curl checks as data. A [`Check`] is a request and what its answer must
//! look like; [`run_all`] sends them (concurrently, retried until a deadline when asked) and
//! returns [`Outcome`]s in the checks' order. No printing here: `report` renders outcomes.

pub mod checkfile;
pub mod plan;
pub mod report;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::cert::inspect;

/// One expected status: a code, or a class such as `2xx`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum StatusExpect {
    /// Exactly this status.
    Code(u16),
    /// Any status of this class (`2` for `2xx`).
    Class(u8),
    /// Not refused by the proxy and not a gateway error: not 403, 404 or 5xx (derived checks).
    Reachable,
}

impl StatusExpect {
    /// Parses `200`, `2xx` or `reachable`.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim().to_ascii_lowercase();
        if t == "reachable" {
            return Ok(StatusExpect::Reachable);
        }
        if let Some(class) = t.strip_suffix("xx")
            && let Ok(c) = class.parse::<u8>()
            && (1..=5).contains(&c)
        {
            return Ok(StatusExpect::Class(c));
        }
        match t.parse::<u16>() {
            Ok(code) if (100..=599).contains(&code) => Ok(StatusExpect::Code(code)),
            _ => bail!("invalid status {text:?}: use a code (200), a class (2xx) or `reachable`"),
        }
    }

    /// Parses a comma-separated list.
    pub fn parse_list(text: &str) -> Result<Vec<Self>> {
        text.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(Self::parse)
            .collect()
    }

    fn matches(&self, status: u16) -> bool {
        match self {
            StatusExpect::Code(c) => *c == status,
            StatusExpect::Class(c) => status / 100 == u16::from(*c),
            StatusExpect::Reachable => status < 500 && status != 403 && status != 404,
        }
    }
}

impl std::fmt::Display for StatusExpect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusExpect::Code(c) => write!(f, "{c}"),
            StatusExpect::Class(c) => write!(f, "{c}xx"),
            StatusExpect::Reachable => f.write_str("reachable"),
        }
    }
}

/// A text expectation: contains / equals, or a regex (written `~REGEX`).
#[derive(Debug, Clone)]
pub enum TextMatch {
    /// Equal to (headers) or contained in (bodies).
    Text(String),
    /// Matches the regex.
    Regex(regex::Regex),
}

impl TextMatch {
    /// Parses `TEXT` or `~REGEX`.
    pub fn parse(text: &str) -> Result<Self> {
        match text.strip_prefix('~') {
            Some(re) => Ok(TextMatch::Regex(
                regex::Regex::new(re).with_context(|| format!("invalid regex {re:?}"))?,
            )),
            None => Ok(TextMatch::Text(text.to_string())),
        }
    }

    fn describe(&self) -> String {
        match self {
            TextMatch::Text(t) => t.clone(),
            TextMatch::Regex(r) => format!("~{}", r.as_str()),
        }
    }
}

/// A header expectation: present, and optionally `=VALUE` or `~REGEX`.
#[derive(Debug, Clone)]
pub struct HeaderExpect {
    /// Header name.
    pub name: String,
    /// Its value, when checked.
    pub value: Option<TextMatch>,
}

impl HeaderExpect {
    /// Parses `NAME`, `NAME=VALUE` or `NAME~REGEX`.
    pub fn parse(text: &str) -> Result<Self> {
        let split = text.find(['=', '~']);
        let (name, value) = match split {
            None => (text, None),
            Some(i) if text.as_bytes()[i] == b'=' => {
                (&text[..i], Some(TextMatch::Text(text[i + 1..].to_string())))
            }
            Some(i) => (&text[..i], Some(TextMatch::parse(&text[i..])?)),
        };
        if name.trim().is_empty() {
            bail!("invalid header expectation {text:?}: use NAME, NAME=VALUE or NAME~REGEX");
        }
        Ok(HeaderExpect {
            name: name.trim().to_ascii_lowercase(),
            value,
        })
    }
}

/// The request of a check.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    /// Method.
    pub method: String,
    /// URL (its host is also the Host header and the SNI name).
    pub url: String,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Option<String>,
    /// Use HTTP/2 (prior knowledge on http://, ALPN h2 on https://).
    pub http2: bool,
    /// Connect to this address instead of resolving the URL's host (Host and SNI unchanged).
    pub connect_to: Option<SocketAddr>,
}

/// What the answer must look like.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// Acceptable statuses (empty: 2xx).
    pub status: Vec<StatusExpect>,
    /// Headers.
    pub headers: Vec<HeaderExpect>,
    /// Body.
    pub body: Option<TextMatch>,
    /// Longest acceptable time.
    pub max_time: Option<Duration>,
    /// Shortest acceptable time (a timeout that fires too early is a failure).
    pub min_time: Option<Duration>,
    /// A redirect to this URL (3xx with this `Location`).
    pub redirect: Option<String>,
    /// The answer carries (or must not carry) a marker: a canary's answer told apart.
    pub marked: Option<Marked>,
    /// Over many requests, this share of answers carries a marker (a canary's weight).
    pub share: Option<Share>,
}

/// Text in an answer's body or one of its header values that marks who answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    /// The marker.
    pub text: String,
    /// True: the answer must carry it; false: it must not.
    pub present: bool,
}

/// A share of answers carrying a marker, within a tolerance.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// Requests sent.
    pub requests: u32,
    /// The marker (see [`Marked`]).
    pub marker: String,
    /// Expected share, in percent.
    pub percent: f64,
    /// Accepted distance from it, in percentage points.
    pub tolerance: f64,
}

impl Share {
    /// A share checked over `requests` answers, tolerating three standard deviations of a
    /// random split (an exact schedule, as serve's, is well inside) and at least 2 points.
    pub fn of(percent: f64, requests: u32, marker: &str) -> Share {
        let p = percent / 100.0;
        let sd = (p * (1.0 - p) / f64::from(requests)).sqrt() * 100.0;
        Share {
            requests,
            marker: marker.to_string(),
            percent,
            tolerance: (3.0 * sd).max(2.0),
        }
    }
}

/// How often to try.
#[derive(Debug, Clone, Copy, Default)]
pub struct Retry {
    /// Extra attempts after the first; `None`: not limited by a count (by `wait` alone, or no
    /// retry at all without it).
    pub attempts: Option<u32>,
    /// Pause between attempts.
    pub interval: Duration,
    /// Keep trying until this much time has passed (with `attempts` too, whichever ends
    /// first; alone, attempts are unlimited within it).
    pub wait: Option<Duration>,
}

impl Retry {
    /// Whether another attempt follows `made` attempts made over `elapsed`.
    pub fn allows(&self, made: u32, elapsed: Duration) -> bool {
        let within_wait = self.wait.is_none_or(|w| elapsed + self.interval < w);
        let within_count = match self.attempts {
            Some(extra) => made <= extra,
            None => self.wait.is_some(),
        };
        within_wait && within_count
    }
}

/// One check.
#[derive(Debug, Clone)]
pub struct Check {
    /// Name shown in reports.
    pub name: String,
    /// The request.
    pub request: RequestSpec,
    /// The expectations.
    pub expect: Expect,
    /// Retries.
    pub retry: Retry,
}

/// `--connect-to HOST1:PORT1:HOST2:PORT2` (curl's syntax; empty parts match anything / keep).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectTo {
    /// Host to match (empty: any).
    pub host: String,
    /// Port to match.
    pub port: Option<u16>,
    /// Host to connect to (empty: the same).
    pub to_host: String,
    /// Port to connect to.
    pub to_port: Option<u16>,
}

impl ConnectTo {
    /// Parses `HOST1:PORT1:HOST2:PORT2`.
    pub fn parse(text: &str) -> Result<Self> {
        let parts: Vec<&str> = text.split(':').collect();
        let [h1, p1, h2, p2] = parts[..] else {
            bail!(
                "invalid --connect-to {text:?}: use HOST1:PORT1:HOST2:PORT2 (parts may be empty)"
            );
        };
        let port = |p: &str| -> Result<Option<u16>> {
            if p.is_empty() {
                Ok(None)
            } else {
                p.parse()
                    .map(Some)
                    .with_context(|| format!("invalid --connect-to {text:?}: bad port {p:?}"))
            }
        };
        Ok(ConnectTo {
            host: h1.to_string(),
            port: port(p1)?,
            to_host: h2.to_string(),
            to_port: port(p2)?,
        })
    }
}

/// Connection settings shared by all checks.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// Accept any certificate (`-k`).
    pub insecure: bool,
    /// Trust only these CA certificates (PEM).
    pub cacert: Option<PathBuf>,
    /// Client certificate and key.
    pub client_cert: Option<(PathBuf, PathBuf)>,
    /// `--resolve HOST:PORT:ADDR`.
    pub resolve: Vec<(String, u16, IpAddr)>,
    /// `--connect-to`.
    pub connect_to: Vec<ConnectTo>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Print request and response heads (`curl -v`).
    pub verbose: bool,
    /// TLS settings built once per run (HTTP/1.1-only and h2 ALPN), reused by every attempt.
    pub tls: Option<Arc<TlsPair>>,
}

/// The two client TLS configurations a run needs: ALPN `http/1.1` only, and `h2` + `http/1.1`.
#[derive(Debug)]
pub struct TlsPair {
    http1: rustls::ClientConfig,
    http2: rustls::ClientConfig,
}

impl TlsPair {
    /// Builds both from the connection settings (reads the CA bundle and client certificate once).
    pub fn build(conn: &Connection) -> Result<Self> {
        Ok(TlsPair {
            http1: tls_config(conn, false)?,
            http2: tls_config(conn, true)?,
        })
    }
}

/// The served certificate of an HTTPS check.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServedCert {
    /// Subject.
    pub subject: String,
    /// SANs.
    pub sans: Vec<String>,
    /// Issuer.
    pub issuer: String,
    /// Days to expiry.
    pub days_left: i64,
}

/// The result of one check.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// Check name.
    pub name: String,
    /// Method.
    pub method: String,
    /// URL.
    pub url: String,
    /// What was expected, in words.
    pub expected: String,
    /// What came back: the status, or the error.
    pub got: String,
    /// Status, when a response came back.
    pub status: Option<u16>,
    /// Time of the last attempt.
    #[serde(serialize_with = "millis")]
    pub time: Duration,
    /// True when every expectation held.
    pub passed: bool,
    /// Why it failed (one line each).
    pub failures: Vec<String>,
    /// Attempts made.
    pub attempts: u32,
    /// Served certificate, for HTTPS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<ServedCert>,
    /// Certificate warnings (host not in SANs, expiring soon).
    pub warnings: Vec<String>,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

impl Expect {
    /// The expectations in words, for reports.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(r) = &self.redirect {
            parts.push(format!("redirect to {r}"));
        } else if self.status.is_empty() {
            parts.push("2xx".to_string());
        } else {
            parts.push(
                self.status
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("|"),
            );
        }
        for h in &self.headers {
            parts.push(match &h.value {
                None => format!("header {}", h.name),
                Some(TextMatch::Text(v)) => format!("{}={v}", h.name),
                Some(m) => format!("{}{}", h.name, m.describe()),
            });
        }
        if let Some(b) = &self.body {
            parts.push(format!("body {}", b.describe()));
        }
        if let Some(m) = &self.marked {
            let verb = if m.present { "marked" } else { "not marked" };
            parts.push(format!("{verb} {:?}", m.text));
        }
        if let Some(s) = &self.share {
            parts.push(format!(
                "{:.0}% ±{:.1} of {} marked {:?}",
                s.percent, s.tolerance, s.requests, s.marker
            ));
        }
        if let Some(t) = self.min_time {
            parts.push(format!(">= {}", crate::manifest::duration::format(t)));
        }
        if let Some(t) = self.max_time {
            parts.push(format!("<= {}", crate::manifest::duration::format(t)));
        }
        parts.join(", ")
    }
}

/// A response, as far as the expectations need it.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
    elapsed: Duration,
    cert: Option<Vec<u8>>,
}

fn client_for(check: &Check, conn: &Connection) -> Result<(reqwest::Client, String)> {
    let mut url = reqwest::Url::parse(&check.request.url)
        .with_context(|| format!("invalid URL {:?}", check.request.url))?;
    let host = url.host_str().context("the URL has no host")?.to_string();
    let port = url.port_or_known_default().unwrap_or(80);
    let mut b = reqwest::Client::builder()
        .use_preconfigured_tls(match &conn.tls {
            Some(pair) if check.request.http2 => pair.http2.clone(),
            Some(pair) => pair.http1.clone(),
            None => tls_config(conn, check.request.http2)?,
        })
        .redirect(reqwest::redirect::Policy::none())
        .timeout(request_timeout(check, conn))
        .no_proxy()
        .tls_info(true);
    if check.request.http2 && url.scheme() == "http" {
        b = b.http2_prior_knowledge();
    } else if !check.request.http2 {
        b = b.http1_only();
    }
    for (h, p, addr) in &conn.resolve {
        if h.eq_ignore_ascii_case(&host) && *p == port {
            b = b.resolve(&host, SocketAddr::new(*addr, 0));
        }
    }
    if let Some(addr) = check.request.connect_to {
        b = b.resolve(&host, SocketAddr::new(addr.ip(), 0));
        let _ = url.set_port(Some(addr.port()));
    }
    for ct in &conn.connect_to {
        let host_ok = ct.host.is_empty() || ct.host.eq_ignore_ascii_case(&host);
        let port_ok = ct.port.is_none_or(|p| p == port);
        if host_ok && port_ok {
            if !ct.to_host.is_empty() {
                let addr: IpAddr = match ct.to_host.parse() {
                    Ok(ip) => ip,
                    Err(_) => std::net::ToSocketAddrs::to_socket_addrs(&(ct.to_host.as_str(), 0))
                        .ok()
                        .and_then(|mut a| a.next())
                        .map(|a| a.ip())
                        .with_context(|| format!("cannot resolve {}", ct.to_host))?,
                };
                b = b.resolve(&host, SocketAddr::new(addr, 0));
            }
            if let Some(p) = ct.to_port {
                let _ = url.set_port(Some(p));
            }
            break;
        }
    }
    Ok((
        b.build().context("building the HTTP client")?,
        url.to_string(),
    ))
}

fn request_timeout(check: &Check, conn: &Connection) -> Duration {
    match check.expect.max_time {
        Some(max) => conn.timeout.min(max + Duration::from_secs(1)),
        None => conn.timeout,
    }
}

fn tls_config(conn: &Connection, http2: bool) -> Result<rustls::ClientConfig> {
    let provider = crate::cert::tls_provider();
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("configuring TLS")?;
    let builder = if conn.insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(insecure::AcceptAny))
    } else {
        let mut roots = rustls::RootCertStore::empty();
        match &conn.cacert {
            Some(path) => {
                use rustls::pki_types::pem::PemObject;
                let text = std::fs::read(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                for cert in rustls::pki_types::CertificateDer::pem_slice_iter(&text) {
                    let cert =
                        cert.with_context(|| format!("{}: not a PEM certificate", path.display()))?;
                    roots
                        .add(cert)
                        .with_context(|| format!("{}: unusable CA certificate", path.display()))?;
                }
                if roots.is_empty() {
                    bail!("{}: no certificate found", path.display());
                }
            }
            None => add_system_roots(&mut roots),
        }
        builder.with_root_certificates(roots)
    };
    let mut config = match &conn.client_cert {
        Some((cert, key)) => {
            use rustls::pki_types::pem::PemObject;
            let certs = rustls::pki_types::CertificateDer::pem_file_iter(cert)
                .with_context(|| format!("cannot read {}", cert.display()))?
                .collect::<Result<Vec<_>, _>>()
                .with_context(|| format!("{}: not PEM", cert.display()))?;
            let key = rustls::pki_types::PrivateKeyDer::from_pem_file(key)
                .with_context(|| format!("{}: no private key", key.display()))?;
            builder
                .with_client_auth_cert(certs, key)
                .context("client certificate")?
        }
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = if http2 {
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    Ok(config)
}

/// Adds the system's CA certificates (the usual bundle files) for checks without `--cacert`.
fn add_system_roots(roots: &mut rustls::RootCertStore) {
    use rustls::pki_types::pem::PemObject;
    const BUNDLES: &[&str] = &[
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/cert.pem",
    ];
    for path in BUNDLES {
        let Ok(iter) = rustls::pki_types::CertificateDer::pem_file_iter(path) else {
            continue;
        };
        for cert in iter.flatten() {
            let _ = roots.add(cert);
        }
        if !roots.is_empty() {
            return;
        }
    }
}

mod insecure {
    //! `-k`: accept any server certificate (signatures are still checked for the handshake).
    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{DigitallySignedStruct, SignatureScheme};

    #[derive(Debug)]
    pub struct AcceptAny;

    impl ServerCertVerifier for AcceptAny {
        fn verify_server_cert(
            &self,
            _: &CertificateDer<'_>,
            _: &[CertificateDer<'_>],
            _: &ServerName<'_>,
            _: &[u8],
            _: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            Ok(ServerCertVerified::assertion())
        }

        fn verify_tls12_signature(
            &self,
            m: &[u8],
            c: &CertificateDer<'_>,
            d: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(
                m,
                c,
                d,
                &crate::cert::tls_provider().signature_verification_algorithms,
            )
        }

        fn verify_tls13_signature(
            &self,
            m: &[u8],
            c: &CertificateDer<'_>,
            d: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(
                m,
                c,
                d,
                &crate::cert::tls_provider().signature_verification_algorithms,
            )
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            crate::cert::tls_provider()
                .signature_verification_algorithms
                .supported_schemes()
        }
    }
}

async fn attempt(check: &Check, conn: &Connection) -> Result<Answer, (String, Duration)> {
    send(check, conn).await
}

/// Sends one attempt; the time measured starts when the request is handed to the client
/// (client set-up, CA reading and name lookups for overrides are not counted).
async fn send(check: &Check, conn: &Connection) -> Result<Answer, (String, Duration)> {
    let setup = |e: String| (e, Duration::ZERO);
    let (client, url) = client_for(check, conn).map_err(|e| setup(format!("{e:#}")))?;
    let method = reqwest::Method::from_bytes(check.request.method.as_bytes())
        .map_err(|_| setup(format!("invalid method {}", check.request.method)))?;
    let mut req = client.request(method, &url);
    for (k, v) in &check.request.headers {
        req = req.header(k, v);
    }
    if url != check.request.url
        && let Ok(orig) = reqwest::Url::parse(&check.request.url)
        && !check
            .request
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("host"))
    {
        let host = match orig.port() {
            Some(p) => format!("{}:{p}", orig.host_str().unwrap_or("")),
            None => orig.host_str().unwrap_or("").to_string(),
        };
        req = req.header("host", host);
    }
    if let Some(b) = &check.request.body {
        req = req.body(b.clone());
    }
    let request = req.build().map_err(|e| setup(e.to_string()))?;
    if conn.verbose {
        report::print_request(&request);
    }
    let started = Instant::now();
    let resp = client
        .execute(request)
        .await
        .map_err(|e| (describe_error(&e), started.elapsed()))?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let cert = resp
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|i| i.peer_certificate().map(<[u8]>::to_vec));
    if conn.verbose {
        report::print_response(&resp);
    }
    let is_head = check.request.method.eq_ignore_ascii_case("HEAD");
    let body = if is_head {
        // A HEAD answer has no content (RFC 9110 section 9.3.2); over HTTP/2 a DATA frame after
        // its HEADERS is a protocol error (curl fails with PROTOCOL_ERROR): the check fails too.
        head_without_content(resp)
            .await
            .map_err(|e| (e, started.elapsed()))?;
        String::new()
    } else {
        resp.text().await.unwrap_or_default()
    };
    Ok(Answer {
        status,
        headers,
        body,
        elapsed: started.elapsed(),
        cert,
    })
}

/// How long what follows a HEAD answer's header section is waited for.
const HEAD_CONTENT_WAIT: Duration = Duration::from_secs(1);

/// Reads what follows a HEAD answer's header section: nothing, or the protocol error to report.
async fn head_without_content(resp: reqwest::Response) -> Result<(), String> {
    let version = resp.version();
    // A stream held open without content is no protocol error: not waited for past a moment.
    let Ok(read) = tokio::time::timeout(HEAD_CONTENT_WAIT, resp.bytes()).await else {
        return Ok(());
    };
    match read {
        Ok(content) if content.is_empty() => Ok(()),
        Ok(content) => Err(format!(
            "protocol error: the answer to HEAD carried {} byte(s) of content ({version:?}); RFC 9110 section 9.3.2 forbids it and clients such as curl fail on it",
            content.len()
        )),
        Err(e) => Err(format!(
            "protocol error after the answer to HEAD ({version:?}): {}",
            describe_error(&e)
        )),
    }
}

fn describe_error(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut chain = Vec::new();
    let mut source = e.source();
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let text = chain.join(": ");
    if e.is_timeout() {
        return format!("timed out: {text}");
    }
    // A TLS client reading a plain HTTP answer (rustls: InvalidContentType).
    if text.contains("InvalidContentType") || text.contains("corrupt message") {
        return "TLS handshake failed: this port speaks plain HTTP, not TLS (use http://)".into();
    }
    if text.contains("Connection refused") {
        return "connection refused: nothing listens on that address and port".into();
    }
    let what = if e.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    if text.is_empty() {
        what.to_string()
    } else {
        format!("{what}: {text}")
    }
}

/// A URL as curl reads one: `HOST[:PORT]/PATH` without a scheme is `http://`; only http and
/// https are checked.
pub fn normalize_url(text: &str) -> Result<String, String> {
    let scheme = text.split_once("://").map(|(s, _)| s);
    let has_scheme = scheme.is_some_and(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let with_scheme = if has_scheme {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    let url =
        reqwest::Url::parse(&with_scheme).map_err(|e| format!("invalid URL {text:?}: {e}"))?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "invalid URL {text:?}: scheme `{other}` is not checked (use http:// or https://)"
            ));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("invalid URL {text:?}: no host"));
    }
    Ok(with_scheme)
}

fn evaluate(check: &Check, answer: &Answer) -> Vec<String> {
    let e = &check.expect;
    let mut failures = Vec::new();
    if let Some(want) = &e.redirect {
        let location = answer
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let resolved = reqwest::Url::parse(&check.request.url)
            .ok()
            .and_then(|base| base.join(location).ok())
            .map_or(location.to_string(), |u| u.to_string());
        if answer.status / 100 != 3 {
            failures.push(format!("expected a redirect, got {}", answer.status));
        } else if resolved != *want && location != want {
            failures.push(format!("redirects to {location:?}, expected {want:?}"));
        }
    } else {
        let ok = if e.status.is_empty() {
            answer.status / 100 == 2
        } else {
            e.status.iter().any(|s| s.matches(answer.status))
        };
        if !ok {
            failures.push(format!(
                "status {} is not {}",
                answer.status,
                Expect {
                    headers: vec![],
                    body: None,
                    max_time: None,
                    min_time: None,
                    ..e.clone()
                }
                .describe()
            ));
        }
    }
    for h in &e.headers {
        match (
            answer.headers.get(&h.name).and_then(|v| v.to_str().ok()),
            &h.value,
        ) {
            (None, _) => failures.push(format!("header {} missing", h.name)),
            (Some(v), Some(TextMatch::Text(want))) if v != want => {
                failures.push(format!("header {} is {v:?}, expected {want:?}", h.name))
            }
            (Some(v), Some(TextMatch::Regex(re))) if !re.is_match(v) => failures.push(format!(
                "header {} is {v:?}, does not match ~{}",
                h.name,
                re.as_str()
            )),
            _ => {}
        }
    }
    match &e.body {
        Some(TextMatch::Text(t)) if !answer.body.contains(t.as_str()) => {
            failures.push(format!("body does not contain {t:?}"))
        }
        Some(TextMatch::Regex(re)) if !re.is_match(&answer.body) => {
            failures.push(format!("body does not match ~{}", re.as_str()))
        }
        _ => {}
    }
    if let Some(m) = &e.marked
        && carries(answer, &m.text) != m.present
    {
        let how = if m.present {
            "does not carry"
        } else {
            "carries"
        };
        failures.push(format!("the answer {how} the marker {:?}", m.text));
    }
    if let Some(max) = e.max_time
        && answer.elapsed > max
    {
        failures.push(format!(
            "took {:.2}s, more than {}",
            answer.elapsed.as_secs_f64(),
            crate::manifest::duration::format(max)
        ));
    }
    if let Some(min) = e.min_time
        && answer.elapsed < min
    {
        failures.push(format!(
            "took {:.2}s, less than {}",
            answer.elapsed.as_secs_f64(),
            crate::manifest::duration::format(min)
        ));
    }
    failures
}

/// True when the body or a header value contains the marker.
fn carries(answer: &Answer, marker: &str) -> bool {
    answer.body.contains(marker)
        || answer
            .headers
            .values()
            .any(|v| v.to_str().is_ok_and(|v| v.contains(marker)))
}

/// Sends a share check's requests one after another and counts the marked answers.
async fn run_share(check: &Check, share: &Share, conn: &Connection) -> Outcome {
    let started = Instant::now();
    let mut marked = 0u32;
    let mut failures = Vec::new();
    let mut last_status = None;
    for _ in 0..share.requests {
        match attempt(check, conn).await {
            Ok(answer) => {
                last_status = Some(answer.status);
                if answer.status / 100 != 2 {
                    failures.push(format!("an answer was {}", answer.status));
                    break;
                }
                marked += u32::from(carries(&answer, &share.marker));
            }
            Err((e, _)) => {
                failures.push(e);
                break;
            }
        }
    }
    let percent = f64::from(marked) * 100.0 / f64::from(share.requests.max(1));
    if failures.is_empty() && (percent - share.percent).abs() > share.tolerance {
        failures.push(format!(
            "{marked} of {} answers marked ({percent:.1}%), expected {:.0}% ±{:.1}",
            share.requests, share.percent, share.tolerance
        ));
    }
    Outcome {
        name: check.name.clone(),
        method: check.request.method.clone(),
        url: check.request.url.clone(),
        expected: check.expect.describe(),
        got: format!("{marked} of {} marked ({percent:.1}%)", share.requests),
        status: last_status,
        time: started.elapsed(),
        passed: failures.is_empty(),
        failures,
        attempts: share.requests,
        certificate: None,
        warnings: Vec::new(),
    }
}

fn cert_summary(der: &[u8], url: &str) -> (Option<ServedCert>, Vec<String>) {
    let pem = pem::encode(&pem::Pem::new("CERTIFICATE", der.to_vec()));
    let Ok(info) = inspect::certificate(&pem) else {
        return (
            None,
            vec!["the served certificate could not be parsed".into()],
        );
    };
    let mut warnings = Vec::new();
    if let Some(host) = reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        && !info.covers_host(host.trim_start_matches('[').trim_end_matches(']'))
    {
        warnings.push(format!(
            "the certificate does not name {host} (SANs: {})",
            if info.sans.is_empty() {
                "none".into()
            } else {
                info.sans.join(", ")
            }
        ));
    }
    if info.days_left < 14 {
        warnings.push(format!(
            "the certificate expires in {} days",
            info.days_left
        ));
    }
    let served = ServedCert {
        subject: info.subject,
        sans: info.sans,
        issuer: info.issuer,
        days_left: info.days_left,
    };
    (Some(served), warnings)
}

/// Notified before each retry (for spinners and plain progress lines).
pub trait Progress: Send + Sync {
    /// `check` failed with `why` and is tried again (attempt `next`).
    fn retrying(&self, check: &Check, next: u32, why: &str);
}

/// Runs one check with its retries.
pub async fn run_check(check: &Check, conn: &Connection, progress: &dyn Progress) -> Outcome {
    if let Some(share) = &check.expect.share {
        return run_share(check, share, conn).await;
    }
    let started = Instant::now();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let (got, status, time, failures, cert) = match attempt(check, conn).await {
            Ok(answer) => {
                let failures = evaluate(check, &answer);
                (
                    answer.status.to_string(),
                    Some(answer.status),
                    answer.elapsed,
                    failures,
                    answer.cert,
                )
            }
            Err((e, elapsed)) => (e.clone(), None, elapsed, vec![e], None),
        };
        let more = check.retry.allows(attempts, started.elapsed());
        if failures.is_empty() || !more {
            let (certificate, warnings) =
                cert.map_or((None, Vec::new()), |c| cert_summary(&c, &check.request.url));
            return Outcome {
                name: check.name.clone(),
                method: check.request.method.clone(),
                url: check.request.url.clone(),
                expected: check.expect.describe(),
                got,
                status,
                time,
                passed: failures.is_empty(),
                failures,
                attempts,
                certificate,
                warnings,
            };
        }
        progress.retrying(
            check,
            attempts + 1,
            failures.first().map_or("", String::as_str),
        );
        tokio::time::sleep(check.retry.interval).await;
    }
}

/// Runs checks, at most `jobs` at a time; outcomes come back in the checks' order.
pub async fn run_all(
    checks: &[Check],
    conn: &Connection,
    jobs: usize,
    progress: Arc<dyn Progress>,
) -> Vec<Outcome> {
    let mut conn = conn.clone();
    if conn.tls.is_none() {
        // On failure each check builds its own and reports the error itself.
        conn.tls = TlsPair::build(&conn).ok().map(Arc::new);
    }
    let conn = &conn;
    let semaphore = Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
    let mut handles = Vec::new();
    for check in checks {
        let check = check.clone();
        let conn = conn.clone();
        let semaphore = semaphore.clone();
        let progress = progress.clone();
        handles.push(tokio::spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            run_check(&check, &conn, progress.as_ref()).await
        }));
    }
    let mut outcomes = Vec::new();
    for (h, check) in handles.into_iter().zip(checks) {
        outcomes.push(h.await.unwrap_or_else(|e| Outcome {
            name: check.name.clone(),
            method: check.request.method.clone(),
            url: check.request.url.clone(),
            expected: check.expect.describe(),
            got: format!("internal error: {e}"),
            status: None,
            time: Duration::ZERO,
            passed: false,
            failures: vec![format!("internal error: {e}")],
            attempts: 0,
            certificate: None,
            warnings: Vec::new(),
        }));
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_stop_at_the_count_or_the_wait_whichever_is_first() {
        let s = Duration::from_secs;
        let count = Retry {
            attempts: Some(4),
            interval: s(1),
            wait: None,
        };
        assert!(count.allows(4, s(100)));
        assert!(!count.allows(5, s(0)), "five attempts in all");
        let both = Retry {
            wait: Some(s(30)),
            ..count
        };
        assert!(!both.allows(5, s(6)), "the count ends it before the wait");
        assert!(!both.allows(2, s(29)), "the wait ends it before the count");
        let wait = Retry {
            attempts: None,
            interval: s(1),
            wait: Some(s(30)),
        };
        assert!(wait.allows(25, s(20)));
        assert!(!wait.allows(25, s(29)), "the wait ends it");
        assert!(!Retry::default().allows(1, s(0)), "no retry by default");
        assert_eq!(
            normalize_url("127.0.0.1:8080/r?to=http://x").as_deref(),
            Ok("http://127.0.0.1:8080/r?to=http://x")
        );
        let once = Retry {
            attempts: Some(0),
            interval: s(1),
            wait: Some(s(30)),
        };
        assert!(
            !once.allows(1, s(0)),
            "one attempt in all, however long the wait"
        );
    }

    #[test]
    fn statuses_parse_codes_classes_and_lists() {
        assert_eq!(
            StatusExpect::parse_list("200,3xx").unwrap(),
            vec![StatusExpect::Code(200), StatusExpect::Class(3)]
        );
        assert!(StatusExpect::parse("2yy").is_err());
        assert!(StatusExpect::Class(2).matches(204));
        assert!(!StatusExpect::Reachable.matches(404));
        assert!(StatusExpect::Reachable.matches(400));
    }

    #[test]
    fn header_expectations_take_three_forms() {
        assert!(HeaderExpect::parse("X-Backend").unwrap().value.is_none());
        assert!(matches!(
            HeaderExpect::parse("server=gunicorn").unwrap().value,
            Some(TextMatch::Text(_))
        ));
        assert!(matches!(
            HeaderExpect::parse("server~^gun").unwrap().value,
            Some(TextMatch::Regex(_))
        ));
        assert!(HeaderExpect::parse("=x").is_err());
    }

    #[test]
    fn connect_to_follows_curl() {
        let c = ConnectTo::parse("foo.bar.com:443:127.0.0.1:8443").unwrap();
        assert_eq!(c.to_port, Some(8443));
        let c = ConnectTo::parse("::example.org:").unwrap();
        assert_eq!((c.host.as_str(), c.port, c.to_port), ("", None, None));
        assert!(ConnectTo::parse("a:b").is_err());
    }
}
