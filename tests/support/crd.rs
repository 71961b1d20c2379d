//! What the API server checks of a custom resource before it stores it, for `convert`'s
//! output: the CRD's structural schema with its defaults applied first, unknown fields refused
//! (`kubectl apply`'s strict field validation), the object name, and the CRD's CEL rules
//! (`x-kubernetes-validations`), evaluated with the `cel` crate. A rule this evaluator cannot
//! run is reported as a failure, never passed unseen.
//!
//! The CRDs are unmodified copies kept in `tests/fixtures/crds` (their sources in
//! `SOURCES.md` there).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

/// The schemas of the served versions of every CRD under `tests/fixtures/crds/DIR`, by
/// (apiVersion, kind).
pub struct Crds {
    schemas: HashMap<(String, String), Value>,
}

/// The standard-channel Gateway API and Istio CRDs convert targets by default.
pub fn standard() -> &'static Crds {
    static CRDS: OnceLock<Crds> = OnceLock::new();
    CRDS.get_or_init(|| Crds::load(&["istio", "gateway-api"]))
}

/// The experimental-channel HTTPRoute in place of the standard one.
pub fn experimental() -> &'static Crds {
    static CRDS: OnceLock<Crds> = OnceLock::new();
    CRDS.get_or_init(|| Crds::load(&["istio", "gateway-api", "gateway-api-experimental"]))
}

impl Crds {
    /// Reads the CRDs of `dirs` (later directories replace earlier ones' kinds).
    fn load(dirs: &[&str]) -> Crds {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crds");
        let mut schemas = HashMap::new();
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap_or_else(|e| panic!("{dir}: {e}"))
                .map(|e| e.expect("directory entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect();
            files.sort();
            for file in files {
                let text = std::fs::read_to_string(&file).expect("CRD readable");
                for doc in serde_yaml::Deserializer::from_str(&text) {
                    let crd: Value = serde::Deserialize::deserialize(doc).expect("CRD is YAML");
                    if crd["kind"] != "CustomResourceDefinition" {
                        continue;
                    }
                    let group = crd["spec"]["group"].as_str().expect("group");
                    let kind = crd["spec"]["names"]["kind"].as_str().expect("kind");
                    for version in crd["spec"]["versions"].as_array().expect("versions") {
                        if version["served"] != true {
                            continue;
                        }
                        let name = version["name"].as_str().expect("version name");
                        schemas.insert(
                            (format!("{group}/{name}"), kind.to_string()),
                            version["schema"]["openAPIV3Schema"].clone(),
                        );
                    }
                }
            }
        }
        assert!(!schemas.is_empty(), "no CRDs under {}", root.display());
        Crds { schemas }
    }

    /// The API server's refusals of `doc`, one line each (empty: it would be stored).
    pub fn check(&self, doc: &Value) -> Vec<String> {
        let api = doc["apiVersion"].as_str().unwrap_or_default();
        let kind = doc["kind"].as_str().unwrap_or_default();
        let Some(schema) = self.schemas.get(&(api.to_string(), kind.to_string())) else {
            return vec![format!("no CRD serves {api} {kind}")];
        };
        let mut errors = Vec::new();
        check_name(doc, &mut errors);
        let mut doc = doc.clone();
        if let Some(meta) = doc.as_object_mut() {
            // apiVersion, kind and metadata are the API server's own (TypeMeta, ObjectMeta),
            // checked above; Istio's schemas do not list them.
            for own in ["apiVersion", "kind", "metadata"] {
                meta.remove(own);
            }
        }
        apply_defaults(schema, &mut doc);
        walk(schema, &doc, "", true, &mut errors);
        errors
    }

    /// `doc` with its schema's defaults filled in, as the API server stores it.
    pub fn defaulted(&self, doc: &Value) -> Value {
        let api = doc["apiVersion"].as_str().unwrap_or_default();
        let kind = doc["kind"].as_str().unwrap_or_default();
        let mut doc = doc.clone();
        if let Some(schema) = self.schemas.get(&(api.to_string(), kind.to_string())) {
            apply_defaults(schema, &mut doc);
        }
        doc
    }

    /// Checks every document of a YAML stream (or the items of a JSON `List`); panics with
    /// each refusal and the document it belongs to.
    pub fn assert_accepted(&self, output: &str, what: &str) {
        let mut refusals = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for doc in documents(output) {
            let id = format!(
                "{} {} {}/{}",
                doc["apiVersion"].as_str().unwrap_or("?"),
                doc["kind"].as_str().unwrap_or("?"),
                doc["metadata"]["namespace"].as_str().unwrap_or(""),
                doc["metadata"]["name"].as_str().unwrap_or("?"),
            );
            if !seen.insert(id.clone()) {
                refusals.push(format!(
                    "{id}: given twice: the second overwrites the first on apply"
                ));
            }
            for e in self.check(&doc) {
                refusals.push(format!(
                    "{} {}/{}: {e}",
                    doc["kind"].as_str().unwrap_or("?"),
                    doc["metadata"]["namespace"].as_str().unwrap_or(""),
                    doc["metadata"]["name"].as_str().unwrap_or("?"),
                ));
            }
        }
        assert!(
            refusals.is_empty(),
            "{what}: the API server would refuse:\n  {}\n--- output:\n{output}",
            refusals.join("\n  ")
        );
    }
}

/// The documents of a YAML stream, or the items of one JSON `List`.
pub fn documents(output: &str) -> Vec<Value> {
    let mut docs = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(output) {
        let v: Value = serde::Deserialize::deserialize(doc).expect("output is YAML");
        if v.is_null() {
            continue;
        }
        match (v["kind"].as_str(), v["items"].as_array()) {
            (Some("List"), Some(items)) => docs.extend(items.iter().cloned()),
            _ => docs.push(v),
        }
    }
    docs
}

/// `metadata.name` a DNS subdomain (and the namespace a DNS label), as for every custom
/// resource.
fn check_name(doc: &Value, errors: &mut Vec<String>) {
    static SUBDOMAIN: OnceLock<regex::Regex> = OnceLock::new();
    let subdomain = SUBDOMAIN.get_or_init(|| {
        regex::Regex::new(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
            .expect("valid")
    });
    let name = doc["metadata"]["name"].as_str().unwrap_or_default();
    if name.len() > 253 || !subdomain.is_match(name) {
        errors.push(format!("metadata.name {name:?} is not a DNS subdomain"));
    }
    if let Some(ns) = doc["metadata"]["namespace"].as_str()
        && (ns.len() > 63 || ns.contains('.') || !subdomain.is_match(ns))
    {
        errors.push(format!("metadata.namespace {ns:?} is not a DNS label"));
    }
}

/// Fills in the schema's `default`s where a field is absent, as the API server does before
/// validating.
fn apply_defaults(schema: &Value, value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(props) = schema["properties"].as_object() {
                for (key, sub) in props {
                    if !map.contains_key(key)
                        && let Some(d) = sub.get("default")
                    {
                        map.insert(key.clone(), d.clone());
                    }
                    if let Some(v) = map.get_mut(key) {
                        apply_defaults(sub, v);
                    }
                }
            } else if let Some(sub) = schema.get("additionalProperties").filter(|s| s.is_object()) {
                for v in map.values_mut() {
                    apply_defaults(sub, v);
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for v in items {
                    apply_defaults(sub, v);
                }
            }
        }
        _ => {}
    }
}

/// Validates `value` against `schema` at `path`. `structural` is false inside `allOf`,
/// `anyOf`, `oneOf` and `not`, whose schemas only add constraints (no unknown-field check).
fn walk(schema: &Value, value: &Value, path: &str, structural: bool, errors: &mut Vec<String>) {
    let before = errors.len();
    if value.is_null() {
        if schema["nullable"] != true && structural {
            errors.push(format!("{path}: null where a value is required"));
        }
        return;
    }
    if schema["x-kubernetes-int-or-string"] == true {
        if !(value.is_i64() || value.is_string()) {
            errors.push(format!(
                "{path}: {value} is neither an integer nor a string"
            ));
        }
    } else if let Some(ty) = schema["type"].as_str()
        && !has_type(value, ty)
    {
        errors.push(format!("{path}: {value} is not of type {ty}"));
        return;
    }
    check_scalar(schema, value, path, errors);
    match value {
        Value::Object(map) => check_object(schema, map, path, structural, errors),
        Value::Array(items) => check_array(schema, items, path, structural, errors),
        _ => {}
    }
    check_combinators(schema, value, path, errors);
    if errors.len() == before {
        check_cel(schema, value, path, errors);
    }
}

fn has_type(value: &Value, ty: &str) -> bool {
    match ty {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        _ => false,
    }
}

/// enum, pattern, lengths, formats and numeric bounds.
fn check_scalar(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(choices) = schema["enum"].as_array()
        && !choices.contains(value)
    {
        errors.push(format!("{path}: {value} is not one of {choices:?}"));
    }
    if let Some(s) = value.as_str() {
        let chars = s.chars().count() as u64;
        if let Some(max) = schema["maxLength"].as_u64()
            && chars > max
        {
            errors.push(format!("{path}: longer than {max} characters"));
        }
        if let Some(min) = schema["minLength"].as_u64()
            && chars < min
        {
            errors.push(format!("{path}: {s:?} shorter than {min} characters"));
        }
        if let Some(p) = schema["pattern"].as_str()
            && !regex::Regex::new(p)
                .unwrap_or_else(|e| panic!("{path}: pattern {p}: {e}"))
                .is_match(s)
        {
            errors.push(format!("{path}: {s:?} does not match {p}"));
        }
        check_format(schema["format"].as_str(), s, path, errors);
    }
    if let Some(n) = value.as_f64() {
        if let Some(min) = schema["minimum"].as_f64() {
            let exclusive = schema["exclusiveMinimum"] == true;
            if n < min || (exclusive && n == min) {
                errors.push(format!("{path}: {n} below the minimum {min}"));
            }
        }
        if let Some(max) = schema["maximum"].as_f64() {
            let exclusive = schema["exclusiveMaximum"] == true;
            if n > max || (exclusive && n == max) {
                errors.push(format!("{path}: {n} above the maximum {max}"));
            }
        }
        if schema["format"] == "int32" && !(i32::MIN as f64..=i32::MAX as f64).contains(&n) {
            errors.push(format!("{path}: {n} is not an int32"));
        }
    }
}

/// The string formats the API server validates.
fn check_format(format: Option<&str>, s: &str, path: &str, errors: &mut Vec<String>) {
    let ok = match format {
        Some("hostname") => {
            s.len() <= 253
                && s.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                })
        }
        Some("ipv4") => s.parse::<std::net::Ipv4Addr>().is_ok(),
        Some("ipv6") => s.parse::<std::net::Ipv6Addr>().is_ok(),
        Some("duration") => ingressctl::manifest::duration::parse(s).is_ok(),
        _ => true,
    };
    if !ok {
        errors.push(format!(
            "{path}: {s:?} is not a valid {}",
            format.unwrap_or("")
        ));
    }
}

fn check_object(
    schema: &Value,
    map: &serde_json::Map<String, Value>,
    path: &str,
    structural: bool,
    errors: &mut Vec<String>,
) {
    for key in schema["required"].as_array().into_iter().flatten() {
        let key = key.as_str().unwrap_or_default();
        if !map.contains_key(key) {
            errors.push(format!("{path}: required field {key} missing"));
        }
    }
    if let Some(max) = schema["maxProperties"].as_u64()
        && map.len() as u64 > max
    {
        errors.push(format!("{path}: more than {max} properties"));
    }
    if let Some(min) = schema["minProperties"].as_u64()
        && (map.len() as u64) < min
    {
        errors.push(format!("{path}: fewer than {min} properties"));
    }
    let props = schema["properties"].as_object();
    let extra = schema.get("additionalProperties");
    let preserve = schema["x-kubernetes-preserve-unknown-fields"] == true;
    for (key, v) in map {
        let at = format!("{path}.{key}");
        match (props.and_then(|p| p.get(key)), extra) {
            (Some(sub), _) => walk(sub, v, &at, structural, errors),
            (None, Some(sub)) if sub.is_object() => walk(sub, v, &at, structural, errors),
            (None, Some(Value::Bool(true))) => {}
            _ if preserve || !structural => {}
            _ if props.is_none() && schema["type"] != "object" => {}
            _ => errors.push(format!("{at}: unknown field")),
        }
    }
}

fn check_array(
    schema: &Value,
    items: &[Value],
    path: &str,
    structural: bool,
    errors: &mut Vec<String>,
) {
    if let Some(max) = schema["maxItems"].as_u64()
        && items.len() as u64 > max
    {
        errors.push(format!("{path}: {} items, more than {max}", items.len()));
    }
    if let Some(min) = schema["minItems"].as_u64()
        && (items.len() as u64) < min
    {
        errors.push(format!("{path}: fewer than {min} items"));
    }
    if let Some(sub) = schema.get("items") {
        for (i, v) in items.iter().enumerate() {
            walk(sub, v, &format!("{path}[{i}]"), structural, errors);
        }
    }
    match schema["x-kubernetes-list-type"].as_str() {
        Some("set") => {
            for (i, v) in items.iter().enumerate() {
                if items[..i].contains(v) {
                    errors.push(format!("{path}[{i}]: duplicate entry {v} in a set"));
                }
            }
        }
        Some("map") => {
            let keys: Vec<&str> = schema["x-kubernetes-list-map-keys"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let mut seen = Vec::new();
            for (i, v) in items.iter().enumerate() {
                let key: Vec<&Value> = keys.iter().map(|k| &v[*k]).collect();
                if seen.contains(&key) {
                    errors.push(format!("{path}[{i}]: duplicate map-list key {key:?}"));
                }
                seen.push(key);
            }
        }
        _ => {}
    }
}

/// `allOf`, `anyOf`, `oneOf` and `not`.
fn check_combinators(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let passes = |sub: &Value| {
        let mut e = Vec::new();
        walk(sub, value, path, false, &mut e);
        e.is_empty()
    };
    for sub in schema["allOf"].as_array().into_iter().flatten() {
        walk(sub, value, path, false, errors);
    }
    if let Some(any) = schema["anyOf"].as_array()
        && !any.iter().any(passes)
    {
        errors.push(format!("{path}: matches none of anyOf {any:?}"));
    }
    if let Some(one) = schema["oneOf"].as_array() {
        let n = one.iter().filter(|s| passes(s)).count();
        if n != 1 {
            errors.push(format!(
                "{path}: matches {n} of oneOf {one:?}, not exactly one"
            ));
        }
    }
    if let Some(not) = schema.get("not")
        && passes(not)
    {
        errors.push(format!("{path}: matches the schema of `not` {not}"));
    }
}

/// The node's CEL rules (`x-kubernetes-validations`) with `self` bound to it. Transition rules
/// (those reading `oldSelf`) do not run on create.
fn check_cel(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    for rule in schema["x-kubernetes-validations"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let text = rule["rule"].as_str().unwrap_or_default();
        if text.contains("oldSelf") {
            continue;
        }
        let message = rule["message"].as_str().unwrap_or("failed rule");
        match evaluate(text, value) {
            Ok(true) => {}
            Ok(false) => errors.push(format!("{path}: {message} (rule: {text})")),
            Err(e) => errors.push(format!(
                "{path}: rule {text} could not be evaluated ({e}); the API server refuses on error, and this test does not pass what it cannot check"
            )),
        }
    }
}

/// The CEL environment of Kubernetes validation rules, as far as the `cel` crate has it:
/// the standard library, and the string and list extensions.
fn env() -> Arc<cel::Env> {
    static ENV: OnceLock<Arc<cel::Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = cel::Env::stdlib();
        env.add_extension(cel::extensions::strings)
            .expect("strings extension");
        env.add_extension(cel::extensions::lists)
            .expect("lists extension");
        Arc::new(env)
    })
    .clone()
}

fn evaluate(rule: &str, value: &Value) -> Result<bool, String> {
    let env = env();
    let program = env.compile(rule).map_err(|e| format!("parse: {e}"))?;
    let mut context = cel::Context::with_env(env);
    context.add_variable_from_value("self", to_cel(value));
    match program.execute(&context) {
        Ok(cel::Value::Bool(b)) => Ok(b),
        Ok(other) => Err(format!("not a boolean: {other:?}")),
        Err(e) => Err(e.to_string()),
    }
}

/// JSON as the API server hands it to CEL: integers are `int`, objects are maps.
fn to_cel(value: &Value) -> cel::Value {
    match value {
        Value::Null => cel::Value::Null,
        Value::Bool(b) => cel::Value::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => cel::Value::Int(i),
            None => cel::Value::Float(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => cel::Value::String(Arc::new(s.clone())),
        Value::Array(items) => cel::Value::List(Arc::new(items.iter().map(to_cel).collect())),
        Value::Object(map) => {
            let m: HashMap<String, cel::Value> = map
                .iter()
                .map(|(k, v)| (escape_field(k), to_cel(v)))
                .collect();
            cel::Value::from(m)
        }
    }
}

/// A field name as Kubernetes exposes it to CEL: CEL's reserved words as `__word__`, and
/// `_`, `.`, `-`, `/` spelled out (`__namespace__`, `__dash__`...).
fn escape_field(name: &str) -> String {
    const RESERVED: &[&str] = &[
        "true",
        "false",
        "null",
        "in",
        "as",
        "break",
        "const",
        "continue",
        "else",
        "for",
        "function",
        "if",
        "import",
        "let",
        "loop",
        "package",
        "namespace",
        "return",
        "var",
        "void",
        "while",
    ];
    if RESERVED.contains(&name) {
        return format!("__{name}__");
    }
    name.replace("__", "__underscores__")
        .replace('.', "__dot__")
        .replace('-', "__dash__")
        .replace('/', "__slash__")
}

/// Counts the CEL rules of every loaded schema that this evaluator can compile, and returns
/// those it cannot (a rule it cannot parse could never be checked).
pub fn uncompilable_rules(crds: &Crds) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for ((api, kind), schema) in &crds.schemas {
        let mut rules = Vec::new();
        collect_rules(schema, &mut rules);
        for r in rules {
            if let Err(e) = env().compile(&r) {
                out.insert(format!("{api} {kind}: {r}"), e.to_string());
            }
        }
    }
    out
}

fn collect_rules(schema: &Value, rules: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "x-kubernetes-validations" {
                    for r in v.as_array().into_iter().flatten() {
                        if let Some(text) = r["rule"].as_str() {
                            rules.push(text.to_string());
                        }
                    }
                } else {
                    collect_rules(v, rules);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_rules(v, rules)),
        _ => {}
    }
}
