//! How an Ingress path string is matched: the one place that knows the notations.
//!
//! Three readings exist: the Istio 0.2/0.3 era (`/x/.*` is a character prefix, any other
//! regex metacharacter makes the route unreachable), Kubernetes v1 `pathType`, and the
//! kubectl `create ingress` spelling (a trailing `*` is a prefix).

use serde::Serialize;

/// How a path matches a request path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "camelCase")]
pub enum PathMatch {
    /// The whole path, case-sensitive.
    Exact(String),
    /// A character prefix (Istio era `prefix`: `/lo` matches `/lol`).
    CharPrefix(String),
    /// Kubernetes v1 `Prefix`: element-wise on `/`, trailing `/` ignored.
    SegmentPrefix(String),
    /// A regular expression over the whole path.
    Regex(String),
}

/// Characters that Go's `regexp.QuoteMeta` escapes: Istio's test for "this path is a regex".
const REGEX_META: &[char] = &[
    '\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$',
];

/// True when the text contains a regex metacharacter.
pub fn has_regex_meta(text: &str) -> bool {
    text.contains(REGEX_META)
}

/// True when the only metacharacters are dots (`/v1.0/x`, `/index.html`): a literal meant as such.
pub fn only_dots_as_meta(text: &str) -> bool {
    text.contains('.') && !text.contains(|c: char| c != '.' && REGEX_META.contains(&c))
}

/// Reads a path as the Istio 0.2/0.3 ingress did (spec reference 2.2).
pub fn istio_era(path: Option<&str>) -> PathMatch {
    let path = path.unwrap_or("");
    if path.is_empty() {
        return PathMatch::CharPrefix("/".into());
    }
    if !has_regex_meta(path) {
        return PathMatch::Exact(path.into());
    }
    match path.strip_suffix(".*") {
        Some(rest) if !has_regex_meta(rest) => PathMatch::CharPrefix(if rest.is_empty() {
            "/".into()
        } else {
            rest.into()
        }),
        _ => PathMatch::Regex(path.into()),
    }
}

/// Reads a path as `ingressctl serve` does: v1 `pathType` when present, otherwise the
/// legacy notation (`/x/.*` and `/x/*` prefix), real regexes as regexes, the rest exact.
pub fn serve(path: Option<&str>, path_type: Option<&str>) -> PathMatch {
    let text = path.unwrap_or("");
    match path_type {
        Some("Exact") => PathMatch::Exact(text.into()),
        Some("Prefix") => PathMatch::SegmentPrefix(if text.is_empty() { "/" } else { text }.into()),
        _ => legacy_serve(text),
    }
}

fn legacy_serve(text: &str) -> PathMatch {
    if matches!(text, "" | "*" | "/*" | ".*" | "/.*") {
        return PathMatch::CharPrefix("/".into());
    }
    for suffix in [".*", "*"] {
        if let Some(rest) = text.strip_suffix(suffix)
            && !has_regex_meta(rest)
        {
            return PathMatch::CharPrefix(rest.into());
        }
    }
    if has_regex_meta(text) && !only_dots_as_meta(text) {
        PathMatch::Regex(text.into())
    } else {
        PathMatch::Exact(text.into())
    }
}

/// A path as typed on the `create ingress` command line, read for writing a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliPath {
    /// Match this path exactly.
    Exact(String),
    /// Match everything under this prefix (the text before `.*` or `*`).
    Prefix(String),
}

/// Reads a command-line path: `/x/.*` (Istio) and `/x*` (kubectl) are prefixes, the rest exact.
pub fn from_cli(path: &str) -> CliPath {
    if let Some(rest) = path.strip_suffix(".*") {
        return CliPath::Prefix(rest.to_string());
    }
    if let Some(rest) = path.strip_suffix('*') {
        return CliPath::Prefix(rest.to_string());
    }
    CliPath::Exact(path.to_string())
}

/// The request paths both an Ingress path and a RouteRule's `uri` match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intersection {
    /// These, written as one path match.
    Paths(PathMatch),
    /// No path matches both.
    Disjoint,
    /// Some paths may match both, but they cannot be written as one path match (a regex
    /// path with a prefix `uri`, a regex `uri` under a path other than `/`).
    Inexpressible,
}

/// The request paths both an Ingress path and a RouteRule's `uri` match (`kind` `exact`,
/// `prefix`: a character prefix, or `regex`). This is how the rules that apply at the ingress
/// narrow a path (spec reference 2.3).
pub fn intersect(path: &PathMatch, kind: &str, value: &str) -> Intersection {
    use Intersection::{Disjoint, Inexpressible, Paths};
    let everything =
        matches!(path, PathMatch::CharPrefix(p) | PathMatch::SegmentPrefix(p) if p == "/");
    let keep = |both: bool| if both { Paths(path.clone()) } else { Disjoint };
    match kind {
        "exact" => match Matcher::compile(path) {
            Ok(m) if m.matches(value) => Paths(PathMatch::Exact(value.into())),
            Ok(_) => Disjoint,
            Err(_) => Inexpressible,
        },
        "prefix" => match path {
            _ if everything => Paths(PathMatch::CharPrefix(value.into())),
            PathMatch::Exact(p) => keep(p.starts_with(value)),
            PathMatch::CharPrefix(p) if value.starts_with(p.as_str()) => {
                Paths(PathMatch::CharPrefix(value.into()))
            }
            PathMatch::CharPrefix(p) => keep(p.starts_with(value)),
            PathMatch::SegmentPrefix(p) => {
                let base = p.trim_end_matches('/');
                match value.strip_prefix(base) {
                    Some("") => Paths(path.clone()),
                    Some(rest) if rest.starts_with('/') => {
                        Paths(PathMatch::CharPrefix(value.into()))
                    }
                    Some(_) => Disjoint,
                    None => keep(base.starts_with(value)),
                }
            }
            PathMatch::Regex(_) => Inexpressible,
        },
        _ => match path {
            _ if everything => Paths(PathMatch::Regex(value.into())),
            PathMatch::Exact(p) => match regex::Regex::new(&format!("^(?:{value})$")) {
                Ok(re) => keep(re.is_match(p)),
                Err(_) => Inexpressible,
            },
            _ => Inexpressible,
        },
    }
}

/// True when `request` matches `rule` as Kubernetes v1 `Prefix` does (element-wise).
pub fn segment_prefix_matches(rule: &str, request: &str) -> bool {
    let rule_parts: Vec<&str> = rule.split('/').filter(|s| !s.is_empty()).collect();
    let mut req_parts = request.split('/').filter(|s| !s.is_empty());
    rule_parts.iter().all(|r| req_parts.next() == Some(r))
}

/// How one route matches a request path.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// The whole path.
    Exact(String),
    /// A character prefix (Istio notation `/x/.*`).
    CharPrefix(String),
    /// Kubernetes v1 `Prefix`, stored without a trailing `/` (`""` matches everything).
    SegmentPrefix(String),
    /// A regex anchored at both ends (an ingressctl extension).
    Regex(regex::Regex),
}

impl Matcher {
    /// Compiles a path reading into a matcher.
    pub fn compile(path: &PathMatch) -> Result<Matcher, regex::Error> {
        Ok(match path {
            PathMatch::Exact(p) => Matcher::Exact(p.clone()),
            PathMatch::CharPrefix(p) => Matcher::CharPrefix(p.clone()),
            PathMatch::SegmentPrefix(p) => {
                Matcher::SegmentPrefix(p.trim_end_matches('/').to_string())
            }
            PathMatch::Regex(r) => Matcher::Regex(regex::Regex::new(&format!("^(?:{r})$"))?),
        })
    }

    /// True when the request path matches.
    pub fn matches(&self, path: &str) -> bool {
        match self {
            Matcher::Exact(p) => path == p,
            Matcher::CharPrefix(p) => path.starts_with(p.as_str()),
            Matcher::SegmentPrefix(p) => {
                path.starts_with(p.as_str())
                    && matches!(path.as_bytes().get(p.len()), None | Some(b'/'))
            }
            Matcher::Regex(r) => r.is_match(path),
        }
    }

    /// The text of the rule, for ordering and display.
    pub fn text(&self) -> &str {
        match self {
            Matcher::Exact(p) | Matcher::CharPrefix(p) | Matcher::SegmentPrefix(p) => p,
            Matcher::Regex(r) => r.as_str(),
        }
    }

    /// `exact`, `prefix`, `segment-prefix` or `regex`.
    pub fn kind(&self) -> &'static str {
        match self {
            Matcher::Exact(_) => "exact",
            Matcher::CharPrefix(_) => "prefix",
            Matcher::SegmentPrefix(_) => "segment-prefix",
            Matcher::Regex(_) => "regex",
        }
    }

    /// Order among routes of equal text length: exact, then prefixes, then regexes.
    pub fn rank(&self) -> u8 {
        match self {
            Matcher::Exact(_) => 0,
            Matcher::CharPrefix(_) | Matcher::SegmentPrefix(_) => 1,
            Matcher::Regex(_) => 2,
        }
    }

    /// True when both are the same rule (same kind and text).
    pub fn same_rule(&self, other: &Matcher) -> bool {
        self.kind() == other.kind() && self.text() == other.text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn istio_era_reading_follows_the_spec_reference_table() {
        assert_eq!(istio_era(None), PathMatch::CharPrefix("/".into()));
        assert_eq!(istio_era(Some("/foo")), PathMatch::Exact("/foo".into()));
        assert_eq!(istio_era(Some("/.*")), PathMatch::CharPrefix("/".into()));
        assert_eq!(
            istio_era(Some("/status/.*")),
            PathMatch::CharPrefix("/status/".into())
        );
        assert_eq!(
            istio_era(Some("/lo.*")),
            PathMatch::CharPrefix("/lo".into())
        );
        assert_eq!(
            istio_era(Some("/v1.0/x")),
            PathMatch::Regex("/v1.0/x".into())
        );
        assert_eq!(istio_era(Some("/*")), PathMatch::Regex("/*".into()));
    }

    #[test]
    fn serve_reading_uses_path_type_then_legacy_notation() {
        assert_eq!(
            serve(Some("/foo"), Some("Prefix")),
            PathMatch::SegmentPrefix("/foo".into())
        );
        assert_eq!(
            serve(Some("/a/*"), None),
            PathMatch::CharPrefix("/a/".into())
        );
        assert_eq!(
            serve(Some("/v1.0/x"), None),
            PathMatch::Exact("/v1.0/x".into())
        );
        assert_eq!(serve(Some("/a+"), None), PathMatch::Regex("/a+".into()));
    }

    #[test]
    fn a_rule_uri_narrows_an_ingress_path_to_what_both_match() {
        use Intersection::{Disjoint, Inexpressible, Paths};
        let seg = |p: &str| PathMatch::SegmentPrefix(p.into());
        let chars = |p: &str| PathMatch::CharPrefix(p.into());
        let exact = |p: &str| PathMatch::Exact(p.into());
        let cases = [
            (
                chars("/delay/"),
                "prefix",
                "/delay/",
                Paths(chars("/delay/")),
            ),
            (seg("/"), "prefix", "/api/", Paths(chars("/api/"))),
            (
                chars("/status/"),
                "exact",
                "/status/200",
                Paths(exact("/status/200")),
            ),
            (exact("/a"), "exact", "/b", Disjoint),
            (chars("/status/"), "prefix", "/delay/", Disjoint),
            // Segment prefixes: `/foo` covers `/foo` and `/foo/...`, never `/foobar`.
            (seg("/foo"), "prefix", "/foobar", Disjoint),
            (seg("/foo"), "prefix", "/foo", Paths(seg("/foo"))),
            (seg("/foo"), "prefix", "/fo", Paths(seg("/foo"))),
            (seg("/foo/"), "prefix", "/foo/b", Paths(chars("/foo/b"))),
            (seg("/foo"), "exact", "/foobar", Disjoint),
            (seg("/foo"), "exact", "/foo/x", Paths(exact("/foo/x"))),
            (
                exact("/api/v1/s"),
                "prefix",
                "/api/",
                Paths(exact("/api/v1/s")),
            ),
            (
                seg("/"),
                "regex",
                "/a.*",
                Paths(PathMatch::Regex("/a.*".into())),
            ),
            (
                exact("/api/v1"),
                "regex",
                "/api/v[0-9]+",
                Paths(exact("/api/v1")),
            ),
            (exact("/api/x"), "regex", "/api/v[0-9]+", Disjoint),
            // Some paths match both, but no one path match says which.
            (seg("/x"), "regex", "/x.*", Inexpressible),
            (
                PathMatch::Regex("/api/.*".into()),
                "prefix",
                "/api/v1/",
                Inexpressible,
            ),
        ];
        for (path, kind, value, want) in cases {
            assert_eq!(
                intersect(&path, kind, value),
                want,
                "{path:?} {kind} {value}"
            );
        }
    }

    #[test]
    fn segment_prefix_matches_the_kubernetes_examples() {
        assert!(segment_prefix_matches("/", "/anything"));
        assert!(segment_prefix_matches("/foo", "/foo/"));
        assert!(segment_prefix_matches("/foo/", "/foo"));
        assert!(!segment_prefix_matches("/aaa/bb", "/aaa/bbb"));
        assert!(segment_prefix_matches("/aaa/bbb", "/aaa/bbb/ccc"));
        assert!(!segment_prefix_matches("/aaa/bbb", "/aaa/bbbxyz"));
    }

    #[test]
    fn cli_paths_accept_both_prefix_spellings() {
        assert_eq!(from_cli("/status/.*"), CliPath::Prefix("/status/".into()));
        assert_eq!(from_cli("/api*"), CliPath::Prefix("/api".into()));
        assert_eq!(from_cli("/headers"), CliPath::Exact("/headers".into()));
    }

    #[test]
    fn dots_alone_look_accidental() {
        assert!(only_dots_as_meta("/v1.0/x"));
        assert!(!only_dots_as_meta("/a+.b"));
        assert!(!only_dots_as_meta("/plain"));
    }
}
