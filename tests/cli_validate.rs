//! `validate`: every code against its fixtures (library), and the command's contract (binary).

use std::path::PathBuf;

use ingressctl::diagnostic::{Code, Severity};
use ingressctl::manifest::read_sources;
use ingressctl::validate::{Options, Target, validate_sources};

use crate::support::{fixture, ingressctl, run};

/// `live`: the fixture stands for a cluster's whole state (the `validate --cluster` rules).
fn codes_in_mode(path: PathBuf, target: Target, live: bool) -> Vec<Code> {
    let sources = read_sources(&[path], false).expect("fixture readable");
    let opts = Options { target, live };
    validate_sources(&sources, &opts)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

fn fixture_target(dir: &std::path::Path) -> Target {
    match std::fs::read_to_string(dir.join("target")).map(|t| t.trim().to_string()) {
        Ok(t) if t == "serve" => Target::Serve,
        _ => Target::Istio,
    }
}

/// A fixture directory with a `live` file holds a cluster's state, checked as `--cluster` does.
fn fixture_live(dir: &std::path::Path) -> bool {
    dir.join("live").exists()
}

#[test]
fn every_code_has_a_fixture_that_triggers_it_and_one_that_does_not() {
    let mut failures = Vec::new();
    for code in Code::ALL {
        let dir = fixture(&format!("validate/{}", code.id()));
        let target = fixture_target(&dir);
        let live = fixture_live(&dir);
        let bad = ["bad.yaml", "bad.bin"]
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.exists());
        let Some(bad) = bad else {
            failures.push(format!("{}: no bad fixture", code.id()));
            continue;
        };
        if !codes_in_mode(bad, target, live).contains(code) {
            failures.push(format!("{}: bad fixture does not trigger it", code.id()));
        }
        let good = dir.join("good.yaml");
        if !good.exists() {
            failures.push(format!("{}: no good fixture", code.id()));
        } else if codes_in_mode(good, target, live).contains(code) {
            failures.push(format!("{}: good fixture triggers it", code.id()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn guide_manifests_have_no_error_and_no_warning() {
    let sources = read_sources(&[crate::support::guide_path("")], false).expect("guide manifests");
    let report = validate_sources(&sources, &Options::default());
    assert_eq!(report.objects, 3);
    let loud: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity > Severity::Note)
        .collect();
    assert!(loud.is_empty(), "{loud:?}");
}

#[test]
fn guide_manifests_pass_through_the_binary() {
    let (code, out, err) = run(&[
        "validate",
        "-f",
        crate::support::guide_path("").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "diagnostics go to stderr: {out}");
    assert!(
        err.contains("checked: 3 objects in 3 files: 0 errors, 0 warnings, 1 note"),
        "{err}"
    );
}

const BROKEN: &str = "\
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: broken
  annotations:
    kubernetes.io/ingress.class: istio
    ingress.kubernetes.io/rewrite-target: /
spec:
  rules:
  - http:
      paths:
      - path: /v1.0/items
        backend:
          serviceName: items
          servicePort: web
";

#[test]
fn diagnostics_render_like_a_compiler() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.yaml");
    std::fs::write(&file, BROKEN).unwrap();
    let out = ingressctl()
        .current_dir(dir.path())
        .args(["validate", "-f", "broken.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    insta::assert_snapshot!(
        "validate_broken_human",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn json_output_is_data_on_stdout() {
    let out = ingressctl()
        .args(["validate", "-f", "-", "-o", "json"])
        .write_stdin(BROKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json on stdout");
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["ICTL0510", "ICTL0105", "ICTL0532", "ICTL0109"]);
    assert_eq!(v["diagnostics"][1]["file"], "<stdin>");
    assert_eq!(v["diagnostics"][1]["line"], 12);
    assert_eq!(v["diagnostics"][1]["column"], 15);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["warnings"], 3);
}

#[test]
fn fail_on_warning_turns_warnings_into_exit_3() {
    let warn_only = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: w\n  annotations:\n    kubernetes.io/ingress.class: istio\n    x/y: z\nspec:\n  ingressClassName: istio\n  defaultBackend:\n    service: {name: a, port: {number: 80}}\n";
    let ok = ingressctl()
        .args(["validate", "-f", "-"])
        .write_stdin(warn_only)
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let strict = ingressctl()
        .args(["validate", "-f", "-", "--fail-on", "warning"])
        .write_stdin(warn_only)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(3));
}

#[test]
fn target_serve_lifts_the_regex_limit() {
    let regex = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: r\n  annotations: {kubernetes.io/ingress.class: istio}\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /items/[0-9]+\n        backend: {serviceName: items, servicePort: 80}\n";
    let istio = ingressctl()
        .args(["validate", "-f", "-"])
        .write_stdin(regex)
        .output()
        .unwrap();
    assert_eq!(istio.status.code(), Some(3));
    let serve = ingressctl()
        .args(["validate", "-f", "-", "--target", "serve"])
        .write_stdin(regex)
        .output()
        .unwrap();
    assert_eq!(serve.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&serve.stderr).contains("served as a regular expression"));
}

#[test]
fn a_missing_file_could_not_run() {
    let (code, _, err) = run(&["validate", "-f", "/nonexistent/ingress.yaml"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot read /nonexistent/ingress.yaml"),
        "{err}"
    );
}

#[test]
fn malformed_yaml_names_the_line() {
    let out = ingressctl()
        .args(["validate", "-f", "-"])
        .write_stdin("apiVersion: v1\nkind: Secret\nmetadata: {name: x\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[ICTL0001]: malformed YAML"), "{err}");
    assert!(err.contains("<stdin>:4:1"), "{err}");
}

#[test]
fn generated_manifests_validate_clean() {
    let (_, yaml, _) = run(&[
        "create",
        "ingress",
        "x",
        "--rule",
        "foo.com/api*=api:http",
        "--rule",
        "foo.com/=web:80",
    ]);
    let out = ingressctl()
        .args(["validate", "-f", "-", "--fail-on", "warning"])
        .write_stdin(yaml)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The ingress identity is one setting for validate, serve and convert: a rule whose
/// `match.source` names a custom gateway applies at the ingress only when told so.
#[test]
fn ingress_name_decides_which_rules_apply_at_the_ingress() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("validate/ICTL0209/bad.yaml"))
        .unwrap()
        .replace(
            "  destination:\n    name: httpbin\n",
            "  destination:\n    name: httpbin\n  match:\n    source:\n      name: edge-gateway\n",
        );
    let file = dir.path().join("rules.yaml");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let (_, out, _) = run(&["validate", "-f", file, "-o", "json"]);
    assert!(
        !out.contains("ICTL0209"),
        "a rule for another source: {out}"
    );
    let (_, out, _) = run(&[
        "validate",
        "-f",
        file,
        "-o",
        "json",
        "--ingress-name",
        "edge-gateway",
    ]);
    assert!(
        out.contains("ICTL0209"),
        "the ingress is edge-gateway now: {out}"
    );
    let (code, _, err) = run(&["validate", "-f", file, "--ingress-label", "nokey"]);
    assert_eq!(code, 2, "{err}");
}
