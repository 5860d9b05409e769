#!/bin/sh
# Installs a released wabactl binary without compiling: download the archive for this
# machine and its .sha256 over HTTPS only, verify the checksum (and, when asked, the build
# provenance) before anything is unpacked, run the new binary where it is staged, and only
# then move it into place atomically: a binary that cannot run here never replaces a working
# one. Needs curl or wget, tar + xz (or unzip on Windows) and sha256sum or shasum.
set -eu

usage() {
  cat <<'EOF'
Install wabactl from a release.

Usage: install.sh [--version VERSION] [--dir DIR] [--sha256 HEX] [--verify-attestation]
                  [--help]

  --version VERSION     release to install, e.g. 0.2.0 or v0.2.0 (default: latest;
                        env WABACTL_VERSION)
  --dir DIR             where to put the binary (default: ~/.local/bin;
                        env WABACTL_INSTALL_DIR)
  --sha256 HEX          the archive's SHA-256 as known from elsewhere (a pinned list, say);
                        it must match as well as the release's .sha256 (env WABACTL_SHA256)
  --verify-attestation  also verify the archive's build provenance with
                        `gh attestation verify` (needs the GitHub CLI, logged in or with
                        GH_TOKEN; env WABACTL_VERIFY_ATTESTATION=1)
  -h, --help            show this help

Environment:
  WABACTL_TARGET         the release target to install, e.g. x86_64-unknown-linux-musl
                         (default: this machine's; glibc older than 2.35 or none: musl)
  WABACTL_DOWNLOAD_BASE  releases URL (default: https://github.com/wabactl/wabactl/releases).
                         Assets are fetched from BASE/latest/download/ASSET or
                         BASE/download/vVERSION/ASSET, so a mirror needs that layout. It
                         must be https://, or http:// to this machine (127.0.0.1, localhost).

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
install_dir=${WABACTL_INSTALL_DIR:-}
pinned_sha256=${WABACTL_SHA256:-}
verify_attestation=${WABACTL_VERIFY_ATTESTATION:-}
base=${WABACTL_DOWNLOAD_BASE:-https://github.com/wabactl/wabactl/releases}
base=${base%/}

# The arguments first: --help and --dir work wherever this runs, HOME or not.
dir_given=""
print_target=""
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --version) [ $# -ge 2 ] || fail "--version needs a value"; version=$2; shift 2 ;;
    --version=*) version=${1#*=}; shift ;;
    --dir | --install-dir) [ $# -ge 2 ] || fail "$1 needs a value"; install_dir=$2; dir_given=1; shift 2 ;;
    --dir=* | --install-dir=*) install_dir=${1#*=}; dir_given=1; shift ;;
    --sha256) [ $# -ge 2 ] || fail "--sha256 needs a value"; pinned_sha256=$2; shift 2 ;;
    --sha256=*) pinned_sha256=${1#*=}; shift ;;
    --verify-attestation) verify_attestation=1; shift ;;
    --print-target) print_target=1; shift ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done
[ -n "$version" ] || version=latest
if [ -z "$install_dir" ] && [ -z "$print_target" ]; then
  [ -z "$dir_given" ] || fail "the install directory is empty; give --dir DIR"
  [ -n "${HOME:-}" ] || fail "HOME is not set, so there is no ~/.local/bin; give --dir DIR"
  install_dir=$HOME/.local/bin
fi
pinned_sha256=$(printf '%s' "$pinned_sha256" | tr 'A-F' 'a-f')
case $pinned_sha256 in
  "") ;;
  *[!0-9a-f]*) fail "--sha256 takes 64 hexadecimal digits, not '$pinned_sha256'" ;;
  *) [ ${#pinned_sha256} -eq 64 ] || fail "--sha256 takes 64 hexadecimal digits, not '$pinned_sha256'" ;;
esac
# HTTPS only; plain HTTP only to a mirror on this machine.
case $base in
  https://*) https_only=1 ;;
  http://127.0.0.1 | http://127.0.0.1[:/]* | http://localhost | http://localhost[:/]* | http://\[::1\]*) https_only="" ;;
  *) fail "WABACTL_DOWNLOAD_BASE must be an https:// URL (or http:// to this machine), not '$base'" ;;
esac

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
      # The glibc build needs glibc 2.35 or newer; the static musl build runs anywhere.
      glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
      case $glibc in
        "") echo "$arch-unknown-linux-musl" ;; # musl (Alpine) or unknown
        2.[0-9] | 2.[0-9].* | 2.[12][0-9] | 2.[12][0-9].* | 2.3[0-4] | 2.3[0-4].*) echo "$arch-unknown-linux-musl" ;;
        *) echo "$arch-unknown-linux-gnu" ;;
      esac ;;
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
    # HTTPS (TLS 1.2 or newer) for the request and every redirect.
    if [ -n "$https_only" ]; then
      set -- "$1" "$2" --proto '=https' --proto-redir '=https'
    else
      set -- "$1" "$2" --proto '=http,https' --proto-redir '=https'
    fi
    curl --fail --silent --show-error --location --retry 3 --connect-timeout 20 \
      --max-time 300 --max-filesize 104857600 --tlsv1.2 "$3" "$4" "$5" "$6" --output "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    if [ -n "$https_only" ]; then
      wget --quiet --https-only --secure-protocol=TLSv1_2 --tries=3 --timeout=20 --output-document="$2" "$1"
    else
      wget --quiet --tries=3 --timeout=20 --output-document="$2" "$1"
    fi
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

target=${WABACTL_TARGET:-$(detect_target)}
if [ -n "$print_target" ]; then
  echo "$target"
  exit 0
fi
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
# The .sha256 comes from the same place as the archive; a digest known from elsewhere must
# match as well.
if [ -n "$pinned_sha256" ] && [ "$pinned_sha256" != "$actual" ]; then
  fail "checksum mismatch for $archive: expected $pinned_sha256 (the pinned digest), got $actual; nothing installed"
fi
if [ -n "$verify_attestation" ] && [ "$verify_attestation" != 0 ]; then
  command -v gh >/dev/null 2>&1 ||
    fail "--verify-attestation needs the GitHub CLI (gh); install it, or leave the option out; nothing installed"
  gh attestation verify "$work/$archive" --repo "${WABACTL_ATTESTATION_REPO:-wabactl/wabactl}" >&2 ||
    fail "$archive has no valid build provenance from ${WABACTL_ATTESTATION_REPO:-wabactl/wabactl}; nothing installed"
  say "build provenance verified"
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
# Stage next to the destination so the final mv is a rename on one file system, and run the
# staged binary first: one that cannot run here (a C library too old, another CPU) is
# removed, and whatever was installed before stays.
staged="$install_dir/.$exe.tmp.$$"
cp "$binary" "$staged" || fail "could not write to $install_dir"
chmod 755 "$staged"
installed=$("$staged" --version 2>&1) ||
  fail "the downloaded $exe does not run on this machine ($(printf '%s' "$installed" | head -n 1)); nothing installed, $install_dir/$exe is as it was"
case $installed in
  wabactl\ *) ;;
  *) fail "the downloaded $exe does not say it is wabactl ('$installed'); nothing installed" ;;
esac
mv -f "$staged" "$install_dir/$exe" || fail "could not move $exe into $install_dir"
staged=""

say "installed $installed to $install_dir/$exe"
case ":${PATH:-}:" in
  *":$install_dir:"*) ;;
  *) say "note: $install_dir is not on PATH; add it, e.g. export PATH=\"$install_dir:\$PATH\"" ;;
esac
