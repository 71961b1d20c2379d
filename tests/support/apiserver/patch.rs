//! Request bodies and non-apply patches: JSON/YAML decoding, JSON merge patch (RFC 7386),
//! strategic merge patch (treated as a merge patch with `$` directives stripped: lists are
//! replaced, not merged by key) and JSON patch (RFC 6902).

use serde_json::{Map, Value};

use super::errors::ApiError;

/// The PATCH flavours, from the request `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PatchKind {
    /// `application/merge-patch+json`.
    Merge,
    /// `application/strategic-merge-patch+json`.
    Strategic,
    /// `application/json-patch+json`.
    Json,
    /// `application/apply-patch+yaml` (server-side apply).
    Apply,
}

impl PatchKind {
    /// The kind for a content type, if known.
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        let mime = content_type.split(';').next().unwrap_or("").trim();
        match mime {
            "application/merge-patch+json" => Some(PatchKind::Merge),
            "application/strategic-merge-patch+json" => Some(PatchKind::Strategic),
            "application/json-patch+json" => Some(PatchKind::Json),
            "application/apply-patch+yaml" | "application/apply-patch+json" => {
                Some(PatchKind::Apply)
            }
            _ => None,
        }
    }
}

/// Decodes a JSON body into a JSON object (400 otherwise).
pub(super) fn json_object(body: &[u8]) -> Result<Value, ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!("the body of the request could not be decoded: {e}"))
    })?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(ApiError::bad_request(
            "the body of the request must be a JSON object",
        ))
    }
}

/// Decodes a YAML (or JSON) apply body into a JSON object (400 otherwise).
pub(super) fn yaml_object(body: &[u8]) -> Result<Value, ApiError> {
    let value: Value = serde_yaml::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(ApiError::bad_request(
            "the apply configuration must be an object",
        ))
    }
}

/// Applies an RFC 7386 merge patch to `target`.
pub(super) fn merge_patch(target: &mut Value, patch: &Value) {
    let Some(patch_map) = patch.as_object() else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Some(map) = target.as_object_mut() else {
        return;
    };
    for (key, value) in patch_map {
        if value.is_null() {
            map.remove(key);
        } else {
            merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// Removes strategic-merge directives (`$patch`, `$setElementOrder/...`, `$retainKeys`).
pub(super) fn strip_directives(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|k, _| !k.starts_with('$'));
            map.values_mut().for_each(strip_directives);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_directives),
        _ => {}
    }
}

/// Applies an RFC 6902 JSON patch (`add`, `remove`, `replace`, `move`, `copy`, `test`).
pub(super) fn json_patch(target: &Value, ops: &Value) -> Result<Value, String> {
    let ops = ops.as_array().ok_or("a JSON patch must be an array")?;
    let mut doc = target.clone();
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).ok_or("missing op")?;
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or("missing path")?;
        let from = || op.get("from").and_then(Value::as_str).ok_or("missing from");
        let value = || op.get("value").cloned().ok_or("missing value");
        match kind {
            "add" => add(&mut doc, path, value()?)?,
            "remove" => {
                remove(&mut doc, path)?;
            }
            "replace" if path.is_empty() => doc = value()?,
            "replace" => {
                remove(&mut doc, path)?;
                add(&mut doc, path, value()?)?;
            }
            "move" => {
                let moved = remove(&mut doc, from()?)?;
                add(&mut doc, path, moved)?;
            }
            "copy" => {
                let copied = doc.pointer(from()?).cloned().ok_or("copy source missing")?;
                add(&mut doc, path, copied)?;
            }
            "test" => {
                if doc.pointer(path) != Some(&value()?) {
                    return Err(format!("test failed at {path}"));
                }
            }
            other => return Err(format!("unknown op {other:?}")),
        }
    }
    Ok(doc)
}

/// Splits a JSON pointer into (parent pointer, unescaped last token).
fn split_pointer(path: &str) -> Result<(&str, String), String> {
    let idx = path
        .rfind('/')
        .ok_or_else(|| format!("invalid pointer {path:?}"))?;
    let token = path[idx + 1..].replace("~1", "/").replace("~0", "~");
    Ok((&path[..idx], token))
}

/// JSON patch `add`.
fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (parent, token) = split_pointer(path)?;
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(token, value);
            Ok(())
        }
        Some(Value::Array(items)) => {
            let idx = if token == "-" {
                items.len()
            } else {
                token
                    .parse::<usize>()
                    .map_err(|_| format!("bad index {token:?}"))?
            };
            if idx > items.len() {
                return Err(format!("index {idx} out of range"));
            }
            items.insert(idx, value);
            Ok(())
        }
        _ => Err(format!("path {parent:?} not found")),
    }
}

/// JSON patch `remove`, returning the removed value.
fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, token) = split_pointer(path)?;
    let missing = || format!("path {path:?} not found");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => map.remove(&token).ok_or_else(missing),
        Some(Value::Array(items)) => {
            let idx = token.parse::<usize>().map_err(|_| missing())?;
            if idx < items.len() {
                Ok(items.remove(idx))
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc7386() {
        let mut doc = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge_patch(&mut doc, &json!({"a": "z", "c": {"f": null}}));
        assert_eq!(doc, json!({"a": "z", "c": {"d": "e"}}));
    }

    #[test]
    fn json_patch_ops() {
        let doc = json!({"a": [1, 2], "b": 1});
        let out = json_patch(
            &doc,
            &json!([
                {"op": "add", "path": "/a/-", "value": 3},
                {"op": "replace", "path": "/b", "value": 2},
                {"op": "remove", "path": "/a/0"},
            ]),
        )
        .expect("patched");
        assert_eq!(out, json!({"a": [2, 3], "b": 2}));
    }
}
