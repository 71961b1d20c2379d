//! Checks on one Ingress: class, annotations, paths, backends, hosts, TLS.

use std::net::IpAddr;

use super::{Context, Target};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::manifest::generate::{ISTIO_INGRESS_NAMESPACE, ISTIO_INGRESS_SECRET};
use crate::manifest::model::IntOrString;
use crate::manifest::paths::{self, PathMatch};
use crate::manifest::ports::{self, PortProtocol};
use crate::manifest::yaml::Path;
use crate::manifest::{Backend, CLASS_ANNOTATION, Ingress, IngressPath, Object};

/// Runs every single-Ingress rule.
pub(super) fn check(ctx: &Context, obj: &Object, ing: &Ingress, out: &mut Vec<Diagnostic>) {
    if !class(ctx, obj, ing, out) {
        return;
    }
    annotations(obj, ing, out);
    if crate::manifest::nginx::written_for_nginx(ing) {
        super::nginx::paths(obj, ing, out);
    }
    if ing.rules.is_empty() && ing.default_backend.is_none() {
        out.push(
            obj.diag(
                Severity::Error,
                Code::EmptyIngress,
                &Path::root().key("spec"),
                "Ingress has neither rules nor a default backend",
            )
            .help("add `spec.rules` with paths, or a default backend"),
        );
    }
    for rule in &ing.rules {
        if let Some(host) = &rule.host {
            host_syntax(obj, host, &rule.at().key("host"), out);
        }
    }
    for (_, p) in ing.paths() {
        path_text(ctx, obj, p, out);
        backend(ctx, obj, ing, &p.backend, out);
    }
    if let Some(b) = &ing.default_backend {
        backend(ctx, obj, ing, b, out);
    }
    tls(ctx, obj, ing, out);
}

/// Reports a missing or foreign class; returns true when the Ingress is for this controller.
fn class(ctx: &Context, obj: &Object, ing: &Ingress, out: &mut Vec<Diagnostic>) -> bool {
    let wanted = ctx.snap.class().class();
    let annotation = ing.meta.annotations.get(CLASS_ANNOTATION);
    let meta = Path::root().key("metadata");
    match ing.class() {
        None => {
            out.push(
                obj.diag_key(Severity::Warning, Code::MissingIngressClass, &meta, "Ingress has no ingress class: the Istio ingress (STRICT mode) ignores it")
                    .help(format!("add the annotation `{CLASS_ANNOTATION}: {wanted}` (and `spec.ingressClassName: {wanted}` for networking.k8s.io/v1)")),
            );
            true
        }
        Some(c) if !ctx.snap.class().admits(ing) => {
            let at = if annotation.is_some() {
                meta.key("annotations").key(CLASS_ANNOTATION)
            } else {
                Path::root().key("spec").key("ingressClassName")
            };
            out.push(
                obj.diag(Severity::Note, Code::OtherIngressClass, &at, format!("class `{c}` is not `{wanted}`: this Ingress belongs to another controller and is not checked further"))
                    .help(format!("set the class to `{wanted}` if the Istio ingress should serve it")),
            );
            false
        }
        Some(_) => {
            if annotation.is_none() && ctx.target() == Target::Istio {
                out.push(
                    obj.diag(Severity::Warning, Code::MissingIngressClass, &Path::root().key("spec").key("ingressClassName"), "the Istio ingress of this era reads only the `kubernetes.io/ingress.class` annotation, not `ingressClassName`")
                        .help(format!("add the annotation `{CLASS_ANNOTATION}: {wanted}` as well")),
                );
            }
            true
        }
    }
}

fn annotations(obj: &Object, ing: &Ingress, out: &mut Vec<Diagnostic>) {
    let base = Path::root().key("metadata").key("annotations");
    for (key, value) in &ing.meta.annotations {
        if key == CLASS_ANNOTATION || key.starts_with("kubectl.kubernetes.io/") {
            continue;
        }
        if super::nginx::is_nginx_key(key) {
            super::nginx::annotation(obj, key, value, out);
            continue;
        }
        out.push(
            obj.diag_key(Severity::Warning, Code::IgnoredAnnotation, &base.key(key), format!("annotation `{key}` is ignored by the Istio ingress"))
                .help("Istio honours only the ingress class annotation; use a RouteRule for rewrites, redirects and timeouts"),
        );
    }
}

fn host_syntax(obj: &Object, host: &str, at: &Path, out: &mut Vec<Diagnostic>) {
    let problem = if host.contains(':') && host.parse::<IpAddr>().is_err() {
        Some("a host may not carry a port")
    } else if host.parse::<IpAddr>().is_ok() {
        Some("a host must be a DNS name, not an IP address")
    } else if host == "*" {
        Some("a bare `*` is not allowed; leave the host empty for every host")
    } else if host.contains('*') && !valid_wildcard(host) {
        Some("a wildcard must be the whole first label, as in `*.example.com`")
    } else if !host.trim_start_matches("*.").split('.').all(is_dns_label) {
        Some("each label must be lower-case letters, digits and `-`, 1 to 63 long")
    } else {
        None
    };
    if let Some(problem) = problem {
        out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidHost,
                at,
                format!("invalid host `{host}`: {problem}"),
            )
            .help("use a lower-case DNS name such as `foo.bar.com` or `*.bar.com`"),
        );
    }
}

/// True for `*.rest` with no other `*`.
fn valid_wildcard(host: &str) -> bool {
    host.strip_prefix("*.")
        .is_some_and(|rest| !rest.contains('*'))
}

pub(super) use crate::manifest::names::is_dns_label;

fn path_text(ctx: &Context, obj: &Object, p: &IngressPath, out: &mut Vec<Diagnostic>) {
    let at = p.at().key("path");
    let text = p.path.as_deref().unwrap_or("");
    if let Some(t) = &p.path_type
        && !matches!(t.as_str(), "Exact" | "Prefix" | "ImplementationSpecific")
    {
        out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidPathType,
                &p.at().key("pathType"),
                format!("unknown pathType `{t}`"),
            )
            .help("use Exact, Prefix or ImplementationSpecific"),
        );
    }
    if !text.is_empty() && !text.starts_with('/') {
        out.push(
            obj.diag(
                Severity::Error,
                Code::RelativePath,
                &at,
                format!("path `{text}` does not start with `/`"),
            )
            .help(format!("write `/{text}`")),
        );
        return;
    }
    match p.path_type.as_deref() {
        Some("Exact" | "Prefix") => literal_typed_path(obj, p, text, out),
        _ => legacy_path(ctx, obj, &at, text, out),
    }
}

fn literal_typed_path(obj: &Object, p: &IngressPath, text: &str, out: &mut Vec<Diagnostic>) {
    if text.contains('*') {
        let t = p.path_type.as_deref().unwrap_or_default();
        let fixed = text.trim_end_matches('*').trim_end_matches('.');
        out.push(
            obj.diag(
                Severity::Warning,
                Code::RegexPath,
                &p.at().key("path"),
                format!("pathType {t} matches `{text}` literally, `*` included"),
            )
            .help(format!("write `{fixed}` with pathType Prefix")),
        );
    }
}

fn legacy_path(ctx: &Context, obj: &Object, at: &Path, text: &str, out: &mut Vec<Diagnostic>) {
    let PathMatch::Regex(_) = paths::istio_era(Some(text)) else {
        return;
    };
    if ctx.target() == Target::Serve
        && !matches!(paths::serve(Some(text), None), PathMatch::Regex(_))
    {
        if paths::only_dots_as_meta(text) {
            out.push(
                obj.diag(
                    Severity::Note,
                    Code::AccidentalRegexPath,
                    at,
                    format!(
                        "path `{text}` contains `.`; serve matches it exactly (as Istio 0.4+ does)"
                    ),
                )
                .help("the Istio 0.2/0.3 ingress would read it as a regex and answer 404"),
            );
        }
        return;
    }
    if paths::only_dots_as_meta(text) {
        let sev = ctx.target().pick(Severity::Error, Some(Severity::Note));
        let message = match ctx.target() {
            Target::Istio => format!(
                "path `{text}` contains `.`, which Istio 0.2/0.3 reads as a regex: the route is rejected and the path answers 404"
            ),
            Target::Serve => {
                format!("path `{text}` contains `.`; serve matches it exactly (as Istio 0.4+ does)")
            }
        };
        if let Some(sev) = sev {
            out.push(
                obj.diag(sev, Code::AccidentalRegexPath, at, message)
                    .help("for a prefix, end the path before the dot with `.*` (e.g. `/v1.*`); Istio 0.4+ and serve treat dotted paths as exact"),
            );
        }
        return;
    }
    match ctx.target() {
        Target::Istio => out.push(
            obj.diag(Severity::Error, Code::RegexPath, at, format!("regex path `{text}` is not supported by the Istio ingress: the path answers 404"))
                .help("use an exact path, or a prefix written as `/prefix/.*`"),
        ),
        Target::Serve => match regex::Regex::new(&format!("^(?:{text})$")) {
            Ok(_) => out.push(
                obj.diag(Severity::Note, Code::RegexPath, at, format!("path `{text}` is served as a regular expression (an ingressctl extension)"))
                    .help("the Istio ingress would refuse it; keep it only for serve"),
            ),
            Err(e) => out.push(
                obj.diag(Severity::Error, Code::InvalidRegex, at, format!("path `{text}` is not a valid regular expression: {}", regex_error_summary(&e.to_string())))
                    .help("fix the expression, or use an exact or prefix path"),
            ),
        },
    }
}

/// The explanation line of a regex crate error (its last non-empty line).
pub(super) fn regex_error_summary(text: &str) -> String {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(text)
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

fn backend(ctx: &Context, obj: &Object, ing: &Ingress, b: &Backend, out: &mut Vec<Diagnostic>) {
    if b.resource {
        out.push(
            obj.diag(
                Severity::Error,
                Code::ResourceBackend,
                &b.at().key("resource"),
                "resource backends are not supported by the Istio ingress",
            )
            .help("point the backend at a Service"),
        );
        return;
    }
    let (Some(service), Some(port)) = (&b.service, &b.port) else {
        let missing = if b.service.is_none() {
            "service name"
        } else {
            "service port"
        };
        out.push(
            obj.diag(
                Severity::Error,
                Code::IncompleteBackend,
                &b.at(),
                format!("backend has no {missing}"),
            )
            .help("a backend needs both, e.g. `serviceName: httpbin` and `servicePort: 8000`"),
        );
        return;
    };
    // An ExternalName Service declares no ports of its own: any port is passed through.
    let svc = ctx
        .service(ing.namespace(), service)
        .filter(|s| !s.is_external_name());
    let declared = svc.map(|s| {
        s.spec.ports.iter().find(|sp| match port {
            IntOrString::Int(n) => sp.port == *n,
            IntOrString::Str(name) => sp.name.as_deref() == Some(name.as_str()),
        })
    });
    match declared {
        Some(None) => out.push(
            obj.diag(
                Severity::Error,
                Code::UnknownServicePort,
                &b.port_at(),
                format!("Service `{service}` has no port `{port}`"),
            )
            .help("use a port number or name that the Service declares"),
        ),
        Some(Some(sp)) => {
            // The Istio of the guide read only the port name; appProtocol came later.
            let app = match ctx.target() {
                Target::Istio => None,
                Target::Serve => sp.app_protocol.as_deref(),
            };
            match &sp.name {
                Some(name) => port_name(ctx, obj, &b.port_at(), name, app, out),
                None if app.is_none() => unnamed_port(ctx, obj, &b.port_at(), service, port, out),
                None => port_name(ctx, obj, &b.port_at(), "", app, out),
            }
        }
        None => {
            if let IntOrString::Str(name) = port {
                port_name(ctx, obj, &b.port_at(), name, None, out);
            }
        }
    }
}

fn port_name(
    ctx: &Context,
    obj: &Object,
    at: &Path,
    name: &str,
    app: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    match ports::classify(name, app) {
        PortProtocol::Http | PortProtocol::Http2 => {}
        PortProtocol::NotHttp => out.push(
            obj.diag(Severity::Error, Code::NonHttpBackend, at, format!("port `{name}` is not HTTP (by its name or appProtocol): it cannot be an ingress backend"))
                .help("expose a port named http-*, http2-* or grpc-* that serves plain HTTP"),
        ),
        PortProtocol::Unknown => {
            if let Some(sev) = ctx.target().pick(Severity::Warning, Some(Severity::Note)) {
                out.push(
                    obj.diag(sev, Code::PortNaming, at, format!("port name `{name}` does not follow Istio's naming convention, so Istio treats the port as TCP and will not route HTTP to it"))
                        .help("name the Service port `http`, `http-<suffix>`, `http2-<suffix>` or `grpc-<suffix>`"),
                );
            }
        }
    }
}

fn unnamed_port(
    ctx: &Context,
    obj: &Object,
    at: &Path,
    service: &str,
    port: &IntOrString,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(sev) = ctx.target().pick(Severity::Warning, Some(Severity::Note)) {
        out.push(
            obj.diag(sev, Code::PortNaming, at, format!("port {port} of Service `{service}` has no name, so Istio treats it as TCP"))
                .help("name the Service port `http` (or `http-<suffix>`, `http2-<suffix>`, `grpc-<suffix>`)"),
        );
    }
}

fn tls(ctx: &Context, obj: &Object, ing: &Ingress, out: &mut Vec<Diagnostic>) {
    if ctx.target() != Target::Istio {
        return;
    }
    for (i, entry) in ing.tls.iter().enumerate() {
        let at = Path::root().key("spec").key("tls").idx(i);
        match entry.secret_name.as_deref() {
            // The Secret the Istio ingress reads is in the input: nothing to say.
            Some(ISTIO_INGRESS_SECRET)
                if ctx
                    .snap
                    .secret(ISTIO_INGRESS_NAMESPACE, ISTIO_INGRESS_SECRET)
                    .is_some() => {}
            Some(ISTIO_INGRESS_SECRET) => out.push(
                obj.diag(Severity::Note, Code::TlsSecretIgnored, &at.key("secretName"), "secretName is ignored by the Istio ingress; the certificate is always istio-system/istio-ingress-certs")
                    .help("create it with `ingressctl cert gen --secret` or `kubectl create -n istio-system secret tls istio-ingress-certs`"),
            ),
            Some(other) => out.push(
                obj.diag(Severity::Warning, Code::TlsSecretIgnored, &at.key("secretName"), format!("secretName `{other}` is ignored: the Istio ingress serves only istio-system/istio-ingress-certs"))
                    .help("put this certificate in the Secret istio-ingress-certs in istio-system, or use `ingressctl serve`, which supports one certificate per host"),
            ),
            None => {}
        }
        if i == 1 {
            out.push(
                obj.diag(Severity::Warning, Code::MultipleTls, &at, "more than one TLS entry: the Istio ingress has a single certificate and no SNI")
                    .help("keep one TLS entry; all hosts are served with istio-ingress-certs"),
            );
        }
    }
}
