//! `--to routerules`: the Istio ingress of the guide. Its Ingresses (of the class, with the
//! class annotation it reads and without the annotations it ignores) and its RouteRules
//! (`config.istio.io/v1alpha2`), among them those carried from ingress-nginx annotations.

use serde_json::{Map, Value, json};

use super::{Input, Options, Out, who};
use crate::manifest::model::IntOrString;
use crate::manifest::{Backend, CLASS_ANNOTATION, Ingress};

/// Writes every Ingress of the class, then every RouteRule in evaluation order.
pub(super) fn convert(input: &Input<'_>, class: &str, opts: &Options, out: &mut Out<'_>) {
    for ing in &input.ingresses {
        let doc = ingress(
            ing,
            class,
            opts.nginx_annotations_carried,
            &mut out.warnings,
        );
        out.documents.push(doc);
    }
    for rule in &input.rules {
        match serde_json::to_value(rule) {
            Ok(doc) => out.documents.push(doc),
            Err(e) => out.warnings.push(format!(
                "{}: not written: {e}",
                who("RouteRule", &rule.metadata.namespace, &rule.metadata.name)
            )),
        }
    }
}

/// One Ingress in its own API version, its class by the annotation the guide's Istio reads
/// (only: the API server refuses a v1 Ingress with both it and `ingressClassName`), and
/// ingress-nginx's annotations left out once carried.
fn ingress(ing: &Ingress, class: &str, carried: bool, warnings: &mut Vec<String>) -> Value {
    let me = who("Ingress", &ing.meta.namespace, &ing.meta.name);
    let mut meta = ing.meta.clone();
    let nginx = meta
        .annotations
        .keys()
        .filter(|k| crate::manifest::nginx::name_of(k).is_some())
        .count();
    if nginx > 0 && !carried {
        warnings.push(format!("{me}: its {nginx} ingress-nginx annotation(s) are kept and not carried: pass --annotations ingress-nginx to carry them as RouteRules"));
    }
    if carried {
        meta.annotations
            .retain(|k, _| crate::manifest::nginx::name_of(k).is_none());
    }
    let dropped = if carried { nginx } else { 0 };
    if dropped > 0 {
        warnings.push(format!("{me}: {dropped} ingress-nginx annotation(s) removed: the RouteRules written carry what they did, and the warnings above name what they do not"));
    }
    if ing.paths().any(|(_, p)| p.backend.resource) {
        warnings.push(format!("{me}: a `resource` backend is written without its resource (the Istio ingress routes only to Services)"));
    }
    meta.annotations
        .insert(CLASS_ANNOTATION.into(), class.into());
    let v1 = ing.is_v1();
    let mut spec = Map::new();
    if let Some(b) = &ing.default_backend {
        let key = if v1 { "defaultBackend" } else { "backend" };
        spec.insert(key.into(), backend(b, v1));
    }
    let rules: Vec<Value> = ing
        .rules
        .iter()
        .map(|r| {
            let paths: Vec<Value> = r
                .paths
                .iter()
                .map(|p| {
                    let mut path = Map::new();
                    if let Some(text) = &p.path {
                        path.insert("path".into(), json!(text));
                    }
                    if let Some(t) = &p.path_type {
                        path.insert("pathType".into(), json!(t));
                    }
                    path.insert("backend".into(), backend(&p.backend, v1));
                    Value::Object(path)
                })
                .collect();
            let mut rule = Map::new();
            if let Some(h) = &r.host {
                rule.insert("host".into(), json!(h));
            }
            rule.insert("http".into(), json!({"paths": paths}));
            Value::Object(rule)
        })
        .collect();
    if !rules.is_empty() {
        spec.insert("rules".into(), json!(rules));
    }
    if !ing.tls.is_empty() {
        spec.insert("tls".into(), json!(ing.tls));
    }
    json!({"apiVersion": ing.api_version, "kind": "Ingress", "metadata": meta, "spec": spec})
}

fn backend(b: &Backend, v1: bool) -> Value {
    let name = b.service.clone().unwrap_or_default();
    if !v1 {
        return json!({"serviceName": name, "servicePort": b.port});
    }
    let port = match &b.port {
        Some(IntOrString::Int(n)) => json!({"number": n}),
        Some(IntOrString::Str(s)) => json!({"name": s}),
        None => json!({}),
    };
    json!({"service": {"name": name, "port": port}})
}
