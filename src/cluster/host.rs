//! `INGRESS_HOST` discovery, as the guide works it out by hand (spec reference section 6):
//! the Ingress's load-balancer status, else the ingress Service's LoadBalancer address,
//! else the host IP of a ready ingress pod with the Service's node port.

use k8s_openapi::api::core::v1::{Pod, Service, ServicePort};
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use kube::api::{Api, ListParams};
use serde::Serialize;

use super::{Cluster, ClusterError};
use crate::manifest::CLASS_ANNOTATION;
use crate::manifest::routing::ClassFilter;

/// The Service names tried when `--service` is not given: the guide's, then today's.
pub const SERVICE_NAMES: &[&str] = &["istio-ingress", "istio-ingressgateway"];
/// The pod selectors tried when `--selector` is not given, in the same order.
pub const POD_SELECTORS: &[&str] = &["istio=ingress", "istio=ingressgateway"];
/// The port names tried for plain HTTP (the guide's Service, today's gateway).
const HTTP_PORT_NAMES: &[&str] = &["http", "http2"];
/// The port names tried for HTTPS.
const HTTPS_PORT_NAMES: &[&str] = &["https"];

/// What to look for, from the flags.
#[derive(Debug, Clone)]
pub struct HostQuery {
    /// `--ingress NAME`: that Ingress's status; otherwise the class's Ingresses in the namespace.
    pub ingress: Option<String>,
    /// The ingress class whose Ingresses are read.
    pub class: String,
    /// `--gateway-namespace`.
    pub gateway_namespace: String,
    /// `--service`.
    pub service: Option<String>,
    /// `--selector`.
    pub selector: Option<String>,
    /// `--port-name` for the HTTP port (the HTTPS port is `https`).
    pub port_name: Option<String>,
}

impl Default for HostQuery {
    fn default() -> Self {
        HostQuery {
            ingress: None,
            class: "istio".into(),
            gateway_namespace: "istio-system".into(),
            service: None,
            selector: None,
            port_name: None,
        }
    }
}

/// Which of the guide's three ways found the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Found {
    /// `status.loadBalancer.ingress[0]` of an Ingress.
    IngressStatus {
        /// `namespace/name` of the Ingress.
        ingress: String,
    },
    /// The LoadBalancer address of the ingress Service.
    LoadBalancer {
        /// `namespace/name` of the Service.
        service: String,
    },
    /// A ready ingress pod's host IP and the Service's node ports.
    NodePort {
        /// `namespace/name` of the Service.
        service: String,
        /// `namespace/name` of the pod.
        pod: String,
    },
}

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Found::IngressStatus { ingress } => {
                write!(f, "the load-balancer status of Ingress {ingress}")
            }
            Found::LoadBalancer { service } => {
                write!(f, "the LoadBalancer address of Service {service}")
            }
            Found::NodePort { service, pod } => write!(
                f,
                "the host IP of pod {pod} and the node ports of Service {service} (no LoadBalancer address)"
            ),
        }
    }
}

/// The ingress address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressAddress {
    /// IP address or DNS name.
    pub host: String,
    /// Port for plain HTTP, when known.
    pub http_port: Option<u16>,
    /// Port for HTTPS, when known.
    pub https_port: Option<u16>,
    /// `INGRESS_HOST`: host, with the port unless it is 80.
    pub ingress_host: Option<String>,
    /// `SECURE_INGRESS_HOST`: host, with the port unless it is 443.
    pub secure_ingress_host: Option<String>,
    /// How it was found.
    pub found: Found,
}

impl IngressAddress {
    fn new(host: String, http_port: Option<u16>, https_port: Option<u16>, found: Found) -> Self {
        IngressAddress {
            ingress_host: http_port.map(|p| join(&host, p, 80)),
            secure_ingress_host: https_port.map(|p| join(&host, p, 443)),
            host,
            http_port,
            https_port,
            found,
        }
    }
}

fn join(host: &str, port: u16, default: u16) -> String {
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    if port == default {
        host
    } else {
        format!("{host}:{port}")
    }
}

/// Nothing found: the three places looked at, each with what was there.
#[derive(Debug, Clone, thiserror::Error)]
#[error("no ingress address found; looked at:\n  {}", looked.join("\n  "))]
pub struct NotFound {
    /// One line per place looked at.
    pub looked: Vec<String>,
}

/// The result of one discovery pass.
pub type Discovery = Result<IngressAddress, NotFound>;

/// Looks once for the ingress address (at most three API calls on the LoadBalancer path).
pub async fn discover(cluster: &Cluster, query: &HostQuery) -> Result<Discovery, ClusterError> {
    let mut looked = Vec::new();
    if let Some(found) = from_ingress_status(cluster, query, &mut looked).await? {
        return Ok(Ok(found));
    }
    let service = find_service(cluster, query, &mut looked).await?;
    let Some((service, selector)) = service else {
        looked.push(
            "ingress pods: not looked for, since no ingress Service gives their node ports".into(),
        );
        return Ok(Err(NotFound { looked }));
    };
    if let Some(found) = from_load_balancer(&service, query, &mut looked) {
        return Ok(Ok(found));
    }
    Ok(
        from_node_port(cluster, query, &service, &selector, &mut looked)
            .await?
            .ok_or(NotFound { looked }),
    )
}

async fn from_ingress_status(
    cluster: &Cluster,
    query: &HostQuery,
    looked: &mut Vec<String>,
) -> Result<Option<IngressAddress>, ClusterError> {
    let api: Api<Ingress> = Api::namespaced(cluster.client.clone(), &cluster.namespace);
    let ns = &cluster.namespace;
    let read = match &query.ingress {
        Some(name) => cluster
            .call(api.get_opt(name))
            .await
            .map(|found| match found {
                Some(ing) => vec![ing],
                None => {
                    looked.push(format!("Ingress {ns}/{name}: not found"));
                    Vec::new()
                }
            }),
        None => cluster
            .call(api.list(&ListParams::default()))
            .await
            .map(|list| list.items),
    };
    // RBAC often grants the ingress Service and pods but not the Ingresses: go on to them.
    let candidates = match read {
        Ok(c) => c,
        Err(ClusterError::Forbidden { message }) => {
            looked.push(format!(
                "Ingresses in namespace {ns}: forbidden ({message})"
            ));
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    if query.ingress.is_some() && candidates.is_empty() {
        return Ok(None);
    }
    let filter = class_filter(cluster, &query.class, &candidates).await?;
    let candidates: Vec<Ingress> = match &query.ingress {
        Some(_) => candidates,
        None => candidates
            .into_iter()
            .filter(|i| {
                let (annotation, field) = class_parts(i);
                filter.admits_parts(annotation, field)
            })
            .collect(),
    };
    if candidates.is_empty() {
        looked.push(format!(
            "Ingresses of class {} in namespace {ns}: none",
            query.class
        ));
        return Ok(None);
    }
    for ing in &candidates {
        let lb = ing
            .status
            .as_ref()
            .and_then(|s| s.load_balancer.as_ref())
            .and_then(|lb| lb.ingress.as_ref())
            .and_then(|list| list.first());
        let host = lb.and_then(|e| e.ip.clone().or_else(|| e.hostname.clone()));
        if let Some(host) = host.filter(|h| !h.is_empty()) {
            let name = format!("{ns}/{}", ing.metadata.name.clone().unwrap_or_default());
            return Ok(Some(IngressAddress::new(
                host,
                Some(80),
                Some(443),
                Found::IngressStatus { ingress: name },
            )));
        }
    }
    let names: Vec<String> = candidates
        .iter()
        .map(|i| format!("{ns}/{}", i.metadata.name.clone().unwrap_or_default()))
        .collect();
    looked.push(format!(
        "Ingress {}: no load-balancer address in status",
        names.join(", ")
    ));
    Ok(None)
}

/// A live Ingress's class annotation and `spec.ingressClassName`, for
/// [`ClassFilter::admits_parts`].
pub(crate) fn class_parts(ing: &Ingress) -> (Option<&str>, Option<&str>) {
    let annotation = ing
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(CLASS_ANNOTATION))
        .map(String::as_str);
    (
        annotation,
        ing.spec
            .as_ref()
            .and_then(|s| s.ingress_class_name.as_deref()),
    )
}

/// The class rule, reading only the IngressClasses that some Ingress names without an
/// annotation (none, on the usual path: no extra API call).
async fn class_filter(
    cluster: &Cluster,
    class: &str,
    ingresses: &[Ingress],
) -> Result<ClassFilter, ClusterError> {
    let mut names: Vec<&str> = ingresses
        .iter()
        .filter_map(|i| match class_parts(i) {
            (None, Some(name)) if name != class => Some(name),
            _ => None,
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    let api: Api<IngressClass> = Api::all(cluster.client.clone());
    let mut known = Vec::new();
    for name in names {
        if let Ok(Some(c)) = cluster.call(api.get_opt(name)).await {
            let controller = c.spec.and_then(|s| s.controller);
            known.push((name.to_string(), controller));
        }
    }
    Ok(ClassFilter::from_controllers(
        class,
        known.iter().map(|(n, c)| (n.as_str(), c.as_deref())),
    ))
}

/// The ingress Service and the pod selector that goes with it.
async fn find_service(
    cluster: &Cluster,
    query: &HostQuery,
    looked: &mut Vec<String>,
) -> Result<Option<(Service, String)>, ClusterError> {
    let ns = &query.gateway_namespace;
    let api: Api<Service> = Api::namespaced(cluster.client.clone(), ns);
    let names: Vec<(&str, &str)> = match &query.service {
        Some(name) => vec![(name.as_str(), POD_SELECTORS[0])],
        None => SERVICE_NAMES
            .iter()
            .copied()
            .zip(POD_SELECTORS.iter().copied())
            .collect(),
    };
    for (name, default_selector) in names {
        if let Some(svc) = cluster.call(api.get_opt(name)).await? {
            let selector = query
                .selector
                .clone()
                .or_else(|| service_selector(&svc))
                .unwrap_or_else(|| default_selector.to_string());
            return Ok(Some((svc, selector)));
        }
        looked.push(format!("Service {ns}/{name}: not found"));
    }
    Ok(None)
}

/// The Service's own pod selector as a label-selector string.
fn service_selector(svc: &Service) -> Option<String> {
    let sel = svc.spec.as_ref()?.selector.as_ref()?;
    (!sel.is_empty()).then(|| {
        sel.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    })
}

fn qualified(svc: &Service) -> String {
    format!(
        "{}/{}",
        svc.metadata.namespace.clone().unwrap_or_default(),
        svc.metadata.name.clone().unwrap_or_default()
    )
}

fn from_load_balancer(
    svc: &Service,
    query: &HostQuery,
    looked: &mut Vec<String>,
) -> Option<IngressAddress> {
    let spec = svc.spec.as_ref();
    let is_lb = spec.and_then(|s| s.type_.as_deref()) == Some("LoadBalancer");
    let entry = svc
        .status
        .as_ref()
        .and_then(|s| s.load_balancer.as_ref())
        .and_then(|lb| lb.ingress.as_ref())
        .and_then(|list| list.first());
    let host = entry.and_then(|e| e.ip.clone().or_else(|| e.hostname.clone()));
    match host.filter(|h| !h.is_empty()) {
        Some(host) => {
            let ports = spec.and_then(|s| s.ports.as_deref()).unwrap_or_default();
            let http = pick_port(ports, query, false).map(|p| p.port);
            let https = pick_port(ports, query, true).map(|p| p.port);
            Some(IngressAddress::new(
                host,
                http.and_then(port16),
                https.and_then(port16),
                Found::LoadBalancer {
                    service: qualified(svc),
                },
            ))
        }
        None => {
            looked.push(format!(
                "Service {}: {}",
                qualified(svc),
                if is_lb {
                    "type LoadBalancer, EXTERNAL-IP <pending>"
                } else {
                    "not of type LoadBalancer"
                }
            ));
            None
        }
    }
}

fn port16(p: i32) -> Option<u16> {
    u16::try_from(p).ok()
}

/// The Service port for HTTP or HTTPS: by `--port-name`, by the usual names, then by number.
fn pick_port<'a>(
    ports: &'a [ServicePort],
    query: &HostQuery,
    https: bool,
) -> Option<&'a ServicePort> {
    let by_name = |name: &str| ports.iter().find(|p| p.name.as_deref() == Some(name));
    if !https && let Some(name) = &query.port_name {
        return by_name(name);
    }
    let names = if https {
        HTTPS_PORT_NAMES
    } else {
        HTTP_PORT_NAMES
    };
    names.iter().find_map(|n| by_name(n)).or_else(|| {
        ports
            .iter()
            .find(|p| p.port == if https { 443 } else { 80 })
    })
}

async fn from_node_port(
    cluster: &Cluster,
    query: &HostQuery,
    svc: &Service,
    selector: &str,
    looked: &mut Vec<String>,
) -> Result<Option<IngressAddress>, ClusterError> {
    let ns = &query.gateway_namespace;
    let ports = svc
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_deref())
        .unwrap_or_default();
    let http = pick_port(ports, query, false).and_then(|p| p.node_port);
    let https = pick_port(ports, query, true).and_then(|p| p.node_port);
    if http.is_none() && https.is_none() {
        looked.push(format!(
            "Service {}: no node port for HTTP or HTTPS",
            qualified(svc)
        ));
        return Ok(None);
    }
    let api: Api<Pod> = Api::namespaced(cluster.client.clone(), ns);
    let params = ListParams::default()
        .labels(selector)
        .fields("status.phase=Running");
    let pods = cluster.call(api.list(&params)).await?.items;
    let ready = pods.iter().find_map(|p| Some((p, ready_host_ip(p)?)));
    match ready {
        Some((pod, host_ip)) => Ok(Some(IngressAddress::new(
            host_ip,
            http.and_then(port16),
            https.and_then(port16),
            Found::NodePort {
                service: qualified(svc),
                pod: format!("{ns}/{}", pod.metadata.name.clone().unwrap_or_default()),
            },
        ))),
        None => {
            looked.push(format!(
                "pods -l {selector} in {ns}: {} running, none ready with a host IP",
                pods.len()
            ));
            Ok(None)
        }
    }
}

/// The pod's host IP when the pod is Ready.
fn ready_host_ip(pod: &Pod) -> Option<String> {
    let status = pod.status.as_ref()?;
    let ready = status
        .conditions
        .as_ref()?
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True");
    if !ready {
        return None;
    }
    status.host_ip.clone().filter(|ip| !ip.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ports_are_left_out() {
        let a = IngressAddress::new(
            "1.2.3.4".into(),
            Some(80),
            Some(443),
            Found::LoadBalancer {
                service: "istio-system/istio-ingress".into(),
            },
        );
        assert_eq!(a.ingress_host.as_deref(), Some("1.2.3.4"));
        assert_eq!(a.secure_ingress_host.as_deref(), Some("1.2.3.4"));
        let b = IngressAddress::new("::1".into(), Some(31380), None, a.found.clone());
        assert_eq!(b.ingress_host.as_deref(), Some("[::1]:31380"));
        assert_eq!(b.secure_ingress_host, None);
    }
}
