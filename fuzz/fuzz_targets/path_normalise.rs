//! The front door's request-target checks: any target the HTTP parser accepts is either refused
//! or routed with a path that starts with `/`, has no dot segments left, and is a fixed point
//! (admitting the admitted request changes nothing).
#![no_main]

use libfuzzer_sys::fuzz_target;

fn admitted_path(target: &str) -> Option<String> {
    let req = http::Request::get(target)
        .header("host", "a.example")
        .body(())
        .ok()?;
    let req = ingressctl::proxy::admission::admit(req).ok()?;
    Some(req.uri().path().to_string())
}

fuzz_target!(|target: &str| {
    let Some(path) = admitted_path(target) else {
        return;
    };
    assert!(path.starts_with('/'), "{target:?} -> {path:?}");
    for segment in path.split('/') {
        assert!(segment != "." && segment != "..", "{target:?} -> {path:?}");
        let lower = segment.to_ascii_lowercase();
        assert!(
            !matches!(lower.as_str(), "%2e" | "%2e%2e" | ".%2e" | "%2e."),
            "{target:?} -> {path:?}: an encoded dot segment left"
        );
    }
    assert_eq!(
        admitted_path(&path),
        Some(path.clone()),
        "{target:?}: not a fixed point"
    );
});
