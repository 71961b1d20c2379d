//! `serve --kube`: the proxy watching the Kubernetes API stand-in, through the real binary.

use crate::support::Killed;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::apiserver::{ApiServer, Options};
use crate::support::serve::{Backend, Serve, client, eventually};

fn status(url: &str) -> u16 {
    client(None, &[])
        .get(url)
        .send()
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

fn service() -> Value {
    json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "httpbin", "namespace": "default"},
        "spec": {"selector": {"app": "httpbin"}, "ports": [{"name": "http", "port": 8000}]}})
}

fn slice(addr: std::net::SocketAddr) -> Value {
    json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": "httpbin-abc", "namespace": "default",
                     "labels": {"kubernetes.io/service-name": "httpbin"}},
        "addressType": "IPv4",
        "endpoints": [{"addresses": [addr.ip().to_string()], "conditions": {"ready": true}}],
        "ports": [{"name": "http", "port": addr.port()}]})
}

fn ingress() -> Value {
    json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "simple-ingress", "namespace": "default",
                     "annotations": {"kubernetes.io/ingress.class": "istio"}},
        "spec": {"rules": [{"http": {"paths": [{"path": "/status/", "pathType": "Prefix",
            "backend": {"service": {"name": "httpbin", "port": {"number": 8000}}}}]}}]}})
}

#[test]
fn an_ingress_created_while_serving_routes_within_a_second_and_endpoints_follow_slices() {
    let first = Backend::start("first");
    let second = Backend::start("second");
    let api = ApiServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    api.insert(service());
    api.insert(slice(first.addr));
    let serve = Serve::start(
        dir.path(),
        &["--kube", "--kubeconfig", kubeconfig.to_str().unwrap()],
    );
    let url = serve.http_url("/status/200");
    assert_eq!(status(&url), 404, "no Ingress yet");

    api.insert(ingress());
    let created = Instant::now();
    let deadline = created + Duration::from_secs(1);
    let mut routed = false;
    while Instant::now() < deadline {
        if status(&url) == 200 {
            routed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        routed,
        "routed within 1 s of the Ingress being created: {}",
        serve.stderr()
    );
    eprintln!(
        "routed {} ms after the Ingress was created",
        created.elapsed().as_millis()
    );
    assert_eq!(first.seen.requests.lock().unwrap().len(), 1);

    // An endpoint change moves traffic without rebuilding the routes.
    assert!(
        !serve.stderr().contains("endpoints updated"),
        "nothing but the Ingress changed so far: {}",
        serve.stderr()
    );
    api.clear_requests();
    api.insert(slice(second.addr));
    assert!(
        serve.wait_stderr("endpoints updated, routes kept (endpoints changed)"),
        "{}",
        serve.stderr()
    );
    assert!(
        !api.requests().iter().any(|r| r.path.contains("/secrets/")),
        "an endpoint change reads nothing but the watched slices: {:?}",
        api.requests()
    );
    assert!(eventually(|| {
        status(&url) == 200 && !second.seen.requests.lock().unwrap().is_empty()
    }));
    let to_first = first.seen.requests.lock().unwrap().len();
    assert_eq!(status(&url), 200);
    assert_eq!(
        first.seen.requests.lock().unwrap().len(),
        to_first,
        "the removed endpoint gets nothing"
    );
    assert_eq!(
        serve.stderr().matches("configuration reloaded").count(),
        1,
        "one rebuild, for the Ingress; the endpoint change rebuilt nothing: {}",
        serve.stderr()
    );
}

#[test]
fn a_cluster_that_cannot_be_reached_stops_serve_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        format!("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {{server: 'http://127.0.0.1:{port}'}}\ncontexts:\n- name: c\n  context: {{cluster: c, user: u}}\ncurrent-context: c\nusers:\n- name: u\n  user: {{}}\n"),
    )
    .unwrap();
    let err = match Serve::try_start(
        dir.path(),
        &["--kube", "--kubeconfig", kubeconfig.to_str().unwrap()],
    ) {
        Ok(_) => panic!("serve started without a cluster"),
        Err(err) => err,
    };
    assert!(err.contains("exit Some(1)"), "{err}");
    assert!(
        err.contains(&format!(
            "cannot reach the cluster at http://127.0.0.1:{port}"
        )),
        "{err}"
    );
}

fn lb_address(api: &ApiServer) -> Option<String> {
    let ing = api.get(
        "networking.k8s.io/v1",
        "Ingress",
        Some("default"),
        "simple-ingress",
    )?;
    ing.pointer("/status/loadBalancer/ingress/0/ip")
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn lease_holder(api: &ApiServer) -> Option<String> {
    let lease = api.get(
        "coordination.k8s.io/v1",
        "Lease",
        Some("istio-system"),
        "ingressctl-status-leader",
    )?;
    lease
        .pointer("/spec/holderIdentity")
        .and_then(Value::as_str)
        .map(str::to_string)
}

#[test]
fn one_replica_writes_status_and_another_takes_over_when_it_stops_renewing() {
    let backend = Backend::start("httpbin");
    let api = ApiServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    let kc = kubeconfig.to_str().unwrap();
    api.insert(service());
    api.insert(slice(backend.addr));
    api.insert(ingress());
    let replica = |address: &str| {
        Serve::start(
            dir.path(),
            &[
                "--kube",
                "--kubeconfig",
                kc,
                "--publish-address",
                address,
                "--lease-duration",
                "2s",
            ],
        )
    };
    let first = replica("203.0.113.1");
    assert!(
        eventually(|| lb_address(&api).as_deref() == Some("203.0.113.1")),
        "the first replica leads and writes its address: {}",
        first.stderr()
    );
    let leader = lease_holder(&api).expect("a Lease holder");
    let second = replica("203.0.113.2");
    assert!(second.wait_stderr("admin http://"), "{}", second.stderr());
    // Two renewal periods of the first replica: the second must not write meanwhile.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(lb_address(&api).as_deref(), Some("203.0.113.1"));
    assert_eq!(lease_holder(&api).as_deref(), Some(leader.as_str()));
    assert!(
        !second.stderr().contains("became the status writer"),
        "{}",
        second.stderr()
    );

    // The leader dies without giving the Lease up: the other takes over once it expires.
    first.signal("KILL");
    assert!(
        eventually(|| lb_address(&api).as_deref() == Some("203.0.113.2")),
        "the second replica took over: {}",
        second.stderr()
    );
    assert_ne!(lease_holder(&api).as_deref(), Some(leader.as_str()));

    // A replica that stops cleanly gives the Lease up at once.
    second.signal("TERM");
    assert!(
        eventually(|| lease_holder(&api).is_none()),
        "released on shutdown: {}",
        second.stderr()
    );
}

/// A Secret the Ingresses name, as a live object (from `ingressctl cert secret` output).
fn secret_from(dir: &std::path::Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(format!("{name}-secret.yaml"))).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// The Ingress of the rotation tests: `foo.example.com` over TLS with the `web-certs` Secret.
fn secure_ingress() -> Value {
    json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "secure", "namespace": "default",
                     "annotations": {"kubernetes.io/ingress.class": "istio"}},
        "spec": {"tls": [{"hosts": ["foo.example.com"], "secretName": "web-certs"}],
                 "rules": [{"host": "foo.example.com", "http": {"paths": [{"path": "/status/",
                    "pathType": "Prefix",
                    "backend": {"service": {"name": "httpbin", "port": {"number": 8000}}}}]}}]}})
}

/// The status of `https://foo.example.com/status/200` for a client that trusts only the CA in
/// `ca` (0 when the handshake fails: the certificate served is not from that CA).
fn status_trusting(https: std::net::SocketAddr, ca: &std::path::Path) -> u16 {
    client(Some(&ca.join("ca.crt")), &[("foo.example.com", https)])
        .get("https://foo.example.com/status/200")
        .send()
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

#[test]
fn a_rotated_certificate_is_served_without_a_restart() {
    use crate::support::serve::ca_and_leaf;
    let backend = Backend::start("httpbin");
    let (before, after) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    ca_and_leaf(before.path(), "web-certs", &["foo.example.com"]);
    ca_and_leaf(after.path(), "web-certs", &["foo.example.com"]);
    let api = ApiServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    api.insert(service());
    api.insert(slice(backend.addr));
    api.insert(secret_from(before.path(), "web-certs"));
    api.insert(secure_ingress());
    let serve = Serve::start(
        dir.path(),
        &[
            "--kube",
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "--secret-poll-interval",
            "100ms",
        ],
    );
    let https = serve.https.expect("an HTTPS listener");
    let trusting = |ca: &std::path::Path| status_trusting(https, ca);
    assert_eq!(trusting(before.path()), 200, "{}", serve.stderr());
    assert_eq!(trusting(after.path()), 0, "not the new certificate yet");
    api.insert(secret_from(after.path(), "web-certs"));
    assert!(
        eventually(|| trusting(after.path()) == 200),
        "the rotated certificate is served: {}",
        serve.stderr()
    );
    assert_eq!(trusting(before.path()), 0, "the old one is gone");
}

#[test]
fn a_rotation_is_seen_while_endpoints_keep_changing() {
    use crate::support::serve::ca_and_leaf;
    let backend = Backend::start("httpbin");
    let other = Backend::start("other");
    let (before, after) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    ca_and_leaf(before.path(), "web-certs", &["foo.example.com"]);
    ca_and_leaf(after.path(), "web-certs", &["foo.example.com"]);
    let api = std::sync::Arc::new(ApiServer::start(Options::default()));
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    api.insert(service());
    api.insert(slice(backend.addr));
    api.insert(secret_from(before.path(), "web-certs"));
    api.insert(secure_ingress());
    let serve = Serve::start(
        dir.path(),
        &[
            "--kube",
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "--secret-poll-interval",
            "300ms",
        ],
    );
    // A busy cluster: the Service's endpoints change every 40 ms, faster than the poll.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let (api, stop) = (api.clone(), stop.clone());
        let addrs = [backend.addr, other.addr];
        std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                api.insert(slice(addrs[i % 2]));
                i += 1;
                std::thread::sleep(Duration::from_millis(40));
            }
        })
    };
    let https = serve.https.expect("an HTTPS listener");
    let trusting = |ca: &std::path::Path| status_trusting(https, ca);
    assert_eq!(trusting(before.path()), 200, "{}", serve.stderr());
    api.insert(secret_from(after.path(), "web-certs"));
    let rotated = eventually(|| trusting(after.path()) == 200);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
    assert!(
        rotated,
        "the rotated certificate is served: {}",
        serve.stderr()
    );
}

#[test]
fn watches_cut_by_the_server_come_back_and_changes_still_arrive() {
    let backend = Backend::start("httpbin");
    let api = ApiServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    api.insert(service());
    api.insert(slice(backend.addr));
    let serve = Serve::start(
        dir.path(),
        &["--kube", "--kubeconfig", kubeconfig.to_str().unwrap()],
    );
    let url = serve.http_url("/status/200");
    assert_eq!(status(&url), 404);
    api.clear_requests();
    api.break_watches();
    // Every watch comes back (kube-runtime re-watches from the last resourceVersion)...
    assert!(
        eventually(|| {
            let watches = api
                .requests()
                .iter()
                .filter(|r| r.query.contains("watch=true"))
                .count();
            watches >= 5
        }),
        "watches re-established: {:?}",
        api.requests()
    );
    // ...and a change made after the cut is served; the last table served throughout.
    assert_eq!(status(&url), 404);
    api.insert(ingress());
    assert!(eventually(|| status(&url) == 200), "{}", serve.stderr());
}

#[test]
fn one_broken_ingress_is_left_out_and_the_others_are_served() {
    let backend = Backend::start("httpbin");
    let api = ApiServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    api.insert(service());
    api.insert(slice(backend.addr));
    let mut broken = ingress();
    broken["metadata"]["name"] = json!("broken");
    broken["spec"]["rules"][0]["http"]["paths"][0]["path"] = json!("/oops/[");
    broken["spec"]["rules"][0]["http"]["paths"][0]["pathType"] = json!("ImplementationSpecific");
    api.insert(broken);
    api.insert(ingress());
    let serve = Serve::start(
        dir.path(),
        &["--kube", "--kubeconfig", kubeconfig.to_str().unwrap()],
    );
    assert_eq!(
        status(&serve.http_url("/status/200")),
        200,
        "{}",
        serve.stderr()
    );
    assert!(
        serve.stderr().contains("ignoring Ingress default/broken"),
        "{}",
        serve.stderr()
    );
    // Later endpoint changes still go through, the broken Ingress left out quietly.
    let second = Backend::start("second");
    api.insert(slice(second.addr));
    assert!(
        serve.wait_stderr("endpoints updated, routes kept"),
        "{}",
        serve.stderr()
    );
}

/// The guide's httpbin behind the API stand-in: its Service, an EndpointSlice to a backend,
/// and the simple Ingress.
struct GuideInStandIn {
    api: ApiServer,
    dir: tempfile::TempDir,
    kubeconfig: std::path::PathBuf,
    _backend: Backend,
}

impl GuideInStandIn {
    fn start() -> GuideInStandIn {
        let backend = Backend::start("httpbin");
        let api = ApiServer::start(Options::default());
        let dir = tempfile::tempdir().unwrap();
        let kubeconfig = api.write_kubeconfig(dir.path());
        api.insert(service());
        api.insert(slice(backend.addr));
        api.insert(ingress());
        GuideInStandIn {
            api,
            dir,
            kubeconfig,
            _backend: backend,
        }
    }

    /// `serve --kube` on it, once it answers through the Ingress.
    fn serve(&self) -> Serve {
        let serve = Serve::start(
            self.dir.path(),
            &["--kube", "--kubeconfig", self.kubeconfig.to_str().unwrap()],
        );
        assert_eq!(status(&serve.http_url("/status/200")), 200);
        serve
    }
}

/// Writes a new status (and so a new resourceVersion, the same spec) into an object in
/// `default`, waits until the stand-in has streamed it to serve's watch and past the debounce
/// and a rebuild's time (a rebuild it caused would be seen), and checks that none happened.
fn a_status_change_rebuilds_nothing(
    api: &ApiServer,
    api_version: &str,
    kind: &str,
    name: &str,
    status: Value,
) {
    api.clear_requests();
    let streamed = api.watch_bytes();
    api.set_status(api_version, kind, "default", name, status);
    assert!(
        eventually(|| api.watch_bytes() > streamed),
        "the change reached serve's watch"
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(rebuilds(api), 0, "{:?}", api.requests());
}

/// How many full snapshots serve has read since the requests were last cleared: every one
/// reads the certificate Secret by name.
fn rebuilds(api: &ApiServer) -> usize {
    api.requests()
        .iter()
        .filter(|r| r.path.ends_with("/secrets/istio-ingress-certs"))
        .count()
}

#[test]
fn a_pods_status_changing_rebuilds_nothing_but_its_labels_do() {
    let guide = GuideInStandIn::start();
    let api = &guide.api;
    let pod = |version: &str| {
        json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "httpbin-1", "namespace": "default",
                         "labels": {"app": "httpbin", "version": version}},
            "spec": {"containers": [{"name": "httpbin", "image": "httpbin"}]},
            "status": {"phase": "Running"}})
    };
    api.insert(pod("v1"));
    let _serve = guide.serve();
    a_status_change_rebuilds_nothing(
        api,
        "v1",
        "Pod",
        "httpbin-1",
        json!({"phase": "Running", "podIP": "10.9.9.9"}),
    );
    api.insert(pod("v2"));
    assert!(eventually(|| rebuilds(api) > 0), "a label change rebuilds");
}

#[test]
fn an_ingress_status_changing_rebuilds_nothing_but_its_spec_does() {
    let guide = GuideInStandIn::start();
    let api = &guide.api;
    let serve = guide.serve();
    // What a status writer (this one's or another controller's) does.
    a_status_change_rebuilds_nothing(
        api,
        "networking.k8s.io/v1",
        "Ingress",
        "simple-ingress",
        json!({"loadBalancer": {"ingress": [{"ip": "198.51.100.7"}]}}),
    );
    let mut changed = ingress();
    changed["spec"]["rules"][0]["http"]["paths"][0]["path"] = json!("/anything");
    api.insert(changed);
    assert!(eventually(|| rebuilds(api) > 0), "a spec change rebuilds");
    assert!(
        eventually(|| status(&serve.http_url("/anything/x")) == 200),
        "and is served: {}",
        serve.stderr()
    );
}

/// A slice of one version's pod, pointing at its Pod.
fn version_slice(version: &str, addr: std::net::SocketAddr) -> Value {
    json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": format!("httpbin-{version}"), "namespace": "default",
                     "labels": {"kubernetes.io/service-name": "httpbin"}},
        "addressType": "IPv4",
        "endpoints": [{"addresses": [addr.ip().to_string()], "conditions": {"ready": true},
                       "targetRef": {"kind": "Pod", "name": format!("httpbin-{version}"),
                                     "namespace": "default"}}],
        "ports": [{"name": "http", "port": addr.port()}]})
}

#[test]
fn a_version_subset_follows_its_pods_endpoints_without_a_rebuild() {
    let v1 = Backend::start("v1");
    let v2 = Backend::start("v2");
    let api = ApiServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    api.insert(service());
    api.insert(ingress());
    for version in ["v1", "v2"] {
        api.insert(json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": format!("httpbin-{version}"), "namespace": "default",
                         "labels": {"app": "httpbin", "version": version}}}));
    }
    api.insert(
        json!({"apiVersion": "config.istio.io/v1alpha2", "kind": "RouteRule",
        "metadata": {"name": "to-v2", "namespace": "default"},
        "spec": {"destination": {"name": "httpbin"}, "route": [{"labels": {"version": "v2"}}]}}),
    );
    api.insert(version_slice("v1", v1.addr));
    let serve = Serve::start(
        dir.path(),
        &["--kube", "--kubeconfig", kubeconfig.to_str().unwrap()],
    );
    let url = serve.http_url("/status/200");
    assert_eq!(status(&url), 503, "no v2 endpoint yet: {}", serve.stderr());

    api.insert(version_slice("v2", v2.addr));
    assert!(
        eventually(|| status(&url) == 200),
        "v2's endpoint arrived: {}",
        serve.stderr()
    );
    assert!(!v2.seen.requests.lock().unwrap().is_empty());
    assert!(
        v1.seen.requests.lock().unwrap().is_empty(),
        "v1 gets nothing"
    );
    assert!(
        serve
            .stderr()
            .contains("endpoints updated, routes kept (endpoints changed)"),
        "{}",
        serve.stderr()
    );
    assert!(
        !serve.stderr().contains("configuration reloaded"),
        "{}",
        serve.stderr()
    );
}

#[test]
fn live_at_once_but_not_ready_before_the_first_sync() {
    use std::io::BufRead;
    let api = ApiServer::start(Options {
        forbidden: vec![("list".into(), "ingresses".into())],
        ..Options::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ingressctl"))
        .args([
            "serve",
            "--kube",
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
        ])
        .args(["--http-addr", "127.0.0.1:0", "--https-addr", "127.0.0.1:0"])
        .args(["--admin-addr", "127.0.0.1:0"])
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
    let waiting = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("serve says it waits for the first sync");
    let admin = waiting
        .split("admin http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no admin address in {waiting:?}"))
        .to_string();
    assert_eq!(status(&format!("http://{admin}/healthz/live")), 200);
    // The list has been refused at least once (said on stderr) before RBAC is granted.
    let mut said = Vec::new();
    while !said
        .iter()
        .any(|l: &String| l.contains("watch failed, retrying"))
    {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => said.push(line),
            Err(_) => break,
        }
    }
    assert_eq!(
        status(&format!("http://{admin}/healthz/ready")),
        503,
        "not ready while the Ingresses cannot even be listed"
    );
    api.set_forbidden(Vec::new());
    let ready = eventually(|| status(&format!("http://{admin}/healthz/ready")) == 200);
    // Lines reach the channel through a reader thread: wait for the one printed before ready.
    while !said
        .iter()
        .any(|l: &String| l.contains("listening on http://"))
    {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => said.push(line),
            Err(_) => break,
        }
    }
    assert!(ready, "ready once the watches have synced: {said:?}");
    let failed = said
        .iter()
        .find(|l| l.contains("watch failed, retrying"))
        .unwrap_or_else(|| panic!("the forbidden list is said: {said:?}"));
    assert!(
        failed.contains("forbidden (403)") && !failed.contains("Status {"),
        "one readable line, no Debug dump: {failed}"
    );
    // An empty cluster is a configuration too: nothing routed yet, 404 for everything.
    assert!(
        said.iter().any(|l| l.contains("listening on http://")),
        "{said:?}"
    );
}
