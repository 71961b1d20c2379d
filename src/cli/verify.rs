//! `verify`: curl-style checks, checks derived from manifests, and check files; reported as a
//! table (or JSON, or JUnit XML) with exit 3 when a check fails.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use super::GlobalArgs;
use crate::exit::CliError;
use crate::manifest;
use crate::manifest::snapshot::Snapshot;
use crate::output::Format;
use crate::verify::{
    self, Check, ConnectTo, Connection, Expect, HeaderExpect, Progress, RequestSpec, Retry,
    StatusExpect, TextMatch, checkfile, plan, report,
};

const EXAMPLES: &str = "\
Examples:
  # The guide's checks, one by one, curl-style
  ingressctl verify http://$INGRESS_HOST/status/200
  ingressctl verify http://$INGRESS_HOST/headers --expect 403,404
  ingressctl verify -k https://$INGRESS_HOST/status/200
  ingressctl verify http://$INGRESS_HOST/delay/10 --expect 504 --max-time 5s --min-time 3.5s

  # Every check the manifests imply, against an ingress address
  ingressctl verify -f manifests/ --ingress-host 169.47.243.100:31486 \\
      --secure-ingress-host 169.47.243.100:32254 --cacert ca.crt

  # A named host through an address, as curl --resolve (Host and SNI stay foo.bar.com)
  ingressctl verify https://foo.bar.com/status/200 --resolve foo.bar.com:443:127.0.0.1 --cacert ca.crt

  # Against a cluster: the address comes from `ingressctl host`, the checks from the live
  # Ingresses and RouteRules
  ingressctl verify --cluster
  ingressctl verify -f manifests/ -k

  # A suite from a file, waiting up to a minute for the ingress to come up, JUnit for CI
  INGRESS_HOST=127.0.0.1:8080 ingressctl verify --checks checks.yaml --wait 60s --junit verify.xml

Exit status: 0 all checks passed, 3 a check failed, 1 could not run (bad file, no address).";

/// `verify` arguments.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct VerifyArgs {
    /// URLs to check (ad hoc, curl-style).
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// Derive checks from these manifests (Ingress, RouteRule; file, directory or -).
    #[arg(short = 'f', long = "filename", value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// A check file (YAML, ${VAR} from the environment).
    #[arg(long, value_name = "FILE")]
    pub checks: Vec<PathBuf>,
    /// The ingress address for derived checks: HOST[:PORT] (port 80 by default).
    #[arg(long, value_name = "HOST[:PORT]", env = "INGRESS_HOST")]
    pub ingress_host: Option<String>,
    /// The HTTPS address for derived checks [default: the ingress host, port 443].
    #[arg(long, value_name = "HOST[:PORT]", env = "SECURE_INGRESS_HOST")]
    pub secure_ingress_host: Option<String>,
    /// Derive checks from the live cluster's Ingresses and RouteRules.
    #[arg(long)]
    pub cluster: bool,
    /// Which objects are the ingress's.
    #[command(flatten)]
    pub selection: super::selection::SelectionArgs,
    /// Also derive checks from another controller's annotations (ingress-nginx's rewrites,
    /// redirects, HTTPS redirect, canary, CORS, timeouts); they hold against either ingress.
    #[arg(long, value_enum, value_name = "CONTROLLER")]
    pub annotations: Option<super::selection::Annotations>,
    /// Text only a canary's answers carry (in the body or a header value): without it the
    /// canary checks of --annotations are left out.
    #[arg(long, value_name = "TEXT", requires = "annotations")]
    pub canary_marker: Option<String>,
    /// Acceptable statuses for URL checks: codes and classes, comma-separated.
    #[arg(long, default_value = "2xx", value_name = "STATUS,...")]
    pub expect: String,
    /// Send HEAD (curl -I).
    #[arg(short = 'I', long)]
    pub head: bool,
    /// Method.
    #[arg(short = 'X', long = "request", value_name = "METHOD")]
    pub method: Option<String>,
    /// A request header 'Name: value' (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// Request body.
    #[arg(short = 'd', long = "data", value_name = "DATA")]
    pub data: Option<String>,
    /// Accept any server certificate.
    #[arg(short = 'k', long)]
    pub insecure: bool,
    /// Trust only this CA bundle (PEM).
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// Client certificate (PEM), with --key.
    #[arg(long, value_name = "FILE", requires = "key")]
    pub cert: Option<PathBuf>,
    /// Client key (PEM).
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub key: Option<PathBuf>,
    /// Resolve HOST:PORT to ADDR (repeatable; Host and SNI stay HOST).
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<String>,
    /// Connect to HOST2:PORT2 for HOST1:PORT1 (repeatable; Host and SNI stay HOST1).
    #[arg(long, value_name = "HOST1:PORT1:HOST2:PORT2")]
    pub connect_to: Vec<String>,
    /// Use HTTP/2 (prior knowledge on http://, ALPN on https://).
    #[arg(long)]
    pub http2: bool,
    /// Per-request timeout.
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub timeout: String,
    /// Expect a response header: NAME, NAME=VALUE or NAME~REGEX (repeatable).
    #[arg(long, value_name = "HEADER")]
    pub expect_header: Vec<String>,
    /// Expect the body to contain TEXT, or to match ~REGEX.
    #[arg(long, value_name = "TEXT|~REGEX")]
    pub expect_body: Option<String>,
    /// Fail when the answer takes longer.
    #[arg(long, value_name = "DURATION")]
    pub max_time: Option<String>,
    /// Fail when the answer comes sooner (e.g. a timeout that fires too early).
    #[arg(long, value_name = "DURATION")]
    pub min_time: Option<String>,
    /// Expect a redirect (3xx) to this URL.
    #[arg(long, value_name = "URL")]
    pub expect_redirect: Option<String>,
    /// Retry a failing check this many times.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub retry: u32,
    /// Pause between retries.
    #[arg(long, default_value = "1s", value_name = "DURATION")]
    pub retry_interval: String,
    /// Retry failing checks until they pass or this much time has passed (with --retry,
    /// whichever ends first).
    #[arg(long, value_name = "DURATION")]
    pub wait: Option<String>,
    /// Checks run at the same time.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub jobs: usize,
    /// Also write a JUnit XML report.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// List the checks without sending anything.
    #[arg(long)]
    pub dry_run: bool,
}

fn usage(e: anyhow::Error) -> anyhow::Error {
    CliError::Usage(format!("{e:#}")).into()
}

fn dur(flag: &str, text: &str) -> Result<Duration> {
    super::duration_flag(flag, text)
}

fn opt_dur(flag: &str, text: &Option<String>) -> Result<Option<Duration>> {
    text.as_deref().map(|t| dur(flag, t)).transpose()
}

fn connection(args: &VerifyArgs, g: &GlobalArgs) -> Result<Connection> {
    let resolve = args
        .resolve
        .iter()
        .map(|r| {
            let mut parts = r.splitn(3, ':');
            let (Some(h), Some(p), Some(a)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(CliError::Usage(format!(
                    "invalid --resolve {r:?}: use HOST:PORT:ADDR"
                ))
                .into());
            };
            let port: u16 = p
                .parse()
                .map_err(|_| CliError::Usage(format!("invalid --resolve {r:?}: bad port")))?;
            let addr: IpAddr = a.trim_matches(['[', ']']).parse().map_err(|_| {
                CliError::Usage(format!("invalid --resolve {r:?}: {a} is not an IP address"))
            })?;
            Ok((h.to_string(), port, addr))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Connection {
        insecure: args.insecure,
        cacert: args.cacert.clone(),
        client_cert: args.cert.clone().zip(args.key.clone()),
        resolve,
        connect_to: args
            .connect_to
            .iter()
            .map(|c| ConnectTo::parse(c).map_err(usage))
            .collect::<Result<_>>()?,
        timeout: dur("--timeout", &args.timeout)?,
        verbose: g.verbose > 0,
        tls: None,
    })
}

fn retry(args: &VerifyArgs) -> Result<Retry> {
    Ok(Retry {
        attempts: (args.retry > 0).then_some(args.retry),
        interval: dur("--retry-interval", &args.retry_interval)?,
        wait: opt_dur("--wait", &args.wait)?,
    })
}

fn url_checks(args: &VerifyArgs, retry: Retry) -> Result<Vec<Check>> {
    let method = match (&args.method, args.head, &args.data) {
        (Some(m), _, _) => m.to_ascii_uppercase(),
        (None, true, _) => "HEAD".into(),
        (None, false, Some(_)) => "POST".into(),
        _ => "GET".into(),
    };
    let headers = args
        .headers
        .iter()
        .map(|h| {
            h.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| {
                    CliError::Usage(format!("invalid -H {h:?}: use 'Name: value'")).into()
                })
        })
        .collect::<Result<Vec<_>>>()?;
    let expect = Expect {
        status: StatusExpect::parse_list(&args.expect).map_err(usage)?,
        headers: args
            .expect_header
            .iter()
            .map(|h| HeaderExpect::parse(h).map_err(usage))
            .collect::<Result<_>>()?,
        body: args
            .expect_body
            .as_deref()
            .map(TextMatch::parse)
            .transpose()
            .map_err(usage)?,
        max_time: opt_dur("--max-time", &args.max_time)?,
        min_time: opt_dur("--min-time", &args.min_time)?,
        redirect: args.expect_redirect.clone(),
        ..Expect::default()
    };
    args.urls
        .iter()
        .map(|url| {
            let url = &crate::verify::normalize_url(url).map_err(CliError::Usage)?;
            Ok(Check {
                name: url.clone(),
                request: RequestSpec {
                    method: method.clone(),
                    url: url.clone(),
                    headers: headers.clone(),
                    body: args.data.clone(),
                    http2: args.http2,
                    connect_to: None,
                },
                expect: expect.clone(),
                retry,
            })
        })
        .collect()
}

/// Finds the ingress address (unless given) and, with `--cluster`, adds the live objects
/// under the files' own (one connection for both).
fn from_cluster(
    args: &VerifyArgs,
    g: &GlobalArgs,
    loaded: &mut manifest::Loaded,
) -> Result<Option<crate::cluster::host::IngressAddress>> {
    crate::cluster::block_on(async {
        let cluster = super::cluster::connect(g).await?;
        let address = if args.ingress_host.is_none() {
            let query = crate::cluster::host::HostQuery {
                class: args.selection.ingress_class.clone(),
                ..Default::default()
            };
            match super::host::discover_with_wait(&cluster, &query, g, None).await? {
                Ok(a) => Some(a),
                Err(not_found) => anyhow::bail!(
                    "no ingress address: give --ingress-host HOST[:PORT] (or set INGRESS_HOST); {not_found}"
                ),
            }
        } else {
            None
        };
        if args.cluster {
            super::cluster::add_live_objects(
                &cluster,
                loaded,
                false,
                &args.selection.ingress_class,
                g,
            )
            .await?;
        }
        Ok(address)
    })?
}

fn derived_checks(args: &VerifyArgs, g: &GlobalArgs, retry: Retry) -> Result<Vec<Check>> {
    if args.files.is_empty() && !args.cluster {
        return Ok(Vec::new());
    }
    let sources = manifest::read_sources(&args.files, false)?;
    let mut loaded = if sources.is_empty() {
        manifest::Loaded::default()
    } else {
        manifest::load(&sources)
    };
    let discovered = if args.cluster || args.ingress_host.is_none() {
        from_cluster(args, g, &mut loaded).context(if args.ingress_host.is_none() {
            "no ingress address given (--ingress-host HOST[:PORT]), so ingressctl looked in the cluster"
        } else {
            "reading the cluster"
        })?
    } else {
        None
    };
    if let Some(a) = &discovered {
        g.printer().note(&format!(
            "ingress address {} (found through {})",
            a.ingress_host.as_deref().unwrap_or(&a.host),
            a.found
        ));
    }
    let host = match (&args.ingress_host, &discovered) {
        (Some(h), _) => h.clone(),
        (None, Some(a)) => a.ingress_host.clone().unwrap_or_else(|| a.host.clone()),
        (None, None) => anyhow::bail!("no ingress address: give --ingress-host HOST[:PORT]"),
    };
    let secure = args.secure_ingress_host.clone().or_else(|| {
        discovered
            .as_ref()
            .and_then(|a| a.secure_ingress_host.clone())
    });
    if let Some(d) = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == crate::diagnostic::Severity::Error)
    {
        anyhow::bail!(
            "{}:{}:{}: {} (run `ingressctl validate`)",
            d.file,
            d.line,
            d.column,
            d.message
        );
    }
    args.selection.assume(&mut loaded);
    let snap = Snapshot::new(
        loaded,
        &args.selection.ingress_class,
        args.selection.identity()?,
    );
    if snap.ingresses().next().is_none() {
        let whence = if args.cluster {
            "the cluster and the files have"
        } else {
            "the manifests have"
        };
        anyhow::bail!(
            "{whence} no Ingress of class `{}`: no checks to run",
            args.selection.ingress_class
        );
    }
    let target = plan::Target::new(&host, secure.as_deref());
    let mut checks = plan::derive(&snap, &target, args.annotations.is_some())?;
    if args.annotations.is_some() {
        let mut notes = Vec::new();
        checks.extend(plan::nginx::derive(
            &snap,
            &target,
            args.canary_marker.as_deref(),
            &mut notes,
        )?);
        let printer = g.printer();
        for note in &notes {
            printer.warn(note);
        }
    }
    for c in &mut checks {
        c.retry = retry;
    }
    if checks.is_empty() {
        anyhow::bail!(
            "the manifests expose nothing for class `{}`: no checks to run",
            args.selection.ingress_class
        );
    }
    Ok(checks)
}

fn file_checks(args: &VerifyArgs, retry: Retry) -> Result<Vec<Check>> {
    let mut out = Vec::new();
    for path in &args.checks {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut checks = checkfile::parse(&path.display().to_string(), &text)?;
        for c in &mut checks {
            if c.retry.attempts.is_none() && c.retry.wait.is_none() {
                c.retry = retry;
            }
        }
        out.extend(checks);
    }
    Ok(out)
}

/// Retry progress: a spinner on a terminal, plain lines otherwise.
struct Reporter {
    spinner: Option<indicatif::ProgressBar>,
    quiet: bool,
    lines: Mutex<()>,
}

impl Progress for Reporter {
    fn retrying(&self, check: &Check, next: u32, why: &str) {
        let msg = format!("waiting for {} (attempt {next}): {why}", check.name);
        match &self.spinner {
            Some(s) => s.set_message(msg),
            None if !self.quiet => {
                let _guard = self.lines.lock();
                eprintln!("{msg}");
            }
            None => {}
        }
    }
}

/// Runs `verify`.
pub fn run(args: &VerifyArgs, g: &GlobalArgs) -> Result<()> {
    args.selection.identity()?;
    let retry = retry(args)?;
    let conn = connection(args, g)?;
    let mut checks = url_checks(args, retry)?;
    checks.extend(derived_checks(args, g, retry)?);
    checks.extend(file_checks(args, retry)?);
    if checks.is_empty() {
        return Err(CliError::Usage(
            "nothing to check: give URLs, -f manifests with --ingress-host, or --checks FILE"
                .into(),
        )
        .into());
    }
    let printer = g.printer();
    if args.dry_run {
        let mut text = String::new();
        for c in &checks {
            let via = c
                .request
                .connect_to
                .map(|a| format!(" (via {a})"))
                .unwrap_or_default();
            text.push_str(&format!(
                "{}: {} {}{via} expect {}\n",
                c.name,
                c.request.method,
                c.request.url,
                c.expect.describe()
            ));
        }
        return printer.data(&text);
    }
    let spinner = (std::io::stderr().is_terminal() && !g.quiet).then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.enable_steady_tick(Duration::from_millis(100));
        s.set_message(format!("running {} checks", checks.len()));
        s
    });
    let reporter = Arc::new(Reporter {
        spinner: spinner.clone(),
        quiet: g.quiet,
        lines: Mutex::new(()),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let outcomes = runtime.block_on(verify::run_all(&checks, &conn, args.jobs, reporter));
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    if let Some(path) = &args.junit {
        std::fs::write(path, report::junit(&outcomes))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    match g.output {
        Some(Format::Json) => printer.value(&report::json(&outcomes), Format::Json)?,
        Some(Format::Yaml) => printer.value(&report::json(&outcomes), Format::Yaml)?,
        None => printer.data(&report::table(&outcomes))?,
    }
    let summary = report::Summary::of(&outcomes);
    if summary.failed > 0 {
        return Err(CliError::Reported(format!("{} check(s) failed", summary.failed)).into());
    }
    Ok(())
}
