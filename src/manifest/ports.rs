//! Istio's port naming convention: the protocol a Service port speaks (spec reference 4).

/// The protocol Istio derives from a port's `appProtocol` or name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortProtocol {
    /// `http`, `http-*`, `kubernetes.io/ws`: HTTP/1.1.
    Http,
    /// `http2-*`, `grpc-*`, `grpc-web`, `kubernetes.io/h2c`: HTTP/2 cleartext.
    Http2,
    /// `https`, `tcp`, `tls`, `mongo`, `redis`, `mysql`, `udp`: not an HTTP backend.
    NotHttp,
    /// No convention followed: TCP to the Istio of the era.
    Unknown,
}

impl PortProtocol {
    /// True for protocols an ingress can route HTTP to.
    pub fn is_http(self) -> bool {
        matches!(self, PortProtocol::Http | PortProtocol::Http2)
    }
}

/// Classifies a port by `appProtocol` (when set) or by the name's prefix before `-`.
pub fn classify(name: &str, app_protocol: Option<&str>) -> PortProtocol {
    if let Some(app) = app_protocol {
        return match app.to_ascii_lowercase().as_str() {
            "kubernetes.io/h2c" | "http2" | "grpc" | "h2c" => PortProtocol::Http2,
            "kubernetes.io/ws" | "http" => PortProtocol::Http,
            _ => PortProtocol::NotHttp,
        };
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("grpc-web") {
        return PortProtocol::Http2;
    }
    match lower.split('-').next().unwrap_or("") {
        "http" => PortProtocol::Http,
        "http2" | "grpc" => PortProtocol::Http2,
        "https" | "tcp" | "tls" | "mongo" | "redis" | "mysql" | "udp" => PortProtocol::NotHttp,
        _ => PortProtocol::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_convention() {
        assert_eq!(classify("http", None), PortProtocol::Http);
        assert_eq!(classify("http-web", None), PortProtocol::Http);
        assert_eq!(classify("http2-api", None), PortProtocol::Http2);
        assert_eq!(classify("grpc-echo", None), PortProtocol::Http2);
        assert_eq!(classify("http2foo", None), PortProtocol::Unknown);
        assert_eq!(classify("https", None), PortProtocol::NotHttp);
        assert_eq!(
            classify("web", Some("kubernetes.io/h2c")),
            PortProtocol::Http2
        );
    }
}
