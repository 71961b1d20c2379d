//! Manifests: reading files, telling kinds apart, and a common view of both Ingress versions.
//!
//! `load` never fails on bad content: every problem becomes a [`Diagnostic`] with its
//! position, and the objects that did parse are returned. Only I/O fails (a missing file).

pub mod duration;
pub mod generate;
pub mod model;
pub mod names;
pub mod nginx;
pub mod paths;
pub mod ports;
pub mod routing;
pub mod snapshot;
pub mod yaml;

use std::io::Read;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;

use crate::diagnostic::{Code, Diagnostic, Severity};
use model::{
    EndpointSlice, Endpoints, IngressClass, IngressTls, IngressV1, IngressV1beta1, IntOrString,
    ObjectMeta, Pod, RouteRule, Secret, Service,
};
use yaml::{Node, Path, Pos};

/// The annotation that selects an ingress controller.
pub const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

/// The source name of objects read from a live cluster: they have no file, so diagnostics
/// name the object instead of a position.
pub const CLUSTER_SOURCE: &str = "<cluster>";

/// Text read from one input, with the name diagnostics use for it.
#[derive(Debug, Clone)]
pub struct Source {
    /// File path as given, or `<stdin>`.
    pub name: String,
    /// Raw bytes (checked for UTF-8 at load time).
    pub bytes: Vec<u8>,
}

impl Source {
    /// A source from a string (tests, generated objects).
    pub fn from_text(name: &str, text: &str) -> Self {
        Source {
            name: name.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }
}

/// Reads `-f` inputs: files, directories (their `.yaml`, `.yml`, `.json` files, sorted;
/// recursively when asked) and `-` for standard input.
pub fn read_sources(inputs: &[PathBuf], recursive: bool) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("reading standard input")?;
            sources.push(Source {
                name: "<stdin>".into(),
                bytes,
            });
        } else if input.is_dir() {
            for file in manifest_files(input, recursive)? {
                sources.push(read_file(&file)?);
            }
        } else {
            sources.push(read_file(input)?);
        }
    }
    Ok(sources)
}

fn read_file(path: &FsPath) -> Result<Source> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Source {
        name: path.display().to_string(),
        bytes,
    })
}

/// The `.yaml`, `.yml` and `.json` files of a directory, sorted (subdirectories when recursive).
pub fn manifest_files(dir: &FsPath, recursive: bool) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read directory {}", dir.display()))?
            .path();
        if path.is_dir() {
            if recursive {
                files.extend(manifest_files(&path, true)?);
            }
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Where an object came from: its file, and where its document's text is. No YAML tree is
/// kept per object (it would cost many times the file's size): positions are read again
/// from the document's few lines when a diagnostic asks for one.
#[derive(Debug, Clone)]
pub struct Origin {
    /// File name as shown in diagnostics.
    pub file: Arc<str>,
    doc: DocText,
}

/// One document's place in its source text.
#[derive(Debug, Clone)]
struct DocText {
    /// The whole source text, shared by all its documents.
    source: Arc<str>,
    /// Byte range of the lines the document spans.
    range: std::ops::Range<usize>,
    /// 1-based line the range starts on.
    first_line: usize,
    /// Which of the documents starting on that line (almost always 0).
    nth: usize,
    /// The index in a `kind: List`'s items, for an object that is one.
    item: Option<usize>,
}

thread_local! {
    /// The document parsed last: diagnostics come in runs for one document (and every item
    /// of a `kind: List` shares one), so it is parsed once per run, not once per position.
    static LAST_PARSED: std::cell::RefCell<Option<(DocKey, std::rc::Rc<Node>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Which document of which source text. The weak reference keeps the text's allocation from
/// being reused by another text while the entry lives, so equal pointers mean the same text.
#[derive(Clone)]
struct DocKey {
    source: std::sync::Weak<str>,
    range: std::ops::Range<usize>,
    nth: usize,
}

impl PartialEq for DocKey {
    fn eq(&self, other: &Self) -> bool {
        self.source.ptr_eq(&other.source) && self.range == other.range && self.nth == other.nth
    }
}

impl DocText {
    fn key(&self) -> DocKey {
        DocKey {
            source: Arc::downgrade(&self.source),
            range: self.range.clone(),
            nth: self.nth,
        }
    }

    /// The document's tree, from the one-entry cache or parsed again.
    fn parsed(&self) -> Option<std::rc::Rc<Node>> {
        let key = self.key();
        let cached = LAST_PARSED.with(|c| {
            c.borrow()
                .as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, n)| n.clone())
        });
        if cached.is_some() {
            return cached;
        }
        let slice = self.source.get(self.range.clone())?;
        let root = std::rc::Rc::new(yaml::document_in(slice, self.first_line, self.nth)?);
        LAST_PARSED.with(|c| *c.borrow_mut() = Some((key, root.clone())));
        Some(root)
    }
}

impl Origin {
    /// The object's tree, parsed again from its document's text (positions as in the file).
    pub fn root(&self) -> Node {
        let d = &self.doc;
        let fallback = || Node {
            pos: Pos {
                line: d.first_line,
                col: 1,
            },
            kind: yaml::NodeKind::Null,
        };
        let Some(root) = d.parsed() else {
            return fallback();
        };
        match d.item {
            None => (*root).clone(),
            Some(i) => match root.get("items").map(|n| &n.kind) {
                Some(yaml::NodeKind::Seq(items)) => items.get(i).cloned().unwrap_or_else(fallback),
                _ => fallback(),
            },
        }
    }

    /// The line its document starts on (a List item: the List's).
    pub fn first_line(&self) -> usize {
        self.doc.first_line
    }

    /// The text of the object's document (the whole List for a List item).
    pub fn text(&self) -> &str {
        self.doc
            .source
            .get(self.doc.range.clone())
            .unwrap_or_default()
    }

    /// Position of the value at `path` (or its nearest ancestor).
    pub fn pos(&self, path: &Path) -> Pos {
        self.root().pos_of(path)
    }

    /// Position of the key at the end of `path`.
    pub fn key_pos(&self, path: &Path) -> Pos {
        self.root().key_pos(path)
    }
}

/// A loaded object of a kind ingressctl understands.
#[derive(Debug, Clone)]
pub struct Object {
    /// Where it came from.
    pub origin: Origin,
    /// What it is.
    pub manifest: Manifest,
}

impl Object {
    /// `Kind namespace/name`, for messages.
    pub fn display(&self) -> String {
        let (kind, meta) = match &self.manifest {
            Manifest::Ingress(i) => ("Ingress", &i.meta),
            Manifest::RouteRule(r) => ("RouteRule", &r.metadata),
            Manifest::Secret(s) => ("Secret", &s.metadata),
            Manifest::Service(s) => ("Service", &s.metadata),
            Manifest::Endpoints(e) => ("Endpoints", &e.metadata),
            Manifest::Pod(p) => ("Pod", &p.metadata),
            Manifest::IngressClass(c) => ("IngressClass", &c.metadata),
            Manifest::EndpointSlice(e) => ("EndpointSlice", &e.metadata),
        };
        format!("{kind} {}", model::qualified_name(meta))
    }

    /// Puts a namespaced object without a namespace into `namespace`, as applying it would.
    pub fn set_namespace_if_unset(&mut self, namespace: &str) {
        let meta = match &mut self.manifest {
            Manifest::Ingress(i) => &mut i.meta,
            Manifest::RouteRule(r) => &mut r.metadata,
            Manifest::Secret(s) => &mut s.metadata,
            Manifest::Service(s) => &mut s.metadata,
            Manifest::Endpoints(e) => &mut e.metadata,
            Manifest::Pod(p) => &mut p.metadata,
            Manifest::EndpointSlice(e) => &mut e.metadata,
            Manifest::IngressClass(_) => return,
        };
        if meta.namespace.as_deref().is_none_or(str::is_empty) {
            meta.namespace = Some(namespace.to_string());
        }
    }

    /// The namespaces this object lives in or points at (a RouteRule's destination).
    pub fn namespaces(&self) -> Vec<String> {
        match &self.manifest {
            Manifest::RouteRule(r) => {
                let mut out = vec![r.namespace().to_string()];
                out.extend(r.destination_ref().map(|(ns, _)| ns));
                out
            }
            Manifest::Ingress(i) => vec![i.namespace().to_string()],
            Manifest::IngressClass(_) => Vec::new(),
            Manifest::Secret(s) => vec![routing::namespace_of(&s.metadata).to_string()],
            Manifest::Service(s) => vec![routing::namespace_of(&s.metadata).to_string()],
            Manifest::Endpoints(e) => vec![routing::namespace_of(&e.metadata).to_string()],
            Manifest::Pod(p) => vec![routing::namespace_of(&p.metadata).to_string()],
            Manifest::EndpointSlice(e) => vec![routing::namespace_of(&e.metadata).to_string()],
        }
    }

    /// A diagnostic about this object at the value at `path`.
    pub fn diag(
        &self,
        severity: Severity,
        code: Code,
        path: &Path,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(
            severity,
            code,
            &self.origin.file,
            self.origin.pos(path),
            message,
        )
        .object(self.described())
    }

    /// `Kind namespace/name`, with the resourceVersion checked for a live object.
    fn described(&self) -> String {
        match self.provenance() {
            snapshot::Provenance::Cluster {
                resource_version: Some(rv),
            } => format!("{} at resourceVersion {rv}", self.display()),
            _ => self.display(),
        }
    }

    /// A diagnostic about this object at the key at the end of `path`.
    pub fn diag_key(
        &self,
        severity: Severity,
        code: Code,
        path: &Path,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(
            severity,
            code,
            &self.origin.file,
            self.origin.key_pos(path),
            message,
        )
        .object(self.described())
    }
}

/// The kinds ingressctl reads.
#[derive(Debug, Clone)]
pub enum Manifest {
    /// An Ingress of any supported version, as a common view.
    Ingress(Box<Ingress>),
    /// An Istio RouteRule.
    RouteRule(Box<RouteRule>),
    /// A Secret.
    Secret(Box<Secret>),
    /// A Service.
    Service(Box<Service>),
    /// The Endpoints of a Service.
    Endpoints(Box<Endpoints>),
    /// A Pod (its labels select route-rule versions).
    Pod(Box<Pod>),
    /// An IngressClass (its controller decides which Ingresses are Istio's).
    IngressClass(Box<IngressClass>),
    /// An EndpointSlice (part of a Service's endpoints).
    EndpointSlice(Box<EndpointSlice>),
}

/// Both Ingress versions, seen the same way. YAML paths are kept for diagnostics.
#[derive(Debug, Clone)]
pub struct Ingress {
    /// `extensions/v1beta1`, `networking.k8s.io/v1beta1` or `networking.k8s.io/v1`.
    pub api_version: String,
    /// Metadata.
    pub meta: ObjectMeta,
    /// `spec.ingressClassName`.
    pub class_name: Option<String>,
    /// The default backend.
    pub default_backend: Option<Backend>,
    /// Host rules.
    pub rules: Vec<HostRule>,
    /// TLS entries.
    pub tls: Vec<IngressTls>,
    /// The class it had before `--assume-class` took it as this controller's.
    pub moved_from: Option<String>,
    /// Whether plain HTTP for its TLS hosts is answered with a redirect to HTTPS, when the
    /// Ingress itself says so (ingress-nginx's `ssl-redirect`, carried); `None`: serve's
    /// `--https-redirect` / `--tls-only-https` decide.
    pub https_redirect: Option<bool>,
}

impl Ingress {
    /// The class, from the annotation (checked first, as Istio does) or `ingressClassName`.
    pub fn class(&self) -> Option<&str> {
        self.meta
            .annotations
            .get(CLASS_ANNOTATION)
            .map(String::as_str)
            .or(self.class_name.as_deref())
    }

    /// The namespace (`default` when unset).
    pub fn namespace(&self) -> &str {
        routing::namespace_of(&self.meta)
    }

    /// True for `networking.k8s.io/v1`.
    pub fn is_v1(&self) -> bool {
        self.api_version == "networking.k8s.io/v1"
    }

    /// Every path of every rule, with its rule's host.
    pub fn paths(&self) -> impl Iterator<Item = (&HostRule, &IngressPath)> {
        self.rules
            .iter()
            .flat_map(|r| r.paths.iter().map(move |p| (r, p)))
    }
}

/// A host rule.
#[derive(Debug, Clone)]
pub struct HostRule {
    /// The host; `None` for all hosts.
    pub host: Option<String>,
    /// Paths.
    pub paths: Vec<IngressPath>,
    /// Its index in `spec.rules`.
    pub index: usize,
}

impl HostRule {
    /// YAML path of the rule (built when a diagnostic needs it, not stored).
    pub fn at(&self) -> Path {
        Path::root().key("spec").key("rules").idx(self.index)
    }
}

/// One path of a rule.
#[derive(Debug, Clone)]
pub struct IngressPath {
    /// The path text.
    pub path: Option<String>,
    /// `pathType` when given.
    pub path_type: Option<String>,
    /// The backend.
    pub backend: Backend,
    /// Index of its rule in `spec.rules`.
    pub rule: usize,
    /// Its index in the rule's `http.paths`.
    pub index: usize,
}

impl IngressPath {
    /// YAML path of this entry.
    pub fn at(&self) -> Path {
        path_entry(self.rule, self.index)
    }
}

fn path_entry(rule: usize, index: usize) -> Path {
    Path::root()
        .key("spec")
        .key("rules")
        .idx(rule)
        .key("http")
        .key("paths")
        .idx(index)
}

/// Where a backend sits: the default backend or a path's, in either API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendPlace {
    /// `spec.backend` (v1beta1) or `spec.defaultBackend` (v1).
    Default {
        /// `networking.k8s.io/v1` spelling.
        v1: bool,
    },
    /// `spec.rules[rule].http.paths[path].backend`.
    Path {
        /// `networking.k8s.io/v1` spelling.
        v1: bool,
        /// Rule index.
        rule: usize,
        /// Path index.
        path: usize,
    },
}

/// A backend, either version.
#[derive(Debug, Clone)]
pub struct Backend {
    /// Service name.
    pub service: Option<String>,
    /// Port number or name.
    pub port: Option<IntOrString>,
    /// True for a `resource` backend.
    pub resource: bool,
    /// Where it is in the manifest.
    pub place: BackendPlace,
}

impl Backend {
    /// YAML path of the backend.
    pub fn at(&self) -> Path {
        match self.place {
            BackendPlace::Default { v1: true } => Path::root().key("spec").key("defaultBackend"),
            BackendPlace::Default { v1: false } => Path::root().key("spec").key("backend"),
            BackendPlace::Path { rule, path, .. } => path_entry(rule, path).key("backend"),
        }
    }

    /// YAML path of its port.
    pub fn port_at(&self) -> Path {
        let v1 = match self.place {
            BackendPlace::Default { v1 } | BackendPlace::Path { v1, .. } => v1,
        };
        if v1 {
            self.at().key("service").key("port")
        } else {
            self.at().key("servicePort")
        }
    }

    fn from_v1beta1(b: model::BackendV1beta1, place: BackendPlace) -> Self {
        Backend {
            service: b.service_name,
            port: b.service_port,
            resource: b.resource.is_some(),
            place,
        }
    }

    fn from_v1(b: model::BackendV1, place: BackendPlace) -> Self {
        let (service, port) = match b.service {
            Some(s) => {
                let port = s.port.and_then(|p| {
                    p.number
                        .map(IntOrString::Int)
                        .or(p.name.map(IntOrString::Str))
                });
                (Some(s.name), port)
            }
            None => (None, None),
        };
        Backend {
            service,
            port,
            resource: b.resource.is_some(),
            place,
        }
    }
}

impl From<IngressV1beta1> for Ingress {
    fn from(i: IngressV1beta1) -> Self {
        let rules = i
            .spec
            .rules
            .into_iter()
            .enumerate()
            .map(|(ri, r)| {
                let paths = r.http.map_or_else(Vec::new, |h| {
                    h.paths
                        .into_iter()
                        .enumerate()
                        .map(|(pi, p)| IngressPath {
                            path: p.path,
                            path_type: p.path_type,
                            backend: Backend::from_v1beta1(
                                p.backend,
                                BackendPlace::Path {
                                    v1: false,
                                    rule: ri,
                                    path: pi,
                                },
                            ),
                            rule: ri,
                            index: pi,
                        })
                        .collect()
                });
                HostRule {
                    host: r.host.filter(|h| !h.is_empty()),
                    paths,
                    index: ri,
                }
            })
            .collect();
        Ingress {
            api_version: i.api_version,
            class_name: i.spec.ingress_class_name,
            default_backend: i
                .spec
                .backend
                .map(|b| Backend::from_v1beta1(b, BackendPlace::Default { v1: false })),
            rules,
            tls: i.spec.tls,
            moved_from: None,
            https_redirect: None,
            meta: i.metadata,
        }
    }
}

impl From<IngressV1> for Ingress {
    fn from(i: IngressV1) -> Self {
        let rules = i
            .spec
            .rules
            .into_iter()
            .enumerate()
            .map(|(ri, r)| {
                let paths = r.http.map_or_else(Vec::new, |h| {
                    h.paths
                        .into_iter()
                        .enumerate()
                        .map(|(pi, p)| IngressPath {
                            path: p.path,
                            path_type: Some(p.path_type),
                            backend: Backend::from_v1(
                                p.backend,
                                BackendPlace::Path {
                                    v1: true,
                                    rule: ri,
                                    path: pi,
                                },
                            ),
                            rule: ri,
                            index: pi,
                        })
                        .collect()
                });
                HostRule {
                    host: r.host.filter(|h| !h.is_empty()),
                    paths,
                    index: ri,
                }
            })
            .collect();
        Ingress {
            api_version: i.api_version,
            class_name: i.spec.ingress_class_name,
            default_backend: i
                .spec
                .default_backend
                .map(|b| Backend::from_v1(b, BackendPlace::Default { v1: true })),
            rules,
            tls: i.spec.tls,
            moved_from: None,
            https_redirect: None,
            meta: i.metadata,
        }
    }
}

/// What loading a set of sources produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Objects of known kinds that parsed.
    pub objects: Vec<Object>,
    /// Problems found while loading (syntax, schema, unknown kinds).
    pub diagnostics: Vec<Diagnostic>,
    /// Number of non-empty documents seen.
    pub documents: usize,
}

impl Loaded {
    /// Takes the Ingresses of class `from` as if they had been moved to class `to` (both the
    /// annotation and `ingressClassName` are rewritten in memory; the files are not touched),
    /// so a migration can be checked, converted or served before it is made. Returns how
    /// many Ingresses were moved.
    pub fn assume_class(&mut self, from: &str, to: &str) -> usize {
        let mut moved = 0;
        for object in &mut self.objects {
            let Manifest::Ingress(ing) = &mut object.manifest else {
                continue;
            };
            // The same class: nothing to rewrite, but taken as written for that controller.
            if ing.class() != Some(from) {
                continue;
            }
            if let Some(annotation) = ing.meta.annotations.get_mut(CLASS_ANNOTATION) {
                *annotation = to.to_string();
            }
            if ing.class_name.is_some() {
                ing.class_name = Some(to.to_string());
            }
            ing.moved_from = Some(from.to_string());
            moved += 1;
        }
        moved
    }
}

/// Parses every document of every source into objects, reporting problems as diagnostics.
pub fn load(sources: &[Source]) -> Loaded {
    let mut loaded = Loaded::default();
    for source in sources {
        load_source(source, &mut loaded);
    }
    if loaded.documents == 0 && loaded.diagnostics.is_empty() {
        let file = sources.first().map_or("<input>", |s| s.name.as_str());
        loaded.diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                Code::NoObjects,
                file,
                Pos { line: 1, col: 1 },
                "no manifests found in the input",
            )
            .help(
                "pass a YAML or JSON file (or a directory of them) that holds at least one object",
            ),
        );
    }
    loaded
}

/// Loads objects read from a cluster: each source is freed once read (a cluster's snapshot
/// is made of many small sources that need not live beside their objects), and a cluster
/// with no objects at all is no error (it serves nothing yet).
pub fn load_live(sources: Vec<Source>) -> Loaded {
    let mut loaded = Loaded::default();
    for source in sources {
        load_source(&source, &mut loaded);
    }
    loaded
}

fn load_source(source: &Source, loaded: &mut Loaded) {
    let file: Arc<str> = Arc::from(source.name.as_str());
    let text = match std::str::from_utf8(&source.bytes) {
        Ok(text) if !text.contains('\0') => text,
        _ => {
            loaded.diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    Code::NotText,
                    &file,
                    Pos { line: 1, col: 1 },
                    "not a text file (binary data or not UTF-8)",
                )
                .help("pass YAML or JSON manifests"),
            );
            return;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shared: Arc<str> = Arc::from(text);
    let lines = yaml::line_starts(text);
    let error = yaml::for_each_document(text, |doc| {
        if doc.root.is_null() {
            return;
        }
        let start = lines.get(doc.first_line - 1).copied().unwrap_or(0);
        let end = lines.get(doc.last_line).copied().unwrap_or(text.len());
        let place = DocText {
            source: shared.clone(),
            range: start..end.max(start),
            first_line: doc.first_line,
            nth: doc.nth,
            item: None,
        };
        for (item, root) in list_items(doc.root) {
            loaded.documents += 1;
            let origin = Origin {
                file: file.clone(),
                doc: DocText {
                    item,
                    ..place.clone()
                },
            };
            match classify(&origin, &root) {
                Ok(manifest) => loaded.objects.push(Object { origin, manifest }),
                Err(Some(diag)) => loaded.diagnostics.push(diag),
                Err(None) => {}
            }
        }
    });
    if let Some(err) = error {
        loaded.documents += 1;
        loaded.diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                Code::YamlSyntax,
                &file,
                err.pos,
                format!("malformed YAML: {}", err.message),
            )
            .help("fix the syntax at this position; documents after it were not read"),
        );
    }
}

/// The items of a `kind: List` (what `kubectl get -o yaml` prints) with their indexes, or
/// the document itself.
fn list_items(root: Node) -> Vec<(Option<usize>, Node)> {
    let is_list = root.get("kind").and_then(Node::as_str) == Some("List")
        || root
            .get("kind")
            .and_then(Node::as_str)
            .is_some_and(|k| k.ends_with("List"))
            && root.get("items").is_some();
    if !is_list {
        return vec![(None, root)];
    }
    let yaml::NodeKind::Map(entries) = root.kind else {
        return Vec::new();
    };
    // Taken by value: the items are moved out, not copied while the List is alive.
    match entries.into_iter().rev().find(|e| e.key == "items") {
        Some(yaml::Entry {
            value:
                Node {
                    kind: yaml::NodeKind::Seq(items),
                    ..
                },
            ..
        }) => items
            .into_iter()
            .enumerate()
            .map(|(i, n)| (Some(i), n))
            .collect(),
        _ => Vec::new(),
    }
}

/// Decides the kind of one document and deserialises it; `Err(None)` means "skip silently".
fn classify(origin: &Origin, root: &Node) -> std::result::Result<Manifest, Option<Diagnostic>> {
    let api_version = root.get("apiVersion").and_then(Node::as_str);
    let kind = root.get("kind").and_then(Node::as_str);
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        let missing = if api_version.is_none() {
            "apiVersion"
        } else {
            "kind"
        };
        return Err(Some(
            Diagnostic::new(Severity::Error, Code::MissingTypeMeta, &origin.file, root.pos, format!("document has no `{missing}`"))
                .help("every Kubernetes object needs `apiVersion` and `kind`, e.g. `apiVersion: networking.k8s.io/v1` and `kind: Ingress`"),
        ));
    };
    match (api_version, kind) {
        ("extensions/v1beta1" | "networking.k8s.io/v1beta1", "Ingress") => {
            typed::<IngressV1beta1>(origin, root).map(|i| Manifest::Ingress(Box::new(i.into())))
        }
        ("networking.k8s.io/v1", "Ingress") => typed::<IngressV1>(origin, root).map(|i| Manifest::Ingress(Box::new(i.into()))),
        ("config.istio.io/v1alpha2", "RouteRule") => typed::<RouteRule>(origin, root).map(|r| Manifest::RouteRule(Box::new(r))),
        ("v1", "Secret") => typed::<Secret>(origin, root).map(|s| Manifest::Secret(Box::new(s))),
        ("v1", "Service") => typed::<Service>(origin, root).map(|s| Manifest::Service(Box::new(s))),
        ("v1", "Endpoints") => typed::<Endpoints>(origin, root).map(|e| Manifest::Endpoints(Box::new(e))),
        ("v1", "Pod") => typed::<Pod>(origin, root).map(|p| Manifest::Pod(Box::new(p))),
        ("networking.k8s.io/v1", "IngressClass") => typed::<IngressClass>(origin, root).map(|c| Manifest::IngressClass(Box::new(c))),
        ("discovery.k8s.io/v1", "EndpointSlice") => typed::<EndpointSlice>(origin, root).map(|e| Manifest::EndpointSlice(Box::new(e))),
        _ => Err(Some(
            Diagnostic::new(
                Severity::Note,
                Code::UnknownKind,
                &origin.file,
                root.pos_of(&Path::root().key("kind")),
                format!("{kind} ({api_version}) is not checked by ingressctl; skipped"),
            )
            .help("ingressctl reads Ingress (extensions/v1beta1, networking.k8s.io/v1beta1, networking.k8s.io/v1), RouteRule (config.istio.io/v1alpha2), IngressClass (networking.k8s.io/v1), EndpointSlice (discovery.k8s.io/v1), Secret, Service, Endpoints and Pod (v1)"),
        )),
    }
}

fn typed<T: DeserializeOwned>(
    origin: &Origin,
    root: &Node,
) -> std::result::Result<T, Option<Diagnostic>> {
    let json = root.to_json();
    serde_path_to_error::deserialize(json)
        .map_err(|err| Some(schema_diagnostic(origin, root, &err)))
}

fn schema_diagnostic(
    origin: &Origin,
    root: &Node,
    err: &serde_path_to_error::Error<serde_json::Error>,
) -> Diagnostic {
    let path = Path(
        err.path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => Some(yaml::Seg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(yaml::Seg::Key(key.clone())),
                _ => None,
            })
            .collect(),
    );
    let inner = err.inner().to_string();
    let inner = inner
        .split(" at line ")
        .next()
        .unwrap_or(&inner)
        .to_string();
    let (code, pos, help) = if let Some(field) = quoted_after(&inner, "unknown field ") {
        let at = if path.0.last() == Some(&yaml::Seg::Key(field.clone())) {
            path.clone()
        } else {
            path.key(&field)
        };
        let expected = inner.split(", expected ").nth(1).unwrap_or("").to_string();
        let help = if expected.is_empty() {
            "remove the field or check its spelling".to_string()
        } else {
            format!("remove the field or check its spelling; expected {expected}")
        };
        (Code::UnknownField, root.key_pos(&at), help)
    } else if inner.starts_with("missing field") {
        (
            Code::MissingField,
            root.pos_of(&path),
            "add the field".to_string(),
        )
    } else {
        (
            Code::InvalidType,
            root.pos_of(&path),
            "see the field's type in docs/validate.md or the Kubernetes API reference".to_string(),
        )
    };
    let location = if path.0.is_empty() {
        String::new()
    } else {
        format!(" at `{path}`")
    };
    Diagnostic::new(
        Severity::Error,
        code,
        &origin.file,
        pos,
        format!("{inner}{location}"),
    )
    .help(help)
}

fn quoted_after(text: &str, marker: &str) -> Option<String> {
    let rest = text.strip_prefix(marker)?;
    let rest = rest.strip_prefix('`')?;
    rest.split('`').next().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Loaded {
        load(&[Source::from_text("t.yaml", text)])
    }

    #[test]
    fn unknown_fields_point_at_the_key() {
        let loaded = load_text(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: x\nspec:\n  rulez: []\n",
        );
        let d = &loaded.diagnostics[0];
        assert_eq!(d.code, Code::UnknownField);
        assert_eq!((d.line, d.column), (6, 3));
        assert!(d.message.contains("rulez"), "{}", d.message);
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let loaded = load_text(
            "apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: r}\nspec:\n  precedence: high\n",
        );
        let d = &loaded.diagnostics[0];
        assert_eq!(d.code, Code::InvalidType);
        assert_eq!((d.line, d.column), (5, 15));
    }

    #[test]
    fn unknown_kinds_are_noted_and_skipped() {
        let loaded = load_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n");
        assert!(loaded.objects.is_empty());
        assert_eq!(loaded.diagnostics[0].code, Code::UnknownKind);
        assert_eq!(loaded.diagnostics[0].severity, Severity::Note);
    }

    #[test]
    fn lists_are_unpacked_with_positions() {
        let loaded = load_text(
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n  spec: {portz: []}\n",
        );
        assert_eq!(loaded.objects.len(), 1);
        assert_eq!(loaded.diagnostics[0].code, Code::UnknownField);
        assert_eq!(loaded.diagnostics[0].line, 10);
    }

    #[test]
    fn empty_input_is_reported() {
        let loaded = load_text("---\n# nothing\n");
        assert_eq!(loaded.diagnostics[0].code, Code::NoObjects);
    }

    #[test]
    fn binary_input_is_reported() {
        let loaded = load(&[Source {
            name: "b".into(),
            bytes: vec![0, 159, 146, 150],
        }]);
        assert_eq!(loaded.diagnostics[0].code, Code::NotText);
    }

    #[test]
    fn both_ingress_versions_share_one_view() {
        let v1beta1 = load_text(
            "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: a}\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /status/.*\n        backend: {serviceName: httpbin, servicePort: 8000}\n",
        );
        let Manifest::Ingress(i) = &v1beta1.objects[0].manifest else {
            panic!("not an ingress")
        };
        let (_, p) = i.paths().next().expect("a path");
        assert_eq!(p.backend.service.as_deref(), Some("httpbin"));
        assert_eq!(p.backend.port, Some(IntOrString::Int(8000)));
        assert_eq!(v1beta1.objects[0].origin.pos(&p.at().key("path")).line, 8);
    }
}

#[cfg(test)]
mod origin_tests {
    use super::*;

    /// Positions read again from a document's own lines equal those of the whole stream.
    #[test]
    fn positions_come_back_from_the_document_text() {
        let text = "\
# leading comment
apiVersion: v1
kind: Service
metadata: {name: a}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: b}
- apiVersion: v1
  kind: Service
  metadata:
    name: c
--- {apiVersion: v1, kind: Service, metadata: {name: d}}
";
        let loaded = load(&[Source::from_text("t.yaml", text)]);
        let stream = yaml::parse_stream(text);
        let name = Path::root().key("metadata").key("name");
        let lines: Vec<usize> = loaded
            .objects
            .iter()
            .map(|o| o.origin.pos(&name).line)
            .collect();
        assert_eq!(lines, [4, 12, 16, 17]);
        assert_eq!(
            loaded.objects[0].origin.pos(&name),
            stream.documents[0].pos_of(&name)
        );
        assert_eq!(
            loaded.objects[3].origin.key_pos(&Path::root().key("kind")),
            stream.documents[2].key_pos(&Path::root().key("kind"))
        );
    }
}
