//! `convert` golden tests: one input per RouteRule feature, both target APIs, with the
//! warnings for what had no equivalent; every VirtualService subset must resolve.

use std::path::Path;

use crate::support::{crd, ingressctl};

const FEATURES: &[&str] = &[
    "fault",
    "redirect",
    "rewrite",
    "websocket",
    "weighted",
    "cors",
    "mirror",
    "header-regex",
    "retries",
    "timeout",
];

fn convert(input: &Path, to: &str) -> (String, String) {
    let out = ingressctl()
        .args(["convert", "-f"])
        .arg(input)
        .args(["--to", to])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    crd::standard().assert_accepted(&stdout, &format!("convert {} --to {to}", input.display()));
    (stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Every input convert is tested on: the feature fixtures, the guide's manifests, and a case
/// per schema problem once found (`tests/fixtures/convert/cases`).
fn all_inputs() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<_> = FEATURES
        .iter()
        .map(|f| {
            root.join("tests/fixtures/convert")
                .join(f)
                .join("input.yaml")
        })
        .collect();
    inputs.push(root.join("docs/examples/guide"));
    let mut cases: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/convert/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    inputs.extend(cases);
    inputs
}

#[test]
fn the_crds_cel_rules_all_compile() {
    let broken = crd::uncompilable_rules(crd::experimental());
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_schema_check_refuses_what_the_api_server_refuses() {
    let refused = [
        // Item 1 of the report: a Service backendRef without a port (CEL).
        (
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  parentRefs: [{group: '', kind: Service, name: reviews}]\n  rules: [{backendRefs: [{name: reviews}]}]\n",
            "Must have port for Service reference",
        ),
        // A Go duration Gateway API's pattern refuses.
        (
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules: [{timeouts: {request: 1.5s}}]\n",
            "does not match",
        ),
        // ReplacePrefixMatch after an Exact match (CEL).
        (
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules: [{matches: [{path: {type: Exact, value: /a}}], filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]}]\n",
            "ReplacePrefixMatch",
        ),
        // More than 16 rules.
        (
            &format!(
                "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: r}}\nspec:\n  rules: [{}]\n",
                vec!["{}"; 17].join(",")
            ),
            "more than 16",
        ),
        // The standard channel has no retry.
        (
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules: [{retry: {attempts: 2}}]\n",
            "unknown field",
        ),
        // A lower-case method.
        (
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules: [{matches: [{method: get}]}]\n",
            "is not one of",
        ),
        // An Istio timeout under 1 ms (CEL on a duration).
        (
            "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec:\n  hosts: [a]\n  http: [{timeout: 0s, route: [{destination: {host: a}}]}]\n",
            "duration(self) >= duration('1ms')",
        ),
        // An Istio string match with two kinds (oneOf).
        (
            "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec:\n  hosts: [a]\n  http: [{match: [{uri: {exact: /a, prefix: /b}}], route: [{destination: {host: a}}]}]\n",
            "oneOf",
        ),
        // Two listeners with one name (CEL over the list).
        (
            "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n  gatewayClassName: istio\n  listeners: [{name: http, port: 80, protocol: HTTP}, {name: http, port: 8080, protocol: HTTP}]\n",
            "duplicate map-list key",
        ),
        // A name over 253 characters.
        (
            &format!(
                "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {{name: {}}}\nspec: {{}}\n",
                "a".repeat(254)
            ),
            "not a DNS subdomain",
        ),
    ];
    for (doc, expected) in refused {
        let docs = crd::documents(doc);
        let errors = crd::standard().check(&docs[0]);
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "expected {expected:?} for\n{doc}\ngot {errors:#?}"
        );
    }
    let accepted = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  parentRefs: [{group: '', kind: Service, name: reviews}]\n  rules: [{backendRefs: [{name: reviews, port: 9080}], timeouts: {request: 1500ms}}]\n";
    let errors = crd::standard().check(&crd::documents(accepted)[0]);
    assert!(errors.is_empty(), "{errors:#?}");
    let retry = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules: [{retry: {attempts: 2}}]\n";
    let errors = crd::experimental().check(&crd::documents(retry)[0]);
    assert!(
        errors.is_empty(),
        "the experimental channel has retry: {errors:#?}"
    );
}

#[test]
fn every_converted_document_passes_the_crd_schemas() {
    for input in all_inputs() {
        for to in ["istio", "gateway-api"] {
            // `convert` checks its output against the CRDs.
            convert(&input, to);
        }
    }
}

#[test]
fn golden_outputs_per_feature() {
    for feature in FEATURES {
        let input = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/convert")
            .join(feature)
            .join("input.yaml");
        for to in ["istio", "gateway-api"] {
            let (out, warnings) = convert(&input, to);
            insta::assert_snapshot!(
                format!("convert_{feature}_{to}"),
                format!("{out}# stderr:\n{warnings}")
            );
        }
    }
}

#[test]
fn every_virtualservice_subset_resolves_to_a_destinationrule() {
    for feature in FEATURES {
        let input = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/convert")
            .join(feature)
            .join("input.yaml");
        let sources = ingressctl::manifest::read_sources(&[input], false).unwrap();
        let snap = ingressctl::manifest::snapshot::Snapshot::from_sources(
            &sources,
            "istio",
            ingressctl::manifest::routing::IngressIdentity::default(),
        );
        let converted =
            ingressctl::convert::convert(&snap, &ingressctl::convert::Options::default());
        let problems = ingressctl::convert::unresolved_subsets(&converted.documents);
        assert!(problems.is_empty(), "{feature}: {problems:?}");
        for doc in &converted.documents {
            assert!(
                doc["apiVersion"] == "networking.istio.io/v1",
                "{feature}: {doc}"
            );
        }
    }
}

#[test]
fn dropped_fields_are_named_never_silent() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/convert");
    let (_, w) = convert(&dir.join("websocket/input.yaml"), "istio");
    assert!(
        w.contains("RouteRule default/ws: websocketUpgrade dropped"),
        "{w}"
    );
    let (_, w) = convert(&dir.join("fault/input.yaml"), "gateway-api");
    assert!(
        w.contains("RouteRule default/reviews-fault: httpFault dropped"),
        "{w}"
    );
    let (_, w) = convert(&dir.join("weighted/input.yaml"), "gateway-api");
    assert!(w.contains("become backendRef reviews-v1"), "{w}");
}

#[test]
fn json_output_is_one_list() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/guide");
    let out = ingressctl()
        .args(["convert", "-f"])
        .arg(&input)
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "List");
    let kinds: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["Gateway", "VirtualService"],
        "one VirtualService for the one host (`*`) of both Ingresses"
    );
    let http = v["items"][1]["spec"]["http"].as_array().unwrap();
    let names: Vec<&str> = http.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "simple-ingress-0",
            "secure-ingress-0",
            "status-route",
            "secure-ingress-1"
        ],
        "longest paths first across Ingresses, on a tie the Ingress without tls, the RouteRule before its path's route"
    );
    let ports: Vec<Option<i64>> = http
        .iter()
        .map(|r| r["match"][0]["port"].as_i64())
        .collect();
    assert_eq!(
        ports,
        [Some(80), None, None, None],
        "an Ingress without tls on port 80 only; one with tls on both, as serve does"
    );
}

#[test]
fn a_host_with_its_own_routes_still_falls_back_to_the_default_backend() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ing.yaml");
    std::fs::write(
        &input,
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: shop, annotations: {kubernetes.io/ingress.class: istio}}\nspec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}\n",
    )
    .unwrap();
    let (out, _) = convert(&input, "istio");
    let docs: Vec<serde_json::Value> = out
        .split("\n---\n")
        .map(crate::support::yaml_value)
        .collect();
    let vs = |host: &str| {
        docs.iter()
            .find(|d| d["kind"] == "VirtualService" && d["spec"]["hosts"][0] == host)
            .unwrap_or_else(|| panic!("no VirtualService for {host}: {out}"))
    };
    let shop = vs("shop.example.com")["spec"]["http"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(shop.len(), 2, "{out}");
    assert_eq!(
        shop[1]["route"][0]["destination"]["host"], "web.default.svc.cluster.local",
        "the host's unmatched requests fall back: {out}"
    );
    assert_eq!(
        vs("*")["spec"]["http"][0]["route"][0]["destination"]["host"],
        "web.default.svc.cluster.local"
    );
}

#[test]
fn gateway_api_output_keeps_to_what_the_api_server_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.yaml");
    std::fs::write(
        &input,
        "apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: slow, namespace: default}\nspec:\n  destination: {name: reviews}\n  httpReqTimeout: {simpleTimeout: {timeout: 1.5s}}\n  httpReqRetries: {simpleRetry: {attempts: 2, perTryTimeout: 5s}}\n---\napiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: other, namespace: default}\nspec:\n  destination: {name: ratings}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: default}\nspec: {ports: [{name: http, port: 9080}]}\n",
    )
    .unwrap();
    let (out, warnings) = convert(&input, "gateway-api");
    let docs: Vec<serde_json::Value> = out
        .split("\n---\n")
        .map(crate::support::yaml_value)
        .collect();
    let route = |name: &str| {
        docs.iter()
            .find(|d| d["metadata"]["name"] == name)
            .unwrap_or_else(|| panic!("{name}: {out}"))
            .clone()
    };
    let reviews = route("reviews-mesh");
    let rule = &reviews["spec"]["rules"][0];
    assert_eq!(rule["timeouts"]["request"], "1500ms", "{out}");
    assert!(
        rule["timeouts"].get("backendRequest").is_none(),
        "5s per try is longer than 1.5s: dropped: {out}"
    );
    assert!(
        warnings.contains("perTryTimeout 5s is longer than the timeout"),
        "{warnings}"
    );
    assert_eq!(
        rule["backendRefs"][0]["port"], 9080,
        "the Service's port: {out}"
    );
    assert!(
        warnings.contains(
            "RouteRule default/other: not converted: the port of Service ratings is unknown"
        ),
        "{warnings}"
    );
    assert!(
        !out.contains("ratings-mesh"),
        "no route the API server refuses: {out}"
    );
    assert!(
        warnings.contains(
            "httpReqRetries dropped: HTTPRoute retry is in Gateway API's experimental channel only"
        ),
        "{warnings}"
    );
}

#[test]
fn an_istio_redirect_says_302_as_serve_answers() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.yaml");
    std::fs::write(
        &input,
        "apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: moved, namespace: default}\nspec:\n  destination: {name: reviews}\n  redirect: {uri: /new}\n",
    )
    .unwrap();
    let (out, _) = convert(&input, "istio");
    let doc = out
        .split("\n---\n")
        .map(crate::support::yaml_value)
        .find(|d| d["kind"] == "VirtualService")
        .unwrap();
    assert_eq!(
        doc["spec"]["http"][0]["redirect"]["redirectCode"], 302,
        "{out}"
    );
}

#[test]
fn convert_refuses_what_validate_finds_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.yaml");
    std::fs::write(
        &input,
        "apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: r, namespace: default}\nspec:\n  destination: {name: reviews}\n  httpReqTimeout: {simpleTimeout: {timeout: 0s}}\n",
    )
    .unwrap();
    let out = ingressctl()
        .args(["convert", "-f"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty(), "nothing printed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ICTL0205") && err.contains("in.yaml:6"),
        "{err}"
    );
}

#[test]
fn generated_names_are_valid_and_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.yaml");
    let label = "l".repeat(60);
    let host = format!("{label}.{label}.{label}.{label}.example");
    std::fs::write(
        &input,
        format!(
            "apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {{name: split, namespace: default}}\nspec:\n  destination: {{name: reviews}}\n  route:\n  - {{labels: {{version: v1.0}}, weight: 50}}\n  - {{labels: {{version: v1_0}}, weight: 50}}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: long, annotations: {{kubernetes.io/ingress.class: istio}}}}\nspec:\n  rules:\n  - host: {host}\n    http:\n      paths:\n      - {{path: /, pathType: Prefix, backend: {{service: {{name: web, port: {{number: 80}}}}}}}}\n"
        ),
    )
    .unwrap();
    for to in ["istio", "gateway-api"] {
        let (out, _) = convert(&input, to);
        let docs: Vec<serde_json::Value> = out
            .split("\n---\n")
            .map(crate::support::yaml_value)
            .collect();
        for d in &docs {
            let name = d["metadata"]["name"].as_str().unwrap();
            assert!(name.len() <= 253, "{to}: {} characters", name.len());
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{to}: {name}"
            );
        }
        if to == "istio" {
            let dr = docs
                .iter()
                .find(|d| d["kind"] == "DestinationRule")
                .unwrap();
            let subsets: Vec<&str> = dr["spec"]["subsets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["name"].as_str().unwrap())
                .collect();
            assert_eq!(
                subsets.len(),
                2,
                "v1.0 and v1_0 stay two subsets: {subsets:?}"
            );
            assert_ne!(subsets[0], subsets[1]);
        }
    }
}

#[test]
fn a_redirect_authority_with_a_port_keeps_the_port_in_gateway_api() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.yaml");
    std::fs::write(
        &input,
        "apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: moved, namespace: default}\nspec:\n  destination: {name: reviews}\n  redirect: {uri: /new, authority: 'new.example.com:8443'}\n",
    )
    .unwrap();
    let (out, _) = convert(&input, "gateway-api");
    let moved = out
        .split("\n---\n")
        .map(crate::support::yaml_value)
        .find(|d| d["metadata"]["name"] == "reviews-mesh")
        .unwrap();
    let redirect = &moved["spec"]["rules"][0]["filters"][0]["requestRedirect"];
    assert_eq!(redirect["hostname"], "new.example.com", "{out}");
    assert_eq!(redirect["port"], 8443, "{out}");
}

#[test]
fn hosts_that_clean_to_one_name_keep_two_virtualservices() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.yaml");
    let ingress = |name: &str, host: &str| {
        format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: {name}, annotations: {{kubernetes.io/ingress.class: istio}}}}\nspec:\n  rules:\n  - host: {host}\n    http:\n      paths:\n      - {{path: /, pathType: Prefix, backend: {{service: {{name: web, port: {{number: 80}}}}}}}}\n"
        )
    };
    std::fs::write(
        &input,
        format!(
            "{}---\n{}",
            ingress("one", "foo.bar.com"),
            ingress("two", "foo-bar.com")
        ),
    )
    .unwrap();
    let (out, _) = convert(&input, "istio");
    let names: std::collections::HashSet<String> = out
        .split("\n---\n")
        .map(crate::support::yaml_value)
        .filter(|d| d["kind"] == "VirtualService")
        .map(|d| d["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 2, "{out}");
}

fn case(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/convert/cases")
        .join(name)
}

fn find<'a>(docs: &'a [serde_json::Value], kind: &str, name: &str) -> &'a serde_json::Value {
    docs.iter()
        .find(|d| d["kind"] == kind && d["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} {name} in {docs:#?}"))
}

#[test]
fn the_experimental_channel_keeps_retries_and_its_crds_accept_them() {
    let out = ingressctl()
        .args([
            "convert",
            "--to",
            "gateway-api",
            "--gateway-api-channel",
            "experimental",
            "-f",
        ])
        .arg(case("retries-timeouts.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    crd::experimental().assert_accepted(&stdout, "experimental channel");
    let docs = crd::documents(&stdout);
    let rule = &find(&docs, "HTTPRoute", "reviews-mesh")["spec"]["rules"][0];
    assert_eq!(rule["retry"]["attempts"], 3, "{stdout}");
    assert_eq!(rule["timeouts"]["request"], "1500ms", "{stdout}");
}

#[test]
fn more_than_16_paths_on_a_host_are_split_across_httproutes() {
    let (out, _) = convert(&case("many-paths.yaml"), "gateway-api");
    let docs = crd::documents(&out);
    let routes: Vec<_> = docs.iter().filter(|d| d["kind"] == "HTTPRoute").collect();
    assert_eq!(routes.len(), 2, "{out}");
    let rules: usize = routes
        .iter()
        .map(|r| r["spec"]["rules"].as_array().unwrap().len())
        .sum();
    assert_eq!(rules, 20, "every path kept: {out}");
    assert!(
        routes
            .iter()
            .all(|r| r["spec"]["hostnames"][0] == "many.example.com")
    );
}

#[test]
fn an_exact_path_under_a_prefix_rewrite_gets_the_rewritten_full_path() {
    let (out, _) = convert(&case("exact-rewrite.yaml"), "gateway-api");
    let docs = crd::documents(&out);
    let rule = &find(&docs, "HTTPRoute", "exact")["spec"]["rules"][0];
    assert_eq!(rule["matches"][0]["path"]["type"], "Exact", "{out}");
    assert_eq!(
        rule["filters"][0]["urlRewrite"]["path"],
        serde_json::json!({"type": "ReplaceFullPath", "replaceFullPath": "/internal/v1/status"}),
        "serve replaces the rule's prefix /api/ of /api/v1/status: {out}"
    );
}

#[test]
fn cors_origins_gateway_api_refuses_are_named_not_emitted() {
    let (out, warnings) = convert(&case("cors-origins.yaml"), "gateway-api");
    assert!(
        warnings.contains(
            "RouteRule default/cors-bare: corsPolicy.allowOrigin [\"app.example.com\"] dropped"
        ),
        "{warnings}"
    );
    assert!(
        warnings
            .contains("RouteRule default/cors-star: corsPolicy.allowOrigin: * admits every origin"),
        "{warnings}"
    );
    let docs = crd::documents(&out);
    let mesh = find(&docs, "HTTPRoute", "web-mesh");
    let origins: Vec<&serde_json::Value> = mesh["spec"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["filters"][0]["cors"]["allowOrigins"])
        .collect();
    assert_eq!(
        origins,
        [
            &serde_json::json!(["https://ok.example.com"]),
            &serde_json::json!(["*"])
        ],
        "{out}"
    );
}

#[test]
fn method_matches_become_the_methods_they_admit() {
    let (out, warnings) = convert(&case("method-match.yaml"), "gateway-api");
    assert!(
        warnings.contains("RouteRule default/lower-get: not converted: its method match (exact \"get\") admits no request"),
        "{warnings}"
    );
    let docs = crd::documents(&out);
    let methods = |redirect: &str| -> Vec<String> {
        let mesh = find(&docs, "HTTPRoute", "web-mesh");
        let rule = mesh["spec"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["filters"][0]["requestRedirect"]["path"]["replaceFullPath"] == redirect)
            .unwrap_or_else(|| panic!("{redirect}: {out}"));
        rule["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["method"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(methods("/put-post-patch"), ["POST", "PUT", "PATCH"]);
    assert_eq!(methods("/safe"), ["GET", "HEAD"]);
    assert!(!out.contains("/lower"), "{out}");
}

#[test]
fn route_rules_of_two_namespaces_stay_two_virtualservices() {
    let (out, _) = convert(&case("namespaces.yaml"), "istio");
    let docs = crd::documents(&out);
    let vs: Vec<(String, String)> = docs
        .iter()
        .filter(|d| d["kind"] == "VirtualService")
        .map(|d| {
            (
                d["metadata"]["namespace"].as_str().unwrap().into(),
                d["spec"]["hosts"][0].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        vs,
        [
            ("team-a".into(), "reviews.team-a.svc.cluster.local".into()),
            ("team-b".into(), "reviews.team-b.svc.cluster.local".into())
        ]
    );
}

#[test]
fn each_tls_host_gets_its_own_certificate_and_the_gateway_may_read_it() {
    let (out, warnings) = convert(&case("tls-hosts.yaml"), "istio");
    let docs = crd::documents(&out);
    let servers = &find(&docs, "Gateway", "istio-autogenerated-k8s-ingress")["spec"]["servers"];
    let certs: Vec<(String, String)> = servers
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|s| {
            (
                s["hosts"][0].as_str().unwrap().into(),
                s["tls"]["credentialName"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        certs,
        [
            ("a.example.com".into(), "a-cert".into()),
            ("b.example.com".into(), "b-cert".into()),
            ("c.example.com".into(), "istio-ingress-certs".into())
        ]
    );
    assert!(
        warnings.contains("Secret shop/a-cert must be copied to istio-system"),
        "{warnings}"
    );

    let (out, warnings) = convert(&case("tls-hosts.yaml"), "gateway-api");
    let docs = crd::documents(&out);
    let listeners = &find(&docs, "Gateway", "istio-autogenerated-k8s-ingress")["spec"]["listeners"];
    let b = listeners
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["hostname"] == "b.example.com")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        b["tls"]["certificateRefs"],
        serde_json::json!([{"name": "b-cert", "namespace": "shop"}])
    );
    let grant = docs
        .iter()
        .find(|d| d["kind"] == "ReferenceGrant")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(grant["metadata"]["namespace"], "shop");
    assert_eq!(
        grant["spec"]["to"],
        serde_json::json!([{"group": "", "kind": "Secret", "name": "a-cert"}, {"group": "", "kind": "Secret", "name": "b-cert"}])
    );
    assert!(
        warnings.contains("Ingress shop/c: tls for [\"c.example.com\"] has no secretName"),
        "{warnings}"
    );
}

#[test]
fn a_kubernetes_prefix_stays_element_wise_in_istio() {
    let (out, _) = convert(&case("mesh-no-service.yaml"), "istio");
    let docs = crd::documents(&out);
    let http = &find(&docs, "VirtualService", "ingress-shop-example-com")["spec"]["http"];
    let api = http
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "named-port-1")
        .unwrap_or_else(|| panic!("{out}"));
    let uris: Vec<&serde_json::Value> = api["match"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["uri"])
        .collect();
    assert_eq!(
        uris,
        [
            &serde_json::json!({"exact": "/api"}),
            &serde_json::json!({"prefix": "/api/"})
        ],
        "Prefix /api matches /api and /api/..., never /apix: {out}"
    );
}

#[test]
fn json_output_carries_what_was_not_converted_as_data() {
    let out = ingressctl()
        .args(["convert", "--to", "gateway-api", "-o", "json", "-f"])
        .arg(case("mesh-no-service.yaml"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["object"] == "RouteRule default/reviews-default"
                && w["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("not converted: the port of Service reviews is unknown")),
        "{v:#}"
    );
}

#[test]
fn empty_prefixes_istios_webhook_refuses_are_never_written() {
    let (out, _) = convert(&case("review-fr2.yaml"), "istio");
    assert!(!out.contains("prefix: ''"), "{out}");
    let docs = crd::documents(&out);
    let route = &find(&docs, "VirtualService", "api")["spec"]["http"][0];
    assert_eq!(
        route["match"][0]["headers"]["x-a"],
        serde_json::json!({"regex": ".*"})
    );
    assert!(
        route["match"][0].get("method").is_none(),
        "any method: {out}"
    );
}

#[test]
fn an_unweighted_entry_of_a_split_gets_no_traffic_in_gateway_api() {
    let (out, _) = convert(&case("review-w.yaml"), "gateway-api");
    let weights: Vec<Option<i64>> = crd::documents(&out)
        .iter()
        .filter(|d| d["kind"] == "HTTPRoute")
        .flat_map(|d| d["spec"]["rules"].as_array().cloned().unwrap_or_default())
        .flat_map(|r| r["backendRefs"].as_array().cloned().unwrap_or_default())
        .map(|b| b["weight"].as_i64())
        .collect();
    assert!(weights.contains(&Some(0)), "{out}");
    assert!(
        !weights.contains(&None),
        "every entry of the split is weighted: {out}"
    );
}

/// Peak resident memory, in KiB, of `ingressctl ARGS` (from the kernel's accounting of the
/// waited-for child, through Python's `resource`: nothing between two samples is missed;
/// `ru_maxrss` is in KiB on Linux).
#[cfg(target_os = "linux")]
fn peak_kib(args: &[&str]) -> u64 {
    let script = "import resource, subprocess, sys\n\
                  done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n\
                  print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(assert_cmd::cargo::cargo_bin("ingressctl"))
        .args(args)
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let (code, kib) = text.trim().split_once(' ').expect("code and peak");
    assert_eq!(code, "0", "ingressctl {args:?} failed");
    kib.parse().expect("a number")
}

#[test]
#[cfg(target_os = "linux")]
fn converting_20000_paths_to_istio_holds_no_json_tree_per_path() {
    // bench/memory.sh's input: 10,000 Ingresses with two paths each in 50 namespaces.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ingresses.yaml");
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: app-{i}\n  namespace: team-{}\n  annotations:\n    kubernetes.io/ingress.class: istio\nspec:\n  rules:\n  - host: app-{i}.example.com\n    http:\n      paths:\n",
            i % 50
        ));
        for p in 0..2 {
            text.push_str(&format!("      - path: /api/v{p}/\n        pathType: Prefix\n        backend:\n          service:\n            name: svc-{i}\n            port:\n              number: 80\n"));
        }
    }
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    // The target is 64 MiB for the release build (bench/memory.sh); this debug build takes
    // about 60 MiB. Holding every path's routes as JSON trees until the end took 160 MiB
    // (debug and release alike).
    let kib = peak_kib(&["convert", "--to", "istio", "-f", file]);
    assert!(kib < 96 * 1024, "convert peaked at {} MiB", kib / 1024);
}
