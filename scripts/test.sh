#!/usr/bin/env bash
# The test command of the README: unit, integration (real pcscd + virtual card/PSAM) and GUI tests.
# The integration fixtures start and stop the simulated devices themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
