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
pub mod string_map;
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
    place: Place,
}

/// Where an object's text is: a document of a source, or nowhere (a live object).
#[derive(Debug, Clone)]
enum Place {
    /// A document of a source text (boxed: a live object's mark is a third of its size, and
    /// every object is as large as its place).
    Text(Box<DocText>),
    /// An object read from a cluster: no text is kept (its diagnostics name the object, not
    /// a position), only what tells one version of it from another.
    Live(LiveMark),
}

/// What a live object keeps instead of its text.
#[derive(Debug, Clone)]
struct LiveMark {
    /// Its resourceVersion, when the server gave one (shared: every snapshot clones it).
    resource_version: Option<Arc<str>>,
    /// A hash of its content (resourceVersion and an Ingress's status left out).
    digest: u64,
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
    /// The object's tree, parsed again from its document's text (positions as in the file);
    /// an empty tree at line 1 for a live object.
    pub fn root(&self) -> Node {
        let fallback = || Node {
            pos: Pos {
                line: self.first_line(),
                col: 1,
            },
            kind: yaml::NodeKind::Null,
        };
        let Place::Text(d) = &self.place else {
            return fallback();
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

    /// The line its document starts on (a List item: the List's; 1 for a live object).
    pub fn first_line(&self) -> usize {
        match &self.place {
            Place::Text(d) => d.first_line,
            Place::Live(_) => 1,
        }
    }

    /// Feeds what tells this version of the object from another into `h`: its document's
    /// text (the whole List for a List item), or a live object's content digest.
    pub fn hash_content<H: std::hash::Hasher>(&self, h: &mut H) {
        use std::hash::Hash;
        match &self.place {
            Place::Text(d) => d.source.get(d.range.clone()).unwrap_or_default().hash(h),
            Place::Live(mark) => mark.digest.hash(h),
        }
    }

    /// The resourceVersion of a live object (`None` for a file's).
    pub fn resource_version(&self) -> Option<&str> {
        match &self.place {
            Place::Live(mark) => mark.resource_version.as_deref(),
            Place::Text(_) => None,
        }
    }

    /// Whether the object was read from a cluster rather than a file.
    pub fn is_live(&self) -> bool {
        matches!(self.place, Place::Live(_))
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
        let meta = match &self.manifest {
            Manifest::Ingress(i) => &i.meta,
            Manifest::RouteRule(r) => &r.metadata,
            Manifest::Secret(s) => &s.metadata,
            Manifest::Service(s) => &s.metadata,
            Manifest::Endpoints(e) => &e.metadata,
            Manifest::Pod(p) => &p.metadata,
            Manifest::EndpointSlice(e) => &e.metadata,
            Manifest::IngressClass(_) => return,
        };
        if meta.namespace.as_deref().is_some_and(|ns| !ns.is_empty()) {
            return;
        }
        let namespace = Some(namespace.to_string());
        match &mut self.manifest {
            Manifest::Ingress(i) => Arc::make_mut(i).meta.namespace = namespace,
            Manifest::RouteRule(r) => Arc::make_mut(r).metadata.namespace = namespace,
            Manifest::Secret(s) => Arc::make_mut(s).metadata.namespace = namespace,
            Manifest::Service(s) => Arc::make_mut(s).metadata.namespace = namespace,
            Manifest::Endpoints(e) => Arc::make_mut(e).metadata.namespace = namespace,
            Manifest::Pod(p) => Arc::make_mut(p).metadata.namespace = namespace,
            Manifest::EndpointSlice(e) => Arc::make_mut(e).metadata.namespace = namespace,
            Manifest::IngressClass(_) => {}
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
    Ingress(Arc<Ingress>),
    /// An Istio RouteRule.
    RouteRule(Arc<RouteRule>),
    /// A Secret.
    Secret(Arc<Secret>),
    /// A Service.
    Service(Arc<Service>),
    /// The Endpoints of a Service.
    Endpoints(Arc<Endpoints>),
    /// A Pod (its labels select route-rule versions).
    Pod(Arc<Pod>),
    /// An IngressClass (its controller decides which Ingresses are Istio's).
    IngressClass(Arc<IngressClass>),
    /// An EndpointSlice (part of a Service's endpoints).
    EndpointSlice(Arc<EndpointSlice>),
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
    /// `status.loadBalancer.ingress` as JSON text, when it has one (the status writer
    /// compares the address it publishes with it).
    pub status_addresses: Option<Box<str>>,
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
            status_addresses: status_addresses(i.status.as_ref()),
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
            status_addresses: status_addresses(i.status.as_ref()),
            meta: i.metadata,
        }
    }
}

/// `status.loadBalancer.ingress` of an Ingress's status, as JSON text.
fn status_addresses(status: Option<&serde_json::Value>) -> Option<Box<str>> {
    let list = status?.pointer("/loadBalancer/ingress")?;
    Some(list.to_string().into())
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
            let ing = Arc::make_mut(ing);
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
                place: Place::Text(Box::new(DocText {
                    item,
                    ..place.clone()
                })),
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
    match typed_manifest(api_version, kind, root.to_json()) {
        Some(Ok(manifest)) => Ok(manifest),
        Some(Err(err)) => Err(Some(schema_diagnostic(origin, root, &err))),
        None => Err(Some(
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

/// A schema error with the path of the field it is about.
type SchemaError = serde_path_to_error::Error<serde_json::Error>;

/// The kinds ingressctl reads, by apiVersion and kind: the object deserialised, or the
/// schema error; `None` for a kind it does not read.
fn typed_manifest(
    api_version: &str,
    kind: &str,
    json: serde_json::Value,
) -> Option<std::result::Result<Manifest, SchemaError>> {
    Some(match (api_version, kind) {
        ("extensions/v1beta1" | "networking.k8s.io/v1beta1", "Ingress") => {
            typed::<IngressV1beta1>(json).map(|i| Manifest::Ingress(Arc::new(i.into())))
        }
        ("networking.k8s.io/v1", "Ingress") => {
            typed::<IngressV1>(json).map(|i| Manifest::Ingress(Arc::new(i.into())))
        }
        ("config.istio.io/v1alpha2", "RouteRule") => {
            typed::<RouteRule>(json).map(|r| Manifest::RouteRule(Arc::new(r)))
        }
        ("v1", "Secret") => typed::<Secret>(json).map(|s| Manifest::Secret(Arc::new(s))),
        ("v1", "Service") => typed::<Service>(json).map(|s| Manifest::Service(Arc::new(s))),
        ("v1", "Endpoints") => typed::<Endpoints>(json).map(|e| Manifest::Endpoints(Arc::new(e))),
        ("v1", "Pod") => typed::<Pod>(json).map(|p| Manifest::Pod(Arc::new(p))),
        ("networking.k8s.io/v1", "IngressClass") => {
            typed::<IngressClass>(json).map(|c| Manifest::IngressClass(Arc::new(c)))
        }
        ("discovery.k8s.io/v1", "EndpointSlice") => {
            typed::<EndpointSlice>(json).map(|e| Manifest::EndpointSlice(Arc::new(e)))
        }
        _ => return None,
    })
}

fn typed<T: DeserializeOwned>(json: serde_json::Value) -> std::result::Result<T, SchemaError> {
    serde_path_to_error::deserialize(json)
}

/// The file name every live object shares.
static CLUSTER_FILE: std::sync::LazyLock<Arc<str>> =
    std::sync::LazyLock::new(|| Arc::from(CLUSTER_SOURCE));

/// A live object (the JSON an API server sent, trimmed to what a user writes) as an object
/// with no text: it keeps its resourceVersion and a digest of its content, and a schema
/// problem names the object instead of a position. `Ok(None)`: a kind ingressctl does not read.
pub fn live_object(mut json: serde_json::Value) -> std::result::Result<Option<Object>, Diagnostic> {
    let text_of = |json: &serde_json::Value, key: &str| {
        json.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (api_version, kind) = (text_of(&json, "apiVersion"), text_of(&json, "kind"));
    let resource_version = json
        .get_mut("metadata")
        .and_then(serde_json::Value::as_object_mut)
        .and_then(|m| m.remove("resourceVersion"));
    let digest = live_digest(&mut json, &kind);
    let name = live_name(&kind, &json);
    let manifest = match typed_manifest(&api_version, &kind, json) {
        None => return Ok(None),
        Some(Ok(manifest)) => manifest,
        Some(Err(err)) => {
            return Err(SchemaProblem::of(&err)
                .diagnostic(CLUSTER_SOURCE, Pos { line: 1, col: 1 })
                .object(name));
        }
    };
    let resource_version = resource_version
        .as_ref()
        .and_then(serde_json::Value::as_str)
        .map(Arc::from);
    Ok(Some(Object {
        origin: Origin {
            file: CLUSTER_FILE.clone(),
            place: Place::Live(LiveMark {
                resource_version,
                digest,
            }),
        },
        manifest,
    }))
}

/// `Kind namespace/name` of a live object's JSON, for its diagnostics.
fn live_name(kind: &str, json: &serde_json::Value) -> String {
    let field = |key: &str| {
        json.pointer(&format!("/metadata/{key}"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
    };
    let ns = field("namespace");
    let ns = if ns.is_empty() { "default" } else { ns };
    format!("{kind} {ns}/{}", field("name"))
}

/// A hash of a live object's content without its resourceVersion (taken out by the caller)
/// and, for an Ingress, its status (which the status writer itself writes): a change of
/// either alone is not a change of configuration.
fn live_digest(json: &mut serde_json::Value, kind: &str) -> u64 {
    use std::hash::Hasher;
    let status = match (kind, json.as_object_mut()) {
        ("Ingress", Some(map)) => map.remove("status"),
        _ => None,
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // Writing into a hasher cannot fail.
    let _ = serde_json::to_writer(HashWriter(&mut h), &*json);
    if let (Some(status), Some(map)) = (status, json.as_object_mut()) {
        map.insert("status".into(), status);
    }
    h.finish()
}

/// Feeds written bytes into a hasher.
struct HashWriter<'a, H>(&'a mut H);

impl<H: std::hash::Hasher> std::io::Write for HashWriter<'_, H> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn schema_diagnostic(origin: &Origin, root: &Node, err: &SchemaError) -> Diagnostic {
    let problem = SchemaProblem::of(err);
    let pos = if problem.at_key {
        root.key_pos(&problem.at)
    } else {
        root.pos_of(&problem.at)
    };
    problem.diagnostic(&origin.file, pos)
}

/// What a schema error says, in a diagnostic's terms.
struct SchemaProblem {
    code: Code,
    /// The field the problem is at.
    at: Path,
    /// Whether to point at the key (an unknown field) rather than the value.
    at_key: bool,
    message: String,
    help: String,
}

impl SchemaProblem {
    fn of(err: &SchemaError) -> SchemaProblem {
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
        let location = if path.0.is_empty() {
            String::new()
        } else {
            format!(" at `{path}`")
        };
        let message = format!("{inner}{location}");
        if let Some(field) = quoted_after(&inner, "unknown field ") {
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
            return SchemaProblem {
                code: Code::UnknownField,
                at,
                at_key: true,
                message,
                help,
            };
        }
        let (code, help) = if inner.starts_with("missing field") {
            (Code::MissingField, "add the field")
        } else {
            (
                Code::InvalidType,
                "see the field's type in docs/validate.md or the Kubernetes API reference",
            )
        };
        SchemaProblem {
            code,
            at: path,
            at_key: false,
            message,
            help: help.to_string(),
        }
    }

    fn diagnostic(self, file: &str, pos: Pos) -> Diagnostic {
        Diagnostic::new(Severity::Error, self.code, file, pos, self.message).help(self.help)
    }
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
