//! Rewrites before forwarding: the path (a matched prefix replaced), the authority, and
//! appended headers.

use http::header;
use http::request::Parts;

use crate::proxy::rules::{Forward, Rule};

fn rewrite_path(parts: &mut Parts, rule: &Rule, to: &str) {
    let path = parts.uri.path();
    let new_path = match &rule.uri_prefix {
        Some(prefix) if path.starts_with(prefix.as_str()) => {
            format!("{to}{}", &path[prefix.len()..])
        }
        _ => to.to_string(),
    };
    let pq = match parts.uri.query() {
        Some(q) => format!("{new_path}?{q}"),
        None => new_path,
    };
    if let Ok(uri) = pq.parse() {
        parts.uri = uri;
    }
}

pub(super) fn apply_rewrites(parts: &mut Parts, rule: &Rule, fwd: &Forward) {
    if let Some(to) = &fwd.rewrite_uri {
        rewrite_path(parts, rule, to);
    }
    if let Some(host) = &fwd.rewrite_authority {
        parts.headers.insert(header::HOST, host.clone());
    }
    for (name, value) in &fwd.append {
        parts.headers.append(name.clone(), value.clone());
    }
}
