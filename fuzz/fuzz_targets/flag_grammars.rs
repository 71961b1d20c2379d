//! The command-line grammars (`--rule`, `--route`, `--header`, `--backend` of create, serve's
//! `--backend`): any text is parsed or refused with an error, never a panic.
#![no_main]

use ingressctl::manifest::generate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = generate::parse_rule(text);
    let _ = generate::parse_route(text);
    let _ = generate::parse_header_match(text);
    let _ = generate::parse_backend("--backend", text);
    let _ = generate::parse_key_value("--label", text);
    let _ = ingressctl::proxy::config::BackendOverride::parse(text);
    let _ = ingressctl::manifest::duration::parse(text);
});
