//! Label selectors (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`) and field selectors
//! (`=`, `==`, `!=` on the fields the real server indexes).

use serde_json::Value;

use super::catalog::ResourceDef;

/// One label requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Requirement {
    /// `key=value` / `key==value`.
    Equals(String, String),
    /// `key!=value` (also true when the label is absent).
    NotEquals(String, String),
    /// `key in (a,b)`.
    In(String, Vec<String>),
    /// `key notin (a,b)` (also true when absent).
    NotIn(String, Vec<String>),
    /// `key`.
    Exists(String),
    /// `!key`.
    Absent(String),
}

/// A parsed label selector; empty matches everything.
#[derive(Debug, Clone, Default)]
pub(super) struct LabelSelector(Vec<Requirement>);

/// Splits on commas outside parentheses.
fn split_terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                terms.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    terms.push(current);
    terms
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether `key` is a plausible label key.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

/// Parses `(a, b)` into its values.
fn parse_set(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix('(')?.strip_suffix(')')?;
    Some(inner.split(',').map(|v| v.trim().to_string()).collect())
}

/// Parses one requirement.
fn parse_requirement(term: &str) -> Result<Requirement, String> {
    let bad = || {
        format!(
            "unable to parse requirement: found '{term}', expected: in, notin, =, ==, !=, gt, lt"
        )
    };
    if let Some(key) = term.strip_prefix('!') {
        let key = key.trim();
        return if valid_key(key) {
            Ok(Requirement::Absent(key.into()))
        } else {
            Err(bad())
        };
    }
    for (op, negate) in [("!=", true), ("==", false), ("=", false)] {
        if let Some((key, value)) = term.split_once(op) {
            let (key, value) = (key.trim().to_string(), value.trim().to_string());
            if !valid_key(&key) {
                return Err(bad());
            }
            return Ok(if negate {
                Requirement::NotEquals(key, value)
            } else {
                Requirement::Equals(key, value)
            });
        }
    }
    if let Some((key, rest)) = term.split_once(char::is_whitespace) {
        let rest = rest.trim();
        let key = key.to_string();
        if let Some(set) = rest.strip_prefix("notin").and_then(parse_set) {
            return Ok(Requirement::NotIn(key, set));
        }
        if let Some(set) = rest.strip_prefix("in").and_then(parse_set) {
            return Ok(Requirement::In(key, set));
        }
        return Err(bad());
    }
    if valid_key(term) {
        Ok(Requirement::Exists(term.into()))
    } else {
        Err(bad())
    }
}

impl LabelSelector {
    /// True when it selects everything.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Parses a `labelSelector` query value.
    pub fn parse(text: &str) -> Result<Self, String> {
        split_terms(text)
            .iter()
            .map(|t| parse_requirement(t))
            .collect::<Result<Vec<_>, _>>()
            .map(LabelSelector)
    }

    /// Whether an object's labels satisfy every requirement.
    pub fn matches(&self, obj: &Value) -> bool {
        let label = |k: &str| {
            obj.pointer("/metadata/labels")
                .and_then(|l| l.get(k))
                .and_then(Value::as_str)
        };
        self.0.iter().all(|r| match r {
            Requirement::Equals(k, v) => label(k) == Some(v.as_str()),
            Requirement::NotEquals(k, v) => label(k) != Some(v.as_str()),
            Requirement::In(k, set) => label(k).is_some_and(|l| set.iter().any(|v| v == l)),
            Requirement::NotIn(k, set) => !label(k).is_some_and(|l| set.iter().any(|v| v == l)),
            Requirement::Exists(k) => label(k).is_some(),
            Requirement::Absent(k) => label(k).is_none(),
        })
    }
}

/// A parsed field selector; empty matches everything.
#[derive(Debug, Clone, Default)]
pub(super) struct FieldSelector(Vec<(String, bool, String)>);

/// The fields the real server accepts in field selectors for a resource.
fn supported_fields(def: &ResourceDef) -> &'static [&'static str] {
    match (def.group, def.plural) {
        ("", "pods") => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        ("", "secrets") => &["type"],
        ("", "namespaces") => &["status.phase"],
        _ => &[],
    }
}

impl FieldSelector {
    /// True when it selects everything.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Parses a `fieldSelector` query value, rejecting fields the resource does not index.
    pub fn parse(text: &str, def: &ResourceDef) -> Result<Self, String> {
        let mut reqs = Vec::new();
        for term in split_terms(text) {
            let (field, eq, value) = if let Some((f, v)) = term.split_once("!=") {
                (f, false, v)
            } else if let Some((f, v)) = term.split_once("==") {
                (f, true, v)
            } else if let Some((f, v)) = term.split_once('=') {
                (f, true, v)
            } else {
                return Err(format!(
                    "invalid selector: '{text}'; can't understand '{term}'"
                ));
            };
            let field = field.trim();
            let known = matches!(field, "metadata.name" | "metadata.namespace")
                || supported_fields(def).contains(&field);
            if !known {
                return Err(format!("field label not supported: {field}"));
            }
            reqs.push((field.to_string(), eq, value.trim().to_string()));
        }
        Ok(FieldSelector(reqs))
    }

    /// Whether an object's fields satisfy every requirement.
    pub fn matches(&self, obj: &Value) -> bool {
        self.0.iter().all(|(field, eq, value)| {
            let pointer = format!("/{}", field.replace('.', "/"));
            let actual = match obj.pointer(&pointer) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Bool(b)) => b.to_string(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            (actual == *value) == *eq
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn label_selector_operators() {
        let obj = json!({"metadata": {"labels": {"istio": "ingress", "tier": "edge"}}});
        let yes = [
            "istio=ingress",
            "istio==ingress",
            "istio",
            "!app",
            "tier in (edge, core)",
            "tier notin (x)",
            "app!=y",
            "istio,tier=edge",
        ];
        for s in yes {
            assert!(LabelSelector::parse(s).expect(s).matches(&obj), "{s}");
        }
        let no = [
            "istio=x",
            "app",
            "!istio",
            "tier in (core)",
            "tier notin (edge)",
            "istio!=ingress",
        ];
        for s in no {
            assert!(!LabelSelector::parse(s).expect(s).matches(&obj), "{s}");
        }
        assert!(LabelSelector::parse("a b c").is_err());
    }
}
