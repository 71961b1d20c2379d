#!/usr/bin/env bash
# Wall time of `ingressctl create ingress` (process start-up included), measured with hyperfine.
# Usage: bench/create-ingress.sh [--export-json FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
cargo build --release --locked -q
bin=target/release/ingressctl
hyperfine --warmup 20 --runs 300 -N "$@" \
    "$bin create ingress simple-ingress --api-version extensions/v1beta1 --rule /status/.*=httpbin:8000" \
    "$bin create ingress web --rule foo.bar.com/status/.*=httpbin:http,tls --rule foo.bar.com/headers=httpbin:8000 -o json" \
    "$bin create routerule status-route --destination httpbin --source istio-ingress --source-label istio=ingress --match-prefix /delay/ --route 100 --timeout 4s"
