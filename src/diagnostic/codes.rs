//! The table of diagnostic codes. Codes are stable: never renumber, only add.
//! Each code has an entry in `docs/diagnostics.md` (a test keeps the two in step).

/// A stable diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// Malformed YAML.
    YamlSyntax,
    /// A field the schema does not have.
    UnknownField,
    /// A field of the wrong type or an invalid value for its type.
    InvalidType,
    /// A required field is missing.
    MissingField,
    /// A kind or apiVersion ingressctl does not check (skipped).
    UnknownKind,
    /// The input holds no objects.
    NoObjects,
    /// The input is not UTF-8 text.
    NotText,
    /// A document without `apiVersion` or `kind`.
    MissingTypeMeta,
    /// An Ingress without the `istio` class.
    MissingIngressClass,
    /// An Ingress of another class (not for this controller).
    OtherIngressClass,
    /// An annotation the Istio ingress ignores.
    IgnoredAnnotation,
    /// A regex path.
    RegexPath,
    /// A path that reads as a regex only because of a `.`.
    AccidentalRegexPath,
    /// A path that does not start with `/`.
    RelativePath,
    /// A TLS `secretName` that Istio ignores.
    TlsSecretIgnored,
    /// More than one TLS certificate.
    MultipleTls,
    /// A backend port name against Istio's naming convention.
    PortNaming,
    /// A backend port whose protocol cannot be an ingress backend.
    NonHttpBackend,
    /// A backend port the Service does not declare.
    UnknownServicePort,
    /// A `resource` backend.
    ResourceBackend,
    /// An invalid host.
    InvalidHost,
    /// An Ingress with neither rules nor a default backend.
    EmptyIngress,
    /// The same host and path claimed twice.
    DuplicatePath,
    /// A backend without a service name or port.
    IncompleteBackend,
    /// An unknown `pathType`.
    InvalidPathType,
    /// A RouteRule without a destination.
    MissingDestination,
    /// Labels on a RouteRule's destination.
    DestinationLabels,
    /// Route weights that do not total 100.
    WeightsTotal,
    /// A redirect combined with route, rewrite, fault or websocket.
    RedirectConflict,
    /// A duration Go could not parse.
    InvalidDuration,
    /// A regex that does not compile.
    InvalidRegex,
    /// An upper-case header name.
    UppercaseHeader,
    /// An `l4Fault` (never implemented).
    L4Fault,
    /// Fault injection in a rule that applies at the ingress.
    FaultAtIngress,
    /// A rule's `uri` match that differs from the Ingress path.
    UriMismatch,
    /// A rule that an earlier rule shadows.
    ShadowedRule,
    /// A string match without exactly one of exact, prefix, regex.
    InvalidStringMatch,
    /// An invalid service reference.
    InvalidServiceRef,
    /// A redirect or rewrite with nothing to change.
    EmptyRedirectOrRewrite,
    /// An invalid fault block.
    InvalidFault,
    /// An invalid retry block.
    InvalidRetries,
    /// A match the Istio ingress of the era did not honour.
    MatchUnsupportedAtIngress,
    /// An invalid CORS policy.
    InvalidCors,
    /// An appended header with an empty value.
    InvalidAppendHeader,
    /// A TLS Secret without a usable certificate and key.
    InvalidTlsSecret,
    /// The ingress certificate Secret outside `istio-system`.
    SecretNamespace,
    /// A backend or destination Service that does not exist in the cluster.
    MissingService,
    /// A backend Service with no ready endpoint.
    NoReadyEndpoints,
    /// An Ingress with TLS but no `istio-system/istio-ingress-certs` in the cluster.
    MissingIngressCerts,
    /// No ingress Service or pod in the cluster.
    NoIngressGateway,
    /// An `nginx.ingress.kubernetes.io/*` annotation ingressctl does not know.
    NginxUnknownAnnotation,
    /// An ingress-nginx annotation whose value ingress-nginx would not have read.
    NginxInvalidValue,
    /// ingress-nginx `rewrite-target`.
    NginxRewrite,
    /// ingress-nginx `use-regex`.
    NginxUseRegex,
    /// ingress-nginx `ssl-redirect`, `force-ssl-redirect`, `preserve-trailing-slash`.
    NginxSslRedirect,
    /// ingress-nginx `permanent-redirect`, `temporal-redirect`, their codes, `from-to-www-redirect`.
    NginxRedirect,
    /// ingress-nginx `app-root`.
    NginxAppRoot,
    /// ingress-nginx `canary` and `canary-*`.
    NginxCanary,
    /// ingress-nginx `enable-cors` and `cors-*`.
    NginxCors,
    /// ingress-nginx `proxy-*-timeout`.
    NginxTimeout,
    /// ingress-nginx `proxy-next-upstream*`.
    NginxRetry,
    /// ingress-nginx `proxy-body-size`, `client-body-buffer-size`.
    NginxBodySize,
    /// ingress-nginx `backend-protocol`.
    NginxBackendProtocol,
    /// ingress-nginx `upstream-vhost`.
    NginxUpstreamVhost,
    /// ingress-nginx `x-forwarded-prefix`.
    NginxForwardedPrefix,
    /// ingress-nginx `whitelist-source-range` and its successors.
    NginxSourceRange,
    /// ingress-nginx `affinity` and `session-cookie-*`.
    NginxAffinity,
    /// ingress-nginx `auth-*`, `satisfy`, `enable-global-auth`.
    NginxAuth,
    /// ingress-nginx `limit-*`, `global-rate-limit*`.
    NginxRateLimit,
    /// ingress-nginx configuration snippets.
    NginxSnippet,
    /// ingress-nginx `ssl-passthrough`.
    NginxSslPassthrough,
    /// Any other ingress-nginx annotation of the table.
    NginxOther,
    /// A path ingress-nginx matched as a case-insensitive regex anchored only at its start.
    NginxRegexPath,
    /// A path made a regex by `use-regex` or `rewrite-target` on another Ingress of its host.
    NginxHostWideRegex,
    /// A path made a regex by `rewrite-target` without `use-regex`.
    NginxRewriteRegex,
    /// A prefix path ending in `/` that ingress-nginx answered without the slash with a 301.
    NginxTrailingSlash,
    /// A TLS Ingress whose plain-HTTP requests ingress-nginx redirected to HTTPS by default.
    NginxImplicitSslRedirect,
}

impl Code {
    /// Every code, in numeric order.
    pub const ALL: &'static [Code] = &[
        Code::YamlSyntax,
        Code::UnknownField,
        Code::InvalidType,
        Code::MissingField,
        Code::UnknownKind,
        Code::NoObjects,
        Code::NotText,
        Code::MissingTypeMeta,
        Code::MissingIngressClass,
        Code::OtherIngressClass,
        Code::IgnoredAnnotation,
        Code::RegexPath,
        Code::AccidentalRegexPath,
        Code::RelativePath,
        Code::TlsSecretIgnored,
        Code::MultipleTls,
        Code::PortNaming,
        Code::NonHttpBackend,
        Code::UnknownServicePort,
        Code::ResourceBackend,
        Code::InvalidHost,
        Code::EmptyIngress,
        Code::DuplicatePath,
        Code::IncompleteBackend,
        Code::InvalidPathType,
        Code::MissingDestination,
        Code::DestinationLabels,
        Code::WeightsTotal,
        Code::RedirectConflict,
        Code::InvalidDuration,
        Code::InvalidRegex,
        Code::UppercaseHeader,
        Code::L4Fault,
        Code::FaultAtIngress,
        Code::UriMismatch,
        Code::ShadowedRule,
        Code::InvalidStringMatch,
        Code::InvalidServiceRef,
        Code::EmptyRedirectOrRewrite,
        Code::InvalidFault,
        Code::InvalidRetries,
        Code::MatchUnsupportedAtIngress,
        Code::InvalidCors,
        Code::InvalidAppendHeader,
        Code::InvalidTlsSecret,
        Code::SecretNamespace,
        Code::MissingService,
        Code::NoReadyEndpoints,
        Code::MissingIngressCerts,
        Code::NoIngressGateway,
        Code::NginxUnknownAnnotation,
        Code::NginxInvalidValue,
        Code::NginxRewrite,
        Code::NginxUseRegex,
        Code::NginxSslRedirect,
        Code::NginxRedirect,
        Code::NginxAppRoot,
        Code::NginxCanary,
        Code::NginxCors,
        Code::NginxTimeout,
        Code::NginxRetry,
        Code::NginxBodySize,
        Code::NginxBackendProtocol,
        Code::NginxUpstreamVhost,
        Code::NginxForwardedPrefix,
        Code::NginxSourceRange,
        Code::NginxAffinity,
        Code::NginxAuth,
        Code::NginxRateLimit,
        Code::NginxSnippet,
        Code::NginxSslPassthrough,
        Code::NginxOther,
        Code::NginxRegexPath,
        Code::NginxHostWideRegex,
        Code::NginxRewriteRegex,
        Code::NginxTrailingSlash,
        Code::NginxImplicitSslRedirect,
    ];

    /// The stable identifier, e.g. `ICTL0104`.
    pub fn id(self) -> &'static str {
        self.info().0
    }

    /// True when an error of this code means the object itself is malformed (the API server,
    /// or the resource's own schema, would refuse it), rather than valid but not served as
    /// written by the Istio ingress. Generators refuse the first kind and warn of the second.
    pub fn is_malformed_object(self) -> bool {
        matches!(
            self,
            Code::YamlSyntax
                | Code::UnknownField
                | Code::InvalidType
                | Code::MissingField
                | Code::MissingTypeMeta
                | Code::InvalidHost
                | Code::InvalidPathType
                | Code::IncompleteBackend
                | Code::MissingDestination
                | Code::WeightsTotal
                | Code::RedirectConflict
                | Code::InvalidDuration
                | Code::InvalidRegex
                | Code::InvalidStringMatch
                | Code::InvalidServiceRef
                | Code::EmptyRedirectOrRewrite
                | Code::InvalidFault
                | Code::InvalidRetries
                | Code::InvalidCors
                | Code::InvalidAppendHeader
        )
    }

    /// A short kebab-case name, e.g. `regex-path`.
    pub fn name(self) -> &'static str {
        self.info().1
    }

    fn info(self) -> (&'static str, &'static str) {
        match self {
            Code::YamlSyntax => ("ICTL0001", "yaml-syntax"),
            Code::UnknownField => ("ICTL0002", "unknown-field"),
            Code::InvalidType => ("ICTL0003", "invalid-type"),
            Code::MissingField => ("ICTL0004", "missing-field"),
            Code::UnknownKind => ("ICTL0005", "unknown-kind"),
            Code::NoObjects => ("ICTL0006", "no-objects"),
            Code::NotText => ("ICTL0007", "not-text"),
            Code::MissingTypeMeta => ("ICTL0008", "missing-type-meta"),
            Code::MissingIngressClass => ("ICTL0101", "missing-ingress-class"),
            Code::OtherIngressClass => ("ICTL0102", "other-ingress-class"),
            Code::IgnoredAnnotation => ("ICTL0103", "ignored-annotation"),
            Code::RegexPath => ("ICTL0104", "regex-path"),
            Code::AccidentalRegexPath => ("ICTL0105", "accidental-regex-path"),
            Code::RelativePath => ("ICTL0106", "relative-path"),
            Code::TlsSecretIgnored => ("ICTL0107", "tls-secret-ignored"),
            Code::MultipleTls => ("ICTL0108", "multiple-tls"),
            Code::PortNaming => ("ICTL0109", "port-naming"),
            Code::NonHttpBackend => ("ICTL0110", "non-http-backend"),
            Code::UnknownServicePort => ("ICTL0111", "unknown-service-port"),
            Code::ResourceBackend => ("ICTL0112", "resource-backend"),
            Code::InvalidHost => ("ICTL0113", "invalid-host"),
            Code::EmptyIngress => ("ICTL0114", "empty-ingress"),
            Code::DuplicatePath => ("ICTL0115", "duplicate-path"),
            Code::IncompleteBackend => ("ICTL0116", "incomplete-backend"),
            Code::InvalidPathType => ("ICTL0117", "invalid-path-type"),
            Code::MissingDestination => ("ICTL0201", "missing-destination"),
            Code::DestinationLabels => ("ICTL0202", "destination-labels"),
            Code::WeightsTotal => ("ICTL0203", "weights-total"),
            Code::RedirectConflict => ("ICTL0204", "redirect-conflict"),
            Code::InvalidDuration => ("ICTL0205", "invalid-duration"),
            Code::InvalidRegex => ("ICTL0206", "invalid-regex"),
            Code::UppercaseHeader => ("ICTL0207", "uppercase-header"),
            Code::L4Fault => ("ICTL0208", "l4-fault"),
            Code::FaultAtIngress => ("ICTL0209", "fault-at-ingress"),
            Code::UriMismatch => ("ICTL0210", "uri-mismatch"),
            Code::ShadowedRule => ("ICTL0211", "shadowed-rule"),
            Code::InvalidStringMatch => ("ICTL0212", "invalid-string-match"),
            Code::InvalidServiceRef => ("ICTL0213", "invalid-service-ref"),
            Code::EmptyRedirectOrRewrite => ("ICTL0214", "empty-redirect-or-rewrite"),
            Code::InvalidFault => ("ICTL0215", "invalid-fault"),
            Code::InvalidRetries => ("ICTL0216", "invalid-retries"),
            Code::MatchUnsupportedAtIngress => ("ICTL0217", "match-unsupported-at-ingress"),
            Code::InvalidCors => ("ICTL0218", "invalid-cors"),
            Code::InvalidAppendHeader => ("ICTL0219", "invalid-append-header"),
            Code::InvalidTlsSecret => ("ICTL0301", "invalid-tls-secret"),
            Code::SecretNamespace => ("ICTL0302", "secret-namespace"),
            Code::MissingService => ("ICTL0401", "missing-service"),
            Code::NoReadyEndpoints => ("ICTL0402", "no-ready-endpoints"),
            Code::MissingIngressCerts => ("ICTL0403", "missing-ingress-certs"),
            Code::NoIngressGateway => ("ICTL0404", "no-ingress-gateway"),
            Code::NginxUnknownAnnotation => ("ICTL0501", "nginx-unknown-annotation"),
            Code::NginxInvalidValue => ("ICTL0502", "nginx-invalid-value"),
            Code::NginxRewrite => ("ICTL0510", "nginx-rewrite"),
            Code::NginxUseRegex => ("ICTL0511", "nginx-use-regex"),
            Code::NginxSslRedirect => ("ICTL0512", "nginx-ssl-redirect"),
            Code::NginxRedirect => ("ICTL0513", "nginx-redirect"),
            Code::NginxAppRoot => ("ICTL0514", "nginx-app-root"),
            Code::NginxCanary => ("ICTL0515", "nginx-canary"),
            Code::NginxCors => ("ICTL0516", "nginx-cors"),
            Code::NginxTimeout => ("ICTL0517", "nginx-timeout"),
            Code::NginxRetry => ("ICTL0518", "nginx-retry"),
            Code::NginxBodySize => ("ICTL0519", "nginx-body-size"),
            Code::NginxBackendProtocol => ("ICTL0520", "nginx-backend-protocol"),
            Code::NginxUpstreamVhost => ("ICTL0521", "nginx-upstream-vhost"),
            Code::NginxForwardedPrefix => ("ICTL0522", "nginx-forwarded-prefix"),
            Code::NginxSourceRange => ("ICTL0523", "nginx-source-range"),
            Code::NginxAffinity => ("ICTL0524", "nginx-affinity"),
            Code::NginxAuth => ("ICTL0525", "nginx-auth"),
            Code::NginxRateLimit => ("ICTL0526", "nginx-rate-limit"),
            Code::NginxSnippet => ("ICTL0527", "nginx-snippet"),
            Code::NginxSslPassthrough => ("ICTL0528", "nginx-ssl-passthrough"),
            Code::NginxOther => ("ICTL0529", "nginx-other"),
            Code::NginxRegexPath => ("ICTL0530", "nginx-regex-path"),
            Code::NginxHostWideRegex => ("ICTL0531", "nginx-host-wide-regex"),
            Code::NginxRewriteRegex => ("ICTL0532", "nginx-rewrite-regex"),
            Code::NginxTrailingSlash => ("ICTL0533", "nginx-trailing-slash-redirect"),
            Code::NginxImplicitSslRedirect => ("ICTL0534", "nginx-implicit-ssl-redirect"),
        }
    }
}
