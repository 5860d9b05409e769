#!/usr/bin/env bash
# Times installing a release from a loopback mirror: scripts/install.sh into a new directory
# and over an installed binary, and the setup action's install step (action.yml) with an
# empty tool cache (cold) and a filled one (warm: a second job on the same runner).
#
#   bash benches/install.sh [BINARY] [RUNS]     # default: target/debug/wabactl, 5 runs
#
# The binary is packed as dist packs it (wabactl-TARGET/wabactl in a .tar.xz, with its
# .sha256) and served by `python3 -m http.server` on 127.0.0.1; each figure is the median
# wall time of RUNS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-target/debug/wabactl}
runs=${2:-5}
version=$("$binary" --version | awk '{print $2}')
target=$(sh scripts/install.sh --print-target)

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/stage/wabactl-$target" "$work/mirror/download/v$version"
cp "$binary" "$work/stage/wabactl-$target/wabactl"
archive="$work/mirror/download/v$version/wabactl-$target.tar.xz"
tar -cJf "$archive" -C "$work/stage" "wabactl-$target"
(cd "$(dirname "$archive")" && sha256sum "$(basename "$archive")" >"$(basename "$archive").sha256")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/mirror" >/dev/null 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -fs "$base/" >/dev/null && break; sleep 0.1; done
echo "archive: $(stat -c %s "$archive") bytes (binary $(stat -c %s "$binary") bytes), version $version, $target"

action_step=$work/action-step.sh
# The install step's script: everything after `run: |` in action.yml, unindented.
awk 'found { sub(/^        /, ""); print } /^      run: \|/ { found = 1 }' action.yml >"$action_step"

seconds() { # COMMAND...: wall seconds of one run
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

script_new() { rm -rf "$work/bin"; WABACTL_DOWNLOAD_BASE=$base sh scripts/install.sh --version "$version" --dir "$work/bin"; }
script_over() { WABACTL_DOWNLOAD_BASE=$base sh scripts/install.sh --version "$version" --dir "$work/bin"; }
action() { # CACHE
  : >"$work/path"; : >"$work/output"
  (cd "$work" && RUNNER_TOOL_CACHE=$1 RUNNER_OS=Linux RUNNER_ARCH=X64 GITHUB_PATH=$work/path \
    GITHUB_OUTPUT=$work/output WABACTL_ACTION_PATH=$OLDPWD WABACTL_REQUESTED=$version \
    WABACTL_DIR_INPUT="" WABACTL_ATTEST_INPUT=false WABACTL_DOWNLOAD_BASE=$base \
    bash --noprofile --norc -eo pipefail "$action_step")
}
action_cold() { rm -rf "$work/cache"; action "$work/cache"; }
action_warm() { action "$work/cache"; }

script_new >/dev/null 2>&1 # fills the page cache, and the binary for script_over
for name in script_new script_over action_cold action_warm; do
  [ "$name" != action_warm ] || action_cold >/dev/null 2>&1
  figure=$(for _ in $(seq "$runs"); do seconds "$name"; done | median)
  printf '%-12s %6.3f s\n' "$name" "$figure"
done
