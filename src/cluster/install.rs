//! What `ingressctl install` puts in a cluster to run `serve --kube` there: a namespace, a
//! service account with exactly the permissions serve uses ([`PERMISSIONS`]), the `istio`
//! IngressClass, a Deployment, the guide's `istio-ingress` LoadBalancer Service and a
//! PodDisruptionBudget. Pure: settings in, manifests out.

use serde_json::{Value, json};

use crate::manifest::routing::ISTIO_CONTROLLER;

/// One permission: API group, resource, verbs, and whether it is needed in every namespace
/// (a ClusterRole) or only in the install namespace (a Role).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permission {
    /// API group (`""` for core).
    pub group: &'static str,
    /// Resource (plural, maybe with a subresource).
    pub resource: &'static str,
    /// Verbs.
    pub verbs: &'static [&'static str],
    /// True for every namespace; false for the install namespace only.
    pub cluster_wide: bool,
}

/// Every API call `serve --kube` makes, as RBAC: the watches (list and watch), the Secrets it
/// reads by name (get: no list of all Secrets), the status it writes, and its Lease.
pub const PERMISSIONS: &[Permission] = &[
    Permission {
        group: "networking.k8s.io",
        resource: "ingresses",
        verbs: &["list", "watch"],
        cluster_wide: true,
    },
    Permission {
        group: "networking.k8s.io",
        resource: "ingresses/status",
        verbs: &["patch"],
        cluster_wide: true,
    },
    Permission {
        group: "networking.k8s.io",
        resource: "ingressclasses",
        verbs: &["list", "watch"],
        cluster_wide: true,
    },
    Permission {
        group: "config.istio.io",
        resource: "routerules",
        verbs: &["list", "watch"],
        cluster_wide: true,
    },
    Permission {
        group: "",
        resource: "services",
        verbs: &["get", "list", "watch"],
        cluster_wide: true,
    },
    Permission {
        group: "discovery.k8s.io",
        resource: "endpointslices",
        verbs: &["list", "watch"],
        cluster_wide: true,
    },
    Permission {
        group: "",
        resource: "pods",
        verbs: &["list", "watch"],
        cluster_wide: true,
    },
    Permission {
        group: "",
        resource: "secrets",
        verbs: &["get"],
        cluster_wide: true,
    },
    Permission {
        group: "coordination.k8s.io",
        resource: "leases",
        verbs: &["get", "create", "update"],
        cluster_wide: false,
    },
];

/// What to install.
#[derive(Debug, Clone)]
pub struct InstallSettings {
    /// The namespace (the guide's `istio-system`).
    pub namespace: String,
    /// The container image.
    pub image: String,
    /// Replicas.
    pub replicas: u32,
}

/// The name of everything installed (the guide's).
pub const NAME: &str = "istio-ingress";

/// The manifests, in apply order.
pub fn manifests(s: &InstallSettings) -> Vec<Value> {
    let labels = json!({"istio": "ingress", "app.kubernetes.io/name": "ingressctl"});
    vec![
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": s.namespace}}),
        json!({"apiVersion": "v1", "kind": "ServiceAccount",
               "metadata": {"name": NAME, "namespace": s.namespace, "labels": labels}}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
               "metadata": {"name": NAME, "labels": labels}, "rules": rules(true)}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
               "metadata": {"name": NAME, "labels": labels},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": NAME},
               "subjects": [{"kind": "ServiceAccount", "name": NAME, "namespace": s.namespace}]}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
               "metadata": {"name": NAME, "namespace": s.namespace, "labels": labels}, "rules": rules(false)}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
               "metadata": {"name": NAME, "namespace": s.namespace, "labels": labels},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": NAME},
               "subjects": [{"kind": "ServiceAccount", "name": NAME, "namespace": s.namespace}]}),
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
               "metadata": {"name": "istio", "labels": labels},
               "spec": {"controller": ISTIO_CONTROLLER}}),
        deployment(s, &labels),
        json!({"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": NAME, "namespace": s.namespace, "labels": labels},
               "spec": {"type": "LoadBalancer", "selector": {"istio": "ingress"},
                        "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"},
                                  {"name": "https", "port": 443, "targetPort": 8443, "protocol": "TCP"}]}}),
        json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
               "metadata": {"name": NAME, "namespace": s.namespace, "labels": labels},
               "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"istio": "ingress"}}}}),
    ]
}

fn rules(cluster_wide: bool) -> Value {
    Value::Array(
        PERMISSIONS
            .iter()
            .filter(|p| p.cluster_wide == cluster_wide)
            .map(|p| json!({"apiGroups": [p.group], "resources": [p.resource], "verbs": p.verbs}))
            .collect(),
    )
}

fn deployment(s: &InstallSettings, labels: &Value) -> Value {
    let probe =
        |path: &str| json!({"httpGet": {"path": path, "port": "admin"}, "periodSeconds": 5});
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": NAME, "namespace": s.namespace, "labels": labels},
        "spec": {
            "replicas": s.replicas,
            "selector": {"matchLabels": {"istio": "ingress"}},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "serviceAccountName": NAME,
                    "terminationGracePeriodSeconds": 45,
                    "securityContext": {"runAsNonRoot": true, "runAsUser": 65532, "runAsGroup": 65532,
                                        "seccompProfile": {"type": "RuntimeDefault"}},
                    "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname",
                        "whenUnsatisfiable": "ScheduleAnyway",
                        "labelSelector": {"matchLabels": {"istio": "ingress"}}}],
                    "containers": [{
                        "name": "ingressctl",
                        "image": s.image,
                        "args": ["serve", "--kube",
                                 "--publish-service", format!("{}/{NAME}", s.namespace),
                                 "--http-addr", "0.0.0.0:8080", "--https-addr", "0.0.0.0:8443",
                                 "--admin-addr", "0.0.0.0:15000",
                                 "--cert-dir", "/etc/istio/ingress-certs"],
                        "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                                {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}}],
                        "ports": [{"name": "http", "containerPort": 8080},
                                  {"name": "https", "containerPort": 8443},
                                  {"name": "admin", "containerPort": 15000}],
                        // Live as soon as the admin port is open; ready only once the first
                        // full sync is served (however long a large cluster takes) and no
                        // longer once draining starts.
                        "readinessProbe": probe("/healthz/ready"),
                        "livenessProbe": probe("/healthz/live"),
                        // Keeps accepting while the Service's endpoints drop this pod, then
                        // SIGTERM drains (up to serve's --drain-timeout) within the grace period.
                        "lifecycle": {"preStop": {"sleep": {"seconds": 5}}},
                        "resources": {"requests": {"cpu": "100m", "memory": "64Mi"},
                                      "limits": {"memory": "256Mi"}},
                        "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                                            "capabilities": {"drop": ["ALL"]}},
                        "volumeMounts": [{"name": "ingress-certs", "mountPath": "/etc/istio/ingress-certs", "readOnly": true}]
                    }],
                    "volumes": [{"name": "ingress-certs",
                                 "secret": {"secretName": "istio-ingress-certs", "optional": true}}]
                }
            }
        }
    })
}
