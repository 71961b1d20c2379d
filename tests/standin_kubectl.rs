//! Real `kubectl` against the stand-in API server, over HTTPS with a token and with a
//! client certificate. Skips (with a note) when kubectl is not installed.

use std::path::Path;
use std::process::Command;

use crate::support::apiserver::{ApiServer, Options};
use serde_json::{Value, json};

const INGRESS: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: default
  labels:
    app: web
spec:
  ingressClassName: istio
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
";

/// Whether kubectl can run here.
fn have_kubectl() -> bool {
    let ok = Command::new("kubectl")
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: kubectl not found; skipping the kubectl checks");
    }
    ok
}

/// Runs kubectl with a kubeconfig: (exit code, stdout, stderr).
fn kubectl(config: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(config)
        .args(args)
        .env_remove("KUBECONFIG")
        .env("HOME", config.parent().expect("dir"))
        .output()
        .expect("run kubectl");
    let result = (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    eprintln!("$ kubectl {}\n{}{}", args.join(" "), result.1, result.2);
    result
}

/// Writes a file into `dir`.
fn file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().into_owned()
}

/// The kubectl walk-through shared by both credentials.
fn walk_through(server: &ApiServer, config: &Path, dir: &Path) {
    let (code, out, _) = kubectl(config, &["get", "ns"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("istio-system") && out.contains("kube-system"),
        "{out}"
    );

    let ingress = file(dir, "ingress.yaml", INGRESS);
    let (code, out, _) = kubectl(config, &["apply", "--server-side", "-f", &ingress]);
    assert_eq!(code, 0);
    assert!(
        out.contains("ingress.networking.k8s.io/web serverside-applied"),
        "{out}"
    );
    let rv = server
        .get("networking.k8s.io/v1", "Ingress", Some("default"), "web")
        .expect("stored")["metadata"]["resourceVersion"]
        .clone();

    let (code, _, _) = kubectl(config, &["apply", "--server-side", "-f", &ingress]);
    assert_eq!(code, 0);
    let again = server
        .get("networking.k8s.io/v1", "Ingress", Some("default"), "web")
        .expect("stored");
    assert_eq!(
        again["metadata"]["resourceVersion"], rv,
        "an unchanged apply is a no-op"
    );

    let (code, out, _) = kubectl(
        config,
        &[
            "get",
            "ingress",
            "web",
            "-o",
            "json",
            "--show-managed-fields",
        ],
    );
    assert_eq!(code, 0);
    let obj: Value = serde_json::from_str(&out).expect("JSON");
    let managers: Vec<&str> = obj["metadata"]["managedFields"]
        .as_array()
        .expect("managedFields")
        .iter()
        .filter_map(|m| m["manager"].as_str())
        .collect();
    assert_eq!(managers, ["kubectl"]);
    assert_eq!(obj["metadata"]["managedFields"][0]["operation"], "Apply");

    let changed = file(
        dir,
        "ingress2.yaml",
        &INGRESS.replace("web.example.com", "other.example.com"),
    );
    let (code, _, err) = kubectl(
        config,
        &[
            "apply",
            "--server-side",
            "--field-manager=other",
            "-f",
            &changed,
        ],
    );
    assert_ne!(code, 0);
    assert!(
        err.contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.rules"),
        "{err}"
    );
    let (code, out, _) = kubectl(
        config,
        &[
            "apply",
            "--server-side",
            "--field-manager=other",
            "--force-conflicts",
            "-f",
            &changed,
        ],
    );
    assert_eq!(code, 0, "{out}");
    let forced = server
        .get("networking.k8s.io/v1", "Ingress", Some("default"), "web")
        .expect("stored");
    assert_eq!(forced["spec"]["rules"][0]["host"], "other.example.com");

    let secret = file(
        dir,
        "secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ntype: Opaque\nstringData:\n  user: admin\n",
    );
    let (code, out, _) = kubectl(config, &["create", "-f", &secret]);
    assert_eq!(code, 0);
    assert!(out.contains("secret/creds created"), "{out}");
    let (code, _, err) = kubectl(config, &["create", "-f", &secret]);
    assert_ne!(code, 0);
    assert!(
        err.contains("Error from server (AlreadyExists): error when creating"),
        "{err}"
    );
    assert!(err.contains("secrets \"creds\" already exists"), "{err}");

    let (code, out, _) = kubectl(config, &["delete", "ingress", "web"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("ingress.networking.k8s.io \"web\" deleted"),
        "{out}"
    );
    let (code, _, err) = kubectl(config, &["delete", "ingress", "web"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("Error from server (NotFound): ingresses.networking.k8s.io \"web\" not found"),
        "{err}"
    );

    for (name, ns, phase, labels) in [
        (
            "gw-1",
            "istio-system",
            "Running",
            json!({"istio": "ingress"}),
        ),
        (
            "gw-2",
            "istio-system",
            "Pending",
            json!({"istio": "ingress"}),
        ),
        ("other", "istio-system", "Running", json!({"app": "x"})),
        ("app-1", "default", "Running", json!({"app": "x"})),
        ("app-2", "default", "Failed", json!({"app": "x"})),
    ] {
        server.insert(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns, "labels": labels}, "spec": {"containers": [{"name": "c", "image": "i"}]}, "status": {"phase": phase}}));
    }
    let (code, out, _) = kubectl(
        config,
        &[
            "get",
            "pods",
            "-l",
            "istio=ingress",
            "-n",
            "istio-system",
            "-o",
            "name",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "pod/gw-1\npod/gw-2\n");
    let (code, out, _) = kubectl(
        config,
        &[
            "get",
            "pods",
            "--field-selector",
            "status.phase=Running",
            "-o",
            "name",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "pod/app-1\n");
    let (code, out, _) = kubectl(
        config,
        &[
            "get",
            "pods",
            "-A",
            "--field-selector",
            "status.phase=Running",
            "-l",
            "istio",
            "-o",
            "name",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "pod/gw-1\n");
    let (code, out, _) = kubectl(config, &["get", "pods", "-n", "istio-system"]);
    assert_eq!(code, 0);
    assert!(out.contains("gw-1"), "{out}");

    let (code, out, _) = kubectl(config, &["get", "crd", "-o", "name"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "customresourcedefinition.apiextensions.k8s.io/routerules.config.istio.io\n"
    );
    let (code, out, _) = kubectl(config, &["get", "--raw", "/apis"]);
    assert_eq!(code, 0);
    let groups: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(groups["kind"], "APIGroupList");
    let (code, _, err) = kubectl(config, &["get", "ingress", "missing"]);
    assert_ne!(code, 0);
    assert!(
        err.contains(
            "Error from server (NotFound): ingresses.networking.k8s.io \"missing\" not found"
        ),
        "{err}"
    );
}

#[test]
fn kubectl_over_https_with_a_token() {
    if !have_kubectl() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options::tls_token("s3cret"));
    let config = server.write_kubeconfig(dir.path());
    walk_through(&server, &config, dir.path());
    let exec = server.write_exec_kubeconfig(dir.path());
    let (code, out, _) = kubectl(&exec, &["get", "ns", "default", "-o", "name"]);
    assert_eq!(code, 0);
    assert_eq!(out, "namespace/default\n");
}

#[test]
fn kubectl_over_https_with_a_client_certificate() {
    if !have_kubectl() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options::tls_client_cert());
    let config = server.write_kubeconfig(dir.path());
    walk_through(&server, &config, dir.path());
}

#[test]
fn kubectl_without_credentials_is_unauthorized() {
    if !have_kubectl() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options::tls_token("s3cret"));
    let config = server.write_kubeconfig(dir.path());
    let text = std::fs::read_to_string(&config)
        .expect("read")
        .replace("s3cret", "wrong");
    std::fs::write(&config, text).expect("write");
    let (code, _, err) = kubectl(&config, &["get", "ns"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("Unauthorized") || err.contains("provide credentials"),
        "{err}"
    );
}

#[test]
fn kubectl_sees_forbidden_and_invalid() {
    if !have_kubectl() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options {
        forbidden: vec![("list".into(), "ingresses".into())],
        ..Options::default()
    });
    let config = server.write_kubeconfig(dir.path());
    let (code, _, err) = kubectl(&config, &["get", "ingress"]);
    assert_ne!(code, 0);
    assert!(err.contains("ingresses.networking.k8s.io is forbidden: User \"system:anonymous\" cannot list resource \"ingresses\" in API group \"networking.k8s.io\" in the namespace \"default\""), "{err}");
    let bad = file(
        dir.path(),
        "bad.yaml",
        &INGRESS.replace("name: web\n", "name: Bad_Name\n"),
    );
    let (code, _, err) = kubectl(&config, &["create", "-f", &bad]);
    assert_ne!(code, 0);
    assert!(err.contains("The Ingress \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"), "{err}");
    let tls = file(
        dir.path(),
        "tls.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cert\ntype: kubernetes.io/tls\ndata: {}\n",
    );
    let (code, _, err) = kubectl(&config, &["apply", "--server-side", "-f", &tls]);
    assert_ne!(code, 0);
    assert!(err.contains("The Secret \"cert\" is invalid: \n* data[tls.crt]: Required value\n* data[tls.key]: Required value"), "{err}");
    let (code, out, _) = kubectl(
        &config,
        &[
            "apply",
            "--server-side",
            "--dry-run=server",
            "-f",
            &file(dir.path(), "i.yaml", INGRESS),
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("serverside-applied (server dry run)"), "{out}");
    assert!(
        server
            .get("networking.k8s.io/v1", "Ingress", Some("default"), "web")
            .is_none()
    );
}
