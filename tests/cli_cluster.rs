//! Cluster commands (`apply`, `--apply`, `host`, `delete`, `validate --cluster`, `verify`)
//! through the real binary against the Kubernetes API stand-in (`support::apiserver`), which
//! speaks the REST protocol over HTTP and HTTPS so that kube-rs runs unmodified.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::apiserver::{ApiServer, Options};
use crate::support::{guide_path, ingressctl};

/// A stand-in with a kubeconfig in a temporary directory.
struct Cluster {
    api: ApiServer,
    dir: tempfile::TempDir,
    kubeconfig: PathBuf,
}

impl Cluster {
    fn start(opts: Options) -> Cluster {
        let api = ApiServer::start(opts);
        let dir = tempfile::tempdir().unwrap();
        let kubeconfig = api.write_kubeconfig(dir.path());
        Cluster {
            api,
            dir,
            kubeconfig,
        }
    }

    /// Runs ingressctl against this cluster; returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_with_stdin(args, "")
    }

    fn run_with_stdin(&self, args: &[&str], stdin: &str) -> (i32, String, String) {
        let out = ingressctl()
            .current_dir(self.dir.path())
            .arg("--kubeconfig")
            .arg(&self.kubeconfig)
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (
            out.status.code().unwrap_or(-1),
            text(&out.stdout),
            text(&out.stderr),
        )
    }

    fn ingress(&self, ns: &str, name: &str) -> Option<Value> {
        self.api
            .get("networking.k8s.io/v1", "Ingress", Some(ns), name)
    }
}

fn guide(name: &str) -> String {
    guide_path(name).display().to_string()
}

/// No output of a cluster command may look like a panic, a backtrace or a Debug dump.
fn assert_readable(text: &str) {
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "Status {",
        "Error {",
        "ApiError",
        "Some(",
    ] {
        assert!(!text.contains(bad), "unreadable output ({bad}): {text}");
    }
}

// === fixtures: objects as the API server holds them ===

fn lb_service(name: &str, status: Value) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name, "namespace": "istio-system", "labels": {"istio": "ingress"}},
        "spec": {"type": "LoadBalancer", "selector": {"istio": "ingress"},
                 "ports": [{"name": "http", "port": 80, "nodePort": 31380},
                           {"name": "https", "port": 443, "nodePort": 31390}]},
        "status": status,
    })
}

fn node_port_service(name: &str, selector: Value, ports: Value) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name, "namespace": "istio-system"},
        "spec": {"type": "NodePort", "selector": selector, "ports": ports},
    })
}

fn ingress_pod(name: &str, labels: Value, host_ip: &str, ready: bool) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "istio-system", "labels": labels},
        "spec": {"containers": [{"name": "proxy", "image": "istio/proxy"}]},
        "status": {"phase": "Running", "hostIP": host_ip,
                   "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}]},
    })
}

fn httpbin_service_and_endpoints(ready: bool) -> [Value; 2] {
    let addresses = json!([{"ip": "10.1.0.9"}]);
    let subset = if ready {
        json!({"addresses": addresses, "ports": [{"name": "http", "port": 80}]})
    } else {
        json!({"notReadyAddresses": addresses, "ports": [{"name": "http", "port": 80}]})
    };
    [
        json!({"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": "httpbin", "namespace": "default"},
               "spec": {"selector": {"app": "httpbin"}, "ports": [{"name": "http", "port": 8000, "targetPort": 80}]}}),
        json!({"apiVersion": "v1", "kind": "Endpoints",
               "metadata": {"name": "httpbin", "namespace": "default"}, "subsets": [subset]}),
    ]
}

// === host ===

#[test]
fn host_reads_the_ingress_load_balancer_status() {
    let c = Cluster::start(Options::default());
    c.api.insert(json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "simple-ingress", "namespace": "default",
                     "annotations": {"kubernetes.io/ingress.class": "istio"}},
        "spec": {"defaultBackend": {"service": {"name": "httpbin", "port": {"number": 8000}}}},
        "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.7"}]}},
    }));
    let (code, out, err) = c.run(&["host"]);
    assert_eq!((code, out.as_str()), (0, "203.0.113.7\n"), "{err}");
    assert!(
        err.contains("load-balancer status of Ingress default/simple-ingress"),
        "{err}"
    );
    let (code, out, _) = c.run(&["host", "-o", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["found"]["kind"], "ingressStatus");
    assert_eq!(v["secureIngressHost"], "203.0.113.7");
}

#[test]
fn host_reads_a_load_balancer_hostname_and_exports_both_variables() {
    let c = Cluster::start(Options::default());
    c.api.insert(lb_service(
        "istio-ingress",
        json!({"loadBalancer": {"ingress": [{"hostname": "lb.example.com"}]}}),
    ));
    let (code, out, err) = c.run(&["host", "--export"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "export INGRESS_HOST=lb.example.com\nexport SECURE_INGRESS_HOST=lb.example.com\n"
    );
    assert!(
        err.contains("LoadBalancer address of Service istio-system/istio-ingress"),
        "{err}"
    );
}

#[test]
fn host_falls_back_to_a_ready_pod_and_the_node_ports() {
    let c = Cluster::start(Options::default());
    c.api.insert(node_port_service(
        "istio-ingress",
        json!({"istio": "ingress"}),
        json!([{"name": "http", "port": 80, "nodePort": 31380},
               {"name": "https", "port": 443, "nodePort": 31390}]),
    ));
    c.api.insert(ingress_pod(
        "istio-ingress-unready",
        json!({"istio": "ingress"}),
        "10.0.0.4",
        false,
    ));
    c.api.insert(ingress_pod(
        "istio-ingress-1",
        json!({"istio": "ingress"}),
        "10.0.0.5",
        true,
    ));
    let (code, out, err) = c.run(&["host"]);
    assert_eq!((code, out.as_str()), (0, "10.0.0.5:31380\n"), "{err}");
    assert!(err.contains("pod istio-system/istio-ingress-1"), "{err}");
    let (code, out, _) = c.run(&["host", "--https"]);
    assert_eq!((code, out.as_str()), (0, "10.0.0.5:31390\n"));
}

#[test]
fn host_knows_todays_gateway_names() {
    let c = Cluster::start(Options::default());
    c.api.insert(node_port_service(
        "istio-ingressgateway",
        json!({"istio": "ingressgateway", "app": "istio-ingressgateway"}),
        json!([{"name": "status-port", "port": 15021, "nodePort": 30021},
               {"name": "http2", "port": 80, "nodePort": 30080},
               {"name": "https", "port": 443, "nodePort": 30443}]),
    ));
    c.api.insert(ingress_pod(
        "istio-ingressgateway-7d",
        json!({"istio": "ingressgateway", "app": "istio-ingressgateway"}),
        "10.0.0.6",
        true,
    ));
    let (code, out, err) = c.run(&["host", "--export"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "export INGRESS_HOST=10.0.0.6:30080\nexport SECURE_INGRESS_HOST=10.0.0.6:30443\n"
    );
}

#[test]
fn host_names_the_three_places_when_nothing_is_found() {
    let c = Cluster::start(Options::default());
    let (code, out, err) = c.run(&["host"]);
    assert_eq!(code, 3, "{err}");
    assert!(out.is_empty());
    for place in [
        "Ingresses of class istio",
        "Service istio-system/istio-ingress",
        "Service istio-system/istio-ingressgateway",
        "ingress pods",
    ] {
        assert!(err.contains(place), "{place}: {err}");
    }
    assert_readable(&err);
}

#[test]
fn host_waits_for_a_pending_load_balancer() {
    let c = Cluster::start(Options::default());
    c.api
        .insert(lb_service("istio-ingress", json!({"loadBalancer": {}})));
    let (code, _, err) = c.run(&["host", "--wait", "300ms"]);
    assert_eq!(code, 3);
    assert!(err.contains("EXTERNAL-IP <pending>"), "{err}");
    assert!(err.contains("gave up after waiting 300ms"), "{err}");

    let api = &c.api;
    std::thread::scope(|s| {
        let waiter = s.spawn(|| c.run(&["host", "--wait", "60s"]));
        // The status arrives once the waiter has looked at least once (bounded by a deadline).
        let deadline = Instant::now() + Duration::from_secs(20);
        while !api
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/services/istio-ingress"))
        {
            assert!(Instant::now() < deadline, "host never looked");
            std::thread::sleep(Duration::from_millis(20));
        }
        api.set_status(
            "v1",
            "Service",
            "istio-system",
            "istio-ingress",
            json!({"loadBalancer": {"ingress": [{"ip": "198.51.100.4"}]}}),
        );
        let (code, out, err) = waiter.join().unwrap();
        assert_eq!((code, out.as_str()), (0, "198.51.100.4\n"), "{err}");
    });
}

#[test]
fn host_makes_at_most_three_api_calls_on_the_load_balancer_path() {
    let c = Cluster::start(Options::default());
    c.api.insert(lb_service(
        "istio-ingressgateway",
        json!({"loadBalancer": {"ingress": [{"ip": "192.0.2.1"}]}}),
    ));
    c.api.clear_requests();
    let (code, out, _) = c.run(&["host"]);
    assert_eq!((code, out.as_str()), (0, "192.0.2.1\n"));
    let calls = c.api.requests();
    assert!(calls.len() <= 3, "{calls:?}");
}

// === apply, --apply, delete ===

#[test]
fn apply_creates_then_reports_unchanged_then_configured() {
    let c = Cluster::start(Options::default());
    let (code, out, err) = c.run(&["apply", "-f", &guide("simple-ingress.yaml")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "ingress.networking.k8s.io/simple-ingress created\n");
    assert!(
        err.contains("does not serve extensions/v1beta1"),
        "the translation is stated: {err}"
    );
    assert!(err.contains("pathType Prefix /status/"), "{err}");
    let live = c.ingress("default", "simple-ingress").expect("stored");
    assert_eq!(
        live["spec"]["rules"][0]["http"]["paths"][0]["path"],
        "/status/"
    );
    let managers: Vec<_> = live["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["manager"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(managers, ["ingressctl"]);

    let (code, out, _) = c.run(&["apply", "-f", &guide("simple-ingress.yaml")]);
    assert_eq!(
        (code, out.as_str()),
        (0, "ingress.networking.k8s.io/simple-ingress unchanged\n")
    );

    let (code, out, err) = c.run(&[
        "create",
        "ingress",
        "simple-ingress",
        "--rule",
        "/status/*=httpbin:8000",
        "--rule",
        "/headers=httpbin:8000",
        "--apply",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "ingress.networking.k8s.io/simple-ingress configured\n");
}

#[test]
fn apply_serves_v1beta1_unchanged_where_the_server_still_has_it() {
    let c = Cluster::start(Options {
        extensions_v1beta1: true,
        ..Options::default()
    });
    let (code, out, err) = c.run(&["apply", "-f", &guide("simple-ingress.yaml")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "ingress.extensions/simple-ingress created\n");
    assert!(!err.contains("applied as networking.k8s.io/v1"), "{err}");
}

#[test]
fn a_field_owned_by_another_manager_is_a_conflict_until_forced() {
    let c = Cluster::start(Options::default());
    let (code, _, err) = c.run(&[
        "create",
        "ingress",
        "web",
        "--rule",
        "/a*=svc:80",
        "--apply",
        "--field-manager",
        "kubectl-client-side-apply",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = c.run(&[
        "create",
        "ingress",
        "web",
        "--rule",
        "/b*=svc:80",
        "--apply",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("conflict with \"kubectl-client-side-apply\""),
        "{err}"
    );
    assert!(err.contains("--force-conflicts"), "{err}");
    assert_readable(&err);
    let (code, out, err) = c.run(&[
        "create",
        "ingress",
        "web",
        "--rule",
        "/b*=svc:80",
        "--apply",
        "--force-conflicts",
    ]);
    assert_eq!(
        (code, out.as_str()),
        (0, "ingress.networking.k8s.io/web configured\n"),
        "{err}"
    );
    let live = c.ingress("default", "web").unwrap();
    assert_eq!(live["spec"]["rules"][0]["http"]["paths"][0]["path"], "/b");
}

#[test]
fn dry_runs_store_nothing() {
    let c = Cluster::start(Options::default());
    let (code, out, err) = c.run(&[
        "apply",
        "-f",
        &guide("status-route.yaml"),
        "--dry-run=server",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "routerule.config.istio.io/status-route created (server dry run)\n"
    );
    assert!(
        c.api
            .get(
                "config.istio.io/v1alpha2",
                "RouteRule",
                Some("default"),
                "status-route"
            )
            .is_none()
    );

    c.api.clear_requests();
    let (code, out, err) = c.run(&[
        "apply",
        "-f",
        &guide("status-route.yaml"),
        "--dry-run=client",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "routerule.config.istio.io/status-route created (dry run)\n"
    );
    assert!(
        c.api.requests().iter().all(|r| r.method == "GET"),
        "{:?}",
        c.api.requests()
    );
}

#[test]
fn create_and_install_with_dry_run_server_alone_ask_the_server() {
    let c = Cluster::start(Options::default());
    let (code, out, err) = c.run(&[
        "create",
        "ingress",
        "web",
        "--rule",
        "/a=svc:80",
        "--dry-run=server",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "ingress.networking.k8s.io/web created (server dry run)\n"
    );
    assert!(c.ingress("default", "web").is_none());
    let (code, out, err) = c.run(&["install", "--dry-run=server"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(server dry run)"), "{out}");
    assert!(
        c.api
            .get(
                "apps/v1",
                "Deployment",
                Some("istio-system"),
                "istio-ingress"
            )
            .is_none()
    );
}

#[test]
fn create_apply_refuses_what_apply_refuses() {
    let c = Cluster::start(Options::default());
    // Printed with a warning, but not applied: the port is not HTTP.
    let (code, _, err) = c.run(&[
        "create",
        "ingress",
        "t",
        "--rule",
        "foo.com/=svc:https",
        "--apply",
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("ICTL0110") && err.contains("nothing applied"),
        "{err}"
    );
    assert!(c.ingress("default", "t").is_none());
}

#[test]
fn validation_errors_stop_the_apply() {
    let c = Cluster::start(Options::default());
    let bad = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: bad, annotations: {kubernetes.io/ingress.class: istio}}\nspec:\n  rules:\n  - http:\n      paths:\n      - {path: '/x/[0-9]+', pathType: ImplementationSpecific, backend: {service: {name: s, port: {number: 80}}}}\n";
    let (code, out, err) = c.run_with_stdin(&["apply", "-f", "-"], bad);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        err.contains("ICTL0104") && err.contains("nothing applied"),
        "{err}"
    );
    assert!(c.ingress("default", "bad").is_none());
    let (code, _, err) = c.run_with_stdin(&["apply", "-f", "-", "--no-validate"], bad);
    assert_eq!(code, 0, "{err}");
    assert!(c.ingress("default", "bad").is_some());
}

#[test]
fn a_cluster_without_the_routerule_crd_is_told_what_to_use() {
    let c = Cluster::start(Options {
        routerule_crd: false,
        ..Options::default()
    });
    let (code, out, err) = c.run(&["apply", "-f", &guide("status-route.yaml")]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("no RouteRule resource"), "{err}");
    assert!(err.contains("ingressctl convert"), "{err}");
    let (code, _, err) = c.run(&["delete", "routerule", "status-route"]);
    assert_eq!(code, 1);
    assert!(err.contains("does not serve routerules"), "{err}");
    assert_readable(&err);
}

#[test]
fn cert_secret_apply_lands_in_istio_system() {
    let c = Cluster::start(Options::default());
    let (code, out, err) = c.run(&[
        "cert",
        "gen",
        "--cn",
        "foo.bar.com",
        "--secret",
        "--apply",
        "--out-dir",
        ".",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "secret/istio-ingress-certs created\n");
    let secret = c
        .api
        .get("v1", "Secret", Some("istio-system"), "istio-ingress-certs")
        .expect("stored");
    assert_eq!(secret["type"], "kubernetes.io/tls");
    let (code, out, err) = c.run(&[
        "cert", "secret", "--cert", "tls.crt", "--key", "tls.key", "--apply",
    ]);
    assert_eq!(
        (code, out.as_str()),
        (0, "secret/istio-ingress-certs unchanged\n"),
        "{err}"
    );
}

#[test]
fn delete_says_what_was_deleted_and_what_was_gone() {
    let c = Cluster::start(Options::default());
    c.run(&[
        "apply",
        "-f",
        &guide("simple-ingress.yaml"),
        "-f",
        &guide("status-route.yaml"),
    ]);
    let (code, out, _) = c.run(&["delete", "ingress", "simple-ingress", "--dry-run=server"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "ingress.networking.k8s.io/simple-ingress deleted (server dry run)\n"
        )
    );
    assert!(c.ingress("default", "simple-ingress").is_some());
    let (code, out, err) = c.run(&[
        "delete",
        "-f",
        &guide("simple-ingress.yaml"),
        "-f",
        &guide("status-route.yaml"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "ingress.networking.k8s.io/simple-ingress deleted\nrouterule.config.istio.io/status-route deleted\n"
    );
    let (code, out, err) = c.run(&["delete", "ingress", "simple-ingress"]);
    assert_eq!(code, 3);
    assert!(out.is_empty());
    assert!(
        err.contains("not found in namespace default (already gone)"),
        "{err}"
    );
    let (code, _, _) = c.run(&["delete", "ingress", "simple-ingress", "--ignore-not-found"]);
    assert_eq!(code, 0);
}

// === connecting and failing ===

#[test]
fn tls_with_a_client_certificate_and_with_a_bearer_token() {
    for opts in [
        Options::tls_client_cert(),
        Options::tls_token("s3cr3t-token"),
    ] {
        let c = Cluster::start(opts);
        assert!(c.api.url().starts_with("https://"));
        let (code, out, err) = c.run(&["apply", "-f", &guide("simple-ingress.yaml")]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("created"));
    }
}

#[test]
fn an_exec_credential_plugin_supplies_the_token() {
    let c = Cluster::start(Options::tls_token("from-exec-plugin"));
    let kubeconfig = c.api.write_exec_kubeconfig(c.dir.path());
    let out = ingressctl()
        .args([
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "delete",
            "ingress",
            "x",
            "--ignore-not-found",
        ])
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
fn refused_credentials_and_forbidden_calls_are_one_clear_line() {
    let c = Cluster::start(Options::tls_token("right"));
    let text = std::fs::read_to_string(&c.kubeconfig)
        .unwrap()
        .replace("right", "wrong");
    std::fs::write(&c.kubeconfig, text).unwrap();
    let (code, _, err) = c.run(&["host"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("refused the credentials (401 Unauthorized)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    let c = Cluster::start(Options {
        forbidden: vec![("get".into(), "services".into())],
        ..Options::default()
    });
    let (code, _, err) = c.run(&["host"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("forbidden (403)") && err.contains("cannot get resource \"services\""),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

fn kubeconfig_for(dir: &Path, server: &str) -> PathBuf {
    let path = dir.join("kubeconfig");
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {{server: '{server}'}}\ncontexts:\n- name: c\n  context: {{cluster: c, user: u}}\ncurrent-context: c\nusers:\n- name: u\n  user: {{}}\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn an_unreachable_or_silent_server_fails_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let kc = kubeconfig_for(dir.path(), &format!("http://127.0.0.1:{port}"));
    let started = Instant::now();
    let out = ingressctl()
        .args(["--kubeconfig", kc.to_str().unwrap(), "host"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "cannot reach the cluster at http://127.0.0.1:{port}"
        )),
        "{err}"
    );
    assert!(err.contains("connection refused"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));

    // Accepts connections and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let kc = kubeconfig_for(
        dir.path(),
        &format!("http://{}", silent.local_addr().unwrap()),
    );
    let started = Instant::now();
    let out = ingressctl()
        .args([
            "--kubeconfig",
            kc.to_str().unwrap(),
            "--request-timeout",
            "1s",
            "host",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("did not answer within 1s"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_readable(&err);
}

#[test]
fn an_unknown_context_names_the_ones_there_are() {
    let c = Cluster::start(Options::default());
    let (code, _, err) = c.run(&["--context", "prod", "host"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("context \"prod\" is not in kubeconfig") && err.contains("standin"),
        "{err}"
    );
}

// === validate --cluster ===

fn codes(json_out: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json_out).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn validate_cluster_finds_what_only_a_cluster_can_answer() {
    let c = Cluster::start(Options::default());
    let (code, _, err) = c.run(&["validate", "--cluster", "-o", "json"]);
    assert_eq!(code, 3, "an empty cluster has no ingress: {err}");
    c.run(&[
        "apply",
        "-f",
        &guide("simple-ingress.yaml"),
        "-f",
        &guide("secure-ingress.yaml"),
    ]);
    let (code, out, _) = c.run(&["validate", "--cluster", "-o", "json"]);
    assert_eq!(code, 3);
    let found = codes(&out);
    for code in ["ICTL0401", "ICTL0403", "ICTL0404"] {
        assert!(found.contains(&code.to_string()), "{code}: {found:?}");
    }
    let [svc, endpoints] = httpbin_service_and_endpoints(false);
    c.api.insert(svc);
    c.api.insert(endpoints);
    c.api.insert(lb_service("istio-ingress", json!({})));
    c.run(&["cert", "gen", "--cn", "foo.bar.com", "--secret", "--apply"]);
    let (code, out, err) = c.run(&["validate", "--cluster"]);
    assert_eq!(code, 0, "only a warning is left: {out}{err}");
    assert!(
        err.contains("warning[ICTL0402]: Service default/httpbin has no ready endpoint"),
        "{err}"
    );
    assert!(
        err.contains("--> Ingress default/simple-ingress at resourceVersion "),
        "{err}"
    );
    let [_, ready] = httpbin_service_and_endpoints(true);
    c.api.insert(ready);
    let (code, _, err) = c.run(&["validate", "--cluster", "--fail-on", "warning"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn validate_cluster_checks_a_wrong_certificate_and_a_missing_port() {
    let c = Cluster::start(Options::default());
    c.api.insert(lb_service("istio-ingress", json!({})));
    let [svc, endpoints] = httpbin_service_and_endpoints(true);
    c.api.insert(svc);
    c.api.insert(endpoints);
    c.api.insert(json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "istio-ingress-certs", "namespace": "istio-system"},
        "type": "Opaque", "data": {"tls.crt": "", "tls.key": ""}}));
    c.run(&[
        "create",
        "ingress",
        "web",
        "--rule",
        "/a*=httpbin:9999,tls",
        "--apply",
    ]);
    let (code, out, _) = c.run(&["validate", "--cluster", "-o", "json"]);
    assert_eq!(code, 3);
    let found = codes(&out);
    assert!(
        found.contains(&"ICTL0111".to_string()),
        "port 9999: {found:?}"
    );
    assert!(
        found.contains(&"ICTL0301".to_string()),
        "not kubernetes.io/tls: {found:?}"
    );
}

#[test]
fn local_files_are_checked_against_what_is_live() {
    let c = Cluster::start(Options::default());
    c.api.insert(lb_service("istio-ingress", json!({})));
    let dir = tempfile::tempdir().unwrap();
    let svc = "apiVersion: v1\nkind: Service\nmetadata: {name: httpbin, namespace: default}\nspec:\n  ports: [{name: http, port: 8000}]\n";
    std::fs::write(dir.path().join("svc.yaml"), svc).unwrap();
    let (code, out, _) = c.run(&[
        "validate",
        "--cluster",
        "-f",
        &guide("simple-ingress.yaml"),
        "-o",
        "json",
    ]);
    assert_eq!(code, 3);
    assert!(codes(&out).contains(&"ICTL0401".to_string()));
    let (_, out, _) = c.run(&[
        "validate",
        "--cluster",
        "-f",
        &guide("simple-ingress.yaml"),
        "-f",
        dir.path().join("svc.yaml").to_str().unwrap(),
        "-o",
        "json",
    ]);
    assert!(!codes(&out).contains(&"ICTL0401".to_string()), "{out}");
}

// === verify with the discovered address ===

#[test]
fn verify_uses_the_address_host_finds() {
    use crate::support::serve::{Backend, Serve};
    let backend = Backend::start("httpbin");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        guide_path("simple-ingress.yaml"),
        dir.path().join("simple-ingress.yaml"),
    )
    .unwrap();
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "simple-ingress.yaml",
            "--backend",
            &format!("httpbin:8000={}", backend.addr),
        ],
    );
    let c = Cluster::start(Options::default());
    c.api.insert(node_port_service(
        "istio-ingress",
        json!({"istio": "ingress"}),
        json!([{"name": "http", "port": 80, "nodePort": serve.http.port()}]),
    ));
    c.api.insert(ingress_pod(
        "istio-ingress-1",
        json!({"istio": "ingress"}),
        "127.0.0.1",
        true,
    ));
    let (code, out, err) = c.run(&["verify", "-f", &guide("simple-ingress.yaml")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains(&format!("ingress address 127.0.0.1:{}", serve.http.port())),
        "{err}"
    );
    c.run(&["apply", "-f", &guide("simple-ingress.yaml")]);
    let (code, out, err) = c.run(&["verify", "--cluster"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("/status/200"), "{out}");
}

// === docs/cluster.md, run as written ===

/// The commands of the ```sh blocks of a Markdown page, in order.
fn documented_commands(page: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in page.lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            text if in_sh && !text.is_empty() && !text.starts_with('#') => {
                commands.push(text.to_string());
            }
            _ => {}
        }
    }
    commands
}

#[test]
fn cluster_walkthrough_runs_as_documented() {
    use crate::support::serve::{Backend, Serve};
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cluster.md"))
            .unwrap();
    let commands = documented_commands(&page);
    assert!(commands.len() >= 10, "{commands:?}");
    assert!(
        commands
            .iter()
            .all(|c| c.starts_with("ingressctl ") || c.starts_with("eval \"$(ingressctl ")),
        "{commands:?}"
    );

    // The cluster of "Before you begin": httpbin deployed, the ingress (here ingressctl serve
    // on loopback, reached through the ingress Service's node port) installed.
    let backend = Backend::start("httpbin");
    let serve_dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        guide_path("simple-ingress.yaml"),
        serve_dir.path().join("simple-ingress.yaml"),
    )
    .unwrap();
    let serve = Serve::start(
        serve_dir.path(),
        &[
            "-f",
            "simple-ingress.yaml",
            "--backend",
            &format!("httpbin:8000={}", backend.addr),
        ],
    );
    let c = Cluster::start(Options::default());
    for object in httpbin_service_and_endpoints(true) {
        c.api.insert(object);
    }
    c.api.insert(node_port_service(
        "istio-ingress",
        json!({"istio": "ingress"}),
        json!([{"name": "http", "port": 80, "nodePort": serve.http.port()}]),
    ));
    c.api.insert(ingress_pod(
        "istio-ingress-1",
        json!({"istio": "ingress"}),
        "127.0.0.1",
        true,
    ));

    let path = crate::support::path_with_binary();
    for command in &commands {
        let out = std::process::Command::new("sh")
            .args(["-ec", command])
            .current_dir(c.dir.path())
            .env("PATH", &path)
            .env("KUBECONFIG", &c.kubeconfig)
            .env("NO_COLOR", "1")
            .env_remove("INGRESS_HOST")
            .env_remove("SECURE_INGRESS_HOST")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "`{command}` failed:\n{}{err}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_readable(&err);
    }
    assert!(
        c.ingress("default", "simple-ingress").is_none(),
        "cleanup ran"
    );
    assert!(
        c.api
            .get("v1", "Secret", Some("istio-system"), "istio-ingress-certs")
            .is_none()
    );
}

#[test]
fn validate_cluster_reads_endpoint_slices_and_port_names_of_the_real_service() {
    let c = Cluster::start(Options::default());
    c.api.insert(lb_service("istio-ingress", json!({})));
    c.api.insert(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "shop", "namespace": "default"},
        "spec": {"ports": [{"name": "web", "port": 80}]}}));
    let slice = |ready: bool| {
        json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": "shop-abc12", "namespace": "default",
                         "labels": {"kubernetes.io/service-name": "shop"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": ["10.2.0.4"], "conditions": {"ready": ready}}],
            "ports": [{"name": "web", "port": 8080}]})
    };
    c.api.insert(slice(false));
    c.run(&[
        "create",
        "ingress",
        "shop",
        "--rule",
        "/shop*=shop:80",
        "--apply",
    ]);
    let (_, out, _) = c.run(&["validate", "--cluster", "-o", "json"]);
    let found = codes(&out);
    assert!(
        found.contains(&"ICTL0109".to_string()),
        "port named `web`: {found:?}"
    );
    assert!(
        found.contains(&"ICTL0402".to_string()),
        "the only endpoint is not ready: {found:?}"
    );
    c.api.insert(slice(true));
    let (_, out, _) = c.run(&["validate", "--cluster", "-o", "json"]);
    assert!(!codes(&out).contains(&"ICTL0402".to_string()), "{out}");
}

// === review follow-ups: namespaces, classes, partial batches, plugins ===

#[test]
fn host_goes_on_when_ingresses_are_forbidden() {
    let c = Cluster::start(Options {
        forbidden: vec![("list".into(), "ingresses".into())],
        ..Options::default()
    });
    c.api.insert(lb_service(
        "istio-ingress",
        json!({"loadBalancer": {"ingress": [{"ip": "192.0.2.8"}]}}),
    ));
    let (code, out, err) = c.run(&["host"]);
    assert_eq!((code, out.as_str()), (0, "192.0.2.8\n"), "{err}");
}

#[test]
fn a_failing_credential_plugin_is_one_readable_line() {
    let c = Cluster::start(Options::tls_token("t"));
    let kubeconfig = c.api.write_exec_kubeconfig(c.dir.path());
    std::fs::write(
        c.dir.path().join("credential-plugin.sh"),
        "#!/bin/sh\necho 'error: token expired, run login first' >&2\nexit 3\n",
    )
    .unwrap();
    let out = ingressctl()
        .args(["--kubeconfig", kubeconfig.to_str().unwrap(), "host"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the credential plugin failed (exit status: 3): error: token expired"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_readable(&err);
    assert!(!err.contains("stdout:"), "{err}");
}

#[test]
fn files_without_a_namespace_are_checked_in_the_namespace_of_n() {
    let c = Cluster::start(Options::default());
    c.api
        .insert(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}));
    c.api.insert(lb_service("istio-ingress", json!({})));
    c.api.insert(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "httpbin", "namespace": "shop"},
        "spec": {"ports": [{"name": "http", "port": 8000}]}}));
    c.api.insert(json!({"apiVersion": "v1", "kind": "Endpoints",
        "metadata": {"name": "httpbin", "namespace": "shop"},
        "subsets": [{"addresses": [{"ip": "10.3.0.1"}], "ports": [{"name": "http", "port": 80}]}]}));
    let file = guide("simple-ingress.yaml");
    let (code, out, err) = c.run(&[
        "-n",
        "shop",
        "validate",
        "--cluster",
        "-f",
        &file,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!codes(&out).contains(&"ICTL0401".to_string()), "{out}");
}

#[test]
fn a_route_rule_pointing_at_another_namespace_is_checked_there() {
    let c = Cluster::start(Options::default());
    c.api
        .insert(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "backends"}}));
    c.api.insert(lb_service("istio-ingress", json!({})));
    c.api.insert(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "reviews", "namespace": "backends"},
        "spec": {"ports": [{"name": "http", "port": 9080}]}}));
    c.api.insert(
        json!({"apiVersion": "config.istio.io/v1alpha2", "kind": "RouteRule",
        "metadata": {"name": "to-reviews", "namespace": "default"},
        "spec": {"destination": {"name": "reviews", "namespace": "backends"}}}),
    );
    let (_, out, _) = c.run(&["validate", "--cluster", "-o", "json"]);
    assert!(
        !codes(&out).contains(&"ICTL0401".to_string()),
        "reviews exists in backends: {out}"
    );
}

#[test]
fn ingresses_of_other_classes_are_not_ours() {
    let c = Cluster::start(Options::default());
    c.api.insert(lb_service("istio-ingress", json!({})));
    c.api.insert(json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "nginx-one", "namespace": "default",
                     "annotations": {"kubernetes.io/ingress.class": "nginx"}},
        "spec": {"defaultBackend": {"service": {"name": "missing", "port": {"number": 80}}}},
        "status": {"loadBalancer": {"ingress": [{"ip": "198.51.100.99"}]}},
    }));
    let (code, out, err) = c.run(&["validate", "--cluster", "-o", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = c.run(&["host"]);
    assert_eq!(
        code, 3,
        "the nginx Ingress's address is not the Istio ingress's: {err}"
    );
}

#[test]
fn external_name_services_need_no_endpoints_or_ports() {
    let c = Cluster::start(Options::default());
    c.api.insert(lb_service("istio-ingress", json!({})));
    c.api.insert(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "legacy", "namespace": "default"},
        "spec": {"type": "ExternalName", "externalName": "legacy.example.com"}}));
    c.run(&[
        "create",
        "ingress",
        "legacy",
        "--rule",
        "/legacy*=legacy:80",
        "--apply",
    ]);
    let (code, out, err) = c.run(&[
        "validate",
        "--cluster",
        "--fail-on",
        "warning",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn one_refused_object_does_not_stop_the_others() {
    let c = Cluster::start(Options {
        routerule_crd: false,
        ..Options::default()
    });
    let (code, out, err) = c.run(&[
        "apply",
        "-f",
        &guide("simple-ingress.yaml"),
        "-f",
        &guide("status-route.yaml"),
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "ingress.networking.k8s.io/simple-ingress created\n");
    assert!(
        err.contains("routerule/status-route: this cluster has no RouteRule resource"),
        "{err}"
    );
    assert!(err.contains("1 of 2 object(s) not applied"), "{err}");

    let in_other = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: prod}\ntype: Opaque\ndata: {a: YQ==}\n";
    let (code, _, err) = c.run_with_stdin(&["-n", "default", "apply", "-f", "-"], in_other);
    assert_eq!(code, 1);
    assert!(
        err.contains("namespace prod does not match -n default"),
        "{err}"
    );
}

#[test]
fn client_dry_run_tells_unchanged_from_configured() {
    let c = Cluster::start(Options::default());
    c.run(&["apply", "-f", &guide("status-route.yaml")]);
    let (code, out, err) = c.run(&[
        "apply",
        "-f",
        &guide("status-route.yaml"),
        "--dry-run=client",
    ]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "routerule.config.istio.io/status-route unchanged (dry run)\n"
        ),
        "{err}"
    );
}

#[test]
fn delete_of_a_file_with_nothing_to_delete_is_a_usage_error() {
    let c = Cluster::start(Options::default());
    let svc = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n";
    let (code, _, err) = c.run_with_stdin(&["delete", "-f", "-"], svc);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing to delete"), "{err}");
}

#[test]
fn all_namespaces_reads_every_namespace() {
    let c = Cluster::start(Options::default());
    c.api
        .insert(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}));
    c.api.insert(lb_service("istio-ingress", json!({})));
    c.api.insert(json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "cart", "namespace": "shop",
                     "annotations": {"kubernetes.io/ingress.class": "istio"}},
        "spec": {"defaultBackend": {"service": {"name": "cart", "port": {"number": 80}}}},
    }));
    let (code, out, _) = c.run(&["validate", "--cluster", "-o", "json"]);
    assert_eq!(code, 0, "namespace default has nothing wrong: {out}");
    let (code, out, _) = c.run(&["validate", "--cluster", "-A", "-o", "json"]);
    assert_eq!(code, 3);
    assert!(out.contains("Service shop/cart does not exist"), "{out}");
    let (code, _, err) = c.run(&["validate", "-A"]);
    assert_eq!(code, 2, "-A needs --cluster: {err}");
}

/// The cluster pages (apply, validate, host, install, delete), each line as written, against
/// the stand-in with the guide's objects in place before each line (the pages' lines are
/// alternatives, not one sequence).
#[test]
fn the_cluster_pages_run_as_written() {
    let c = Cluster::start(Options::default());
    for object in httpbin_service_and_endpoints(true) {
        c.api.insert(object);
    }
    c.api.insert(lb_service(
        "istio-ingress",
        json!({"loadBalancer": {"ingress": [{"ip": "169.47.243.100"}]}}),
    ));
    // The `api` Service apply.md's example routes to.
    c.api.insert(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "api", "namespace": "default"},
        "spec": {"ports": [{"name": "http", "port": 80}]}}));
    c.api.insert(json!({"apiVersion": "v1", "kind": "Endpoints",
        "metadata": {"name": "api", "namespace": "default"},
        "subsets": [{"addresses": [{"ip": "10.1.0.10"}], "ports": [{"name": "http", "port": 80}]}]}));
    // The files the pages name, in the directory the commands run in.
    let manifests = c.dir.path().join("manifests");
    std::fs::create_dir_all(&manifests).unwrap();
    for name in [
        "simple-ingress.yaml",
        "secure-ingress.yaml",
        "status-route.yaml",
    ] {
        std::fs::copy(guide_path(name), c.dir.path().join(name)).unwrap();
        std::fs::copy(guide_path(name), manifests.join(name)).unwrap();
    }
    let path = crate::support::path_with_binary();
    let mut ran = 0;
    for page in ["apply", "validate", "host", "install", "delete"] {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/{page}.md")),
        )
        .unwrap();
        for command in documented_commands(&text) {
            let (code, _, err) = c.run(&["apply", "-f", "manifests/"]);
            assert_eq!(code, 0, "setup: {err}");
            let (code, _, err) =
                c.run(&["cert", "gen", "--cn", "foo.bar.com", "--secret", "--apply"]);
            assert_eq!(code, 0, "setup: {err}");
            let out = std::process::Command::new("sh")
                .args(["-ec", &command])
                .current_dir(c.dir.path())
                .env("PATH", &path)
                .env("KUBECONFIG", &c.kubeconfig)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success(),
                "docs/{page}.md: `{command}` failed:\n{}{err}",
                String::from_utf8_lossy(&out.stdout)
            );
            assert_readable(&err);
            ran += 1;
        }
    }
    assert!(ran >= 15, "{ran} commands");
}
