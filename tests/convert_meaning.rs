//! `convert` keeps the meaning: for each target, the converted objects route a table of
//! requests (hosts, paths, headers, methods) to the same backends, with the same rewrites and
//! redirects, as `serve` does for the input. serve is the oracle (it implements the input's
//! semantics): it runs for real, with a real backend per Service and version. The converted
//! objects are read by a small interpreter of each target's routing rules as Istio applies
//! them: a VirtualService's `http[]` in order, first match wins; Gateway API rules of the most
//! specific hostname, ordered as Istio orders them (exact, then prefix, then regex paths,
//! longer first, then method, then more headers).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::crd;
use crate::support::serve::{Backend, Serve};

/// One request of the table.
#[derive(Debug, Clone)]
struct Req {
    host: String,
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

/// Where a request ends.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Forwarded to a backend (`service` or `service-VERSION`) with this path.
    Backend { name: String, path: String },
    /// Redirected.
    Redirect { status: u16, location: String },
    /// No route.
    NotFound,
}

fn input(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The documents `convert --to TO` makes of `input`, checked against the CRDs, and the
/// request paths where convert said the target matches more than serve: a character prefix
/// `/x/` written as Gateway API's element-wise `PathPrefix /x/` also matches `/x`.
fn converted(input: &Path, to: &str) -> (Vec<Value>, Vec<String>) {
    let out = crate::support::ingressctl()
        .args(["convert", "--to", to, "-f"])
        .arg(input)
        .output()
        .expect("convert ran");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    crd::standard().assert_accepted(&text, &format!("{} --to {to}", input.display()));
    let warned = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| l.split_once(", which also matches "))
        .filter_map(|(_, rest)| rest.split(' ').next())
        .map(str::to_string)
        .collect();
    // The interpreter reads what the API server stores: defaults filled in (a rule without
    // matches is a PathPrefix / match).
    let docs = crd::documents(&text)
        .iter()
        .map(|d| crd::standard().defaulted(d))
        .collect();
    (docs, warned)
}

/// The backends every converted destination names, as `service` or `service-VERSION`.
fn backend_names(istio: &[Value]) -> Vec<(String, Vec<(String, String)>)> {
    let mut names = BTreeMap::new();
    for vs in istio.iter().filter(|d| d["kind"] == "VirtualService") {
        for route in vs["spec"]["http"].as_array().into_iter().flatten() {
            for dest in route["route"].as_array().into_iter().flatten() {
                let d = &dest["destination"];
                let service = short(d["host"].as_str().unwrap_or_default());
                let labels = subset_labels(istio, d);
                names.insert(backend_name(&service, &labels), (service, labels));
            }
        }
    }
    names.into_values().collect()
}

fn short(host: &str) -> String {
    host.split('.').next().unwrap_or_default().to_string()
}

fn backend_name(service: &str, labels: &[(String, String)]) -> String {
    let mut name = service.to_string();
    for (_, v) in labels {
        name.push('-');
        name.push_str(v);
    }
    name
}

/// The labels of a destination's subset, from its DestinationRule.
fn subset_labels(docs: &[Value], dest: &Value) -> Vec<(String, String)> {
    let Some(subset) = dest["subset"].as_str() else {
        return Vec::new();
    };
    docs.iter()
        .filter(|d| d["kind"] == "DestinationRule" && d["spec"]["host"] == dest["host"])
        .flat_map(|d| d["spec"]["subsets"].as_array().cloned().unwrap_or_default())
        .find(|s| s["name"] == subset)
        .and_then(|s| s["labels"].as_object().cloned())
        .map(|l| {
            l.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// serve's answers to the table: serve runs the input with a real backend per name.
fn oracle(
    input: &Path,
    backends: &[(String, Vec<(String, String)>)],
    table: &[Req],
) -> Vec<Vec<Outcome>> {
    let running: Vec<(String, Backend)> = backends
        .iter()
        .map(|(service, labels)| {
            let name = backend_name(service, labels);
            let b = Backend::start(&name);
            (name, b)
        })
        .collect();
    let mut args = vec!["-f".to_string(), input.display().to_string()];
    for ((service, labels), (_, b)) in backends.iter().zip(&running) {
        let at = if labels.is_empty() {
            String::new()
        } else {
            let l: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("@{}", l.join(","))
        };
        args.push("--backend".into());
        args.push(format!("{service}{at}={}", b.addr));
    }
    let dir = tempfile::tempdir().unwrap();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let serve = Serve::start(dir.path(), &args);
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Each request twice: serve balances a route to a whole Service over every backend of
    // it, versions included (round robin: two requests see two backends).
    let answer = |r: &Req| {
        let mut req = client
            .request(r.method.parse().unwrap(), serve.http_url(&r.path))
            .header("host", &r.host);
        for (k, v) in &r.headers {
            req = req.header(k, v);
        }
        let resp = req.send().expect("serve answered");
        let status = resp.status().as_u16();
        if let Some(loc) = resp.headers().get("location") {
            return Outcome::Redirect {
                status,
                location: loc.to_str().unwrap().to_string(),
            };
        }
        if status == 404 {
            return Outcome::NotFound;
        }
        let name = resp
            .headers()
            .get("x-backend")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_else(|| format!("status {status}"));
        let body = resp.text().unwrap_or_default();
        // `NAME VERSION METHOD PATH`
        let path = body
            .lines()
            .next()
            .and_then(|l| l.split(' ').nth(3))
            .unwrap_or_default()
            .to_string();
        Outcome::Backend { name, path }
    };
    let outcomes = table.iter().map(|r| vec![answer(r), answer(r)]).collect();
    serve.stop();
    outcomes
}

fn string_match(m: &Value, value: Option<&str>) -> bool {
    let Some(value) = value else {
        return false;
    };
    if let Some(e) = m["exact"].as_str() {
        return value == e;
    }
    if let Some(p) = m["prefix"].as_str() {
        return value.starts_with(p);
    }
    if let Some(r) = m["regex"].as_str() {
        return full_match(r, value);
    }
    false
}

fn full_match(regex: &str, value: &str) -> bool {
    regex::Regex::new(&format!("^(?:{regex})$"))
        .unwrap()
        .is_match(value)
}

fn header<'a>(req: &'a Req, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// True when a VirtualService host matches the request's host (`*` and `*.suffix`).
fn host_matches(pattern: &str, host: &str) -> bool {
    pattern == "*"
        || pattern == host
        || pattern
            .strip_prefix('*')
            .is_some_and(|suffix| host.ends_with(suffix))
}

/// How specific a host pattern is (Envoy picks the most specific virtual host).
fn specificity(pattern: &str) -> usize {
    match pattern {
        "*" => 0,
        p if p.starts_with('*') => p.len(),
        p => 1000 + p.len(),
    }
}

/// Istio's routing of `req` (port 80) through the gateway-bound VirtualServices.
fn istio_route(docs: &[Value], req: &Req) -> Outcome {
    let vs = docs
        .iter()
        .filter(|d| d["kind"] == "VirtualService" && d["spec"]["gateways"].is_array())
        .filter_map(|d| {
            let best = d["spec"]["hosts"]
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .filter(|h| host_matches(h, &req.host))
                .map(specificity)
                .max()?;
            Some((best, d))
        })
        .max_by_key(|(s, _)| *s)
        .map(|(_, d)| d);
    let Some(vs) = vs else {
        return Outcome::NotFound;
    };
    for route in vs["spec"]["http"].as_array().into_iter().flatten() {
        let matched = match route["match"].as_array() {
            None => Some(Value::Null),
            Some(ms) => ms.iter().find(|m| istio_match(m, req)).cloned(),
        };
        let Some(m) = matched else { continue };
        if let Some(r) = route.get("redirect") {
            let host = r["authority"].as_str().unwrap_or(&req.host);
            let path = r["uri"].as_str().unwrap_or(&req.path);
            return Outcome::Redirect {
                status: r["redirectCode"].as_u64().unwrap_or(301) as u16,
                location: format!("http://{host}{path}"),
            };
        }
        let dest = &route["route"][0]["destination"];
        let service = short(dest["host"].as_str().unwrap_or_default());
        let name = backend_name(&service, &subset_labels(docs, dest));
        if let Some(rx) = route["rewrite"].get("uriRegexRewrite") {
            let re = regex::Regex::new(rx["match"].as_str().unwrap_or_default()).unwrap();
            let to = rx["rewrite"].as_str().unwrap_or_default();
            let path = re.replace_all(&req.path, regex::NoExpand(to)).into_owned();
            return Outcome::Backend { name, path };
        }
        let path = match route["rewrite"]["uri"].as_str() {
            None => req.path.clone(),
            Some(to) => match m["uri"]["prefix"].as_str() {
                Some(prefix) => format!("{to}{}", &req.path[prefix.len()..]),
                None => to.to_string(),
            },
        };
        return Outcome::Backend { name, path };
    }
    Outcome::NotFound
}

fn istio_match(m: &Value, req: &Req) -> bool {
    if m.get("port").is_some_and(|p| p != 80) {
        return false;
    }
    if m.get("uri").is_some() && !string_match(&m["uri"], Some(&req.path)) {
        return false;
    }
    if m.get("method").is_some() && !string_match(&m["method"], Some(&req.method)) {
        return false;
    }
    if m.get("authority").is_some() && !string_match(&m["authority"], Some(&req.host)) {
        return false;
    }
    m["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .all(|(k, sm)| string_match(sm, header(req, k)))
}

/// One Gateway API (rule, match) pair, as Istio makes a route of it.
struct GatewayRoute<'a> {
    rule: &'a Value,
    matched: Option<&'a Value>,
}

impl GatewayRoute<'_> {
    /// Istio's order (sortHTTPRoutes): path kind, path length, method, header count; routes
    /// without a match last.
    fn key(&self) -> (i8, std::cmp::Reverse<usize>, bool, std::cmp::Reverse<usize>) {
        let Some(m) = self.matched else {
            return (i8::MAX, std::cmp::Reverse(0), true, std::cmp::Reverse(0));
        };
        let path = &m["path"];
        let rank = match path["type"].as_str() {
            Some("Exact") => -3,
            Some("PathPrefix") => -2,
            Some("RegularExpression") => -1,
            _ => 0,
        };
        let len = path["value"].as_str().map_or(0, str::len);
        let headers = m["headers"].as_array().map_or(0, Vec::len);
        (
            rank,
            std::cmp::Reverse(len),
            m.get("method").is_none(),
            std::cmp::Reverse(headers),
        )
    }

    fn matches(&self, req: &Req) -> bool {
        let Some(m) = self.matched else {
            return true;
        };
        let path = &m["path"];
        let value = path["value"].as_str().unwrap_or("/");
        let path_ok = match path["type"].as_str() {
            Some("Exact") => req.path == value,
            Some("RegularExpression") => full_match(value, &req.path),
            _ => {
                ingressctl::manifest::paths::segment_prefix_matches(value, &req.path)
                    && (value.trim_end_matches('/').is_empty()
                        || req.path.starts_with(value.trim_end_matches('/')))
            }
        };
        let method_ok = m["method"].as_str().is_none_or(|x| x == req.method);
        let headers_ok = m["headers"].as_array().into_iter().flatten().all(|h| {
            let got = header(req, h["name"].as_str().unwrap_or_default());
            let want = h["value"].as_str().unwrap_or_default();
            match h["type"].as_str() {
                Some("RegularExpression") => got.is_some_and(|g| full_match(want, g)),
                _ => got == Some(want),
            }
        });
        path_ok && method_ok && headers_ok
    }
}

/// Istio's routing of `req` (HTTP) through the HTTPRoutes attached to the Gateway: the
/// routes of the most specific matching hostname, their rules in Istio's order.
fn gateway_api_route(docs: &[Value], req: &Req) -> Outcome {
    let attached: Vec<(usize, &Value)> = docs
        .iter()
        .filter(|d| {
            d["kind"] == "HTTPRoute"
                && d["spec"]["parentRefs"][0]["kind"].as_str() != Some("Service")
        })
        .filter_map(|d| {
            let names: Vec<&str> = d["spec"]["hostnames"]
                .as_array()
                .map(|h| h.iter().filter_map(Value::as_str).collect())
                .unwrap_or_else(|| vec!["*"]);
            let best = names
                .into_iter()
                .filter(|h| host_matches(h, &req.host))
                .map(specificity)
                .max()?;
            Some((best, d))
        })
        .collect();
    let Some(best) = attached.iter().map(|(s, _)| *s).max() else {
        return Outcome::NotFound;
    };
    let mut routes: Vec<GatewayRoute> = Vec::new();
    for (_, d) in attached.iter().filter(|(s, _)| *s == best) {
        for rule in d["spec"]["rules"].as_array().into_iter().flatten() {
            match rule["matches"].as_array() {
                Some(ms) if !ms.is_empty() => routes.extend(ms.iter().map(|m| GatewayRoute {
                    rule,
                    matched: Some(m),
                })),
                _ => routes.push(GatewayRoute {
                    rule,
                    matched: None,
                }),
            }
        }
    }
    routes.sort_by_key(GatewayRoute::key);
    let Some(route) = routes.iter().find(|r| r.matches(req)) else {
        return Outcome::NotFound;
    };
    let filters = route.rule["filters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut path = req.path.clone();
    for f in &filters {
        if let Some(r) = f.get("requestRedirect") {
            let host = r["hostname"].as_str().unwrap_or(&req.host);
            let host = match r["port"].as_u64() {
                Some(p) => format!("{host}:{p}"),
                None => host.to_string(),
            };
            let target = r["path"]["replaceFullPath"].as_str().unwrap_or(&req.path);
            return Outcome::Redirect {
                status: r["statusCode"].as_u64().unwrap_or(302) as u16,
                location: format!("http://{host}{target}"),
            };
        }
        if let Some(rw) = f.get("urlRewrite") {
            if let Some(full) = rw["path"]["replaceFullPath"].as_str() {
                path = full.to_string();
            } else if let Some(to) = rw["path"]["replacePrefixMatch"].as_str() {
                let matched = route
                    .matched
                    .and_then(|m| m["path"]["value"].as_str())
                    .unwrap_or("/");
                path = format!("{to}{}", &req.path[matched.len().min(req.path.len())..]);
            }
        }
    }
    let name = route.rule["backendRefs"][0]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    Outcome::Backend { name, path }
}

/// The request table of an input: its hosts and an unknown one, its paths with the paths
/// around them (a child, a sibling sharing the characters, the parent), the header values
/// and methods its rules match on.
fn table(hosts: &[&str], paths: &[&str], headers: &[(&str, &str)], methods: &[&str]) -> Vec<Req> {
    let mut candidates: Vec<String> = Vec::new();
    for p in paths {
        let base = p.trim_end_matches(".*").trim_end_matches('/');
        for variant in [
            p.to_string(),
            base.to_string(),
            format!("{base}/"),
            format!("{base}/x"),
            format!("{base}x"),
        ] {
            let v = if variant.is_empty() {
                "/".to_string()
            } else {
                variant
            };
            if v.starts_with('/') && !candidates.contains(&v) {
                candidates.push(v);
            }
        }
    }
    let mut out = Vec::new();
    for host in hosts {
        for path in &candidates {
            for method in methods {
                out.push(Req {
                    host: host.to_string(),
                    method: method.to_string(),
                    path: path.clone(),
                    headers: Vec::new(),
                });
                for (k, v) in headers {
                    out.push(Req {
                        host: host.to_string(),
                        method: method.to_string(),
                        path: path.clone(),
                        headers: vec![(k.to_string(), v.to_string())],
                    });
                }
            }
        }
    }
    out
}

/// True when the target's outcome is serve's: the same every time, or a route to a whole
/// Service where serve reached that Service's plain backend among its versions.
fn same(got: &Outcome, served: &[Outcome]) -> bool {
    if served.iter().all(|s| s == got) {
        return true;
    }
    let Outcome::Backend { name, path } = got else {
        return false;
    };
    let of_service = |s: &Outcome| match s {
        Outcome::Backend { name: n, path: p } => {
            p == path
                && (n == name
                    || n.strip_prefix(name.as_str())
                        .is_some_and(|rest| rest.starts_with('-')))
        }
        _ => false,
    };
    served.iter().all(of_service)
        && served
            .iter()
            .any(|s| matches!(s, Outcome::Backend { name: n, .. } if n == name))
}

/// Runs the table through serve and through both targets; returns the differences per target.
fn differences(rel: &str, table: &[Req]) -> BTreeMap<&'static str, Vec<String>> {
    let path = input(rel);
    let istio = converted(&path, "istio");
    let gateway = converted(&path, "gateway-api");
    let expected = oracle(&path, &backend_names(&istio.0), table);
    let mut out = BTreeMap::new();
    for (target, (docs, warned)) in [("istio", &istio), ("gateway-api", &gateway)] {
        let route: fn(&[Value], &Req) -> Outcome = match target {
            "istio" => istio_route,
            _ => gateway_api_route,
        };
        let diffs: Vec<String> = table
            .iter()
            .zip(&expected)
            .filter(|(req, _)| !warned.contains(&req.path))
            .filter_map(|(req, want)| {
                let got = route(docs, req);
                (!same(&got, want)).then(|| format!("{req:?}: serve {want:?}, {target} {got:?}"))
            })
            .collect();
        out.insert(target, diffs);
    }
    out
}

#[test]
fn converted_routes_send_requests_where_serve_does() {
    let table = table(
        &[
            "shop.example.com",
            "admin.example.com",
            "blog.example.com",
            "other.example.com",
        ],
        &[
            "/",
            "/api",
            "/api/v1/status",
            "/docs/",
            "/reports",
            "/posts",
            "/status/.*",
            "/old/.*",
        ],
        &[("x-beta", "1")],
        &["GET"],
    );
    assert_same_meaning(
        "tests/fixtures/convert/meaning/hosts-and-paths.yaml",
        &table,
    );
}

/// Fails with every difference of every target.
fn assert_same_meaning(rel: &str, table: &[Req]) {
    let diffs = differences(rel, table);
    let report: Vec<String> = diffs
        .iter()
        .filter(|(_, d)| !d.is_empty())
        .map(|(target, d)| {
            format!(
                "{rel}: {target}: {} differences:\n{}",
                d.len(),
                d.join("\n")
            )
        })
        .collect();
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn the_guides_manifests_and_the_feature_fixtures_keep_their_meaning() {
    let cookie = [("cookie", "theme=dark; user=jason")];
    for (rel, paths, headers, methods) in [
        (
            "docs/examples/guide",
            &["/status/.*", "/delay/.*", "/headers"][..],
            &[][..],
            &["GET"][..],
        ),
        (
            "tests/fixtures/convert/header-regex/input.yaml",
            &["/", "/reviews/1"][..],
            &cookie[..],
            &["GET"][..],
        ),
        (
            "tests/fixtures/convert/rewrite/input.yaml",
            &["/old/.*", "/new/"][..],
            &[][..],
            &["GET"][..],
        ),
        (
            "tests/fixtures/convert/redirect/input.yaml",
            &["/v1/getProductRatings", "/v1/"][..],
            &[][..],
            &["GET"][..],
        ),
        (
            "tests/fixtures/convert/timeout/input.yaml",
            &["/delay/.*", "/status/200"][..],
            &[][..],
            &["GET"][..],
        ),
        // HEAD answers have no body to read the backend's path from: DELETE stands in.
        (
            "tests/fixtures/convert/cases/method-match.yaml",
            &["/a/.*", "/b/.*", "/c/.*"][..],
            &[][..],
            &["GET", "DELETE", "POST", "PUT"][..],
        ),
        (
            "tests/fixtures/convert/cases/exact-rewrite.yaml",
            &["/api/v1/status"][..],
            &[][..],
            &["GET"][..],
        ),
        (
            "tests/fixtures/convert/cases/rewrite-without-uri.yaml",
            &["/api"][..],
            &[][..],
            &["GET"][..],
        ),
        (
            "tests/fixtures/convert/cases/prefix-rewrite.yaml",
            &["/api", "/v1/"][..],
            &[][..],
            &["GET"][..],
        ),
        (
            "tests/fixtures/convert/cases/redirect-port.yaml",
            &["/old/.*", "/legacy/.*"][..],
            &[][..],
            &["GET"][..],
        ),
    ] {
        let table = table(&["example.com"], paths, headers, methods);
        assert_same_meaning(rel, &table);
    }
}
