//! The router against a reference written here: for any routes and requests, the lookup picks
//! what a plain scan picks (the host's routes, or those of its `*.` wildcard, else the
//! host-less ones; among them the matching route with the longest text, exact before prefixes
//! before regexes on a tie, the first added on a full tie), else the default backend. Hosts
//! with more than 16 routes use the index, so both paths of the lookup are compared.
#![no_main]

use ingressctl::manifest::paths::{Matcher, PathMatch};
use ingressctl::proxy::router::{Found, Router};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const HOSTS: [Option<&str>; 4] = [
    None,
    Some("a.example"),
    Some("*.example"),
    Some("B.a.example"),
];
const REQUEST_HOSTS: [&str; 5] = [
    "a.example",
    "x.example",
    "b.a.example",
    "A.EXAMPLE:80",
    "other",
];

#[derive(Arbitrary, Debug)]
struct Input {
    routes: Vec<(u8, u8, Vec<u8>)>,
    default_backend: bool,
    requests: Vec<(u8, Vec<u8>)>,
}

/// Text over a small alphabet, so that routes and requests collide often.
fn text(bytes: &[u8]) -> String {
    let alphabet = b"/ab.";
    let mut s = String::from("/");
    s.extend(
        bytes
            .iter()
            .take(12)
            .map(|b| alphabet[usize::from(*b) % alphabet.len()] as char),
    );
    s
}

fn path_match(kind: u8, text: String) -> PathMatch {
    match kind % 4 {
        0 => PathMatch::Exact(text),
        1 => PathMatch::CharPrefix(text),
        2 => PathMatch::SegmentPrefix(text),
        _ => PathMatch::Regex(format!("{}.*", text.replace('.', "\\."))),
    }
}

/// The host a request reaches, as the reference reads it.
fn host_key(host: &str) -> String {
    let h = host.to_ascii_lowercase();
    h.split(':')
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_string()
}

fn host_applies(route_host: Option<&str>, request: &str, all: &[Option<String>]) -> bool {
    let exact = all.iter().any(|h| h.as_deref() == Some(request));
    let wildcard = request
        .split_once('.')
        .map(|(_, rest)| format!("*.{rest}"))
        .filter(|w| all.iter().any(|h| h.as_deref() == Some(w.as_str())));
    match (exact, wildcard) {
        (true, _) => route_host == Some(request),
        (false, Some(w)) => route_host == Some(w.as_str()),
        (false, None) => route_host.is_none(),
    }
}

fuzz_target!(|input: Input| {
    let mut router = Router::default();
    let mut added: Vec<(Option<String>, Matcher, usize)> = Vec::new();
    for (i, (h, kind, bytes)) in input.routes.iter().enumerate() {
        let host = HOSTS[usize::from(*h) % HOSTS.len()];
        let Ok(matcher) = Matcher::compile(&path_match(*kind, text(bytes))) else {
            continue;
        };
        if router.add(host, matcher.clone(), i) {
            added.push((host.map(str::to_ascii_lowercase), matcher, i));
        }
    }
    if input.default_backend {
        router.set_default(usize::MAX);
    }
    router.finish();
    let hosts: Vec<Option<String>> = added.iter().map(|(h, _, _)| h.clone()).collect();
    for (h, bytes) in &input.requests {
        let request_host = REQUEST_HOSTS[usize::from(*h) % REQUEST_HOSTS.len()];
        let path = text(bytes);
        let key = host_key(request_host);
        let expected = added
            .iter()
            .filter(|(host, _, _)| host_applies(host.as_deref(), &key, &hosts))
            .filter(|(_, m, _)| m.matches(&path))
            .min_by_key(|(_, m, i)| (std::cmp::Reverse(m.text().len()), m.rank(), *i))
            .map(|(_, _, i)| *i)
            .or(input.default_backend.then_some(usize::MAX));
        let got = router.lookup(request_host, &path).map(|f| match f {
            Found::Route(r) => r.target,
            Found::Default(t) => *t,
        });
        assert_eq!(got, expected, "{request_host} {path}");
    }
});
