#!/usr/bin/env bash
# Set up and run the demo: the whole appliance on a simulated PBX and a simulated modem,
# with a throw-away database. Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/textback demo "$@"
