//! The manifest loader, the validator and convert on arbitrary bytes: whatever the input, they
//! answer with diagnostics or documents, never a panic, and loading is bounded (aliases).
#![no_main]

use ingressctl::convert::{self, Options, To};
use ingressctl::manifest::routing::IngressIdentity;
use ingressctl::manifest::snapshot::Snapshot;
use ingressctl::manifest::{self, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = Source {
        name: "fuzz.yaml".into(),
        bytes: data.to_vec(),
    };
    let snap = Snapshot::new(
        manifest::load(&[source]),
        "istio",
        IngressIdentity::default(),
    );
    for target in [
        ingressctl::validate::Target::Istio,
        ingressctl::validate::Target::Serve,
    ] {
        let opts = ingressctl::validate::Options {
            target,
            live: false,
        };
        let _ = ingressctl::validate::check(&snap, &opts);
    }
    for to in [To::Istio, To::GatewayApi] {
        let opts = Options {
            to,
            ..Options::default()
        };
        let _ = convert::convert(&snap, &opts);
    }
});
