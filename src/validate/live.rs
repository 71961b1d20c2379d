//! Rules only a live cluster can answer: the objects are the cluster's whole state, so
//! something missing is a finding (a backend Service, its ready endpoints, the ingress
//! certificate, the ingress itself). Run when [`super::Options::live`] is set.

use super::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::manifest::generate::{ISTIO_INGRESS_NAMESPACE, ISTIO_INGRESS_SECRET};
use crate::manifest::yaml::{Path, Pos};
use crate::manifest::{CLUSTER_SOURCE, Manifest, Object};

/// The ingress Services of the guide and of today's Istio, and their pod labels.
const GATEWAYS: &[(&str, &str)] = &[
    ("istio-ingress", "ingress"),
    ("istio-ingressgateway", "ingressgateway"),
];

/// Runs the live-cluster rules.
pub(super) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    backends(ctx, out);
    routerule_destinations(ctx, out);
    ingress_certificate(ctx, out);
    gateway(ctx, out);
}

fn backends(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (obj, ing) in ctx.ingresses() {
        let backends = ing
            .default_backend
            .iter()
            .chain(ing.paths().map(|(_, p)| &p.backend));
        for b in backends {
            let Some(service) = &b.service else { continue };
            match ctx.service(ing.namespace(), service) {
                None => out.push(missing_service(
                    obj,
                    &b.at().key("service"),
                    ing.namespace(),
                    service,
                )),
                // An ExternalName Service has no endpoints by design: DNS answers for it.
                Some(svc) if svc.is_external_name() => {}
                Some(_) => {
                    if !has_ready_endpoint(ctx, ing.namespace(), service) {
                        out.push(no_endpoints(obj, &b.at(), ing.namespace(), service));
                    }
                }
            }
        }
    }
}

fn routerule_destinations(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (obj, rule) in ctx.route_rules() {
        let Some((ns, name)) = rule.destination_ref() else {
            continue;
        };
        if ctx.service(&ns, &name).is_none() {
            out.push(missing_service(
                obj,
                &Path::root().key("spec").key("destination"),
                &ns,
                &name,
            ));
        }
    }
}

fn missing_service(obj: &Object, at: &Path, ns: &str, name: &str) -> Diagnostic {
    obj.diag(
        Severity::Error,
        Code::MissingService,
        at,
        format!("Service {ns}/{name} does not exist in the cluster: requests for it fail"),
    )
    .help("create the Service (kubectl apply -f your app's manifests), or fix the name")
}

fn no_endpoints(obj: &Object, at: &Path, ns: &str, name: &str) -> Diagnostic {
    obj.diag(
        Severity::Warning,
        Code::NoReadyEndpoints,
        at,
        format!("Service {ns}/{name} has no ready endpoint: requests for it get 503"),
    )
    .help(format!(
        "check its pods: `kubectl get pods -n {ns}` and the Service selector (`kubectl describe service -n {ns} {name}`)"
    ))
}

fn has_ready_endpoint(ctx: &Context, ns: &str, name: &str) -> bool {
    ctx.snap
        .endpoints(ns, name)
        .is_some_and(|e| e.subsets.iter().any(|s| !s.addresses.is_empty()))
}

fn ingress_certificate(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx
        .snap
        .secret(ISTIO_INGRESS_NAMESPACE, ISTIO_INGRESS_SECRET)
        .is_some()
    {
        return;
    }
    if let Some((obj, _)) = ctx.ingresses().find(|(_, ing)| !ing.tls.is_empty()) {
        out.push(
            obj.diag(
                Severity::Error,
                Code::MissingIngressCerts,
                &Path::root().key("spec").key("tls"),
                format!("this Ingress uses TLS but Secret istio-system/{ISTIO_INGRESS_SECRET} does not exist: HTTPS fails"),
            )
            .help("create it: `ingressctl cert gen --cn HOST --secret --apply`"),
        );
    }
}

fn gateway(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let found = ctx.objects().iter().any(|o| match &o.manifest {
        Manifest::Service(s) => {
            s.metadata.namespace.as_deref() == Some(ISTIO_INGRESS_NAMESPACE)
                && GATEWAYS.iter().any(|(name, _)| s.metadata.name == *name)
        }
        Manifest::Pod(p) => {
            p.metadata.namespace.as_deref() == Some(ISTIO_INGRESS_NAMESPACE)
                && GATEWAYS.iter().any(|(_, label)| {
                    p.metadata.labels.get("istio").map(String::as_str) == Some(label)
                })
        }
        _ => false,
    });
    if found {
        return;
    }
    let file = ctx
        .objects()
        .first()
        .map_or(CLUSTER_SOURCE, |o| o.origin.file.as_ref());
    out.push(
        Diagnostic::new(
            Severity::Error,
            Code::NoIngressGateway,
            file,
            Pos { line: 1, col: 1 },
            "no ingress in the cluster: neither Service istio-ingress or istio-ingressgateway nor a pod labelled istio=ingress or istio=ingressgateway in istio-system",
        )
        .object(ISTIO_INGRESS_NAMESPACE)
        .help("install Istio's ingress (the guide's prerequisite), or check --context"),
    );
}
