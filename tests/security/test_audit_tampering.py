"""Somebody with the database file bypasses the triggers: ``audit verify`` names the first row touched.

Each test builds a chain of ten rows through the application, then changes the file with a raw
sqlite3 connection that drops the append-only triggers — as an attacker with the file would.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from counter_app.cli import main
from counter_app.store.audit import AuditLog, row_hash, verify

ROWS = 10


@pytest.fixture
def chain(store, paths):
    for i in range(ROWS):
        with store.transaction() as db:
            AuditLog.append(db, "clerk", "issuance.transition", {"n": i}, counter_id="C-TEST-01")
    assert verify(store.db).ok
    return paths.database


def _attack(path, *statements):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _result(store):
    r = verify(store.db)
    return r.ok, r.first_bad_seq, r.problem


def test_an_edited_row_is_found(store, chain):
    _attack(chain, "UPDATE audit_log SET actor = 'supervisor' WHERE seq = 4")
    assert _result(store) == (False, 4, "changed")


def test_an_edited_row_with_a_recomputed_hash_is_found(store, chain):
    seq, at, actor, counter, action, _detail, prev, _h = store.db.execute(
        "SELECT * FROM audit_log WHERE seq = 6").fetchone()
    forged = json.dumps({"n": 99}, separators=(",", ":"))
    new_hash = row_hash(seq, at, actor, counter, action, forged, prev)
    _attack(chain, f"UPDATE audit_log SET detail = '{forged}', hash = '{new_hash}' WHERE seq = 6")
    assert _result(store) == (False, 6, "changed")


def test_a_deleted_row_is_found(store, chain):
    _attack(chain, "DELETE FROM audit_log WHERE seq = 3")
    assert _result(store) == (False, 3, "deleted")


def test_the_first_row_deleted_is_found(store, chain):
    _attack(chain, "DELETE FROM audit_log WHERE seq = 1")
    assert _result(store) == (False, 1, "deleted")


def test_reordered_rows_are_found(store, chain):
    _attack(chain,
            "UPDATE audit_log SET seq = -5 WHERE seq = 5",
            "UPDATE audit_log SET seq = 5 WHERE seq = 7",
            "UPDATE audit_log SET seq = 7 WHERE seq = -5")
    assert _result(store) == (False, 5, "reordered")


def test_a_truncated_tail_is_found(store, chain):
    _attack(chain, f"DELETE FROM audit_log WHERE seq > {ROWS - 3}")
    assert _result(store) == (False, ROWS - 2, "truncated")


def test_everything_deleted_is_found(store, chain):
    _attack(chain, "DELETE FROM audit_log")
    assert _result(store) == (False, 1, "truncated")


def test_the_command_line_exits_1_and_names_the_row(store, chain, capsys):
    assert main(["--lang", "en", "audit", "verify"]) == 0
    _attack(chain, "UPDATE audit_log SET action = 'auth.login' WHERE seq = 8")
    capsys.readouterr()
    assert main(["audit", "verify", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out == {"ok": False, "rows": ROWS, "first_bad_seq": 8, "problem": "changed",
                   "ledger": "not_enrolled", "ledger_seq": None}
    assert main(["--lang", "en", "audit", "verify"]) == 1
    assert "row 8 was changed" in capsys.readouterr().out
