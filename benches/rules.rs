//! Per-request cost of route-rule evaluation: 1, 10 and 100 rules on one destination, the
//! matching rule last (the worst case: every earlier rule is tested and fails).

use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ingressctl::manifest::model::RouteRule;
use ingressctl::proxy::endpoints::Upstream;
use ingressctl::proxy::rules::{self, Facts, Resolver};

struct Fixed;

impl Resolver for Fixed {
    fn upstream(
        &mut self,
        _: &str,
        service: &str,
        _: &[(String, String)],
    ) -> anyhow::Result<Arc<Upstream>> {
        Ok(Arc::new(Upstream::new(
            service.into(),
            vec!["127.0.0.1:1".into()],
            false,
        )))
    }
}

fn rule(i: usize, n: usize) -> RouteRule {
    let yaml = format!(
        "apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: {{name: r{i}}}
spec:
  destination: {{name: svc}}
  precedence: {p}
  match:
    request:
      headers:
        uri: {{prefix: /api/v{i}/}}
        x-tenant: {{regex: 'tenant-{i}-[a-z]+'}}
  route: [{{labels: {{version: v1}}, weight: 90}}, {{labels: {{version: v2}}, weight: 10}}]
  httpReqTimeout: {{simpleTimeout: {{timeout: 4s}}}}
",
        p = n - i
    );
    serde_yaml::from_str(&yaml).expect("valid rule")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("rule_evaluation");
    for n in [1usize, 10, 100] {
        let compiled: Vec<rules::Rule> = (0..n)
            .map(|i| rules::compile(&rule(i, n), &mut Fixed).unwrap())
            .collect();
        let last = n - 1;
        let path = format!("/api/v{last}/items/42");
        let mut headers = http::HeaderMap::new();
        headers.insert("x-tenant", format!("tenant-{last}-acme").parse().unwrap());
        let method = http::Method::GET;
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                let facts = Facts {
                    path: &path,
                    scheme: "http",
                    method: &method,
                    authority: "shop.example",
                    headers: &headers,
                };
                let hit = compiled.iter().position(|r| r.matches(&facts));
                assert_eq!(hit, Some(last));
                hit
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
