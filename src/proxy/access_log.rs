//! The access log: one line per request (Envoy-like text or JSON) on stdout.
//!
//! A line is formatted on the request path into a shared buffer; [`flush_every`] writes the
//! buffer out every [`FLUSH_INTERVAL`], and a request that fills it past [`FLUSH_BYTES`] writes
//! it at once. Under load a request costs no system call of its own (nginx with `buffer=`,
//! Envoy's file flush interval); a line reaches stdout within the interval, and whatever is
//! buffered is written when serve stops.

use std::io::Write as _;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use http::{HeaderValue, Method, Request, Uri, Version, header};
use serde::Serialize;

use super::config::AccessLogFormat;
use super::shared::Peer;

/// Longest time a written line waits in the buffer.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(100);

/// Buffered bytes past which the request that adds them writes them out.
const FLUSH_BYTES: usize = 64 * 1024;

/// The access log of one serve process.
pub struct AccessLog {
    format: AccessLogFormat,
    buffer: Mutex<Buffer>,
    /// Held while a buffer is written, so that lines leave in the order they were added.
    writing: Mutex<()>,
}

#[derive(Default)]
struct Buffer {
    bytes: Vec<u8>,
    /// The Unix second whose `YYYY-MM-DDTHH:MM:SS` text is in `second_text`.
    second: i64,
    second_text: String,
}

/// The parts of a request the log needs, taken before the request is forwarded.
pub struct RequestLine {
    start: SystemTime,
    method: Method,
    uri: Uri,
    version: Version,
    /// The host that routed the request (set after admission).
    pub host: String,
    user_agent: Option<HeaderValue>,
}

impl RequestLine {
    /// Captures what the log will need of `req`.
    pub fn capture<B>(req: &Request<B>, host: &str) -> Self {
        RequestLine {
            start: SystemTime::now(),
            method: req.method().clone(),
            uri: req.uri().clone(),
            version: req.version(),
            host: host.to_string(),
            user_agent: req.headers().get(header::USER_AGENT).cloned(),
        }
    }
}

/// One access-log line: what the request looked like, and what became of it.
pub struct Entry<'a> {
    /// The request.
    pub request: &'a RequestLine,
    /// The client.
    pub client: &'a Peer,
    /// The `x-request-id` sent upstream, if the request got that far.
    pub request_id: Option<&'a HeaderValue>,
    /// Route name, `-` for none.
    pub route: &'a str,
    /// Route rule name, `-` for none.
    pub rule: &'a str,
    /// Upstream name, `-` for none.
    pub upstream: &'a str,
    /// Response status (0: cut before an answer).
    pub status: u16,
    /// Envoy-style response flag, `-` for none.
    pub flag: &'a str,
    /// Time from the request head to the response head.
    pub elapsed: Duration,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    // Fields in alphabetical order: the order the keys have always been written in.
    authority: &'a str,
    downstream_remote_address: String,
    duration_ms: u64,
    method: &'a str,
    path: &'a str,
    protocol: &'a str,
    request_id: &'a str,
    response_code: u16,
    response_flags: &'a str,
    route_name: &'a str,
    route_rule: &'a str,
    start_time: &'a str,
    upstream_cluster: &'a str,
    user_agent: &'a str,
}

impl AccessLog {
    /// An access log in `format` (`Off`: nothing is written).
    pub fn new(format: AccessLogFormat) -> Self {
        AccessLog {
            format,
            buffer: Mutex::default(),
            writing: Mutex::default(),
        }
    }

    /// True unless the format is `off`.
    pub fn enabled(&self) -> bool {
        self.format != AccessLogFormat::Off
    }

    /// Adds one line; writes the buffer out when it is full.
    pub fn write(&self, e: &Entry<'_>) {
        if !self.enabled() {
            return;
        }
        let full = {
            let mut buffer = self.buffer.lock().unwrap_or_else(|p| p.into_inner());
            buffer.append(self.format, e);
            buffer.bytes.len() >= FLUSH_BYTES
        };
        if full {
            self.flush();
        }
    }

    /// Writes every buffered line to stdout.
    pub fn flush(&self) {
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let bytes = {
            let mut buffer = self.buffer.lock().unwrap_or_else(|p| p.into_inner());
            if buffer.bytes.is_empty() {
                return;
            }
            std::mem::replace(&mut buffer.bytes, Vec::with_capacity(FLUSH_BYTES))
        };
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(&bytes);
        let _ = out.flush();
    }
}

/// Lines written by requests cut as the runtime stops (their handlers dropped after the last
/// flush) are written when the log itself goes.
impl Drop for AccessLog {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Flushes `log` every [`FLUSH_INTERVAL`] until `stop`, then once more.
pub async fn flush_every(
    log: std::sync::Arc<AccessLog>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    if !log.enabled() {
        return;
    }
    let mut tick = tokio::time::interval(FLUSH_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => log.flush(),
            _ = stop.changed() => break,
        }
    }
    log.flush();
}

impl Buffer {
    fn append(&mut self, format: AccessLogFormat, e: &Entry<'_>) {
        let r = e.request;
        let rid = e.request_id.and_then(|v| v.to_str().ok()).unwrap_or("-");
        let user_agent = r
            .user_agent
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        let ms = u64::try_from(e.elapsed.as_millis()).unwrap_or(u64::MAX);
        match format {
            AccessLogFormat::Json => {
                let since_epoch = r
                    .start
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap_or_default();
                let time = self.timestamp(since_epoch);
                let line = JsonLine {
                    start_time: &time,
                    method: r.method.as_str(),
                    path: r.uri.path(),
                    protocol: version_text(r.version),
                    response_code: e.status,
                    response_flags: e.flag,
                    duration_ms: ms,
                    downstream_remote_address: e.client.addr.to_string(),
                    user_agent,
                    request_id: rid,
                    authority: &r.host,
                    route_name: e.route,
                    route_rule: e.rule,
                    upstream_cluster: e.upstream,
                };
                let _ = serde_json::to_writer(&mut self.bytes, &line);
                self.bytes.push(b'\n');
            }
            _ => self.append_text(e, ms, rid, user_agent),
        }
    }

    /// The Envoy-like text line, written piece by piece (no formatting machinery).
    fn append_text(&mut self, e: &Entry<'_>, ms: u64, rid: &str, user_agent: &str) {
        let r = e.request;
        self.bytes.push(b'[');
        self.push_timestamp(r.start);
        let b = &mut self.bytes;
        b.extend_from_slice(b"] \"");
        b.extend_from_slice(r.method.as_str().as_bytes());
        b.push(b' ');
        b.extend_from_slice(r.uri.path().as_bytes());
        b.push(b' ');
        b.extend_from_slice(version_text(r.version).as_bytes());
        b.extend_from_slice(b"\" ");
        push_number(b, u64::from(e.status));
        b.push(b' ');
        b.extend_from_slice(e.flag.as_bytes());
        b.push(b' ');
        push_number(b, ms);
        for field in [
            e.client.ip.as_bytes(),
            user_agent.as_bytes(),
            rid.as_bytes(),
            r.host.as_bytes(),
            e.route.as_bytes(),
            e.rule.as_bytes(),
            e.upstream.as_bytes(),
        ] {
            b.extend_from_slice(b" \"");
            b.extend_from_slice(field);
            b.push(b'"');
        }
        b.push(b'\n');
    }

    /// Appends [`Buffer::timestamp`]'s text without building a String.
    fn push_timestamp(&mut self, start: SystemTime) {
        let since_epoch = start
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        self.refresh_second(since_epoch);
        self.bytes.extend_from_slice(self.second_text.as_bytes());
        let ms = since_epoch.subsec_millis();
        self.bytes.extend_from_slice(&[
            b'.',
            b'0' + (ms / 100) as u8,
            b'0' + (ms / 10 % 10) as u8,
            b'0' + (ms % 10) as u8,
            b'Z',
        ]);
    }

    /// `2026-12-02T03:35:18.123Z` (RFC 3339, milliseconds, as Envoy's `%START_TIME%`); the
    /// date and time of day are formatted once a second.
    fn timestamp(&mut self, since_epoch: Duration) -> String {
        self.refresh_second(since_epoch);
        format!("{}.{:03}Z", self.second_text, since_epoch.subsec_millis())
    }

    /// Formats the date and time of day of `since_epoch`'s second, unless already done.
    fn refresh_second(&mut self, since_epoch: Duration) {
        let second = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
        if self.second_text.is_empty() || second != self.second {
            self.second = second;
            self.second_text = time::OffsetDateTime::from_unix_timestamp(second)
                .ok()
                .and_then(|t| {
                    t.format(time::macros::format_description!(
                        "[year]-[month]-[day]T[hour]:[minute]:[second]"
                    ))
                    .ok()
                })
                .unwrap_or_default();
        }
    }
}

/// `HTTP/1.1` and the like, as the request line names the version.
fn version_text(version: Version) -> &'static str {
    match version {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_11 => "HTTP/1.1",
        Version::HTTP_2 => "HTTP/2.0",
        Version::HTTP_3 => "HTTP/3.0",
        _ => "HTTP/?",
    }
}

/// Appends `n` in decimal.
fn push_number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The access-log line of a response, owned, for a line written when the response body ends
/// (so that a body cut after the head is logged as cut, not as a plain success).
pub struct Record {
    /// The request.
    pub request: RequestLine,
    /// The client.
    pub client: Peer,
    /// The `x-request-id` sent upstream.
    pub request_id: Option<HeaderValue>,
    /// The route and the rule index that answered, if any.
    pub action: Option<(std::sync::Arc<super::config::RouteAction>, Option<usize>)>,
    /// Response status.
    pub status: u16,
    /// Time from the request head to the response head.
    pub elapsed: Duration,
}

impl Record {
    /// Writes the line with `flag`.
    pub fn write(&self, log: &AccessLog, flag: &str) {
        let (route, rule, upstream) = match &self.action {
            Some((a, rule)) => (
                a.name.as_str(),
                rule.map_or("-", |i| a.rules[i].name.as_str()),
                a.upstream.name.as_str(),
            ),
            None => (super::stats::NO_ROUTE, "-", "-"),
        };
        log.write(&Entry {
            request: &self.request,
            client: &self.client,
            request_id: self.request_id.as_ref(),
            route,
            rule,
            upstream,
            status: self.status,
            flag,
            elapsed: self.elapsed,
        });
    }
}

/// A response body that writes its access-log line when it ends: flag `-` when it ends well,
/// `UC` when the upstream cut it, `UT` when the route's deadline passed, `DC` when the client
/// went away before its end.
struct LoggedBody {
    inner: super::body::Body,
    pending: Option<(Record, std::sync::Arc<AccessLog>)>,
}

impl LoggedBody {
    fn finish(&mut self, flag: &str) {
        if let Some((record, log)) = self.pending.take() {
            record.write(&log, flag);
        }
    }
}

impl hyper::body::Body for LoggedBody {
    type Data = bytes::Bytes;
    type Error = super::body::BoxError;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        let polled = std::pin::Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            std::task::Poll::Ready(None) => self.finish("-"),
            // hyper stops polling once the body says it has ended (a Content-Length body, an
            // HTTP/2 one): its last frame is its end.
            std::task::Poll::Ready(Some(Ok(_))) if self.inner.is_end_stream() => self.finish("-"),
            std::task::Poll::Ready(Some(Err(e))) => {
                let flag = if e.is::<super::request::BodyDeadline>() {
                    "UT"
                } else {
                    "UC"
                };
                self.finish(flag);
            }
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for LoggedBody {
    fn drop(&mut self) {
        use hyper::body::Body as _;
        let flag = if self.inner.is_end_stream() {
            "-"
        } else {
            "DC"
        };
        self.finish(flag);
    }
}

/// Writes `record` now when `body` is already complete, else when it ends.
pub fn log_at_end(
    body: super::body::Body,
    record: Record,
    log: &std::sync::Arc<AccessLog>,
) -> super::body::Body {
    use hyper::body::Body as _;
    if body.is_end_stream() {
        record.write(log, "-");
        return body;
    }
    http_body_util::BodyExt::boxed(LoggedBody {
        inner: body,
        pending: Some((record, log.clone())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(line: &'a RequestLine, peer: &'a Peer) -> Entry<'a> {
        Entry {
            request: line,
            client: peer,
            request_id: None,
            route: "default/app#0.0",
            rule: "-",
            upstream: "app.default:80",
            status: 200,
            flag: "-",
            elapsed: Duration::from_millis(12),
        }
    }

    fn peer() -> Peer {
        Peer::new("192.0.2.7:5000".parse().unwrap())
    }

    fn line() -> RequestLine {
        let req = Request::get("/items?page=2")
            .header(header::USER_AGENT, "curl/8")
            .body(())
            .unwrap();
        let mut line = RequestLine::capture(&req, "a.example");
        line.start = SystemTime::UNIX_EPOCH + Duration::from_millis(1_764_646_518_123);
        line
    }

    #[test]
    fn text_lines_are_envoy_like_with_millisecond_times() {
        let mut buffer = Buffer::default();
        let line = line();
        buffer.append(AccessLogFormat::Text, &entry(&line, &peer()));
        buffer.append(AccessLogFormat::Text, &entry(&line, &peer()));
        let text = String::from_utf8(buffer.bytes).unwrap();
        let expected = "[2025-12-02T03:35:18.123Z] \"GET /items HTTP/1.1\" 200 - 12 \"192.0.2.7\" \"curl/8\" \"-\" \"a.example\" \"default/app#0.0\" \"-\" \"app.default:80\"\n";
        assert_eq!(text, expected.repeat(2));
    }

    #[test]
    fn json_lines_are_one_object_each() {
        let mut buffer = Buffer::default();
        let line = line();
        buffer.append(AccessLogFormat::Json, &entry(&line, &peer()));
        let text = String::from_utf8(buffer.bytes).unwrap();
        let v: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
        assert_eq!(v["start_time"], "2025-12-02T03:35:18.123Z");
        assert_eq!(v["path"], "/items");
        assert_eq!(v["protocol"], "HTTP/1.1");
        assert_eq!(v["downstream_remote_address"], "192.0.2.7:5000");
        assert_eq!(v["authority"], "a.example");
        let keys: Vec<&str> = text
            .split(['{', ','])
            .filter_map(|kv| kv.split_once("\":").map(|(k, _)| k.trim_start_matches('"')))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted, "keys in alphabetical order, as before");
    }

    #[test]
    fn off_writes_nothing() {
        let log = AccessLog::new(AccessLogFormat::Off);
        let line = line();
        log.write(&entry(&line, &peer()));
        assert!(log.buffer.lock().unwrap().bytes.is_empty());
    }
}
