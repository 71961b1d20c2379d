//! The domain rules every reader of manifests shares, written once: which Ingresses belong
//! to the controller (the class), whether a RouteRule applies at the ingress (its identity),
//! and the namespace of an object that names none. `validate`, the proxy's compiler,
//! `convert` and `verify` all ask here.

use super::model::{IngressClass, ObjectMeta, RouteRule};
use super::{CLASS_ANNOTATION, Ingress};

/// The namespace of an object that names none (what kubectl and the API server use).
pub const DEFAULT_NAMESPACE: &str = "default";

/// The controller name an IngressClass gives to hand its Ingresses to Istio.
pub const ISTIO_CONTROLLER: &str = "istio.io/ingress-controller";

/// The namespace of an object (`default` when unset).
pub fn namespace_of(meta: &ObjectMeta) -> &str {
    meta.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE)
}

/// Which Ingresses this controller serves: the class annotation when present (Istio reads
/// it first), else `spec.ingressClassName` equal to the class or naming an IngressClass
/// whose controller is [`ISTIO_CONTROLLER`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClassFilter {
    class: String,
    istio_classes: std::collections::BTreeSet<String>,
}

impl ClassFilter {
    /// The filter for a class name, knowing these IngressClasses.
    pub fn new<'a>(class: &str, classes: impl IntoIterator<Item = &'a IngressClass>) -> Self {
        Self::from_controllers(
            class,
            classes
                .into_iter()
                .map(|c| (c.metadata.name.as_str(), c.spec.controller.as_deref())),
        )
    }

    /// The filter for a class name, knowing IngressClasses as (name, controller) pairs.
    pub fn from_controllers<'a>(
        class: &str,
        classes: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Self {
        let istio_classes = classes
            .into_iter()
            .filter(|(_, controller)| *controller == Some(ISTIO_CONTROLLER))
            .map(|(name, _)| name.to_string())
            .collect();
        ClassFilter {
            class: class.to_string(),
            istio_classes,
        }
    }

    /// The class name asked for (`istio`).
    pub fn class(&self) -> &str {
        &self.class
    }

    /// True when this controller serves the Ingress.
    pub fn admits(&self, ingress: &Ingress) -> bool {
        self.admits_parts(
            ingress
                .meta
                .annotations
                .get(CLASS_ANNOTATION)
                .map(String::as_str),
            ingress.class_name.as_deref(),
        )
    }

    /// The same decision from an Ingress's class annotation and `spec.ingressClassName`.
    pub fn admits_parts(&self, annotation: Option<&str>, class_name: Option<&str>) -> bool {
        if let Some(annotation) = annotation {
            return annotation == self.class;
        }
        class_name.is_some_and(|name| name == self.class || self.istio_classes.contains(name))
    }
}

/// How the ingress identifies itself as a RouteRule source (`match.source`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IngressIdentity {
    /// Service names the ingress answers to (`istio-ingress`, `istio-ingressgateway`).
    pub names: Vec<String>,
    /// Its labels (`istio: ingress`).
    pub labels: Vec<(String, String)>,
}

impl Default for IngressIdentity {
    /// The guide's ingress and today's gateway.
    fn default() -> Self {
        IngressIdentity {
            names: vec!["istio-ingress".into(), "istio-ingressgateway".into()],
            labels: vec![
                ("istio".into(), "ingress".into()),
                ("istio".into(), "ingressgateway".into()),
            ],
        }
    }
}

impl IngressIdentity {
    /// True when a rule applies to traffic entering through the ingress: no `match.source`,
    /// or a source naming the ingress (by name or service FQDN) with labels it carries
    /// (spec reference 2.7).
    pub fn admits(&self, rule: &RouteRule) -> bool {
        let Some(source) = rule.spec.match_.as_ref().and_then(|m| m.source.as_ref()) else {
            return true;
        };
        let name = source.name.clone().or_else(|| {
            source
                .service
                .as_ref()
                .and_then(|s| s.split('.').next().map(str::to_string))
        });
        let name_ok = name.is_none_or(|n| self.names.contains(&n));
        let labels_ok = source
            .labels
            .iter()
            .all(|(k, v)| self.labels.iter().any(|(lk, lv)| lk == k && lv == v));
        name_ok && labels_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Manifest, Source, load};

    fn ingress(yaml: &str) -> Ingress {
        let loaded = load(&[Source::from_text("t.yaml", yaml)]);
        match loaded.objects.into_iter().next().map(|o| o.manifest) {
            Some(Manifest::Ingress(i)) => std::sync::Arc::unwrap_or_clone(i),
            other => panic!("not an Ingress: {other:?}"),
        }
    }

    fn class_of(name: &str, controller: &str) -> IngressClass {
        serde_json::from_value(serde_json::json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
            "metadata": {"name": name}, "spec": {"controller": controller}
        }))
        .expect("IngressClass")
    }

    const BASE: &str = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: x\n";

    #[test]
    fn the_annotation_wins_over_the_class_name() {
        let filter = ClassFilter::new("istio", []);
        let annotated = format!(
            "{BASE}  annotations: {{kubernetes.io/ingress.class: nginx}}\nspec:\n  ingressClassName: istio\n"
        );
        assert!(!filter.admits(&ingress(&annotated)));
        assert!(filter.admits(&ingress(&format!(
            "{BASE}spec:\n  ingressClassName: istio\n"
        ))));
        assert!(!filter.admits(&ingress(&format!("{BASE}spec: {{}}\n"))));
    }

    #[test]
    fn an_ingress_class_of_the_istio_controller_counts() {
        let classes = [
            class_of("mesh", ISTIO_CONTROLLER),
            class_of("web", "k8s.io/ingress-nginx"),
        ];
        let filter = ClassFilter::new("istio", &classes);
        assert!(filter.admits(&ingress(&format!(
            "{BASE}spec:\n  ingressClassName: mesh\n"
        ))));
        assert!(!filter.admits(&ingress(&format!("{BASE}spec:\n  ingressClassName: web\n"))));
    }
}
