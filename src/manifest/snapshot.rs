//! One configuration snapshot between where objects come from (files, a cluster) and
//! everything that reads them (`validate`, the proxy's compiler, `convert`, `verify`): the
//! objects, indexed once, with the class and ingress identity that decide which of them
//! count, and where each came from.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::model::{Endpoints, Pod, RouteRule, Secret, Service};
use super::routing::{ClassFilter, IngressIdentity, namespace_of};
use super::{Ingress, Loaded, Manifest, Object, Source};
use crate::diagnostic::Diagnostic;

/// Where an object came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// A file (or standard input) and the line its document starts on (its `---`, if any).
    File {
        /// The file name as shown in diagnostics.
        file: String,
        /// 1-based line of the document.
        line: usize,
    },
    /// A live cluster, at this resourceVersion (when the object carried one).
    Cluster {
        /// The object's resourceVersion.
        resource_version: Option<String>,
    },
}

type Key = (String, String);

/// How much of the configuration a snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// Everything: routes, rules, certificates and endpoints.
    Whole,
    /// Only what the endpoints of these Services (namespace, name) are made of: their Service,
    /// EndpointSlices and Pods. A watched cluster hands this over when nothing but endpoints
    /// moved, so the served table keeps its routes and only those endpoint sets change.
    EndpointsOf(HashSet<Key>),
}

/// Indexed objects and the rules that select them.
#[derive(Debug)]
pub struct Snapshot {
    loaded: Loaded,
    class: ClassFilter,
    identity: IngressIdentity,
    ingresses: Vec<usize>,
    route_rules: Vec<usize>,
    services: ByName,
    endpoints: ByName,
    pods: ByName,
    secrets: ByName,
    /// Endpoints made from EndpointSlices, for Services that have no Endpoints object, sorted
    /// by namespace and name.
    from_slices: Vec<Endpoints>,
    coverage: Coverage,
}

impl Snapshot {
    /// Indexes loaded objects for an ingress class and identity.
    pub fn new(loaded: Loaded, class: &str, identity: IngressIdentity) -> Snapshot {
        let classes = loaded.objects.iter().filter_map(|o| match &o.manifest {
            Manifest::IngressClass(c) => Some(c.as_ref()),
            _ => None,
        });
        let class = ClassFilter::new(class, classes);
        let mut snap = Snapshot {
            class,
            identity,
            ingresses: Vec::new(),
            route_rules: Vec::new(),
            services: ByName::default(),
            endpoints: ByName::default(),
            pods: ByName::default(),
            secrets: ByName::default(),
            from_slices: Vec::new(),
            coverage: Coverage::Whole,
            loaded,
        };
        snap.index();
        snap
    }

    /// Loads sources and indexes them (load problems are kept as diagnostics).
    pub fn from_sources(sources: &[Source], class: &str, identity: IngressIdentity) -> Snapshot {
        Snapshot::new(super::load(sources), class, identity)
    }

    /// Indexes objects read from a cluster (see [`super::live_object`]), with the problems
    /// of those that could not be read; a cluster with no objects is no error (it serves
    /// nothing yet).
    pub fn from_live(
        objects: Vec<Object>,
        diagnostics: Vec<Diagnostic>,
        class: &str,
        identity: IngressIdentity,
    ) -> Snapshot {
        let loaded = Loaded {
            documents: objects.len() + diagnostics.len(),
            objects,
            diagnostics,
        };
        Snapshot::new(loaded, class, identity)
    }

    /// Indexes the endpoint objects of some Services only (see [`Coverage::EndpointsOf`]).
    pub fn endpoints_of(
        objects: Vec<Object>,
        class: &str,
        identity: IngressIdentity,
        services: HashSet<Key>,
    ) -> Snapshot {
        let mut snap = Snapshot::from_live(objects, Vec::new(), class, identity);
        snap.coverage = Coverage::EndpointsOf(services);
        snap
    }

    /// Whether this is the whole configuration or the endpoints of some Services.
    pub fn coverage(&self) -> &Coverage {
        &self.coverage
    }

    fn index(&mut self) {
        let (mut services, mut endpoints, mut pods, mut secrets) = (vec![], vec![], vec![], vec![]);
        for (i, o) in self.loaded.objects.iter().enumerate() {
            match &o.manifest {
                Manifest::Ingress(ing) if self.class.admits(ing) => self.ingresses.push(i),
                Manifest::RouteRule(_) => self.route_rules.push(i),
                Manifest::Service(_) => services.push(i),
                Manifest::Endpoints(_) => endpoints.push(i),
                Manifest::Pod(_) => pods.push(i),
                Manifest::Secret(_) => secrets.push(i),
                _ => {}
            }
        }
        let objects = &self.loaded.objects;
        self.services = ByName::new(objects, services, Keep::Last);
        self.endpoints = ByName::new(objects, endpoints, Keep::Last);
        self.pods = ByName::new(objects, pods, Keep::Last);
        // The first Secret of a name wins, as serve has always read them.
        self.secrets = ByName::new(objects, secrets, Keep::First);
        self.fold_slices();
    }

    /// EndpointSlices become one Endpoints per Service, where the Service has none (slices
    /// are the API's source of truth since Kubernetes 1.21; Endpoints is deprecated in 1.33).
    fn fold_slices(&mut self) {
        // Ordered by namespace and name: the order `from_slices` is searched in.
        let mut folded: BTreeMap<Key, Endpoints> = BTreeMap::new();
        for o in &self.loaded.objects {
            let Manifest::EndpointSlice(slice) = &o.manifest else {
                continue;
            };
            let Some(service) = slice.service() else {
                continue;
            };
            let ns = namespace_of(&slice.metadata).to_string();
            if self
                .endpoints
                .get(&self.loaded.objects, &ns, service)
                .is_some()
            {
                continue;
            }
            let key = (ns.clone(), service.to_string());
            let endpoints = folded.entry(key).or_insert_with(|| Endpoints {
                api_version: "v1".into(),
                kind: "Endpoints".into(),
                metadata: super::model::ObjectMeta {
                    name: service.to_string(),
                    namespace: Some(ns),
                    ..Default::default()
                },
                subsets: Vec::new(),
            });
            endpoints.subsets.push(slice.subset());
        }
        self.from_slices = folded.into_values().collect();
    }

    /// The same snapshot without the objects named in `drop` (as `Kind namespace/name`).
    pub fn without(&self, drop: &std::collections::HashSet<String>) -> Snapshot {
        let loaded = Loaded {
            objects: self
                .loaded
                .objects
                .iter()
                .filter(|o| !drop.contains(&o.display()))
                .cloned()
                .collect(),
            diagnostics: self.loaded.diagnostics.clone(),
            documents: self.loaded.documents,
        };
        let mut snap = Snapshot::new(loaded, self.class.class(), self.identity.clone());
        snap.coverage = self.coverage.clone();
        snap
    }

    /// The same snapshot with the ingress-nginx annotations of its Ingresses carried over
    /// (see [`super::nginx::carry`]): their RouteRules added, each with its Ingress's origin,
    /// and canary Ingresses left out of the routes. Also returns what was not carried.
    pub fn carrying_nginx_annotations(&self) -> (Snapshot, Vec<super::nginx::carry::Left>) {
        let pairs: Vec<(&Object, &Ingress)> = self.ingresses().collect();
        let ingresses: Vec<&Ingress> = pairs.iter().map(|(_, i)| *i).collect();
        let user_rules: Vec<&RouteRule> = self
            .route_rules()
            .map(|(_, r)| r)
            .filter(|r| self.identity.admits(r))
            .collect();
        let carried = super::nginx::carry::carry(&ingresses, &user_rules);
        let mut objects = self.loaded.objects.clone();
        for &i in &self.ingresses {
            if let Manifest::Ingress(ing) = &mut objects[i].manifest {
                let redirect = super::nginx::carry::https_redirect(ing);
                // Only a changed Ingress is copied: the others stay shared with this snapshot.
                if redirect != ing.https_redirect {
                    Arc::make_mut(ing).https_redirect = redirect;
                }
            }
        }
        for change in &carried.paths {
            if let Manifest::Ingress(ing) = &mut objects[self.ingresses[change.ingress]].manifest {
                let path = Arc::make_mut(ing)
                    .rules
                    .iter_mut()
                    .find(|r| r.index == change.rule)
                    .and_then(|r| r.paths.iter_mut().find(|p| p.index == change.path));
                if let Some(path) = path {
                    path.path = Some(change.text.clone());
                    path.path_type = Some(change.path_type.clone());
                }
            }
        }
        let canaries: HashSet<&String> = carried.canaries.iter().collect();
        objects.retain(|o| !canaries.contains(&o.display()));
        for (rule, from) in carried.rules.into_iter().zip(carried.from) {
            objects.push(Object {
                origin: pairs[from].0.origin.clone(),
                manifest: Manifest::RouteRule(Arc::new(rule)),
            });
        }
        let loaded = Loaded {
            objects,
            diagnostics: self.loaded.diagnostics.clone(),
            documents: self.loaded.documents,
        };
        let mut snap = Snapshot::new(loaded, self.class.class(), self.identity.clone());
        snap.coverage = self.coverage.clone();
        (snap, carried.left)
    }

    /// Every object, in load order.
    pub fn objects(&self) -> &[Object] {
        &self.loaded.objects
    }

    /// Problems found while loading (syntax, schema, unknown kinds).
    pub fn load_diagnostics(&self) -> &[Diagnostic] {
        &self.loaded.diagnostics
    }

    /// Which Ingresses are this controller's.
    pub fn class(&self) -> &ClassFilter {
        &self.class
    }

    /// How RouteRules recognise the ingress as their source.
    pub fn identity(&self) -> &IngressIdentity {
        &self.identity
    }

    /// The Ingresses of the class, in load order.
    pub fn ingresses(&self) -> impl Iterator<Item = (&Object, &Ingress)> + '_ {
        self.ingresses.iter().filter_map(|&i| {
            let o = &self.loaded.objects[i];
            match &o.manifest {
                Manifest::Ingress(ing) => Some((o, ing.as_ref())),
                _ => None,
            }
        })
    }

    /// Every RouteRule, in load order.
    pub fn route_rules(&self) -> impl Iterator<Item = (&Object, &RouteRule)> + '_ {
        self.route_rules.iter().filter_map(|&i| {
            let o = &self.loaded.objects[i];
            match &o.manifest {
                Manifest::RouteRule(r) => Some((o, r.as_ref())),
                _ => None,
            }
        })
    }

    /// A hash of everything that shapes routes, rules and certificates: every object but
    /// Endpoints, EndpointSlices and Pods, with the class and identity. Two snapshots with the
    /// same fingerprint differ at most in endpoints, which need no recompiled table.
    pub fn routing_fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.class.hash(&mut h);
        self.identity.hash(&mut h);
        for o in &self.loaded.objects {
            if matches!(
                o.manifest,
                Manifest::Endpoints(_) | Manifest::EndpointSlice(_) | Manifest::Pod(_)
            ) {
                continue;
            }
            o.origin.file.hash(&mut h);
            o.origin.hash_content(&mut h);
        }
        h.finish()
    }

    /// A Service by namespace and name.
    pub fn service(&self, namespace: &str, name: &str) -> Option<&Service> {
        match self.lookup(&self.services, namespace, name)? {
            Manifest::Service(s) => Some(s),
            _ => None,
        }
    }

    /// The Endpoints of a Service (made from its EndpointSlices when it has no Endpoints).
    pub fn endpoints(&self, namespace: &str, name: &str) -> Option<&Endpoints> {
        match self.lookup(&self.endpoints, namespace, name) {
            Some(Manifest::Endpoints(e)) => Some(e),
            _ => self
                .from_slices
                .binary_search_by(|e| {
                    (namespace_of(&e.metadata), e.metadata.name.as_str()).cmp(&(namespace, name))
                })
                .ok()
                .map(|at| &self.from_slices[at]),
        }
    }

    /// A Pod by namespace and name.
    pub fn pod(&self, namespace: &str, name: &str) -> Option<&Pod> {
        match self.lookup(&self.pods, namespace, name)? {
            Manifest::Pod(p) => Some(p),
            _ => None,
        }
    }

    /// A Secret by namespace and name.
    pub fn secret(&self, namespace: &str, name: &str) -> Option<&Secret> {
        match self.lookup(&self.secrets, namespace, name)? {
            Manifest::Secret(s) => Some(s),
            _ => None,
        }
    }

    fn lookup(&self, index: &ByName, namespace: &str, name: &str) -> Option<&Manifest> {
        index
            .get(&self.loaded.objects, namespace, name)
            .map(|i| &self.loaded.objects[i].manifest)
    }
}

/// The objects of one kind by namespace and name: their positions, sorted by both, one per
/// name. A lookup is a binary search that allocates nothing; a hash map of owned names cost
/// about a hundred bytes an object, and two allocations a lookup.
#[derive(Debug, Default)]
struct ByName(Vec<usize>);

/// Which of the objects sharing a namespace and name an index keeps.
#[derive(Debug, Clone, Copy)]
enum Keep {
    First,
    Last,
}

impl ByName {
    /// Indexes the objects at `positions` (in load order).
    fn new(objects: &[Object], mut positions: Vec<usize>, keep: Keep) -> ByName {
        if let Keep::Last = keep {
            positions.reverse();
        }
        // A stable sort keeps load order (reversed for `Last`) among equal names, and dedup
        // keeps the first of each run.
        positions.sort_by(|&a, &b| name_key(&objects[a]).cmp(&name_key(&objects[b])));
        positions.dedup_by(|a, b| name_key(&objects[*a]) == name_key(&objects[*b]));
        positions.shrink_to_fit();
        ByName(positions)
    }

    /// The position of the object with this namespace and name.
    fn get(&self, objects: &[Object], namespace: &str, name: &str) -> Option<usize> {
        self.0
            .binary_search_by(|&i| name_key(&objects[i]).cmp(&(namespace, name)))
            .ok()
            .map(|at| self.0[at])
    }
}

/// Namespace and name of the kinds [`ByName`] indexes (other kinds are never indexed).
fn name_key(o: &Object) -> (&str, &str) {
    let meta = match &o.manifest {
        Manifest::Service(s) => &s.metadata,
        Manifest::Endpoints(e) => &e.metadata,
        Manifest::Pod(p) => &p.metadata,
        Manifest::Secret(s) => &s.metadata,
        _ => return ("", ""),
    };
    (namespace_of(meta), &meta.name)
}

impl Object {
    /// Where this object came from.
    pub fn provenance(&self) -> Provenance {
        if self.origin.is_live() {
            Provenance::Cluster {
                resource_version: self.origin.resource_version().map(str::to_string),
            }
        } else {
            Provenance::File {
                file: self.origin.file.to_string(),
                line: self.origin.first_line(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OBJECTS: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: mine, annotations: {kubernetes.io/ingress.class: istio}}
spec: {defaultBackend: {service: {name: httpbin, port: {number: 8000}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: theirs, annotations: {kubernetes.io/ingress.class: nginx}}
spec: {defaultBackend: {service: {name: httpbin, port: {number: 8000}}}}
---
apiVersion: v1
kind: Service
metadata: {name: httpbin}
spec: {ports: [{name: http, port: 8000}]}
---
apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: {name: b}
spec: {destination: {name: httpbin}, precedence: 1}
---
apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: {name: a}
spec: {destination: {name: httpbin}, precedence: 2}
---
apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: {name: elsewhere}
spec: {destination: {name: httpbin}, match: {source: {name: reviews}}}
";

    #[test]
    fn a_name_given_twice_is_the_last_service_and_the_first_secret() {
        let mut text = String::new();
        for (ns, port) in [("b", 1), ("a", 2), ("b", 3), ("c", 4)] {
            text.push_str(&format!(
                "---\napiVersion: v1\nkind: Service\nmetadata: {{name: web, namespace: {ns}}}\nspec: {{ports: [{{port: {port}}}]}}\n"
            ));
        }
        for ty in ["first", "second"] {
            text.push_str(&format!(
                "---\napiVersion: v1\nkind: Secret\nmetadata: {{name: tls}}\ntype: {ty}\n"
            ));
        }
        let snap = Snapshot::from_sources(
            &[Source::from_text("all.yaml", &text)],
            "istio",
            IngressIdentity::default(),
        );
        let port = |ns| snap.service(ns, "web").map(|s| s.spec.ports[0].port);
        assert_eq!(
            [port("a"), port("b"), port("c"), port("d")],
            [Some(2), Some(3), Some(4), None]
        );
        assert!(snap.service("b", "we").is_none());
        let tls = snap.secret("default", "tls").expect("the secret");
        assert_eq!(tls.type_.as_deref(), Some("first"));
    }

    #[test]
    fn endpoint_slices_stand_in_for_missing_endpoints() {
        let text = "\
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: api-1, labels: {kubernetes.io/service-name: api}}
addressType: IPv4
endpoints:
- addresses: [10.0.0.1]
  conditions: {ready: true}
- addresses: [10.0.0.2]
  conditions: {ready: true, terminating: true}
- addresses: [10.0.0.3]
  conditions: {ready: false}
ports: [{name: http, port: 8080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: api-2, labels: {kubernetes.io/service-name: api}}
endpoints: [{addresses: [10.0.0.4]}]
ports: [{name: http, port: 8080}]
";
        let snap = Snapshot::from_sources(
            &[Source::from_text("s.yaml", text)],
            "istio",
            IngressIdentity::default(),
        );
        let eps = snap.endpoints("default", "api").expect("folded");
        let ready: Vec<&str> = eps
            .subsets
            .iter()
            .flat_map(|s| s.addresses.iter().map(|a| a.ip.as_str()))
            .collect();
        assert_eq!(
            ready,
            ["10.0.0.1", "10.0.0.4"],
            "terminating and unready take no traffic"
        );
        assert_eq!(eps.subsets[0].ports[0].port, 8080);
    }

    #[test]
    fn indexes_by_class_namespace_and_rule_order() {
        let snap = Snapshot::from_sources(
            &[Source::from_text("all.yaml", OBJECTS)],
            "istio",
            IngressIdentity::default(),
        );
        let names: Vec<_> = snap
            .ingresses()
            .map(|(_, i)| i.meta.name.as_str())
            .collect();
        assert_eq!(names, ["mine"]);
        assert!(snap.service("default", "httpbin").is_some());
        assert!(snap.service("other", "httpbin").is_none());
        let rules: Vec<_> = snap
            .route_rules()
            .map(|(_, r)| r.metadata.name.as_str())
            .collect();
        assert_eq!(rules, ["b", "a", "elsewhere"], "load order");
        let at_ingress: Vec<_> = snap
            .route_rules()
            .filter(|(_, r)| snap.identity().admits(r))
            .map(|(_, r)| r.metadata.name.as_str())
            .collect();
        assert_eq!(at_ingress, ["b", "a"]);
        assert_eq!(
            snap.objects()[2].provenance(),
            Provenance::File {
                file: "all.yaml".into(),
                line: 10
            },
            "the document's `---` line"
        );
    }
}
