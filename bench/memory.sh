#!/usr/bin/env bash
# Peak memory (VmHWM, from /proc) and time of validate, convert and serve on large inputs:
# N Ingresses with P paths each, each Ingress in its own document, one file.
# Usage: bench/memory.sh [INGRESSES] [PATHS_PER_INGRESS]   (default 10000 2, i.e. 20,000 paths)
set -euo pipefail
cd "$(dirname "$0")/.."
ingresses=${1:-10000}
per=${2:-2}
cargo build --release --locked -q
bin=$PWD/target/release/ingressctl
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
file=$dir/ingresses.yaml
python3 - "$ingresses" "$per" >"$file" <<'PY'
import sys
n, per = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout
for i in range(n):
    out.write(f"""---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-{i}
  namespace: ns-{i % 50}
  annotations:
    kubernetes.io/ingress.class: istio
spec:
  rules:
  - host: app-{i}.example.com
    http:
      paths:
""")
    for p in range(per):
        out.write(f"""      - path: /api/v{p}/
        pathType: Prefix
        backend:
          service:
            name: svc-{i}
            port:
              number: 80
""")
PY
echo "input: $ingresses Ingresses, $((ingresses * per)) paths, $(du -h "$file" | cut -f1)"

# Peak RSS of a command that exits, from the kernel's own accounting (getrusage of the
# waited-for child: nothing between two samples is missed).
peak() {
    local what=$1; shift
    python3 - "$what" "$@" <<'PEAK'
import resource, subprocess, sys, time
start = time.monotonic()
subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
took = time.monotonic() - start
kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{sys.argv[1]:<10} peak {kib // 1024:6d} MiB  {took:5.2f} s")
PEAK
}

peak validate "$bin" validate -f "$file" --target serve -q
peak convert "$bin" convert -f "$file"

# serve: start, wait until ready (the table is built), read its peak, stop it.
start=$(date +%s.%N)
"$bin" serve -f "$file" --http-addr 127.0.0.1:0 --https-addr 127.0.0.1:0 --admin-addr 127.0.0.1:0 \
    --access-log-format off >/dev/null 2>"$dir/serve.err" &
pid=$!
for _ in $(seq 1 1200); do
    grep -q ': admin http://' "$dir/serve.err" && break
    kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.err" >&2; exit 1; }
    sleep 0.05
done
end=$(date +%s.%N)
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
kill "$pid"; wait "$pid" 2>/dev/null || true
printf '%-10s peak %6d MiB  %5.2f s to ready\n' serve $((hwm / 1024)) "$(awk "BEGIN {print $end - $start}")"
