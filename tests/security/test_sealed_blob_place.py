"""Sealed personal data is bound to its table, column and row; migration 7 brings older files along.

An attacker with the database file swaps two applicants' sealed blobs (each one still opens under
the counter's key, so before the blobs carried their place both rows read as the other person):
now reading either fails with the clear :class:`SealedDataUnreadable`, on the command line as a
message without a traceback. Migration 7 re-seals blobs of the old form with their place, keeps the
old audit rows as the legacy segment behind a keyed marker, and from then on refuses old blobs.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from counter_app.cli import main
from counter_app.paths import AppPaths
from counter_app.services.approvals import ApprovalService
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store import sealing
from counter_app.store.audit import MARKER_ACTION, row_hash, verify
from counter_app.store.database import Store, connect
from counter_app.store.migrations import migrate
from counter_app.store.schema import MIGRATIONS
from counter_app.store.sealing import SealedDataUnreadable
from tests.security.conftest import OPERATOR, PHOTO, TEST_APPLICANTS


@pytest.fixture
def two(data_dir):
    paths = AppPaths.resolve(data_dir).ensure()
    with Store.open(paths.database) as store:
        intake = IntakeService(store)
        ids = [intake.open_application(OPERATOR, a) for a in TEST_APPLICANTS]
        for issuance_id in ids:
            intake.accept_photo(OPERATOR, issuance_id, PHOTO + issuance_id.encode())
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return paths, ids


def _swap(paths, column, first, second):
    conn = sqlite3.connect(paths.database, isolation_level=None)
    a = conn.execute(f"SELECT {column} FROM issuances WHERE id = ?", (first,)).fetchone()[0]
    b = conn.execute(f"SELECT {column} FROM issuances WHERE id = ?", (second,)).fetchone()[0]
    conn.execute(f"UPDATE issuances SET {column} = ? WHERE id = ?", (b, first))
    conn.execute(f"UPDATE issuances SET {column} = ? WHERE id = ?", (a, second))
    conn.close()


def test_swapped_personal_data_opens_in_neither_row(two):
    paths, (first, second) = two
    _swap(paths, "personal_data", first, second)
    with Store.open(paths.database) as store:
        service = IssuanceService(store)
        for issuance_id in (first, second):
            with pytest.raises(SealedDataUnreadable):
                service.get(issuance_id)


def test_swapped_photos_open_in_neither_row(two):
    paths, (first, second) = two
    _swap(paths, "photo", first, second)
    with Store.open(paths.database) as store:
        with pytest.raises(SealedDataUnreadable):
            IssuanceService(store).photo(first)


def test_the_clerk_gets_a_message_not_a_traceback(two, capsys):
    paths, (first, second) = two
    _swap(paths, "personal_data", first, second)
    assert main(["--lang", "en", "issuance", "show", first]) == 1
    err = capsys.readouterr().err
    assert "cannot be read" in err and "altered" in err
    assert "Traceback" not in err and "internal error" not in err
    assert main(["issuance", "show", second]) == 1
    assert "无法读取" in capsys.readouterr().err


# --- a database from before migration 7 --------------------------------------------------------

def _version_6_database(path):
    """What a counter wrote before this change: 0xA1 blobs without their place, approvals with
    sealed reasons, and an audit chain with the public SM3 hashes."""
    Store.open(path).close()  # keys beside the file, configured in this process
    path.unlink()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    db = connect(path)
    migrate(db, migrations=MIGRATIONS[:6])
    key = sealing.active_keys().active
    at = "2025-03-07T08:00:00.000000Z"
    personal = json.dumps(TEST_APPLICANTS[0].to_dict(), ensure_ascii=False, sort_keys=True).encode()
    db.conn.execute(
        "INSERT INTO issuances (id, state, application_type, created_at, updated_at, personal_data, person_index, "
        "photo) VALUES ('old-1', 'photo_ok', 'new', ?, ?, ?, ?, ?)",
        (at, at, sealing.seal_with(key, personal), sealing.person_index(TEST_APPLICANTS[0].document_number),
         sealing.seal_with(key, PHOTO)))
    db.conn.execute(
        "INSERT INTO approvals (id, kind, subject_id, reason, counter_id, requested_by, requested_by_name, "
        "requested_at) VALUES ('ap-1', 'reprint', 'old-1', ?, 'C-TEST-01', 'clerk', 'clerk', ?)",
        (sealing.seal_with(key, b"smudged"), at))
    prev = "0" * 64
    for seq in (1, 2, 3):
        detail = json.dumps({"n": seq}, separators=(",", ":"))
        digest = row_hash(seq, at, "clerk", "C-TEST-01", "issuance.transition", detail, prev)
        db.conn.execute("INSERT INTO audit_log (seq, at, actor, counter_id, action, detail, prev_hash, hash) "
                        "VALUES (?, ?, 'clerk', 'C-TEST-01', 'issuance.transition', ?, ?, ?)",
                        (seq, at, detail, prev, digest))
        db.conn.execute("INSERT INTO settings_kv (key, value, updated_at) VALUES ('audit.head', ?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (json.dumps({"seq": seq, "hash": digest}), at))
        prev = digest
    db.close()


def test_migration_7_reseals_old_blobs_with_their_place(tmp_path):
    path = tmp_path / "counter.sqlite3"
    _version_6_database(path)
    with Store.open(path) as store:
        personal, photo = store.db.execute("SELECT personal_data, photo FROM issuances WHERE id = 'old-1'").fetchone()
        (reason,) = store.db.execute("SELECT reason FROM approvals WHERE id = 'ap-1'").fetchone()
        assert not any(sealing.is_legacy(b) for b in (personal, photo, reason))
        assert IssuanceService(store).get("old-1").applicant == TEST_APPLICANTS[0]
        assert IssuanceService(store).photo("old-1") == PHOTO
        assert ApprovalService(store).approved("reprint", "old-1") is None  # reads (and opens) the row
        assert sealing.unseal(reason, sealing.approval_sealed_at("ap-1", "reason")) == b"smudged"


def test_migration_7_keeps_the_old_chain_as_a_legacy_segment_behind_a_keyed_marker(tmp_path):
    path = tmp_path / "counter.sqlite3"
    _version_6_database(path)
    with Store.open(path) as store:
        marker = store.db.execute("SELECT seq, action, detail FROM audit_log WHERE seq = 4").fetchone()
        assert marker[:2] == (4, MARKER_ACTION) and json.loads(marker[2]) == {"legacy_rows": 3}
        result = verify(store.db)
        assert (result.ok, result.legacy_rows, result.rows) == (True, 3, 4)
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # After the upgrade even a legacy row recomputed with its public formula is seen: the marker's
    # keyed hash covers the last legacy hash.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    at, detail = "2025-03-07T08:00:00.000000Z", json.dumps({"n": 99}, separators=(",", ":"))
    prev = conn.execute("SELECT hash FROM audit_log WHERE seq = 1").fetchone()[0]
    new2 = row_hash(2, at, "clerk", "C-TEST-01", "issuance.transition", detail, prev)
    conn.execute("UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 2", (detail, new2))
    old3 = conn.execute("SELECT seq, at, actor, counter_id, action, detail FROM audit_log WHERE seq = 3").fetchone()
    new3 = row_hash(*old3, new2)
    conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = 3", (new2, new3))
    conn.execute("UPDATE audit_log SET prev_hash = ? WHERE seq = 4", (new3,))
    conn.close()
    with Store.open(path) as store:
        result = verify(store.db)
        assert (result.ok, result.first_bad_seq) == (False, 2)


def test_a_marker_cannot_be_forged_without_the_key(tmp_path):
    """A chain rewritten with the public formula and a marker of its own making is still refused."""
    path = tmp_path / "counter.sqlite3"
    _version_6_database(path)
    with Store.open(path) as store:
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    seq, at, actor, counter, action, detail, prev = conn.execute(
        "SELECT seq, at, actor, counter_id, action, detail, prev_hash FROM audit_log WHERE seq = 4").fetchone()
    conn.execute("UPDATE audit_log SET hash = ? WHERE seq = 4", (row_hash(seq, at, actor, counter, action, detail, prev),))
    conn.close()
    with Store.open(path) as store:
        result = verify(store.db)
        assert (result.ok, result.first_bad_seq, result.problem) == (False, 4, "changed")
