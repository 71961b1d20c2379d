//! The endpoint registry: the addresses behind each upstream live here, apart from the
//! compiled route table, so that an endpoint change replaces one set in place (no regexes
//! recompiled, no TLS keys re-parsed) and round-robin position survives it and every
//! table rebuild.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;

/// The addresses of one upstream (a service port, or a label subset of it), replaceable
/// while requests are picking from it.
#[derive(Debug)]
pub struct EndpointSet {
    addrs: ArcSwap<Vec<Arc<str>>>,
    next: AtomicUsize,
}

impl EndpointSet {
    /// A set over these `host:port` addresses.
    pub fn new(addrs: Vec<String>) -> Self {
        EndpointSet {
            addrs: ArcSwap::from_pointee(addrs.into_iter().map(Arc::from).collect()),
            next: AtomicUsize::new(0),
        }
    }

    /// The next address, round-robin; `None` when the set is empty.
    pub fn pick(&self) -> Option<Arc<str>> {
        let addrs = self.addrs.load();
        if addrs.is_empty() {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % addrs.len();
        Some(addrs[i].clone())
    }

    /// Replaces the addresses (requests in flight keep the one they picked).
    pub fn replace(&self, addrs: Vec<String>) {
        let same = {
            let current = self.addrs.load();
            current.len() == addrs.len() && current.iter().zip(&addrs).all(|(a, b)| **a == **b)
        };
        if !same {
            self.addrs
                .store(Arc::new(addrs.into_iter().map(Arc::from).collect()));
        }
    }

    /// The current addresses.
    pub fn addrs(&self) -> Vec<String> {
        self.addrs.load().iter().map(|a| a.to_string()).collect()
    }
}

/// New addresses for endpoint sets that a served table may share, put in together once the
/// change is accepted (a rejected reload must not change what is being served).
#[derive(Debug, Default)]
#[must_use = "endpoint changes take effect only when applied"]
pub struct EndpointChanges(Vec<(Arc<EndpointSet>, Vec<String>)>);

impl EndpointChanges {
    /// Records new addresses for a set.
    pub fn push(&mut self, set: Arc<EndpointSet>, addrs: Vec<String>) {
        self.0.push((set, addrs));
    }

    /// How many sets get addresses that differ from what they hold.
    pub fn len(&self) -> usize {
        self.0
            .iter()
            .filter(|(set, addrs)| set.addrs() != *addrs)
            .count()
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

/// Every upstream's endpoint set, by upstream key (`service.namespace:port[subset]`).
#[derive(Debug, Default)]
pub struct EndpointRegistry {
    sets: Mutex<HashMap<String, Arc<EndpointSet>>>,
}

impl EndpointRegistry {
    /// The set for `key`: a new one holding `addrs`, or the existing one untouched with
    /// `addrs` handed back, to be put in with [`EndpointSet::replace`] once the table that
    /// wants them is accepted (a rejected reload must not change what is being served).
    pub fn get_or_create(
        &self,
        key: &str,
        addrs: Vec<String>,
    ) -> (Arc<EndpointSet>, Option<Vec<String>>) {
        let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        match sets.get(key) {
            Some(set) => (set.clone(), Some(addrs)),
            None => {
                let set = Arc::new(EndpointSet::new(addrs));
                sets.insert(key.to_string(), set.clone());
                (set, None)
            }
        }
    }

    /// Forgets the sets no upstream uses any more (after a new table is swapped in).
    pub fn retain(&self, used: &HashSet<String>) {
        let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        sets.retain(|k, _| used.contains(k));
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

/// One service port (or subset) the proxy sends to; its addresses live in the registry.
#[derive(Debug)]
pub struct Upstream {
    /// `service.namespace:port`.
    pub name: String,
    /// The addresses, balanced round-robin, replaceable without recompiling the table.
    pub endpoints: Arc<EndpointSet>,
    /// Speak HTTP/2 cleartext (ports `http2-*`, `grpc-*`, appProtocol h2c).
    pub h2c: bool,
}

impl Upstream {
    /// An upstream over these endpoints, in a set of its own (tests and benchmarks).
    pub fn new(name: String, endpoints: Vec<String>, h2c: bool) -> Self {
        Upstream {
            name,
            endpoints: Arc::new(EndpointSet::new(endpoints)),
            h2c,
        }
    }

    /// The next endpoint, round-robin; `None` when there is none.
    pub fn pick(&self) -> Option<Arc<str>> {
        self.endpoints.pick()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_keeps_the_set_and_its_position() {
        let registry = EndpointRegistry::default();
        let (set, pending) =
            registry.get_or_create("a", vec!["10.0.0.1:80".into(), "10.0.0.2:80".into()]);
        assert!(pending.is_none(), "a new set holds its addresses at once");
        assert_eq!(set.pick().as_deref(), Some("10.0.0.1:80"));
        let (again, pending) =
            registry.get_or_create("a", vec!["10.0.0.1:80".into(), "10.0.0.3:80".into()]);
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
        registry.retain(&HashSet::new());
        assert!(registry.is_empty());
    }

    #[test]
    fn an_empty_set_picks_nothing() {
        assert!(EndpointSet::new(Vec::new()).pick().is_none());
    }
}
