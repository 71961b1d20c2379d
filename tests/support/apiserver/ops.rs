//! The verbs on stored objects: get, list, create, replace, patch (merge, strategic, JSON,
//! server-side apply), delete, with the bookkeeping and validation the real server does.

use base64::Engine as _;
use serde_json::{Map, Value, json};

use super::catalog::{NameRule, ResourceDef};
use super::errors::{ApiError, Cause};
use super::fields::{self, Applier, Scope};
use super::patch::{self, PatchKind};
use super::select::{FieldSelector, LabelSelector};
use super::store::{Key, State, meta_str, now, set_meta};

/// One object addressed by a request.
pub(super) struct Target<'a> {
    /// Its resource.
    pub def: &'a ResourceDef,
    /// Its namespace (empty when cluster-scoped).
    pub namespace: &'a str,
    /// Its name.
    pub name: &'a str,
}

impl Target<'_> {
    /// The store key.
    fn key(&self) -> Key {
        Key::new(self.def, self.namespace, self.name)
    }
}

/// How a write is made.
pub(super) struct WriteOptions {
    /// The field manager recorded in managedFields.
    pub manager: String,
    /// `dryRun=All`: answer as if done, store nothing.
    pub dry_run: bool,
    /// `force=true` for apply.
    pub force: bool,
    /// Whether the request is on the `status` subresource.
    pub status: bool,
}

impl WriteOptions {
    /// The ownership scope of the write.
    fn scope(&self, def: &ResourceDef) -> Scope {
        if self.status {
            Scope::Status
        } else {
            Scope::Main {
                status_separate: def.status,
            }
        }
    }
}

/// The RFC 1123 subdomain message, as `validation.IsDNS1123Subdomain` words it.
const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/// The RFC 1123 label message.
const LABEL1123_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
/// The RFC 1035 label message.
const LABEL1035_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/// Whether `s` is an RFC 1123 label.
fn is_label(s: &str) -> bool {
    let bytes = s.as_bytes();
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && bytes[0] != b'-'
        && bytes[s.len() - 1] != b'-'
}

/// The validation failure for a name, if any.
fn name_problem(rule: NameRule, name: &str) -> Option<String> {
    let (ok, msg, max) = match rule {
        NameRule::Subdomain => (name.split('.').all(is_label), SUBDOMAIN_MSG, 253),
        NameRule::Label1123 => (is_label(name), LABEL1123_MSG, 63),
        NameRule::Label1035 => (
            is_label(name) && name.starts_with(|c: char| c.is_ascii_lowercase()),
            LABEL1035_MSG,
            63,
        ),
    };
    if name.len() > max {
        return Some(format!(
            "Invalid value: {name:?}: must be no more than {max} characters"
        ));
    }
    (!ok).then(|| format!("Invalid value: {name:?}: {msg}"))
}

/// A 422 for `def`/`name` with one cause.
fn invalid(
    def: &ResourceDef,
    name: &str,
    reason: &'static str,
    field: &str,
    message: String,
) -> ApiError {
    let cause = Cause {
        reason,
        message,
        field: field.to_string(),
    };
    ApiError::invalid(def.group, def.kind, name, vec![cause])
}

/// Kind-specific validation (a `kubernetes.io/tls` Secret needs `tls.crt` and `tls.key`).
fn validate(def: &ResourceDef, name: &str, obj: &Value) -> Result<(), ApiError> {
    if def.group.is_empty()
        && def.plural == "secrets"
        && obj.get("type").and_then(Value::as_str) == Some("kubernetes.io/tls")
    {
        let causes: Vec<Cause> = ["tls.crt", "tls.key"]
            .into_iter()
            .filter(|k| obj.get("data").and_then(|d| d.get(k)).is_none())
            .map(|k| Cause {
                reason: "FieldValueRequired",
                message: "Required value".into(),
                field: format!("data[{k}]"),
            })
            .collect();
        if !causes.is_empty() {
            return Err(ApiError::invalid(def.group, def.kind, name, causes));
        }
    }
    Ok(())
}

/// Moves a Secret's `stringData` into base64 `data`, as the real server does on write.
fn fold_string_data(def: &ResourceDef, obj: &mut Value) {
    if !(def.group.is_empty() && def.plural == "secrets") {
        return;
    }
    let Some(Value::Object(strings)) = obj.as_object_mut().and_then(|m| m.remove("stringData"))
    else {
        return;
    };
    if !obj.get("data").is_some_and(Value::is_object) {
        obj["data"] = json!({});
    }
    for (k, v) in strings {
        let text = v.as_str().unwrap_or_default();
        obj["data"][k] = json!(base64::engine::general_purpose::STANDARD.encode(text));
    }
}

/// Whether anything outside metadata and status differs (generation bumps).
fn spec_changed(old: &Value, new: &Value) -> bool {
    let strip = |v: &Value| {
        let mut m = v.as_object().cloned().unwrap_or_default();
        m.remove("metadata");
        m.remove("status");
        m
    };
    strip(old) != strip(new)
}

/// The object with volatile bookkeeping removed, for no-op detection.
fn comparable(obj: &Value) -> Value {
    let mut copy = obj.clone();
    if let Some(meta) = copy.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("resourceVersion");
        if let Some(Value::Array(entries)) = meta.get_mut("managedFields") {
            entries
                .iter_mut()
                .filter_map(Value::as_object_mut)
                .for_each(|e| {
                    e.remove("time");
                });
        }
    }
    copy
}

/// Resets status on create for resources with a status subresource, like their strategies.
fn reset_status(def: &ResourceDef, obj: &mut Value) {
    let Some(map) = obj.as_object_mut() else {
        return;
    };
    match (def.group, def.plural) {
        ("", "pods") => {
            map.insert("status".into(), json!({"phase": "Pending"}));
        }
        ("", "namespaces") => {
            map.insert("status".into(), json!({"phase": "Active"}));
        }
        _ if def.status => {
            map.remove("status");
        }
        _ => {}
    }
}

/// 400 unless `metadata` (when present) is an object whose labels/annotations map to strings,
/// as decoding into the typed object would demand.
fn check_shape(obj: &Value) -> Result<(), ApiError> {
    if !obj.is_object() {
        return Err(ApiError::bad_request(
            "the object provided is not a JSON object",
        ));
    }
    let Some(meta) = obj.get("metadata") else {
        return Ok(());
    };
    if !meta.is_object() {
        return Err(ApiError::bad_request(
            "json: cannot unmarshal metadata: not an object",
        ));
    }
    for field in ["labels", "annotations"] {
        let ok = meta.get(field).is_none_or(|m| {
            m.is_null()
                || m.as_object()
                    .is_some_and(|m| m.values().all(Value::is_string))
        });
        if !ok {
            return Err(ApiError::bad_request(format!(
                "json: cannot unmarshal into Go struct field ObjectMeta.metadata.{field} of type map[string]string"
            )));
        }
    }
    Ok(())
}

/// Checks the body's shape and that its apiVersion/kind (when given) match the endpoint.
fn check_type(def: &ResourceDef, obj: &Value) -> Result<(), ApiError> {
    check_shape(obj)?;
    let expected = def.api_version();
    if let Some(got) = obj.get("apiVersion").and_then(Value::as_str)
        && got != expected
    {
        return Err(ApiError::bad_request(format!(
            "the API version in the data ({got}) does not match the expected API version ({expected})"
        )));
    }
    if let Some(got) = obj.get("kind").and_then(Value::as_str)
        && got != def.kind
    {
        return Err(ApiError::bad_request(format!(
            "the kind in the data ({got}) does not match the expected kind ({})",
            def.kind
        )));
    }
    Ok(())
}

/// 400 when a body names a different object than the URL.
fn check_name(obj: &Value, url_name: &str) -> Result<(), ApiError> {
    match meta_str(obj, "name") {
        Some(name) if name != url_name => Err(ApiError::bad_request(format!(
            "the name of the object ({name}) does not match the name on the URL ({url_name})"
        ))),
        _ => Ok(()),
    }
}

/// The user-settable part of an object's metadata plus the system fields of `old`.
fn carry_system_metadata(old: &Value, new: &mut Value) {
    for key in [
        "name",
        "namespace",
        "uid",
        "creationTimestamp",
        "generation",
        "resourceVersion",
        "managedFields",
    ] {
        match old.get("metadata").and_then(|m| m.get(key)) {
            Some(v) => set_meta(new, key, v.clone()),
            None => {
                if let Some(m) = new.get_mut("metadata").and_then(Value::as_object_mut) {
                    m.remove(key);
                }
            }
        }
    }
}

impl State {
    /// GET one object.
    pub fn op_get(&self, t: &Target) -> Result<Value, ApiError> {
        self.get(&t.key())
            .cloned()
            .ok_or_else(|| ApiError::not_found(t.def, t.name))
    }

    /// GET a collection (`{Kind}List`), filtered by selectors, one page of it when the
    /// request set `limit` (as kube-runtime's watchers do: 500 at a time).
    pub fn op_list(
        &self,
        def: &ResourceDef,
        namespace: Option<&str>,
        labels: &LabelSelector,
        fields: &FieldSelector,
        page: &Page,
    ) -> Value {
        let mut matching = self
            .objects_of(def, namespace)
            .filter(|(key, _)| {
                page.after
                    .as_ref()
                    .is_none_or(|after| (&key.namespace, &key.name) > (&after.0, &after.1))
            })
            .filter(|(_, obj)| labels.matches(obj) && fields.matches(obj));
        let items: Vec<(&Key, &Value)> = match page.limit {
            Some(limit) => matching.by_ref().take(limit).collect(),
            None => matching.by_ref().collect(),
        };
        let remaining = matching.count();
        let rv = page.rv.unwrap_or_else(|| self.current_rv());
        let mut metadata = json!({"resourceVersion": rv.to_string()});
        if let (Some((last, _)), true) = (items.last(), remaining > 0) {
            metadata["continue"] = json!(Page::token(rv, last));
            if labels.is_empty() && fields.is_empty() {
                metadata["remainingItemCount"] = json!(remaining);
            }
        }
        json!({
            "kind": format!("{}List", def.kind),
            "apiVersion": def.api_version(),
            "metadata": metadata,
            "items": items.into_iter().map(|(_, obj)| list_item(def, obj)).collect::<Vec<_>>(),
        })
    }

    /// Stores (or, in dry-run, only answers) a write of `new` over `old`.
    fn commit(
        &mut self,
        def: &ResourceDef,
        key: Key,
        old: Option<&Value>,
        mut new: Value,
        dry_run: bool,
    ) -> Value {
        if let Some(old) = old {
            if comparable(old) == comparable(&new) {
                return old.clone();
            }
            if def.generation && spec_changed(old, &new) {
                let generation = old
                    .pointer("/metadata/generation")
                    .and_then(Value::as_i64)
                    .unwrap_or(1);
                set_meta(&mut new, "generation", json!(generation + 1));
            }
        }
        if dry_run {
            return new;
        }
        self.put(key, new)
    }

    /// Fills metadata and defaults of a new object; checks name, namespace and existence.
    fn prepare_create(
        &mut self,
        def: &ResourceDef,
        namespace: &str,
        mut obj: Value,
    ) -> Result<Value, ApiError> {
        check_type(def, &obj)?;
        obj["apiVersion"] = json!(def.api_version());
        obj["kind"] = json!(def.kind);
        if !obj.get("metadata").is_some_and(Value::is_object) {
            obj["metadata"] = json!({});
        }
        let name = match (meta_str(&obj, "name"), meta_str(&obj, "generateName")) {
            (Some(n), _) if !n.is_empty() => n.to_string(),
            (_, Some(prefix)) if !prefix.is_empty() => format!("{prefix}{}", self.name_suffix()),
            _ => {
                return Err(invalid(
                    def,
                    "",
                    "FieldValueRequired",
                    "metadata.name",
                    "Required value: name or generateName is required".into(),
                ));
            }
        };
        set_meta(&mut obj, "name", json!(name));
        if def.namespaced {
            if meta_str(&obj, "namespace").is_some_and(|ns| !ns.is_empty() && ns != namespace) {
                return Err(ApiError::bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request",
                ));
            }
            set_meta(&mut obj, "namespace", json!(namespace));
        } else if let Some(meta) = obj["metadata"].as_object_mut() {
            meta.remove("namespace");
        }
        if let Some(problem) = name_problem(def.name_rule, &name) {
            return Err(invalid(
                def,
                &name,
                "FieldValueInvalid",
                "metadata.name",
                problem,
            ));
        }
        if def.namespaced && !self.namespace_exists(namespace) {
            return Err(ApiError::namespace_not_found(namespace));
        }
        if self.get(&Key::new(def, namespace, &name)).is_some() {
            return Err(ApiError::already_exists(def, &name));
        }
        self.fill_new_metadata(def, &mut obj);
        reset_status(def, &mut obj);
        fold_string_data(def, &mut obj);
        if def.group.is_empty() && def.plural == "namespaces" {
            if !obj["metadata"]["labels"].is_object() {
                obj["metadata"]["labels"] = json!({});
            }
            obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = json!(name);
            obj["spec"] = json!({"finalizers": ["kubernetes"]});
        }
        validate(def, &name, &obj)?;
        Ok(obj)
    }

    /// Assigns uid, creationTimestamp and generation; drops client-sent system fields.
    fn fill_new_metadata(&mut self, def: &ResourceDef, obj: &mut Value) {
        let uid = self.uid();
        if let Some(meta) = obj["metadata"].as_object_mut() {
            for key in [
                "resourceVersion",
                "managedFields",
                "deletionTimestamp",
                "selfLink",
                "generateName",
            ] {
                meta.remove(key);
            }
            meta.insert("uid".into(), json!(uid));
            meta.insert("creationTimestamp".into(), json!(now()));
            if def.generation {
                meta.insert("generation".into(), json!(1));
            }
        }
    }

    /// POST: create an object; 201 with the stored object.
    pub fn op_create(
        &mut self,
        def: &ResourceDef,
        namespace: &str,
        body: Value,
        opts: &WriteOptions,
    ) -> Result<Value, ApiError> {
        let mut obj = self.prepare_create(def, namespace, body)?;
        let time = now();
        let api_version = def.api_version();
        fields::track_update(
            None,
            &mut obj,
            &applier(
                &api_version,
                &time,
                opts,
                Scope::Main {
                    status_separate: def.status,
                },
            ),
        );
        let key = Key::new(def, namespace, meta_str(&obj, "name").unwrap_or_default());
        Ok(self.commit(def, key, None, obj, opts.dry_run))
    }

    /// Builds the object an update of `old` with `candidate` produces (no storing).
    fn prepare_update(
        &self,
        t: &Target,
        old: &Value,
        mut candidate: Value,
        opts: &WriteOptions,
    ) -> Result<Value, ApiError> {
        check_type(t.def, &candidate)?;
        check_name(&candidate, t.name)?;
        let sent_rv = meta_str(&candidate, "resourceVersion").unwrap_or_default();
        if !sent_rv.is_empty() && sent_rv != meta_str(old, "resourceVersion").unwrap_or_default() {
            return Err(ApiError::stale(t.def, t.name));
        }
        let scope = opts.scope(t.def);
        let mut new = if scope == Scope::Status {
            let mut new = old.clone();
            match candidate.get("status") {
                Some(status) => new["status"] = status.clone(),
                None => {
                    new.as_object_mut().map(|m| m.remove("status"));
                }
            }
            new
        } else {
            carry_system_metadata(old, &mut candidate);
            candidate["apiVersion"] = json!(t.def.api_version());
            candidate["kind"] = json!(t.def.kind);
            if t.def.status {
                match old.get("status") {
                    Some(status) => candidate["status"] = status.clone(),
                    None => {
                        candidate.as_object_mut().map(|m| m.remove("status"));
                    }
                }
            }
            candidate
        };
        fold_string_data(t.def, &mut new);
        validate(t.def, t.name, &new)?;
        let time = now();
        let api_version = t.def.api_version();
        fields::track_update(
            Some(old),
            &mut new,
            &applier(&api_version, &time, opts, scope),
        );
        Ok(new)
    }

    /// PUT: replace an existing object (404 when missing, 409 on a stale resourceVersion).
    pub fn op_replace(
        &mut self,
        t: &Target,
        body: Value,
        opts: &WriteOptions,
    ) -> Result<Value, ApiError> {
        check_type(t.def, &body)?;
        check_name(&body, t.name)?;
        let old = self.op_get(t)?;
        let new = self.prepare_update(t, &old, body, opts)?;
        Ok(self.commit(t.def, t.key(), Some(&old), new, opts.dry_run))
    }

    /// PATCH of any kind; returns (HTTP code, object): 201 when an apply created it.
    pub fn op_patch(
        &mut self,
        t: &Target,
        kind: PatchKind,
        body: &[u8],
        opts: &WriteOptions,
    ) -> Result<(u16, Value), ApiError> {
        if kind == PatchKind::Apply {
            return self.op_apply(t, patch::yaml_object(body)?, opts);
        }
        let old = self.op_get(t)?;
        let candidate = match kind {
            PatchKind::Json => {
                let ops: Value = serde_json::from_slice(body)
                    .map_err(|e| ApiError::bad_request(e.to_string()))?;
                patch::json_patch(&old, &ops).map_err(|e| ApiError::new(422, "Invalid", e))?
            }
            _ => {
                let mut doc = patch::json_object(body)?;
                if kind == PatchKind::Strategic {
                    patch::strip_directives(&mut doc);
                }
                let mut merged = old.clone();
                patch::merge_patch(&mut merged, &doc);
                merged
            }
        };
        let new = self.prepare_update(t, &old, candidate, opts)?;
        Ok((
            200,
            self.commit(t.def, t.key(), Some(&old), new, opts.dry_run),
        ))
    }

    /// Server-side apply: create when missing, else merge with ownership and conflicts.
    fn op_apply(
        &mut self,
        t: &Target,
        applied: Value,
        opts: &WriteOptions,
    ) -> Result<(u16, Value), ApiError> {
        check_type(t.def, &applied)?;
        if applied.get("apiVersion").is_none() || applied.get("kind").is_none() {
            return Err(ApiError::bad_request(
                "Object 'Kind' is missing in the apply configuration",
            ));
        }
        check_name(&applied, t.name)?;
        let time = now();
        let api_version = t.def.api_version();
        let who = applier(&api_version, &time, opts, opts.scope(t.def));
        let Some(old) = self.get(&t.key()).cloned() else {
            if opts.status {
                return Err(ApiError::not_found(t.def, t.name));
            }
            return self.apply_create(t, applied, &who, opts.dry_run);
        };
        let sent_rv = meta_str(&applied, "resourceVersion").unwrap_or_default();
        if !sent_rv.is_empty() && sent_rv != meta_str(&old, "resourceVersion").unwrap_or_default() {
            return Err(ApiError::stale(t.def, t.name));
        }
        let mut new =
            fields::apply(&old, &applied, &who).map_err(|c| ApiError::apply_conflicts(&c))?;
        fold_string_data(t.def, &mut new);
        validate(t.def, t.name, &new)?;
        Ok((
            200,
            self.commit(t.def, t.key(), Some(&old), new, opts.dry_run),
        ))
    }

    /// The create branch of apply: the applier owns every applied field.
    fn apply_create(
        &mut self,
        t: &Target,
        mut applied: Value,
        who: &Applier,
        dry_run: bool,
    ) -> Result<(u16, Value), ApiError> {
        set_meta(&mut applied, "name", json!(t.name));
        let mut obj = self.prepare_create(t.def, t.namespace, applied.clone())?;
        let owned = fields::apply(&json!({"metadata": {}}), &applied, who)
            .map_err(|c| ApiError::apply_conflicts(&c))?;
        if let Some(managed) = owned.pointer("/metadata/managedFields") {
            set_meta(&mut obj, "managedFields", managed.clone());
        }
        Ok((201, self.commit(t.def, t.key(), None, obj, dry_run)))
    }

    /// DELETE one object, returning it; deleting a namespace deletes its contents.
    pub fn op_delete(&mut self, t: &Target, dry_run: bool) -> Result<Value, ApiError> {
        let obj = self.op_get(t)?;
        if dry_run {
            return Ok(obj);
        }
        if t.def.group.is_empty() && t.def.plural == "namespaces" {
            for key in self.keys_in_namespace(t.name) {
                self.remove(&key);
            }
        }
        Ok(self.remove(&t.key()).unwrap_or(obj))
    }

    /// DELETE on a collection: removes every selected object, returning them as a list.
    pub fn op_delete_collection(
        &mut self,
        def: &ResourceDef,
        namespace: Option<&str>,
        labels: &LabelSelector,
        fields: &FieldSelector,
        dry_run: bool,
    ) -> Value {
        let mut list = self.op_list(def, namespace, labels, fields, &Page::default());
        if !dry_run {
            let names: Vec<(String, String)> = list["items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| {
                    (
                        meta_str(o, "namespace").unwrap_or_default().to_string(),
                        meta_str(o, "name").unwrap_or_default().to_string(),
                    )
                })
                .collect();
            for (ns, name) in names {
                self.remove(&Key::new(def, &ns, &name));
            }
            list["metadata"]["resourceVersion"] = json!(self.current_rv().to_string());
        }
        list
    }

    /// Seeds an object directly, keeping its status and managedFields; creates its namespace.
    pub fn seed(&mut self, def: &ResourceDef, mut obj: Value) -> Value {
        obj["apiVersion"] = json!(def.api_version());
        obj["kind"] = json!(def.kind);
        let name = meta_str(&obj, "name").unwrap_or_default().to_string();
        let namespace = meta_str(&obj, "namespace").unwrap_or("default").to_string();
        if def.namespaced {
            set_meta(&mut obj, "namespace", json!(namespace));
            self.ensure_namespace(&namespace);
        }
        fold_string_data(def, &mut obj);
        let key = Key::new(def, &namespace, &name);
        let old = self.get(&key).cloned();
        let meta = obj["metadata"].as_object().cloned().unwrap_or_default();
        let keep = |k: &str| {
            meta.get(k)
                .cloned()
                .or_else(|| old.as_ref().and_then(|o| o["metadata"].get(k).cloned()))
        };
        let uid = keep("uid").unwrap_or_else(|| json!(self.uid()));
        set_meta(&mut obj, "uid", uid);
        set_meta(
            &mut obj,
            "creationTimestamp",
            keep("creationTimestamp").unwrap_or_else(|| json!(now())),
        );
        if def.generation {
            set_meta(
                &mut obj,
                "generation",
                keep("generation").unwrap_or(json!(1)),
            );
        }
        self.put(key, obj)
    }

    /// Creates a namespace object if it does not exist.
    pub fn ensure_namespace(&mut self, namespace: &str) {
        if self.namespace_exists(namespace) {
            return;
        }
        let ns = namespace_def();
        let obj = json!({
            "metadata": {"name": namespace, "labels": {"kubernetes.io/metadata.name": namespace}},
            "spec": {"finalizers": ["kubernetes"]},
            "status": {"phase": "Active"},
        });
        self.seed(&ns, obj);
    }

    /// Replaces `.status` directly (test hook), bumping resourceVersion.
    pub fn replace_status(
        &mut self,
        def: &ResourceDef,
        namespace: &str,
        name: &str,
        status: Value,
    ) -> Option<Value> {
        let key = Key::new(def, namespace, name);
        let mut obj = self.get(&key)?.clone();
        obj["status"] = status;
        Some(self.put(key, obj))
    }
}

/// The Namespace resource (needed before the catalog is at hand).
fn namespace_def() -> ResourceDef {
    ResourceDef {
        group: "",
        version: "v1",
        plural: "namespaces",
        singular: "namespace",
        kind: "Namespace",
        namespaced: false,
        short_names: &["ns"],
        status: true,
        generation: false,
        custom: false,
        name_rule: NameRule::Label1123,
        categories: &[],
    }
}

/// The ownership actor for a write.
fn applier<'a>(
    api_version: &'a str,
    time: &'a str,
    opts: &'a WriteOptions,
    scope: Scope,
) -> Applier<'a> {
    Applier {
        manager: &opts.manager,
        api_version,
        force: opts.force,
        now: time,
        scope,
    }
}

/// Which page of a list a request asks for: `limit` and `continue`.
///
/// The continue token is shaped like the real server's (URL-safe base64, unpadded, of
/// `{"v", "rv", "start"}`);
/// a continued page keeps the first page's resourceVersion but, unlike etcd, reads the store
/// as it is now (an object changed between pages is listed as it is, and its watch event
/// still follows: the same result a client gets from a consistent page and a later event).
#[derive(Debug, Default)]
pub(super) struct Page {
    /// At most this many items.
    pub limit: Option<usize>,
    /// Continue after this (namespace, name).
    pub after: Option<(String, String)>,
    /// The resourceVersion of the first page.
    pub rv: Option<u64>,
}

impl Page {
    /// Reads `limit` and `continue`; a token this server did not make is a 400, as on the
    /// real server.
    pub fn parse(limit: Option<&str>, token: Option<&str>) -> Result<Page, ApiError> {
        let limit = match limit.filter(|l| !l.is_empty()) {
            None => None,
            Some(l) => match l.parse::<i64>() {
                Ok(n) if n > 0 => Some(n as usize),
                Ok(_) => None,
                Err(_) => return Err(ApiError::bad_request(format!("invalid limit: {l:?}"))),
            },
        };
        let mut page = Page {
            limit,
            ..Page::default()
        };
        if let Some(token) = token.filter(|t| !t.is_empty()) {
            let invalid = || ApiError::bad_request("continue key is not valid");
            let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(token)
                .map_err(|_| invalid())?;
            let decoded: Value = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
            let start = decoded["start"].as_str().ok_or_else(invalid)?;
            let (namespace, name) = start.split_once('/').ok_or_else(invalid)?;
            page.after = Some((namespace.to_string(), name.to_string()));
            page.rv = Some(decoded["rv"].as_u64().ok_or_else(invalid)?);
        }
        Ok(page)
    }

    /// The token that continues after `last`.
    fn token(rv: u64, last: &Key) -> String {
        let start = format!("{}/{}", last.namespace, last.name);
        let token = json!({"v": "meta.k8s.io/v1", "rv": rv, "start": start});
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token.to_string())
    }
}

/// A list item: built-in resources omit apiVersion/kind in lists, custom resources keep them.
fn list_item(def: &ResourceDef, obj: &Value) -> Value {
    if def.custom {
        return obj.clone();
    }
    let mut map: Map<String, Value> = obj.as_object().cloned().unwrap_or_default();
    map.remove("apiVersion");
    map.remove("kind");
    Value::Object(map)
}
