#!/usr/bin/env bash
# pywa (unchanged, from PyPI) against `wabactl sandbox serve`.
# Usage: tests/pywa/run.sh [PATH_TO_WABACTL]   (default: target/debug/wabactl)
# The virtualenv is kept in target/pywa-venv (override with PYWA_VENV) and reused.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/wabactl}"
venv="${PYWA_VENV:-$root/target/pywa-venv}"

if [ ! -x "$bin" ]; then
    echo "error: no wabactl binary at $bin (build it with 'cargo build', or pass its path)" >&2
    exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pywa==4.5.0"

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

# The first line of output is the base URL; wait for it (at most 20 s).
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

"$venv/bin/python" "$here/check_sandbox.py" "$url"
