use super::*;
use crate::manifest::{Manifest, Source, load};

fn ingresses(yaml: &str) -> Vec<Ingress> {
    load(&[Source::from_text("t.yaml", yaml)])
        .objects
        .into_iter()
        .filter_map(|o| match o.manifest {
            Manifest::Ingress(i) => Some(std::sync::Arc::unwrap_or_clone(i)),
            _ => None,
        })
        .collect()
}

fn carried(yaml: &str) -> Carried {
    let all = ingresses(yaml);
    let refs: Vec<&Ingress> = all.iter().collect();
    carry(&refs, &[])
}

/// A rule that only lets WebSocket upgrades through, as ingress-nginx did on every path.
fn only_websocket(rule: &RouteRule) -> bool {
    let s = &rule.spec;
    s.websocket_upgrade == Some(true)
        && s.rewrite.is_none()
        && s.redirect.is_none()
        && s.cors_policy.is_none()
        && s.http_req_timeout.is_none()
        && s.route.is_empty()
}

fn uri(rule: &RouteRule) -> (String, String) {
    let m = rule.uri_match().cloned().unwrap_or_default();
    match (m.exact, m.prefix, m.regex) {
        (Some(e), _, _) => ("exact".into(), e),
        (_, Some(p), _) => ("prefix".into(), p),
        (_, _, Some(r)) => ("regex".into(), r),
        _ => ("none".into(), String::new()),
    }
}

const REWRITE: &str = r#"
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rewrite
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  rules:
  - host: rewrite.bar.com
    http:
      paths:
      - path: /something(/|$)(.*)
        pathType: ImplementationSpecific
        backend: {service: {name: http-svc, port: {number: 80}}}
"#;

#[test]
fn the_documented_capture_rewrite_becomes_an_exact_and_a_prefix_rule() {
    let c = carried(REWRITE);
    assert_eq!(c.rules.len(), 2, "{:?}", c.rules);
    let legs: Vec<_> = c
        .rules
        .iter()
        .map(|r| (uri(r), r.spec.rewrite.clone().and_then(|w| w.uri)))
        .collect();
    assert_eq!(
        legs[0],
        (("exact".into(), "/something".into()), Some("/".into()))
    );
    assert_eq!(
        legs[1],
        (("prefix".into(), "/something/".into()), Some("/".into()))
    );
    for r in &c.rules {
        assert_eq!(
            r.destination_ref(),
            Some(("default".into(), "http-svc".into()))
        );
        assert_eq!(r.metadata.namespace.as_deref(), Some("default"));
        let source = r
            .spec
            .match_
            .as_ref()
            .and_then(|m| m.source.as_ref())
            .and_then(|s| s.name.clone());
        assert_eq!(source.as_deref(), Some(INGRESS_SOURCE));
    }
    assert_ne!(c.rules[0].metadata.name, c.rules[1].metadata.name);
    assert!(c.rules[0].spec.precedence < c.rules[1].spec.precedence.map(|p| p + 100));
    assert!(
        c.left
            .iter()
            .all(|l| !l.annotation.ends_with("rewrite-target")),
        "{:?}",
        c.left
    );
}

#[test]
fn a_rewrite_of_a_shared_service_that_no_rule_can_say_is_left_with_the_shape_to_use() {
    let yaml = r#"
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  rules:
  - http:
      paths:
      - {path: /a, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /b, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
"#;
    let c = carried(yaml);
    assert!(c.rules.iter().all(only_websocket), "{:?}", c.rules);
    assert_eq!(c.left.len(), 2);
    assert!(c.left[0].why.contains("/a(/|$)(.*)"), "{}", c.left[0].why);
}

#[test]
fn a_whole_path_rewrite_of_a_service_behind_one_path_has_no_uri_condition() {
    let yaml = REWRITE
        .replace("/something(/|$)(.*)", "/something")
        .replace("/$2", "/");
    let c = carried(&yaml);
    assert_eq!(c.rules.len(), 1);
    assert_eq!(uri(&c.rules[0]).0, "none");
    assert_eq!(
        c.rules[0]
            .spec
            .rewrite
            .as_ref()
            .and_then(|w| w.uri.as_deref()),
        Some("/")
    );
}

const CANARY: &str = r#"
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: main
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "5"
spec:
  rules:
  - host: echo.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: prod, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: canary
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-weight: "10"
    nginx.ingress.kubernetes.io/canary-by-header: X-Canary
    nginx.ingress.kubernetes.io/proxy-read-timeout: "99"
spec:
  rules:
  - host: echo.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: canary, port: {number: 80}}}}
"#;

#[test]
fn a_canary_becomes_header_rules_before_a_weighted_rule_with_the_main_ingress_fields() {
    let c = carried(CANARY);
    assert_eq!(c.canaries, vec!["Ingress default/canary".to_string()]);
    assert_eq!(c.rules.len(), 3, "{:#?}", c.rules);
    let mut rules = c.rules.clone();
    rules.sort_by_key(|r| std::cmp::Reverse(r.spec.precedence));
    let header = |r: &RouteRule| {
        r.spec
            .match_
            .as_ref()
            .and_then(|m| m.request.as_ref())
            .and_then(|q| q.headers.get("x-canary"))
            .and_then(|m| m.exact.clone())
    };
    let routes = |r: &RouteRule| -> Vec<(String, i32)> {
        r.spec
            .route
            .iter()
            .map(|w| {
                (
                    w.destination
                        .as_ref()
                        .and_then(|d| d.name.clone())
                        .unwrap_or_default(),
                    w.weight.unwrap_or(0),
                )
            })
            .collect()
    };
    let always = rules
        .iter()
        .find(|r| header(r).as_deref() == Some("always"))
        .expect("always rule");
    assert_eq!(routes(always), vec![("canary".to_string(), 100)]);
    let never = rules
        .iter()
        .find(|r| header(r).as_deref() == Some("never"))
        .expect("never rule");
    assert_eq!(routes(never), vec![("prod".to_string(), 100)]);
    assert_eq!(
        routes(&rules[2]),
        vec![("prod".to_string(), 90), ("canary".to_string(), 10)]
    );
    assert!(rules[2].spec.precedence < always.spec.precedence);
    for r in &rules {
        assert_eq!(r.destination_ref(), Some(("default".into(), "prod".into())));
        let t = r
            .spec
            .http_req_timeout
            .as_ref()
            .and_then(|t| t.simple_timeout.as_ref())
            .and_then(|s| s.timeout.clone());
        assert_eq!(
            t.as_deref(),
            Some("5s"),
            "the main Ingress's timeout applies to canary traffic too"
        );
    }
    assert!(
        c.left.iter().any(|l| l.object == "Ingress default/canary"
            && l.annotation.ends_with("proxy-read-timeout"))
    );
}

#[test]
fn a_canary_weight_is_a_share_of_its_total() {
    let yaml = CANARY
        .replace(
            "canary-weight: \"10\"",
            "canary-weight: \"1\"\n    nginx.ingress.kubernetes.io/canary-weight-total: \"4\"",
        )
        .replace(
            "    nginx.ingress.kubernetes.io/canary-by-header: X-Canary\n",
            "",
        );
    let c = carried(&yaml);
    assert_eq!(c.rules.len(), 1);
    let weights: Vec<i32> = c.rules[0]
        .spec
        .route
        .iter()
        .filter_map(|w| w.weight)
        .collect();
    assert_eq!(weights, vec![75, 25]);
}

#[test]
fn cors_gets_ingress_nginx_defaults_and_a_permanent_redirect_says_its_code_is_lost() {
    let yaml = r#"
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://a.example, https://b.example"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: moved
  annotations:
    nginx.ingress.kubernetes.io/permanent-redirect: https://www.example.com/new
spec:
  rules:
  - http:
      paths:
      - {path: /old, pathType: Prefix, backend: {service: {name: old, port: {number: 80}}}}
"#;
    let yaml = yaml.replace(
        "cors-allow-origin: \"https://a.example, https://b.example\"\n",
        "cors-allow-origin: \"https://a.example, https://b.example\"\nspec:\n  rules:\n  - http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}\n",
    );
    let c = carried(&yaml);
    let cors = c
        .rules
        .iter()
        .find_map(|r| r.spec.cors_policy.clone())
        .expect("cors");
    assert_eq!(
        cors.allow_origin,
        vec!["https://a.example", "https://b.example"]
    );
    assert_eq!(cors.allow_methods.len(), 6);
    assert_eq!(cors.max_age.as_deref(), Some("1728000s"));
    assert_eq!(cors.allow_credentials, Some(true));
    let redirect = c
        .rules
        .iter()
        .find_map(|r| r.spec.redirect.clone())
        .expect("redirect");
    assert_eq!(redirect.uri.as_deref(), Some("/new"));
    assert_eq!(redirect.authority.as_deref(), Some("www.example.com"));
    let whys: Vec<&str> = c.left.iter().map(|l| l.why.as_str()).collect();
    assert!(whys.iter().any(|w| w.contains("answered 301")), "{whys:?}");
    assert!(
        whys.iter().any(|w| w.contains("`https` scheme")),
        "{whys:?}"
    );
}

#[test]
fn what_no_rule_carries_is_named_with_the_reason() {
    let yaml = r#"
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: locked
  annotations:
    nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8
    nginx.ingress.kubernetes.io/limit-rps: "ten"
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
"#;
    let c = carried(yaml);
    assert!(c.rules.iter().all(only_websocket), "{:?}", c.rules);
    let found: Vec<(&str, &str)> = c
        .left
        .iter()
        .map(|l| (l.annotation.as_str(), l.why.as_str()))
        .collect();
    assert!(
        found
            .iter()
            .any(|(a, w)| a.ends_with("whitelist-source-range") && w.contains("NetworkPolicy")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(a, w)| a.ends_with("limit-rps") && w.contains("not a whole number")),
        "{found:?}"
    );
}

fn ingress_yaml(
    name: &str,
    host: &str,
    annotations: &[(&str, &str)],
    paths: &[(&str, &str, &str, u16)],
) -> String {
    let a: String = annotations
        .iter()
        .map(|(k, v)| format!("    nginx.ingress.kubernetes.io/{k}: \"{v}\"\n"))
        .collect();
    let p: String = paths
        .iter()
        .map(|(path, t, svc, port)| format!("      - {{path: \"{path}\", pathType: {t}, backend: {{service: {{name: {svc}, port: {{number: {port}}}}}}}}}\n"))
        .collect();
    let annotations = if a.is_empty() {
        " {}\n".to_string()
    } else {
        format!("\n{a}")
    };
    format!(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  annotations:{annotations}spec:\n  rules:\n  - host: {host}\n    http:\n      paths:\n{p}---\n"
    )
}

fn rule_for_uri<'a>(c: &'a Carried, kind: &str, text: &str) -> Vec<&'a RouteRule> {
    c.rules
        .iter()
        .filter(|r| uri(r) == (kind.to_string(), text.to_string()))
        .collect()
}

#[test]
fn another_ingress_path_to_the_same_service_is_shielded_from_a_carried_rule() {
    let yaml = ingress_yaml(
        "moved",
        "shop.com",
        &[("permanent-redirect", "https://new.shop.com")],
        &[("/", "Prefix", "web", 80)],
    ) + &ingress_yaml("api", "shop.com", &[], &[("/api", "Prefix", "web", 80)]);
    let c = carried(&yaml);
    let redirect = rule_for_uri(&c, "prefix", "/");
    let shield = rule_for_uri(&c, "prefix", "/api/");
    assert_eq!((redirect.len(), shield.len()), (1, 1), "{:#?}", c.rules);
    assert_eq!(
        rule_for_uri(&c, "exact", "/api").len(),
        1,
        "and its bare path"
    );
    assert!(shield[0].spec.redirect.is_none() && shield[0].spec.rewrite.is_none());
    assert!(
        shield[0].spec.precedence > redirect[0].spec.precedence,
        "the shield comes first"
    );
}

/// A user's RouteRule named `name` that sends the `reviews` Service's traffic to version v1.
fn reviews_v1_rule(name: &str) -> RouteRule {
    serde_json::from_value(serde_json::json!({
        "apiVersion": "config.istio.io/v1alpha2", "kind": "RouteRule", "metadata": {"name": name},
        "spec": {"destination": {"name": "reviews"}, "route": [{"labels": {"version": "v1"}}]}
    }))
    .expect("rule")
}

#[test]
fn a_service_with_rules_of_its_own_is_named() {
    let yaml = ingress_yaml(
        "web",
        "shop.com",
        &[("proxy-read-timeout", "30")],
        &[("/", "Prefix", "reviews", 80)],
    );
    let all = ingresses(&yaml);
    let refs: Vec<&Ingress> = all.iter().collect();
    let user = reviews_v1_rule("reviews-v1");
    let c = carry(&refs, &[&user]);
    assert!(
        c.left
            .iter()
            .any(|l| l.why.contains("reviews-v1") && l.why.contains("merge them by hand")),
        "{:?}",
        c.left
    );
}

#[test]
fn values_no_route_rule_takes_are_named_and_the_rules_stay_valid() {
    let yaml = ingress_yaml(
        "odd",
        "odd.com",
        &[
            ("proxy-read-timeout", "0"),
            ("enable-cors", "true"),
            ("cors-max-age", "0"),
            ("cors-allow-methods", "GET, PURGE"),
            ("x-forwarded-prefix", ""),
        ],
        &[("/", "Prefix", "web", 80)],
    );
    let c = carried(&yaml);
    let rule = &c.rules[0];
    assert!(rule.spec.http_req_timeout.is_none());
    assert!(rule.spec.append_headers.is_empty());
    let cors = rule.spec.cors_policy.as_ref().expect("cors");
    assert_eq!(cors.allow_methods, vec!["GET"]);
    assert!(cors.max_age.is_none());
    let named: Vec<&str> = c.left.iter().map(|l| l.annotation.as_str()).collect();
    for key in ["proxy-read-timeout", "cors-max-age", "cors-allow-methods"] {
        assert!(
            named.iter().any(|n| n.ends_with(key)),
            "{key} not named: {named:?}"
        );
    }
}

#[test]
fn a_canary_on_another_port_is_named_not_carried() {
    let yaml = ingress_yaml("main", "c.com", &[], &[("/", "Prefix", "web", 80)])
        + &ingress_yaml(
            "can",
            "c.com",
            &[("canary", "true"), ("canary-weight", "10")],
            &[("/", "Prefix", "web-canary", 8080)],
        );
    let c = carried(&yaml);
    assert!(
        c.rules.iter().all(|r| r.spec.route.is_empty()),
        "{:#?}",
        c.rules
    );
    assert!(
        c.left.iter().any(|l| l.why.contains("port 8080")),
        "{:?}",
        c.left
    );
}

#[test]
fn temporal_redirect_wins_as_in_ingress_nginx() {
    let yaml = ingress_yaml(
        "both",
        "r.com",
        &[
            ("permanent-redirect", "http://p.com/"),
            ("temporal-redirect", "http://t.com/"),
        ],
        &[("/", "Prefix", "web", 80)],
    );
    let c = carried(&yaml);
    let redirect = c.rules[0].spec.redirect.as_ref().expect("redirect");
    assert_eq!(redirect.authority.as_deref(), Some("t.com"));
    assert!(
        c.left
            .iter()
            .any(|l| l.annotation.ends_with("permanent-redirect") && l.why.contains("first"))
    );
}

#[test]
fn an_exact_path_on_a_regex_host_is_a_prefix_as_ingress_nginx_made_it() {
    let yaml = ingress_yaml(
        "x",
        "x.com",
        &[("use-regex", "true"), ("proxy-read-timeout", "5")],
        &[("/api", "Exact", "web", 80)],
    );
    let c = carried(&yaml);
    assert_eq!(uri(&c.rules[0]), ("prefix".into(), "/api".into()));
    assert_eq!(c.paths.len(), 1);
    assert_eq!(
        (c.paths[0].text.as_str(), c.paths[0].path_type.as_str()),
        ("/api.*", "ImplementationSpecific")
    );
}

#[test]
fn only_ingresses_written_for_ingress_nginx_redirect_to_https() {
    let native = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: n}\nspec:\n  tls: [{hosts: [a.com]}]\n  rules: [{host: a.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]\n";
    assert_eq!(https_redirect(&ingresses(native)[0]), None);
    let nginx = native.replace(
        "metadata: {name: n}",
        "metadata: {name: n, annotations: {nginx.ingress.kubernetes.io/proxy-read-timeout: \"5\"}}",
    );
    assert_eq!(https_redirect(&ingresses(&nginx)[0]), Some(true));
    let off = nginx.replace("proxy-read-timeout: \"5\"", "ssl-redirect: \"false\"");
    assert_eq!(https_redirect(&ingresses(&off)[0]), Some(false));
}

#[test]
fn rule_names_stay_within_an_object_name() {
    let long = "a".repeat(253);
    let name = rule_name(&long, 12);
    assert!(name.len() <= MAX_NAME, "{}", name.len());
    assert!(name.ends_with("-nginx-12"));
    assert_ne!(name, rule_name(&format!("{}b", &long[..252]), 12));
}

#[test]
fn every_path_of_an_ingress_nginx_ingress_takes_websocket_upgrades() {
    let yaml = ingress_yaml(
        "ws",
        "ws.com",
        &[("proxy-body-size", "8m")],
        &[
            ("/", "Prefix", "web", 80),
            ("/socket", "Prefix", "chat", 80),
        ],
    );
    let c = carried(&yaml);
    assert_eq!(c.rules.len(), 3, "`/`, and `/socket` by whole segments");
    assert!(c.rules.iter().all(only_websocket), "{:#?}", c.rules);
    let native = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: n}\nspec:\n  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]\n";
    assert!(
        carried(native).rules.is_empty(),
        "an Ingress not written for ingress-nginx gets no rule"
    );
}

#[test]
fn a_host_rule_comes_before_a_host_less_one_whatever_their_lengths() {
    // A has no host and /api/v1 with CORS; B has b.com and /api, plain: b.com/api/v1/x is
    // routed to B, so B's shield must win over A's longer rule.
    let yaml = ingress_yaml(
        "a",
        "",
        &[("enable-cors", "true")],
        &[("/api/v1", "Prefix", "web", 80)],
    )
    .replace("  - host: \n", "  - \n")
        + &ingress_yaml("b", "b.com", &[], &[("/api", "Prefix", "web", 80)]);
    let c = carried(&yaml);
    let cors = c
        .rules
        .iter()
        .filter(|r| r.spec.cors_policy.is_some())
        .map(|r| r.spec.precedence)
        .max();
    let shield = c
        .rules
        .iter()
        .filter(|r| r.metadata.name.starts_with("b-"))
        .map(|r| r.spec.precedence)
        .min();
    assert!(shield > cors, "{:#?}", c.rules);
}

#[test]
fn a_prefix_path_is_carried_by_whole_segments() {
    let yaml = ingress_yaml(
        "a",
        "a.com",
        &[("upstream-vhost", "x")],
        &[("/api", "Prefix", "web", 80)],
    );
    let c = carried(&yaml);
    let uris: Vec<(String, String)> = c.rules.iter().map(uri).collect();
    assert_eq!(
        uris,
        vec![
            ("exact".into(), "/api".into()),
            ("prefix".into(), "/api/".into())
        ]
    );
}

#[test]
fn a_service_that_is_also_a_default_backend_is_named_and_never_a_sole_path() {
    let yaml = ingress_yaml(
        "a",
        "a.com",
        &[("rewrite-target", "/")],
        &[("/api", "Prefix", "web", 80)],
    ) + "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: d}\nspec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n";
    let c = carried(&yaml);
    assert!(
        c.rules.iter().all(|r| r.spec.rewrite.is_none()),
        "no whole-path rewrite: {:#?}",
        c.rules
    );
    let named: Vec<&str> = c.left.iter().map(|l| l.annotation.as_str()).collect();
    assert!(named.contains(&"(default backend)"), "{named:?}");
    assert!(
        named.iter().any(|n| n.ends_with("rewrite-target")),
        "{named:?}"
    );
}

#[test]
fn websocket_only_rules_stay_off_services_with_rules_of_their_own() {
    let yaml = ingress_yaml(
        "a",
        "a.com",
        &[("proxy-body-size", "1m")],
        &[("/", "Prefix", "reviews", 80)],
    );
    let all = ingresses(&yaml);
    let refs: Vec<&Ingress> = all.iter().collect();
    let user = reviews_v1_rule("v1");
    let c = carry(&refs, &[&user]);
    assert!(c.rules.is_empty(), "{:#?}", c.rules);
    assert!(
        c.left.iter().any(|l| l.annotation == "(websocket)"),
        "{:?}",
        c.left
    );
}

#[test]
fn huge_numbers_are_named_not_overflowed() {
    let yaml = ingress_yaml(
        "big",
        "b.com",
        &[
            ("proxy-read-timeout", "10000000000"),
            ("proxy-next-upstream-tries", "99999999999"),
        ],
        &[("/", "Prefix", "web", 80)],
    ) + &ingress_yaml(
        "can",
        "b.com",
        &[
            ("canary", "true"),
            ("canary-weight", "100000000000000000"),
            ("canary-weight-total", "100000000000000000"),
        ],
        &[("/", "Prefix", "canary", 80)],
    );
    let c = carried(&yaml);
    assert!(c.rules.iter().all(|r| r.spec.http_req_timeout.is_none()));
    assert!(
        c.left
            .iter()
            .any(|l| l.annotation.ends_with("proxy-read-timeout"))
    );
    let weights: Vec<i32> = c
        .rules
        .iter()
        .flat_map(|r| r.spec.route.iter().filter_map(|w| w.weight))
        .collect();
    assert!(
        weights.contains(&100),
        "the whole share goes to the canary: {weights:?}"
    );
}

#[test]
fn an_empty_canary_header_value_is_unset_as_in_ingress_nginx() {
    let yaml = ingress_yaml("main", "c.com", &[], &[("/", "Prefix", "web", 80)])
        + &ingress_yaml(
            "can",
            "c.com",
            &[
                ("canary", "true"),
                ("canary-by-header", "X-Canary"),
                ("canary-by-header-value", ""),
            ],
            &[("/", "Prefix", "web-canary", 80)],
        );
    let c = carried(&yaml);
    let values: Vec<String> = c
        .rules
        .iter()
        .filter_map(|r| {
            r.spec
                .match_
                .as_ref()?
                .request
                .as_ref()?
                .headers
                .get("x-canary")?
                .exact
                .clone()
        })
        .collect();
    assert_eq!(values, vec!["always".to_string(), "never".to_string()]);
}
