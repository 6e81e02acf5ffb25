#!/usr/bin/env bash
# Set up textback in this checkout: a virtualenv at .venv with the package and its dependencies.
#   bash scripts/setup.sh          # what the demo needs
#   bash scripts/setup.sh --test   # plus the test tools, the Debian packages the tests use
#                                  # (chromium, debootstrap, libfaketime) and the real-Asterisk root
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

pip() {
    # (the grep hides pip's notes about this machine's local package mirrors)
    .venv/bin/pip --disable-pip-version-check "$@" 2> >(grep -v "^WARNING: Location .file:" >&2)
}

# llama.cpp compiled with -march=native uses every instruction the CPU advertises; some
# virtual machines advertise AMX or AVX-512 and then trap on it (SIGILL). Build it once for
# a portable baseline (AVX2/FMA/F16C on x86-64) into a cache outside the checkout, and
# install that wheel instead of pip's own build.
llama=$(grep -i '^llama[-_]cpp[-_]python==' requirements.lock)
wheels=${TEXTBACK_WHEEL_CACHE:-/var/cache/textback/wheels}
[[ -w $(dirname "$wheels") || -w $wheels ]] || wheels="$HOME/.cache/textback/wheels"
mkdir -p "$wheels"
if ! ls "$wheels"/llama_cpp_python-"${llama#*==}"-*.whl >/dev/null 2>&1; then
    say "compiling $llama for a portable CPU baseline (once per machine: about 5 minutes on 2 cores)"
    cmake_args="-DGGML_NATIVE=OFF"
    [[ $(uname -m) == x86_64 ]] && cmake_args+=" -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
    CMAKE_ARGS="$cmake_args" pip wheel --quiet --no-deps --no-cache-dir --no-binary llama-cpp-python \
        -w "$wheels" "$llama"
fi

extras=""
(( want_test )) && extras="[test]"
say "installing textback${extras} into .venv"
pip install --quiet -c requirements.lock setuptools    # the venv's bundled one is older than the lock's
pip install --quiet --force-reinstall --no-deps "$wheels"/llama_cpp_python-"${llama#*==}"-*.whl
pip install --quiet --find-links "$wheels" -c requirements.lock -e ".${extras}"

if (( want_test )); then
    missing=()
    for pkg in debootstrap chromium openssl libfaketime; do   # libfaketime: the journey tests move the agent's clock
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
