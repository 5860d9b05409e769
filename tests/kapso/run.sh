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

work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$bin" sandbox serve --port 0 --state "$work/state.json" >"$work/out" 2>"$work/err" &
pid=$!
url=""
for _ in $(seq 1 200); do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "error: the sandbox exited before serving:" >&2
        cat "$work/err" >&2
        exit 1
    fi
    url="$(head -n 1 "$work/out" 2>/dev/null || true)"
    case "$url" in
        http://127.0.0.1:*) break ;;
    esac
    url=""
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "error: the sandbox printed no base URL within 20 s" >&2
    exit 1
fi

cp "$here/check_sandbox.mjs" "$prefix/check_sandbox.mjs"
node "$prefix/check_sandbox.mjs" "$url"
