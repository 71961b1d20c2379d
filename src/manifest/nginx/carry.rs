//! Carrying ingress-nginx annotations over as RouteRules (`config.istio.io/v1alpha2`).
//!
//! One RouteRule per annotated path, for the path's Service, applying to traffic from the
//! ingress (`match.source`) whose `uri` matches the path: the guide's Istio reads them as they
//! are, `convert` turns them into VirtualService fields and HTTPRoute filters, and `serve
//! --annotations ingress-nginx` compiles them like any other rule. What no RouteRule can say
//! is left behind with the reason ([`Left`]).

use std::collections::BTreeMap;

use super::{Family, lookup, name_of, parse_bool, value};
use crate::manifest::model::{
    CorsPolicy, DestinationWeight, HttpRedirect, HttpRetry, HttpRewrite, HttpTimeout, IstioService,
    MatchCondition, MatchRequest, ObjectMeta, RouteRule, RouteRuleSpec, SimpleRetry, SimpleTimeout,
    StringMatch,
};
use crate::manifest::paths::has_regex_meta;
use crate::manifest::{Ingress, IngressPath};

/// The source every carried rule names: the guide's ingress.
pub const INGRESS_SOURCE: &str = "istio-ingress";

/// ingress-nginx's CORS defaults (its `cors-*` annotations' documented defaults).
const CORS_METHODS: &str = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
const CORS_HEADERS: &str = "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization";
const CORS_MAX_AGE: &str = "1728000";

/// An annotation (or part of one) not carried, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Left {
    /// `Ingress namespace/name`.
    pub object: String,
    /// The annotation key as written.
    pub annotation: String,
    /// Why it is not carried, and what to do instead.
    pub why: String,
}

/// The RouteRules carried from a set of Ingresses, and what was left behind.
#[derive(Debug, Default)]
pub struct Carried {
    /// The rules, each named after its Ingress.
    pub rules: Vec<RouteRule>,
    /// For each rule, the index of the Ingress it came from in [`carry`]'s input.
    pub from: Vec<usize>,
    /// Ingress paths ingress-nginx matched as regexes, rewritten to what serve and the
    /// converters read with the same meaning.
    pub paths: Vec<PathChange>,
    /// Annotations (or parts) not carried.
    pub left: Vec<Left>,
    /// Canary Ingresses (`namespace/name`): their paths are alternatives of a main Ingress's,
    /// so they route nothing themselves once carried.
    pub canaries: Vec<String>,
}

/// An Ingress path written anew: ingress-nginx read it as `~* ^PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathChange {
    /// Index of the Ingress in [`carry`]'s input.
    pub ingress: usize,
    /// Index of its rule in `spec.rules`.
    pub rule: usize,
    /// Index of the path in the rule's `http.paths`.
    pub path: usize,
    /// The new path text.
    pub text: String,
    /// The new `pathType`.
    pub path_type: String,
}

/// True when the Ingress is an ingress-nginx canary (`canary: "true"`).
pub fn is_canary(ing: &Ingress) -> bool {
    value(&ing.meta.annotations, "canary").and_then(parse_bool) == Some(true)
}

/// True when ingress-nginx matched this Ingress's paths as regexes: `use-regex` or
/// `rewrite-target` on it.
pub fn regex_paths(ing: &Ingress) -> bool {
    value(&ing.meta.annotations, "use-regex").and_then(parse_bool) == Some(true)
        || value(&ing.meta.annotations, "rewrite-target").is_some()
}

/// Carries the annotations of these Ingresses (canaries are matched to their main Ingress
/// among them by namespace, host and path).
pub fn carry(ingresses: &[&Ingress]) -> Carried {
    let mut out = Carried::default();
    let canaries: Vec<&Ingress> = ingresses.iter().copied().filter(|i| is_canary(i)).collect();
    let mains: Vec<&Ingress> = ingresses
        .iter()
        .copied()
        .filter(|i| !is_canary(i))
        .collect();
    let regex_hosts = regex_hosts(&mains);
    let mut hosts = Vec::new();
    for (index, ing) in ingresses.iter().enumerate() {
        if is_canary(ing) {
            continue;
        }
        let main = Main {
            ing,
            index,
            canaries: &canaries,
            regex_hosts: &regex_hosts,
        };
        carry_main(&main, &mut hosts, &mut out);
        out.from.resize(out.rules.len(), index);
    }
    tell_hosts_apart(ingresses, &hosts, &mut out);
    for canary in &canaries {
        out.canaries.push(display(canary));
        orphan_canary_paths(canary, &mains, &mut out);
        leave_inherited(canary, &mut out);
    }
    out
}

/// What one Ingress's annotations ask of every path, parsed once.
#[derive(Debug, Default, Clone)]
struct Asks {
    rewrite: Option<String>,
    redirect: Option<HttpRedirect>,
    cors: Option<CorsPolicy>,
    timeout: Option<String>,
    attempts: Option<i32>,
    vhost: Option<String>,
    prefix_header: Option<String>,
}

impl Asks {
    fn has_path_fields(&self) -> bool {
        self.rewrite.is_some()
            || self.redirect.is_some()
            || self.cors.is_some()
            || self.timeout.is_some()
            || self.attempts.is_some()
            || self.vhost.is_some()
            || self.prefix_header.is_some()
    }
}

fn display(ing: &Ingress) -> String {
    format!("Ingress {}/{}", ing.namespace(), ing.meta.name)
}

fn left(out: &mut Carried, ing: &Ingress, name: &str, why: impl Into<String>) {
    let key = ing
        .meta
        .annotations
        .keys()
        .find(|k| name_of(k) == Some(name))
        .cloned()
        .unwrap_or_else(|| format!("{}{name}", super::PREFIX));
    out.left.push(Left {
        object: display(ing),
        annotation: key,
        why: why.into(),
    });
}

/// Parses what the Ingress asks; every known annotation not carried is named in `out`.
fn asks(ing: &Ingress, out: &mut Carried) -> Asks {
    let a = &ing.meta.annotations;
    let mut asks = Asks::default();
    for key in a.keys() {
        let Some(entry) = lookup(key) else {
            if let Some(name) = name_of(key) {
                left(
                    out,
                    ing,
                    name,
                    "not an ingress-nginx annotation ingressctl knows (a misspelling?): nothing carried",
                );
            }
            continue;
        };
        if let Err(expected) = entry.grammar.check(&a[key]) {
            left(
                out,
                ing,
                entry.name,
                format!("value `{}` is not {expected}", a[key]),
            );
            continue;
        }
        if switched_off(entry.name, &a[key]) {
            continue;
        }
        if !entry.carried && !matches!(entry.family, Family::Retry | Family::Redirect) {
            left(out, ing, entry.name, target_text(entry.guide));
        }
    }
    asks.rewrite = valid(ing, "rewrite-target");
    asks.redirect = redirect(ing, out);
    asks.cors = cors(ing);
    asks.timeout = valid(ing, "proxy-read-timeout").map(|s| format!("{s}s"));
    asks.attempts = attempts(ing, out);
    asks.vhost = valid(ing, "upstream-vhost");
    asks.prefix_header = valid(ing, "x-forwarded-prefix");
    leave_retry_extras(ing, out);
    leave_implicit_ssl_redirect(ing, out);
    asks
}

/// Whether ingress-nginx redirected plain HTTP for this Ingress to HTTPS: for a TLS Ingress
/// unless `ssl-redirect: "false"`, and with `force-ssl-redirect`. `None` without TLS (a
/// forced redirect to an HTTPS listener that does not serve the host would only fail).
pub fn https_redirect(ing: &Ingress) -> Option<bool> {
    if ing.tls.is_empty() {
        return None;
    }
    let a = &ing.meta.annotations;
    let forced = value(a, "force-ssl-redirect").and_then(parse_bool) == Some(true);
    Some(forced || value(a, "ssl-redirect").and_then(parse_bool) != Some(false))
}

/// The default HTTPS redirect of a TLS Ingress: serve carries it, no RouteRule can.
fn leave_implicit_ssl_redirect(ing: &Ingress, out: &mut Carried) {
    if https_redirect(ing) == Some(true) {
        left(
            out,
            ing,
            "ssl-redirect",
            "ingress-nginx answered plain HTTP for this TLS Ingress with a 308 to HTTPS (on by default): a RouteRule redirect keeps the scheme, so only `ingressctl serve --annotations ingress-nginx` carries it (with a 301); today's Istio: `tls.httpsRedirect` on the Gateway server",
        );
    }
}

/// Switches whose `false` asked ingress-nginx for nothing the Istio ingress does anyway.
fn switched_off(name: &str, value: &str) -> bool {
    const SWITCHES: &[&str] = &[
        "ssl-redirect",
        "force-ssl-redirect",
        "ssl-passthrough",
        "enable-modsecurity",
        "enable-owasp-core-rules",
        "enable-opentracing",
        "enable-opentelemetry",
        "enable-rewrite-log",
        "enable-global-auth",
        "http2-push-preload",
        "service-upstream",
    ];
    SWITCHES.contains(&name) && parse_bool(value) == Some(false)
}

fn target_text(e: super::Expressed) -> String {
    match e {
        super::Expressed::By(field) => format!("not carried; at the guide's ingress: {field}"),
        super::Expressed::Nothing(why) => why.to_string(),
    }
}

/// The annotation's value when present and well-formed.
fn valid(ing: &Ingress, name: &str) -> Option<String> {
    let v = value(&ing.meta.annotations, name)?;
    let entry = lookup(&format!("{}{name}", super::PREFIX))?;
    entry.grammar.check(v).ok().map(|_| v.to_string())
}

fn redirect(ing: &Ingress, out: &mut Carried) -> Option<HttpRedirect> {
    let (name, code_name, default) = if valid(ing, "permanent-redirect").is_some() {
        ("permanent-redirect", "permanent-redirect-code", 301)
    } else {
        ("temporal-redirect", "temporal-redirect-code", 302)
    };
    let url = valid(ing, name)?;
    let uri: http::Uri = url.parse().ok()?;
    let code = valid(ing, code_name)
        .and_then(|c| c.parse::<u16>().ok())
        .unwrap_or(default);
    if code != 302 {
        left(
            out,
            ing,
            name,
            format!(
                "answered {code}; the guide's RouteRule redirect answers 302 (today's Istio: `redirectCode: {code}`)"
            ),
        );
    }
    if uri.scheme_str() == Some("https") {
        left(
            out,
            ing,
            name,
            "the `https` scheme of the target is not carried: a RouteRule redirect keeps the request's scheme",
        );
    }
    if valid(ing, code_name).is_some() {
        left(
            out,
            ing,
            code_name,
            "the guide's RouteRule redirect always answers 302",
        );
    }
    let path = uri.path_and_query().map(|p| p.as_str().to_string());
    Some(HttpRedirect {
        uri: path.filter(|p| !p.is_empty()),
        authority: uri.authority().map(|a| a.to_string()),
    })
}

fn cors(ing: &Ingress) -> Option<CorsPolicy> {
    let a = &ing.meta.annotations;
    if value(a, "enable-cors").and_then(parse_bool) != Some(true) {
        return None;
    }
    let list = |name: &str, default: &str| -> Vec<String> {
        value(a, name)
            .unwrap_or(default)
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let credentials = value(a, "cors-allow-credentials")
        .and_then(parse_bool)
        .unwrap_or(true);
    Some(CorsPolicy {
        allow_origin: list("cors-allow-origin", "*"),
        allow_methods: list("cors-allow-methods", CORS_METHODS)
            .into_iter()
            .map(|m| m.to_ascii_uppercase())
            .collect(),
        allow_headers: lower(list("cors-allow-headers", CORS_HEADERS)),
        expose_headers: lower(list("cors-expose-headers", "")),
        max_age: Some(format!(
            "{}s",
            valid(ing, "cors-max-age").unwrap_or_else(|| CORS_MAX_AGE.into())
        )),
        allow_credentials: Some(credentials),
    })
}

/// Header names in lower case (HTTP/2's spelling, which Istio asks for).
fn lower(names: Vec<String>) -> Vec<String> {
    names.into_iter().map(|n| n.to_ascii_lowercase()).collect()
}

/// `proxy-next-upstream-tries` N: N tries are N − 1 retries.
fn attempts(ing: &Ingress, out: &mut Carried) -> Option<i32> {
    let tries: i32 = valid(ing, "proxy-next-upstream-tries")?.parse().ok()?;
    match tries {
        0 => {
            left(
                out,
                ing,
                "proxy-next-upstream-tries",
                "0 meant no limit; a RouteRule needs a number of attempts",
            );
            None
        }
        n => Some(n - 1),
    }
}

fn leave_retry_extras(ing: &Ingress, out: &mut Carried) {
    if valid(ing, "proxy-next-upstream").is_some() {
        left(
            out,
            ing,
            "proxy-next-upstream",
            "the guide's RouteRule retries on connection failures and 5xx answers; which failures retry cannot be chosen",
        );
    }
    if valid(ing, "proxy-next-upstream-timeout").is_some() {
        left(
            out,
            ing,
            "proxy-next-upstream-timeout",
            "not carried: `httpReqTimeout` bounds the whole request (set it from `proxy-read-timeout`)",
        );
    }
    if valid(ing, "from-to-www-redirect").is_some() {
        left(
            out,
            ing,
            "from-to-www-redirect",
            "not carried: write an Ingress rule for the other name and a RouteRule redirect with `redirect.authority`",
        );
    }
}

/// One uri condition and the rewrite that goes with it.
struct Leg {
    uri: StringMatch,
    rewrite: Option<String>,
}

/// The `uri` conditions (one, or two for `(/|$)(.*)`) that match a path as ingress-nginx
/// did, with the rewrite each needs; `Err` says why the rewrite cannot be carried.
fn legs(
    path: &IngressPath,
    asks: &Asks,
    regex_mode: bool,
    sole_path: bool,
) -> Result<Vec<Leg>, String> {
    let text = path.path.clone().unwrap_or_else(|| "/".into());
    let exact = path.path_type.as_deref() == Some("Exact");
    let regex = regex_mode && has_regex_meta(&text);
    let Some(target) = &asks.rewrite else {
        return Ok(vec![Leg {
            uri: plain_match(&text, exact, regex),
            rewrite: None,
        }]);
    };
    if let Some(legs) = capture_shape(&text, target) {
        return Ok(legs);
    }
    if target.contains('$') {
        return Err(format!(
            "`{target}` uses capture groups of `{text}` in a shape a RouteRule cannot say: write the path as `/prefix(/|$)(.*)` with `/target/$2`, or `/prefix/(.*)` with `/target/$1`"
        ));
    }
    if exact && !regex {
        return Ok(vec![Leg {
            uri: StringMatch {
                exact: Some(text),
                ..Default::default()
            },
            rewrite: Some(target.clone()),
        }]);
    }
    if sole_path {
        // A rule without a `uri` condition rewrites the whole path, as nginx's `rewrite` did.
        return Ok(vec![Leg {
            uri: StringMatch::default(),
            rewrite: Some(target.clone()),
        }]);
    }
    Err(format!(
        "ingress-nginx replaced every path under `{text}` with `{target}`; a RouteRule rewrites only the matched prefix, and this Service is reached by other paths too: write the path as `{text}(/|$)(.*)` with `{target}$2` if the rest of the path should be kept"
    ))
}

fn plain_match(text: &str, exact: bool, regex: bool) -> StringMatch {
    if regex {
        StringMatch {
            regex: Some(format!("{text}.*")),
            ..Default::default()
        }
    } else if exact {
        StringMatch {
            exact: Some(text.to_string()),
            ..Default::default()
        }
    } else {
        StringMatch {
            prefix: Some(text.to_string()),
            ..Default::default()
        }
    }
}

/// A `rewrite-target` a prefix rewrite can say: `L(/|$)(.*)` with `M$2`, and `L(.*)` with
/// `M$1` (L a literal path, M a path without groups). Returns `(exact, prefix, M)`: a request
/// for `prefix + X` reaches the backend as `M + X`, and `exact` (the bare `L` of the first
/// shape) as `M`.
pub fn prefix_rewrite(path: &str, target: &str) -> Option<(Option<String>, String, String)> {
    let literal = |l: &str| l.starts_with('/') && !has_regex_meta(l);
    let plain = |m: &str| !m.contains('$') && m.starts_with('/');
    if let Some(l) = path.strip_suffix("(/|$)(.*)") {
        let m = target.strip_suffix("$2")?;
        let trimmed = l.trim_end_matches('/');
        return (literal(l) && plain(m)).then(|| {
            (
                Some(trimmed.to_string()),
                format!("{trimmed}/"),
                m.to_string(),
            )
        });
    }
    let l = path.strip_suffix("(.*)")?;
    let m = target.strip_suffix("$1")?;
    (literal(l) && plain(m)).then(|| (None, l.to_string(), m.to_string()))
}

/// The legs of a [`prefix_rewrite`]: an exact leg for the bare prefix, a prefix leg for the rest.
fn capture_shape(path: &str, target: &str) -> Option<Vec<Leg>> {
    let (exact, prefix, m) = prefix_rewrite(path, target)?;
    let leg = |uri: StringMatch| Leg {
        uri,
        rewrite: Some(m.clone()),
    };
    let mut legs: Vec<Leg> = exact
        .map(|e| {
            leg(StringMatch {
                exact: Some(e),
                ..Default::default()
            })
        })
        .into_iter()
        .collect();
    legs.push(leg(StringMatch {
        prefix: Some(prefix),
        ..Default::default()
    }));
    Some(legs)
}

/// How a canary Ingress's annotations pick the canary for one path.
#[derive(Debug, Default)]
struct CanaryAsks {
    service: String,
    header: Option<(String, StringMatch)>,
    never_header: Option<String>,
    cookie: Option<String>,
    percent: Option<i32>,
}

fn canary_asks(canary: &Ingress, service: &str) -> CanaryAsks {
    let a = &canary.meta.annotations;
    let mut c = CanaryAsks {
        service: service.to_string(),
        ..Default::default()
    };
    if let Some(header) = value(a, "canary-by-header").filter(|h| !h.is_empty()) {
        let header = header.to_ascii_lowercase();
        let m = if let Some(v) = value(a, "canary-by-header-value") {
            StringMatch {
                exact: Some(v.to_string()),
                ..Default::default()
            }
        } else if let Some(p) = value(a, "canary-by-header-pattern") {
            StringMatch {
                regex: Some(p.to_string()),
                ..Default::default()
            }
        } else {
            c.never_header = Some(header.clone());
            StringMatch {
                exact: Some("always".into()),
                ..Default::default()
            }
        };
        c.header = Some((header, m));
    }
    c.cookie = value(a, "canary-by-cookie")
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    let total: i64 = valid(canary, "canary-weight-total")
        .and_then(|t| t.parse().ok())
        .unwrap_or(100);
    c.percent = valid(canary, "canary-weight")
        .and_then(|w| w.parse::<i64>().ok())
        .filter(|_| total > 0)
        .map(|w| ((w.min(total) * 100 + total / 2) / total) as i32);
    c
}

/// The canary Ingress serving the same host and path as this main path, if any.
fn canary_for<'a>(
    ing: &Ingress,
    host: Option<&str>,
    path: &IngressPath,
    canaries: &[&'a Ingress],
) -> Option<(&'a Ingress, String)> {
    canaries.iter().find_map(|c| {
        if c.namespace() != ing.namespace() {
            return None;
        }
        c.paths().find_map(|(r, p)| {
            (r.host.as_deref() == host && p.path == path.path)
                .then(|| p.backend.service.clone())
                .flatten()
                .map(|s| (*c, s))
        })
    })
}

/// One main (non-canary) Ingress being carried, with what its paths are read against.
struct Main<'a> {
    ing: &'a Ingress,
    index: usize,
    canaries: &'a [&'a Ingress],
    regex_hosts: &'a std::collections::HashSet<String>,
}

/// Hosts (`""` for any) whose paths ingress-nginx read as regexes: `use-regex` or
/// `rewrite-target` on any Ingress of the host turns regex matching on for all of them.
fn regex_hosts(mains: &[&Ingress]) -> std::collections::HashSet<String> {
    mains
        .iter()
        .filter(|i| regex_paths(i))
        .flat_map(|i| i.rules.iter().map(|r| r.host.clone().unwrap_or_default()))
        .collect()
}

fn carry_main(main: &Main<'_>, hosts: &mut Vec<Option<String>>, out: &mut Carried) {
    let ing = main.ing;
    let asks = asks(ing, out);
    let mut n = 0;
    let services: Vec<&str> = ing
        .paths()
        .filter_map(|(_, p)| p.backend.service.as_deref())
        .collect();
    if let Some(root) = valid(ing, "app-root") {
        app_root(ing, &root, &mut n, out);
        hosts.resize(
            out.rules.len(),
            ing.rules.first().and_then(|r| r.host.clone()),
        );
    }
    for (rule, path) in ing.paths() {
        let regex = main
            .regex_hosts
            .contains(rule.host.as_deref().unwrap_or(""));
        if regex {
            rewrite_path(main.index, path, out);
        }
        let Some(service) = path.backend.service.clone() else {
            continue;
        };
        let canary = canary_for(ing, rule.host.as_deref(), path, main.canaries);
        if !asks.has_path_fields() && canary.is_none() {
            continue;
        }
        let sole = services.iter().filter(|s| **s == service).count() == 1;
        match legs(path, &asks, regex, sole) {
            Ok(legs) => {
                for leg in legs {
                    let base = rule_for(ing, &service, &asks, &leg);
                    push_rules(base, canary.as_ref(), &mut n, out);
                }
            }
            Err(why) => left(out, ing, "rewrite-target", why),
        }
        hosts.resize(out.rules.len(), rule.host.clone());
    }
}

/// The path ingress-nginx matched as `~* ^PATH`, written as serve and the converters read
/// it: a segment prefix for `L(/|$)(.*)`, a character prefix `L.*` for `L(.*)` and plain
/// text, and `PATH.*` (a regex anchored at both ends) for the rest. Exact paths stay.
fn rewrite_path(ingress: usize, path: &IngressPath, out: &mut Carried) {
    if path.path_type.as_deref() == Some("Exact") {
        return;
    }
    let text = path.path.clone().unwrap_or_else(|| "/".into());
    let (text, path_type) = match text.strip_suffix("(/|$)(.*)") {
        Some(l) if !has_regex_meta(l) => {
            let l = l.trim_end_matches('/');
            (if l.is_empty() { "/" } else { l }.to_string(), "Prefix")
        }
        _ => match text.strip_suffix("(.*)") {
            Some(l) if !has_regex_meta(l) => (format!("{l}.*"), "ImplementationSpecific"),
            _ => (format!("{text}.*"), "ImplementationSpecific"),
        },
    };
    out.paths.push(PathChange {
        ingress,
        rule: path.rule,
        path: path.index,
        text,
        path_type: path_type.into(),
    });
}

/// Where one Service is reached under several hosts and the rules carried for one host
/// would apply to the others, each rule gets an `authority` match for its own host (serve,
/// today's Istio and Gateway API honour it; the guide's Istio did not: said in `left`).
fn tell_hosts_apart(ingresses: &[&Ingress], hosts: &[Option<String>], out: &mut Carried) {
    let mut reached: BTreeMap<(String, String), std::collections::BTreeSet<String>> =
        BTreeMap::new();
    for ing in ingresses.iter().filter(|i| !is_canary(i)) {
        for (rule, path) in ing.paths() {
            if let Some(service) = &path.backend.service {
                reached
                    .entry((ing.namespace().to_string(), service.clone()))
                    .or_default()
                    .insert(rule.host.clone().unwrap_or_default());
            }
        }
    }
    for (i, rule) in out.rules.iter_mut().enumerate() {
        let Some((ns, service)) = rule.destination_ref() else {
            continue;
        };
        let shared = reached
            .get(&(ns, service.clone()))
            .is_some_and(|h| h.len() > 1);
        let Some(host) = hosts.get(i).cloned().flatten().filter(|_| shared) else {
            continue;
        };
        set_header(
            rule,
            "authority",
            StringMatch {
                regex: Some(authority_regex(&host)),
                ..Default::default()
            },
        );
        let ing = ingresses[out.from[i]];
        let left = Left {
            object: display(ing),
            annotation: "(host)".into(),
            why: format!(
                "Service `{service}` is reached from other hosts too, so the rules carried for `{host}` match `authority`: serve, today's Istio and Gateway API honour that; the guide's Istio did not (ICTL0217), so there they never apply"
            ),
        };
        if !out.left.contains(&left) {
            out.left.push(left);
        }
    }
}

/// `^host(:port)?$`, a wildcard's `*` standing for one label.
fn authority_regex(host: &str) -> String {
    let escaped = regex::escape(host).replacen(r"\*", "[^.]+", 1);
    format!("^{escaped}(:[0-9]+)?$")
}

fn app_root(ing: &Ingress, root: &str, n: &mut usize, out: &mut Carried) {
    let backend = ing
        .paths()
        .find(|(_, p)| p.path.as_deref().unwrap_or("/") == "/")
        .and_then(|(_, p)| p.backend.service.clone())
        .or_else(|| ing.default_backend.as_ref().and_then(|b| b.service.clone()));
    let Some(service) = backend else {
        left(
            out,
            ing,
            "app-root",
            "no path of this Ingress serves `/`, so no Service to hang the redirect on: add a `/` path",
        );
        return;
    };
    let mut rule = skeleton(ing, &service);
    set_uri(
        &mut rule,
        StringMatch {
            exact: Some("/".into()),
            ..Default::default()
        },
    );
    rule.spec.redirect = Some(HttpRedirect {
        uri: Some(root.to_string()),
        authority: None,
    });
    push(rule, 3, n, out);
}

/// A rule for one leg of a path, with every field the Ingress asks for.
fn rule_for(ing: &Ingress, service: &str, asks: &Asks, leg: &Leg) -> RouteRule {
    let mut rule = skeleton(ing, service);
    if leg.uri != StringMatch::default() {
        set_uri(&mut rule, leg.uri.clone());
    }
    let spec = &mut rule.spec;
    if let Some(redirect) = &asks.redirect {
        spec.redirect = Some(redirect.clone());
        return rule;
    }
    if leg.rewrite.is_some() || asks.vhost.is_some() {
        spec.rewrite = Some(HttpRewrite {
            uri: leg.rewrite.clone(),
            authority: asks.vhost.clone(),
        });
    }
    spec.cors_policy = asks.cors.clone();
    spec.http_req_timeout = asks.timeout.as_ref().map(|t| HttpTimeout {
        simple_timeout: Some(SimpleTimeout {
            timeout: Some(t.clone()),
            ..Default::default()
        }),
        custom: None,
    });
    spec.http_req_retries = asks.attempts.map(|a| HttpRetry {
        simple_retry: Some(SimpleRetry {
            attempts: Some(a),
            ..Default::default()
        }),
        custom: None,
    });
    if let Some(prefix) = &asks.prefix_header {
        spec.append_headers
            .insert("x-forwarded-prefix".into(), prefix.clone());
    }
    rule
}

/// The main rule, and for a canary path the header, cookie and weight rules before it.
fn push_rules(
    base: RouteRule,
    canary: Option<&(&Ingress, String)>,
    n: &mut usize,
    out: &mut Carried,
) {
    let Some((canary_ing, canary_service)) = canary else {
        push(base, 0, n, out);
        return;
    };
    let c = canary_asks(canary_ing, canary_service);
    let main = base
        .spec
        .destination
        .as_ref()
        .and_then(|d| d.name.clone())
        .unwrap_or_default();
    if let Some((header, m)) = &c.header {
        push(routed(&base, &[(header, m.clone())], &c.service), 2, n, out);
    }
    if let Some(header) = &c.never_header {
        let never = StringMatch {
            exact: Some("never".into()),
            ..Default::default()
        };
        push(routed(&base, &[(header, never)], &main), 2, n, out);
    }
    if let Some(cookie) = &c.cookie {
        let is = |v: &str| StringMatch {
            regex: Some(format!("^(.*; *)?{}={v}(;.*)?$", regex::escape(cookie))),
            ..Default::default()
        };
        push(
            routed(&base, &[("cookie", is("always"))], &c.service),
            1,
            n,
            out,
        );
        push(routed(&base, &[("cookie", is("never"))], &main), 1, n, out);
    }
    let mut weighted = base;
    if let Some(p) = c.percent.filter(|p| *p > 0) {
        weighted.spec.route = vec![weight_to(&main, 100 - p), weight_to(&c.service, p)];
    }
    push(weighted, 0, n, out);
}

fn push(mut rule: RouteRule, rank: i32, n: &mut usize, out: &mut Carried) {
    rule.metadata.name = format!("{}-{n}", rule.metadata.name);
    *n += 1;
    rule.spec.precedence = Some(precedence(&rule, rank));
    if rule.spec.redirect.is_some() {
        rule.spec.route.clear();
    }
    out.rules.push(rule);
}

/// Longer paths first, exact before prefix, canary conditions before the plain rule.
fn precedence(rule: &RouteRule, rank: i32) -> i32 {
    let uri = rule.uri_match();
    let len = uri
        .and_then(|m| m.exact.as_ref().or(m.prefix.as_ref()).or(m.regex.as_ref()))
        .map_or(0, |t| t.len().min(1000) as i32);
    let exact = i32::from(uri.is_some_and(|m| m.exact.is_some()));
    1000 + len * 8 + exact * 4 + rank
}

/// A copy of `base` that also matches these headers and routes everything to `service`.
fn routed(base: &RouteRule, headers: &[(&str, StringMatch)], service: &str) -> RouteRule {
    let mut rule = base.clone();
    let request = rule
        .spec
        .match_
        .get_or_insert_with(MatchCondition::default)
        .request
        .get_or_insert_with(MatchRequest::default);
    for (name, m) in headers {
        request.headers.insert((*name).to_string(), m.clone());
    }
    rule.spec.route = vec![weight_to(service, 100)];
    rule
}

fn weight_to(service: &str, weight: i32) -> DestinationWeight {
    DestinationWeight {
        destination: Some(IstioService {
            name: Some(service.to_string()),
            ..Default::default()
        }),
        labels: BTreeMap::new(),
        weight: Some(weight),
    }
}

/// A rule for `service` from the ingress, named after the Ingress (`push` numbers it).
fn skeleton(ing: &Ingress, service: &str) -> RouteRule {
    let name = format!("{}-nginx", ing.meta.name);
    RouteRule {
        api_version: "config.istio.io/v1alpha2".into(),
        kind: "RouteRule".into(),
        metadata: ObjectMeta {
            name,
            namespace: Some(ing.namespace().to_string()),
            ..Default::default()
        },
        spec: RouteRuleSpec {
            destination: Some(IstioService {
                name: Some(service.to_string()),
                ..Default::default()
            }),
            match_: Some(MatchCondition {
                source: Some(IstioService {
                    name: Some(INGRESS_SOURCE.into()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        },
        status: None,
    }
}

fn set_uri(rule: &mut RouteRule, uri: StringMatch) {
    set_header(rule, "uri", uri);
}

fn set_header(rule: &mut RouteRule, name: &str, m: StringMatch) {
    rule.spec
        .match_
        .get_or_insert_with(MatchCondition::default)
        .request
        .get_or_insert_with(MatchRequest::default)
        .headers
        .insert(name.into(), m);
}

/// A canary path with no main Ingress path of the same host and path routes nowhere.
fn orphan_canary_paths(canary: &Ingress, mains: &[&Ingress], out: &mut Carried) {
    for (rule, path) in canary.paths() {
        let served = mains.iter().any(|m| {
            m.namespace() == canary.namespace()
                && m.paths()
                    .any(|(r, p)| r.host == rule.host && p.path == path.path)
        });
        if !served {
            let at = format!(
                "{}{}",
                rule.host.as_deref().unwrap_or("*"),
                path.path.as_deref().unwrap_or("/")
            );
            left(
                out,
                canary,
                "canary",
                format!(
                    "no main Ingress in namespace `{}` serves `{at}`: ingress-nginx ignored this canary path too",
                    canary.namespace()
                ),
            );
        }
    }
}

/// A canary Ingress's own non-canary annotations were ignored by ingress-nginx (the main
/// Ingress's apply): said once each.
fn leave_inherited(canary: &Ingress, out: &mut Carried) {
    for key in canary.meta.annotations.keys() {
        let Some(entry) = lookup(key) else { continue };
        if entry.family != Family::Canary && entry.family != Family::Affinity {
            left(
                out,
                canary,
                entry.name,
                "ingress-nginx ignored it on a canary Ingress (the main Ingress's annotations apply)",
            );
        }
    }
}

#[cfg(test)]
mod tests;
