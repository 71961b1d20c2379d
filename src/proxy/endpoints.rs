//! The endpoint registry: the addresses behind each upstream live here, apart from the
//! compiled route table, so that an endpoint change replaces one set in place (no regexes
//! recompiled, no TLS keys re-parsed) and round-robin position survives it and every
//! table rebuild.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;

use crate::manifest::model::IntOrString;

/// How requests are spread over an upstream's endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Balance {
    /// Each endpoint in turn.
    #[default]
    RoundRobin,
    /// The less busy of two endpoints taken in turn (fewest requests in flight).
    LeastRequest,
}

/// How long a failing endpoint is left out, per consecutive failure (capped at six).
const EJECTION: Duration = Duration::from_secs(5);

/// Milliseconds since the first call, for lock-free ejection deadlines.
fn now_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// One address with what passive outlier detection and least-request keep about it.
#[derive(Debug)]
struct Endpoint {
    addr: Arc<str>,
    /// `addr` as a URI authority, parsed once (None when it cannot be one).
    authority: Option<http::uri::Authority>,
    /// Its keep-alive HTTP/1.1 connections.
    pool: super::pool::ConnPool,
    in_flight: AtomicUsize,
    failures: AtomicU32,
    ejected_until_ms: AtomicU64,
}

impl Endpoint {
    fn new(addr: &str) -> Self {
        Endpoint {
            addr: Arc::from(addr),
            authority: addr.parse().ok(),
            pool: super::pool::ConnPool::default(),
            in_flight: AtomicUsize::new(0),
            failures: AtomicU32::new(0),
            ejected_until_ms: AtomicU64::new(0),
        }
    }

    fn ejected(&self, now: u64) -> bool {
        self.ejected_until_ms.load(Ordering::Relaxed) > now
    }
}

/// An endpoint picked for one request: its address, and how the request went is reported
/// back through it (refused or reset connections eject the endpoint for a while).
#[derive(Debug)]
pub struct Picked {
    endpoint: Arc<Endpoint>,
}

impl std::ops::Deref for Picked {
    type Target = str;
    fn deref(&self) -> &str {
        &self.endpoint.addr
    }
}

impl Picked {
    /// The address as a URI authority (parsed when the endpoint was added).
    pub fn authority(&self) -> Option<&http::uri::Authority> {
        self.endpoint.authority.as_ref()
    }

    /// Its keep-alive HTTP/1.1 connections.
    pub fn pool(&self) -> &super::pool::ConnPool {
        &self.endpoint.pool
    }

    /// The endpoint answered: it is healthy again.
    pub fn succeeded(&self) {
        self.endpoint.failures.store(0, Ordering::Relaxed);
    }

    /// The endpoint refused or reset the connection: leave it out for a while, longer for
    /// each failure in a row.
    pub fn failed(&self) {
        // Requests in flight when an endpoint dies all fail: one failure per ejection.
        if self.endpoint.ejected(now_ms()) {
            return;
        }
        let n = self.endpoint.failures.fetch_add(1, Ordering::Relaxed) + 1;
        let pause = EJECTION * n.min(6);
        let until = now_ms() + u64::try_from(pause.as_millis()).unwrap_or(u64::MAX);
        self.endpoint
            .ejected_until_ms
            .store(until, Ordering::Relaxed);
    }
}

impl Drop for Picked {
    fn drop(&mut self) {
        self.endpoint.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The addresses of one upstream (a service port, or a label subset of it), replaceable
/// while requests are picking from it.
#[derive(Debug)]
pub struct EndpointSet {
    endpoints: ArcSwap<Vec<Arc<Endpoint>>>,
    next: AtomicUsize,
    balance: Balance,
}

impl EndpointSet {
    /// A round-robin set over these `host:port` addresses.
    pub fn new(addrs: Vec<String>) -> Self {
        Self::with_balance(addrs, Balance::RoundRobin)
    }

    /// A set over these addresses, balanced as asked.
    pub fn with_balance(addrs: Vec<String>, balance: Balance) -> Self {
        EndpointSet {
            endpoints: ArcSwap::from_pointee(
                addrs.iter().map(|a| Arc::new(Endpoint::new(a))).collect(),
            ),
            next: AtomicUsize::new(0),
            balance,
        }
    }

    /// The endpoint for the next request; `None` when the set is empty. Ejected endpoints
    /// are skipped while any other is left (when all are ejected, they are tried anyway).
    pub fn pick(&self) -> Option<Picked> {
        let endpoints = self.endpoints.load();
        let n = endpoints.len();
        if n == 0 {
            return None;
        }
        let now = now_ms();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let healthy = (0..n)
            .map(|k| &endpoints[(start + k) % n])
            .filter(|e| !e.ejected(now));
        let chosen = match self.balance {
            Balance::RoundRobin => healthy.clone().next(),
            Balance::LeastRequest => {
                let mut two = healthy.clone().take(2);
                match (two.next(), two.next()) {
                    (Some(a), Some(b)) => Some(
                        if b.in_flight.load(Ordering::Relaxed) < a.in_flight.load(Ordering::Relaxed)
                        {
                            b
                        } else {
                            a
                        },
                    ),
                    (a, _) => a,
                }
            }
        }
        .unwrap_or(&endpoints[start % n])
        .clone();
        chosen.in_flight.fetch_add(1, Ordering::Relaxed);
        Some(Picked { endpoint: chosen })
    }

    /// Replaces the addresses (requests in flight keep the one they picked); addresses that
    /// stay keep their state (requests in flight, failures, ejection).
    pub fn replace(&self, addrs: Vec<String>) {
        if self.holds(&addrs) {
            return;
        }
        let current = self.endpoints.load();
        let next = addrs
            .iter()
            .map(|a| {
                current
                    .iter()
                    .find(|e| *e.addr == **a)
                    .cloned()
                    .unwrap_or_else(|| Arc::new(Endpoint::new(a)))
            })
            .collect();
        self.endpoints.store(Arc::new(next));
    }

    /// True when the set holds exactly these addresses, in this order.
    pub fn holds(&self, addrs: &[String]) -> bool {
        let current = self.endpoints.load();
        current.len() == addrs.len() && current.iter().zip(addrs).all(|(e, b)| *e.addr == **b)
    }

    /// The current addresses.
    pub fn addrs(&self) -> Vec<String> {
        self.endpoints
            .load()
            .iter()
            .map(|e| e.addr.to_string())
            .collect()
    }
}

/// New addresses for endpoint sets that a served table may share, put in together once the
/// change is accepted (a rejected reload must not change what is being served).
#[derive(Debug, Default)]
#[must_use = "endpoint changes take effect only when applied"]
pub struct EndpointChanges(Vec<(Arc<EndpointSet>, Vec<String>)>);

impl EndpointChanges {
    /// Records new addresses for a set (nothing when it holds them already).
    pub fn push(&mut self, set: Arc<EndpointSet>, addrs: Vec<String>) {
        if !set.holds(&addrs) {
            self.0.push((set, addrs));
        }
    }

    /// How many sets get new addresses (each held others when it was recorded).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Puts the addresses in.
    pub fn apply(self) {
        for (set, addrs) in self.0 {
            set.replace(addrs);
        }
    }
}

/// Every upstream's endpoint set, by upstream key (`service.namespace:port[subset]`), and the
/// upstream a table last made over it.
#[derive(Debug, Default)]
pub struct EndpointRegistry {
    sets: Mutex<HashMap<String, Registered>>,
    balance: Balance,
}

/// An endpoint set, and the served table's upstream over it, which rebuilds share while a
/// table holds it.
#[derive(Debug)]
struct Registered {
    set: Arc<EndpointSet>,
    upstream: Weak<Upstream>,
}

impl EndpointRegistry {
    /// A registry whose new sets balance as asked.
    pub fn with_balance(balance: Balance) -> Self {
        EndpointRegistry {
            sets: Mutex::default(),
            balance,
        }
    }

    /// The upstream for `spec`, over the spec's set: a new set holding `addrs`, or the
    /// existing one untouched with `addrs` handed back, to be put in with
    /// [`EndpointSet::replace`] once the table that wants them is accepted (a rejected reload
    /// must not change what is being served). The upstream is the served table's (see
    /// [`EndpointRegistry::retain`]) when it stands for the same and speaks the same protocol:
    /// a rebuild shares it instead of making a copy beside it.
    pub fn upstream(
        &self,
        spec: UpstreamSpec,
        addrs: Vec<String>,
        h2c: bool,
    ) -> (Arc<Upstream>, Option<Vec<String>>) {
        let key = spec.key();
        let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        let Some(entry) = sets.get_mut(&key) else {
            let set = Arc::new(EndpointSet::with_balance(addrs, self.balance));
            let upstream = Arc::new(Upstream::over(key.clone(), spec, set.clone(), h2c));
            // Shared once a table holding it is served (see `retain`).
            let upstream_ref = Weak::new();
            sets.insert(
                key,
                Registered {
                    set,
                    upstream: upstream_ref,
                },
            );
            return (upstream, None);
        };
        let upstream = match entry.upstream.upgrade() {
            Some(u) if u.h2c == h2c && u.spec.as_ref() == Some(&spec) => u,
            _ => Arc::new(Upstream::over(key, spec, entry.set.clone(), h2c)),
        };
        (upstream, Some(addrs))
    }

    /// After a table is swapped in: forgets the sets none of its upstreams uses, and makes its
    /// upstreams the ones the next builds share (only a served table's: one a rejected build
    /// made is never shared).
    pub fn retain(&self, served: &[Arc<Upstream>]) {
        let served: HashMap<&str, &Arc<Upstream>> =
            served.iter().map(|u| (u.name.as_str(), u)).collect();
        let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        sets.retain(|k, entry| match served.get(k.as_str()) {
            Some(upstream) => {
                entry.upstream = Arc::downgrade(upstream);
                true
            }
            None => false,
        });
    }

    /// How many sets are registered.
    pub fn len(&self) -> usize {
        self.sets.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// True when no set is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What an upstream stands for: a service port in a namespace, maybe a label subset of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamSpec {
    /// Namespace of the Service.
    pub namespace: String,
    /// Service name.
    pub service: String,
    /// Port number or name.
    pub port: IntOrString,
    /// Version labels of the subset (route-rule destinations); empty for all endpoints.
    pub labels: Vec<(String, String)>,
}

impl UpstreamSpec {
    /// `service.namespace:port`, with `[label=value,...]` for a subset.
    pub fn key(&self) -> String {
        let UpstreamSpec {
            namespace,
            service,
            port,
            labels,
        } = self;
        if labels.is_empty() {
            format!("{service}.{namespace}:{port}")
        } else {
            let subset: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{service}.{namespace}:{port}[{}]", subset.join(","))
        }
    }
}

/// One service port (or subset) the proxy sends to; its addresses live in the registry.
#[derive(Debug)]
pub struct Upstream {
    /// `service.namespace:port`.
    pub name: String,
    /// What it stands for (none for one made by [`Upstream::new`]).
    pub spec: Option<UpstreamSpec>,
    /// The addresses, balanced round-robin, replaceable without recompiling the table.
    pub endpoints: Arc<EndpointSet>,
    /// Speak HTTP/2 cleartext (ports `http2-*`, `grpc-*`, appProtocol h2c).
    pub h2c: bool,
}

impl Upstream {
    /// The upstream a table makes for `spec`, named by its key, over a registered set.
    fn over(name: String, spec: UpstreamSpec, endpoints: Arc<EndpointSet>, h2c: bool) -> Self {
        Upstream {
            name,
            spec: Some(spec),
            endpoints,
            h2c,
        }
    }

    /// An upstream over these endpoints, in a set of its own (tests and benchmarks).
    pub fn new(name: String, endpoints: Vec<String>, h2c: bool) -> Self {
        Upstream {
            name,
            spec: None,
            endpoints: Arc::new(EndpointSet::new(endpoints)),
            h2c,
        }
    }

    /// The endpoint for the next request; `None` when there is none.
    pub fn pick(&self) -> Option<Picked> {
        self.endpoints.pick()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_keeps_the_set_and_its_position() {
        let registry = EndpointRegistry::default();
        let spec = || UpstreamSpec {
            namespace: "default".into(),
            service: "a".into(),
            port: IntOrString::Int(80),
            labels: vec![],
        };
        let (first, pending) = registry.upstream(
            spec(),
            vec!["10.0.0.1:80".into(), "10.0.0.2:80".into()],
            false,
        );
        assert!(pending.is_none(), "a new set holds its addresses at once");
        registry.retain(std::slice::from_ref(&first));
        let set = first.endpoints.clone();
        assert_eq!(set.pick().as_deref(), Some("10.0.0.1:80"));
        let (second, pending) = registry.upstream(
            spec(),
            vec!["10.0.0.1:80".into(), "10.0.0.3:80".into()],
            false,
        );
        assert!(Arc::ptr_eq(&first, &second), "the same upstream, shared");
        let (h2c, _) = registry.upstream(spec(), vec![], true);
        assert!(
            !Arc::ptr_eq(&first, &h2c),
            "another protocol: another upstream"
        );
        drop(h2c);
        let (third, _) = registry.upstream(spec(), vec![], false);
        assert!(
            Arc::ptr_eq(&first, &third),
            "an upstream of a build that was not served is not shared"
        );
        let (h2c, _) = registry.upstream(spec(), vec![], true);
        let again = h2c.endpoints.clone();
        assert!(Arc::ptr_eq(&set, &again), "the same set");
        assert_eq!(
            set.addrs(),
            ["10.0.0.1:80", "10.0.0.2:80"],
            "untouched until accepted"
        );
        again.replace(pending.expect("addresses handed back"));
        assert_eq!(
            set.pick().as_deref(),
            Some("10.0.0.3:80"),
            "round-robin went on"
        );
        registry.retain(&[]);
        assert!(registry.is_empty());
    }

    #[test]
    fn a_failing_endpoint_is_left_out_until_it_is_the_only_one() {
        let set = EndpointSet::new(vec!["a:1".into(), "b:1".into()]);
        let first = set.pick().expect("an endpoint");
        assert_eq!(&*first, "a:1");
        first.failed();
        drop(first);
        for _ in 0..4 {
            assert_eq!(&*set.pick().expect("an endpoint"), "b:1", "a is ejected");
        }
        set.pick().expect("b").failed();
        let both_ejected: Vec<String> = (0..2)
            .map(|_| set.pick().expect("still tried").to_string())
            .collect();
        assert_eq!(
            both_ejected.len(),
            2,
            "all ejected: tried anyway, never none"
        );
        set.replace(vec!["b:1".into(), "c:1".into()]);
        assert_eq!(
            &*set.pick().expect("c"),
            "c:1",
            "b keeps its ejection across a replace"
        );
    }

    #[test]
    fn least_request_prefers_the_less_busy_of_two() {
        let set =
            EndpointSet::with_balance(vec!["a:1".into(), "b:1".into()], Balance::LeastRequest);
        let busy = set.pick().expect("a");
        assert_eq!(&*busy, "a:1");
        for _ in 0..3 {
            let p = set.pick().expect("b");
            assert_eq!(&*p, "b:1", "a has a request in flight");
        }
        drop(busy);
        let picks: Vec<String> = (0..2).map(|_| set.pick().expect("x").to_string()).collect();
        assert!(picks.contains(&"a:1".to_string()), "{picks:?}");
    }

    #[test]
    fn an_empty_set_picks_nothing() {
        assert!(EndpointSet::new(Vec::new()).pick().is_none());
    }
}
