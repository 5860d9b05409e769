#!/usr/bin/env bash
# @kapso/whatsapp-cloud-api 0.3.0 (unchanged, from npm), a second client beside pywa, creating,
# listing and deleting templates against `wabactl sandbox serve`.
# Usage: tests/kapso/run.sh [PATH_TO_WABACTL]   (default: target/debug/wabactl)
# The package is kept in target/kapso (override with KAPSO_PREFIX) and reused.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/wabactl}"
prefix="${KAPSO_PREFIX:-$root/target/kapso}"

if [ ! -x "$bin" ]; then
    echo "error: no wabactl binary at $bin (build it with 'cargo build', or pass its path)" >&2
    exit 1
fi
if [ ! -d "$prefix/node_modules/@kapso/whatsapp-cloud-api" ]; then
    npm install --prefix "$prefix" --no-audit --no-fund --silent @kapso/whatsapp-cloud-api@0.3.0
fi

# shellcheck source=tests/serve_sandbox.sh
. "$here/../serve_sandbox.sh" "$bin"

cp "$here/check_sandbox.mjs" "$prefix/check_sandbox.mjs"
node "$prefix/check_sandbox.mjs" "$url"
