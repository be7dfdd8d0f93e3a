#!/usr/bin/env bash
# The frozen build must start and answer --version with the project's version, and say nothing
# of missing modules or libraries (as ykman's release workflow checks its frozen binary).
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(.venv/bin/python -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
out=$(dist/counter-app/counter-app --version 2>&1)
echo "$out"
if ! grep -qx "counter-app $want" <<<"$out"; then echo "frozen build: expected 'counter-app $want'" >&2; exit 1; fi
if grep -qiE "missing|not found" <<<"$out"; then echo "frozen build reports something missing" >&2; exit 1; fi
# the frozen app also runs a real command (domain + CLI code paths, not only argparse)
dist/counter-app/counter-app --data-dir "$(mktemp -d)" check-card-number X00000019 >/dev/null
echo "frozen build: ok ($(du -sh dist/counter-app | cut -f1))"
