#!/usr/bin/env bash
# `make demo` after set-up: see scripts/demo.py.
set -euo pipefail
cd "$(dirname "$0")/.."
# The citizens' pages (citizen-portal, docs/citizen-portal.md) next to the demo ledger, on its database, with a
# file SMS gateway (the codes are read in demo-data/portal-sms.jsonl); stopped by --down.
DEMO_DATA="${DEMO_DIR:-demo-data}"
PORTAL_PORT="${DEMO_PORTAL_PORT:-8620}"
PORTAL_URL="http://127.0.0.1:${PORTAL_PORT}/apply/"
portal_answers() { .venv/bin/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "${PORTAL_URL}health" 2>/dev/null; }
if [[ " $* " == *" --down "* ]]; then
  if [[ -f "$DEMO_DATA/portal.pid" ]]; then kill "$(cat "$DEMO_DATA/portal.pid")" 2>/dev/null || true; rm -f "$DEMO_DATA/portal.pid"; fi
elif [[ " $* " != *" -h "* && " $* " != *" --help "* ]] && ! portal_answers; then
  mkdir -p "$DEMO_DATA"
  .venv/bin/python -c 'import sys; from central_ledger.seal import SealKey; SealKey.load(sys.argv[1], create=True)' "$DEMO_DATA/seal.key"
  nohup .venv/bin/citizen-portal serve --db "$(cd "$DEMO_DATA" && pwd)/ledger.sqlite3" --seal-key-file "$DEMO_DATA/seal.key" \
    --sms-file "$DEMO_DATA/portal-sms.jsonl" --port "$PORTAL_PORT" --log-level warning >>"$DEMO_DATA/portal.log" 2>&1 &
  echo $! > "$DEMO_DATA/portal.pid"
  for _ in $(seq 50); do portal_answers && break; sleep 0.2; done
  portal_answers || echo "demo: the citizen portal did not start; see $DEMO_DATA/portal.log" >&2
fi
[[ " $* " == *" --down "* ]] || echo "citizen portal: ${PORTAL_URL}  (SMS codes: $DEMO_DATA/portal-sms.jsonl)"
status=0
.venv/bin/python scripts/demo.py "$@" || status=$?
[[ " $* " == *" --down "* ]] || echo "citizen portal: ${PORTAL_URL}  (SMS codes: $DEMO_DATA/portal-sms.jsonl)"
exit "$status"
