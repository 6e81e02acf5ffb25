#!/usr/bin/env bash
# Build (once) a pristine Debian bookworm root for the install.sh tests.
#
# install.sh is tested the way a shop would run it: as root, on a fresh Debian 12 without
# a running systemd. The root is debootstrapped into a cache directory outside the
# repository and never changed afterwards: each test run copies it and installs into the
# copy. A marker file written after a successful build makes re-runs instant.
#
# The root already holds the Debian packages install.sh asks apt for (INSTALL_PACKAGES
# below mirrors RUNTIME_PACKAGES in install.sh), so the test installs without the network.
#
#   TEXTBACK_BOOKWORM_ROOT   where the root lives (default /var/cache/textback/bookworm-root)
#   TEXTBACK_DEBIAN_MIRROR   Debian mirror to use (default: the first URIs: line of the
#                            machine's apt sources that ends in /debian)
set -euo pipefail

ROOT="${TEXTBACK_BOOKWORM_ROOT:-/var/cache/textback/bookworm-root}"
MARKER="$ROOT/.textback-root-ready"
INSTALL_PACKAGES="python3,python3-venv,libgomp1,systemd,udev,usbutils,usb-modeswitch,iproute2"

say() { echo "build-bookworm-root: $*"; }

if [[ -f "$MARKER" ]]; then
    say "$ROOT is ready ($(cat "$MARKER")); nothing to do"
    exit 0
fi

if [[ $EUID -ne 0 ]]; then
    say "must run as root (debootstrap needs it)" >&2
    exit 1
fi

find_mirror() {
    local uri
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
    rm -rf --one-file-system "$ROOT"
fi
mkdir -p "$(dirname "$ROOT")"

say "debootstrap bookworm (minbase + $INSTALL_PACKAGES) into $ROOT from $MIRROR; takes about 2 minutes"
started=$(date +%s)
debootstrap --variant=minbase --include="$INSTALL_PACKAGES" bookworm "$ROOT" "$MIRROR"
# Package lists inside the root, so install.sh's "is it installed?" checks see a normal system.
chroot "$ROOT" apt-get clean
say "built in $(( $(date +%s) - started )) s"
echo "bookworm built $(date -u +%Y-%m-%dT%H:%M:%SZ) from $MIRROR" > "$MARKER"
