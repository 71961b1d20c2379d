//! [`StringMap`]: labels and annotations, kept small.
//!
//! A `BTreeMap<String, String>` allocates a node with room for eleven pairs (about 540 bytes)
//! on its first insert, so 10,000 Ingresses with one annotation each hold 5 MB of empty room.
//! Objects carry a handful of labels and annotations: sorted pairs in one vector, looked up by
//! binary search, cost what they hold.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Keys and values (labels, annotations), sorted by key, each key once; serialises as a map.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct StringMap(Vec<(String, String)>);

impl StringMap {
    /// An empty map (no allocation).
    pub const fn new() -> StringMap {
        StringMap(Vec::new())
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.position(key).ok().map(|i| &self.0[i].1)
    }

    /// The value of `key`, to change in place.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut String> {
        self.position(key).ok().map(|i| &mut self.0[i].1)
    }

    /// Sets `key`; returns the value it replaced.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.position(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// The pairs, in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &String)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    /// How many pairs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps only the pairs `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut String) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v));
    }
}

impl fmt::Debug for StringMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Extend<(String, String)> for StringMap {
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, pairs: I) {
        for (k, v) in pairs {
            self.insert(k, v);
        }
    }
}

impl<'a> IntoIterator for &'a StringMap {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Serialize for StringMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for StringMap {
    /// A repeated key keeps its last value, as a `BTreeMap` would.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StringMap, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = StringMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<StringMap, A::Error> {
                let mut map = StringMap(Vec::with_capacity(access.size_hint().unwrap_or(0)));
                while let Some((k, v)) = access.next_entry::<String, String>()? {
                    map.insert(k, v);
                }
                map.0.shrink_to_fit();
                Ok(map)
            }
        }
        d.deserialize_map(Pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(map: &StringMap) -> Vec<(&str, &str)> {
        map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }

    #[test]
    fn keeps_keys_sorted_and_once() {
        let mut map = StringMap::new();
        assert_eq!(map.insert("b".into(), "2".into()), None);
        assert_eq!(map.insert("a".into(), "1".into()), None);
        assert_eq!(map.insert("b".into(), "3".into()), Some("2".into()));
        assert_eq!(pairs(&map), [("a", "1"), ("b", "3")]);
        assert_eq!(map.get("b").map(String::as_str), Some("3"));
        assert_eq!(map.get("c"), None);
    }

    #[test]
    fn reads_and_writes_yaml_and_json_maps() {
        let map: StringMap = serde_yaml::from_str("z: last\na: first\n").expect("a map");
        assert_eq!(map.get("a").map(String::as_str), Some("first"));
        let json = serde_json::to_string(&map).expect("json");
        assert!(json.starts_with(r#"{"a":"first","z":"#), "{json}");
        let back: StringMap = serde_json::from_str(&json).expect("back");
        assert_eq!(back, map);
        let repeated: StringMap =
            serde_json::from_str(r#"{"k": "1", "k": "2"}"#).expect("repeated key");
        assert_eq!(pairs(&repeated), [("k", "2")], "the last value wins");
        assert!(serde_json::from_str::<StringMap>(r#"{"k": 1}"#).is_err());
        assert!(serde_json::from_str::<StringMap>("[]").is_err());
    }
}
