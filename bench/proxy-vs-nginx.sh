#!/usr/bin/env bash
# Throughput and latency of `ingressctl serve` against nginx as a reverse proxy, in front of the
# same backend, in the same run (method: shared/docs/bench-and-test-infra.md A4).
#
# Layout on 2 cores: wrk alone on CPU 0; backend and proxy share CPU 1, so proxied/direct
# throughput measures the proxy's CPU cost. One worker everywhere, access logs off, upstream
# keep-alive on. Each case: 2 s warm-up, then REPEATS runs of DURATION; the median is reported.
# Usage: bench/proxy-vs-nginx.sh [RESULTS.md]   (needs nginx and wrk: apt-get install nginx wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in nginx wrk taskset; do
    command -v "$tool" >/dev/null || { echo "bench: needs $tool (apt-get install nginx wrk)" >&2; exit 1; }
done
DURATION="${DURATION:-5s}"
REPEATS="${REPEATS:-3}"
CONNS="${CONNS:-50}"
out="$(realpath -m "${1:-/dev/stdout}")"
cargo build --release --locked -q
bin="$PWD/target/release/ingressctl"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

BE=18181 NGX=18182 ICTL=18183 ADMIN=18184
mkdir -p "$work/be" "$work/px"
cat > "$work/be/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1; pid $work/be/pid; error_log $work/be/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$BE backlog=4096; location / { return 200 "ok\n"; } } }
CONF
cat > "$work/px/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1; pid $work/px/pid; error_log $work/px/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  upstream be { server 127.0.0.1:$BE; keepalive 64; }
  server { listen 127.0.0.1:$NGX backlog=4096;
    location / { proxy_pass http://be; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
cat > "$work/ingress.yaml" <<YAML
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bench, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  ingressClassName: istio
  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: be, port: {number: 80}}}}]}}]
YAML

taskset -c 1 nginx -p "$work/be" -c "$work/be/nginx.conf" & pids+=($!)
taskset -c 1 nginx -p "$work/px" -c "$work/px/nginx.conf" & pids+=($!)
taskset -c 1 "$bin" serve -f "$work/ingress.yaml" --backend "be=127.0.0.1:$BE" --workers 1 \
    --access-log-format off --http-addr "127.0.0.1:$ICTL" --admin-addr "127.0.0.1:$ADMIN" 2>"$work/serve.err" & pids+=($!)
for port in $BE $NGX $ICTL; do
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.05; done
done

run() { # name url -> "rps p50 p99" (median run by rps)
    local url="$2" results=()
    taskset -c 0 wrk -t1 -c"$CONNS" -d2s "$url" >/dev/null
    for _ in $(seq "$REPEATS"); do
        results+=("$(taskset -c 0 wrk -t1 -c"$CONNS" -d"$DURATION" --latency "$url" | awk '
            /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx|Socket errors/ {err=err" "$0}
            END {print rps, p50, p99, (err==""?"-":"ERR")}')")
    done
    printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (REPEATS + 1) / 2 ))p"
}

direct=$(run direct "http://127.0.0.1:$BE/")
nginx=$(run nginx "http://127.0.0.1:$NGX/")
ictl=$(run ingressctl "http://127.0.0.1:$ICTL/")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
{
    echo "wrk -t1 -c$CONNS -d$DURATION, median of $REPEATS; wrk on CPU 0, backend + proxy on CPU 1"
    echo
    echo "| target | req/s | p50 | p99 | errors | ratio to direct | ratio to nginx |"
    echo "|---|---:|---:|---:|---|---:|---:|"
    for row in "direct:$direct" "nginx proxy:$nginx" "ingressctl serve:$ictl"; do
        name="${row%%:*}"; set -- ${row#*:}
        echo "| $name | $1 | $2 | $3 | $4 | $(ratio "$1" "${direct%% *}") | $(ratio "$1" "${nginx%% *}") |"
    done
} > "$out"
