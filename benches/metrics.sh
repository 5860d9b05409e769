#!/usr/bin/env bash
# Requests made by `wabactl status --metrics --since 30d` over N declared templates (default
# 600), all on the account, against Meta's documented limits per call: 10 template ids a
# call, DAILY figures, 90 days back (Analytics page). A sandbox seeded with the N templates
# has analytics confirmed and SENDS messages accepted (spread over the templates), then
# wabactl reads the figures; printed: the requests it made, the bound the limits give
# (listing pages + 1 call for the analytics switch + ceil(N / 10) analytics calls), the data
# points, the messages it counted and the wall time. Figures in benches/metrics.md.
#
#   benches/metrics.sh                 # debug build, 600 templates, 200 sends
#   N=1200 SENDS=50 benches/metrics.sh
set -euo pipefail

N=${N:-600}
SENDS=${SENDS:-200}
LATENCY_MS=${LATENCY_MS:-0}

cd "$(dirname "$0")/.."
cargo build --quiet
BIN=${BIN:-$PWD/target/debug/wabactl}

work=$(mktemp -d)
server=""
cleanup() {
    if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/templates"
{
    printf '{"data":['
    for i in $(seq 0 $((N - 1))); do
        [[ $i -gt 0 ]] && printf ','
        printf '{"name":"bench_%d","language":"en_US","category":"MARKETING","components":[{"type":"BODY","text":"Spring beans %d are here."},{"type":"BUTTONS","buttons":[{"type":"URL","text":"Shop","url":"https://shop.example/%d"}]}]}' "$i" "$i" "$i"
    done
    printf ']}'
} > "$work/seed.json"
for i in $(seq 0 $((N - 1))); do
    cat > "$work/templates/bench_$i.yaml" <<EOT
name: bench_$i
language: en_US
category: MARKETING
components:
  - type: BODY
    text: Spring beans $i are here.
  - type: BUTTONS
    buttons:
      - type: URL
        text: Shop
        url: https://shop.example/$i
EOT
done
echo "templates: [templates]" > "$work/wabactl.yaml"

"$BIN" sandbox serve --port 0 --state "$work/state.json" --seed "$work/seed.json" \
    --latency-ms "$LATENCY_MS" > "$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 50); do [[ -s "$work/serve.out" ]] && break; sleep 0.1; done
base=$(head -1 "$work/serve.out")
waba=102290129340398 phone=106540352242922 token=sandbox-token
auth=(-H "Authorization: Bearer $token")
curl -fsS -X POST "${auth[@]}" "$base/v26.0/$waba?is_enabled_for_insights=true" > /dev/null
for s in $(seq 0 $((SENDS - 1))); do
    i=$((s * 7 % N))
    curl -fsS -X POST "${auth[@]}" -H 'Content-Type: application/json' \
        -d "{\"messaging_product\":\"whatsapp\",\"to\":\"+16505551234\",\"type\":\"template\",\"template\":{\"name\":\"bench_$i\",\"language\":{\"code\":\"en_US\"}}}" \
        "$base/v26.0/$phone/messages" > /dev/null
done

export WABACTL_API_BASE=$base WHATSAPP_ACCESS_TOKEN=$token WHATSAPP_BUSINESS_ACCOUNT_ID=$waba
cd "$work"
started=$(date +%s.%N)
"$BIN" status --metrics --since 30d --format json > metrics.json
ended=$(date +%s.%N)
python3 - "$N" "$SENDS" "$started" "$ended" <<'PY'
import json, math, sys
n, sends, started, ended = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
report = json.load(open("metrics.json"))
requests = report["requests"]["count"]
listing = math.ceil(n / 250)  # wabactl's list page size; Meta's default would be 25
bound = listing + 1 + math.ceil(n / 10)
points = sum(len(t["days"]) for t in report["templates"])
print(f"templates={len(report['templates'])} days={report['days']} requests={requests} "
      f"bound={bound} (listing {listing} + switch 1 + analytics {math.ceil(n / 10)}) "
      f"sent_counted={report['total']['sent']} of {sends} days_reported={points} "
      f"wall={ended - started:.2f}s")
PY
