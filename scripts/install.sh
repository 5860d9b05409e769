#!/bin/sh
# Installs a released wabactl binary without compiling: download the archive for this
# machine and its .sha256, verify the checksum before anything is unpacked, then move the
# binary into place atomically. Needs curl or wget, tar + xz (or unzip on Windows) and
# sha256sum or shasum.
set -eu

usage() {
  cat <<'EOF'
Install wabactl from a release.

Usage: install.sh [--version VERSION] [--dir DIR] [--help]

  --version VERSION  release to install, e.g. 0.2.0 or v0.2.0 (default: latest;
                     env WABACTL_VERSION)
  --dir DIR          where to put the binary (default: ~/.local/bin;
                     env WABACTL_INSTALL_DIR)
  -h, --help         show this help

Environment:
  WABACTL_DOWNLOAD_BASE  releases URL (default: https://github.com/wabactl/wabactl/releases).
                         Assets are fetched from BASE/latest/download/ASSET or
                         BASE/download/vVERSION/ASSET, so a mirror needs that layout.

Example:
  curl -fsSL https://raw.githubusercontent.com/wabactl/wabactl/main/scripts/install.sh | sh
  curl -fsSL https://raw.githubusercontent.com/wabactl/wabactl/main/scripts/install.sh | sh -s -- --version 0.2.0
  sh install.sh --version 0.2.0 --dir /usr/local/bin
EOF
}

say() { printf 'install.sh: %s\n' "$*" >&2; }
fail() {
  say "error: $*"
  exit 1
}

version=${WABACTL_VERSION:-latest}
install_dir=${WABACTL_INSTALL_DIR:-${HOME:?HOME is not set; give --dir}/.local/bin}
base=${WABACTL_DOWNLOAD_BASE:-https://github.com/wabactl/wabactl/releases}
base=${base%/}

while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --version) [ $# -ge 2 ] || fail "--version needs a value"; version=$2; shift 2 ;;
    --version=*) version=${1#*=}; shift ;;
    --dir | --install-dir) [ $# -ge 2 ] || fail "$1 needs a value"; install_dir=$2; shift 2 ;;
    --dir=* | --install-dir=*) install_dir=${1#*=}; shift ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done
[ -n "$version" ] || version=latest
[ -n "$install_dir" ] || fail "the install directory is empty; give --dir DIR"

# The release target triple for this machine; these are the targets the releases build.
detect_target() {
  os=$(uname -s)
  arch=$(uname -m)
  case $arch in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) fail "no release build for CPU '$arch'; build from source: cargo install --locked --git https://github.com/wabactl/wabactl" ;;
  esac
  case $os in
    Linux)
      if ldd --version 2>&1 | grep -qi musl; then
        fail "no release build for musl libc (e.g. Alpine); build from source: cargo install --locked --git https://github.com/wabactl/wabactl"
      fi
      echo "$arch-unknown-linux-gnu" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      [ "$arch" = x86_64 ] || fail "no release build for Windows on '$arch'"
      echo "x86_64-pc-windows-msvc" ;;
    *) fail "no release build for OS '$os'" ;;
  esac
}

download() { # URL FILE
  if command -v curl >/dev/null 2>&1; then
    # Bounded: a stalled or endless answer ends the install instead of the CI job's budget.
    curl --fail --silent --show-error --location --retry 3 --connect-timeout 20 \
      --max-time 300 --max-filesize 104857600 --output "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget --quiet --tries=3 --timeout=20 --output-document="$2" "$1"
  else
    fail "neither curl nor wget is installed; install one of them"
  fi
}

sha256_of() { # FILE
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "neither sha256sum nor shasum is installed; install one of them"
  fi
}

target=$(detect_target)
case $target in
  *windows*) archive="wabactl-$target.zip"; exe=wabactl.exe ;;
  *) archive="wabactl-$target.tar.xz"; exe=wabactl ;;
esac
# Fail before downloading when the archive could not be unpacked here.
case $archive in
  *.zip) command -v unzip >/dev/null 2>&1 || fail "unzip is needed to unpack $archive; install it" ;;
  *) command -v xz >/dev/null 2>&1 || fail "xz is needed to unpack $archive; install it (Debian/Ubuntu: apt-get install xz-utils)" ;;
esac
case $version in
  latest) url_dir="$base/latest/download" ;;
  v*) url_dir="$base/download/$version" ;;
  *) url_dir="$base/download/v$version" ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/wabactl-install.XXXXXX")
staged=""
cleanup() {
  rm -rf "$work"
  [ -z "$staged" ] || rm -f "$staged"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "downloading $url_dir/$archive"
download "$url_dir/$archive" "$work/$archive" ||
  fail "could not download $url_dir/$archive: check that release '$version' exists and has a build for $target (releases: $base)"
download "$url_dir/$archive.sha256" "$work/$archive.sha256" ||
  fail "could not download the checksum $url_dir/$archive.sha256; refusing to install unverified"

expected=$(cut -d ' ' -f 1 <"$work/$archive.sha256" | tr -d '\r\n' | tr 'A-F' 'a-f')
actual=$(sha256_of "$work/$archive")
case $expected in
  "" | *[!0-9a-f]*) fail "$archive.sha256 holds no SHA-256 digest; nothing installed" ;;
esac
if [ "$expected" != "$actual" ]; then
  fail "checksum mismatch for $archive: expected $expected (from $archive.sha256), got $actual; the download is corrupt or tampered with, nothing installed"
fi

mkdir "$work/unpacked"
case $archive in
  *.zip) unzip -q "$work/$archive" -d "$work/unpacked" || fail "could not unpack $archive (is unzip installed?)" ;;
  *) tar -xJf "$work/$archive" -C "$work/unpacked" || fail "could not unpack $archive (are tar and xz installed?)" ;;
esac
# dist puts unix binaries under wabactl-TARGET/ and Windows ones at the zip's root.
binary="$work/unpacked/wabactl-$target/$exe"
[ -f "$binary" ] || binary="$work/unpacked/$exe"
[ -f "$binary" ] || fail "$archive holds no $exe where a release archive keeps it"

mkdir -p "$install_dir" || fail "could not create $install_dir"
# Stage next to the destination so the final mv is a rename on one file system.
staged="$install_dir/.$exe.tmp.$$"
cp "$binary" "$staged" || fail "could not write to $install_dir"
chmod 755 "$staged"
mv -f "$staged" "$install_dir/$exe" || fail "could not move $exe into $install_dir"
staged=""

installed=$("$install_dir/$exe" --version) || fail "$install_dir/$exe was installed but does not run on this machine"
say "installed $installed to $install_dir/$exe"
case ":${PATH:-}:" in
  *":$install_dir:"*) ;;
  *) say "note: $install_dir is not on PATH; add it, e.g. export PATH=\"$install_dir:\$PATH\"" ;;
esac
