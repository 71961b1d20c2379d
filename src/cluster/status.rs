//! Ingress status for `serve --kube`: one replica, elected through a `coordination.k8s.io`
//! Lease, writes the ingress's address into `status.loadBalancer.ingress` of every Ingress it
//! serves, so that `kubectl get ingress -o wide` and `ingressctl host` show it.
//!
//! The election is the usual Lease loop: take a free or expired Lease, renew it every third
//! of its duration, give it up on shutdown; a write that loses a race (409) means another
//! replica leads. Only the leader writes status.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::coordination::v1::{Lease, LeaseSpec};
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta};
use k8s_openapi::jiff::Timestamp;
use kube::api::{Api, Patch, PatchParams, PostParams};
use serde_json::json;

use super::{Cluster, ClusterError};

/// Which Lease, and who this replica is.
#[derive(Debug, Clone)]
pub struct LeaseSettings {
    /// The Lease's namespace.
    pub namespace: String,
    /// The Lease's name.
    pub name: String,
    /// This replica's identity (pod name, else host name and process id).
    pub identity: String,
    /// How long a Lease holds without renewal.
    pub duration: Duration,
}

/// Where the ingress's address comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishFrom {
    /// `--publish-service NAMESPACE/NAME`: that Service's LoadBalancer address.
    Service {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// `--publish-address`: an IP address or host name.
    Address(String),
}

/// The field manager status writes use.
const STATUS_MANAGER: &str = "ingressctl-status";

/// One replica's side of the election.
pub struct Elector {
    cluster: Cluster,
    settings: LeaseSettings,
    leading: bool,
    /// When this replica last renewed the Lease it holds.
    renewed: Option<std::time::Instant>,
    /// Another holder's record (holder, renewTime) and when this replica first saw it: a
    /// Lease has expired when its record has not changed for its duration, by this replica's
    /// own clock (clocks of different nodes need not agree).
    observed: Option<((String, String), std::time::Instant)>,
}

impl Elector {
    /// An elector that does not lead yet.
    pub fn new(cluster: Cluster, settings: LeaseSettings) -> Self {
        Elector {
            cluster,
            settings,
            leading: false,
            renewed: None,
            observed: None,
        }
    }

    /// How often to call [`Elector::round`]: a third of the Lease's duration.
    pub fn period(&self) -> Duration {
        self.settings.duration / 3
    }

    /// One round: take the Lease if it is free or expired, renew it if held. Returns whether
    /// this replica leads afterwards.
    pub async fn round(&mut self) -> Result<bool, ClusterError> {
        let result = self.try_round().await;
        match &result {
            Ok(leading) => {
                self.leading = *leading;
                if *leading {
                    self.renewed = Some(std::time::Instant::now());
                }
            }
            // An API error does not end a lead at once, only once the Lease has run out.
            Err(_) => {
                if self
                    .renewed
                    .is_none_or(|t| t.elapsed() >= self.settings.duration)
                {
                    self.leading = false;
                }
            }
        }
        result
    }

    async fn try_round(&mut self) -> Result<bool, ClusterError> {
        let api: Api<Lease> =
            Api::namespaced(self.cluster.client.clone(), &self.settings.namespace);
        let now = Timestamp::now();
        let current = self.cluster.call(api.get_opt(&self.settings.name)).await?;
        let Some(lease) = current else {
            let created = self
                .cluster
                .call(api.create(&PostParams::default(), &self.lease(None, now, 0)))
                .await;
            return won(created);
        };
        let spec = lease.spec.clone().unwrap_or_default();
        let holder = spec.holder_identity.clone().unwrap_or_default();
        let mine = holder == self.settings.identity;
        if !mine && !holder.is_empty() && !self.expired(&holder, &spec) {
            return Ok(false);
        }
        let transitions = spec.lease_transitions.unwrap_or(0) + i32::from(!mine);
        let acquired = if mine {
            spec.acquire_time.clone()
        } else {
            None
        };
        let mut next = self.lease(acquired, now, transitions);
        next.metadata.resource_version = lease.metadata.resource_version.clone();
        let replaced = self
            .cluster
            .call(api.replace(&self.settings.name, &PostParams::default(), &next))
            .await;
        won(replaced)
    }

    /// True when another holder's record has not changed for the Lease's duration, as this
    /// replica has watched it (by its own clock: nodes' clocks need not agree).
    fn expired(&mut self, holder: &str, spec: &LeaseSpec) -> bool {
        let record = (
            holder.to_string(),
            spec.renew_time
                .as_ref()
                .map(|t| t.0.to_string())
                .unwrap_or_default(),
        );
        let duration = Duration::from_secs(
            u64::try_from(spec.lease_duration_seconds.unwrap_or(15)).unwrap_or(15),
        );
        match &self.observed {
            Some((seen, since)) if *seen == record => since.elapsed() > duration,
            _ => {
                self.observed = Some((record, std::time::Instant::now()));
                false
            }
        }
    }

    /// Gives the Lease up (on shutdown), so another replica takes over at once; only when
    /// this replica still holds it, and only if nobody changed it meanwhile.
    pub async fn release(&mut self) -> Result<(), ClusterError> {
        if !self.leading {
            return Ok(());
        }
        self.leading = false;
        let api: Api<Lease> =
            Api::namespaced(self.cluster.client.clone(), &self.settings.namespace);
        let Some(mut lease) = self.cluster.call(api.get_opt(&self.settings.name)).await? else {
            return Ok(());
        };
        let spec = lease.spec.get_or_insert_with(LeaseSpec::default);
        if spec.holder_identity.as_deref() != Some(self.settings.identity.as_str()) {
            return Ok(());
        }
        spec.holder_identity = None;
        spec.lease_duration_seconds = Some(1);
        // The replace carries the resourceVersion just read: a Lease taken over meanwhile stays.
        let released = self
            .cluster
            .call(api.replace(&self.settings.name, &PostParams::default(), &lease))
            .await;
        won(released).map(|_| ())
    }

    fn lease(&self, acquired: Option<MicroTime>, now: Timestamp, transitions: i32) -> Lease {
        Lease {
            metadata: ObjectMeta {
                name: Some(self.settings.name.clone()),
                namespace: Some(self.settings.namespace.clone()),
                ..ObjectMeta::default()
            },
            spec: Some(LeaseSpec {
                holder_identity: Some(self.settings.identity.clone()),
                lease_duration_seconds: Some(
                    i32::try_from(self.settings.duration.as_secs().max(1)).unwrap_or(i32::MAX),
                ),
                acquire_time: Some(acquired.unwrap_or(MicroTime(now))),
                renew_time: Some(MicroTime(now)),
                lease_transitions: Some(transitions),
                ..LeaseSpec::default()
            }),
        }
    }
}

/// True when a write went through; a lost race (409) is not an error, just not leading.
fn won<T>(result: Result<T, ClusterError>) -> Result<bool, ClusterError> {
    match result {
        Ok(_) => Ok(true),
        Err(ClusterError::Conflict { .. }) => Ok(false),
        Err(ClusterError::Api { code: 409, .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The address to publish: the given one, or the Service's LoadBalancer address (`None`
/// while it is pending).
pub async fn address(
    cluster: &Cluster,
    from: &PublishFrom,
) -> Result<Option<String>, ClusterError> {
    match from {
        PublishFrom::Address(a) => Ok(Some(a.clone())),
        PublishFrom::Service { namespace, name } => {
            let api: Api<Service> = Api::namespaced(cluster.client.clone(), namespace);
            let svc = cluster.call(api.get_opt(name)).await?;
            Ok(svc
                .and_then(|s| s.status)
                .and_then(|s| s.load_balancer)
                .and_then(|lb| lb.ingress)
                .and_then(|list| list.into_iter().next())
                .and_then(|e| e.ip.or(e.hostname)))
        }
    }
}

/// Writes `address` into the status of each Ingress that does not show it yet. Returns how
/// many were written.
pub async fn write(
    cluster: &Cluster,
    ingresses: &[Arc<crate::manifest::Ingress>],
    address: &str,
) -> Result<usize, ClusterError> {
    let entry = if address.parse::<std::net::IpAddr>().is_ok() {
        json!({"ip": address})
    } else {
        json!({"hostname": address})
    };
    let mut written = 0;
    for ing in ingresses {
        let shown = ing
            .status_addresses
            .as_deref()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
            .is_some_and(|list| list == json!([entry]));
        if shown || ing.meta.name.is_empty() {
            continue;
        }
        let (ns, name) = (ing.namespace(), &ing.meta.name);
        let api: Api<Ingress> = Api::namespaced(cluster.client.clone(), ns);
        let patch = json!({"status": {"loadBalancer": {"ingress": [entry]}}});
        let params = PatchParams {
            field_manager: Some(STATUS_MANAGER.into()),
            ..PatchParams::default()
        };
        cluster
            .call(api.patch_status(name, &params, &Patch::Merge(&patch)))
            .await?;
        written += 1;
    }
    Ok(written)
}

/// What the status writer needs besides the cluster.
#[derive(Debug, Clone)]
pub struct StatusSettings {
    /// Where the address comes from.
    pub publish: PublishFrom,
    /// The election.
    pub lease: LeaseSettings,
}

/// Elects, and while leading keeps the served Ingresses' status pointing at the address;
/// gives the Lease up when `stop` turns true.
pub async fn run(
    cluster: Cluster,
    view: super::watch::IngressView,
    class: String,
    settings: StatusSettings,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut elector = Elector::new(cluster.clone(), settings.lease.clone());
    let mut was_leading = false;
    loop {
        match elector.round().await {
            Ok(leading) => {
                if leading != was_leading {
                    tracing::info!(
                        "{} the status writer ({})",
                        if leading { "became" } else { "is no longer" },
                        settings.lease.identity
                    );
                    was_leading = leading;
                }
                if leading {
                    publish(&cluster, &view, &class, &settings.publish).await;
                }
            }
            Err(e) => tracing::warn!("leader election: {e}"),
        }
        tokio::select! {
            _ = tokio::time::sleep(elector.period()) => {}
            _ = stop.changed() => break,
        }
    }
    if let Err(e) = elector.release().await {
        tracing::warn!("releasing the status lease: {e}");
    }
}

async fn publish(
    cluster: &Cluster,
    view: &super::watch::IngressView,
    class: &str,
    from: &PublishFrom,
) {
    let address = match address(cluster, from).await {
        Ok(Some(a)) => a,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!("reading the address to publish: {e}");
            return;
        }
    };
    if let Err(e) = write(cluster, &view.served(class), &address).await {
        tracing::warn!("writing Ingress status: {e}");
    }
}
