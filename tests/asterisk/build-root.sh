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
# shellcheck source=tests/debootstrap-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../debootstrap-lib.sh"

exit_if_ready "is ready"
require_root "debootstrap and chroot need it"

# One build at a time (the test suite and scripts/test.sh may both ask); a
# second caller waits, then finds the marker.
mkdir -p "$(dirname "$ROOT")"
exec 9>"$ROOT.lock"
flock 9
exit_if_ready "was built meanwhile"

MIRROR="${TEXTBACK_DEBIAN_MIRROR:-$(find_mirror)}"
ensure_debootstrap
discard_unfinished_root

say "debootstrap sid (minbase + asterisk) into $ROOT from $MIRROR; takes about 70 s"
started=$(date +%s)
debootstrap --variant=minbase --include=asterisk,asterisk-modules sid "$ROOT" "$MIRROR"

version=$(chroot "$ROOT" asterisk -V)
say "installed $version in $(( $(date +%s) - started )) s"
echo "$version built $(date -u +%Y-%m-%dT%H:%M:%SZ) from $MIRROR" > "$MARKER"
