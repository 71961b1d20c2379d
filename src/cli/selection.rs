//! Which objects are the ingress's, the same flags for every command that reads manifests
//! (`validate`, `serve`, `convert`, `verify`): its class, and how RouteRules name it in
//! `match.source`.

use clap::Args;

use crate::exit::CliError;
use crate::manifest::routing::IngressIdentity;

/// `--ingress-class`, `--ingress-name`, `--ingress-label`.
#[derive(Debug, Clone, Args)]
pub struct SelectionArgs {
    /// The ingress class this controller owns (the annotation, `ingressClassName`, or an
    /// IngressClass whose controller is istio.io/ingress-controller).
    #[arg(long, default_value = "istio", value_name = "CLASS")]
    pub ingress_class: String,
    /// A service name the ingress answers to in RouteRules' match.source (repeatable)
    /// [default: istio-ingress, istio-ingressgateway].
    #[arg(long = "ingress-name", value_name = "NAME")]
    pub ingress_names: Vec<String>,
    /// A label the ingress carries for RouteRules' match.source (repeatable)
    /// [default: istio=ingress, istio=ingressgateway].
    #[arg(long = "ingress-label", value_name = "KEY=VALUE")]
    pub ingress_labels: Vec<String>,
}

impl SelectionArgs {
    /// The ingress identity these flags describe; a label without `=` is a usage error.
    pub fn identity(&self) -> anyhow::Result<IngressIdentity> {
        let mut id = IngressIdentity::default();
        if !self.ingress_names.is_empty() {
            id.names = self.ingress_names.clone();
        }
        if !self.ingress_labels.is_empty() {
            id.labels = self
                .ingress_labels
                .iter()
                .map(|l| {
                    l.split_once('=')
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .ok_or_else(|| {
                            CliError::Usage(format!("invalid --ingress-label {l:?}: use KEY=VALUE"))
                                .into()
                        })
                })
                .collect::<anyhow::Result<_>>()?;
        }
        Ok(id)
    }
}
