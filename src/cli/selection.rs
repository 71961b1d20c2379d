//! Which objects are the ingress's, the same flags for every command that reads manifests
//! (`validate`, `serve`, `convert`, `verify`): its class, and how RouteRules name it in
//! `match.source`.

use clap::Args;

use crate::exit::CliError;
use crate::manifest::routing::IngressIdentity;

/// `--annotations`: which other controller's annotations to carry over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Annotations {
    /// ingress-nginx's (`nginx.ingress.kubernetes.io/*`), as RouteRules.
    IngressNginx,
}

/// `--ingress-class`, `--ingress-name`, `--ingress-label`, `--assume-class`.
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
    /// Take the Ingresses of this class (ingress-nginx's `nginx`, say) as if they were
    /// already of --ingress-class: a migration checked, converted or served before it is
    /// made (the files are not changed).
    #[arg(long, value_name = "CLASS")]
    pub assume_class: Option<String>,
}

impl SelectionArgs {
    /// Applies `--assume-class` to loaded objects; returns a line saying what it did.
    pub fn assume(&self, loaded: &mut crate::manifest::Loaded) -> Option<String> {
        let from = self.assume_class.as_deref()?;
        let moved = loaded.assume_class(from, &self.ingress_class);
        Some(format!(
            "{moved} Ingress{} of class `{from}` taken as class `{}` (--assume-class)",
            if moved == 1 { "" } else { "es" },
            self.ingress_class
        ))
    }

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
