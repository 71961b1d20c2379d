//! `validate`: checks loaded manifests against the limits of a target ingress.
//!
//! Pure: objects in, diagnostics out. One small function per rule, grouped by kind
//! (`ingress`, `routerule`, `secret`) and across objects (`cross`).

mod cross;
mod ingress;
mod live;
mod nginx;
mod routerule;
mod secret;

pub use secret::TLS_SECRET_TYPE;

use crate::diagnostic::{Diagnostic, Severity};
use crate::manifest::model::{RouteRule, Service};
use crate::manifest::routing::IngressIdentity;
use crate::manifest::snapshot::Snapshot;
use crate::manifest::{Ingress, Manifest, Object, Source};

/// Which ingress the manifests are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// The Istio 0.2/0.3 ingress of the guide, with its limits.
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

/// What to check against (the class and ingress identity are the snapshot's).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The target ingress.
    pub target: Target,
    /// The objects are a live cluster's whole state: what is missing is a finding.
    pub live: bool,
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

/// Loads and checks sources for the class `istio` and the default ingress identity.
pub fn validate_sources(sources: &[Source], opts: &Options) -> Report {
    let snap = Snapshot::from_sources(sources, "istio", IngressIdentity::default());
    let mut report = check(&snap, opts);
    report.files = sources.len();
    report
}

/// Checks a snapshot (its load diagnostics included in the report).
pub fn check(snap: &Snapshot, opts: &Options) -> Report {
    let ctx = Context { opts, snap };
    let mut diags = snap.load_diagnostics().to_vec();
    for object in snap.objects() {
        match &object.manifest {
            Manifest::Ingress(ing) => ingress::check(&ctx, object, ing, &mut diags),
            Manifest::RouteRule(rule) => routerule::check(&ctx, object, rule, &mut diags),
            Manifest::Secret(s) => secret::check(&ctx, object, s, &mut diags),
            Manifest::Service(_)
            | Manifest::Endpoints(_)
            | Manifest::Pod(_)
            | Manifest::IngressClass(_)
            | Manifest::EndpointSlice(_) => {}
        }
    }
    cross::check(&ctx, &mut diags);
    nginx::host_wide_regex(&ctx, &mut diags);
    if opts.live {
        live::check(&ctx, &mut diags);
    }
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    diags.dedup();
    Report {
        diagnostics: diags,
        objects: snap.objects().len(),
        files: 0,
    }
}

/// What every rule may look at: options and the snapshot.
pub(crate) struct Context<'a> {
    opts: &'a Options,
    snap: &'a Snapshot,
}

impl<'a> Context<'a> {
    fn target(&self) -> Target {
        self.opts.target
    }

    fn service(&self, namespace: &str, name: &str) -> Option<&'a Service> {
        self.snap.service(namespace, name)
    }

    /// Every object.
    fn objects(&self) -> &'a [Object] {
        self.snap.objects()
    }

    /// Ingresses of this controller's class, with their objects.
    fn ingresses(&self) -> impl Iterator<Item = (&'a Object, &'a Ingress)> + 'a {
        self.snap.ingresses()
    }

    /// RouteRules with their objects.
    fn route_rules(&self) -> impl Iterator<Item = (&'a Object, &'a RouteRule)> + 'a {
        self.snap.route_rules()
    }

    /// True when a rule applies to traffic at the ingress.
    fn applies_at_ingress(&self, rule: &RouteRule) -> bool {
        self.snap.identity().admits(rule)
    }
}
