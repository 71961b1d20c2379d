//! Deleting Ingresses, RouteRules and Secrets by name, reporting what was already gone.

use kube::api::DeleteParams;

use super::apply::api_for;
use super::resources::{self, ResourceType};
use super::{Cluster, ClusterError};

/// What a delete found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Deletion {
    /// It existed and was deleted (or would be, in a dry run).
    Deleted,
    /// It was not there.
    NotFound,
}

/// Deletes one object; a missing object is [`Deletion::NotFound`], not an error.
pub async fn delete(
    cluster: &Cluster,
    resource: &ResourceType,
    namespace: &str,
    name: &str,
    server_dry_run: bool,
) -> Result<Deletion, ClusterError> {
    let api = api_for(cluster, resource, namespace);
    let params = DeleteParams {
        dry_run: server_dry_run,
        ..DeleteParams::default()
    };
    match cluster.call(api.delete(name, &params)).await {
        Ok(_) => Ok(Deletion::Deleted),
        Err(e) if missing_type(&e) => Err(ClusterError::Unsupported(format!(
            "this cluster does not serve {}.{} ({}): there is nothing of that type to delete",
            resource.api.plural, resource.api.group, resource.api.api_version
        ))),
        Err(e) if e.is_not_found() => Ok(Deletion::NotFound),
        Err(e) => Err(e),
    }
}

/// True for a 404 about the type itself (`the server could not find the requested
/// resource`, or a bare `404 page not found` for an unknown group): a missing CRD, not a
/// missing object.
fn missing_type(err: &ClusterError) -> bool {
    matches!(err, ClusterError::NotFound { message }
        if message.contains("could not find the requested resource") || message.contains("page not found"))
}

/// `kind/name` as kubectl prints it.
pub fn display(resource: &ResourceType, name: &str) -> String {
    format!("{}/{name}", resources::kubectl_name(&resource.api))
}
