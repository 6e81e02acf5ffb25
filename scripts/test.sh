#!/usr/bin/env bash
# Set up everything the tests need and run the whole suite (what CI runs).
# The tests start their own services: a real Asterisk in a Debian-sid chroot, the modem
# simulator on a pseudo-terminal, SMTP and CalDAV servers, headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
set +e
.venv/bin/python -m pytest -ra "$@"
status=$?
set -e
if (( status == 5 )); then
    echo "pytest collected no tests: that is a failure, not a pass" >&2
    exit 1
fi
exit $status
