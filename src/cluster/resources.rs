//! The resource types ingressctl reads and writes, and how kubectl names them.

use kube::discovery::ApiResource;

/// A resource type: its API coordinates and whether it lives in a namespace.
#[derive(Debug, Clone)]
pub struct ResourceType {
    /// Group, version, kind and plural.
    pub api: ApiResource,
    /// False for cluster-scoped types (IngressClass, Namespace).
    pub namespaced: bool,
}

const TABLE: &[(&str, &str, &str, bool)] = &[
    ("networking.k8s.io/v1", "Ingress", "ingresses", true),
    ("networking.k8s.io/v1beta1", "Ingress", "ingresses", true),
    ("extensions/v1beta1", "Ingress", "ingresses", true),
    (
        "networking.k8s.io/v1",
        "IngressClass",
        "ingressclasses",
        false,
    ),
    ("config.istio.io/v1alpha2", "RouteRule", "routerules", true),
    ("v1", "Secret", "secrets", true),
    ("v1", "Service", "services", true),
    ("v1", "Pod", "pods", true),
    ("v1", "Endpoints", "endpoints", true),
    (
        "discovery.k8s.io/v1",
        "EndpointSlice",
        "endpointslices",
        true,
    ),
    ("v1", "Namespace", "namespaces", false),
    ("v1", "ServiceAccount", "serviceaccounts", true),
    (
        "rbac.authorization.k8s.io/v1",
        "ClusterRole",
        "clusterroles",
        false,
    ),
    (
        "rbac.authorization.k8s.io/v1",
        "ClusterRoleBinding",
        "clusterrolebindings",
        false,
    ),
    ("rbac.authorization.k8s.io/v1", "Role", "roles", true),
    (
        "rbac.authorization.k8s.io/v1",
        "RoleBinding",
        "rolebindings",
        true,
    ),
    ("apps/v1", "Deployment", "deployments", true),
    (
        "policy/v1",
        "PodDisruptionBudget",
        "poddisruptionbudgets",
        true,
    ),
    ("coordination.k8s.io/v1", "Lease", "leases", true),
];

/// The resource type of an `apiVersion` and `kind`, when ingressctl knows it.
pub fn lookup(api_version: &str, kind: &str) -> Option<ResourceType> {
    TABLE
        .iter()
        .find(|(v, k, _, _)| *v == api_version && *k == kind)
        .map(|(v, k, plural, namespaced)| {
            let (group, version) = v.split_once('/').unwrap_or(("", v));
            ResourceType {
                api: ApiResource {
                    group: group.to_string(),
                    version: version.to_string(),
                    api_version: v.to_string(),
                    kind: k.to_string(),
                    plural: plural.to_string(),
                },
                namespaced: *namespaced,
            }
        })
}

/// The resource type for a kind ingressctl knows, at its current API version.
pub fn current(kind: &str) -> ResourceType {
    let api_version = match kind {
        "Ingress" | "IngressClass" => "networking.k8s.io/v1",
        "RouteRule" => "config.istio.io/v1alpha2",
        "EndpointSlice" => "discovery.k8s.io/v1",
        _ => "v1",
    };
    lookup(api_version, kind).unwrap_or_else(|| panic!("kind {kind} is not in the table"))
}

/// kubectl's name for a type: `ingress.networking.k8s.io`, `secret`, `routerule.config.istio.io`.
pub fn kubectl_name(api: &ApiResource) -> String {
    let kind = api.kind.to_lowercase();
    if api.group.is_empty() {
        kind
    } else {
        format!("{kind}.{}", api.group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_like_kubectl() {
        assert_eq!(
            kubectl_name(&current("Ingress").api),
            "ingress.networking.k8s.io"
        );
        assert_eq!(kubectl_name(&current("Secret").api), "secret");
        assert_eq!(
            kubectl_name(&current("RouteRule").api),
            "routerule.config.istio.io"
        );
        assert!(lookup("apps/v1", "StatefulSet").is_none());
        assert!(!current("IngressClass").namespaced);
    }
}
