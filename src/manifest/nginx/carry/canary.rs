//! Canary Ingresses: matched to the main Ingress path they stand beside, and carried as rules
//! for the main path's Service (header, then cookie, then weight, as ingress-nginx ordered
//! them).

use std::collections::BTreeMap;

use super::asks::{target_text, valid};
use super::{Carried, left};
use crate::manifest::model::{DestinationWeight, IstioService, RouteRule, StringMatch};
use crate::manifest::nginx::{Family, lookup, value};
use crate::manifest::{Ingress, IngressPath};

/// The canary standing beside one main path: its Ingress and Service.
pub(super) struct Canary<'a> {
    pub ing: &'a Ingress,
    pub service: String,
}

/// Ranks of the rules a canary adds (above the plain rule of the path, rank 0).
const HEADER_RANK: i32 = 2;
const COOKIE_RANK: i32 = 1;

/// The canary serving the same host and path as this main path, if any; one whose port
/// differs from the main path's cannot be carried (a RouteRule routes to the request's
/// port), and is named.
pub(super) fn for_path<'a>(
    main: &Ingress,
    host: Option<&str>,
    path: &IngressPath,
    canaries: &[&'a Ingress],
    out: &mut Carried,
) -> Option<Canary<'a>> {
    let (ing, canary_path) = canaries.iter().find_map(|c| {
        if c.namespace() != main.namespace() {
            return None;
        }
        c.paths()
            .find(|(r, p)| r.host.as_deref() == host && p.path == path.path)
            .map(|(_, p)| (*c, p))
    })?;
    let service = canary_path.backend.service.clone()?;
    if canary_path.backend.port != path.backend.port {
        let (theirs, ours) = (port_text(canary_path), port_text(path));
        left(
            out,
            ing,
            "canary",
            format!(
                "the canary Service `{service}` is reached on port {theirs}, the main one on {ours}: a RouteRule routes to the port the request came for, so this canary is not carried"
            ),
        );
        return None;
    }
    Some(Canary { ing, service })
}

fn port_text(p: &IngressPath) -> String {
    p.backend
        .port
        .as_ref()
        .map_or_else(|| "(none)".into(), ToString::to_string)
}

/// The rules for one main path's leg with a canary beside it, with their ranks: header and
/// cookie conditions before the rule whose `route` weighs the two Services.
pub(super) fn rules(
    base: RouteRule,
    canary: &Canary<'_>,
    out: &mut Carried,
) -> Vec<(RouteRule, i32)> {
    let a = &canary.ing.meta.annotations;
    let main = base
        .spec
        .destination
        .as_ref()
        .and_then(|d| d.name.clone())
        .unwrap_or_default();
    let mut rules = Vec::new();
    if let Some(header) = value(a, "canary-by-header").filter(|h| !h.is_empty()) {
        let header = header.to_ascii_lowercase();
        if http::HeaderName::from_bytes(header.as_bytes()).is_err() {
            left(
                out,
                canary.ing,
                "canary-by-header",
                format!("`{header}` is no HTTP header name: not carried"),
            );
            return vec![(base, 0)];
        }
        if let Some(m) = header_match(canary.ing, out) {
            rules.push((routed(&base, &header, m, &canary.service), HEADER_RANK));
        }
        if nonempty(a, "canary-by-header-value").is_none()
            && nonempty(a, "canary-by-header-pattern").is_none()
        {
            let never = StringMatch {
                exact: Some("never".into()),
                ..Default::default()
            };
            rules.push((routed(&base, &header, never, &main), HEADER_RANK));
        }
    }
    if let Some(cookie) = value(a, "canary-by-cookie").filter(|v| !v.is_empty()) {
        let is = |v: &str| StringMatch {
            regex: Some(format!("^(.*; *)?{}={v}(;.*)?$", regex::escape(cookie))),
            ..Default::default()
        };
        rules.push((
            routed(&base, "cookie", is("always"), &canary.service),
            COOKIE_RANK,
        ));
        rules.push((routed(&base, "cookie", is("never"), &main), COOKIE_RANK));
    }
    let mut weighted = base;
    if let Some(p) = percent(canary.ing, out) {
        weighted.spec.route = vec![weight_to(&main, 100 - p), weight_to(&canary.service, p)];
    }
    rules.push((weighted, 0));
    rules
}

/// The header condition that picks the canary: `-value` exactly, else `-pattern` (when the
/// regex engine takes it), else `always`.
fn header_match(canary: &Ingress, out: &mut Carried) -> Option<StringMatch> {
    let a = &canary.meta.annotations;
    if let Some(v) = nonempty(a, "canary-by-header-value") {
        return Some(StringMatch {
            exact: Some(v.to_string()),
            ..Default::default()
        });
    }
    if let Some(p) = nonempty(a, "canary-by-header-pattern") {
        if let Err(e) = regex::Regex::new(p) {
            let why = format!(
                "`{p}` is a PCRE pattern the RouteRule's regex engine refuses ({e}): not carried"
            );
            left(
                out,
                canary,
                "canary-by-header-pattern",
                why.lines().next().unwrap_or_default().to_string(),
            );
            return None;
        }
        return Some(StringMatch {
            regex: Some(p.to_string()),
            ..Default::default()
        });
    }
    Some(StringMatch {
        exact: Some("always".into()),
        ..Default::default()
    })
}

/// An annotation's value, an empty one taken as unset (as ingress-nginx takes it).
fn nonempty<'a>(annotations: &'a crate::manifest::model::StringMap, name: &str) -> Option<&'a str> {
    value(annotations, name).filter(|v| !v.is_empty())
}

/// `canary-weight` of `canary-weight-total`, in whole percents; a share that rounds to
/// nothing, or a malformed weight, is named.
fn percent(canary: &Ingress, out: &mut Carried) -> Option<i32> {
    let total: u128 = valid(canary, "canary-weight-total")
        .and_then(|t| t.parse().ok())
        .unwrap_or(100);
    let weight: u128 = valid(canary, "canary-weight")?.parse().ok()?;
    if weight == 0 || total == 0 {
        return None;
    }
    let p = (weight.min(total) * 100 + total / 2) / total;
    if p == 0 {
        left(
            out,
            canary,
            "canary-weight",
            format!(
                "{weight} of {total} rounds to 0%: RouteRule weights are whole percents, so no request goes to the canary"
            ),
        );
        return None;
    }
    i32::try_from(p).ok()
}

/// A copy of `base` that also matches a header and routes everything to `service`.
fn routed(base: &RouteRule, header: &str, m: StringMatch, service: &str) -> RouteRule {
    let mut rule = base.clone();
    super::set_header(&mut rule, header, m);
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

/// A canary path with no main Ingress path of the same host and path routes nowhere.
pub(super) fn orphan_paths(canary: &Ingress, mains: &[&Ingress], out: &mut Carried) {
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

/// A canary Ingress's own annotations: malformed ones, the ones ingress-nginx ignored on a
/// canary (the main Ingress's apply), and the affinity ones it kept, which nothing carries.
pub(super) fn leave_inherited(canary: &Ingress, out: &mut Carried) {
    for (key, v) in &canary.meta.annotations {
        let Some(entry) = lookup(key) else { continue };
        if let Err(expected) = entry.grammar.check(v) {
            left(
                out,
                canary,
                entry.name,
                format!("value `{v}` is not {expected}: ingress-nginx did not apply it either"),
            );
            continue;
        }
        match entry.family {
            Family::Canary if entry.carried => {}
            Family::Canary | Family::Affinity => {
                left(out, canary, entry.name, target_text(entry.guide))
            }
            _ => left(
                out,
                canary,
                entry.name,
                "ingress-nginx ignored it on a canary Ingress (the main Ingress's annotations apply)",
            ),
        }
    }
}
