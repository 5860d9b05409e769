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

# shellcheck source=tests/serve_sandbox.sh
. "$here/../serve_sandbox.sh" "$bin"

"$venv/bin/python" "$here/check_sandbox.py" "$url"
