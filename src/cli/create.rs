//! `create ingress` and `create routerule`: flags in, manifest out (checked before printing).

use clap::{Args, Subcommand, ValueEnum};

use super::GlobalArgs;
use super::cluster::{ApplyFlags, PreCheck, apply_sources};
use crate::diagnostic::Severity;
use crate::exit::CliError;
use crate::manifest::Source;
use crate::manifest::generate::{self, GrammarError, IngressApi, IngressRequest, RouteRuleRequest};
use crate::manifest::model::CorsPolicy;
use crate::manifest::routing::IngressIdentity;
use crate::manifest::snapshot::Snapshot;
use crate::output::{self, Format};
use crate::validate::{self, Options};

/// `create` subcommands.
#[derive(Debug, Subcommand)]
pub enum CreateCommand {
    /// Print an Ingress for the Istio ingress (YAML by default).
    #[command(after_help = INGRESS_EXAMPLES)]
    Ingress(IngressArgs),
    /// Print a config.istio.io/v1alpha2 RouteRule.
    #[command(name = "routerule", visible_alias = "route-rule", after_help = ROUTERULE_EXAMPLES)]
    RouteRule(Box<RouteRuleArgs>),
}

const INGRESS_EXAMPLES: &str = "\
Paths: `/x/.*` (Istio notation) and `/x*` (kubectl) are prefixes; anything else is exact.

Examples:
  # The guide's simple-ingress, exactly as the guide writes it
  ingressctl create ingress simple-ingress --api-version extensions/v1beta1 \\
      --rule '/status/.*=httpbin:8000'

  # The guide's secure-ingress (served over HTTPS with istio-ingress-certs)
  ingressctl create ingress secure-ingress --api-version extensions/v1beta1 \\
      --rule '/status/.*=httpbin:8000,tls' --rule '/delay/.*=httpbin:8000,tls'

  # Today's API: a host, a prefix and an exact path, JSON output
  ingressctl create ingress web --rule 'foo.bar.com/api*=api:http' \\
      --rule 'foo.bar.com/healthz=api:8080' -o json";

const ROUTERULE_EXAMPLES: &str = "\
Examples:
  # The guide's status-route: a 4 s timeout on /delay/ for traffic from the ingress
  ingressctl create routerule status-route --destination httpbin \\
      --source istio-ingress --source-label istio=ingress \\
      --match-prefix /delay/ --route 100 --timeout 4s

  # 90/10 split between versions, with retries
  ingressctl create routerule reviews-split --destination reviews \\
      --route version=v1=90 --route version=v2=10 --retries 3 --per-try-timeout 2s

  # Redirect, and a header-based match
  ingressctl create routerule old-ratings --destination ratings \\
      --match-exact /v1/getProductRatings --redirect-uri /v1/bookRatings
  ingressctl create routerule jason --destination reviews \\
      --header 'cookie=regex:^(.*?;)?(user=jason)(;.*)?$' --route version=v2=100";

/// Which Ingress API version to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ApiVersionArg {
    /// Today's API (Kubernetes 1.19+).
    #[value(name = "networking.k8s.io/v1")]
    V1,
    /// The guide's era (served until Kubernetes 1.22).
    #[value(name = "extensions/v1beta1")]
    ExtensionsV1beta1,
}

/// `create ingress` arguments.
#[derive(Debug, Args)]
pub struct IngressArgs {
    /// Name of the Ingress.
    #[arg(value_parser = crate::manifest::names::object_name)]
    pub name: String,
    /// A rule `HOST/PATH=SERVICE:PORT[,tls[=SECRET]]` (repeatable; host optional, port a number or name).
    #[arg(long = "rule", value_name = "RULE")]
    pub rules: Vec<String>,
    /// Ingress class (written as annotation, and as ingressClassName for v1).
    #[arg(long, default_value = "istio", value_name = "CLASS")]
    pub class: String,
    /// An extra annotation `KEY=VALUE` (repeatable; Istio ignores all but the class).
    #[arg(long = "annotation", value_name = "KEY=VALUE")]
    pub annotations: Vec<String>,
    /// Backend for requests no rule matches.
    #[arg(long, value_name = "SERVICE:PORT")]
    pub default_backend: Option<String>,
    /// Ingress API version to write.
    #[arg(
        long,
        value_enum,
        default_value = "networking.k8s.io/v1",
        value_name = "VERSION"
    )]
    pub api_version: ApiVersionArg,
    /// Create or update the object in the cluster instead of printing it.
    #[arg(long)]
    pub apply: bool,
    /// How to apply (with --apply).
    #[command(flatten)]
    pub apply_flags: ApplyFlags,
}

/// `create routerule` arguments: a flag per RouteRule field.
#[derive(Debug, Args)]
pub struct RouteRuleArgs {
    /// Name of the RouteRule.
    #[arg(value_parser = crate::manifest::names::object_name)]
    pub name: String,
    /// The service the rule governs.
    #[arg(long, value_name = "SERVICE")]
    pub destination: String,
    /// Namespace of the destination service.
    #[arg(long, value_name = "NAMESPACE")]
    pub destination_namespace: Option<String>,
    /// Precedence (higher is evaluated first).
    #[arg(long, allow_negative_numbers = true, value_name = "N")]
    pub precedence: Option<i32>,
    /// Apply only to requests from this service (e.g. istio-ingress).
    #[arg(long, value_name = "SERVICE")]
    pub source: Option<String>,
    /// Namespace of the source service.
    #[arg(long, value_name = "NAMESPACE")]
    pub source_namespace: Option<String>,
    /// A source label `KEY=VALUE` (repeatable; e.g. istio=ingress).
    #[arg(long = "source-label", value_name = "KEY=VALUE")]
    pub source_labels: Vec<String>,
    /// Match the request path exactly.
    #[arg(long, value_name = "URI", group = "uri")]
    pub match_exact: Option<String>,
    /// Match a path prefix.
    #[arg(long, value_name = "URI", group = "uri")]
    pub match_prefix: Option<String>,
    /// Match the path with a regex.
    #[arg(long, value_name = "REGEX", group = "uri")]
    pub match_regex: Option<String>,
    /// A header match `NAME=exact:V|prefix:V|regex:V` (repeatable; also scheme, method, authority).
    #[arg(long = "header", value_name = "NAME=KIND:VALUE")]
    pub headers: Vec<String>,
    /// A weighted route `[@SERVICE,][LABEL=VALUE,...=]WEIGHT` (repeatable; e.g. 100, version=v1=90).
    #[arg(long = "route", value_name = "ROUTE", allow_negative_numbers = true)]
    pub routes: Vec<String>,
    /// Request timeout, retries included (Go duration: 4s, 500ms).
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub timeout: Option<String>,
    /// Retry attempts.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub retries: Option<i32>,
    /// Timeout of each attempt.
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub per_try_timeout: Option<String>,
    /// Answer 302 with this path.
    #[arg(long, value_name = "URI")]
    pub redirect_uri: Option<String>,
    /// Answer 302 to this host.
    #[arg(long, value_name = "HOST")]
    pub redirect_authority: Option<String>,
    /// Rewrite the path (or matched prefix) before forwarding.
    #[arg(long, value_name = "URI")]
    pub rewrite_uri: Option<String>,
    /// Rewrite the Host before forwarding.
    #[arg(long, value_name = "HOST")]
    pub rewrite_authority: Option<String>,
    /// Accept WebSocket upgrades.
    #[arg(long)]
    pub websocket: bool,
    /// Inject a delay `DURATION[@PERCENT]` (e.g. 5s@10).
    #[arg(long, value_name = "DURATION[@PERCENT]", allow_hyphen_values = true)]
    pub fault_delay: Option<String>,
    /// Inject an abort `STATUS[@PERCENT]` (e.g. 503@10).
    #[arg(long, value_name = "STATUS[@PERCENT]", allow_negative_numbers = true)]
    pub fault_abort: Option<String>,
    /// Mirror (shadow) requests to this service.
    #[arg(long, value_name = "SERVICE")]
    pub mirror: Option<String>,
    /// CORS: an allowed origin (repeatable; * for any).
    #[arg(long = "cors-allow-origin", value_name = "ORIGIN")]
    pub cors_allow_origin: Vec<String>,
    /// CORS: an allowed method (repeatable).
    #[arg(long = "cors-allow-method", value_name = "METHOD")]
    pub cors_allow_methods: Vec<String>,
    /// CORS: an allowed request header (repeatable).
    #[arg(long = "cors-allow-header", value_name = "HEADER")]
    pub cors_allow_headers: Vec<String>,
    /// CORS: an exposed response header (repeatable).
    #[arg(long = "cors-expose-header", value_name = "HEADER")]
    pub cors_expose_headers: Vec<String>,
    /// CORS: preflight cache time (whole seconds, e.g. 24h).
    #[arg(long, value_name = "DURATION")]
    pub cors_max_age: Option<String>,
    /// CORS: allow credentials.
    #[arg(long)]
    pub cors_allow_credentials: Option<bool>,
    /// A header `KEY=VALUE` added to forwarded requests (repeatable).
    #[arg(long = "append-header", value_name = "KEY=VALUE")]
    pub append_headers: Vec<String>,
    /// Create or update the object in the cluster instead of printing it.
    #[arg(long)]
    pub apply: bool,
    /// How to apply (with --apply).
    #[command(flatten)]
    pub apply_flags: ApplyFlags,
}

/// Runs `create`.
pub fn run(cmd: &CreateCommand, g: &GlobalArgs) -> anyhow::Result<()> {
    match cmd {
        CreateCommand::Ingress(args) => ingress(args, g),
        CreateCommand::RouteRule(args) => routerule(args, g),
    }
}

fn usage(err: GrammarError) -> anyhow::Error {
    CliError::Usage(err.to_string()).into()
}

fn key_values(flag: &'static str, values: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    values
        .iter()
        .map(|v| generate::parse_key_value(flag, v).map_err(usage))
        .collect()
}

fn ingress(args: &IngressArgs, g: &GlobalArgs) -> anyhow::Result<()> {
    let sends = args.apply_flags.sends_checked(args.apply)?;
    let rules = args
        .rules
        .iter()
        .map(|r| generate::parse_rule(r).map_err(usage))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let req = IngressRequest {
        name: args.name.clone(),
        namespace: g.namespace.clone(),
        api: match args.api_version {
            ApiVersionArg::V1 => IngressApi::V1,
            ApiVersionArg::ExtensionsV1beta1 => IngressApi::ExtensionsV1beta1,
        },
        class: (!args.class.is_empty()).then(|| args.class.clone()),
        annotations: key_values("--annotation", &args.annotations)?,
        rules,
        default_backend: args
            .default_backend
            .as_deref()
            .map(|b| generate::parse_backend("--default-backend", b))
            .transpose()
            .map_err(usage)?,
    };
    let generated = generate::ingress(&req).map_err(usage)?;
    let printer = g.printer();
    for note in &generated.notes {
        printer.note(note);
    }
    let text = checked_text(&generated.object, g, &args.class, !sends)?;
    deliver(&text, g, sends, &args.apply_flags)
}

fn routerule(args: &RouteRuleArgs, g: &GlobalArgs) -> anyhow::Result<()> {
    let sends = args.apply_flags.sends_checked(args.apply)?;
    let uri = match (&args.match_exact, &args.match_prefix, &args.match_regex) {
        (Some(v), _, _) => Some(("exact", v.clone())),
        (_, Some(v), _) => Some(("prefix", v.clone())),
        (_, _, Some(v)) => Some(("regex", v.clone())),
        _ => None,
    };
    let req = RouteRuleRequest {
        name: args.name.clone(),
        namespace: g.namespace.clone(),
        destination: args.destination.clone(),
        destination_namespace: args.destination_namespace.clone(),
        precedence: args.precedence,
        source: args.source.clone(),
        source_namespace: args.source_namespace.clone(),
        source_labels: key_values("--source-label", &args.source_labels)?,
        uri,
        headers: args
            .headers
            .iter()
            .map(|h| generate::parse_header_match(h).map_err(usage))
            .collect::<anyhow::Result<_>>()?,
        routes: args
            .routes
            .iter()
            .map(|r| generate::parse_route(r).map_err(usage))
            .collect::<anyhow::Result<_>>()?,
        timeout: args.timeout.clone(),
        retries: args.retries,
        per_try_timeout: args.per_try_timeout.clone(),
        redirect_uri: args.redirect_uri.clone(),
        redirect_authority: args.redirect_authority.clone(),
        rewrite_uri: args.rewrite_uri.clone(),
        rewrite_authority: args.rewrite_authority.clone(),
        websocket: args.websocket,
        fault_delay: args.fault_delay.clone(),
        fault_abort: args.fault_abort.clone(),
        mirror: args.mirror.clone(),
        cors: CorsPolicy {
            allow_origin: args.cors_allow_origin.clone(),
            allow_methods: args.cors_allow_methods.clone(),
            allow_headers: args.cors_allow_headers.clone(),
            expose_headers: args.cors_expose_headers.clone(),
            max_age: args.cors_max_age.clone(),
            allow_credentials: args.cors_allow_credentials,
        },
        append_headers: key_values("--append-header", &args.append_headers)?,
    };
    let generated = generate::routerule(&req).map_err(usage)?;
    let text = checked_text(&generated.object, g, "istio", !sends)?;
    deliver(&text, g, sends, &args.apply_flags)
}

/// Prints the object, or applies it after the checks `apply` makes (its errors refuse it).
fn deliver(text: &str, g: &GlobalArgs, apply: bool, flags: &ApplyFlags) -> anyhow::Result<()> {
    if apply {
        apply_sources(
            &[Source::from_text("<generated>", text)],
            g,
            flags,
            PreCheck::Against(crate::validate::Target::Istio),
        )
    } else {
        g.printer().data(text)
    }
}

/// Renders the object and checks it with `validate`'s rules: a malformed object is refused,
/// other findings are warned of (`warn`; when the object is applied, the apply's own check
/// reports them instead).
fn checked_text<T: serde::Serialize>(
    object: &T,
    g: &GlobalArgs,
    class: &str,
    warn: bool,
) -> anyhow::Result<String> {
    let format = g.output.unwrap_or(Format::Yaml);
    let text = output::render(object, format)?;
    let snap = Snapshot::from_sources(
        &[Source::from_text("<generated>", &text)],
        class,
        IngressIdentity::default(),
    );
    let report = validate::check(&snap, &Options::default());
    let printer = g.printer();
    let mut errors = Vec::new();
    for d in &report.diagnostics {
        let line = format!(
            "[{}] {}; {}",
            d.code.id(),
            d.message,
            d.help.as_deref().unwrap_or("")
        );
        match d.severity {
            Severity::Error if d.code.is_malformed_object() => errors.push(line),
            // Valid, but not served as written: printed with a warning (`validate --fail-on`
            // and `apply` are where it is refused).
            Severity::Error | Severity::Warning if warn => {
                printer.warn(line.trim_end_matches("; "))
            }
            Severity::Error | Severity::Warning | Severity::Note => {}
        }
    }
    if !errors.is_empty() {
        return Err(CliError::Usage(format!(
            "the flags describe an object the Istio ingress rejects:\n  {}",
            errors.join("\n  ")
        ))
        .into());
    }
    Ok(text)
}
