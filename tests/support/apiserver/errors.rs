//! Failures rendered as Kubernetes `Status` objects, worded as the real API server words them.

use serde_json::{Map, Value, json};

use super::catalog::ResourceDef;

/// One `details.causes` entry of a `Status`.
#[derive(Debug, Clone)]
pub(super) struct Cause {
    /// Machine-readable cause, e.g. `FieldValueInvalid`.
    pub reason: &'static str,
    /// Human-readable text without the field.
    pub message: String,
    /// The field path the cause is about.
    pub field: String,
}

/// A failed request: HTTP code, `reason`, `message` and optional `details`.
#[derive(Debug, Clone)]
pub(super) struct ApiError {
    /// The HTTP status code (and `Status.code`).
    pub code: u16,
    /// The `Status.reason`.
    pub reason: &'static str,
    /// The `Status.message`.
    pub message: String,
    /// The `Status.details`, when the real server sends one.
    pub details: Option<Value>,
}

/// `details` with `name`, `group` and `kind`, leaving out empty values like Go's `omitempty`.
fn details(name: &str, group: &str, kind: &str) -> Value {
    let mut map = Map::new();
    for (key, value) in [("name", name), ("group", group), ("kind", kind)] {
        if !value.is_empty() {
            map.insert(key.to_string(), Value::String(value.to_string()));
        }
    }
    Value::Object(map)
}

impl ApiError {
    /// A failure without details.
    pub fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            reason,
            message: message.into(),
            details: None,
        }
    }

    /// The same failure carrying `details`.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// The `Status` object for this failure.
    pub fn status(&self) -> Value {
        let mut status = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        });
        if let Some(details) = &self.details {
            status["details"] = details.clone();
        }
        status
    }

    /// 404 for a missing object: `ingresses.networking.k8s.io "x" not found`.
    pub fn not_found(def: &ResourceDef, name: &str) -> Self {
        let message = format!("{} \"{name}\" not found", def.qualified());
        Self::new(404, "NotFound", message).with_details(details(name, def.group, def.plural))
    }

    /// 404 for a namespaced write into a namespace that does not exist.
    pub fn namespace_not_found(namespace: &str) -> Self {
        let message = format!("namespaces \"{namespace}\" not found");
        Self::new(404, "NotFound", message).with_details(details(namespace, "", "namespaces"))
    }

    /// 404 for a path no served resource matches.
    pub fn no_route() -> Self {
        Self::new(
            404,
            "NotFound",
            "the server could not find the requested resource",
        )
        .with_details(json!({}))
    }

    /// 409 AlreadyExists for a create of an existing name.
    pub fn already_exists(def: &ResourceDef, name: &str) -> Self {
        let message = format!("{} \"{name}\" already exists", def.qualified());
        Self::new(409, "AlreadyExists", message).with_details(details(name, def.group, def.plural))
    }

    /// 409 Conflict for a write carrying a stale `metadata.resourceVersion`.
    pub fn stale(def: &ResourceDef, name: &str) -> Self {
        let message = format!(
            "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; \
             please apply your changes to the latest version and try again",
            def.qualified()
        );
        Self::new(409, "Conflict", message).with_details(details(name, def.group, def.plural))
    }

    /// 422 Invalid, message `Kind.group "name" is invalid: field: detail` like `errors.NewInvalid`.
    pub fn invalid(group: &str, kind: &str, name: &str, causes: Vec<Cause>) -> Self {
        let group_kind = if group.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}.{group}")
        };
        let texts: Vec<String> = causes
            .iter()
            .map(|c| format!("{}: {}", c.field, c.message))
            .collect();
        let message = match texts.len() {
            0 => format!("{group_kind} \"{name}\" is invalid"),
            1 => format!("{group_kind} \"{name}\" is invalid: {}", texts[0]),
            _ => format!("{group_kind} \"{name}\" is invalid: [{}]", texts.join(", ")),
        };
        let mut det = details(name, group, kind);
        det["causes"] = causes_json(&causes);
        Self::new(422, "Invalid", message).with_details(det)
    }

    /// 400 BadRequest.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message)
    }

    /// 401 Unauthorized, as sent for missing or wrong credentials.
    pub fn unauthorized() -> Self {
        Self::new(401, "Unauthorized", "Unauthorized")
    }

    /// 403 Forbidden, worded like the RBAC authorizer's denial.
    pub fn forbidden(
        def: &ResourceDef,
        verb: &str,
        user: &str,
        namespace: &str,
        name: &str,
    ) -> Self {
        let scope = if namespace.is_empty() {
            "at the cluster scope".to_string()
        } else {
            format!("in the namespace \"{namespace}\"")
        };
        let reason = format!(
            "User \"{user}\" cannot {verb} resource \"{}\" in API group \"{}\" {scope}",
            def.plural, def.group
        );
        let message = if name.is_empty() {
            format!("{} is forbidden: {reason}", def.qualified())
        } else {
            format!("{} \"{name}\" is forbidden: {reason}", def.qualified())
        };
        Self::new(403, "Forbidden", message).with_details(details(name, def.group, def.plural))
    }

    /// 405 for a verb the resource path does not support.
    pub fn method_not_allowed() -> Self {
        Self::new(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
        )
        .with_details(json!({}))
    }

    /// 415 for a PATCH content type the server does not know.
    pub fn unsupported_media(content_type: &str) -> Self {
        Self::new(
            415,
            "UnsupportedMediaType",
            format!(
                "the body of the request was in an unknown format - accepted media types include: \
                 application/json-patch+json, application/merge-patch+json, \
                 application/apply-patch+yaml (got {content_type:?})"
            ),
        )
    }

    /// 410 Expired for a watch from a compacted resourceVersion.
    pub fn expired(asked: u64, oldest: u64) -> Self {
        Self::new(
            410,
            "Expired",
            format!("too old resource version: {asked} ({oldest})"),
        )
    }

    /// 409 Conflict for server-side apply conflicts (`internal.NewConflictError`).
    pub fn apply_conflicts(conflicts: &[(String, String)]) -> Self {
        let causes: Vec<Value> = conflicts
            .iter()
            .map(|(manager, field)| {
                json!({"reason": "FieldManagerConflict", "message": format!("conflict with {manager}"), "field": field})
            })
            .collect();
        Self::new(409, "Conflict", conflict_message(conflicts))
            .with_details(json!({ "causes": causes }))
    }
}

/// `details.causes` as JSON.
fn causes_json(causes: &[Cause]) -> Value {
    Value::Array(
        causes
            .iter()
            .map(|c| json!({"reason": c.reason, "message": c.message, "field": c.field}))
            .collect(),
    )
}

/// The apply-conflict message: one conflict inline, several grouped by manager (sorted).
fn conflict_message(conflicts: &[(String, String)]) -> String {
    if let [(manager, field)] = conflicts {
        return format!("Apply failed with 1 conflict: conflict with {manager}: {field}");
    }
    let mut managers: Vec<&String> = conflicts.iter().map(|(m, _)| m).collect();
    managers.sort();
    managers.dedup();
    let mut lines = Vec::new();
    for manager in managers {
        lines.push(format!("conflicts with {manager}:"));
        for (_, field) in conflicts.iter().filter(|(m, _)| m == manager) {
            lines.push(format!("- {field}"));
        }
    }
    format!(
        "Apply failed with {} conflicts: {}",
        conflicts.len(),
        lines.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_conflicts_are_grouped_by_manager() {
        let conflicts = vec![
            ("\"b\"".to_string(), ".spec.x".to_string()),
            ("\"a\" using v1".to_string(), ".spec.y".to_string()),
            ("\"a\" using v1".to_string(), ".spec.z".to_string()),
        ];
        let status = ApiError::apply_conflicts(&conflicts).status();
        assert_eq!(
            status["message"],
            "Apply failed with 3 conflicts: conflicts with \"a\" using v1:\n- .spec.y\n- .spec.z\nconflicts with \"b\":\n- .spec.x"
        );
        assert_eq!(
            status["details"]["causes"][0]["reason"],
            "FieldManagerConflict"
        );
        assert_eq!(
            status["details"]["causes"][0]["message"],
            "conflict with \"b\""
        );
        assert_eq!(status["code"], 409);
    }
}
