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
# shellcheck source=tests/debootstrap-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../debootstrap-lib.sh"

exit_if_ready "is ready"
require_root "debootstrap needs it"

MIRROR="${TEXTBACK_DEBIAN_MIRROR:-$(find_mirror)}"
ensure_debootstrap
discard_unfinished_root
mkdir -p "$(dirname "$ROOT")"

say "debootstrap bookworm (minbase + $INSTALL_PACKAGES) into $ROOT from $MIRROR; takes about 2 minutes"
started=$(date +%s)
debootstrap --variant=minbase --include="$INSTALL_PACKAGES" bookworm "$ROOT" "$MIRROR"
# Package lists inside the root, so install.sh's "is it installed?" checks see a normal system.
chroot "$ROOT" apt-get clean
say "built in $(( $(date +%s) - started )) s"
echo "bookworm built $(date -u +%Y-%m-%dT%H:%M:%SZ) from $MIRROR" > "$MARKER"
