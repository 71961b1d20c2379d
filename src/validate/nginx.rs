//! Ingresses written for ingress-nginx: one finding per annotation (what it did, that the
//! Istio ingress ignores it, and the fix), and the path behaviours that change meaning when
//! such an Ingress moves to the Istio ingress.

use super::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::manifest::nginx::carry::{regex_hosts, regex_paths};
use crate::manifest::nginx::{self, Annotation, Expressed, Family, name_of};
use crate::manifest::paths::has_regex_meta;
use crate::manifest::yaml::Path;
use crate::manifest::{Ingress, Object};

/// True for keys under an ingress-nginx prefix.
pub(super) fn is_nginx_key(key: &str) -> bool {
    name_of(key).is_some()
}

/// The finding for one ingress-nginx annotation.
pub(super) fn annotation(obj: &Object, key: &str, value: &str, out: &mut Vec<Diagnostic>) {
    let at = Path::root().key("metadata").key("annotations").key(key);
    let Some(entry) = nginx::lookup(key) else {
        out.push(
            obj.diag_key(Severity::Warning, Code::NginxUnknownAnnotation, &at, format!("`{key}` is not an ingress-nginx annotation ingressctl knows; the Istio ingress ignores it"))
                .help("check the spelling against the ingress-nginx annotation reference; docs/migrate-from-ingress-nginx.md lists every one ingressctl knows"),
        );
        return;
    };
    if let Err(expected) = entry.grammar.check(value) {
        out.push(
            obj.diag(
                Severity::Warning,
                Code::NginxInvalidValue,
                &at,
                format!(
                    "`{value}` is not {expected}: ingress-nginx would not have applied `{}` either",
                    entry.name
                ),
            )
            .help(format!(
                "fix or remove the value; it was meant to say that ingress-nginx {}",
                entry.did
            )),
        );
    }
    out.push(
        obj.diag_key(
            Severity::Warning,
            code_of(entry.family),
            &at,
            format!(
                "`{}`: ingress-nginx {}; the Istio ingress ignores it",
                entry.name, entry.did
            ),
        )
        .help(fix(entry)),
    );
}

/// The fix: the RouteRule field and the command that writes it, or why nothing does.
fn fix(entry: &Annotation) -> String {
    let command = if entry.carried {
        " (`ingressctl convert --annotations ingress-nginx` writes it; `ingressctl serve --annotations ingress-nginx` serves it)"
    } else {
        ""
    };
    match (entry.guide, entry.istio) {
        (Expressed::By(field), _) => format!("use {field}{command}"),
        (Expressed::Nothing(why), Expressed::By(field)) => {
            format!("no equivalent at the guide's ingress: {why}; today's Istio: {field}")
        }
        (Expressed::Nothing(why), Expressed::Nothing(_)) => {
            format!("no equivalent at the ingress: {why}")
        }
    }
}

fn code_of(family: Family) -> Code {
    match family {
        Family::Rewrite => Code::NginxRewrite,
        Family::UseRegex => Code::NginxUseRegex,
        Family::SslRedirect => Code::NginxSslRedirect,
        Family::Redirect => Code::NginxRedirect,
        Family::AppRoot => Code::NginxAppRoot,
        Family::Canary => Code::NginxCanary,
        Family::Cors => Code::NginxCors,
        Family::Timeout => Code::NginxTimeout,
        Family::Retry => Code::NginxRetry,
        Family::BodySize => Code::NginxBodySize,
        Family::BackendProtocol => Code::NginxBackendProtocol,
        Family::UpstreamVhost => Code::NginxUpstreamVhost,
        Family::ForwardedPrefix => Code::NginxForwardedPrefix,
        Family::SourceRange => Code::NginxSourceRange,
        Family::Affinity => Code::NginxAffinity,
        Family::Auth => Code::NginxAuth,
        Family::RateLimit => Code::NginxRateLimit,
        Family::Snippet => Code::NginxSnippet,
        Family::SslPassthrough => Code::NginxSslPassthrough,
        Family::Other => Code::NginxOther,
    }
}

/// Path behaviours of one Ingress that change meaning on the move.
pub(super) fn paths(obj: &Object, ing: &Ingress, out: &mut Vec<Diagnostic>) {
    let own_regex = regex_paths(ing);
    let rewrite = nginx::value(&ing.meta.annotations, "rewrite-target").is_some();
    let use_regex =
        nginx::value(&ing.meta.annotations, "use-regex").and_then(nginx::parse_bool) == Some(true);
    for (_, p) in ing.paths() {
        let text = p.path.as_deref().unwrap_or("/");
        let at = p.at().key("path");
        if own_regex && (has_regex_meta(text) || rewrite) {
            let (code, why) = if use_regex || !rewrite {
                (Code::NginxRegexPath, "`use-regex`")
            } else {
                (
                    Code::NginxRewriteRegex,
                    "`rewrite-target` (it switches regex matching on)",
                )
            };
            out.push(
                obj.diag(Severity::Warning, code, &at, format!("under ingress-nginx, {why} made `{text}` a case-insensitive regex anchored only at its start (`~* ^{text}`): the Istio ingress matches it {}", istio_meaning(text, p.path_type.as_deref())))
                    .help("write the path as the Istio ingress reads it: a prefix without regex characters, or carry it with `ingressctl convert --annotations ingress-nginx` (a regex match for serve and today's Istio, anchored with `.*`); case is no longer folded"),
            );
        }
        if trailing_slash_redirect(text, p.path_type.as_deref(), own_regex) {
            let bare = text.trim_end_matches('/');
            out.push(
                obj.diag(Severity::Warning, Code::NginxTrailingSlash, &at, format!("ingress-nginx answered `{bare}` with a 301 to `{text}`; the Istio ingress does not match `{bare}` with this path"))
                    .help(format!("add an Exact path `{bare}` to the same backend, or a RouteRule redirect for `{bare}`")),
            );
        }
    }
    implicit_ssl_redirect(obj, ing, out);
}

/// What the Istio ingress makes of a path ingress-nginx took as a regex.
fn istio_meaning(text: &str, path_type: Option<&str>) -> String {
    if !has_regex_meta(text) {
        return "case-sensitively".into();
    }
    match path_type {
        Some("Exact") => "as an exact, case-sensitive string".into(),
        Some("Prefix") => "as a literal prefix (the regex characters are plain text)".into(),
        _ => "as a whole-path regex (anchored at both ends) or not at all (ICTL0104)".into(),
    }
}

/// nginx answers a `location /x/` missed by one slash with a 301 when it proxies.
fn trailing_slash_redirect(text: &str, path_type: Option<&str>, regex: bool) -> bool {
    text.len() > 1 && text.ends_with('/') && path_type != Some("Exact") && !regex
}

fn implicit_ssl_redirect(obj: &Object, ing: &Ingress, out: &mut Vec<Diagnostic>) {
    if ing.tls.is_empty() || nginx::value(&ing.meta.annotations, "ssl-redirect").is_some() {
        return;
    }
    out.push(
        obj.diag(Severity::Warning, Code::NginxImplicitSslRedirect, &Path::root().key("spec").key("tls"), "ingress-nginx answered plain HTTP for this TLS Ingress with a 308 redirect to HTTPS by default; the Istio ingress of the guide serves it over HTTPS only, and serve on both ports")
            .help("`ingressctl serve --https-redirect` redirects as ingress-nginx did; or annotate `nginx.ingress.kubernetes.io/ssl-redirect: \"false\"` to say plain HTTP was wanted"),
    );
}

/// `use-regex` or `rewrite-target` on one Ingress made every path of its host a regex on
/// every other Ingress too: the paths of those others change meaning on the move.
pub(super) fn host_wide_regex(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let regex_hosts = regex_hosts(ctx.ingresses().map(|(_, ing)| ing));
    for (obj, ing) in ctx.ingresses() {
        if regex_paths(ing) || !nginx::written_for_nginx(ing) {
            continue;
        }
        for (rule, p) in ing.paths() {
            let host = rule.host.as_deref().unwrap_or("");
            let Some(cause) = regex_hosts.get(host) else {
                continue;
            };
            let text = p.path.as_deref().unwrap_or("/");
            out.push(
                obj.diag(Severity::Warning, Code::NginxHostWideRegex, &p.at().key("path"), format!("Ingress {}/{} sets `use-regex` or `rewrite-target` for host `{}`, so ingress-nginx matched `{text}` here as a case-insensitive regex too; the Istio ingress matches it as written", cause.namespace(), cause.meta.name, if host.is_empty() { "*" } else { host }))
                    .help("check that the path still means what it did: ingress-nginx matched it without case and as a regex prefix"),
            );
        }
    }
}
