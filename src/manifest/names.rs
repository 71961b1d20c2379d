//! Kubernetes object names: what the API server accepts for `metadata.name` and namespaces.

/// True for a DNS-1123 label: at most 63 lower-case letters, digits and `-`, starting and
/// ending with a letter or digit (namespaces, Service names).
pub fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// True for a DNS-1123 subdomain: dot-separated labels, at most 253 characters in all (the
/// names of Ingresses, Secrets, RouteRules).
pub fn is_dns_subdomain(name: &str) -> bool {
    name.len() <= 253 && name.split('.').all(is_dns_label)
}

/// `metadata.name` of an Ingress, Secret or RouteRule, as a flag value (clap value parser).
pub fn object_name(name: &str) -> Result<String, String> {
    if is_dns_subdomain(name) {
        Ok(name.to_string())
    } else {
        Err(format!(
            "`{name}` is not a valid object name: use lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit (DNS-1123, at most 253 characters)"
        ))
    }
}

/// A namespace, as a flag value (clap value parser).
pub fn namespace(name: &str) -> Result<String, String> {
    if is_dns_label(name) {
        Ok(name.to_string())
    } else {
        Err(format!(
            "`{name}` is not a valid namespace: use lower-case letters, digits and `-`, starting and ending with a letter or digit (DNS-1123 label, at most 63 characters)"
        ))
    }
}

/// FNV-1a, 32 bits, of `text`: the same in every build and run (the standard hasher is not),
/// for names derived from other names.
pub fn stable_hash(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stable_hash_is_fnv_1a_and_never_changes() {
        assert_eq!(stable_hash(""), 0x811c_9dc5);
        assert_eq!(stable_hash("a"), 0xe40c_292c);
        assert_eq!(stable_hash("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn names_follow_dns_1123() {
        assert!(is_dns_subdomain("simple-ingress"));
        assert!(is_dns_subdomain("a.b-c.d"));
        assert!(!is_dns_subdomain("Bad_Name"));
        assert!(!is_dns_subdomain("a..b"));
        assert!(!is_dns_subdomain("-a"));
        assert!(!is_dns_subdomain(&"a".repeat(254)));
        assert!(is_dns_label("istio-system"));
        assert!(!is_dns_label("Foo_bar"));
        assert!(!is_dns_label("a.b"));
        assert!(!is_dns_label(&"a".repeat(64)));
        assert!(namespace("").is_err());
        assert!(object_name("ok").is_ok());
    }
}
