//! What one Ingress's annotations ask of its paths, parsed once: the fields a RouteRule can
//! carry, each value made one the RouteRule validation takes; everything else is named.

use super::{Carried, left};
use crate::manifest::Ingress;
use crate::manifest::model::{CorsPolicy, HTTP_METHODS, HttpRedirect};
use crate::manifest::nginx::{Expressed, Family, lookup, name_of, parse_bool, value};

/// ingress-nginx's CORS defaults (its `cors-*` annotations' documented defaults).
const CORS_METHODS: &str = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
const CORS_HEADERS: &str = "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization";
const CORS_MAX_AGE: &str = "1728000";

/// The longest duration Go (and so a RouteRule) can say, in whole seconds.
const MAX_SECONDS: u64 = 9_223_372_036;

/// The RouteRule fields an Ingress's annotations ask for.
#[derive(Debug, Default, Clone)]
pub(super) struct Asks {
    pub rewrite: Option<String>,
    pub redirect: Option<HttpRedirect>,
    pub app_root: Option<String>,
    pub cors: Option<CorsPolicy>,
    pub timeout: Option<String>,
    pub attempts: Option<i32>,
    pub vhost: Option<String>,
    pub prefix_header: Option<String>,
    /// ingress-nginx proxied WebSocket upgrades on every path; the guide's RouteRules
    /// need `websocketUpgrade` for them (so every path of such an Ingress gets a rule).
    pub websocket: bool,
}

impl Asks {
    /// True when a path of the Ingress needs a rule of its own.
    pub fn has_path_fields(&self) -> bool {
        self.rewrite.is_some()
            || self.redirect.is_some()
            || self.cors.is_some()
            || self.timeout.is_some()
            || self.attempts.is_some()
            || self.vhost.is_some()
            || self.prefix_header.is_some()
    }
}

/// Parses what a main (non-canary) Ingress asks; every annotation not carried is named in `out`.
pub(super) fn asks(ing: &Ingress, out: &mut Carried) -> Asks {
    name_uncarried(ing, out);
    let asks = Asks {
        rewrite: valid(ing, "rewrite-target"),
        redirect: redirect(ing, out),
        app_root: valid(ing, "app-root"),
        cors: cors(ing, out),
        timeout: positive_seconds(ing, "proxy-read-timeout", out),
        attempts: attempts(ing, out),
        vhost: valid(ing, "upstream-vhost").filter(|v| !v.is_empty()),
        prefix_header: valid(ing, "x-forwarded-prefix").filter(|v| !v.is_empty()),
        websocket: crate::manifest::nginx::written_for_nginx(ing),
    };
    leave_retry_extras(ing, out);
    leave_implicit_ssl_redirect(ing, out);
    asks
}

/// Names unknown annotations, values ingress-nginx would not have read, and annotations no
/// RouteRule carries (those carried with conditions are named where they are parsed).
fn name_uncarried(ing: &Ingress, out: &mut Carried) {
    let a = &ing.meta.annotations;
    let tls = !ing.tls.is_empty();
    for (key, value) in a {
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
        if let Err(expected) = entry.grammar.check(value) {
            left(
                out,
                ing,
                entry.name,
                format!("value `{value}` is not {expected}: ingress-nginx did not apply it either"),
            );
            continue;
        }
        let handled_elsewhere = matches!(
            entry.family,
            Family::Retry | Family::Redirect | Family::Canary
        ) || entry.name == "ssl-redirect"
            || (entry.name == "force-ssl-redirect" && tls);
        if switched_off(entry.name, value) || handled_elsewhere {
            continue;
        }
        if !entry.carried {
            left(out, ing, entry.name, target_text(entry.guide));
        }
    }
}

/// Whether ingress-nginx redirected plain HTTP for this Ingress to HTTPS: for a TLS Ingress
/// written for ingress-nginx unless `ssl-redirect: "false"`, and with `force-ssl-redirect`.
/// `None` without TLS (a forced redirect to an HTTPS listener that does not serve the host
/// would only fail) and for Ingresses not written for ingress-nginx.
pub fn https_redirect(ing: &Ingress) -> Option<bool> {
    if ing.tls.is_empty() || !super::super::written_for_nginx(ing) {
        return None;
    }
    let a = &ing.meta.annotations;
    let forced = value(a, "force-ssl-redirect").and_then(parse_bool) == Some(true);
    Some(forced || value(a, "ssl-redirect").and_then(parse_bool) != Some(false))
}

/// The HTTPS redirect of a TLS Ingress: serve carries it, no RouteRule can.
fn leave_implicit_ssl_redirect(ing: &Ingress, out: &mut Carried) {
    if https_redirect(ing) == Some(true) {
        left(
            out,
            ing,
            "ssl-redirect",
            "ingress-nginx answered plain HTTP for this TLS Ingress with a 308 to HTTPS (on by default, or forced): a RouteRule redirect keeps the scheme, so only `ingressctl serve --annotations ingress-nginx` carries it (with a 301); today's Istio: `tls.httpsRedirect` on the Gateway server",
        );
    }
}

/// Switches whose `false` asked ingress-nginx for nothing the Istio ingress does anyway.
fn switched_off(name: &str, value: &str) -> bool {
    const SWITCHES: &[&str] = &[
        "ssl-redirect",
        "force-ssl-redirect",
        "ssl-passthrough",
        "from-to-www-redirect",
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

/// Why an annotation is not carried, from the table's column for the guide's Istio.
pub(super) fn target_text(e: Expressed) -> String {
    match e {
        Expressed::By(field) => format!("not carried; at the guide's ingress: {field}"),
        Expressed::Nothing(why) => why.to_string(),
    }
}

/// The annotation's value when present and well-formed.
pub(super) fn valid(ing: &Ingress, name: &str) -> Option<String> {
    let v = value(&ing.meta.annotations, name)?;
    let entry = lookup(&format!("{}{name}", crate::manifest::nginx::PREFIX))?;
    entry.grammar.check(v).ok().map(|_| v.to_string())
}

/// Whole seconds above zero as a Go duration; zero is named (no RouteRule duration is 0).
fn positive_seconds(ing: &Ingress, name: &str, out: &mut Carried) -> Option<String> {
    let seconds: u64 = valid(ing, name)?.parse().ok()?;
    if seconds == 0 || seconds > MAX_SECONDS {
        let why = format!(
            "{seconds} s is no duration a RouteRule takes (from 1 s to Go's {MAX_SECONDS} s): not carried"
        );
        left(out, ing, name, why);
        return None;
    }
    Some(format!("{seconds}s"))
}

/// `temporal-redirect` (applied first by ingress-nginx), else `permanent-redirect`.
fn redirect(ing: &Ingress, out: &mut Carried) -> Option<HttpRedirect> {
    let temporal = valid(ing, "temporal-redirect");
    let permanent = valid(ing, "permanent-redirect");
    if temporal.is_some() && permanent.is_some() {
        left(
            out,
            ing,
            "permanent-redirect",
            "ingress-nginx applied `temporal-redirect` first, so this one never answered: not carried",
        );
    }
    for (name, code) in [("temporal", "302"), ("permanent", "301")] {
        let url_given = valid(ing, &format!("{name}-redirect")).is_some();
        if valid(ing, &format!("{name}-redirect-code")).is_some() && !url_given {
            left(
                out,
                ing,
                &format!("{name}-redirect-code"),
                format!(
                    "no `{name}-redirect` beside it: ingress-nginx ignored it too (default {code})"
                ),
            );
        }
    }
    let (name, code_name, default) = if temporal.is_some() {
        ("temporal-redirect", "temporal-redirect-code", 302)
    } else {
        ("permanent-redirect", "permanent-redirect-code", 301)
    };
    let url = temporal.or(permanent)?;
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
    let path = uri.path_and_query().map(|p| p.as_str().to_string());
    Some(HttpRedirect {
        uri: path.filter(|p| !p.is_empty()),
        authority: uri.authority().map(|a| a.to_string()),
    })
}

fn cors(ing: &Ingress, out: &mut Carried) -> Option<CorsPolicy> {
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
    let (methods, unknown): (Vec<String>, Vec<String>) = list("cors-allow-methods", CORS_METHODS)
        .into_iter()
        .map(|m| m.to_ascii_uppercase())
        .partition(|m| HTTP_METHODS.contains(&m.as_str()));
    if !unknown.is_empty() {
        left(
            out,
            ing,
            "cors-allow-methods",
            format!(
                "{} not carried: a CORS policy names HTTP methods only",
                unknown.join(", ")
            ),
        );
    }
    let max_age = if value(a, "cors-max-age").is_some() {
        positive_seconds(ing, "cors-max-age", out)
    } else {
        Some(format!("{CORS_MAX_AGE}s"))
    };
    Some(CorsPolicy {
        allow_origin: list("cors-allow-origin", "*"),
        allow_methods: methods,
        allow_headers: lower(list("cors-allow-headers", CORS_HEADERS)),
        expose_headers: lower(list("cors-expose-headers", "")),
        max_age,
        allow_credentials: Some(
            value(a, "cors-allow-credentials")
                .and_then(parse_bool)
                .unwrap_or(true),
        ),
    })
}

/// Header names in lower case (HTTP/2's spelling, which Istio asks for).
fn lower(names: Vec<String>) -> Vec<String> {
    names.into_iter().map(|n| n.to_ascii_lowercase()).collect()
}

/// `proxy-next-upstream-tries` N: N tries are N − 1 retries.
fn attempts(ing: &Ingress, out: &mut Carried) -> Option<i32> {
    let tries: u64 = valid(ing, "proxy-next-upstream-tries")?.parse().ok()?;
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
        1 => None,
        n => {
            left(
                out,
                ing,
                "proxy-next-upstream-tries",
                "carried as `httpReqRetries`, which retries connection failures and 5xx answers, POSTs included; ingress-nginx retried errors and timeouts only, never a non-idempotent request",
            );
            Some(i32::try_from(n - 1).unwrap_or(i32::MAX))
        }
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
    if value(&ing.meta.annotations, "from-to-www-redirect").and_then(parse_bool) == Some(true) {
        left(
            out,
            ing,
            "from-to-www-redirect",
            "not carried: write an Ingress rule for the other name and a RouteRule redirect with `redirect.authority`",
        );
    }
}
