#!/usr/bin/env bash
# yaml-language-server (from npm, pinned) with the committed template schema, driven over LSP:
# what an editor shows must agree with `wabactl validate`.
# Usage: tests/editor/run.sh [PATH_TO_WABACTL]   (default: target/debug/wabactl)
# The server is installed into target/yls (override with YLS_PREFIX) and reused.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/wabactl}"
prefix="${YLS_PREFIX:-$root/target/yls}"
version=1.25.0

if [ ! -x "$bin" ]; then
    echo "error: no wabactl binary at $bin (build it with 'cargo build', or pass its path)" >&2
    exit 1
fi
server="$prefix/node_modules/yaml-language-server/bin/yaml-language-server"
installed="$(node -p "require('$prefix/node_modules/yaml-language-server/package.json').version" 2>/dev/null || true)"
if [ "$installed" != "$version" ]; then
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --silent "yaml-language-server@$version" >&2
fi
exec node "$here/check_yls.mjs" "$bin" "$server"
