//! The object store: objects keyed by resource/namespace/name, one global resourceVersion
//! counter, the event history watches replay from, and the request log.

use std::collections::{BTreeMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::broadcast;

use super::Recorded;
use super::catalog::ResourceDef;

/// How many events watches can replay before a resourceVersion counts as expired.
const HISTORY: usize = 10_000;

/// Where an object lives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key {
    /// API group.
    pub group: String,
    /// Resource plural.
    pub plural: String,
    /// Namespace; empty for cluster-scoped objects.
    pub namespace: String,
    /// Object name.
    pub name: String,
}

impl Key {
    /// The key of `name` in `namespace` for a resource.
    pub fn new(def: &ResourceDef, namespace: &str, name: &str) -> Self {
        Key {
            group: def.group.to_string(),
            plural: def.plural.to_string(),
            namespace: if def.namespaced {
                namespace.to_string()
            } else {
                String::new()
            },
            name: name.to_string(),
        }
    }
}

/// One change, as watches stream it.
#[derive(Debug, Clone)]
pub(super) struct Event {
    /// The resourceVersion the change produced.
    pub rv: u64,
    /// `ADDED`, `MODIFIED` or `DELETED`.
    pub kind: &'static str,
    /// Where the object lives.
    pub key: Key,
    /// The object after the change (before it, for DELETED, with the new resourceVersion).
    pub object: Value,
}

/// Everything mutable, behind one mutex.
pub(super) struct State {
    objects: BTreeMap<Key, Value>,
    rv: u64,
    history: VecDeque<Arc<Event>>,
    compacted: u64,
    events: broadcast::Sender<Arc<Event>>,
    /// Every request received, in order.
    pub requests: Vec<Recorded>,
    serial: u64,
}

/// The current time as the API server writes timestamps (`2025-01-01T00:00:00Z`).
pub(super) fn now() -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::now_utc()
        .format(format)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// Sets a metadata field, creating `metadata` if needed.
pub(super) fn set_meta(obj: &mut Value, key: &str, value: Value) {
    if !obj.get("metadata").is_some_and(Value::is_object) {
        obj["metadata"] = json!({});
    }
    obj["metadata"][key] = value;
}

/// A metadata string field.
pub(super) fn meta_str<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    obj.get("metadata")
        .and_then(|m| m.get(key))
        .and_then(Value::as_str)
}

impl State {
    /// An empty store.
    pub fn new() -> Self {
        let (events, _) = broadcast::channel(4096);
        State {
            objects: BTreeMap::new(),
            rv: 1000,
            history: VecDeque::new(),
            compacted: 0,
            events,
            requests: Vec::new(),
            serial: 0,
        }
    }

    /// The latest resourceVersion.
    pub fn current_rv(&self) -> u64 {
        self.rv
    }

    /// A fresh random-looking UID.
    pub fn uid(&mut self) -> String {
        self.serial += 1;
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(self.serial);
        let high = hasher.finish();
        hasher.write_u64(high);
        let low = hasher.finish();
        let hex = format!("{high:016x}{low:016x}");
        format!(
            "{}-{}-4{}-a{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        )
    }

    /// A five-character `generateName` suffix.
    pub fn name_suffix(&mut self) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let uid = self.uid();
        uid.bytes()
            .filter(u8::is_ascii_hexdigit)
            .take(5)
            .map(|b| ALPHABET[usize::from(b) % ALPHABET.len()] as char)
            .collect()
    }

    /// The object at `key`.
    pub fn get(&self, key: &Key) -> Option<&Value> {
        self.objects.get(key)
    }

    /// Whether a namespace exists.
    pub fn namespace_exists(&self, namespace: &str) -> bool {
        let key = Key {
            group: String::new(),
            plural: "namespaces".into(),
            namespace: String::new(),
            name: namespace.to_string(),
        };
        self.objects.contains_key(&key)
    }

    /// Objects of a resource, optionally in one namespace, in key order.
    pub fn objects_of<'a>(
        &'a self,
        def: &'a ResourceDef,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a Key, &'a Value)> + 'a {
        self.objects.iter().filter(move |(k, _)| {
            k.group == def.group
                && k.plural == def.plural
                && namespace.is_none_or(|ns| k.namespace == ns)
        })
    }

    /// Keys of every object in a namespace (for cascading namespace deletion).
    pub fn keys_in_namespace(&self, namespace: &str) -> Vec<Key> {
        self.objects
            .keys()
            .filter(|k| k.namespace == namespace)
            .cloned()
            .collect()
    }

    /// Stores `obj` at `key` with a new resourceVersion and publishes the event.
    pub fn put(&mut self, key: Key, mut obj: Value) -> Value {
        self.rv += 1;
        set_meta(&mut obj, "resourceVersion", json!(self.rv.to_string()));
        let kind = if self.objects.contains_key(&key) {
            "MODIFIED"
        } else {
            "ADDED"
        };
        self.objects.insert(key.clone(), obj.clone());
        self.publish(kind, key, obj.clone());
        obj
    }

    /// Removes the object at `key`, publishing DELETED with a new resourceVersion.
    pub fn remove(&mut self, key: &Key) -> Option<Value> {
        let mut obj = self.objects.remove(key)?;
        self.rv += 1;
        set_meta(&mut obj, "resourceVersion", json!(self.rv.to_string()));
        self.publish("DELETED", key.clone(), obj.clone());
        Some(obj)
    }

    /// Records an event in the history and wakes watchers.
    fn publish(&mut self, kind: &'static str, key: Key, object: Value) {
        let event = Arc::new(Event {
            rv: self.rv,
            kind,
            key,
            object,
        });
        self.history.push_back(event.clone());
        while self.history.len() > HISTORY {
            if let Some(old) = self.history.pop_front() {
                self.compacted = old.rv;
            }
        }
        // No receivers is fine: nobody is watching.
        let _ = self.events.send(event);
    }

    /// A receiver for events after now.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.events.subscribe()
    }

    /// Events after `rv`, or `Err(oldest available)` when `rv` has been compacted away.
    pub fn events_since(&self, rv: u64) -> Result<Vec<Arc<Event>>, u64> {
        if rv < self.compacted {
            return Err(self.compacted + 1);
        }
        Ok(self.history.iter().filter(|e| e.rv > rv).cloned().collect())
    }
}
