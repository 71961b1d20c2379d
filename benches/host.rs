//! `ingressctl host` against the Kubernetes API stand-in on loopback, on the LoadBalancer path
//! (the guide's `istio-ingress` Service with an external IP): the discovery alone, in process,
//! and the whole command as a user runs it (process start, kubeconfig, calls, output).

// Its unit tests are compiled but not run here (no test harness), hence unused imports.
#[path = "../tests/support/apiserver/mod.rs"]
#[allow(dead_code, unused_imports)]
mod apiserver;

use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use ingressctl::cluster::host::{self, HostQuery};
use ingressctl::cluster::{Cluster, ConnectOptions};
use serde_json::json;

fn standin() -> (apiserver::ApiServer, tempfile::TempDir, std::path::PathBuf) {
    let api = apiserver::ApiServer::start(apiserver::Options::default());
    api.insert(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "istio-ingress", "namespace": "istio-system"},
        "spec": {"type": "LoadBalancer", "selector": {"istio": "ingress"},
                 "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]},
        "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.9"}]}},
    }));
    let dir = tempfile::tempdir().expect("temp dir");
    let kubeconfig = api.write_kubeconfig(dir.path());
    (api, dir, kubeconfig)
}

fn bench_host(c: &mut Criterion) {
    let (api, _dir, kubeconfig) = standin();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let cluster = runtime
        .block_on(Cluster::connect(&ConnectOptions {
            kubeconfig: Some(kubeconfig.clone()),
            ..ConnectOptions::default()
        }))
        .expect("connect");
    let query = HostQuery::default();
    api.clear_requests();
    let found = runtime
        .block_on(host::discover(&cluster, &query))
        .expect("discover");
    assert!(found.is_ok(), "an address on the LoadBalancer path");
    let calls = api.requests().len();
    assert!(calls <= 3, "{calls} API calls");
    eprintln!("host: {calls} API calls on the LoadBalancer path");

    c.bench_function("host/discover (in process, LoadBalancer path)", |b| {
        b.iter(|| runtime.block_on(host::discover(&cluster, &query)))
    });
    let bin = env!("CARGO_BIN_EXE_ingressctl");
    c.bench_function("host/command (process start to exit)", |b| {
        b.iter(|| {
            let out = Command::new(bin)
                .args([
                    "--kubeconfig",
                    kubeconfig.to_str().expect("utf-8 path"),
                    "host",
                    "-q",
                ])
                .output()
                .expect("ran");
            assert!(out.status.success());
        })
    });
}

criterion_group!(benches, bench_host);
criterion_main!(benches);
