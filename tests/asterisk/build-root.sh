#!/usr/bin/env bash
# Build (once) a Debian sid root that holds a real Asterisk for the integration tests.
#
# Debian bookworm ships no Asterisk binary; sid does (Asterisk 22). We debootstrap a
# minimal sid into a cache directory outside the repository, so CI on the same machine
# reuses it. A marker file written after a successful build makes re-runs instant.
#
#   TEXTBACK_ASTERISK_ROOT   where the root lives (default /var/cache/textback/asterisk-root)
#   TEXTBACK_DEBIAN_MIRROR   Debian mirror to use (default: the first URIs: line of the
#                            machine's apt sources that ends in /debian)
set -euo pipefail

ROOT="${TEXTBACK_ASTERISK_ROOT:-/var/cache/textback/asterisk-root}"
MARKER="$ROOT/.textback-root-ready"

say() { echo "build-root: $*"; }

if [[ -f "$MARKER" ]]; then
    say "$ROOT is ready ($(cat "$MARKER")); nothing to do"
    exit 0
fi

if [[ $EUID -ne 0 ]]; then
    say "must run as root (debootstrap and chroot need it)" >&2
    exit 1
fi

# One build at a time (the test suite and scripts/test.sh may both ask); a
# second caller waits, then finds the marker.
mkdir -p "$(dirname "$ROOT")"
exec 9>"$ROOT.lock"
flock 9
if [[ -f "$MARKER" ]]; then
    say "$ROOT was built meanwhile ($(cat "$MARKER")); nothing to do"
    exit 0
fi

find_mirror() {
    local uri
    # deb822 sources first, then the classic one-line format.
    uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
          | awk '{for (i = 2; i <= NF; i++) print $i}' | grep -E '/debian/?$' | head -n1 || true)
    if [[ -z "$uri" ]]; then
        uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
              | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; break}}' \
              | grep -E '/debian/?$' | head -n1 || true)
    fi
    echo "${uri:-http://deb.debian.org/debian}"
}

MIRROR="${TEXTBACK_DEBIAN_MIRROR:-$(find_mirror)}"

if ! command -v debootstrap >/dev/null; then
    say "debootstrap is missing; installing it with apt-get"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap
fi

# A half-finished earlier attempt (no marker) is discarded: debootstrap cannot resume it.
if [[ -d "$ROOT" ]]; then
    say "removing unfinished root at $ROOT"
    if mountpoint -q "$ROOT/proc"; then umount "$ROOT/proc"; fi
    rm -rf --one-file-system "$ROOT"
fi

say "debootstrap sid (minbase + asterisk) into $ROOT from $MIRROR; takes about 70 s"
started=$(date +%s)
debootstrap --variant=minbase --include=asterisk,asterisk-modules sid "$ROOT" "$MIRROR"

version=$(chroot "$ROOT" asterisk -V)
say "installed $version in $(( $(date +%s) - started )) s"
echo "$version built $(date -u +%Y-%m-%dT%H:%M:%SZ) from $MIRROR" > "$MARKER"
