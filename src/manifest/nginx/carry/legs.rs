//! How ingress-nginx matched a path, as `uri` conditions a RouteRule can say (with the
//! rewrite each needs), and as an Ingress path serve and the converters read the same way.

use super::asks::Asks;
use super::{Carried, PathChange};
use crate::manifest::IngressPath;
use crate::manifest::model::StringMatch;
use crate::manifest::paths::has_regex_meta;

/// One `uri` condition (none: every path) and the rewrite that goes with it.
pub(super) struct Leg {
    pub uri: Option<StringMatch>,
    pub rewrite: Option<String>,
}

/// How ingress-nginx read a path: as the regex `~* ^PATH` on a host where `use-regex` or
/// `rewrite-target` is set, else as written.
#[derive(Clone, Copy)]
pub(super) struct Reading {
    /// The host's paths are regexes.
    pub regex_mode: bool,
    /// No other path (of any Ingress) reaches the path's Service.
    pub sole_path: bool,
}

/// The `uri` conditions (one, or two for `(/|$)(.*)`) that match a path as ingress-nginx
/// did, with the rewrite each needs; `Err` says why the rewrite cannot be carried.
pub(super) fn legs(path: &IngressPath, asks: &Asks, reading: Reading) -> Result<Vec<Leg>, String> {
    let text = path.path.clone().unwrap_or_else(|| "/".into());
    // Under regex matching every path, Exact ones too, became `~* ^PATH` (a prefix).
    let exact = path.path_type.as_deref() == Some("Exact") && !reading.regex_mode;
    let regex = reading.regex_mode && has_regex_meta(&text);
    let Some(target) = &asks.rewrite else {
        return Ok(plain_legs(path, reading));
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
            uri: Some(StringMatch {
                exact: Some(text),
                ..Default::default()
            }),
            rewrite: Some(target.clone()),
        }]);
    }
    if reading.sole_path {
        // A rule without a `uri` condition rewrites the whole path, as nginx's `rewrite` did.
        return Ok(vec![Leg {
            uri: None,
            rewrite: Some(target.clone()),
        }]);
    }
    Err(format!(
        "ingress-nginx replaced every path under `{text}` with `{target}`; a RouteRule rewrites only the matched prefix, and this Service is reached by other paths too: write the path as `{text}(/|$)(.*)` with `{target}$2` if the rest of the path should be kept"
    ))
}

/// The legs of a path without a rewrite: a regex (`PATH.*`) on a regex host, an exact
/// path, a `Prefix` path by whole segments (`exact: /p` and `prefix: /p/`, as ingress-nginx
/// and serve match it, not `/px`), and any other path as the character prefix nginx's
/// `location /p` is.
pub(super) fn plain_legs(path: &IngressPath, reading: Reading) -> Vec<Leg> {
    let text = path.path.clone().unwrap_or_else(|| "/".into());
    let leg = |uri: StringMatch| Leg {
        uri: Some(uri),
        rewrite: None,
    };
    if reading.regex_mode && has_regex_meta(&text) {
        return vec![leg(StringMatch {
            regex: Some(format!("{text}.*")),
            ..Default::default()
        })];
    }
    let path_type = path.path_type.as_deref();
    if path_type == Some("Exact") && !reading.regex_mode {
        return vec![leg(StringMatch {
            exact: Some(text),
            ..Default::default()
        })];
    }
    let base = text.trim_end_matches('/');
    if path_type == Some("Prefix") && !reading.regex_mode && !base.is_empty() {
        return vec![
            leg(StringMatch {
                exact: Some(base.to_string()),
                ..Default::default()
            }),
            leg(StringMatch {
                prefix: Some(format!("{base}/")),
                ..Default::default()
            }),
        ];
    }
    vec![leg(StringMatch {
        prefix: Some(text),
        ..Default::default()
    })]
}

/// A plain path without `pathType` (or `ImplementationSpecific`), which nginx's `location
/// /p` matched as a character prefix and serve would read as exact: written `p.*`.
pub(super) fn char_prefix_path(ingress: usize, path: &IngressPath, out: &mut Carried) {
    let text = path.path.clone().unwrap_or_else(|| "/".into());
    let implementation_specific = matches!(
        path.path_type.as_deref(),
        None | Some("ImplementationSpecific")
    );
    if !implementation_specific || has_regex_meta(&text) || text.ends_with('*') {
        return;
    }
    out.paths.push(PathChange {
        ingress,
        rule: path.rule,
        path: path.index,
        text: format!("{text}.*"),
        path_type: "ImplementationSpecific".into(),
    });
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
        return (literal(l) && plain(m) && !trimmed.is_empty()).then(|| {
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
        uri: Some(uri),
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

/// The path ingress-nginx matched as `~* ^PATH`, written as serve and the converters read
/// it: a segment prefix for `L(/|$)(.*)`, a character prefix `L.*` for `L(.*)` and for
/// plain text (Exact paths included), and `PATH.*` (a regex anchored at both ends) for the
/// rest.
pub(super) fn rewrite_path(ingress: usize, path: &IngressPath, out: &mut Carried) {
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
