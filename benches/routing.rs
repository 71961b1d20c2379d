//! The request path's configuration work, measured alone:
//! - `route_lookup/N`: one host-and-path lookup in a table of N Ingress paths over 100 hosts
//!   (the matching path last in its host's order: every earlier one is tried and fails);
//! - `compile_and_swap/10000`: compiling a 10,000-path snapshot into a route table and
//!   swapping it in (what a reload costs, reading the files aside);
//! - `load_and_validate/1000`: reading and checking a 1,000-object file, as `validate` does.

use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ingressctl::manifest::Source;
use ingressctl::manifest::routing::IngressIdentity;
use ingressctl::manifest::snapshot::Snapshot;
use ingressctl::proxy::config::{CompileOptions, RouteTable, TlsListeners, compile};
use ingressctl::proxy::endpoints::EndpointRegistry;
use ingressctl::validate::{self, Options};

const HOSTS: usize = 100;

/// `paths` Prefix paths spread over `hosts` hosts, one Ingress per host, with Services and
/// Endpoints: 3 objects per host.
fn manifests(hosts: usize, paths: usize) -> String {
    let per_host = paths.div_ceil(hosts);
    let mut out = String::new();
    for h in 0..hosts {
        let first = h * per_host;
        let count = per_host.min(paths.saturating_sub(first));
        out.push_str(&format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: app-{h}, annotations: {{kubernetes.io/ingress.class: istio}}}}\nspec:\n  rules:\n  - host: h{h}.example.com\n    http:\n      paths:\n"
        ));
        for p in 0..count {
            out.push_str(&format!(
                "      - {{path: /api/v{p}/items, pathType: Prefix, backend: {{service: {{name: svc-{h}, port: {{number: 80}}}}}}}}\n"
            ));
        }
        if count == 0 {
            out.push_str("      - {path: /unused, pathType: Exact, backend: {service: {name: svc-0, port: {number: 80}}}}\n");
        }
        out.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata: {{name: svc-{h}}}\nspec: {{ports: [{{name: http, port: 80}}]}}\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {{name: svc-{h}}}\nsubsets: [{{addresses: [{{ip: 10.0.{}.{}}}], ports: [{{name: http, port: 8080}}]}}]\n",
            h / 250,
            h % 250 + 1
        ));
    }
    out
}

fn snapshot(paths: usize) -> Snapshot {
    Snapshot::from_sources(
        &[Source::from_text("bench.yaml", &manifests(HOSTS, paths))],
        "istio",
        IngressIdentity::default(),
    )
}

fn options() -> CompileOptions {
    CompileOptions {
        backends: Vec::new(),
        cluster_domain: "cluster.local".into(),
        upstream_timeout: Duration::from_secs(15),
        default_cert: None,
        cert_dir: "/nonexistent".into(),
        tls_listeners: TlsListeners::Both,
        https_port: 8443,
    }
}

fn route_lookup(c: &mut Criterion) {
    let mut group = c.benchmark_group("route_lookup");
    for paths in [10usize, 1_000, 10_000] {
        let snap = snapshot(paths);
        let table = compile(&snap, &options(), &EndpointRegistry::default())
            .expect("compiles")
            .table;
        // Host 0 has the most paths; its last one sorts last among paths of equal length.
        let last = paths.div_ceil(HOSTS) - 1;
        let path = format!("/api/v{last}/items/42");
        assert!(table.http.lookup("h0.example.com", &path).is_some());
        group.bench_with_input(BenchmarkId::from_parameter(paths), &paths, |b, _| {
            b.iter(|| table.http.lookup("H0.example.com:80", &path).is_some())
        });
    }
    group.finish();
}

fn compile_and_swap(c: &mut Criterion) {
    let snap = snapshot(10_000);
    let registry = EndpointRegistry::default();
    let served = ArcSwap::from_pointee(RouteTable::default());
    let mut group = c.benchmark_group("compile_and_swap");
    group.sample_size(20);
    group.bench_function("10000", |b| {
        b.iter(|| {
            let compiled = compile(&snap, &options(), &registry).expect("compiles");
            compiled.endpoint_changes.apply();
            served.store(Arc::new(compiled.table));
        })
    });
    group.finish();
}

fn load_and_validate(c: &mut Criterion) {
    // 334 hosts, each an Ingress with 10 paths, a Service and its Endpoints: 1,002 objects.
    let text = manifests(334, 3_340);
    let sources = [Source::from_text("objects.yaml", &text)];
    let report = validate::validate_sources(&sources, &Options::default());
    assert!(report.objects >= 1_000, "{} objects", report.objects);
    let mut group = c.benchmark_group("load_and_validate");
    group.sample_size(20);
    group.bench_function("1000", |b| {
        b.iter(|| validate::validate_sources(&sources, &Options::default()).objects)
    });
    group.finish();
}

criterion_group!(benches, route_lookup, compile_and_swap, load_and_validate);
criterion_main!(benches);
