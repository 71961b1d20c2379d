//! Carrying ingress-nginx annotations over as RouteRules (`config.istio.io/v1alpha2`).
//!
//! One RouteRule per annotated path (two for a `(/|$)(.*)` rewrite), for the path's Service,
//! applying to traffic from the ingress (`match.source`) whose `uri` matches the path: the
//! guide's Istio reads them as they are, `convert` turns them into VirtualService fields and
//! HTTPRoute filters, and `serve --annotations ingress-nginx` compiles them like any other
//! rule. A RouteRule is keyed on its Service, not on the Ingress path that reached it, so
//! where a carried rule would also match another path to the same Service, that path gets a
//! plain rule of its own ahead of it (a shield), and where a Service is reached from several
//! hosts, each rule matches its host's `authority`. What no RouteRule can say is left behind
//! with the reason ([`Left`]).

mod asks;
mod canary;
mod legs;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::{parse_bool, value};
use crate::manifest::model::{
    HttpRedirect, HttpRetry, HttpRewrite, HttpTimeout, IstioService, MatchCondition, MatchRequest,
    ObjectMeta, RouteRule, RouteRuleSpec, SimpleRetry, SimpleTimeout, StringMatch,
};
use crate::manifest::names::stable_hash;
use crate::manifest::{Ingress, IngressPath};
use asks::Asks;
pub use asks::https_redirect;
pub use legs::prefix_rewrite;
use legs::{Leg, Reading};

/// The source every carried rule names: the guide's ingress.
pub const INGRESS_SOURCE: &str = "istio-ingress";

/// The longest object name the API server takes.
const MAX_NAME: usize = 253;

/// An annotation (or part of one) not carried, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Left {
    /// `Ingress namespace/name`.
    pub object: String,
    /// The annotation key as written (`(host)` for what hosts sharing a Service cost).
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
    /// Canary Ingresses (`Ingress namespace/name`): their paths are alternatives of a main
    /// Ingress's, so they route nothing themselves once carried.
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

/// The hosts (`""` for any) whose paths ingress-nginx read as regexes, each with the first of
/// `ingresses` that made it so: `use-regex` or `rewrite-target` on any Ingress of a host turns
/// regex matching on for every Ingress of that host.
pub fn regex_hosts<'a>(
    ingresses: impl IntoIterator<Item = &'a Ingress>,
) -> BTreeMap<&'a str, &'a Ingress> {
    let mut hosts = BTreeMap::new();
    for ing in ingresses.into_iter().filter(|i| regex_paths(i)) {
        for rule in &ing.rules {
            hosts
                .entry(rule.host.as_deref().unwrap_or(""))
                .or_insert(ing);
        }
    }
    hosts
}

/// A rule being carried, with what the later passes need to know of it.
struct Built {
    rule: RouteRule,
    /// Index of its Ingress in the input.
    from: usize,
    /// The host of its Ingress rule (`None`: every host).
    host: Option<String>,
    /// Its path, as (rule, path) indexes in the Ingress (`None` for app-root's).
    path: Option<(usize, usize)>,
    /// Order among the rules of one path: canary header 2, cookie 1, plain 0; app-root 3.
    rank: i32,
}

/// A main path reaching a Service: its Ingress's index, its host, the path.
type Reach<'a> = (usize, Option<String>, &'a IngressPath);

/// Facts across every Ingress the carry reads.
struct World<'a> {
    ingresses: &'a [&'a Ingress],
    canaries: Vec<&'a Ingress>,
    /// Hosts whose paths ingress-nginx read as regexes (see [`regex_hosts`]).
    regex_hosts: BTreeMap<&'a str, &'a Ingress>,
    /// Every main path reaching a (namespace, Service): (Ingress index, host, path).
    reach: BTreeMap<(String, String), Vec<Reach<'a>>>,
    /// Services that are a main Ingress's default backend: reached by any path.
    defaults: HashSet<(String, String)>,
    /// Services with RouteRules of their own that apply at the ingress, and those rules.
    user_rules: BTreeMap<(String, String), Vec<&'a RouteRule>>,
}

impl<'a> World<'a> {
    fn new(ingresses: &'a [&'a Ingress], user_rules: &[&'a RouteRule]) -> Self {
        let mut world = World {
            ingresses,
            canaries: ingresses.iter().copied().filter(|i| is_canary(i)).collect(),
            regex_hosts: regex_hosts(ingresses.iter().copied().filter(|i| !is_canary(i))),
            reach: BTreeMap::new(),
            defaults: HashSet::new(),
            user_rules: BTreeMap::new(),
        };
        for rule in user_rules {
            if let Some(dest) = rule.destination_ref() {
                world.user_rules.entry(dest).or_default().push(*rule);
            }
        }
        for (index, ing) in ingresses.iter().enumerate().filter(|(_, i)| !is_canary(i)) {
            for (rule, p) in ing.paths() {
                if let Some(service) = &p.backend.service {
                    let key = (ing.namespace().to_string(), service.clone());
                    world
                        .reach
                        .entry(key)
                        .or_default()
                        .push((index, rule.host.clone(), p));
                }
            }
            if let Some(service) = ing.default_backend.as_ref().and_then(|b| b.service.clone()) {
                world
                    .defaults
                    .insert((ing.namespace().to_string(), service));
            }
        }
        world
    }

    fn has_user_rules(&self, ns: &str, service: &str) -> bool {
        self.user_rules
            .contains_key(&(ns.to_string(), service.to_string()))
    }

    fn mains(&self) -> Vec<&'a Ingress> {
        self.ingresses
            .iter()
            .copied()
            .filter(|i| !is_canary(i))
            .collect()
    }

    fn reading(&self, ns: &str, host: Option<&str>, service: &str) -> Reading {
        let key = (ns.to_string(), service.to_string());
        Reading {
            regex_mode: self.regex_hosts.contains_key(host.unwrap_or("")),
            sole_path: !self.defaults.contains(&key)
                && self.reach.get(&key).is_none_or(|paths| paths.len() == 1),
        }
    }
}

/// Carries the annotations of these Ingresses (canaries are matched to their main Ingress
/// among them by namespace, host and path). `user_rules` are the RouteRules already given
/// that apply at the ingress: a Service with rules of its own is named, since the carried
/// rules come first and do not combine with them.
pub fn carry(ingresses: &[&Ingress], user_rules: &[&RouteRule]) -> Carried {
    let world = World::new(ingresses, user_rules);
    let mut out = Carried::default();
    let mut built = Vec::new();
    for (index, ing) in ingresses.iter().enumerate() {
        if !is_canary(ing) {
            carry_main(&world, index, &mut built, &mut out);
        }
    }
    shield(&world, &mut built);
    tell_hosts_apart(&world, &mut built, &mut out);
    name_user_rules(&world, &built, &mut out);
    name_default_backends(&world, &built, &mut out);
    finish(&world, built, &mut out);
    let mains = world.mains();
    for canary in &world.canaries {
        out.canaries.push(display(canary));
        canary::orphan_paths(canary, &mains, &mut out);
        canary::leave_inherited(canary, &mut out);
    }
    out
}

fn carry_main(world: &World<'_>, index: usize, built: &mut Vec<Built>, out: &mut Carried) {
    let ing = world.ingresses[index];
    let asks = asks::asks(ing, out);
    if let Some(root) = &asks.app_root {
        app_root(ing, index, root, built, out);
    }
    for (rule, path) in ing.paths() {
        let host = rule.host.as_deref();
        let Some(service) = path.backend.service.clone() else {
            continue;
        };
        let reading = world.reading(ing.namespace(), host, &service);
        if reading.regex_mode {
            legs::rewrite_path(index, path, out);
        } else if super::written_for_nginx(ing) {
            legs::char_prefix_path(index, path, out);
        }
        let canary = canary::for_path(ing, host, path, &world.canaries, out);
        if !asks.has_path_fields() && canary.is_none() {
            // Only the WebSocket upgrade to carry: not over the Service's own rules.
            if asks.websocket && world.has_user_rules(ing.namespace(), &service) {
                left(
                    out,
                    ing,
                    "(websocket)",
                    format!(
                        "Service `{service}` has RouteRules of its own: ingress-nginx's WebSocket upgrades on `{}` are not carried over them (add `websocketUpgrade: true` to them)",
                        path.path.as_deref().unwrap_or("/")
                    ),
                );
                continue;
            }
            if !asks.websocket {
                continue;
            }
        }
        let legs = match legs::legs(path, &asks, reading) {
            Ok(legs) => legs,
            Err(why) => {
                left(out, ing, "rewrite-target", why);
                let rest = Asks {
                    rewrite: None,
                    ..asks.clone()
                };
                if !rest.has_path_fields() && canary.is_none() && !asks.websocket {
                    continue;
                }
                legs::plain_legs(path, reading)
            }
        };
        for leg in legs {
            name_regex_leg(ing, &leg, out);
            let base = rule_for(ing, &service, &asks, &leg);
            let rules = match &canary {
                Some(c) => canary::rules(base, c, out),
                None => vec![(base, 0)],
            };
            for (rule_, rank) in rules {
                built.push(Built {
                    rule: rule_,
                    from: index,
                    host: rule.host.clone(),
                    path: Some((path.rule, path.index)),
                    rank,
                });
            }
        }
    }
}

/// A regex `uri` works in serve, today's Istio and Gateway API; the guide's Istio never
/// matched one.
fn name_regex_leg(ing: &Ingress, leg: &Leg, out: &mut Carried) {
    if leg.uri.as_ref().is_some_and(|u| u.regex.is_some()) {
        let why = "a regex path is carried as a `uri` regex: serve, today's Istio and Gateway API match it; the guide's Istio never matched a `uri` regex (ICTL0217)";
        left(out, ing, "use-regex", why);
    }
}

fn app_root(ing: &Ingress, index: usize, root: &str, built: &mut Vec<Built>, out: &mut Carried) {
    let backend = ing
        .paths()
        .find(|(_, p)| p.path.as_deref().unwrap_or("/") == "/")
        .map(|(r, p)| (r.host.clone(), p.backend.service.clone()))
        .or_else(|| {
            let b = ing.default_backend.as_ref()?;
            Some((None, b.service.clone()))
        });
    let Some((host, Some(service))) = backend else {
        left(
            out,
            ing,
            "app-root",
            "no path of this Ingress serves `/`, so no Service to hang the redirect on: add a `/` path",
        );
        return;
    };
    let mut rule = skeleton(ing, &service);
    set_header(
        &mut rule,
        "uri",
        StringMatch {
            exact: Some("/".into()),
            ..Default::default()
        },
    );
    rule.spec.redirect = Some(HttpRedirect {
        uri: Some(root.to_string()),
        authority: None,
    });
    built.push(Built {
        rule,
        from: index,
        host,
        path: None,
        rank: 3,
    });
}

/// A rule for one leg of a path, with every field the Ingress asks for.
fn rule_for(ing: &Ingress, service: &str, asks: &Asks, leg: &Leg) -> RouteRule {
    let mut rule = skeleton(ing, service);
    if let Some(uri) = &leg.uri {
        set_header(&mut rule, "uri", uri.clone());
    }
    let spec = &mut rule.spec;
    if let Some(redirect) = &asks.redirect {
        spec.redirect = Some(redirect.clone());
        return rule;
    }
    spec.websocket_upgrade = asks.websocket.then_some(true);
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

/// Where one Service is reached under several hosts and the rules carried for one host
/// would apply to the others, each rule with a host matches that host's `authority` (serve,
/// today's Istio and Gateway API honour it; the guide's Istio did not: said in `left`).
fn tell_hosts_apart(world: &World<'_>, built: &mut [Built], out: &mut Carried) {
    for b in built.iter_mut() {
        let Some((ns, service)) = b.rule.destination_ref() else {
            continue;
        };
        let hosts: BTreeSet<Option<&String>> = world
            .reach
            .get(&(ns, service.clone()))
            .map(|paths| paths.iter().map(|(_, h, _)| h.as_ref()).collect())
            .unwrap_or_default();
        let Some(host) = b.host.clone().filter(|_| hosts.len() > 1) else {
            continue;
        };
        set_header(
            &mut b.rule,
            "authority",
            StringMatch {
                regex: Some(authority_regex(&host)),
                ..Default::default()
            },
        );
        let ing = world.ingresses[b.from];
        let why = format!(
            "Service `{service}` is reached from other hosts too, so the rules carried for `{host}` match `authority`: serve, today's Istio and Gateway API honour that; the guide's Istio did not (ICTL0217), so there they never apply"
        );
        left(out, ing, "(host)", why);
    }
}

/// `^host(:port)?$`, a wildcard's `*` standing for one label.
fn authority_regex(host: &str) -> String {
    let escaped = regex::escape(host).replacen(r"\*", "[^.]+", 1);
    format!("^{escaped}(:[0-9]+)?$")
}

/// Every main path to a Service with carried rules that has no rule of its own, but would be
/// caught by a rule carried for another path, gets a plain rule ahead of it: what ingress-nginx
/// did not change for that path stays unchanged.
fn shield(world: &World<'_>, built: &mut Vec<Built>) {
    let mut shields = Vec::new();
    for ((ns, service), paths) in &world.reach {
        for (index, host, p) in paths {
            let key = (ns.clone(), service.clone());
            if world.has_user_rules(ns, service) {
                // Its own rules are the user's: no plain rule over them (named with them).
                continue;
            }
            let own = built
                .iter()
                .any(|b| b.from == *index && b.path == Some((p.rule, p.index)));
            let caught = built.iter().any(|b| {
                b.rule.destination_ref().as_ref() == Some(&key)
                    && !own_app_root(b, *index)
                    && catches(b, host.as_deref(), p)
            });
            if own || !caught {
                continue;
            }
            let ing = world.ingresses[*index];
            let reading = world.reading(ns, host.as_deref(), service);
            for leg in legs::plain_legs(p, reading) {
                let mut rule = skeleton(ing, service);
                if let Some(uri) = leg.uri {
                    set_header(&mut rule, "uri", uri);
                }
                shields.push(Built {
                    rule,
                    from: *index,
                    host: host.clone(),
                    path: Some((p.rule, p.index)),
                    rank: 0,
                });
            }
        }
    }
    built.extend(shields);
}

/// An Ingress's own app-root redirect, meant for its `/`.
fn own_app_root(b: &Built, index: usize) -> bool {
    b.from == index && b.path.is_none()
}

/// Whether a carried rule could match requests that reach path `p` of `host`: its `uri`
/// covers the path's text and its host (if it has one) is the path's.
fn catches(b: &Built, host: Option<&str>, p: &IngressPath) -> bool {
    if let Some(theirs) = b.host.as_deref() {
        let covered = match (theirs.strip_prefix('*'), host) {
            (_, None) => false,
            (Some(suffix), Some(h)) => h == theirs || (!h.starts_with('*') && h.ends_with(suffix)),
            (None, Some(h)) => h == theirs,
        };
        if !covered {
            return false;
        }
    }
    let text = p.path.as_deref().unwrap_or("/");
    match b.rule.uri_match() {
        None => true,
        Some(m) => match (&m.exact, &m.prefix, &m.regex) {
            (Some(e), _, _) => e == text,
            (_, Some(prefix), _) => text.starts_with(prefix.as_str()) || prefix.starts_with(text),
            _ => true,
        },
    }
}

/// A Service with RouteRules of its own: a carried rule and one of theirs do not combine
/// (whichever has the higher precedence applies alone), so the user is told to merge them.
fn name_user_rules(world: &World<'_>, built: &[Built], out: &mut Carried) {
    for (from, dest) in destinations(built) {
        let Some(theirs) = world.user_rules.get(&dest) else {
            continue;
        };
        let names: Vec<&str> = theirs.iter().map(|r| r.metadata.name.as_str()).collect();
        let why = format!(
            "Service `{}` has RouteRules of its own ({}): a carried rule and one of theirs do not combine, whichever has the higher precedence applies alone (carried ones have 1000 and up), so merge them by hand",
            dest.1,
            names.join(", ")
        );
        left(out, world.ingresses[from], "(rules)", why);
    }
}

/// A Service that is also a default backend: requests reaching it that way match the rules
/// carried for its paths too (a RouteRule cannot tell them apart).
fn name_default_backends(world: &World<'_>, built: &[Built], out: &mut Carried) {
    for (from, dest) in destinations(built) {
        if world.defaults.contains(&dest) {
            let why = format!(
                "Service `{}` is also a default backend: requests that reach it that way match the rules carried for its paths too (a RouteRule cannot tell them apart)",
                dest.1
            );
            left(out, world.ingresses[from], "(default backend)", why);
        }
    }
}

/// Each (Ingress index, destination Service) of the carried rules once, in their order.
fn destinations(built: &[Built]) -> Vec<(usize, (String, String))> {
    let mut seen = HashSet::new();
    built
        .iter()
        .filter_map(|b| Some((b.from, b.rule.destination_ref()?)))
        .filter(|pair| seen.insert(pair.clone()))
        .collect()
}

/// Names, precedences and order: `INGRESS-nginx-N` per Ingress; a host's rule before a
/// wildcard's before a host-less one, then longer paths first, exact before prefix, canary
/// conditions first.
fn finish(world: &World<'_>, built: Vec<Built>, out: &mut Carried) {
    let mut counters: BTreeMap<usize, usize> = BTreeMap::new();
    for mut b in built {
        let n = counters.entry(b.from).or_default();
        b.rule.metadata.name = rule_name(&world.ingresses[b.from].meta.name, *n);
        *n += 1;
        b.rule.spec.precedence = Some(precedence(&b.rule, b.rank, b.host.as_deref()));
        if b.rule.spec.redirect.is_some() {
            b.rule.spec.route.clear();
        }
        out.rules.push(b.rule);
        out.from.push(b.from);
    }
}

/// `INGRESS-nginx-N`, the Ingress name cut (with a hash of it) where the whole would be
/// longer than an object name may be.
fn rule_name(ingress: &str, n: usize) -> String {
    let suffix = format!("-nginx-{n}");
    if ingress.len() + suffix.len() <= MAX_NAME {
        return format!("{ingress}{suffix}");
    }
    let hash = stable_hash(ingress);
    let keep = MAX_NAME - suffix.len() - 9;
    let head: String = ingress.chars().take(keep).collect();
    format!("{}-{hash:08x}{suffix}", head.trim_end_matches(['-', '.']))
}

fn precedence(rule: &RouteRule, rank: i32, host: Option<&str>) -> i32 {
    let uri = rule.uri_match();
    let len = uri
        .and_then(|m| m.exact.as_ref().or(m.prefix.as_ref()).or(m.regex.as_ref()))
        .map_or(0, |t| t.len().min(1000) as i32);
    let exact = i32::from(uri.is_some_and(|m| m.exact.is_some()));
    let headers = rule.spec.match_.as_ref().and_then(|m| m.request.as_ref());
    let authority = headers.is_some_and(|r| r.headers.contains_key("authority"));
    // As serve's router picks a host: an exact host, then a wildcard, then none.
    let tier = match host.filter(|_| authority) {
        Some(h) if h.starts_with('*') => 1,
        Some(_) => 2,
        None => 0,
    };
    1000 + tier * 20_000 + len * 16 + exact * 8 + rank
}

/// A rule for `service` from the ingress, named after the Ingress (`finish` numbers it).
fn skeleton(ing: &Ingress, service: &str) -> RouteRule {
    RouteRule {
        api_version: "config.istio.io/v1alpha2".into(),
        kind: "RouteRule".into(),
        metadata: ObjectMeta {
            name: ing.meta.name.clone(),
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

fn set_header(rule: &mut RouteRule, name: &str, m: StringMatch) {
    rule.spec
        .match_
        .get_or_insert_with(MatchCondition::default)
        .request
        .get_or_insert_with(MatchRequest::default)
        .headers
        .insert(name.into(), m);
}

fn display(ing: &Ingress) -> String {
    format!("Ingress {}/{}", ing.namespace(), ing.meta.name)
}

/// Names what is not carried, once: `name` is the annotation's name after its prefix (the
/// key is written as the Ingress spells it), or a `(...)` word for what is not an annotation.
fn left(out: &mut Carried, ing: &Ingress, name: &str, why: impl Into<String>) {
    let annotation = if name.starts_with('(') {
        name.to_string()
    } else {
        ing.meta
            .annotations
            .keys()
            .find(|k| super::name_of(k) == Some(name))
            .cloned()
            .unwrap_or_else(|| format!("{}{name}", super::PREFIX))
    };
    let entry = Left {
        object: display(ing),
        annotation,
        why: why.into(),
    };
    if !out.left.contains(&entry) {
        out.left.push(entry);
    }
}

#[cfg(test)]
mod tests;
