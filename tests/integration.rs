//! One integration test binary (one link step): each module tests one command through the
//! real `ingressctl` binary, or the library where that is the least powerful test.

mod support;

mod cli_bad_input;
mod cli_cert;
mod cli_cluster;
mod cli_convert;
mod cli_create;
mod cli_front_door;
mod cli_general;
mod cli_install;
mod cli_kube;
mod cli_nginx;
mod cli_rules;
mod cli_serve;
mod cli_validate;
mod cli_verify;
mod conformance;
mod convert_meaning;
mod docs;
mod e2e_httpbin;
mod serve_under_change;
mod standin_kube_client;
mod standin_kubectl;
