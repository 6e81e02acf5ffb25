#!/usr/bin/env bash
# Set up textback in this checkout: a virtualenv at .venv with the package and its dependencies.
#   bash scripts/setup.sh          # what the demo needs
#   bash scripts/setup.sh --test   # plus the test tools, the Debian packages the tests use
#                                  # (chromium, debootstrap) and the real-Asterisk root
# Safe to re-run: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '\n==> %s\n' "$*"; }

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "textback needs Python 3.11 or newer; $python is $("$python" --version 2>&1)" >&2
    exit 1
fi

if [[ ! -x .venv/bin/python ]]; then
    say "creating .venv"
    "$python" -m venv .venv
fi

extras=""
(( want_test )) && extras="[test]"
say "installing textback${extras} into .venv (the first run compiles llama.cpp: about 5 minutes on 2 cores)"
# (the grep hides pip notes about this machine's local package mirrors)
.venv/bin/pip install --quiet --disable-pip-version-check -e ".${extras}" 2> >(grep -v "^WARNING: Location .file:" >&2)

if (( want_test )); then
    missing=()
    for pkg in debootstrap chromium openssl; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if (( ${#missing[@]} )); then
        say "installing Debian packages: ${missing[*]}"
        if [[ $(id -u) -ne 0 ]]; then
            echo "installing ${missing[*]} needs root: run 'sudo apt-get install ${missing[*]}' first" >&2
            exit 1
        fi
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi
    say "preparing the real Asterisk for the integration tests"
    bash tests/asterisk/build-root.sh
fi
say "set up: .venv/bin/textback is ready"
