"""``db rekey``: a new data key, every row re-sealed under it, the old key gone, all data readable."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from counter_app.cli import main
from counter_app.services.approvals import ApprovalService
from counter_app.services.issuance import IssuanceService
from counter_app.services.rekey import RekeyService
from counter_app.store import sealing
from counter_app.store.database import open_store
from counter_app.store.datakeys import DataKey, KeyDirectory
from tests.security.conftest import PASSWORD, PHOTO, issue_card


def _key_ids(store) -> set[bytes]:
    ids = set()
    for table, column in (("issuances", "personal_data"), ("issuances", "photo"), ("approvals", "reason")):
        for (blob,) in store.db.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
            ids.add(sealing.key_id_of(blob))
    return ids


def test_rekey_keeps_all_data_readable(store, paths, applicants, auth, people, operator):
    ids = [issue_card(store, a, f"B0000{n:03d}") for n, a in enumerate(applicants)]
    request = ApprovalService(store).request_approval(auth.login("clerk", PASSWORD), "reprint", ids[0], "smudged")
    old = sealing.active_keys().active.key_id

    report = RekeyService(store).rekey(operator)

    new = sealing.active_keys().active.key_id
    assert new != old and report.new_key_id == new.hex() and report.retired_key_ids == (old.hex(),)
    assert report.resealed == 2 * len(applicants) + 1
    assert _key_ids(store) == {new}
    issuances = IssuanceService(store)
    for issuance_id, applicant in zip(ids, applicants, strict=True):
        assert issuances.get(issuance_id).applicant == applicant
        assert issuances.photo(issuance_id) == PHOTO
    assert ApprovalService(store)._get(request.id).reason == "smudged"
    # The key file now holds only the new key, and a fresh process opens everything with it.
    doc = json.loads((paths.keys_dir / "data-keys.json").read_text())
    assert list(doc["keys"]) == [new.hex()]
    reloaded = KeyDirectory(paths.keys_dir).load(create=False)
    assert [k.key_id for k in reloaded.known] == [new]


def test_the_person_index_does_not_change(store, applicants, operator):
    issuance_id = issue_card(store, applicants[0], "B0000100")
    before = store.db.execute("SELECT person_index FROM issuances WHERE id = ?", (issuance_id,)).fetchone()
    RekeyService(store).rekey(operator)
    after = store.db.execute("SELECT person_index FROM issuances WHERE id = ?", (issuance_id,)).fetchone()
    assert before == after  # district-wide: the ledger must keep matching the person


def test_a_rotation_interrupted_before_the_key_file_was_finished_leaves_everything_readable(
        store, paths, applicants, operator):
    issuance_id = issue_card(store, applicants[0], "B0000200")
    directory = KeyDirectory(paths.keys_dir)
    directory.add_key(DataKey.generate())  # step 1 done, the crash came before the re-seal
    with open_store(paths) as reopened:
        assert IssuanceService(reopened).get(issuance_id).applicant == applicants[0]
        RekeyService(reopened).rekey(operator)  # running it again finishes the job
        assert IssuanceService(reopened).get(issuance_id).applicant == applicants[0]


def test_the_command_line_rotates_the_key(store, paths, applicants, people, monkeypatch, capsys):
    issuance_id = issue_card(store, applicants[1], "B0000300")
    old = sealing.active_keys().active.key_id.hex()
    assert main(["db", "rekey", "--json"]) == 1  # no login: refused, nothing rotated
    assert sealing.active_keys().active.key_id.hex() == old
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["db", "rekey", "--json", "--user", people["supervisor"], "--password-stdin"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["retired_key_ids"] == [old] and out["resealed"] == 2
    assert IssuanceService(store).get(issuance_id).applicant == applicants[1]


def test_exception_review_reasons_follow_the_new_key(store, operator):
    """An append-only table's sealed reasons are re-sealed too: forgetting them left them unreadable
    once the old key was gone."""
    place = sealing.review_sealed_at("spoiled_card", "issuance-9")
    with store.transaction() as db:
        db.execute("INSERT INTO exception_reviews (kind, subject_id, done_by, decision, reason, decided_by, "
                   "decided_by_name, decided_at) VALUES ('spoiled_card', 'issuance-9', 'clerk', 'approved', ?, "
                   "'supervisor', 'supervisor', '2025-03-07T08:00:00.000000Z')",
                   (sealing.seal(b"torn ribbon", place),))
    new = RekeyService(store).rekey(operator).new_key_id
    (blob,) = store.db.execute("SELECT reason FROM exception_reviews WHERE subject_id = 'issuance-9'").fetchone()
    assert sealing.key_id_of(blob).hex() == new  # this process still knows the old key; a new one would not
    assert sealing.unseal(blob, place) == b"torn ribbon"
    with pytest.raises(sqlite3.IntegrityError):  # still decided once
        store.db.execute("UPDATE exception_reviews SET decision = 'rejected'")
