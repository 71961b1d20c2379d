//! `host`: the ingress address (INGRESS_HOST), found the guide's way.

use std::time::{Duration, Instant};

use clap::Args;

use super::GlobalArgs;
use super::cluster::{Spinner, connect};
use crate::cluster::{self, ClusterError, host};
use crate::exit::CliError;

const EXAMPLES: &str = "\
Examples:
  # The address to curl, as the guide finds it by hand
  ingressctl host

  # Both variables for the guide's curl commands
  eval \"$(ingressctl host --export)\"
  curl -I http://$INGRESS_HOST/status/200

  # Wait up to two minutes for a LoadBalancer that is still <pending>
  ingressctl host --wait 2m

  # Today's Istio, every field and the path taken as JSON
  ingressctl host --service istio-ingressgateway --selector istio=ingressgateway -o json

Where it looks, in order: the load-balancer status of the Ingress (--ingress, or the Ingresses
of the class in the namespace); the LoadBalancer address of the Service istio-ingress, then
istio-ingressgateway, in istio-system; the host IP of a ready pod labelled istio=ingress (or
istio=ingressgateway) with the Service's node ports. Exit 3 when none gives an address.";

/// `host` arguments.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct HostArgs {
    /// Read this Ingress's load-balancer status first.
    #[arg(long, value_name = "NAME")]
    pub ingress: Option<String>,
    /// Print the HTTPS address (port 443 or the https node port).
    #[arg(long)]
    pub https: bool,
    /// Print `export INGRESS_HOST=...` and `export SECURE_INGRESS_HOST=...` for eval.
    #[arg(long, conflicts_with = "output")]
    pub export: bool,
    /// Namespace of the ingress Service and pods.
    #[arg(long, default_value = "istio-system", value_name = "NAMESPACE")]
    pub gateway_namespace: String,
    /// The ingress Service [default: istio-ingress, then istio-ingressgateway].
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,
    /// Label selector of the ingress pods [default: the Service's selector].
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,
    /// Name of the Service's HTTP port [default: http, then http2, then port 80].
    #[arg(long, value_name = "NAME")]
    pub port_name: Option<String>,
    /// The ingress class whose Ingresses are read.
    #[arg(long, default_value = "istio", value_name = "CLASS")]
    pub ingress_class: String,
    /// Keep looking until an address appears or this much time has passed (e.g. 2m).
    #[arg(long, value_name = "DURATION")]
    pub wait: Option<String>,
}

impl HostArgs {
    fn query(&self) -> host::HostQuery {
        host::HostQuery {
            ingress: self.ingress.clone(),
            class: self.ingress_class.clone(),
            gateway_namespace: self.gateway_namespace.clone(),
            service: self.service.clone(),
            selector: self.selector.clone(),
            port_name: self.port_name.clone(),
        }
    }
}

/// How often `--wait` looks again.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// Runs `host`.
pub fn run(args: &HostArgs, g: &GlobalArgs) -> anyhow::Result<()> {
    let wait = args
        .wait
        .as_deref()
        .map(|w| super::duration_flag("--wait", w))
        .transpose()?;
    let found = cluster::block_on(find(args, g, wait))??;
    let address = match found {
        Ok(address) => address,
        Err(not_found) => {
            eprintln!("{not_found}");
            if let Some(w) = wait {
                eprintln!(
                    "gave up after waiting {} for an address",
                    crate::manifest::duration::format(w)
                );
            }
            return Err(CliError::Findings("no ingress address found".into()).into());
        }
    };
    print(args, g, &address)
}

/// Discovers the address for an already connected cluster, polling until `wait` runs out.
pub async fn find(
    args: &HostArgs,
    g: &GlobalArgs,
    wait: Option<Duration>,
) -> anyhow::Result<host::Discovery> {
    let cluster = connect(g).await?;
    discover_with_wait(&cluster, &args.query(), g, wait).await
}

/// One discovery, or polls with a spinner until an address appears or `wait` has passed.
pub async fn discover_with_wait(
    cluster: &cluster::Cluster,
    query: &host::HostQuery,
    g: &GlobalArgs,
    wait: Option<Duration>,
) -> anyhow::Result<host::Discovery> {
    let spinner = Spinner::start(g, "looking for the ingress address");
    let Some(deadline) = wait.map(|w| Instant::now() + w) else {
        return Ok(host::discover(cluster, query).await?);
    };
    loop {
        let last = match host::discover(cluster, query).await {
            Ok(Ok(found)) => return Ok(Ok(found)),
            Ok(Err(not_found)) => {
                let why = not_found.looked.last().cloned().unwrap_or_default();
                spinner.set(format!("waiting for an ingress address: {why}"));
                Ok(Err(not_found))
            }
            // While waiting, a cluster that does not answer yet is worth another look.
            Err(e @ (ClusterError::Unreachable { .. } | ClusterError::Timeout { .. })) => {
                spinner.set(format!("waiting for the cluster: {e}"));
                Err(e)
            }
            Err(e) => return Err(e.into()),
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(last?);
        }
        tokio::time::sleep(left.min(POLL_EVERY)).await;
    }
}

fn print(args: &HostArgs, g: &GlobalArgs, a: &host::IngressAddress) -> anyhow::Result<()> {
    let printer = g.printer();
    printer.note(&format!("found through {}", a.found));
    if let Some(format) = g.output {
        return printer.value(a, format);
    }
    if args.export {
        let mut text = String::new();
        for (var, value) in [
            ("INGRESS_HOST", &a.ingress_host),
            ("SECURE_INGRESS_HOST", &a.secure_ingress_host),
        ] {
            if let Some(v) = value {
                text.push_str(&format!("export {var}={v}\n"));
            }
        }
        return printer.data(&text);
    }
    let value = if args.https {
        &a.secure_ingress_host
    } else {
        &a.ingress_host
    };
    match value {
        Some(v) => printer.data(v),
        None => {
            let message = format!(
                "the ingress at {} has no {} port ({})",
                a.host,
                if args.https { "HTTPS" } else { "HTTP" },
                a.found
            );
            Err(CliError::Findings(message).into())
        }
    }
}
