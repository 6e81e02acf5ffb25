# Shared steps of the scripts that debootstrap a cached Debian root for the tests
# (tests/asterisk/build-root.sh and tests/install/build-root.sh). Sourced, not run.
#
# The sourcing script sets ROOT (where the root lives) and MARKER (the file written after a
# successful build) and defines say() before calling these.

# Exit 0 when the marker says the root is already built.
#   $1  how to put it ("is ready", "was built meanwhile")
exit_if_ready() {
    if [[ -f "$MARKER" ]]; then
        say "$ROOT $1 ($(cat "$MARKER")); nothing to do"
        exit 0
    fi
}

# Exit 1 unless running as root.
#   $1  what needs it ("debootstrap needs it")
require_root() {
    if [[ $EUID -ne 0 ]]; then
        say "must run as root ($1)" >&2
        exit 1
    fi
}

# The Debian mirror to debootstrap from: the first URI of the machine's apt sources that
# ends in /debian, else deb.debian.org.
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

ensure_debootstrap() {
    if ! command -v debootstrap >/dev/null; then
        say "debootstrap is missing; installing it with apt-get"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap
    fi
}

# A half-finished earlier attempt (no marker) is discarded: debootstrap cannot resume it.
discard_unfinished_root() {
    if [[ -d "$ROOT" ]]; then
        say "removing unfinished root at $ROOT"
        if mountpoint -q "$ROOT/proc"; then umount "$ROOT/proc"; fi
        rm -rf --one-file-system "$ROOT"
    fi
}
