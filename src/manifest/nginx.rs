//! ingress-nginx annotations: what each one did under ingress-nginx, the grammar of its value,
//! and what expresses it at the Istio ingress of the guide (a RouteRule), in today's Istio
//! (a VirtualService) and in Gateway API (an HTTPRoute), or why nothing does.
//!
//! The table is data: `validate` reads it to explain an annotation, `convert` and `serve
//! --annotations ingress-nginx` carry what it says can be carried (see [`carry`]).

pub mod carry;

/// The prefix ingress-nginx reads by default.
pub const PREFIX: &str = "nginx.ingress.kubernetes.io/";

/// The older prefix (ingress-nginx before 0.9, and the GCE and nginx examples the guide
/// mentions): the same names under `ingress.kubernetes.io/`.
pub const LEGACY_PREFIX: &str = "ingress.kubernetes.io/";

/// A group of annotations that share a diagnostic code and a section of the migration guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// `rewrite-target`.
    Rewrite,
    /// `use-regex`.
    UseRegex,
    /// `ssl-redirect`, `force-ssl-redirect`, `preserve-trailing-slash`.
    SslRedirect,
    /// `permanent-redirect`, `temporal-redirect` and their codes, `from-to-www-redirect`.
    Redirect,
    /// `app-root`.
    AppRoot,
    /// `canary` and the `canary-*` set.
    Canary,
    /// `enable-cors` and the `cors-*` set.
    Cors,
    /// `proxy-connect-timeout`, `proxy-read-timeout`, `proxy-send-timeout`.
    Timeout,
    /// `proxy-next-upstream`, `proxy-next-upstream-tries`, `proxy-next-upstream-timeout`.
    Retry,
    /// `proxy-body-size`, `client-body-buffer-size`.
    BodySize,
    /// `backend-protocol`.
    BackendProtocol,
    /// `upstream-vhost`.
    UpstreamVhost,
    /// `x-forwarded-prefix`.
    ForwardedPrefix,
    /// `whitelist-source-range` and its successors.
    SourceRange,
    /// `affinity` and the `session-cookie-*` set.
    Affinity,
    /// `auth-*`, `satisfy`, `enable-global-auth`.
    Auth,
    /// `limit-*`, `global-rate-limit*`.
    RateLimit,
    /// `configuration-snippet`, `server-snippet`, `stream-snippet`, `modsecurity-snippet`.
    Snippet,
    /// `ssl-passthrough`.
    SslPassthrough,
    /// Everything else ingress-nginx reads (buffers, backend TLS, tracing, ...).
    Other,
}

/// The grammar of an annotation's value, as ingress-nginx parsed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    /// `true` or `false` (Go's `strconv.ParseBool`: also `1`, `t`, `TRUE`, `0`, `f`, ...).
    Bool,
    /// Whole seconds.
    Seconds,
    /// A non-negative whole number.
    Count,
    /// An nginx size: a number with an optional `k`, `m` or `g`.
    Size,
    /// A path starting with `/`, which may use `$1`-style capture groups.
    Path,
    /// An absolute `http` or `https` URL.
    Url,
    /// A redirect status code.
    RedirectCode,
    /// A comma-separated list of CIDR ranges or addresses.
    Cidrs,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// Free text (a list, a name, nginx configuration).
    Text,
}

/// What expresses an annotation at one target, or why nothing does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expressed {
    /// The field (and any condition) that does what the annotation did.
    By(&'static str),
    /// Nothing at the ingress does; the text says why and what to do instead.
    Nothing(&'static str),
}

/// One annotation of the table.
#[derive(Debug)]
pub struct Annotation {
    /// The name after the prefix, such as `rewrite-target`.
    pub name: &'static str,
    /// Its family (and so its diagnostic code).
    pub family: Family,
    /// The grammar of its value.
    pub grammar: Grammar,
    /// What it did under ingress-nginx.
    pub did: &'static str,
    /// What expresses it at the Istio ingress of the guide (RouteRule, `config.istio.io/v1alpha2`).
    pub guide: Expressed,
    /// What expresses it in today's Istio (VirtualService, `networking.istio.io/v1`).
    pub istio: Expressed,
    /// What expresses it in Gateway API (HTTPRoute, `gateway.networking.k8s.io/v1`).
    pub gateway_api: Expressed,
    /// True when `convert --annotations ingress-nginx` and `serve --annotations
    /// ingress-nginx` carry it (for the value shapes the `carry` module names).
    pub carried: bool,
}

use Expressed::{By, Nothing};
use Family::*;
use Grammar::*;

const NO_ROUTE_FIELD: &str = "no route field: it is a property of the proxy, not of a route";
const SNIPPET: &str = "raw nginx configuration has no meaning outside nginx: rewrite what it does as route fields, or leave it behind";
const AUTH: &str = "authentication is not a route field of this API: use Istio's RequestAuthentication/AuthorizationPolicy, or an auth service in front of the backend";
const AUTH_GW: &str = "not in the standard channel: use the implementation's policy (Istio's AuthorizationPolicy) or an auth service";
const LIMIT: &str = "rate limits are not a route field of this API: use Envoy's rate-limit filter (EnvoyFilter) or the backend";
const AFFINITY: &str = "no cookie affinity at the route: Istio's DestinationRule `trafficPolicy.loadBalancer.consistentHash.httpCookie` does it for today's Istio";
const BUFFERING: &str = "Envoy streams and buffers on its own terms: nothing to set";
const BACKEND_TLS: &str = "backend TLS is a DestinationRule (`trafficPolicy.tls`) in today's Istio, a BackendTLSPolicy in Gateway API; no route field";
const ISTIO_DR_TLS: &str = "DestinationRule `trafficPolicy.tls` (mode SIMPLE), not a route field";

/// The same reason at every target.
const fn nowhere(why: &'static str) -> [Expressed; 3] {
    [Nothing(why), Nothing(why), Nothing(why)]
}

const fn entry(
    name: &'static str,
    family: Family,
    grammar: Grammar,
    did: &'static str,
    targets: [Expressed; 3],
    carried: bool,
) -> Annotation {
    let [guide, istio, gateway_api] = targets;
    Annotation {
        name,
        family,
        grammar,
        did,
        guide,
        istio,
        gateway_api,
        carried,
    }
}

/// Every annotation ingressctl knows, in the order of `docs/migrate-from-ingress-nginx.md`.
pub static ANNOTATIONS: &[Annotation] = &[
    entry(
        "rewrite-target",
        Rewrite,
        Path,
        "rewrote the path sent to the backend; it also made every path of the Ingress a case-insensitive regex, and `$1`-style groups take the path's captures",
        [
            By(
                "`rewrite.uri` on a RouteRule per path (carried for `/p(/|$)(.*)` → `/x/$2`, `/p/(.*)` → `/x/$1` and exact paths)",
            ),
            By("`rewrite.uri`, or `rewrite.uriRegexRewrite` for a whole-path rewrite"),
            By("a `URLRewrite` filter (`ReplacePrefixMatch` or `ReplaceFullPath`)"),
        ],
        true,
    ),
    entry(
        "use-regex",
        UseRegex,
        Bool,
        "made the paths case-insensitive regexes anchored only at their start, on every Ingress of the same host",
        [
            Nothing(
                "the Istio ingress of the guide matched a regex `uri` against a header named `uri`: such a match never succeeds; list the paths as prefixes",
            ),
            By(
                "`match.uri.regex` (RE2, anchored at both ends: append `.*` to keep the prefix meaning)",
            ),
            By(
                "a `RegularExpression` path match (implementation-specific; anchored at both ends in Istio)",
            ),
        ],
        true,
    ),
    entry(
        "ssl-redirect",
        SslRedirect,
        Bool,
        "answered plain HTTP with a 308 redirect to HTTPS, on by default when the Ingress has TLS",
        [
            Nothing(
                "a RouteRule redirect keeps the scheme; `ingressctl serve --annotations ingress-nginx` carries it for TLS Ingresses (a 301; `--https-redirect` does it for all)",
            ),
            By("`tls.httpsRedirect: true` on the Gateway server for the host (301)"),
            By("a `RequestRedirect` filter with `scheme: https` on the HTTP listener's route"),
        ],
        false,
    ),
    entry(
        "force-ssl-redirect",
        SslRedirect,
        Bool,
        "redirected plain HTTP to HTTPS even when the Ingress had no TLS (TLS ended before nginx)",
        [
            Nothing(
                "a RouteRule redirect keeps the scheme; `ingressctl serve --annotations ingress-nginx` carries it for TLS Ingresses only",
            ),
            By("`tls.httpsRedirect: true` on the Gateway server"),
            By("a `RequestRedirect` filter with `scheme: https`"),
        ],
        false,
    ),
    entry(
        "preserve-trailing-slash",
        SslRedirect,
        Bool,
        "kept a trailing slash in the HTTPS redirect's location",
        [
            Nothing("no HTTPS redirect to shape at the Istio ingress of the guide"),
            Nothing("Envoy's HTTPS redirect keeps the path as it is"),
            Nothing("the `RequestRedirect` filter keeps the path as it is"),
        ],
        false,
    ),
    entry(
        "permanent-redirect",
        Redirect,
        Url,
        "answered every request with a 301 (or `permanent-redirect-code`) to this URL",
        [
            By(
                "`redirect.uri` and `redirect.authority` on a RouteRule (302 only: the guide's RouteRule has no status code)",
            ),
            By("`redirect` with `redirectCode: 301` (and `scheme`, `authority`, `uri`)"),
            By("a `RequestRedirect` filter with `statusCode: 301`"),
        ],
        true,
    ),
    entry(
        "permanent-redirect-code",
        Redirect,
        RedirectCode,
        "set the status of `permanent-redirect` (default 301)",
        [
            Nothing("the guide's RouteRule redirect always answers 302"),
            By("`redirect.redirectCode`"),
            By("`RequestRedirect.statusCode` (301 or 302 only)"),
        ],
        false,
    ),
    entry(
        "temporal-redirect",
        Redirect,
        Url,
        "answered every request with a 302 (or `temporal-redirect-code`) to this URL",
        [
            By("`redirect.uri` and `redirect.authority` on a RouteRule (302)"),
            By("`redirect` with `redirectCode: 302`"),
            By("a `RequestRedirect` filter with `statusCode: 302`"),
        ],
        true,
    ),
    entry(
        "temporal-redirect-code",
        Redirect,
        RedirectCode,
        "set the status of `temporal-redirect` (default 302)",
        [
            Nothing("the guide's RouteRule redirect always answers 302"),
            By("`redirect.redirectCode`"),
            By("`RequestRedirect.statusCode` (301 or 302 only)"),
        ],
        false,
    ),
    entry(
        "from-to-www-redirect",
        Redirect,
        Bool,
        "redirected `www.host` to `host` and back with a 308",
        [
            By(
                "a RouteRule `redirect.authority` for the other name's host (302), when that name is served",
            ),
            By("a route on the other host with `redirect.authority`"),
            By(
                "an HTTPRoute for the other host with a `RequestRedirect` filter setting `hostname`",
            ),
        ],
        false,
    ),
    entry(
        "app-root",
        AppRoot,
        Path,
        "answered a request for `/` with a 302 to this path",
        [
            By("a RouteRule matching `uri: {exact: /}` with `redirect.uri`"),
            By("a route matching `uri: {exact: /}` with `redirect.uri`"),
            By("a rule matching `/` exactly with a `RequestRedirect` filter (`ReplaceFullPath`)"),
        ],
        true,
    ),
    entry(
        "canary",
        Canary,
        Bool,
        "made this Ingress an alternative backend for the same host and path of the main Ingress, chosen by the other `canary-*` annotations",
        [
            By(
                "a RouteRule for the main Ingress's Service whose `route` sends a share to the canary Service, and header-matched RouteRules before it",
            ),
            By("weighted `route` destinations and header-matched routes on the main route"),
            By("weighted `backendRefs` and header-matched rules"),
        ],
        true,
    ),
    entry(
        "canary-weight",
        Canary,
        Count,
        "sent this share of requests (out of `canary-weight-total`, default 100) to the canary",
        [
            By("RouteRule `route` weights (whole percents)"),
            By("`route[].weight`"),
            By("`backendRefs[].weight`"),
        ],
        true,
    ),
    entry(
        "canary-weight-total",
        Canary,
        Count,
        "set the total `canary-weight` is a share of (default 100)",
        [
            By("folded into the RouteRule weights (whole percents)"),
            By("folded into `route[].weight`"),
            By("folded into `backendRefs[].weight`"),
        ],
        true,
    ),
    entry(
        "canary-by-header",
        Canary,
        Text,
        "sent a request to the canary when this header was `always` and never when it was `never`",
        [
            By(
                "RouteRules matching the header `exact: always` (to the canary) and `exact: never` (to the main Service)",
            ),
            By("routes matching `headers: {NAME: {exact: always}}`"),
            By("rules matching the header `always` and `never`"),
        ],
        true,
    ),
    entry(
        "canary-by-header-value",
        Canary,
        Text,
        "sent a request to the canary when the `canary-by-header` header had this value",
        [
            By("a RouteRule matching the header `exact: VALUE`"),
            By("`headers: {NAME: {exact: VALUE}}`"),
            By("an `Exact` header match"),
        ],
        true,
    ),
    entry(
        "canary-by-header-pattern",
        Canary,
        Text,
        "sent a request to the canary when the `canary-by-header` header matched this PCRE regex",
        [
            By("a RouteRule matching the header `regex: PATTERN`"),
            By("`headers: {NAME: {regex: PATTERN}}`"),
            By("a `RegularExpression` header match (implementation-specific)"),
        ],
        true,
    ),
    entry(
        "canary-by-cookie",
        Canary,
        Text,
        "sent a request to the canary when this cookie was `always`, never when it was `never`",
        [
            By("RouteRules matching the `cookie` header by regex"),
            By("`headers: {cookie: {regex: ...}}`"),
            By("a `RegularExpression` match on the `cookie` header"),
        ],
        true,
    ),
    entry(
        "affinity-canary-behavior",
        Canary,
        Choice(&["sticky", "legacy"]),
        "kept clients served by the canary on the canary under cookie affinity",
        nowhere(AFFINITY),
        false,
    ),
    entry(
        "enable-cors",
        Cors,
        Bool,
        "answered CORS preflights and added CORS headers, with the `cors-*` settings or their defaults",
        [
            By("RouteRule `corsPolicy` (ingress-nginx's defaults written out)"),
            By("`corsPolicy`"),
            By("a `CORS` filter (experimental channel) or a `ResponseHeaderModifier`"),
        ],
        true,
    ),
    entry(
        "cors-allow-origin",
        Cors,
        Text,
        "set the allowed origins (default `*`), comma-separated",
        [
            By("`corsPolicy.allowOrigin`"),
            By("`corsPolicy.allowOrigins[].exact`"),
            By("`CORS.allowOrigins`"),
        ],
        true,
    ),
    entry(
        "cors-allow-methods",
        Cors,
        Text,
        "set the allowed methods (default `GET, PUT, POST, DELETE, PATCH, OPTIONS`)",
        [
            By("`corsPolicy.allowMethods`"),
            By("`corsPolicy.allowMethods`"),
            By("`CORS.allowMethods`"),
        ],
        true,
    ),
    entry(
        "cors-allow-headers",
        Cors,
        Text,
        "set the allowed request headers (default `DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization`)",
        [
            By("`corsPolicy.allowHeaders`"),
            By("`corsPolicy.allowHeaders`"),
            By("`CORS.allowHeaders`"),
        ],
        true,
    ),
    entry(
        "cors-expose-headers",
        Cors,
        Text,
        "set the exposed response headers",
        [
            By("`corsPolicy.exposeHeaders`"),
            By("`corsPolicy.exposeHeaders`"),
            By("`CORS.exposeHeaders`"),
        ],
        true,
    ),
    entry(
        "cors-allow-credentials",
        Cors,
        Bool,
        "allowed credentials (default true)",
        [
            By("`corsPolicy.allowCredentials`"),
            By("`corsPolicy.allowCredentials`"),
            By("`CORS.allowCredentials`"),
        ],
        true,
    ),
    entry(
        "cors-max-age",
        Cors,
        Seconds,
        "set how long a preflight may be cached (default 1728000 s)",
        [
            By("`corsPolicy.maxAge`"),
            By("`corsPolicy.maxAge`"),
            By("`CORS.maxAge`"),
        ],
        true,
    ),
    entry(
        "proxy-connect-timeout",
        Timeout,
        Seconds,
        "bounded the connection to the backend (default 5 s)",
        [
            Nothing("the guide's RouteRule bounds the whole request only (`httpReqTimeout`)"),
            By("DestinationRule `trafficPolicy.connectionPool.tcp.connectTimeout`"),
            Nothing("no connect timeout in the standard channel"),
        ],
        false,
    ),
    entry(
        "proxy-read-timeout",
        Timeout,
        Seconds,
        "bounded each wait for the backend's answer (default 60 s), between two reads",
        [
            By(
                "RouteRule `httpReqTimeout.simpleTimeout.timeout` (bounds the whole request, not each read)",
            ),
            By("`timeout` (the whole request)"),
            By("`timeouts.request` (the whole request)"),
        ],
        true,
    ),
    entry(
        "proxy-send-timeout",
        Timeout,
        Seconds,
        "bounded each write of the request to the backend (default 60 s)",
        [
            Nothing(
                "the guide's RouteRule bounds the whole request only; `proxy-read-timeout` is carried as that bound",
            ),
            Nothing("no per-write timeout: `timeout` bounds the whole request"),
            Nothing("no per-write timeout: `timeouts.request` bounds the whole request"),
        ],
        false,
    ),
    entry(
        "proxy-next-upstream",
        Retry,
        Text,
        "chose which failures tried the next endpoint (default `error timeout`)",
        [
            By(
                "RouteRule `httpReqRetries` retries on connection failures and 5xx (Envoy's defaults)",
            ),
            By("`retries.retryOn`"),
            By("`retry.codes` (experimental channel)"),
        ],
        false,
    ),
    entry(
        "proxy-next-upstream-tries",
        Retry,
        Count,
        "tried at most this many endpoints (default 3; 0 for no limit)",
        [
            By("RouteRule `httpReqRetries.simpleRetry.attempts` (tries less one)"),
            By("`retries.attempts`"),
            By("`retry.attempts` (experimental channel)"),
        ],
        true,
    ),
    entry(
        "proxy-next-upstream-timeout",
        Retry,
        Seconds,
        "bounded the time spent trying endpoints",
        [
            By("RouteRule `httpReqTimeout` (the whole request, retries included)"),
            By("`timeout`"),
            By("`timeouts.request`"),
        ],
        false,
    ),
    entry(
        "proxy-body-size",
        BodySize,
        Size,
        "refused request bodies over this size with 413 (default 1m)",
        [
            Nothing("no request size limit on a route in this API"),
            Nothing("no route field: an EnvoyFilter with the buffer filter's `max_request_bytes`"),
            Nothing("no request size limit in the standard channel"),
        ],
        false,
    ),
    entry(
        "client-body-buffer-size",
        BodySize,
        Size,
        "set nginx's request body buffer",
        nowhere(BUFFERING),
        false,
    ),
    entry(
        "backend-protocol",
        BackendProtocol,
        Choice(&["HTTP", "HTTPS", "GRPC", "GRPCS", "AJP", "FCGI"]),
        "spoke this protocol to the backend (default HTTP)",
        [
            Nothing(
                "the Service port's name decides the protocol (`http`, `http2`, `grpc`); HTTPS to a backend is a mesh matter",
            ),
            By(
                "the Service port's name or `appProtocol`; HTTPS and GRPCS need a DestinationRule `trafficPolicy.tls`",
            ),
            By("the Service port's `appProtocol`; HTTPS needs a BackendTLSPolicy"),
        ],
        false,
    ),
    entry(
        "upstream-vhost",
        UpstreamVhost,
        Text,
        "set the Host header sent to the backend",
        [
            By("RouteRule `rewrite.authority`"),
            By("`rewrite.authority`"),
            By("a `URLRewrite` filter with `hostname`"),
        ],
        true,
    ),
    entry(
        "x-forwarded-prefix",
        ForwardedPrefix,
        Text,
        "sent the header `X-Forwarded-Prefix` with this value to the backend",
        [
            By("RouteRule `appendHeaders: {x-forwarded-prefix: VALUE}`"),
            By("`headers.request.set`"),
            By("a `RequestHeaderModifier` filter"),
        ],
        true,
    ),
    entry(
        "whitelist-source-range",
        SourceRange,
        Cidrs,
        "refused clients outside these ranges with 403",
        [
            Nothing(
                "the guide's ingress has no client-address policy: use a NetworkPolicy or the load balancer's `loadBalancerSourceRanges`",
            ),
            By("an AuthorizationPolicy on the ingress gateway with `ipBlocks`/`remoteIpBlocks`"),
            Nothing("no client-address match in the standard channel: the implementation's policy"),
        ],
        false,
    ),
    entry(
        "allowlist-source-range",
        SourceRange,
        Cidrs,
        "refused clients outside these ranges with 403 (the newer name of `whitelist-source-range`)",
        [
            Nothing(
                "the guide's ingress has no client-address policy: use a NetworkPolicy or the load balancer's `loadBalancerSourceRanges`",
            ),
            By("an AuthorizationPolicy on the ingress gateway with `ipBlocks`/`remoteIpBlocks`"),
            Nothing("no client-address match in the standard channel: the implementation's policy"),
        ],
        false,
    ),
    entry(
        "denylist-source-range",
        SourceRange,
        Cidrs,
        "refused clients inside these ranges with 403",
        [
            Nothing("the guide's ingress has no client-address policy"),
            By("an AuthorizationPolicy (action DENY) with `ipBlocks`/`remoteIpBlocks`"),
            Nothing("no client-address match in the standard channel"),
        ],
        false,
    ),
    entry(
        "affinity",
        Affinity,
        Choice(&["cookie"]),
        "kept a client on one endpoint with a cookie",
        [
            Nothing(AFFINITY),
            By("DestinationRule `trafficPolicy.loadBalancer.consistentHash.httpCookie`"),
            Nothing(
                "no session persistence in the standard channel (`sessionPersistence` is experimental)",
            ),
        ],
        false,
    ),
    entry(
        "affinity-mode",
        Affinity,
        Choice(&["balanced", "persistent"]),
        "chose whether sessions move when endpoints scale",
        [
            Nothing(AFFINITY),
            Nothing("consistent hashing moves some sessions when endpoints change"),
            Nothing("no session persistence in the standard channel"),
        ],
        false,
    ),
    entry(
        "session-cookie-name",
        Affinity,
        Text,
        "named the affinity cookie (default INGRESSCOOKIE)",
        [
            Nothing(AFFINITY),
            By("`consistentHash.httpCookie.name`"),
            Nothing("`sessionPersistence.sessionName` (experimental)"),
        ],
        false,
    ),
    entry(
        "session-cookie-path",
        Affinity,
        Text,
        "set the affinity cookie's path",
        [
            Nothing(AFFINITY),
            By("`consistentHash.httpCookie.path`"),
            Nothing("no session persistence in the standard channel"),
        ],
        false,
    ),
    entry(
        "session-cookie-max-age",
        Affinity,
        Seconds,
        "set the affinity cookie's Max-Age",
        [
            Nothing(AFFINITY),
            By("`consistentHash.httpCookie.ttl`"),
            Nothing("`sessionPersistence.absoluteTimeout` (experimental)"),
        ],
        false,
    ),
    entry(
        "session-cookie-expires",
        Affinity,
        Seconds,
        "set the affinity cookie's Expires (legacy browsers)",
        [
            Nothing(AFFINITY),
            By("`consistentHash.httpCookie.ttl`"),
            Nothing("no session persistence in the standard channel"),
        ],
        false,
    ),
    entry(
        "session-cookie-samesite",
        Affinity,
        Choice(&["None", "Lax", "Strict"]),
        "set the affinity cookie's SameSite",
        [
            Nothing(AFFINITY),
            Nothing("Envoy's hash cookie has no SameSite attribute"),
            Nothing("no session persistence in the standard channel"),
        ],
        false,
    ),
    entry(
        "session-cookie-conditional-samesite-none",
        Affinity,
        Bool,
        "left out `SameSite=None` for browsers that mishandle it",
        [
            Nothing(AFFINITY),
            Nothing("Envoy's hash cookie has no SameSite attribute"),
            Nothing("no session persistence in the standard channel"),
        ],
        false,
    ),
    entry(
        "session-cookie-change-on-failure",
        Affinity,
        Bool,
        "moved the session to another endpoint when its endpoint failed",
        [
            Nothing(AFFINITY),
            Nothing("consistent hashing picks another endpoint when one is ejected"),
            Nothing("no session persistence in the standard channel"),
        ],
        false,
    ),
    entry(
        "session-cookie-secure",
        Affinity,
        Bool,
        "set the affinity cookie's Secure attribute",
        [
            Nothing(AFFINITY),
            Nothing("Envoy's hash cookie has no Secure attribute"),
            Nothing("no session persistence in the standard channel"),
        ],
        false,
    ),
    entry(
        "session-cookie-domain",
        Affinity,
        Text,
        "set the affinity cookie's Domain",
        [
            Nothing(AFFINITY),
            Nothing("Envoy's hash cookie has no Domain attribute"),
            Nothing("no session persistence in the standard channel"),
        ],
        false,
    ),
    entry(
        "auth-type",
        Auth,
        Choice(&["basic", "digest"]),
        "asked for HTTP basic or digest credentials",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-secret",
        Auth,
        Text,
        "named the Secret of htpasswd credentials",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-secret-type",
        Auth,
        Choice(&["auth-file", "auth-map"]),
        "said how the credentials Secret is laid out",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-realm",
        Auth,
        Text,
        "named the basic-auth realm",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-url",
        Auth,
        Url,
        "asked an external service to allow each request",
        [
            Nothing(AUTH),
            By(
                "an AuthorizationPolicy with action CUSTOM and an `extensionProviders` ext_authz entry",
            ),
            Nothing(AUTH_GW),
        ],
        false,
    ),
    entry(
        "auth-signin",
        Auth,
        Url,
        "sent unauthenticated clients to this sign-in page",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-method",
        Auth,
        Text,
        "set the method of the external auth request",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-response-headers",
        Auth,
        Text,
        "copied these headers from the auth answer to the request",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-request-redirect",
        Auth,
        Text,
        "set the X-Auth-Request-Redirect header for the auth service",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-cache-key",
        Auth,
        Text,
        "cached external auth answers under this key",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-cache-duration",
        Auth,
        Text,
        "kept cached auth answers this long",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-proxy-set-headers",
        Auth,
        Text,
        "named a ConfigMap of headers for the auth request",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "auth-snippet",
        Auth,
        Text,
        "added raw nginx configuration to the auth location",
        nowhere(SNIPPET),
        false,
    ),
    entry(
        "auth-tls-secret",
        Auth,
        Text,
        "asked clients for a certificate signed by this CA",
        [
            Nothing("the guide's ingress has no client-certificate check"),
            By("Gateway server `tls.mode: MUTUAL` with `caCertificates`"),
            By("the Gateway listener's `tls.frontendValidation` (experimental)"),
        ],
        false,
    ),
    entry(
        "auth-tls-verify-client",
        Auth,
        Choice(&["on", "off", "optional", "optional_no_ca"]),
        "chose whether a client certificate is required",
        [
            Nothing("the guide's ingress has no client-certificate check"),
            By("`tls.mode: MUTUAL` (required) or `OPTIONAL_MUTUAL`"),
            Nothing("the implementation's policy"),
        ],
        false,
    ),
    entry(
        "auth-tls-verify-depth",
        Auth,
        Count,
        "bounded the client certificate chain",
        [
            Nothing("the guide's ingress has no client-certificate check"),
            Nothing("no depth setting"),
            Nothing("no depth setting"),
        ],
        false,
    ),
    entry(
        "auth-tls-error-page",
        Auth,
        Url,
        "sent clients whose certificate failed here",
        [
            Nothing("the guide's ingress has no client-certificate check"),
            Nothing("no error page"),
            Nothing("no error page"),
        ],
        false,
    ),
    entry(
        "auth-tls-pass-certificate-to-upstream",
        Auth,
        Bool,
        "sent the client certificate to the backend in a header",
        [
            Nothing("the guide's ingress has no client-certificate check"),
            By("the gateway's `XFCC` forwarding (`gatewayTopology.forwardClientCertDetails`)"),
            Nothing("the implementation's policy"),
        ],
        false,
    ),
    entry(
        "auth-tls-match-cn",
        Auth,
        Text,
        "allowed only client certificates whose CN matches",
        [
            Nothing("the guide's ingress has no client-certificate check"),
            By("`tls.subjectAltNames` on a MUTUAL server"),
            Nothing("the implementation's policy"),
        ],
        false,
    ),
    entry(
        "enable-global-auth",
        Auth,
        Bool,
        "turned the controller-wide external auth on or off for this Ingress",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "satisfy",
        Auth,
        Choice(&["all", "any"]),
        "chose whether every or any auth method must pass",
        [Nothing(AUTH), Nothing(AUTH), Nothing(AUTH_GW)],
        false,
    ),
    entry(
        "limit-connections",
        RateLimit,
        Count,
        "bounded concurrent connections per client address",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "limit-rps",
        RateLimit,
        Count,
        "bounded requests per second per client address (503 past the burst)",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "limit-rpm",
        RateLimit,
        Count,
        "bounded requests per minute per client address",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "limit-burst-multiplier",
        RateLimit,
        Count,
        "set the burst of `limit-rps`/`limit-rpm` (default 5)",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "limit-rate",
        RateLimit,
        Count,
        "bounded the bytes per second sent to a client",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "limit-rate-after",
        RateLimit,
        Count,
        "began `limit-rate` after this many bytes",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "limit-whitelist",
        RateLimit,
        Cidrs,
        "exempted these client ranges from the limits",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "limit-allowlist",
        RateLimit,
        Cidrs,
        "exempted these client ranges from the limits",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "global-rate-limit",
        RateLimit,
        Count,
        "bounded requests across controller replicas (memcached)",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "global-rate-limit-window",
        RateLimit,
        Text,
        "set the window of `global-rate-limit`",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "global-rate-limit-key",
        RateLimit,
        Text,
        "set the key of `global-rate-limit`",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "global-rate-limit-ignored-cidrs",
        RateLimit,
        Cidrs,
        "exempted these ranges from `global-rate-limit`",
        nowhere(LIMIT),
        false,
    ),
    entry(
        "configuration-snippet",
        Snippet,
        Text,
        "added raw nginx configuration to each location of the Ingress",
        nowhere(SNIPPET),
        false,
    ),
    entry(
        "server-snippet",
        Snippet,
        Text,
        "added raw nginx configuration to the host's server block",
        nowhere(SNIPPET),
        false,
    ),
    entry(
        "stream-snippet",
        Snippet,
        Text,
        "added raw nginx stream (TCP) configuration",
        nowhere(SNIPPET),
        false,
    ),
    entry(
        "modsecurity-snippet",
        Snippet,
        Text,
        "added ModSecurity rules",
        nowhere(SNIPPET),
        false,
    ),
    entry(
        "ssl-passthrough",
        SslPassthrough,
        Bool,
        "sent the TLS connection, unopened, to the backend (chosen by SNI)",
        [
            Nothing("the guide's ingress ends TLS itself"),
            By(
                "a Gateway server with `tls.mode: PASSTHROUGH` and a VirtualService `tls` route by `sniHosts`",
            ),
            By("a `TLS` listener with `mode: Passthrough` and a TLSRoute (experimental)"),
        ],
        false,
    ),
    entry(
        "proxy-buffering",
        Other,
        Choice(&["on", "off"]),
        "buffered the backend's answer",
        nowhere(BUFFERING),
        false,
    ),
    entry(
        "proxy-buffers-number",
        Other,
        Count,
        "set nginx's response buffers",
        nowhere(BUFFERING),
        false,
    ),
    entry(
        "proxy-buffer-size",
        Other,
        Size,
        "set nginx's first response buffer",
        nowhere(BUFFERING),
        false,
    ),
    entry(
        "proxy-max-temp-file-size",
        Other,
        Size,
        "bounded the temporary file for buffered answers",
        nowhere(BUFFERING),
        false,
    ),
    entry(
        "proxy-request-buffering",
        Other,
        Choice(&["on", "off"]),
        "buffered the request body before sending it",
        nowhere(BUFFERING),
        false,
    ),
    entry(
        "proxy-http-version",
        Other,
        Choice(&["1.0", "1.1"]),
        "chose the HTTP version spoken to the backend",
        [
            Nothing("the Service port's name decides HTTP/1.1 or HTTP/2"),
            Nothing("the Service port's name or appProtocol decides"),
            Nothing("the Service port's appProtocol decides"),
        ],
        false,
    ),
    entry(
        "proxy-cookie-domain",
        Other,
        Text,
        "rewrote the Domain of the backend's cookies",
        [
            Nothing("no Set-Cookie rewriting at the route"),
            Nothing("no Set-Cookie rewriting at the route (an EnvoyFilter with Lua)"),
            Nothing("no Set-Cookie rewriting in the standard channel"),
        ],
        false,
    ),
    entry(
        "proxy-cookie-path",
        Other,
        Text,
        "rewrote the Path of the backend's cookies",
        [
            Nothing("no Set-Cookie rewriting at the route"),
            Nothing("no Set-Cookie rewriting at the route (an EnvoyFilter with Lua)"),
            Nothing("no Set-Cookie rewriting in the standard channel"),
        ],
        false,
    ),
    entry(
        "proxy-redirect-from",
        Other,
        Text,
        "rewrote the backend's Location headers from this text",
        [
            Nothing("no Location rewriting at the route"),
            Nothing("no Location rewriting at the route"),
            Nothing("no Location rewriting in the standard channel"),
        ],
        false,
    ),
    entry(
        "proxy-redirect-to",
        Other,
        Text,
        "rewrote the backend's Location headers to this text",
        [
            Nothing("no Location rewriting at the route"),
            Nothing("no Location rewriting at the route"),
            Nothing("no Location rewriting in the standard channel"),
        ],
        false,
    ),
    entry(
        "proxy-ssl-secret",
        Other,
        Text,
        "used this client certificate towards an HTTPS backend",
        [
            Nothing(BACKEND_TLS),
            Nothing(ISTIO_DR_TLS),
            Nothing(BACKEND_TLS),
        ],
        false,
    ),
    entry(
        "proxy-ssl-verify",
        Other,
        Choice(&["on", "off"]),
        "verified an HTTPS backend's certificate",
        [
            Nothing(BACKEND_TLS),
            Nothing(ISTIO_DR_TLS),
            Nothing(BACKEND_TLS),
        ],
        false,
    ),
    entry(
        "proxy-ssl-verify-depth",
        Other,
        Count,
        "bounded an HTTPS backend's chain",
        [
            Nothing(BACKEND_TLS),
            Nothing(ISTIO_DR_TLS),
            Nothing(BACKEND_TLS),
        ],
        false,
    ),
    entry(
        "proxy-ssl-name",
        Other,
        Text,
        "named the HTTPS backend for SNI and verification",
        [
            Nothing(BACKEND_TLS),
            Nothing(ISTIO_DR_TLS),
            Nothing(BACKEND_TLS),
        ],
        false,
    ),
    entry(
        "proxy-ssl-server-name",
        Other,
        Choice(&["on", "off"]),
        "sent SNI to an HTTPS backend",
        [
            Nothing(BACKEND_TLS),
            Nothing(ISTIO_DR_TLS),
            Nothing(BACKEND_TLS),
        ],
        false,
    ),
    entry(
        "proxy-ssl-protocols",
        Other,
        Text,
        "chose the TLS versions towards an HTTPS backend",
        [
            Nothing(BACKEND_TLS),
            Nothing(ISTIO_DR_TLS),
            Nothing(BACKEND_TLS),
        ],
        false,
    ),
    entry(
        "proxy-ssl-ciphers",
        Other,
        Text,
        "chose the ciphers towards an HTTPS backend",
        [
            Nothing(BACKEND_TLS),
            Nothing(ISTIO_DR_TLS),
            Nothing(BACKEND_TLS),
        ],
        false,
    ),
    entry(
        "ssl-ciphers",
        Other,
        Text,
        "chose the ciphers offered to clients",
        [
            Nothing("the ingress's TLS settings are global"),
            By("Gateway server `tls.cipherSuites`"),
            Nothing("no cipher setting in the standard channel"),
        ],
        false,
    ),
    entry(
        "ssl-prefer-server-ciphers",
        Other,
        Choice(&["on", "off"]),
        "preferred the server's cipher order",
        [
            Nothing("the ingress's TLS settings are global"),
            Nothing("no such setting"),
            Nothing("no cipher setting in the standard channel"),
        ],
        false,
    ),
    entry(
        "custom-http-errors",
        Other,
        Text,
        "sent these backend error statuses to the default backend's pages",
        [
            Nothing("no error-page interception at the route"),
            Nothing("no error-page interception at the route"),
            Nothing("no error-page interception in the standard channel"),
        ],
        false,
    ),
    entry(
        "default-backend",
        Other,
        Text,
        "answered this Ingress's unmatched requests and custom errors from this Service",
        [
            By("`spec.backend` (v1beta1) / `spec.defaultBackend` of the Ingress"),
            By("a catch-all route (`prefix: /`) last"),
            By("a catch-all `PathPrefix: /` rule"),
        ],
        false,
    ),
    entry(
        "server-alias",
        Other,
        Text,
        "answered these extra host names as the Ingress's host",
        [
            Nothing("list each name as a host rule of the Ingress"),
            By("list the names in `hosts`"),
            By("list the names in `hostnames`"),
        ],
        false,
    ),
    entry(
        "service-upstream",
        Other,
        Bool,
        "sent traffic to the Service's cluster IP instead of its endpoints",
        nowhere(NO_ROUTE_FIELD),
        false,
    ),
    entry(
        "load-balance",
        Other,
        Choice(&["round_robin", "ewma"]),
        "chose the load-balancing algorithm",
        [
            Nothing(NO_ROUTE_FIELD),
            By("DestinationRule `trafficPolicy.loadBalancer.simple`"),
            Nothing(NO_ROUTE_FIELD),
        ],
        false,
    ),
    entry(
        "upstream-hash-by",
        Other,
        Text,
        "chose the endpoint by a hash of this nginx variable",
        [
            Nothing(NO_ROUTE_FIELD),
            By("DestinationRule `consistentHash` (`httpHeaderName`, `useSourceIp`, ...)"),
            Nothing(NO_ROUTE_FIELD),
        ],
        false,
    ),
    entry(
        "mirror-target",
        Other,
        Url,
        "copied each request to this URL",
        [
            By("RouteRule `mirror` (a Service)"),
            By("`mirror` (a host)"),
            By("a `RequestMirror` filter (a Service)"),
        ],
        false,
    ),
    entry(
        "mirror-request-body",
        Other,
        Choice(&["on", "off"]),
        "chose whether mirrored requests carry the body",
        nowhere("the mirror carries the request as it is"),
        false,
    ),
    entry(
        "mirror-host",
        Other,
        Text,
        "set the Host of mirrored requests",
        nowhere("the mirror keeps the Host"),
        false,
    ),
    entry(
        "connection-proxy-header",
        Other,
        Text,
        "set the Connection header sent to the backend",
        nowhere("the proxy manages Connection itself"),
        false,
    ),
    entry(
        "enable-access-log",
        Other,
        Bool,
        "turned the access log off for this Ingress",
        [
            Nothing("the ingress's access log is global"),
            Nothing("Telemetry `accessLogging` per workload, not per route"),
            Nothing("no access-log setting in the standard channel"),
        ],
        false,
    ),
    entry(
        "enable-rewrite-log",
        Other,
        Bool,
        "logged rewrites to nginx's error log",
        nowhere("nothing to log"),
        false,
    ),
    entry(
        "enable-opentracing",
        Other,
        Bool,
        "traced this Ingress's requests",
        [
            Nothing("tracing is global"),
            Nothing("Telemetry `tracing`, not per route"),
            Nothing("no tracing setting in the standard channel"),
        ],
        false,
    ),
    entry(
        "enable-opentelemetry",
        Other,
        Bool,
        "traced this Ingress's requests",
        [
            Nothing("tracing is global"),
            Nothing("Telemetry `tracing`, not per route"),
            Nothing("no tracing setting in the standard channel"),
        ],
        false,
    ),
    entry(
        "opentracing-trust-incoming-span",
        Other,
        Bool,
        "continued an incoming trace",
        [
            Nothing("tracing is global"),
            Nothing("Telemetry `tracing`"),
            Nothing("no tracing setting in the standard channel"),
        ],
        false,
    ),
    entry(
        "enable-modsecurity",
        Other,
        Bool,
        "ran the ModSecurity web application firewall",
        [
            Nothing("no WAF at the ingress"),
            Nothing("a WasmPlugin (Coraza) on the gateway"),
            Nothing("the implementation's policy"),
        ],
        false,
    ),
    entry(
        "enable-owasp-core-rules",
        Other,
        Bool,
        "ran the OWASP core rule set",
        [
            Nothing("no WAF at the ingress"),
            Nothing("a WasmPlugin (Coraza) on the gateway"),
            Nothing("the implementation's policy"),
        ],
        false,
    ),
    entry(
        "modsecurity-transaction-id",
        Other,
        Text,
        "set ModSecurity's transaction id",
        [
            Nothing("no WAF at the ingress"),
            Nothing("no WAF at the route"),
            Nothing("the implementation's policy"),
        ],
        false,
    ),
    entry(
        "http2-push-preload",
        Other,
        Bool,
        "pushed preload links over HTTP/2 (removed from browsers)",
        nowhere("server push is gone from browsers"),
        false,
    ),
    entry(
        "custom-headers",
        Other,
        Text,
        "added the headers of a ConfigMap to answers",
        [
            Nothing("the guide's RouteRule adds request headers only (`appendHeaders`)"),
            By("`headers.response.set`"),
            By("a `ResponseHeaderModifier` filter"),
        ],
        false,
    ),
];

/// The entry for an annotation key under either prefix, or `None` when the key is not
/// ingress-nginx's or not in the table.
pub fn lookup(key: &str) -> Option<&'static Annotation> {
    let name = name_of(key)?;
    ANNOTATIONS.iter().find(|a| a.name == name)
}

/// The name after an ingress-nginx prefix, when the key has one.
pub fn name_of(key: &str) -> Option<&str> {
    key.strip_prefix(PREFIX)
        .or_else(|| key.strip_prefix(LEGACY_PREFIX))
}

/// The value of annotation `name` under either prefix (the current prefix wins).
pub fn value<'a>(
    annotations: &'a crate::manifest::model::StringMap,
    name: &str,
) -> Option<&'a str> {
    annotations
        .get(&format!("{PREFIX}{name}"))
        .or_else(|| annotations.get(&format!("{LEGACY_PREFIX}{name}")))
        .map(|v| v.trim())
}

/// True when the Ingress was written for ingress-nginx: moved from another class with
/// `--assume-class`, or carrying one of its annotations.
pub fn written_for_nginx(ing: &crate::manifest::Ingress) -> bool {
    ing.moved_from.is_some() || ing.meta.annotations.keys().any(|k| name_of(k).is_some())
}

/// Go's `strconv.ParseBool`, which ingress-nginx uses for every boolean annotation.
pub fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

impl Grammar {
    /// Checks a value; the error says what was expected.
    pub fn check(self, value: &str) -> Result<(), String> {
        let v = value.trim();
        let ok = match self {
            Bool => parse_bool(v).is_some(),
            Seconds | Count => v.parse::<u64>().is_ok(),
            Size => {
                let digits = v.trim_end_matches(['k', 'K', 'm', 'M', 'g', 'G']);
                digits.len() + 1 >= v.len() && digits.parse::<u64>().is_ok()
            }
            Path => v.starts_with('/'),
            Url => {
                (v.starts_with("http://") || v.starts_with("https://"))
                    && v.parse::<http::Uri>().is_ok()
            }
            RedirectCode => v.parse::<u16>().is_ok_and(|c| (300..=308).contains(&c)),
            Cidrs => v.split(',').all(|r| is_cidr(r.trim())),
            Choice(words) => words.iter().any(|w| w.eq_ignore_ascii_case(v)),
            Text => true,
        };
        if ok { Ok(()) } else { Err(self.expected()) }
    }

    /// What a value of this grammar looks like, for messages.
    pub fn expected(self) -> String {
        match self {
            Bool => "`true` or `false`".into(),
            Seconds => "whole seconds, such as `60`".into(),
            Count => "a whole number".into(),
            Size => "a size such as `8m` or `512k`".into(),
            Path => "a path starting with `/`".into(),
            Url => "an absolute http or https URL".into(),
            RedirectCode => "a redirect status from 300 to 308".into(),
            Cidrs => "comma-separated CIDR ranges such as `10.0.0.0/8,192.168.1.5`".into(),
            Choice(words) => format!("one of {}", words.join(", ")),
            Text => "text".into(),
        }
    }
}

fn is_cidr(range: &str) -> bool {
    let (addr, bits) = match range.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (range, None),
    };
    let Ok(ip) = addr.parse::<std::net::IpAddr>() else {
        return false;
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    bits.is_none_or(|b| b.parse::<u8>().is_ok_and(|b| b <= max))
}

impl Family {
    /// A short title, for tables and messages.
    pub fn title(self) -> &'static str {
        match self {
            Rewrite => "rewrite",
            UseRegex => "regex paths",
            SslRedirect => "HTTPS redirect",
            Redirect => "redirect",
            AppRoot => "application root",
            Canary => "canary",
            Cors => "CORS",
            Timeout => "timeouts",
            Retry => "retries",
            BodySize => "request body size",
            BackendProtocol => "backend protocol",
            UpstreamVhost => "backend Host",
            ForwardedPrefix => "X-Forwarded-Prefix",
            SourceRange => "client address ranges",
            Affinity => "session affinity",
            Auth => "authentication",
            RateLimit => "rate limits",
            Snippet => "nginx snippets",
            SslPassthrough => "TLS passthrough",
            Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_listed_once() {
        let mut names: Vec<_> = ANNOTATIONS.iter().map(|a| a.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a name is listed twice");
    }

    #[test]
    fn both_prefixes_find_the_entry() {
        let a = lookup("nginx.ingress.kubernetes.io/rewrite-target").map(|a| a.name);
        let b = lookup("ingress.kubernetes.io/rewrite-target").map(|a| a.name);
        assert_eq!(a, Some("rewrite-target"));
        assert_eq!(a, b);
        assert!(lookup("example.com/rewrite-target").is_none());
        assert!(lookup("nginx.ingress.kubernetes.io/no-such-thing").is_none());
    }

    #[test]
    fn grammars_take_what_ingress_nginx_took() {
        assert!(Bool.check("True").is_ok());
        assert!(Bool.check("yes").is_err());
        assert!(Seconds.check("120").is_ok());
        assert!(Seconds.check("2m").is_err());
        assert!(Size.check("8m").is_ok());
        assert!(Size.check("8mb").is_err());
        assert!(Cidrs.check("10.0.0.0/8, 192.168.0.1,::1/128").is_ok());
        assert!(Cidrs.check("10.0.0.0/33").is_err());
        assert!(Url.check("https://www.example.com/x").is_ok());
        assert!(Url.check("www.example.com").is_err());
        assert!(RedirectCode.check("308").is_ok());
        assert!(RedirectCode.check("200").is_err());
        assert!(Choice(&["HTTP", "GRPC"]).check("grpc").is_ok());
    }
}
