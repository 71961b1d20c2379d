//! `install` and `uninstall`: what runs `ingressctl serve --kube` in a cluster.

use clap::Args;

use super::GlobalArgs;
use super::cluster::{ApplyFlags, apply_all, connect};
use crate::cluster::delete::{self, Deletion};
use crate::cluster::install::{self, InstallSettings};
use crate::cluster::resources;
use crate::cluster::{self as kube_cluster};
use crate::exit::CliError;
use crate::output::Format;

const EXAMPLES: &str = "\\
Examples:
  # See what would be installed
  ingressctl install --image registry.example.com/ingressctl:0.1.0

  # Install it (server-side apply), or have the server check it first
  ingressctl install --image registry.example.com/ingressctl:0.1.0 --apply --dry-run=server
  ingressctl install --image registry.example.com/ingressctl:0.1.0 --apply

  # Remove it again (the namespace and the certificate Secret stay)
  ingressctl uninstall

Installs, in istio-system (-n): a ServiceAccount with exactly the permissions serve uses, the
IngressClass istio (controller istio.io/ingress-controller), a Deployment of `serve --kube`
(non-root, read-only root filesystem, probes on the admin port), the guide's Service
istio-ingress (LoadBalancer, ports 80 and 443) and a PodDisruptionBudget. The Dockerfile at
the top of the repository builds the image.";

/// `install` arguments.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct InstallArgs {
    /// The container image of ingressctl.
    #[arg(long, default_value = "ingressctl:0.1.0", value_name = "IMAGE")]
    pub image: String,
    /// Replicas of the ingress.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub replicas: u32,
    /// Apply to the cluster instead of printing.
    #[arg(long)]
    pub apply: bool,
    /// How to apply (with --apply).
    #[command(flatten)]
    pub apply_flags: ApplyFlags,
}

/// `uninstall` arguments.
#[derive(Debug, Args)]
#[command(
    after_help = "Deletes what `ingressctl install` made, in reverse order; the namespace and the istio-ingress-certs Secret stay."
)]
pub struct UninstallArgs {}

fn settings(g: &GlobalArgs, image: &str, replicas: u32) -> InstallSettings {
    InstallSettings {
        namespace: g.namespace.clone().unwrap_or_else(|| "istio-system".into()),
        image: image.to_string(),
        replicas,
    }
}

/// Runs `install`.
pub fn run_install(args: &InstallArgs, g: &GlobalArgs) -> anyhow::Result<()> {
    let sends = args.apply_flags.sends_checked(args.apply)?;
    if args.replicas == 0 {
        return Err(CliError::Usage("--replicas must be at least 1".into()).into());
    }
    let manifests = install::manifests(&settings(g, &args.image, args.replicas));
    if !sends {
        let printer = g.printer();
        return match g.output {
            Some(Format::Json) => printer.value(
                &serde_json::json!({"apiVersion": "v1", "kind": "List", "items": manifests}),
                Format::Json,
            ),
            _ => {
                let mut stream = printer.yaml_stream();
                for m in &manifests {
                    stream.write(m);
                }
                stream.finish().map(|_| ())
            }
        };
    }
    let opts = args.apply_flags.options();
    kube_cluster::block_on(apply_all(manifests, g, &opts))?
}

/// Runs `uninstall`.
pub fn run_uninstall(_args: &UninstallArgs, g: &GlobalArgs) -> anyhow::Result<()> {
    let manifests = install::manifests(&settings(g, "-", 1));
    kube_cluster::block_on(async {
        let cluster = connect(g).await?;
        let printer = g.printer();
        for m in manifests.iter().rev() {
            let (Some(api_version), Some(kind), Some(name)) = (
                m["apiVersion"].as_str(),
                m["kind"].as_str(),
                m.pointer("/metadata/name").and_then(|n| n.as_str()),
            ) else {
                continue;
            };
            if kind == "Namespace" {
                continue;
            }
            let Some(resource) = resources::lookup(api_version, kind) else {
                continue;
            };
            let ns = m
                .pointer("/metadata/namespace")
                .and_then(|n| n.as_str())
                .unwrap_or_default();
            let shown = delete::display(&resource, name);
            match delete::delete(&cluster, &resource, ns, name, false).await? {
                Deletion::Deleted => printer.data(&format!("{shown} deleted"))?,
                Deletion::NotFound => printer.status(&format!("{shown} was not there")),
            }
        }
        anyhow::Ok(())
    })?
}
