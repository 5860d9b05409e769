#!/usr/bin/env bash
# Benchmark of `wabactl apply`: N creates (default 500) against a local sandbox that adds
# LATENCY_MS (default 50) to every request, with no creation quota, at each PARALLELISM
# (default "4 8 16"), into an account holding each of HELD templates (default "0 5000", in
# three languages). Prints the wall time of each apply (listing the account included)
# against the bound N × LATENCY_MS / PARALLELISM (what perfect pipelining of the creates
# would take) and the ratio; the target is at most 1.2 × the bound. It also prints the
# creates alone, from the first create sent to the last one answered (read from wabactl's
# own debug log of its requests), against the same bound: the listing before them takes
# calls one after another whatever the parallelism.
#
#   benches/apply.sh                       # release build, 500 creates, 50 ms, parallelism 4 8 16
#   N=200 PARALLELISM=4 benches/apply.sh
set -euo pipefail

N=${N:-500}
LATENCY_MS=${LATENCY_MS:-50}
PARALLELISM=${PARALLELISM:-"4 8 16"}
HELD=${HELD:-"0 5000"}

cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=$PWD/target/release/wabactl

work=$(mktemp -d)
server=""
cleanup() {
    if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/templates"
for i in $(seq 0 $((N - 1))); do
    cat > "$work/templates/bench_$i.yaml" <<EOF
name: bench_$i
language: en_US
category: UTILITY
components:
  - type: BODY
    text: Your parcel number $i has left our warehouse today.
EOF
done

printf '%-6s %-12s %-10s %-10s %-8s %-11s %-14s %s\n' held parallelism wall_s bound_s ratio creates_s creates_ratio result
for held in $HELD; do
python3 - "$held" "$work/seed.json" <<'PY'
import json, sys
held, path = int(sys.argv[1]), sys.argv[2]
languages = ["en_US", "pt_BR", "es"]
data = [{"name": f"held_{i // 3}", "language": languages[i % 3], "category": "UTILITY",
         "components": [{"type": "BODY", "text": f"Held template {i}."}]} for i in range(held)]
json.dump({"data": data}, open(path, "w"))
PY
for p in $PARALLELISM; do
    rm -f "$work/sandbox.json"
    "$BIN" sandbox serve --port 0 --state "$work/sandbox.json" --latency-ms "$LATENCY_MS" \
        --seed "$work/seed.json" --create-quota 0 --calls-per-hour 0 > "$work/serve-$held-$p.log" 2>&1 &
    server=$!
    # The banner's last line says the sandbox is ready (and its first line is complete).
    for _ in $(seq 300); do grep -q '^Serving until' "$work/serve-$held-$p.log" && break; sleep 0.1; done
    base=$(head -n 1 "$work/serve-$held-$p.log")
    if [[ "$base" != http://127.0.0.1:* ]]; then echo "the sandbox did not start:" >&2; cat "$work/serve-$held-$p.log" >&2; exit 1; fi

    start=$(date +%s.%N)
    if ! (cd "$work" && WABACTL_API_BASE="$base" WHATSAPP_ACCESS_TOKEN=sandbox-token \
        WHATSAPP_BUSINESS_ACCOUNT_ID=102290129340398 NO_COLOR=1 \
        WABACTL_LOG=wabactl::graph::client::request=debug \
        "$BIN" apply --auto-approve --create-quota 0 --parallelism "$p" --format json \
        > "$work/report.json" 2> "$work/apply.log"); then
        echo "apply failed at parallelism $p (sandbox at \"$base\"):" >&2
        tail -n 5 "$work/serve-$held-$p.log" >&2
        grep -v '^✓' "$work/apply.log" | tail -n 20 >&2
        exit 1
    fi
    end=$(date +%s.%N)

    created=$(grep -m1 '"created"' "$work/report.json" | tr -dc '0-9' || true)
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    # The creates: from the first POST sent to the last answer received.
    creates=$(python3 - "$work/apply.log" <<'PY'
import re, sys
from datetime import datetime
first = last = None
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"(\S+?)Z\s+DEBUG\s+\S+ (request method=POST|response)", line)
    if not m:
        continue
    at = datetime.fromisoformat(m[1])
    if m[2].startswith("request") and first is None:
        first = at
    elif m[2] == "response" and first is not None:
        last = at
print(f"{(last - first).total_seconds():.2f}" if first and last else "nan")
PY
)
    awk -v s="$start" -v e="$end" -v n="$N" -v l="$LATENCY_MS" -v p="$p" -v c="$created" -v h="$held" -v k="$creates" 'BEGIN {
        wall = e - s; bound = n * l / 1000 / p; ratio = wall / bound; kratio = k / bound;
        printf "%-6d %-12d %-10.2f %-10.2f %-8.2f %-11.2f %-14.2f %s created%s\n", h, p, wall, bound, ratio, k, kratio, c,
            (ratio <= 1.2 ? "" : "  (above 1.2 x bound)")
    }'
    if [[ "$created" != "$N" ]]; then
        echo "expected $N creates, the report says $created" >&2
        exit 1
    fi
done
done
