#!/usr/bin/env bash
# Key + certificate generation per key type: `ingressctl cert gen` against `openssl req -x509`
# for the same key type, in the same run (hyperfine, whole processes, files written to a tmpfs dir).
# Usage: bench/keygen.sh [RESULTS.md]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
command -v openssl >/dev/null || { echo "bench: needs openssl" >&2; exit 1; }
cargo build --release --locked -q
bin="$PWD/target/release/ingressctl"
out="$(realpath -m "${1:-/dev/stdout}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

declare -A openssl_key=(
    [rsa2048]="-newkey rsa:2048"
    [rsa3072]="-newkey rsa:3072"
    [rsa4096]="-newkey rsa:4096"
    [ecdsa-p256]="-newkey ec -pkeyopt ec_paramgen_curve:P-256"
    [ecdsa-p384]="-newkey ec -pkeyopt ec_paramgen_curve:P-384"
    [ed25519]="-newkey ed25519"
)
declare -A runs=([rsa2048]=40 [rsa3072]=20 [rsa4096]=10 [ecdsa-p256]=100 [ecdsa-p384]=100 [ed25519]=100)

: > results.md
for kt in rsa2048 rsa3072 rsa4096 ecdsa-p256 ecdsa-p384 ed25519; do
    hyperfine -N --time-unit millisecond --warmup 2 --runs "${runs[$kt]}" --export-markdown "$kt.md" \
        -n "ingressctl $kt" "$bin cert gen --cn foo.bar.com --key-type $kt --out-dir i --force -q" \
        -n "openssl $kt" "openssl req -x509 -nodes -days 365 ${openssl_key[$kt]} -keyout o.key -out o.crt -subj /CN=foo.bar.com -addext subjectAltName=DNS:foo.bar.com" \
        >&2
    tail -n 2 "$kt.md" >> results.md
done
{
    echo "| command | mean [ms] | min [ms] | max [ms] | relative |"
    echo "|:---|---:|---:|---:|---:|"
    cat results.md
} > "$out"
