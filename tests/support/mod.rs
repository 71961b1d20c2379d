//! Helpers shared by the integration tests.

#[allow(dead_code)]
pub mod apiserver;
pub mod crd;
pub mod httpbin;
pub mod serve;

use std::path::{Path, PathBuf};

/// The real binary, with colour off and no inherited kubeconfig.
pub fn ingressctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("ingressctl").expect("binary built");
    cmd.env("NO_COLOR", "1").env_remove("KUBECONFIG");
    cmd
}

/// A file under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The guide's manifests, as the docs ship them (`docs/examples/guide/NAME`).
pub fn guide_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/examples/guide")
        .join(name)
}

/// Parses YAML text into JSON data for semantic comparison.
pub fn yaml_value(text: &str) -> serde_json::Value {
    serde_yaml::from_str(text).expect("valid YAML")
}

/// Runs the binary and returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = ingressctl().args(args).output().expect("ran");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Held by tests that bind fixed ports (the README's 8080, 8443 and 18090; serve's default
/// admin port 15000), so that they never run at the same time.
pub fn fixed_ports() -> std::sync::MutexGuard<'static, ()> {
    static PORTS: std::sync::Mutex<()> = std::sync::Mutex::new(());
    PORTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// `PATH` with the built binary's directory first, so that documented `ingressctl ...` lines
/// run it.
pub fn path_with_binary() -> String {
    let bin = assert_cmd::cargo::cargo_bin("ingressctl");
    let dir = bin.parent().expect("the binary has a directory");
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Kills the child when the test ends, however it ends.
pub struct Killed(pub std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
