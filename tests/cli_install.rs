//! `install` and `uninstall`: the manifests parse as Kubernetes types, their RBAC is exactly
//! what `serve --kube` uses (recorded from a real run against the API stand-in), and they
//! apply and come off again.

use std::collections::BTreeSet;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::support::apiserver::{ApiServer, Options};
use crate::support::run;
use crate::support::serve::{Backend, Serve, eventually};
use ingressctl::cluster::install::PERMISSIONS;

/// Parses as the Kubernetes type and loses nothing on the way back (a misspelled or unknown
/// field would be dropped by the typed model, and the round trip would differ).
fn round_trips<T: DeserializeOwned + Serialize>(doc: &Value) {
    let typed: T = serde_json::from_value(doc.clone()).unwrap_or_else(|e| panic!("{e}: {doc}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(&back, doc, "fields lost or changed by the typed model");
}

fn documents() -> Vec<Value> {
    let (code, out, err) = run(&[
        "install",
        "--image",
        "registry.example.com/ingressctl:1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let list: Value = serde_json::from_str(&out).unwrap();
    list["items"].as_array().unwrap().clone()
}

#[test]
fn install_output_is_valid_kubernetes_objects() {
    use k8s_openapi::api::{apps, core, networking, policy, rbac};
    let docs = documents();
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "Namespace",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "IngressClass",
            "Deployment",
            "Service",
            "PodDisruptionBudget"
        ]
    );
    for d in &docs {
        match d["kind"].as_str().unwrap() {
            "Namespace" => round_trips::<core::v1::Namespace>(d),
            "ServiceAccount" => round_trips::<core::v1::ServiceAccount>(d),
            "ClusterRole" => round_trips::<rbac::v1::ClusterRole>(d),
            "ClusterRoleBinding" => round_trips::<rbac::v1::ClusterRoleBinding>(d),
            "Role" => round_trips::<rbac::v1::Role>(d),
            "RoleBinding" => round_trips::<rbac::v1::RoleBinding>(d),
            "IngressClass" => round_trips::<networking::v1::IngressClass>(d),
            "Deployment" => round_trips::<apps::v1::Deployment>(d),
            "Service" => round_trips::<core::v1::Service>(d),
            "PodDisruptionBudget" => round_trips::<policy::v1::PodDisruptionBudget>(d),
            other => panic!("unexpected kind {other}"),
        }
    }
    let deployment: k8s_openapi::api::apps::v1::Deployment =
        serde_json::from_value(docs[7].clone()).unwrap();
    let pod = deployment.spec.unwrap().template.spec.unwrap();
    let c = &pod.containers[0];
    let sc = c.security_context.as_ref().unwrap();
    assert_eq!(sc.read_only_root_filesystem, Some(true));
    assert_eq!(sc.allow_privilege_escalation, Some(false));
    assert_eq!(
        sc.capabilities.as_ref().unwrap().drop.as_deref(),
        Some(&["ALL".to_string()][..])
    );
    assert_eq!(pod.security_context.unwrap().run_as_non_root, Some(true));
    assert!(c.readiness_probe.is_some() && c.liveness_probe.is_some() && c.resources.is_some());
    assert_eq!(
        c.image.as_deref(),
        Some("registry.example.com/ingressctl:1")
    );
}

/// (group, resource, verb) of one recorded API request, as RBAC names it.
fn permission_of(method: &str, path: &str, query: &str) -> Option<(String, String, String)> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group, rest) = match parts.as_slice() {
        ["api", "v1", rest @ ..] => ("", rest),
        ["apis", group, _version, rest @ ..] => (*group, rest),
        _ => return None,
    };
    let rest: Vec<&str> = match rest {
        ["namespaces", _ns, tail @ ..] if !tail.is_empty() => tail.to_vec(),
        other => other.to_vec(),
    };
    let (resource, named) = match rest.as_slice() {
        [resource] => (resource.to_string(), false),
        [resource, _name] => (resource.to_string(), true),
        [resource, _name, sub] => (format!("{resource}/{sub}"), true),
        _ => return None,
    };
    let verb = match (method, named) {
        ("GET", true) => "get",
        ("GET", false) if query.contains("watch=") => "watch",
        ("GET", false) => "list",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", _) => "delete",
        _ => return None,
    };
    Some((group.to_string(), resource, verb.to_string()))
}

#[test]
fn the_rbac_is_exactly_what_serve_kube_uses() {
    let backend = Backend::start("httpbin");
    let api = ApiServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    api.insert(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "istio-ingress", "namespace": "istio-system"},
        "spec": {"type": "LoadBalancer", "ports": [{"name": "http", "port": 80}]},
        "status": {"loadBalancer": {"ingress": [{"ip": "198.51.100.7"}]}}}));
    api.insert(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "httpbin", "namespace": "default"},
        "spec": {"ports": [{"name": "http", "port": 8000}]}}));
    api.insert(json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": "httpbin-1", "namespace": "default", "labels": {"kubernetes.io/service-name": "httpbin"}},
        "endpoints": [{"addresses": [backend.addr.ip().to_string()]}],
        "ports": [{"name": "http", "port": backend.addr.port()}]}));
    api.insert(json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "web", "namespace": "default", "annotations": {"kubernetes.io/ingress.class": "istio"}},
        "spec": {"tls": [{"secretName": "web-certs"}],
                 "rules": [{"http": {"paths": [{"path": "/", "pathType": "Prefix",
                    "backend": {"service": {"name": "httpbin", "port": {"number": 8000}}}}]}}]}}));
    api.clear_requests();
    let serve = Serve::start(
        dir.path(),
        &[
            "--kube",
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "--publish-service",
            "istio-system/istio-ingress",
            "--lease-duration",
            "2s",
        ],
    );
    assert!(
        eventually(|| {
            api.get("networking.k8s.io/v1", "Ingress", Some("default"), "web")
                .and_then(|i| i.pointer("/status/loadBalancer/ingress/0/ip").cloned())
                == Some(json!("198.51.100.7"))
        }),
        "{}",
        serve.stderr()
    );
    drop(serve);
    let used: BTreeSet<(String, String, String)> = api
        .requests()
        .iter()
        .filter_map(|r| permission_of(&r.method, &r.path, &r.query))
        // Discovery documents need no RBAC.
        .filter(|(_, resource, _)| !resource.is_empty())
        .collect();
    let granted: BTreeSet<(String, String, String)> = PERMISSIONS
        .iter()
        .flat_map(|p| {
            p.verbs
                .iter()
                .map(move |v| (p.group.to_string(), p.resource.to_string(), v.to_string()))
        })
        .collect();
    let missing: Vec<_> = used.difference(&granted).collect();
    assert!(
        missing.is_empty(),
        "serve used what the Role does not grant: {missing:?}"
    );
    // Everything granted is used, except `update` on the Lease when the run ended before the
    // first renewal (it renews and releases).
    let unused: Vec<_> = granted.difference(&used).collect();
    assert!(
        unused
            .iter()
            .all(|(g, r, v)| g == "coordination.k8s.io" && r == "leases" && v == "update"),
        "granted but not used: {unused:?}"
    );
}

#[test]
fn install_applies_and_uninstall_removes_it() {
    let api = ApiServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    let kc = kubeconfig.to_str().unwrap();
    let (code, out, err) = run(&["--kubeconfig", kc, "install", "--apply"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("deployment.apps/istio-ingress created"),
        "{out}"
    );
    assert!(
        out.contains("clusterrole.rbac.authorization.k8s.io/istio-ingress created"),
        "{out}"
    );
    assert!(
        api.get(
            "apps/v1",
            "Deployment",
            Some("istio-system"),
            "istio-ingress"
        )
        .is_some()
    );
    let (code, out, _) = run(&["--kubeconfig", kc, "install", "--apply"]);
    assert_eq!(code, 0);
    assert!(out.lines().all(|l| l.ends_with(" unchanged")), "{out}");
    let (code, out, err) = run(&["--kubeconfig", kc, "uninstall"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("deployment.apps/istio-ingress deleted"),
        "{out}"
    );
    assert!(
        api.get(
            "apps/v1",
            "Deployment",
            Some("istio-system"),
            "istio-ingress"
        )
        .is_none()
    );
    assert!(
        api.get("v1", "Namespace", None, "istio-system").is_some(),
        "the namespace stays"
    );
}
