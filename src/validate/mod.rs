//! `validate`: checks loaded manifests against the limits of a target ingress.
//!
//! Pure: objects in, diagnostics out. One small function per rule, grouped by kind
//! (`ingress`, `routerule`, `secret`) and across objects (`cross`).

mod cross;
mod ingress;
mod live;
mod routerule;
mod secret;

pub use secret::TLS_SECRET_TYPE;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::manifest::model::{RouteRule, Service};
use crate::manifest::{self, Ingress, Loaded, Manifest, Object, Source};

/// Which ingress the manifests are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// The Istio 0.2/0.3 ingress of the seed, with its limits.
    #[default]
    Istio,
    /// `ingressctl serve`, which lifts some of those limits.
    Serve,
}

impl Target {
    /// Picks the severity for this target; `None` means "not a finding here".
    fn pick(self, istio: Severity, serve: Option<Severity>) -> Option<Severity> {
        match self {
            Target::Istio => Some(istio),
            Target::Serve => serve,
        }
    }
}

/// What to check against.
#[derive(Debug, Clone)]
pub struct Options {
    /// The target ingress.
    pub target: Target,
    /// The ingress class this controller owns (`istio`).
    pub ingress_class: String,
    /// The objects are a live cluster's whole state: what is missing is a finding.
    pub live: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target: Target::Istio,
            ingress_class: "istio".into(),
            live: false,
        }
    }
}

/// The result of validating a set of sources.
#[derive(Debug, Default)]
pub struct Report {
    /// Findings, ordered by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Objects checked.
    pub objects: usize,
    /// Files read.
    pub files: usize,
}

/// Loads and checks sources.
pub fn validate_sources(sources: &[Source], opts: &Options) -> Report {
    let loaded = manifest::load(sources);
    let mut report = check(&loaded, opts);
    report.files = sources.len();
    report
}

/// Checks loaded objects (load diagnostics included in the report).
pub fn check(loaded: &Loaded, opts: &Options) -> Report {
    let ctx = Context::new(&loaded.objects, opts);
    let mut diags = loaded.diagnostics.clone();
    for object in &loaded.objects {
        match &object.manifest {
            Manifest::Ingress(ing) => ingress::check(&ctx, object, ing, &mut diags),
            Manifest::RouteRule(rule) => routerule::check(&ctx, object, rule, &mut diags),
            Manifest::Secret(s) => secret::check(&ctx, object, s, &mut diags),
            Manifest::Service(_) | Manifest::Endpoints(_) | Manifest::Pod(_) => {}
        }
    }
    cross::check(&ctx, &mut diags);
    if opts.live {
        live::check(&ctx, &mut diags);
    }
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    diags.dedup();
    Report {
        diagnostics: diags,
        objects: loaded.objects.len(),
        files: 0,
    }
}

/// What every rule may look at: options and the other objects.
pub(crate) struct Context<'a> {
    opts: &'a Options,
    objects: &'a [Object],
    services: HashMap<(String, String), &'a Service>,
}

impl<'a> Context<'a> {
    fn new(objects: &'a [Object], opts: &'a Options) -> Self {
        let services = objects
            .iter()
            .filter_map(|o| match &o.manifest {
                Manifest::Service(s) => Some((
                    (
                        s.metadata
                            .namespace
                            .clone()
                            .unwrap_or_else(|| "default".into()),
                        s.metadata.name.clone(),
                    ),
                    s.as_ref(),
                )),
                _ => None,
            })
            .collect();
        Context {
            opts,
            objects,
            services,
        }
    }

    fn target(&self) -> Target {
        self.opts.target
    }

    fn service(&self, namespace: &str, name: &str) -> Option<&'a Service> {
        self.services
            .get(&(namespace.to_string(), name.to_string()))
            .copied()
    }

    /// Ingresses of this controller's class, with their objects.
    fn ingresses(&self) -> impl Iterator<Item = (&'a Object, &'a Ingress)> + '_ {
        self.objects.iter().filter_map(|o| match &o.manifest {
            Manifest::Ingress(i) if i.class() == Some(self.opts.ingress_class.as_str()) => {
                Some((o, i.as_ref()))
            }
            _ => None,
        })
    }

    /// RouteRules with their objects.
    fn route_rules(&self) -> impl Iterator<Item = (&'a Object, &'a RouteRule)> + '_ {
        self.objects.iter().filter_map(|o| match &o.manifest {
            Manifest::RouteRule(r) => Some((o, r.as_ref())),
            _ => None,
        })
    }
}

/// True when a rule applies to traffic at the ingress (spec reference 2.7).
pub(crate) fn applies_at_ingress(rule: &RouteRule) -> bool {
    let Some(source) = rule.spec.match_.as_ref().and_then(|m| m.source.as_ref()) else {
        return true;
    };
    let name_ok = source.name.as_deref() == Some("istio-ingress")
        || source
            .service
            .as_deref()
            .is_some_and(|s| s.starts_with("istio-ingress.istio-system"));
    let labels_ok = source
        .labels
        .iter()
        .all(|(k, v)| k == "istio" && v == "ingress");
    name_ok && labels_ok
}
