//! `create ingress` and `create routerule` through the binary.

use crate::support::{run, yaml_value};

fn guide(name: &str) -> serde_json::Value {
    yaml_value(&std::fs::read_to_string(crate::support::guide_path(name)).expect("guide manifest"))
}

#[test]
fn guide_simple_ingress_comes_out_of_one_command() {
    let (code, out, _) = run(&[
        "create",
        "ingress",
        "simple-ingress",
        "--api-version",
        "extensions/v1beta1",
        "--rule",
        "/status/.*=httpbin:8000",
    ]);
    assert_eq!(code, 0);
    assert_eq!(yaml_value(&out), guide("simple-ingress.yaml"));
}

#[test]
fn guide_secure_ingress_comes_out_of_one_command() {
    let (code, out, _) = run(&[
        "create",
        "ingress",
        "secure-ingress",
        "--api-version",
        "extensions/v1beta1",
        "--rule",
        "/status/.*=httpbin:8000,tls",
        "--rule",
        "/delay/.*=httpbin:8000,tls",
    ]);
    assert_eq!(code, 0);
    assert_eq!(yaml_value(&out), guide("secure-ingress.yaml"));
}

#[test]
fn guide_status_route_comes_out_of_one_command() {
    let (code, out, _) = run(&[
        "create",
        "routerule",
        "status-route",
        "--destination",
        "httpbin",
        "--source",
        "istio-ingress",
        "--source-label",
        "istio=ingress",
        "--match-prefix",
        "/delay/",
        "--route",
        "100",
        "--timeout",
        "4s",
    ]);
    assert_eq!(code, 0);
    assert_eq!(yaml_value(&out), guide("status-route.yaml"));
}

#[test]
fn v1_ingress_translates_legacy_paths_and_says_so() {
    let (code, out, err) = run(&[
        "create",
        "ingress",
        "web",
        "-n",
        "shop",
        "--rule",
        "foo.bar.com/status/.*=httpbin:http,tls",
        "--rule",
        "foo.bar.com/headers=httpbin:8000",
        "--annotation",
        "team=web",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("create_ingress_v1", out);
    assert!(
        err.contains("path /status/.* written as pathType Prefix /status/"),
        "{err}"
    );
    assert!(err.contains("annotation `team` is ignored"), "{err}");
}

#[test]
fn json_output_is_the_same_object() {
    let args = [
        "create",
        "ingress",
        "x",
        "--rule",
        "/a*=svc:80",
        "--default-backend",
        "fallback:80",
    ];
    let (_, yaml, _) = run(&args);
    let (code, json, _) = run(&[&args[..], &["-o", "json"]].concat());
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json, yaml_value(&yaml));
    assert_eq!(
        json["spec"]["defaultBackend"]["service"]["name"],
        "fallback"
    );
}

#[test]
fn every_routerule_flag_lands_in_its_field() {
    let (code, out, err) = run(&[
        "create",
        "routerule",
        "everything",
        "--destination",
        "reviews",
        "--precedence",
        "2",
        "--match-regex",
        "^/api/v[0-9]+/.*",
        "--header",
        "x-user=exact:jason",
        "--route",
        "version=v1=80",
        "--route",
        "@reviews-canary,version=v2=20",
        "--timeout",
        "3s",
        "--retries",
        "2",
        "--per-try-timeout",
        "1s",
        "--rewrite-uri",
        "/v2",
        "--rewrite-authority",
        "reviews.internal",
        "--websocket",
        "--fault-delay",
        "2s@10",
        "--fault-abort",
        "503@5",
        "--mirror",
        "reviews-shadow",
        "--cors-allow-origin",
        "*",
        "--cors-allow-method",
        "GET",
        "--cors-allow-header",
        "x-token",
        "--cors-expose-header",
        "x-trace",
        "--cors-max-age",
        "24h",
        "--cors-allow-credentials",
        "true",
        "--append-header",
        "x-via=ingressctl",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("create_routerule_all_fields", out);
}

#[test]
fn conflicting_flags_are_a_usage_error() {
    let (code, out, err) = run(&[
        "create",
        "routerule",
        "r",
        "--destination",
        "a",
        "--redirect-uri",
        "/x",
        "--route",
        "version=v1=100",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("ICTL0204"), "{err}");
}

#[test]
fn bad_rule_grammar_is_a_usage_error_naming_the_flag() {
    for bad in ["foo.com", "/x=svc", "/x=svc:99999", "/x=svc:80,tlx"] {
        let (code, _, err) = run(&["create", "ingress", "x", "--rule", bad]);
        assert_eq!(code, 2, "{bad}");
        assert!(err.contains("invalid --rule"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn weights_must_total_100() {
    let (code, _, err) = run(&[
        "create",
        "routerule",
        "r",
        "--destination",
        "a",
        "--route",
        "version=v1=60",
        "--route",
        "version=v2=30",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("route weights total 90"), "{err}");
}

#[test]
fn dry_runs_follow_kubectls_habits() {
    let args = ["create", "ingress", "x", "--rule", "/a=s:80"];
    // --dry-run=client alone prints, as `kubectl create --dry-run=client -o yaml` does.
    let (code, out, err) = run(&[&args[..], &["--dry-run=client"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("kind: Ingress"), "{out}");
    // --dry-run=server asks the server, so it needs a cluster (none here: exit 1, said).
    let (code, out, err) = run(&[
        &args[..],
        &["--dry-run=server", "--kubeconfig", "/nonexistent"],
    ]
    .concat());
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("/nonexistent"), "{err}");
    let (code, _, err) = run(&[&args[..], &["--force-conflicts"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("--force-conflicts needs --apply"), "{err}");
}
