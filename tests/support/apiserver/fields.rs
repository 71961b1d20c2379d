//! Field ownership for server-side apply: leaf field paths, `managedFields` entries
//! (FieldsV1 encoding), apply with conflict detection, and ownership changes on updates.
//!
//! Simplification: ownership is tracked on leaf paths only, and every list is an atomic leaf
//! (the real server merges associative lists such as `containers` by key). Maps that become
//! empty when a field is dropped are pruned; no `.` self-ownership markers are written.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

/// A field path such as `["spec", "rules"]`.
pub(super) type FieldPath = Vec<String>;

/// Metadata fields the server owns itself; never tracked, never taken from clients.
const SYSTEM_METADATA: &[&str] = &[
    "name",
    "namespace",
    "generateName",
    "uid",
    "resourceVersion",
    "creationTimestamp",
    "generation",
    "managedFields",
    "selfLink",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
];

/// Which part of an object a request writes: everything but status, or only status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// The main resource; `status` excluded when `status_separate`.
    Main {
        /// Whether status is a separate subresource.
        status_separate: bool,
    },
    /// The `status` subresource.
    Status,
}

impl Scope {
    /// Whether a top-level key belongs to this scope.
    fn includes(self, key: &str) -> bool {
        match self {
            Scope::Status => key == "status",
            Scope::Main { status_separate } => {
                !(matches!(key, "apiVersion" | "kind") || (status_separate && key == "status"))
            }
        }
    }

    /// The `subresource` recorded on managedFields entries.
    fn subresource(self) -> Option<&'static str> {
        match self {
            Scope::Status => Some("status"),
            Scope::Main { .. } => None,
        }
    }
}

/// `.spec.rules` style rendering of a path.
pub(super) fn path_string(path: &FieldPath) -> String {
    path.iter().map(|p| format!(".{p}")).collect()
}

/// Every leaf path of `obj` within `scope` (objects recurse, lists and scalars are leaves).
pub(super) fn leaf_paths(obj: &Value, scope: Scope) -> BTreeSet<FieldPath> {
    let mut out = BTreeSet::new();
    let Some(map) = obj.as_object() else {
        return out;
    };
    for (key, value) in map.iter().filter(|(k, _)| scope.includes(k)) {
        if key == "metadata" {
            let user = value.as_object().into_iter().flatten();
            for (mk, mv) in user.filter(|(k, _)| !SYSTEM_METADATA.contains(&k.as_str())) {
                collect(mv, vec![key.clone(), mk.clone()], &mut out);
            }
        } else {
            collect(value, vec![key.clone()], &mut out);
        }
    }
    out
}

/// Recursive helper of [`leaf_paths`].
fn collect(value: &Value, path: FieldPath, out: &mut BTreeSet<FieldPath>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let mut child = path.clone();
                child.push(k.clone());
                collect(v, child, out);
            }
        }
        Value::Null => {}
        _ => {
            out.insert(path);
        }
    }
}

/// The value at `path`, if present.
pub(super) fn value_at<'a>(obj: &'a Value, path: &FieldPath) -> Option<&'a Value> {
    path.iter().try_fold(obj, |v, seg| v.get(seg))
}

/// Removes the value at `path`, pruning maps left empty below the top level.
fn remove_at(obj: &mut Value, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    if let Some(parent) = parents.iter().try_fold(&mut *obj, |v, seg| v.get_mut(seg))
        && let Some(map) = parent.as_object_mut()
    {
        map.remove(last);
    }
    let empty = value_at(obj, &parents.to_vec())
        .and_then(Value::as_object)
        .is_some_and(Map::is_empty);
    if empty && parents.len() > 1 {
        remove_at(obj, parents);
    }
}

/// Deep-merges `src` into `dst`: maps merge, everything else replaces; nulls are dropped.
pub(super) fn merge_into(dst: &mut Value, src: &Value) {
    match (dst.as_object_mut(), src.as_object()) {
        (Some(d), Some(s)) => {
            for (k, v) in s {
                if v.is_null() {
                    continue;
                }
                match d.get_mut(k) {
                    Some(existing) if existing.is_object() && v.is_object() => {
                        merge_into(existing, v)
                    }
                    _ => {
                        d.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        _ => *dst = src.clone(),
    }
}

/// The part of an applied configuration that `scope` writes (system metadata removed).
pub(super) fn scoped(obj: &Value, scope: Scope) -> Value {
    let mut out = Map::new();
    for (k, v) in obj.as_object().into_iter().flatten() {
        if !scope.includes(k) {
            continue;
        }
        if k == "metadata" {
            let mut meta = v.as_object().cloned().unwrap_or_default();
            meta.retain(|mk, _| !SYSTEM_METADATA.contains(&mk.as_str()));
            out.insert(k.clone(), Value::Object(meta));
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// One `metadata.managedFields` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Managed {
    /// The field manager name.
    pub manager: String,
    /// `Apply` or `Update`.
    pub operation: String,
    /// The apiVersion the manager wrote with.
    pub api_version: String,
    /// When the entry last changed (RFC 3339).
    pub time: String,
    /// `status` for status-subresource writes.
    pub subresource: Option<String>,
    /// The owned leaf paths.
    pub fields: BTreeSet<FieldPath>,
}

impl Managed {
    /// How conflict messages name this manager (`printManager` in the real server).
    pub fn display(&self) -> String {
        let mut text = format!("{:?}", self.manager);
        if let Some(sub) = &self.subresource {
            text = format!("{text} with subresource {sub:?}");
        }
        if self.operation == "Update" {
            text = format!("{text} using {}", self.api_version);
        }
        text
    }

    /// Whether this entry is the one identified by manager, operation and subresource.
    fn is(&self, manager: &str, operation: &str, subresource: Option<&str>) -> bool {
        self.manager == manager
            && self.operation == operation
            && self.subresource.as_deref() == subresource
    }

    /// The JSON form of the entry.
    fn to_json(&self) -> Value {
        let mut entry = json!({
            "manager": self.manager,
            "operation": self.operation,
            "apiVersion": self.api_version,
            "time": self.time,
            "fieldsType": "FieldsV1",
            "fieldsV1": encode_fields(&self.fields),
        });
        if let Some(sub) = &self.subresource {
            entry["subresource"] = json!(sub);
        }
        entry
    }
}

/// Reads `metadata.managedFields` (unknown shapes are skipped).
pub(super) fn parse_managed(obj: &Value) -> Vec<Managed> {
    let entries = obj
        .pointer("/metadata/managedFields")
        .and_then(Value::as_array);
    let text = |e: &Value, k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    entries
        .into_iter()
        .flatten()
        .map(|e| {
            let mut fields = BTreeSet::new();
            decode_fields(
                e.get("fieldsV1").unwrap_or(&Value::Null),
                &mut Vec::new(),
                &mut fields,
            );
            Managed {
                manager: text(e, "manager"),
                operation: text(e, "operation"),
                api_version: text(e, "apiVersion"),
                time: text(e, "time"),
                subresource: e
                    .get("subresource")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                fields,
            }
        })
        .collect()
}

/// Writes `entries` (dropping empty ones) as `metadata.managedFields`.
pub(super) fn store_managed(obj: &mut Value, entries: &[Managed]) {
    let list: Vec<Value> = entries
        .iter()
        .filter(|e| !e.fields.is_empty())
        .map(Managed::to_json)
        .collect();
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        if list.is_empty() {
            meta.remove("managedFields");
        } else {
            meta.insert("managedFields".into(), Value::Array(list));
        }
    }
}

/// FieldsV1 encoding: `{"f:spec":{"f:rules":{}}}`.
fn encode_fields(fields: &BTreeSet<FieldPath>) -> Value {
    let mut root = Value::Object(Map::new());
    for path in fields {
        let mut node = &mut root;
        for seg in path {
            let Some(map) = node.as_object_mut() else {
                break;
            };
            node = map
                .entry(format!("f:{seg}"))
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }
    root
}

/// FieldsV1 decoding; a node with list-element keys (`k:`, `v:`, `i:`) or `.` only is a leaf.
fn decode_fields(node: &Value, path: &mut FieldPath, out: &mut BTreeSet<FieldPath>) {
    let Some(map) = node.as_object() else {
        return;
    };
    let children: Vec<(&String, &Value)> =
        map.iter().filter(|(k, _)| k.starts_with("f:")).collect();
    let list_like = map
        .keys()
        .any(|k| k.starts_with("k:") || k.starts_with("v:") || k.starts_with("i:"));
    if (children.is_empty() || list_like) && !path.is_empty() {
        out.insert(path.clone());
        return;
    }
    for (key, child) in children {
        path.push(key[2..].to_string());
        decode_fields(child, path, out);
        path.pop();
    }
}

/// Who applies, and how.
pub(super) struct Applier<'a> {
    /// The field manager.
    pub manager: &'a str,
    /// The apiVersion of the endpoint.
    pub api_version: &'a str,
    /// Whether conflicts are forced.
    pub force: bool,
    /// The request time.
    pub now: &'a str,
    /// The written scope.
    pub scope: Scope,
}

/// Server-side apply of `applied` onto `live`; `Err` lists conflicts as (manager, path).
pub(super) fn apply(
    live: &Value,
    applied: &Value,
    who: &Applier,
) -> Result<Value, Vec<(String, String)>> {
    let applied = scoped(applied, who.scope);
    let paths = leaf_paths(&applied, who.scope);
    let sub = who.scope.subresource();
    let mut entries = parse_managed(live);
    let mut conflicts = Vec::new();
    for entry in entries
        .iter_mut()
        .filter(|e| !e.is(who.manager, "Apply", sub))
    {
        let clashing: Vec<FieldPath> = entry
            .fields
            .intersection(&paths)
            .filter(|p| value_at(live, p) != value_at(&applied, p))
            .cloned()
            .collect();
        for path in clashing {
            conflicts.push((entry.display(), path_string(&path)));
            if who.force {
                entry.fields.remove(&path);
            }
        }
    }
    if !conflicts.is_empty() && !who.force {
        conflicts.sort();
        return Err(conflicts);
    }
    let previous = entries
        .iter()
        .find(|e| e.is(who.manager, "Apply", sub))
        .map(|e| e.fields.clone())
        .unwrap_or_default();
    let mut result = live.clone();
    for dropped in previous.difference(&paths) {
        let shared = entries
            .iter()
            .any(|e| !e.is(who.manager, "Apply", sub) && e.fields.contains(dropped));
        if !shared {
            remove_at(&mut result, dropped);
        }
    }
    merge_into(&mut result, &applied);
    upsert(&mut entries, who, "Apply", paths);
    store_managed(&mut result, &entries);
    Ok(result)
}

/// Replaces (or appends) the entry for this manager/operation with `fields`.
fn upsert(entries: &mut Vec<Managed>, who: &Applier, operation: &str, fields: BTreeSet<FieldPath>) {
    let sub = who.scope.subresource();
    let fresh = Managed {
        manager: who.manager.to_string(),
        operation: operation.to_string(),
        api_version: who.api_version.to_string(),
        time: who.now.to_string(),
        subresource: sub.map(str::to_string),
        fields,
    };
    match entries
        .iter_mut()
        .find(|e| e.is(who.manager, operation, sub))
    {
        Some(entry) => *entry = fresh,
        None => entries.push(fresh),
    }
}

/// Records an `Update` by `who` turning `old` (None on create) into `new`: the manager takes
/// every changed field from the others; removed fields are dropped from all.
pub(super) fn track_update(old: Option<&Value>, new: &mut Value, who: &Applier) {
    let empty = Value::Object(Map::new());
    let before = old.unwrap_or(&empty);
    let old_paths = leaf_paths(before, who.scope);
    let new_paths = leaf_paths(new, who.scope);
    let changed: BTreeSet<FieldPath> = new_paths
        .iter()
        .filter(|p| value_at(before, p) != value_at(new, p))
        .cloned()
        .collect();
    let removed: BTreeSet<FieldPath> = old_paths.difference(&new_paths).cloned().collect();
    let mut entries = parse_managed(before);
    for entry in entries.iter_mut() {
        entry
            .fields
            .retain(|p| !changed.contains(p) && !removed.contains(p));
    }
    if !changed.is_empty() {
        let sub = who.scope.subresource();
        let mut owned = entries
            .iter()
            .find(|e| e.is(who.manager, "Update", sub))
            .map(|e| e.fields.clone())
            .unwrap_or_default();
        owned.extend(changed);
        upsert(&mut entries, who, "Update", owned);
    }
    store_managed(new, &entries);
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: Scope = Scope::Main {
        status_separate: true,
    };

    fn who(manager: &str, force: bool) -> Applier<'_> {
        Applier {
            manager,
            api_version: "networking.k8s.io/v1",
            force,
            now: "2025-01-01T00:00:00Z",
            scope: MAIN,
        }
    }

    #[test]
    fn fields_round_trip_through_fields_v1() {
        let obj = json!({"metadata": {"name": "x", "labels": {"a": "1"}}, "spec": {"rules": [1], "x": {"y": 2}}, "status": {"s": 1}});
        let paths = leaf_paths(&obj, MAIN);
        let mut back = BTreeSet::new();
        decode_fields(&encode_fields(&paths), &mut Vec::new(), &mut back);
        assert_eq!(paths, back);
        assert_eq!(paths.len(), 3);
    }

    #[test]
    fn apply_conflicts_then_force_takes_over() {
        let mut live = json!({"metadata": {"name": "x"}, "spec": {"rules": [1]}});
        track_update(None, &mut live, &who("kubectl-client-side-apply", false));
        let mine = json!({"metadata": {"name": "x"}, "spec": {"rules": [2]}});
        let err = apply(&live, &mine, &who("other", false)).expect_err("conflict");
        assert_eq!(
            err,
            vec![(
                "\"kubectl-client-side-apply\" using networking.k8s.io/v1".to_string(),
                ".spec.rules".to_string()
            )]
        );
        let forced = apply(&live, &mine, &who("other", true)).expect("forced");
        assert_eq!(forced["spec"]["rules"], json!([2]));
        let managers = parse_managed(&forced);
        assert_eq!(managers.len(), 1);
        assert_eq!(managers[0].manager, "other");
    }

    #[test]
    fn apply_drops_fields_no_longer_applied() {
        let live = json!({"metadata": {"name": "x"}, "spec": {}});
        let first = apply(
            &live,
            &json!({"spec": {"a": 1, "b": {"c": 2}}}),
            &who("m", false),
        )
        .expect("ok");
        let second = apply(&first, &json!({"spec": {"a": 1}}), &who("m", false)).expect("ok");
        assert_eq!(second["spec"], json!({"a": 1}));
    }
}
