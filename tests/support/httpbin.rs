//! Real httpbin (PyPI `httpbin` under gunicorn, installed by `.ci/run` into `.venv-httpbin`)
//! for the end-to-end tests.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::serve::DEADLINE;

/// A gunicorn running httpbin on 127.0.0.1 (HTTP/1.1 and h2c), killed on drop.
pub struct Httpbin {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its access log (`PROTO METHOD PATH STATUS` lines).
    pub access_log: Arc<Mutex<String>>,
}

impl Drop for Httpbin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The virtualenv holding httpbin and gunicorn, when installed.
pub fn venv() -> Option<PathBuf> {
    let dir = std::env::var_os("INGRESSCTL_HTTPBIN_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-httpbin"));
    dir.join("bin/gunicorn").exists().then_some(dir)
}

/// Starts httpbin on an ephemeral port and waits for its address.
pub fn start_httpbin(venv: &Path) -> Httpbin {
    let child = Command::new(venv.join("bin/gunicorn"))
        .args([
            "-b",
            "127.0.0.1:0",
            "-w",
            "1",
            "-k",
            "gthread",
            "--threads",
            "16",
            "--timeout",
            "60",
        ])
        .args([
            "--no-control-socket",
            "--http-protocols",
            "h2,h1",
            "--http2-cleartext",
            "both",
        ])
        .args([
            "--access-logfile",
            "-",
            "--access-logformat",
            "%(H)s %(m)s %(U)s %(s)s",
        ])
        .arg("httpbin:app")
        .env("HOME", std::env::temp_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gunicorn");
    let mut httpbin = Httpbin {
        child,
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        access_log: Arc::new(Mutex::new(String::new())),
    };
    let (tx, rx) = mpsc::channel();
    let stderr = httpbin.child.stderr.take().expect("piped stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let sink = httpbin.access_log.clone();
    let stdout = httpbin.child.stdout.take().expect("piped stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&format!("{line}\n"));
        }
    });
    let deadline = Instant::now() + DEADLINE;
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("gunicorn printed its address");
        if let Some(rest) = line.split("Listening at: http://").nth(1) {
            httpbin.addr = rest.split_whitespace().next().unwrap().parse().unwrap();
            return httpbin;
        }
    }
}

/// httpbin for a test named `test`: `None` (the test says it is skipped) without the
/// virtualenv outside CI; in CI a missing virtualenv fails the test.
pub fn for_test(test: &str) -> Option<Httpbin> {
    let Some(venv) = venv() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the httpbin end-to-end tests: .ci/run installs .venv-httpbin"
        );
        eprintln!(
            "SKIPPED {test}: no .venv-httpbin (python3 -m venv .venv-httpbin && .venv-httpbin/bin/pip install httpbin gunicorn h2)"
        );
        return None;
    };
    Some(start_httpbin(&venv))
}
