//! kube-rs 5.0 against the stand-in API server over HTTPS: SSA of an Ingress, list with a
//! label selector, a watch seeing `set_status` from another thread, a DynamicObject RouteRule.

use std::path::Path;
use std::time::Duration;

use crate::support::apiserver::{ApiServer, Options};
use futures_util::{StreamExt, TryStreamExt};
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::Ingress;
use kube::api::{
    Api, ApiResource, DeleteParams, DynamicObject, GroupVersionKind, ListParams, Patch,
    PatchParams, PostParams, WatchEvent, WatchParams,
};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use serde_json::json;

/// A client from the kubeconfig the server wrote.
async fn client(path: &Path) -> Client {
    let kubeconfig = Kubeconfig::read_from(path).expect("kubeconfig");
    let config = Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
        .await
        .expect("config");
    Client::try_from(config).expect("client")
}

/// An Ingress apply configuration.
fn ingress(host: &str) -> serde_json::Value {
    json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {"rules": [{"host": host}]},
    })
}

/// The API error of a failed call.
fn status(err: kube::Error) -> Box<kube::core::Status> {
    match err {
        kube::Error::Api(status) => status,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn server_side_apply_list_and_conflicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options::tls_client_cert());
    let client = client(&server.write_kubeconfig(dir.path())).await;
    let api: Api<Ingress> = Api::namespaced(client.clone(), "default");

    let applied = api
        .patch(
            "web",
            &PatchParams::apply("ingressctl"),
            &Patch::Apply(ingress("a.example.com")),
        )
        .await
        .expect("apply");
    let rv = applied.metadata.resource_version.clone();
    assert_eq!(applied.metadata.generation, Some(1));
    let managed = applied.metadata.managed_fields.expect("managedFields");
    assert_eq!(managed[0].manager.as_deref(), Some("ingressctl"));
    assert_eq!(managed[0].operation.as_deref(), Some("Apply"));

    let same = api
        .patch(
            "web",
            &PatchParams::apply("ingressctl"),
            &Patch::Apply(ingress("a.example.com")),
        )
        .await
        .expect("apply");
    assert_eq!(
        same.metadata.resource_version, rv,
        "no-op apply keeps the resourceVersion"
    );

    let err = api
        .patch(
            "web",
            &PatchParams::apply("other"),
            &Patch::Apply(ingress("b.example.com")),
        )
        .await
        .expect_err("conflict");
    let st = status(err);
    assert_eq!((st.code, st.reason.as_str()), (409, "Conflict"));
    assert_eq!(
        st.message,
        "Apply failed with 1 conflict: conflict with \"ingressctl\": .spec.rules"
    );
    let forced = api
        .patch(
            "web",
            &PatchParams::apply("other").force(),
            &Patch::Apply(ingress("b.example.com")),
        )
        .await
        .expect("forced");
    assert_eq!(forced.metadata.generation, Some(2));

    let listed = api
        .list(&ListParams::default().labels("app=web"))
        .await
        .expect("list");
    assert_eq!(listed.items.len(), 1);
    assert!(
        api.list(&ListParams::default().labels("app notin (web)"))
            .await
            .expect("list")
            .items
            .is_empty()
    );
    let all: Api<Ingress> = Api::all(client.clone());
    assert_eq!(
        all.list(&ListParams::default().fields("metadata.namespace=default"))
            .await
            .expect("list")
            .items
            .len(),
        1
    );

    let err = api
        .patch("web", &PatchParams::default(), &Patch::Apply(ingress("c")))
        .await
        .expect_err("no manager");
    assert_eq!(status(err).code, 422);
    let err = api
        .create(
            &PostParams::default(),
            &serde_json::from_value(ingress("c")).expect("ingress"),
        )
        .await
        .expect_err("exists");
    assert_eq!(
        status(err).message,
        "ingresses.networking.k8s.io \"web\" already exists"
    );
    let dry = api
        .delete(
            "web",
            &DeleteParams {
                dry_run: true,
                ..DeleteParams::default()
            },
        )
        .await
        .expect("dry delete");
    assert!(dry.is_left());
    assert!(
        server
            .get("networking.k8s.io/v1", "Ingress", Some("default"), "web")
            .is_some()
    );
    api.delete("web", &DeleteParams::default())
        .await
        .expect("delete");
    let err = api.get("web").await.expect_err("gone");
    assert_eq!(
        status(err).message,
        "ingresses.networking.k8s.io \"web\" not found"
    );

    let missing_ns: Api<Ingress> = Api::namespaced(client, "nope");
    let err = missing_ns
        .patch("web", &PatchParams::apply("x"), &Patch::Apply(ingress("a")))
        .await
        .expect_err("no namespace");
    assert_eq!(status(err).message, "namespaces \"nope\" not found");
}

#[tokio::test]
async fn watch_sees_status_set_from_another_thread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options::tls_token("t0ken"));
    let client = client(&server.write_exec_kubeconfig(dir.path())).await;
    server.insert(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "istio-ingressgateway", "namespace": "istio-system", "labels": {"istio": "ingressgateway"}},
        "spec": {"type": "LoadBalancer", "ports": [{"port": 80}]},
    }));
    let api: Api<Service> = Api::namespaced(client, "istio-system");
    let list = api.list(&ListParams::default()).await.expect("list");
    let rv = list.metadata.resource_version.expect("list rv");
    let mut stream = api
        .watch(
            &WatchParams::default()
                .labels("istio=ingressgateway")
                .timeout(20),
            &rv,
        )
        .await
        .expect("watch")
        .boxed();

    let server = std::sync::Arc::new(server);
    let setter = server.clone();
    let thread = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        setter.set_status(
            "v1",
            "Service",
            "istio-system",
            "istio-ingressgateway",
            json!({"loadBalancer": {"ingress": [{"ip": "10.0.0.7"}]}}),
        );
    });
    let event = tokio::time::timeout(Duration::from_secs(10), stream.try_next())
        .await
        .expect("in time")
        .expect("event")
        .expect("some");
    thread.join().expect("setter");
    match event {
        WatchEvent::Modified(svc) => {
            let ip = svc
                .status
                .and_then(|s| s.load_balancer)
                .and_then(|lb| lb.ingress)
                .and_then(|i| i[0].ip.clone());
            assert_eq!(ip.as_deref(), Some("10.0.0.7"));
        }
        other => panic!("expected MODIFIED, got {other:?}"),
    }
    let watched: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.query.contains("watch=true"))
        .collect();
    assert_eq!(watched.len(), 1);
}

#[tokio::test]
async fn dynamic_route_rule_apply_depends_on_the_crd() {
    let gvk = GroupVersionKind::gvk("config.istio.io", "v1alpha2", "RouteRule");
    let resource = ApiResource::from_gvk_with_plural(&gvk, "routerules");
    let rule = DynamicObject::new("reviews", &resource)
        .data(json!({"spec": {"destination": {"name": "reviews"}, "precedence": 1}}));
    for enabled in [true, false] {
        let dir = tempfile::tempdir().expect("tempdir");
        let server = ApiServer::start(Options {
            routerule_crd: enabled,
            ..Options::tls_token("x")
        });
        let client = client(&server.write_kubeconfig(dir.path())).await;
        let api: Api<DynamicObject> = Api::namespaced_with(client, "default", &resource);
        let result = api
            .patch(
                "reviews",
                &PatchParams::apply("ingressctl"),
                &Patch::Apply(&rule),
            )
            .await;
        if enabled {
            let stored = result.expect("applied");
            assert_eq!(stored.data["spec"]["precedence"], 1);
        } else {
            let st = status(result.expect_err("no CRD"));
            assert_eq!((st.code, st.reason.as_str()), (404, "NotFound"));
        }
    }
}

#[tokio::test]
async fn replace_status_subresource_patches_and_dry_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options::default());
    assert!(server.url().starts_with("http://127.0.0.1:"));
    let client = client(&server.write_kubeconfig(dir.path())).await;
    let api: Api<Ingress> = Api::namespaced(client.clone(), "default");
    let body: Ingress = serde_json::from_value(ingress("a.example.com")).expect("ingress");

    let dry = api
        .create(
            &PostParams {
                dry_run: true,
                ..PostParams::default()
            },
            &body,
        )
        .await
        .expect("dry create");
    assert_eq!(dry.metadata.name.as_deref(), Some("web"));
    assert!(
        server
            .get("networking.k8s.io/v1", "Ingress", Some("default"), "web")
            .is_none()
    );

    let created = api
        .create(&PostParams::default(), &body)
        .await
        .expect("create");
    let managers = created
        .metadata
        .managed_fields
        .clone()
        .expect("managedFields");
    assert_eq!(managers[0].operation.as_deref(), Some("Update"));

    let mut stale = created.clone();
    stale.spec.as_mut().expect("spec").ingress_class_name = Some("istio".into());
    api.replace("web", &PostParams::default(), &stale)
        .await
        .expect("replace");
    let err = api
        .replace("web", &PostParams::default(), &stale)
        .await
        .expect_err("stale");
    let st = status(err);
    assert_eq!(st.code, 409);
    assert_eq!(
        st.message,
        "Operation cannot be fulfilled on ingresses.networking.k8s.io \"web\": the object has been modified; please apply your changes to the latest version and try again"
    );

    let lb = json!({"status": {"loadBalancer": {"ingress": [{"ip": "10.1.2.3"}]}}});
    let ignored = api
        .patch("web", &PatchParams::default(), &Patch::Merge(&lb))
        .await
        .expect("merge");
    assert!(
        ignored
            .status
            .and_then(|s| s.load_balancer)
            .and_then(|l| l.ingress)
            .is_none(),
        "main resource ignores status"
    );
    let patched = api
        .patch_status("web", &PatchParams::default(), &Patch::Merge(&lb))
        .await
        .expect("status");
    let ip = patched
        .status
        .and_then(|s| s.load_balancer)
        .and_then(|l| l.ingress)
        .and_then(|i| i[0].ip.clone());
    assert_eq!(ip.as_deref(), Some("10.1.2.3"));
    let status_get = api.get_status("web").await.expect("get status");
    assert_eq!(status_get.metadata.generation, Some(2));

    let ops = json!([{"op": "replace", "path": "/spec/ingressClassName", "value": "nginx"}]);
    let request =
        http::Request::patch("/apis/networking.k8s.io/v1/namespaces/default/ingresses/web")
            .header("Content-Type", "application/json-patch+json")
            .body(ops.to_string().into_bytes())
            .expect("request");
    let jp: Ingress = client.request(request).await.expect("json patch");
    assert_eq!(
        jp.spec.and_then(|s| s.ingress_class_name).as_deref(),
        Some("nginx")
    );

    let mut stream = api
        .watch(&WatchParams::default().timeout(5), "0")
        .await
        .expect("watch")
        .boxed();
    match stream.try_next().await.expect("event").expect("some") {
        WatchEvent::Added(ing) => assert_eq!(ing.metadata.name.as_deref(), Some("web")),
        other => panic!("expected ADDED, got {other:?}"),
    }
}

#[tokio::test]
async fn discovery_and_credentials() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options {
        extensions_v1beta1: true,
        ..Options::tls_token("good")
    });
    let client = client(&server.write_kubeconfig(dir.path())).await;
    let groups = client.list_api_groups().await.expect("groups");
    let names: Vec<&str> = groups.groups.iter().map(|g| g.name.as_str()).collect();
    assert!(
        names.contains(&"extensions") && names.contains(&"networking.k8s.io"),
        "{names:?}"
    );
    let core = client.list_core_api_resources("v1").await.expect("core");
    let svc = core
        .resources
        .iter()
        .find(|r| r.name == "services")
        .expect("services");
    assert_eq!(svc.short_names.as_deref(), Some(&["svc".to_string()][..]));
    assert!(core.resources.iter().any(|r| r.name == "services/status"));
    let version = client.apiserver_version().await.expect("version");
    assert_eq!(version.git_version, "v1.33.0");

    let text = std::fs::read_to_string(dir.path().join("kubeconfig"))
        .expect("read")
        .replace("good", "bad");
    std::fs::write(dir.path().join("kubeconfig"), text).expect("write");
    let wrong = client_from(dir.path()).await;
    let err = wrong.apiserver_version().await.expect_err("401");
    assert_eq!(status(err).code, 401);

    let plain = ApiServer::start(Options::default());
    let dir2 = tempfile::tempdir().expect("tempdir");
    let client = client_from(&plain.write_kubeconfig(dir2.path())).await;
    let groups = client.list_api_groups().await.expect("groups");
    assert!(!groups.groups.iter().any(|g| g.name == "extensions"));
}

#[tokio::test]
async fn lists_come_in_pages_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options::default());
    let client = client(&server.write_kubeconfig(dir.path())).await;
    for ns in ["a", "b"] {
        for i in 0..3 {
            server.insert(json!({"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": format!("svc-{i}"), "namespace": ns}}));
        }
    }
    let api: Api<Service> = Api::all(client);
    let first = api
        .list(&ListParams::default().limit(4))
        .await
        .expect("first page");
    let token = first.metadata.continue_.clone().expect("a continue token");
    assert_eq!(first.items.len(), 4);
    assert_eq!(first.metadata.remaining_item_count, Some(2));
    let rest = api
        .list(&ListParams::default().limit(4).continue_token(&token))
        .await
        .expect("second page");
    assert_eq!(rest.metadata.continue_, None, "the last page has no token");
    assert_eq!(
        rest.metadata.resource_version, first.metadata.resource_version,
        "a continued list keeps the first page's resourceVersion"
    );
    let names: Vec<String> = first
        .items
        .iter()
        .chain(&rest.items)
        .map(|s| {
            let m = &s.metadata;
            format!(
                "{}/{}",
                m.namespace.as_deref().unwrap_or(""),
                m.name.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            "a/svc-0", "a/svc-1", "a/svc-2", "b/svc-0", "b/svc-1", "b/svc-2"
        ],
        "every object once, in order"
    );
    let whole = api.list(&ListParams::default()).await.expect("unpaged");
    assert_eq!(whole.items.len(), 6);
    assert_eq!(whole.metadata.continue_, None);
}

/// A client from a kubeconfig in a directory or a file path.
async fn client_from(path: &Path) -> Client {
    if path.is_dir() {
        client(&path.join("kubeconfig")).await
    } else {
        client(path).await
    }
}

#[tokio::test]
async fn bad_requests_get_status_answers_not_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = ApiServer::start(Options::default());
    let client = client(&server.write_kubeconfig(dir.path())).await;
    let base = "/apis/networking.k8s.io/v1/namespaces/default/ingresses";
    let api: Api<Ingress> = Api::namespaced(client.clone(), "default");
    api.patch("web", &PatchParams::apply("m"), &Patch::Apply(ingress("a")))
        .await
        .expect("apply");
    let cases: Vec<(&str, String, &str, &str, u16)> = vec![
        (
            "POST",
            base.to_string(),
            "application/json",
            "{not json",
            400,
        ),
        (
            "POST",
            base.to_string(),
            "application/json",
            r#"{"metadata":{"name":"x","labels":"oops"}}"#,
            400,
        ),
        (
            "POST",
            base.to_string(),
            "application/json",
            r#"{"metadata":{"name":"Bad_Name"}}"#,
            422,
        ),
        (
            "GET",
            format!("{base}?labelSelector=a%20b%20c"),
            "",
            "",
            400,
        ),
        (
            "GET",
            format!("{base}?fieldSelector=spec.nope%3D1"),
            "",
            "",
            400,
        ),
        (
            "GET",
            format!("{base}?watch=true&timeoutSeconds=soon"),
            "",
            "",
            400,
        ),
        (
            "PATCH",
            format!("{base}/web"),
            "application/json-patch+json",
            r#"[{"op":"replace","path":"","value":"s"}]"#,
            400,
        ),
        (
            "PATCH",
            format!("{base}/web"),
            "application/json-patch+json",
            r#"[{"op":"nope"}]"#,
            422,
        ),
        (
            "PATCH",
            format!("{base}/web?fieldManager=m"),
            "application/apply-patch+yaml",
            "a: [",
            400,
        ),
        (
            "PATCH",
            format!("{base}/web"),
            "application/apply-patch+yaml",
            "{}",
            422,
        ),
        (
            "PATCH",
            format!("{base}/web?force=true"),
            "application/merge-patch+json",
            "{}",
            422,
        ),
        ("PATCH", format!("{base}/web"), "text/plain", "{}", 415),
        (
            "GET",
            format!("{base}?limit=2&continue=bm9wZQ"),
            "",
            "",
            400,
        ),
        ("GET", format!("{base}?limit=many"), "", "", 400),
        (
            "PUT",
            format!("{base}/other"),
            "application/json",
            r#"{"metadata":{"name":"web"}}"#,
            400,
        ),
        (
            "GET",
            "/apis/nope.example.com/v1/things".to_string(),
            "",
            "",
            404,
        ),
        (
            "GET",
            "/api/v1/namespaces/default/ingresses".to_string(),
            "",
            "",
            404,
        ),
        (
            "GET",
            "/apis/networking.k8s.io/v1/namespaces/default/ingresses/web/scale".to_string(),
            "",
            "",
            404,
        ),
        (
            "DELETE",
            "/api/v1/namespaces/default/pods/%zz".to_string(),
            "",
            "",
            404,
        ),
    ];
    for (method, uri, content_type, body, code) in cases {
        let mut builder = http::Request::builder().method(method).uri(uri.as_str());
        if !content_type.is_empty() {
            builder = builder.header("Content-Type", content_type);
        }
        let request = builder.body(body.as_bytes().to_vec()).expect("request");
        let err = client.request_text(request).await.expect_err(&uri);
        let st = status(err);
        assert_eq!(st.code, code, "{method} {uri}: {}", st.message);
    }
    let err = api
        .patch("web", &PatchParams::default(), &Patch::Apply(ingress("a")))
        .await
        .expect_err("422");
    assert_eq!(
        status(err).message,
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"
    );
    assert!(api.get("web").await.is_ok(), "still serving");
}
