//! The resources the stand-in serves, and the discovery and OpenAPI documents describing them.

use serde_json::{Value, json};

use super::Options;

/// How `metadata.name` is validated for a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameRule {
    /// RFC 1123 subdomain (most resources).
    Subdomain,
    /// RFC 1123 label (namespaces).
    Label1123,
    /// RFC 1035 label (services).
    Label1035,
}

/// One served resource type.
#[derive(Debug, Clone)]
pub(super) struct ResourceDef {
    /// API group; empty for the core group.
    pub group: &'static str,
    /// API version within the group.
    pub version: &'static str,
    /// Plural resource name used in paths.
    pub plural: &'static str,
    /// Singular resource name.
    pub singular: &'static str,
    /// The object kind.
    pub kind: &'static str,
    /// Whether objects live in namespaces.
    pub namespaced: bool,
    /// kubectl short names.
    pub short_names: &'static [&'static str],
    /// Whether it has a `status` subresource (main writes then ignore `.status`).
    pub status: bool,
    /// Whether `metadata.generation` is maintained.
    pub generation: bool,
    /// Whether it is a custom resource (list items then keep apiVersion/kind).
    pub custom: bool,
    /// Name validation rule.
    pub name_rule: NameRule,
    /// Discovery categories.
    pub categories: &'static [&'static str],
}

impl ResourceDef {
    /// `v1` or `group/version`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `plural.group` (or `plural` for core), as error messages name resources.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// The collection path prefix: `/api/v1` or `/apis/group/version`.
    fn prefix(&self) -> String {
        if self.group.is_empty() {
            "/api/v1".to_string()
        } else {
            format!("/apis/{}/{}", self.group, self.version)
        }
    }
}

/// A builder-style constructor for the table below.
#[allow(clippy::too_many_arguments)]
const fn def(
    group: &'static str,
    version: &'static str,
    plural: &'static str,
    singular: &'static str,
    kind: &'static str,
    namespaced: bool,
    short_names: &'static [&'static str],
    status: bool,
) -> ResourceDef {
    ResourceDef {
        group,
        version,
        plural,
        singular,
        kind,
        namespaced,
        short_names,
        status,
        generation: status,
        custom: false,
        name_rule: NameRule::Subdomain,
        categories: &[],
    }
}

/// Every resource served for the given options.
fn definitions(opts: &Options) -> Vec<ResourceDef> {
    let mut defs = vec![
        ResourceDef {
            name_rule: NameRule::Label1123,
            generation: false,
            ..def(
                "",
                "v1",
                "namespaces",
                "namespace",
                "Namespace",
                false,
                &["ns"],
                true,
            )
        },
        ResourceDef {
            name_rule: NameRule::Label1035,
            categories: &["all"],
            ..def(
                "",
                "v1",
                "services",
                "service",
                "Service",
                true,
                &["svc"],
                true,
            )
        },
        ResourceDef {
            generation: false,
            categories: &["all"],
            ..def("", "v1", "pods", "pod", "Pod", true, &["po"], true)
        },
        def("", "v1", "secrets", "secret", "Secret", true, &[], false),
        def(
            "",
            "v1",
            "endpoints",
            "endpoints",
            "Endpoints",
            true,
            &["ep"],
            false,
        ),
        def(
            "",
            "v1",
            "configmaps",
            "configmap",
            "ConfigMap",
            true,
            &["cm"],
            false,
        ),
        def(
            "networking.k8s.io",
            "v1",
            "ingresses",
            "ingress",
            "Ingress",
            true,
            &["ing"],
            true,
        ),
        ResourceDef {
            generation: true,
            ..def(
                "networking.k8s.io",
                "v1",
                "ingressclasses",
                "ingressclass",
                "IngressClass",
                false,
                &[],
                false,
            )
        },
        def(
            "",
            "v1",
            "serviceaccounts",
            "serviceaccount",
            "ServiceAccount",
            true,
            &["sa"],
            false,
        ),
        def(
            "rbac.authorization.k8s.io",
            "v1",
            "clusterroles",
            "clusterrole",
            "ClusterRole",
            false,
            &[],
            false,
        ),
        def(
            "rbac.authorization.k8s.io",
            "v1",
            "clusterrolebindings",
            "clusterrolebinding",
            "ClusterRoleBinding",
            false,
            &[],
            false,
        ),
        def(
            "rbac.authorization.k8s.io",
            "v1",
            "roles",
            "role",
            "Role",
            true,
            &[],
            false,
        ),
        def(
            "rbac.authorization.k8s.io",
            "v1",
            "rolebindings",
            "rolebinding",
            "RoleBinding",
            true,
            &[],
            false,
        ),
        def(
            "apps",
            "v1",
            "deployments",
            "deployment",
            "Deployment",
            true,
            &["deploy"],
            true,
        ),
        def(
            "policy",
            "v1",
            "poddisruptionbudgets",
            "poddisruptionbudget",
            "PodDisruptionBudget",
            true,
            &["pdb"],
            true,
        ),
        def(
            "coordination.k8s.io",
            "v1",
            "leases",
            "lease",
            "Lease",
            true,
            &[],
            false,
        ),
        def(
            "discovery.k8s.io",
            "v1",
            "endpointslices",
            "endpointslice",
            "EndpointSlice",
            true,
            &[],
            false,
        ),
        ResourceDef {
            generation: true,
            ..def(
                "apiextensions.k8s.io",
                "v1",
                "customresourcedefinitions",
                "customresourcedefinition",
                "CustomResourceDefinition",
                false,
                &["crd", "crds"],
                true,
            )
        },
    ];
    if opts.extensions_v1beta1 {
        defs.push(def(
            "extensions",
            "v1beta1",
            "ingresses",
            "ingress",
            "Ingress",
            true,
            &["ing"],
            true,
        ));
    }
    if opts.routerule_crd {
        defs.push(ResourceDef {
            generation: true,
            custom: true,
            ..def(
                "config.istio.io",
                "v1alpha2",
                "routerules",
                "routerule",
                "RouteRule",
                true,
                &[],
                false,
            )
        });
    }
    defs
}

/// The served resources plus the documents derived from them.
#[derive(Debug, Clone)]
pub(super) struct Catalog {
    defs: Vec<ResourceDef>,
}

impl Catalog {
    /// The catalog for these options.
    pub fn new(opts: &Options) -> Self {
        Catalog {
            defs: definitions(opts),
        }
    }

    /// The resource at `group/version/plural`.
    pub fn find(&self, group: &str, version: &str, plural: &str) -> Option<&ResourceDef> {
        self.defs
            .iter()
            .find(|d| d.group == group && d.version == version && d.plural == plural)
    }

    /// The resource for an object's `apiVersion` and `kind`.
    pub fn find_kind(&self, api_version: &str, kind: &str) -> Option<&ResourceDef> {
        self.defs
            .iter()
            .find(|d| d.api_version() == api_version && d.kind == kind)
    }

    /// Whether any resource is served at `group/version`.
    pub fn serves(&self, group: &str, version: &str) -> bool {
        self.defs
            .iter()
            .any(|d| d.group == group && d.version == version)
    }

    /// Named groups with their versions, in catalog order.
    fn groups(&self) -> Vec<(&'static str, &'static str)> {
        let mut out: Vec<(&'static str, &'static str)> = Vec::new();
        for d in self.defs.iter().filter(|d| !d.group.is_empty()) {
            if !out.contains(&(d.group, d.version)) {
                out.push((d.group, d.version));
            }
        }
        out
    }

    /// `/api`: the APIVersions document.
    pub fn api_versions(&self, address: &str) -> Value {
        json!({
            "kind": "APIVersions",
            "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": address}],
        })
    }

    /// `/apis`: the APIGroupList document.
    pub fn group_list(&self) -> Value {
        let groups: Vec<Value> = self
            .groups()
            .into_iter()
            .map(|(group, version)| {
                let gv = json!({"groupVersion": format!("{group}/{version}"), "version": version});
                json!({"name": group, "versions": [gv.clone()], "preferredVersion": gv})
            })
            .collect();
        json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
    }

    /// `/apis/{group}` (APIGroup), when the group is served.
    pub fn group(&self, group: &str) -> Option<Value> {
        let (_, version) = self.groups().into_iter().find(|(g, _)| *g == group)?;
        let gv = json!({"groupVersion": format!("{group}/{version}"), "version": version});
        Some(
            json!({"kind": "APIGroup", "apiVersion": "v1", "name": group, "versions": [gv.clone()], "preferredVersion": gv}),
        )
    }

    /// `/api/v1` or `/apis/{group}/{version}`: the APIResourceList, when served.
    pub fn resource_list(&self, group: &str, version: &str) -> Option<Value> {
        if !self.serves(group, version) {
            return None;
        }
        let mut resources = Vec::new();
        for d in self
            .defs
            .iter()
            .filter(|d| d.group == group && d.version == version)
        {
            resources.push(resource_entry(d));
            if d.status {
                resources.push(json!({
                    "name": format!("{}/status", d.plural), "singularName": "", "namespaced": d.namespaced,
                    "kind": d.kind, "verbs": ["get", "patch", "update"],
                }));
            }
        }
        let gv = if group.is_empty() {
            version.to_string()
        } else {
            format!("{group}/{version}")
        };
        Some(
            json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}),
        )
    }

    /// `/openapi/v3`: the index of per-group-version documents.
    pub fn openapi_root(&self) -> Value {
        let mut paths = serde_json::Map::new();
        let mut gvs = vec![("", "v1")];
        gvs.extend(self.groups());
        for (group, version) in gvs {
            let key = if group.is_empty() {
                "api/v1".to_string()
            } else {
                format!("apis/{group}/{version}")
            };
            let url = format!("/openapi/v3/{key}?hash=standin");
            paths.insert(key, json!({ "serverRelativeURL": url }));
        }
        json!({ "paths": paths })
    }

    /// `/openapi/v3/{api/v1|apis/g/v}`: a minimal document listing each resource's PATCH with
    /// the `fieldValidation` parameter, which is what kubectl reads to decide that the server
    /// validates fields itself (so it skips client-side schema validation).
    pub fn openapi_group_version(&self, group: &str, version: &str) -> Option<Value> {
        if !self.serves(group, version) {
            return None;
        }
        let mut paths = serde_json::Map::new();
        for d in self
            .defs
            .iter()
            .filter(|d| d.group == group && d.version == version)
        {
            let item = if d.namespaced {
                format!(
                    "{}/namespaces/{{namespace}}/{}/{{name}}",
                    d.prefix(),
                    d.plural
                )
            } else {
                format!("{}/{}/{{name}}", d.prefix(), d.plural)
            };
            let gvk = json!({"group": d.group, "version": d.version, "kind": d.kind});
            let params = json!([
                {"name": "dryRun", "in": "query", "schema": {"type": "string"}},
                {"name": "fieldManager", "in": "query", "schema": {"type": "string"}},
                {"name": "fieldValidation", "in": "query", "schema": {"type": "string"}},
                {"name": "force", "in": "query", "schema": {"type": "boolean"}},
            ]);
            paths.insert(
                item,
                json!({"patch": {
                    "operationId": format!("patch{}", d.kind),
                    "parameters": params,
                    "responses": {"200": {"description": "OK"}},
                    "x-kubernetes-action": "patch",
                    "x-kubernetes-group-version-kind": gvk,
                }}),
            );
        }
        Some(json!({
            "openapi": "3.0.0",
            "info": {"title": "Kubernetes", "version": "v1.33.0"},
            "paths": paths,
            "components": {"schemas": {}},
        }))
    }

    /// The CustomResourceDefinition objects to seed (RouteRule when enabled).
    pub fn crd_objects(&self) -> Vec<Value> {
        self.defs
            .iter()
            .filter(|d| d.custom)
            .map(crd_object)
            .collect()
    }
}

/// One APIResource entry of an APIResourceList.
fn resource_entry(d: &ResourceDef) -> Value {
    let mut entry = json!({
        "name": d.plural,
        "singularName": d.singular,
        "namespaced": d.namespaced,
        "kind": d.kind,
        "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    });
    if !d.short_names.is_empty() {
        entry["shortNames"] = json!(d.short_names);
    }
    if !d.categories.is_empty() {
        entry["categories"] = json!(d.categories);
    }
    entry
}

/// The CustomResourceDefinition object describing a custom resource.
fn crd_object(d: &ResourceDef) -> Value {
    let scope = if d.namespaced {
        "Namespaced"
    } else {
        "Cluster"
    };
    json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("{}.{}", d.plural, d.group)},
        "spec": {
            "group": d.group,
            "names": {"kind": d.kind, "listKind": format!("{}List", d.kind), "plural": d.plural, "singular": d.singular},
            "scope": scope,
            "versions": [{
                "name": d.version, "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
            }],
        },
        "status": {
            "acceptedNames": {"kind": d.kind, "listKind": format!("{}List", d.kind), "plural": d.plural, "singular": d.singular},
            "conditions": [{"type": "Established", "status": "True", "reason": "InitialNamesAccepted", "message": "the initial names have been accepted"}],
            "storedVersions": [d.version],
        },
    })
}
