//! `convert` golden tests: one input per RouteRule feature, both target APIs, with the
//! warnings for what had no equivalent; every VirtualService subset must resolve.

use std::path::Path;

use crate::support::ingressctl;

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
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
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
        warnings.contains("no Service manifest for default/ratings"),
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
