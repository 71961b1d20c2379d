//! Rules across objects: paths claimed twice, several certificates, route rules whose `uri`
//! does not fit the Ingress path (the guide's Note 2), and rules shadowed by earlier ones.

use std::collections::HashMap;

use super::{Context, Target};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::manifest::generate::ISTIO_INGRESS_SECRET;
use crate::manifest::model::{RouteRule, StringMatch};
use crate::manifest::paths::{self, PathMatch};
use crate::manifest::yaml::Path;
use crate::manifest::{Ingress, IngressPath, Object};

/// Runs the cross-object rules.
pub(super) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    duplicate_paths(ctx, out);
    if ctx.target() == Target::Istio {
        several_certificates(ctx, out);
    }
    uri_matches_ingress_path(ctx, out);
    shadowed_rules(ctx, out);
}

/// How the target reads an Ingress path.
fn reading(ctx: &Context, p: &IngressPath) -> PathMatch {
    match ctx.target() {
        Target::Istio
            if p.path_type
                .as_deref()
                .is_none_or(|t| t == "ImplementationSpecific") =>
        {
            paths::istio_era(p.path.as_deref())
        }
        _ => paths::serve(p.path.as_deref(), p.path_type.as_deref()),
    }
}

fn duplicate_paths(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // The first claimant's position is looked up only when a second one appears.
    let mut seen: HashMap<(bool, String, PathMatch), (&Object, &IngressPath)> = HashMap::new();
    for (obj, ing) in ctx.ingresses() {
        let tls = !ing.tls.is_empty();
        for (rule, p) in ing.paths() {
            let host = rule.host.clone().unwrap_or_else(|| "*".into());
            let key = (tls, host.clone(), reading(ctx, p));
            match seen.get(&key) {
                Some((first, first_path)) => {
                    let other = first.display();
                    let where_ = format!(
                        "{}:{}",
                        first.origin.file,
                        first.origin.pos(&first_path.at().key("path"))
                    );
                    out.push(
                        obj.diag(
                            Severity::Warning,
                            Code::DuplicatePath,
                            &p.at().key("path"),
                            format!(
                                "host `{host}` path `{}` is also claimed by {other} ({where_})",
                                p.path.as_deref().unwrap_or("")
                            ),
                        )
                        .help("only one backend can serve a host and path; remove one of them"),
                    );
                }
                None => {
                    seen.insert(key, (obj, p));
                }
            }
        }
    }
}

fn several_certificates(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut first: Option<(String, String)> = None;
    for (obj, ing) in ctx.ingresses() {
        for (i, entry) in ing.tls.iter().enumerate() {
            let secret = entry
                .secret_name
                .clone()
                .unwrap_or_else(|| ISTIO_INGRESS_SECRET.into());
            match &first {
                None => first = Some((secret, obj.display())),
                Some((s, other)) if *s != secret && i == 0 => out.push(
                    obj.diag(Severity::Warning, Code::MultipleTls, &Path::root().key("spec").key("tls").idx(i), format!("secret `{secret}` differs from `{s}` used by {other}: the Istio ingress has one certificate for every host (no SNI)"))
                        .help("serve every host from istio-ingress-certs, or use `ingressctl serve` for one certificate per host"),
                ),
                Some(_) => {}
            }
        }
    }
}

/// The rule's `uri` match, as exact or prefix (regex is left to other checks).
fn rule_uri(rule: &RouteRule) -> Option<&StringMatch> {
    rule.uri_match()
}

fn uri_matches_ingress_path(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (obj, rule) in ctx.route_rules() {
        if !ctx.applies_at_ingress(rule) {
            continue;
        }
        let Some(uri) = rule_uri(rule) else { continue };
        if uri.regex.is_some() {
            continue;
        }
        let Some(dest) = rule.destination_ref() else {
            continue;
        };
        let exposing: Vec<(&Object, &Ingress, &IngressPath)> = ctx
            .ingresses()
            .flat_map(|(o, i)| i.paths().map(move |(_, p)| (o, i, p)))
            .filter(|(_, i, p)| {
                i.namespace() == dest.0 && p.backend.service.as_deref() == Some(dest.1.as_str())
            })
            .collect();
        if exposing.is_empty() {
            continue;
        }
        let fits = |p: &IngressPath| match ctx.target() {
            Target::Istio => equal(&reading(ctx, p), uri),
            Target::Serve => combines(&reading(ctx, p), uri),
        };
        if exposing.iter().any(|(_, _, p)| fits(p)) {
            continue;
        }
        let listed: Vec<String> = exposing
            .iter()
            .map(|(_, _, p)| p.path.clone().unwrap_or_default())
            .collect();
        let suggestion = exposing
            .iter()
            .find_map(|(_, _, p)| match reading(ctx, p) {
                PathMatch::CharPrefix(x) | PathMatch::SegmentPrefix(x) => {
                    Some(format!("prefix: {x}"))
                }
                PathMatch::Exact(x) => Some(format!("exact: {x}")),
                PathMatch::Regex(_) => None,
            })
            .unwrap_or_default();
        let (what, value) = uri_text(uri);
        let message = match ctx.target() {
            Target::Istio => format!(
                "uri {what} `{value}` does not equal the path of any Ingress exposing `{}` ({}): the rule will not apply to ingress traffic as intended (the guide's Note 2)",
                dest.1,
                listed.join(", ")
            ),
            Target::Serve => format!(
                "uri {what} `{value}` cannot match any request that the Ingress paths exposing `{}` admit ({})",
                dest.1,
                listed.join(", ")
            ),
        };
        out.push(
            obj.diag(Severity::Warning, Code::UriMismatch, &Path::root().key("spec").key("match").key("request").key("headers").key("uri"), message)
                .help(format!("match the Ingress path, e.g. `uri: {{{suggestion}}}` (for /x/.* write prefix /x/; for an exact path use exact)")),
        );
    }
}

fn uri_text(uri: &StringMatch) -> (&'static str, &str) {
    if let Some(e) = &uri.exact {
        ("exact", e)
    } else if let Some(p) = &uri.prefix {
        ("prefix", p)
    } else {
        ("regex", uri.regex.as_deref().unwrap_or(""))
    }
}

/// True when the rule's uri is the ingress path written as a match (Note 2).
fn equal(path: &PathMatch, uri: &StringMatch) -> bool {
    match path {
        PathMatch::Exact(p) => uri.exact.as_deref() == Some(p),
        PathMatch::CharPrefix(p) => uri.prefix.as_deref() == Some(p),
        PathMatch::SegmentPrefix(p) => uri
            .prefix
            .as_deref()
            .is_some_and(|u| u.trim_end_matches('/') == p.trim_end_matches('/')),
        PathMatch::Regex(_) => false,
    }
}

/// True when some request admitted by the ingress path can also match the rule
/// (`CombinePathPrefix`, spec reference 2.3); a regex `uri` is not judged.
fn combines(path: &PathMatch, uri: &StringMatch) -> bool {
    let both = match (&uri.exact, &uri.prefix) {
        (Some(e), _) => paths::intersect(path, "exact", e),
        (_, Some(p)) => paths::intersect(path, "prefix", p),
        _ => return true,
    };
    both != paths::Intersection::Disjoint
}

/// True when every request matching `b` also matches `a`.
fn covers(a: &StringMatch, b: &StringMatch) -> bool {
    match (a, b) {
        _ if a == b => true,
        (
            StringMatch {
                prefix: Some(pa), ..
            },
            StringMatch { exact: Some(x), .. },
        )
        | (
            StringMatch {
                prefix: Some(pa), ..
            },
            StringMatch {
                prefix: Some(x), ..
            },
        ) => x.starts_with(pa.as_str()),
        _ => false,
    }
}

fn rule_covers(a: &RouteRule, b: &RouteRule) -> bool {
    let source = |r: &RouteRule| r.spec.match_.as_ref().and_then(|m| m.source.clone());
    if source(a).is_some() && source(a) != source(b) {
        return false;
    }
    let empty = Default::default();
    let headers = |r: &RouteRule| {
        r.spec
            .match_
            .as_ref()
            .and_then(|m| m.request.as_ref())
            .map(|q| &q.headers)
            .unwrap_or(&empty)
            .clone()
    };
    let (ha, hb) = (headers(a), headers(b));
    ha.iter()
        .all(|(k, ma)| hb.get(k).is_some_and(|mb| covers(ma, mb)))
}

fn shadowed_rules(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut by_dest: HashMap<(String, String), Vec<(&Object, &RouteRule)>> = HashMap::new();
    for (obj, rule) in ctx.route_rules() {
        if let Some(d) = rule.destination_ref() {
            by_dest.entry(d).or_default().push((obj, rule));
        }
    }
    for rules in by_dest.values_mut() {
        rules.sort_by_key(|(_, r)| r.order_key());
        for (i, (obj, later)) in rules.iter().enumerate() {
            if let Some((_, earlier)) = rules[..i].iter().find(|(_, e)| rule_covers(e, later)) {
                out.push(
                    obj.diag_key(Severity::Warning, Code::ShadowedRule, &Path::root().key("metadata"), format!("this rule can never match: RouteRule {} (precedence {}) comes first and matches every request it matches", earlier.metadata.name, earlier.spec.precedence.unwrap_or(0)))
                        .help("raise this rule's precedence above the other, or narrow the other rule's match"),
                );
            }
        }
    }
}
