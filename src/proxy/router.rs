//! Host, then path: the route lookup. Pure, compiled once per table, no allocation per request.
//!
//! Hosts: exact name, then `*.suffix` (one label), then the rules without a host. Paths inside
//! a host: longest first, `Exact` before prefixes before regexes on equal length. A request no
//! rule matches goes to the default backend when there is one (Kubernetes semantics).

use std::collections::HashMap;

use crate::manifest::paths::Matcher;

/// One route: a matcher and what to do.
#[derive(Debug, Clone)]
pub struct Route<T> {
    /// The path matcher.
    pub matcher: Matcher,
    /// The action.
    pub target: T,
}

/// The routes of one host.
#[derive(Debug, Clone)]
pub struct VirtualHost<T> {
    /// Routes, in match order.
    routes: Vec<Route<T>>,
    /// Built by `finish` for hosts with many routes; a lookup then costs a few hash lookups
    /// per path segment instead of a test per route. Boxed: most hosts have none, and a
    /// host entry stays small.
    index: Option<Box<PathIndex>>,
}

/// Where each route of a host can match: exact paths and segment prefixes by their text (the
/// first route with that text), and the rest (character prefixes, regexes) in match order.
#[derive(Debug, Clone, Default)]
struct PathIndex {
    exact: HashMap<String, usize>,
    segment_prefix: HashMap<String, usize>,
    scanned: Vec<usize>,
}

/// Hosts with at most this many routes are scanned in order (faster than hashing).
const SCAN_AT_MOST: usize = 16;

impl<T> Default for VirtualHost<T> {
    fn default() -> Self {
        VirtualHost {
            routes: Vec::new(),
            index: None,
        }
    }
}

impl<T> VirtualHost<T> {
    /// Routes, in match order.
    pub fn routes(&self) -> &[Route<T>] {
        &self.routes
    }

    /// The first route in match order that matches `path`.
    fn lookup(&self, path: &str) -> Option<&Route<T>> {
        let Some(index) = &self.index else {
            return self.routes.iter().find(|r| r.matcher.matches(path));
        };
        let mut best = index.exact.get(path).copied();
        // A segment prefix `P` matches a path that is `P` or starts with `P/`: the candidates
        // are the path and its parts before each `/`.
        for (at, _) in path
            .match_indices('/')
            .chain(std::iter::once((path.len(), "")))
        {
            if let Some(&i) = index.segment_prefix.get(&path[..at]) {
                best = Some(best.map_or(i, |b| b.min(i)));
            }
        }
        for &i in &index.scanned {
            if best.is_some_and(|b| b < i) {
                break;
            }
            if self.routes[i].matcher.matches(path) {
                best = Some(i);
                break;
            }
        }
        best.map(|i| &self.routes[i])
    }

    fn sort(&mut self) {
        self.routes.sort_by(|a, b| {
            b.matcher
                .text()
                .len()
                .cmp(&a.matcher.text().len())
                .then(a.matcher.rank().cmp(&b.matcher.rank()))
        });
        self.routes.shrink_to_fit();
        self.index = (self.routes.len() > SCAN_AT_MOST).then(|| Box::new(self.build_index()));
    }

    fn build_index(&self) -> PathIndex {
        let mut index = PathIndex::default();
        for (i, route) in self.routes.iter().enumerate() {
            match &route.matcher {
                Matcher::Exact(p) => {
                    index.exact.entry(p.clone()).or_insert(i);
                }
                Matcher::SegmentPrefix(p) => {
                    index.segment_prefix.entry(p.clone()).or_insert(i);
                }
                Matcher::CharPrefix(_) | Matcher::Regex(_) => index.scanned.push(i),
            }
        }
        index
    }
}

/// Host-and-path routing for one listener.
#[derive(Debug, Clone)]
pub struct Router<T> {
    exact: HashMap<String, VirtualHost<T>>,
    wildcard: HashMap<String, VirtualHost<T>>,
    any: VirtualHost<T>,
    default_backend: Option<T>,
}

impl<T> Default for Router<T> {
    fn default() -> Self {
        Router {
            exact: HashMap::new(),
            wildcard: HashMap::new(),
            any: VirtualHost::default(),
            default_backend: None,
        }
    }
}

/// What a lookup found.
#[derive(Debug)]
pub enum Found<'a, T> {
    /// A route matched.
    Route(&'a Route<T>),
    /// No route matched; the default backend takes it.
    Default(&'a T),
}

impl<'a, T> Found<'a, T> {
    /// The action, whichever way it was found.
    pub fn target(&self) -> &'a T {
        match self {
            Found::Route(r) => &r.target,
            Found::Default(t) => t,
        }
    }
}

impl<T> Router<T> {
    /// Adds a route for a host (`None`: every host). Returns false when the same host and
    /// path rule is already taken (the first one keeps it).
    pub fn add(&mut self, host: Option<&str>, matcher: Matcher, target: T) -> bool {
        let vhost = match host.map(|h| h.to_ascii_lowercase()) {
            None => &mut self.any,
            Some(h) => match h.strip_prefix("*.") {
                Some(suffix) => self.wildcard.entry(suffix.to_string()).or_default(),
                None => self.exact.entry(h).or_default(),
            },
        };
        if vhost.routes.iter().any(|r| r.matcher.same_rule(&matcher)) {
            return false;
        }
        if vhost.routes.capacity() == 0 {
            // Most hosts have one route: room for one, not the four a first push makes.
            vhost.routes.reserve_exact(1);
        }
        vhost.routes.push(Route { matcher, target });
        true
    }

    /// Sets the default backend (the first one set wins); returns false when one was set.
    pub fn set_default(&mut self, target: T) -> bool {
        if self.default_backend.is_some() {
            return false;
        }
        self.default_backend = Some(target);
        true
    }

    /// Puts every host's routes in match order and lets go of room left over from building;
    /// call once after the last `add`.
    pub fn finish(&mut self) {
        self.any.sort();
        self.exact.values_mut().for_each(VirtualHost::sort);
        self.wildcard.values_mut().for_each(VirtualHost::sort);
        self.exact.shrink_to_fit();
        self.wildcard.shrink_to_fit();
    }

    /// True when nothing at all is routed.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
            && self.wildcard.is_empty()
            && self.any.routes.is_empty()
            && self.default_backend.is_none()
    }

    /// Finds the route for a host (as sent: any case, maybe with a port) and a path.
    pub fn lookup(&self, host: &str, path: &str) -> Option<Found<'_, T>> {
        let lowered;
        let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = host.to_ascii_lowercase();
            normalize_host(&lowered)
        } else {
            normalize_host(host)
        };
        let vhost = self
            .exact
            .get(host)
            .or_else(|| {
                host.split_once('.')
                    .and_then(|(_, rest)| self.wildcard.get(rest))
            })
            .unwrap_or(&self.any);
        vhost
            .lookup(path)
            .map(Found::Route)
            .or_else(|| self.default_backend.as_ref().map(Found::Default))
    }

    /// Every host with its routes, for `/config_dump`: `*` for all hosts.
    pub fn hosts(&self) -> Vec<(String, &VirtualHost<T>)> {
        let mut out: Vec<(String, &VirtualHost<T>)> = self
            .exact
            .iter()
            .map(|(h, v)| (h.clone(), v))
            .chain(self.wildcard.iter().map(|(s, v)| (format!("*.{s}"), v)))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.push(("*".into(), &self.any));
        out
    }

    /// The default backend, if any.
    pub fn default_backend(&self) -> Option<&T> {
        self.default_backend.as_ref()
    }
}

/// Strips a port and a trailing dot from a host header value. Allocation-free.
fn normalize_host(host: &str) -> &str {
    let host = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else {
                host
            }
        })
    };
    host.strip_suffix('.').unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::paths;
    use crate::manifest::paths::PathMatch;

    fn router(rules: &[(Option<&str>, PathMatch, &'static str)]) -> Router<&'static str> {
        let mut r = Router::default();
        for (host, path, name) in rules {
            r.add(*host, Matcher::compile(path).unwrap(), *name);
        }
        r.finish();
        r
    }

    fn hit(r: &Router<&'static str>, host: &str, path: &str) -> Option<&'static str> {
        r.lookup(host, path).map(|f| *f.target())
    }

    fn prefix(p: &str) -> PathMatch {
        PathMatch::SegmentPrefix(p.into())
    }

    fn exact(p: &str) -> PathMatch {
        PathMatch::Exact(p.into())
    }

    /// The Kubernetes documentation's examples table (spec reference 3.3).
    #[test]
    #[allow(clippy::type_complexity)]
    fn kubernetes_examples_table() {
        let cases: &[(&[(PathMatch, &str)], &str, Option<&str>)] = &[
            (&[(prefix("/"), "a")], "/anything", Some("a")),
            (&[(exact("/foo"), "a")], "/foo", Some("a")),
            (&[(exact("/foo"), "a")], "/bar", None),
            (&[(exact("/foo"), "a")], "/foo/", None),
            (&[(exact("/foo/"), "a")], "/foo", None),
            (&[(prefix("/foo"), "a")], "/foo", Some("a")),
            (&[(prefix("/foo"), "a")], "/foo/", Some("a")),
            (&[(prefix("/foo/"), "a")], "/foo", Some("a")),
            (&[(prefix("/foo/"), "a")], "/foo/", Some("a")),
            (&[(prefix("/aaa/bb"), "a")], "/aaa/bbb", None),
            (&[(prefix("/aaa/bbb"), "a")], "/aaa/bbb", Some("a")),
            (&[(prefix("/aaa/bbb/"), "a")], "/aaa/bbb", Some("a")),
            (&[(prefix("/aaa/bbb"), "a")], "/aaa/bbb/", Some("a")),
            (&[(prefix("/aaa/bbb"), "a")], "/aaa/bbb/ccc", Some("a")),
            (&[(prefix("/aaa/bbb"), "a")], "/aaa/bbbxyz", None),
            (
                &[(prefix("/"), "root"), (prefix("/aaa"), "aaa")],
                "/aaa/ccc",
                Some("aaa"),
            ),
            (
                &[
                    (prefix("/"), "root"),
                    (prefix("/aaa"), "aaa"),
                    (prefix("/aaa/bbb"), "bbb"),
                ],
                "/aaa/bbb",
                Some("bbb"),
            ),
            (
                &[
                    (prefix("/"), "root"),
                    (prefix("/aaa"), "aaa"),
                    (prefix("/aaa/bbb"), "bbb"),
                ],
                "/ccc",
                Some("root"),
            ),
            (&[(prefix("/aaa"), "a")], "/ccc", None),
            (
                &[(prefix("/foo"), "prefix"), (exact("/foo"), "exact")],
                "/foo",
                Some("exact"),
            ),
        ];
        for (rules, path, want) in cases {
            let r = router(
                &rules
                    .iter()
                    .map(|(p, n)| (None, p.clone(), *n))
                    .collect::<Vec<_>>(),
            );
            assert_eq!(hit(&r, "any", path), *want, "rules {rules:?} path {path}");
        }
    }

    #[test]
    fn istio_notation_is_a_character_prefix() {
        let r = router(&[
            (None, paths::serve(Some("/status/.*"), None), "status"),
            (None, paths::serve(Some("/lo.*"), None), "lo"),
        ]);
        assert_eq!(hit(&r, "h", "/status/200"), Some("status"));
        assert_eq!(hit(&r, "h", "/status"), None);
        assert_eq!(hit(&r, "h", "/lol"), Some("lo"));
        assert_eq!(hit(&r, "h", "/headers"), None);
    }

    #[test]
    fn regex_paths_match_the_whole_path() {
        let r = router(&[(None, paths::serve(Some("/items/[0-9]+"), None), "items")]);
        assert_eq!(hit(&r, "h", "/items/42"), Some("items"));
        assert_eq!(hit(&r, "h", "/items/42/x"), None);
    }

    #[test]
    fn hosts_exact_then_wildcard_then_any() {
        let r = router(&[
            (Some("foo.bar.com"), prefix("/"), "exact"),
            (Some("*.bar.com"), prefix("/"), "wild"),
            (None, prefix("/"), "any"),
        ]);
        assert_eq!(hit(&r, "foo.bar.com", "/"), Some("exact"));
        assert_eq!(hit(&r, "FOO.bar.com:8080", "/"), Some("exact"));
        assert_eq!(hit(&r, "baz.bar.com", "/"), Some("wild"));
        assert_eq!(
            hit(&r, "a.baz.bar.com", "/"),
            Some("any"),
            "wildcards cover one label"
        );
        assert_eq!(hit(&r, "bar.com", "/"), Some("any"));
        assert_eq!(hit(&r, "[::1]:8080", "/"), Some("any"));
    }

    #[test]
    fn a_host_without_a_matching_path_falls_to_the_default_backend_only() {
        let mut r = router(&[(Some("a.com"), exact("/x"), "x")]);
        assert_eq!(hit(&r, "a.com", "/y"), None);
        r.set_default("default");
        assert_eq!(hit(&r, "a.com", "/y"), Some("default"));
        assert_eq!(hit(&r, "a.com", "/x"), Some("x"));
    }

    #[test]
    fn the_first_claim_on_a_host_and_path_wins() {
        let mut r = Router::default();
        assert!(r.add(None, Matcher::Exact("/a".into()), "first"));
        assert!(!r.add(None, Matcher::Exact("/a".into()), "second"));
        r.finish();
        assert_eq!(hit(&r, "h", "/a"), Some("first"));
    }

    /// The index finds what testing every route in order finds, on hosts large enough to be
    /// indexed, for exact paths, segment and character prefixes and regexes mixed.
    #[test]
    fn the_path_index_agrees_with_testing_every_route_in_order() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let words = ["a", "b", "api", "v1", "v2", "items", "x", ""];
        let random_path = |next: &mut dyn FnMut(u64) -> u64| {
            let mut p = String::new();
            for _ in 0..next(5) {
                p.push('/');
                p.push_str(words[next(words.len() as u64) as usize]);
            }
            if p.is_empty() || next(4) == 0 {
                p.push('/');
            }
            p
        };
        for round in 0..20 {
            let mut vhost: VirtualHost<usize> = VirtualHost::default();
            for target in 0..(SCAN_AT_MOST + 10 + round * 5) {
                let text = random_path(&mut next);
                let path = match next(10) {
                    0..=3 => PathMatch::SegmentPrefix(text),
                    4..=6 => PathMatch::Exact(text),
                    7 | 8 => PathMatch::CharPrefix(text),
                    _ => PathMatch::Regex(format!("{}/[a-z]+", regex::escape(&text))),
                };
                let matcher = Matcher::compile(&path).unwrap();
                if !vhost.routes.iter().any(|r| r.matcher.same_rule(&matcher)) {
                    vhost.routes.push(Route { matcher, target });
                }
            }
            vhost.sort();
            assert!(vhost.index.is_some(), "indexed");
            for _ in 0..300 {
                let path = random_path(&mut next);
                let linear = vhost.routes.iter().find(|r| r.matcher.matches(&path));
                assert_eq!(
                    vhost.lookup(&path).map(|r| r.target),
                    linear.map(|r| r.target),
                    "{path}"
                );
            }
        }
    }
}
