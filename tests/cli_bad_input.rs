//! Bad input to every command: each non-zero exit has the documented code and a short message
//! on stderr naming the file or flag, never a panic, a backtrace or a Rust Debug dump.

use crate::support::Killed;
use std::path::Path;

use crate::support::ingressctl;
use crate::support::serve::Backend;

/// The inputs a careless or hostile user hands over, written once into `dir`.
fn write_inputs(dir: &Path) {
    let files: &[(&str, &[u8])] = &[
        ("bad.yaml", b"garbage: [\n"),
        ("empty.yaml", b""),
        ("bin.yaml", b"\x00\x01\xfe\xff binary\x00"),
        ("unknown-kind.yaml", b"apiVersion: v1\nkind: Foo\nmetadata: {name: x}\n"),
        (
            "unknown-field.yaml",
            b"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: x}\nspec: {bogus: 1}\n",
        ),
        (
            "ok.yaml",
            b"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ok, annotations: {kubernetes.io/ingress.class: istio}}\nspec:\n  rules:\n  - http:\n      paths:\n      - {path: /x, pathType: Prefix, backend: {service: {name: svc, port: {number: 80}}}}\n",
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    // A "billion laughs": ten levels of ten aliases each (10^10 nodes if expanded).
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 10].join(", ");
        bomb.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    std::fs::write(dir.join("bomb.yaml"), bomb).unwrap();
    // Two manifests without `---` between them.
    std::fs::write(
        dir.join("dup.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: a}\napiVersion: networking.k8s.io/v1\nkind: Ingress\n",
    )
    .unwrap();
    for host in ["a", "b"] {
        let out = ingressctl()
            .current_dir(dir)
            .args(["cert", "gen", "--cn", &format!("{host}.example.com")])
            .args(["--cert-out", &format!("{host}.crt")])
            .args(["--key-out", &format!("{host}.key")])
            .args(["--key-type", "ecdsa-p256"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
}

/// Runs `args` in `dir`: (exit code, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = ingressctl()
        .current_dir(dir)
        .args(args)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What every failure message must be: said, short, and free of internals.
fn assert_said_well(args: &[&str], code: i32, err: &str) {
    let lines = err.trim().lines().count();
    assert!(!err.trim().is_empty(), "{args:?} exited {code} in silence");
    assert!(lines <= 8, "{args:?}: {lines} lines:\n{err}");
    for internal in [
        "panicked",
        "RUST_BACKTRACE",
        "Os {",
        "Status {",
        "Custom {",
        "kind: ",
        "Error(",
    ] {
        assert!(
            !err.contains(internal),
            "{args:?}: `{internal}` in the message:\n{err}"
        );
    }
}

#[test]
fn every_failure_has_its_code_and_a_message_naming_the_file_or_flag() {
    let dir = tempfile::tempdir().unwrap();
    write_inputs(dir.path());
    let no_cluster = dir.path().join("no-such-kubeconfig");
    let no_cluster = no_cluster.to_str().unwrap();
    #[rustfmt::skip]
    let cases: &[(&[&str], i32, &str)] = &[
        // Manifests that do not load.
        (&["convert", "-f", "bad.yaml"], 3, "bad.yaml:2"),
        (&["convert", "-f", "empty.yaml"], 3, "empty.yaml"),
        (&["convert", "-f", "bin.yaml"], 3, "not a text file"),
        (&["convert", "-f", "unknown-kind.yaml"], 3, "unknown-kind.yaml:2"),
        (&["convert", "-f", "unknown-field.yaml"], 3, "unknown field `bogus`"),
        (&["convert", "-f", "missing.yaml"], 1, "missing.yaml"),
        (&["validate", "-f", "bomb.yaml"], 3, "aliases expand"),
        (&["convert", "-f", "bomb.yaml"], 3, "aliases expand"),
        (&["serve", "-f", "bomb.yaml", "--http-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"], 3, "aliases expand"),
        (&["validate", "-f", "dup.yaml"], 3, "duplicate key `apiVersion` (first at line 1)"),
        (&["convert", "-f", "dup.yaml"], 3, "duplicate key"),
        (&["validate", "-f", "bad.yaml"], 3, "bad.yaml:2"),
        (&["validate", "-f", "bin.yaml"], 3, "not a text file"),
        (&["validate", "-f", "missing.yaml"], 1, "missing.yaml"),
        (&["serve", "-f", "missing.yaml"], 1, "missing.yaml"),
        (&["serve", "-f", "bad.yaml", "--http-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"], 3, "bad.yaml"),
        (&["verify", "--checks", "missing.yaml"], 1, "missing.yaml"),
        (&["verify", "--checks", "bad.yaml"], 1, "bad.yaml"),
        (&["cert", "inspect", "missing.crt"], 1, "missing.crt"),
        (&["cert", "secret", "--cert", "a.crt", "--key", "bin.yaml"], 1, "bin.yaml"),
        // Certificates that cannot be served.
        (&["serve", "-f", "ok.yaml", "--tls-cert", "nope.crt", "--tls-key", "nope.key"], 1, "cannot read nope.crt"),
        (&["serve", "-f", "ok.yaml", "--tls-cert", "a.crt", "--tls-key", "b.key"], 2, "does not belong to the certificate"),
        (&["serve", "-f", "ok.yaml", "--tls-cert", "a.key", "--tls-key", "a.key"], 2, "--tls-cert"),
        // Flag values.
        (&["serve", "-f", "ok.yaml", "--http-addr", "nonsense"], 2, "--http-addr"),
        (&["serve", "-f", "ok.yaml", "--idle-timeout", "0s"], 2, "--idle-timeout must be more than 0"),
        (&["create", "routerule", "r", "--destination", "httpbin", "--route", "-10"], 2, "weight -10"),
        (&["create", "routerule", "r", "--destination", "httpbin", "--timeout", "-4s"], 2, "negative durations"),
        // Found by fuzzing: a duration beyond Go's range panicked.
        (&["serve", "-f", "ok.yaml", "--idle-timeout", "17777777777777777777777777777775s"], 2, "too large"),
        (&["create", "routerule", "r", "--destination", "httpbin", "--retries", "-2"], 2, "attempts must be 0 or more, not -2"),
        (&["create", "ingress", "Bad_Name", "--rule", "/x=svc:80"], 2, "Bad_Name"),
        (&["create", "ingress", "ok", "-n", "Foo_bar", "--rule", "/x=svc:80"], 2, "Foo_bar"),
        (&["create", "ingress", "ok", "--nope"], 2, "--nope"),
        (&["cert", "gen", "--cn", "a.example.com", "--days", "-1"], 2, "at least 1"),
        (&["cert", "gen", "--cn", "a.example.com", "--days", "0"], 2, "at least 1"),
        (&["cert", "gen", "--cn", "a.example.com", "--san", "bad san!"], 2, "bad san!"),
        (&["cert", "gen", "--cn", ""], 2, "--cn"),
        (&["cert", "gen", "--cn", "foo bar"], 2, "foo bar"),
        (&["verify", "ftp://127.0.0.1/x"], 2, "ftp"),
        (&["completion", "nosuchshell"], 2, "nosuchshell"),
        // Global options the command does not read.
        (&["cert", "gen", "--cn", "c.example.com", "--out-dir", "c", "-o", "json"], 2, "-o/--output"),
        (&["completion", "bash", "-o", "json"], 2, "-o/--output"),
        (&["validate", "-f", "ok.yaml", "-n", "x"], 2, "-n/--namespace"),
        (&["convert", "-f", "ok.yaml", "-n", "x"], 2, "-n/--namespace"),
        (&["create", "ingress", "x", "--rule", "/=a:80", "--context", "c"], 2, "--context"),
        (&["verify", "http://127.0.0.1:9/x", "-n", "x"], 2, "-n/--namespace"),
        (&["cert", "gen", "--cn", "d.example.com", "--out-dir", "d", "--dry-run=server"], 2, "add --secret"),
        // No cluster to talk to.
        (&["apply", "-f", "ok.yaml", "--kubeconfig", no_cluster], 1, "no-such-kubeconfig"),
        (&["delete", "ingress", "x", "--kubeconfig", no_cluster], 1, "no-such-kubeconfig"),
        (&["host", "--kubeconfig", no_cluster], 1, "no-such-kubeconfig"),
        (&["validate", "--cluster", "--kubeconfig", no_cluster], 1, "no-such-kubeconfig"),
    ];
    let mut wrong = Vec::new();
    for (args, want, needle) in cases {
        let (code, err) = run_in(dir.path(), args);
        assert_said_well(args, code, &err);
        if code != *want || !err.contains(needle) {
            wrong.push(format!(
                "{args:?}: exit {code} (want {want}), stderr lacks {needle:?}?\n{err}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_generator_prints_what_is_valid_but_not_served_as_written_and_warns() {
    let dir = tempfile::tempdir().unwrap();
    let out = ingressctl()
        .current_dir(dir.path())
        .args(["create", "ingress", "t", "--rule", "foo.com/=svc:https,tls"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("kind: Ingress"));
    assert!(err.contains("warning: [ICTL0110]"), "{err}");
}

#[test]
fn a_tls_check_against_a_plain_http_port_says_so() {
    let backend = Backend::start("plain");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("https://{}/", backend.addr);
    let out = ingressctl()
        .current_dir(dir.path())
        .args(["verify", "-k", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("this port speaks plain HTTP"), "{text}");
    // curl's habit: no scheme means http://.
    let bare = format!("{}/status/200", backend.addr);
    let out = ingressctl()
        .current_dir(dir.path())
        .args(["verify", &bare])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cert_gen_secret_alone_writes_no_files_and_can_run_again() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let out = ingressctl()
            .current_dir(dir.path())
            .args(["cert", "gen", "--cn", "foo.bar.com", "--secret"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("kind: Secret"));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn no_note_about_the_secret_name_when_the_guides_secret_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let secret = ingressctl()
        .current_dir(dir.path())
        .args(["cert", "gen", "--cn", "foo.bar.com", "--secret"])
        .output()
        .unwrap();
    std::fs::write(dir.path().join("secret.yaml"), &secret.stdout).unwrap();
    let guide = crate::support::guide_path("secure-ingress.yaml");
    let out = ingressctl()
        .current_dir(dir.path())
        .args(["validate", "-f", guide.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("ICTL0107"));
    let out = ingressctl()
        .current_dir(dir.path())
        .args([
            "validate",
            "-f",
            guide.to_str().unwrap(),
            "-f",
            "secret.yaml",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("ICTL0107"), "{err}");
    assert!(err.contains("0 errors, 0 warnings, 0 notes"), "{err}");
}

/// The README's first command, as a user who is not root, with every default: it starts and
/// the curl line it prints answers 200.
#[test]
fn a_non_root_user_reaches_the_demo_with_the_printed_curl_lines() {
    use std::io::BufRead;
    use std::os::unix::fs::PermissionsExt;
    let _ports = crate::support::fixed_ports();
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = dir.path().join("ingressctl");
    std::fs::copy(assert_cmd::cargo::cargo_bin("ingressctl"), &bin).unwrap();
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut cmd = if root {
        // Drop to nobody, as a user on a laptop would be.
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let mut child = cmd
        .args(["serve", "--demo"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _child = Killed(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut said = Vec::new();
    let host = loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no INGRESS_HOST line: {said:#?}"));
        if let Some(h) = line.trim().strip_prefix("export INGRESS_HOST=") {
            break h.to_string();
        }
        said.push(line);
    };
    let status = reqwest::blocking::Client::new()
        .head(format!("http://{host}/status/200"))
        .send()
        .map(|r| r.status().as_u16());
    assert_eq!(status.ok(), Some(200), "{said:#?}");
    assert!(
        !said.iter().any(|l| l.contains("Permission denied")),
        "{said:#?}"
    );
}
