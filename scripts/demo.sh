#!/usr/bin/env bash
# `make demo` after set-up: see scripts/demo.py.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/demo.py "$@"
