"""``counter-app audit verify`` against the live ledger's audit head (SQLite and PostgreSQL).

The ledger keeps the highest audit_seq/audit_hash each counter's issuance transitions carried and
answers it on the signed ``POST /v1/counters/audit-head``. An attacker with the counter's database
who cuts the chain's tail and every local anchor of it is caught there; a ledger that cannot be
reached is said, never taken for agreement.
"""

from __future__ import annotations

import json
import sqlite3

from counter_app.store.database import Store
from tests.sync.conftest import counter_cli, drain_with_worker


def _synced(counter, ledger, n=2):
    counter.seed(n)
    drain_with_worker(counter, ledger)
    return counter.sync_service().client().audit_head()


def test_the_ledger_answers_the_counters_head_and_the_chain_agrees(counter, ledger):
    head = _synced(counter, ledger)
    assert head["counter_id"] == "C001" and head["audit_seq"] >= 1
    (local,) = counter.store.db.execute("SELECT hash FROM audit_log WHERE seq = ?", (head["audit_seq"],)).fetchone()
    assert local == head["audit_hash"]
    result = counter_cli(counter.paths.data_dir, "audit", "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "audit trail intact" in result.stdout
    assert f"ledger: compared, the chain agrees (row {head['audit_seq']})" in result.stdout


def test_a_tail_cut_with_every_local_anchor_is_caught_by_the_ledger(counter, ledger):
    head = _synced(counter, ledger)
    keep = head["audit_seq"] - 1
    counter.store.close()
    path = counter.paths.database
    conn = sqlite3.connect(path, isolation_level=None)
    kept_hash = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (keep,)).fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
    conn.execute("UPDATE settings_kv SET value = ? WHERE key = 'audit.head'", (json.dumps({"seq": keep, "hash": kept_hash}),))
    conn.execute("DELETE FROM outbox WHERE json_extract(payload, '$.seq') > ? "
                 "OR json_extract(payload, '$.audit_seq') > ?", (keep, keep))
    conn.close()
    counter.store = Store.open(path)
    local_only = counter_cli(counter.paths.data_dir, "audit", "verify", "--local")
    assert local_only.returncode == 0  # the file alone cannot tell
    result = counter_cli(counter.paths.data_dir, "audit", "verify", "--json")
    assert result.returncode == 1, result.stdout + result.stderr
    answer = json.loads(result.stdout)
    assert (answer["first_bad_seq"], answer["problem"], answer["ledger"]) == (keep + 1, "truncated", "disagrees")


def test_an_unreachable_ledger_is_said(counter, ledger):
    _synced(counter, ledger, 1)
    ledger.stop()
    result = counter_cli(counter.paths.data_dir, "audit", "verify")
    assert result.returncode == 0
    assert "ledger: not reachable, compared locally only" in result.stdout
