#!/usr/bin/env bash
# Meta's Postman collection (its 25 template and send requests, tests/fixtures/postman/) run
# with newman (unchanged, from npm) against `wabactl sandbox serve`. Each request carries what
# Meta answers to it as written; the run fails when the sandbox answers otherwise.
# Usage: tests/postman/run.sh [PATH_TO_WABACTL]   (default: target/debug/wabactl)
# newman is kept in target/newman (override with NEWMAN_PREFIX) and reused.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/wabactl}"
prefix="${NEWMAN_PREFIX:-$root/target/newman}"
fixtures="$root/tests/fixtures/postman"

if [ ! -x "$bin" ]; then
    echo "error: no wabactl binary at $bin (build it with 'cargo build', or pass its path)" >&2
    exit 1
fi
if [ ! -x "$prefix/node_modules/.bin/newman" ]; then
    npm install --prefix "$prefix" --no-audit --no-fund --silent newman@6.2.2
fi

# The account: Meta's hello_world and one approved template for the reads, the edit and the
# delete by id to work on.
# shellcheck source=tests/serve_sandbox.sh
. "$here/../serve_sandbox.sh" "$bin" --seed "$fixtures/account.json"
template_id="$(python3 - "$url" <<'PY'
import json, sys, urllib.request
request = urllib.request.Request(
    sys.argv[1] + "/v26.0/102290129340398/message_templates?name=2023_april_promo&fields=id",
    headers={"Authorization": "Bearer sandbox-token"},
)
print(json.load(urllib.request.urlopen(request))["data"][0]["id"])
PY
)"

status=0
"$prefix/node_modules/.bin/newman" run "$fixtures/templates.postman_collection.json" \
    --env-var "Base-URL=$url" --env-var "Version=v26.0" \
    --env-var "User-Access-Token=sandbox-token" \
    --env-var "WABA-ID=102290129340398" --env-var "Phone-Number-ID=106540352242922" \
    --env-var "Recipient-Phone-Number=16505551234" \
    --env-var "Template-ID=$template_id" --env-var "Template-Name=2023_april_promo" \
    --env-var "Delete-Name=seasonal_promotion_text_only" \
    --reporters cli,json --reporter-json-export "$work/report.json" \
    --reporter-cli-no-banner --reporter-cli-no-summary --color off || status=$?

python3 - "$work/report.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["run"]
executions = run["executions"]
failed = [e["item"]["name"] for e in executions if any(a.get("error") for a in e.get("assertions", []))]
print(f"postman: {len(executions)} requests run, {len(executions) - len(failed)} answered as Meta "
      f"documents, {len(failed)} not")
for name in failed:
    print(f"  differs: {name}")
PY
exit "$status"
