"""An attacker with write access to the database file (not to the key directory) and the audit trail.

The chain is keyed (HMAC-SM3 with the audit key in the key directory), so recomputing the hashes
with the public formula no longer passes; every ``audit_seq``/``audit_hash`` that the outbox
carries (issuance transitions) is an anchor; the ledger's head is the anchor outside the file.
Each attack runs on a copy of the counter's database opened with a raw sqlite3 connection that
drops the append-only triggers first, as somebody with the file would; ``audit verify`` then runs
on the copy and must name the first row touched.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from counter_app.cli import main
from counter_app.paths import AppPaths
from counter_app.services.audit import AuditService
from counter_app.services.auth import Session
from counter_app.store.audit import GENESIS_HASH, AuditLog, row_hash, verify
from counter_app.store.database import Store
from tests.security.conftest import COUNTER, TEST_APPLICANTS, issue_card

ROWS = 10


@pytest.fixture
def counter(tmp_path, monkeypatch):
    """A counter with an issued card (its transitions carry audit_seq/audit_hash in the outbox) and
    plain audit rows; returns the paths of a *copy* of its data directory, which the test attacks."""
    original = AppPaths.resolve(tmp_path / "original").ensure()
    with Store.open(original.database) as store:
        issue_card(store, TEST_APPLICANTS[0], "00000017")
        for i in range(ROWS):
            with store.transaction() as db:
                AuditLog.append(db, "clerk", "issuance.transition", {"n": i}, counter_id=COUNTER)
        assert verify(store.db).ok
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "copy"
    shutil.copytree(original.data_dir, copy)
    monkeypatch.setenv("COUNTER_APP_DATA", str(copy))
    return AppPaths.resolve(copy)


def _attack(paths, *statements, params=()):
    conn = sqlite3.connect(paths.database, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _rows(paths):
    conn = sqlite3.connect(paths.database)
    rows = conn.execute("SELECT seq, at, actor, counter_id, action, detail, prev_hash, hash FROM audit_log "
                        "ORDER BY seq").fetchall()
    conn.close()
    return rows


def _transition_anchors(paths):
    conn = sqlite3.connect(paths.database)
    found = [json.loads(p) for (p,) in conn.execute("SELECT payload FROM outbox WHERE type != 'audit.appended'")]
    conn.close()
    return [(p["audit_seq"], p["audit_hash"]) for p in found if "audit_seq" in p]


def _verify(paths, *extra):
    """``audit verify --json --local`` on the copy: (exit code, answer)."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--lang", "en", "audit", "verify", "--json", "--local", *extra])
    return code, json.loads(out.getvalue())


def _rewrite_from(paths, first_seq, *, change=None):
    """The strongest attack on the old chain: change row ``first_seq`` (``change``: column → value),
    recompute every hash from there on with the public formula, and rewrite every anchor the file
    holds — ``audit.head``, the ``audit.appended`` events and the transitions' audit_hash — to fit."""
    rows = [list(r) for r in _rows(paths)]
    conn = sqlite3.connect(paths.database, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    prev = rows[first_seq - 2][7] if first_seq > 1 else GENESIS_HASH
    renamed: dict[str, str] = {}
    for row in rows[first_seq - 1:]:
        if row[0] == first_seq and change:
            for column, value in change.items():
                row[{"actor": 2, "action": 4, "detail": 5}[column]] = value
        new = row_hash(row[0], row[1], row[2], row[3], row[4], row[5], prev)
        renamed[row[7]] = new
        conn.execute("UPDATE audit_log SET actor = ?, action = ?, detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                     (row[2], row[4], row[5], prev, new, row[0]))
        prev = new
    conn.execute("UPDATE settings_kv SET value = ? WHERE key = 'audit.head'",
                 (json.dumps({"seq": rows[-1][0], "hash": prev}),))
    for seq, payload in conn.execute("SELECT seq, payload FROM outbox").fetchall():
        text = payload
        for old, new in renamed.items():
            text = text.replace(old, new)
        if text != payload:
            conn.execute("UPDATE outbox SET payload = ? WHERE seq = ?", (text, seq))
    conn.close()


def test_the_untouched_copy_is_intact(counter):
    code, answer = _verify(counter)
    assert (code, answer["ok"], answer["rows"]) == (0, True, len(_rows(counter)))


def test_an_edited_row_is_named(counter):
    _attack(counter, "UPDATE audit_log SET actor = 'supervisor' WHERE seq = 4")
    code, answer = _verify(counter)
    assert (code, answer["ok"], answer["first_bad_seq"], answer["problem"]) == (1, False, 4, "changed")


def test_a_deleted_row_is_named(counter):
    _attack(counter, "DELETE FROM audit_log WHERE seq = 5")
    code, answer = _verify(counter)
    assert (code, answer["first_bad_seq"], answer["problem"]) == (1, 5, "deleted")


def test_reordered_rows_are_named(counter):
    _attack(counter,
            "UPDATE audit_log SET seq = -6 WHERE seq = 6",
            "UPDATE audit_log SET seq = 6 WHERE seq = 8",
            "UPDATE audit_log SET seq = 8 WHERE seq = -6")
    code, answer = _verify(counter)
    assert (code, answer["first_bad_seq"], answer["problem"]) == (1, 6, "reordered")


def test_a_full_rewrite_with_the_public_formula_is_named(counter):
    """Triggers dropped, row 3 changed, every later hash recomputed (SM3, as the old chain did) and
    every anchor in the file moved to fit: the old chain called this intact."""
    _rewrite_from(counter, 3, change={"actor": "supervisor"})
    code, answer = _verify(counter)
    assert (code, answer["first_bad_seq"], answer["problem"]) == (1, 3, "changed")


def test_a_chain_rewritten_from_the_first_row_is_named(counter):
    _rewrite_from(counter, 1)
    code, answer = _verify(counter)
    assert (code, answer["first_bad_seq"], answer["problem"]) == (1, 1, "changed")


def test_a_truncated_tail_with_the_head_moved_is_named_by_the_transitions(counter):
    """The last rows deleted, ``audit.head`` moved back and the ``audit.appended`` events of the
    cut rows deleted: the issuance transitions' audit_seq still names the first missing row."""
    anchors = _transition_anchors(counter)
    last_transition = max(seq for seq, _ in anchors)
    keep = last_transition - 2
    kept_hash = next(r[7] for r in _rows(counter) if r[0] == keep)
    _attack(counter,
            f"DELETE FROM audit_log WHERE seq > {keep}",
            f"UPDATE settings_kv SET value = '{json.dumps({'seq': keep, 'hash': kept_hash})}' WHERE key = 'audit.head'",
            f"DELETE FROM outbox WHERE type = 'audit.appended' AND json_extract(payload, '$.seq') > {keep}")
    code, answer = _verify(counter)
    assert (code, answer["first_bad_seq"], answer["problem"]) == (1, keep + 1, "truncated")


def test_a_transition_carrying_another_hash_names_its_row(counter):
    seq, _digest = _transition_anchors(counter)[0]
    _attack(counter, f"UPDATE outbox SET payload = json_set(payload, '$.audit_hash', '{'ab' * 32}') "
                     f"WHERE json_extract(payload, '$.audit_seq') = {seq}")
    code, answer = _verify(counter)
    assert (code, answer["first_bad_seq"], answer["problem"]) == (1, seq, "changed")


def test_the_command_line_names_the_row_in_both_languages(counter, capsys):
    _rewrite_from(counter, 7, change={"action": "auth.login"})
    assert main(["--lang", "en", "audit", "verify", "--local"]) == 1
    out = capsys.readouterr().out
    assert "row 7 was changed" in out and "compared locally only" in out
    assert main(["audit", "verify", "--local"]) == 1
    out = capsys.readouterr().out
    assert "第 7 条记录被修改" in out and "仅做了本地校验" in out


# --- the head at the ledger --------------------------------------------------------------------

class FakeLedger:
    """What ``LedgerClient.audit_head`` answers, or an unreachable ledger."""

    def __init__(self, seq=None, digest=None, *, reachable=True):
        self.answer = {"counter_id": COUNTER, "audit_seq": seq, "audit_hash": digest,
                       "event_seq": 1 if seq else None, "recorded_at": None}
        self.reachable = reachable

    def __call__(self):
        from counter_app.sync.errors import LedgerUnavailable

        if not self.reachable:
            raise LedgerUnavailable("connection refused")
        return self.answer


def _verify_with(paths, ledger):
    with Store.open(paths.database) as store:
        return AuditService(store).verify(Session.local_operator(COUNTER), ledger_head=ledger)


def test_everything_cut_and_every_local_anchor_removed_is_seen_by_the_ledger(counter):
    """The tail cut, the head moved and every outbox anchor of the cut rows deleted: locally the
    chain looks whole; the ledger's head (a row the chain no longer has) tells."""
    anchors = _transition_anchors(counter)
    ledger_seq, ledger_hash = max(anchors)
    keep = ledger_seq - 1
    kept_hash = next(r[7] for r in _rows(counter) if r[0] == keep)
    _attack(counter,
            f"DELETE FROM audit_log WHERE seq > {keep}",
            f"UPDATE settings_kv SET value = '{json.dumps({'seq': keep, 'hash': kept_hash})}' WHERE key = 'audit.head'",
            f"DELETE FROM outbox WHERE json_extract(payload, '$.seq') > {keep} "
            f"OR json_extract(payload, '$.audit_seq') > {keep}")
    assert _verify_with(counter, None).ok  # what the file alone can tell
    result = _verify_with(counter, FakeLedger(ledger_seq, ledger_hash))
    assert (result.ok, result.first_bad_seq, result.problem, result.ledger) == (False, keep + 1, "truncated",
                                                                                "disagrees")


def test_a_row_with_another_hash_than_the_ledgers_is_named(counter):
    seq, _ = max(_transition_anchors(counter))
    result = _verify_with(counter, FakeLedger(seq, "cd" * 32))
    assert (result.ok, result.first_bad_seq, result.problem) == (False, seq, "changed")


def test_an_intact_chain_agrees_with_the_ledger(counter):
    seq, digest = max(_transition_anchors(counter))
    result = _verify_with(counter, FakeLedger(seq, digest))
    assert (result.ok, result.ledger, result.ledger_seq) == (True, "matched", seq)
    assert _verify_with(counter, FakeLedger()).ledger == "none_seen"


def test_an_unreachable_ledger_is_said_not_taken_for_agreement(counter):
    result = _verify_with(counter, FakeLedger(reachable=False))
    assert (result.ok, result.ledger) == (True, "unreachable")


def test_the_command_line_says_when_the_ledger_could_not_be_reached(counter, capsys):
    from counter_app.settings import Settings

    settings = Settings.load(counter.settings_file)
    settings.set("counter.id", COUNTER)
    settings.set("ledger.url", "http://127.0.0.1:9")  # nothing listens on the discard port
    settings.save()
    from counter_app.sync import keys

    keys.create_key(counter.keys_dir)
    assert main(["--lang", "en", "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "audit trail intact" in out and "ledger: not reachable, compared locally only" in out
    assert main(["audit", "verify"]) == 0
    assert "中心账本：无法连接，仅做了本地校验" in capsys.readouterr().out
