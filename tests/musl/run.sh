#!/usr/bin/env bash
# The static musl build, as an Alpine-like machine gets it: packed as dist packs a release
# (wabactl-TARGET/wabactl and the README in a .tar.xz), unpacked into an empty root that has
# no C library at all, and run there with chroot: `validate` on the examples, then a plan
# against a sandbox, with only a CA bundle added (the HTTP client loads the system's roots).
#
#   bash tests/musl/run.sh target/x86_64-unknown-linux-musl/debug/wabactl   # as root
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=$1
target=x86_64-unknown-linux-musl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/stage/wabactl-$target"
cp "$binary" README.md "$work/stage/wabactl-$target/"
archive="$work/wabactl-$target.tar.xz"
tar -cJf "$archive" -C "$work/stage" "wabactl-$target"
echo "archive: $(stat -c %s "$archive") bytes ($(stat -c %s "$binary") bytes unpacked)"

if ldd "$binary" >/dev/null 2>&1 && ! ldd "$binary" 2>&1 | grep -q "statically linked"; then
  echo "$binary is dynamically linked:"; ldd "$binary"; exit 1
fi

root="$work/root"
mkdir -p "$root"
tar -xJf "$archive" -C "$root"
cp -r examples "$root/examples"
[ ! -e "$root/lib" ] && [ ! -e "$root/usr" ] || { echo "the root is not empty"; exit 1; }
chroot "$root" "/wabactl-$target/wabactl" --version
checked=$(chroot "$root" "/wabactl-$target/wabactl" validate /examples)
echo "$checked" | tail -n 1
# `N templates, 0 errors, ...`: the plan below must create each of them.
templates=$(echo "$checked" | tail -n 1 | sed -n 's/^\([0-9,]*\) templates, 0 errors.*/\1/p')
[ -n "$templates" ] || { echo "validate did not pass"; exit 1; }

mkdir -p "$root/etc/ssl/certs" "$root/tmp"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
plan=$(cd "$root" && chroot "$root" "/wabactl-$target/wabactl" plan --sandbox=/tmp/state.json /examples/templates)
echo "$plan" | tail -n 1
echo "$plan" | grep -q "Plan: $templates to create" || { echo "the sandbox plan did not run"; exit 1; }
echo "the static build runs without a C library"
