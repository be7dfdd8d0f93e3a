"""A stolen counter PC must not give away the people it served: the raw bytes of the database file
and its WAL hold no ID number, name, phone number, address or photo of the test applicants."""

from __future__ import annotations

import pytest

from counter_app.services.approvals import ApprovalService
from counter_app.services.issuance import IssuanceService
from counter_app.store.sealing import legacy_person_index
from tests.security.conftest import PASSWORD, PHOTO, issue_card


def _needles(applicant) -> dict[str, bytes]:
    return {
        "ID number (ASCII)": applicant.document_number.encode("ascii"),
        "ID number body (ASCII)": applicant.document_number[:17].encode("ascii"),
        "name (UTF-8)": applicant.name.encode("utf-8"),
        "name (GBK)": applicant.name.encode("gbk"),
        "name (UTF-16)": applicant.name.encode("utf-16-le"),
        "phone": applicant.phone.encode("ascii"),
        "address (UTF-8)": applicant.address.encode("utf-8"),
        "unkeyed SM3 index": legacy_person_index(applicant.document_number).encode("ascii"),
    }


def _files(paths) -> dict[str, bytes]:
    found = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        f = paths.database.with_name(paths.database.name + suffix)
        if f.exists():
            found[f.name] = f.read_bytes()
    return found


@pytest.mark.parametrize("checkpoint", [False, True], ids=["in-wal", "checkpointed"])
def test_no_clear_personal_data_in_the_file_or_the_wal(store, paths, applicants, auth, people, checkpoint):
    for n, applicant in enumerate(applicants):
        issue_card(store, applicant, f"A0000{n:03d}")
    # A reason may quote a name: it is sealed too.
    clerk = auth.login("clerk", PASSWORD)
    ApprovalService(store).request_approval(clerk, "substitute_name", "x", f"{applicants[0].name} 有生僻字")
    if checkpoint:
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    files = _files(paths)
    assert paths.database.name in files
    if not checkpoint:
        assert files.get(paths.database.name + "-wal"), "the test should see data still in the WAL"
    for applicant in applicants:
        for what, needle in _needles(applicant).items():
            for name, data in files.items():
                assert needle not in data, f"{what} of a test applicant found in {name}"
    for name, data in files.items():
        assert PHOTO[20:60] not in data, f"clear photo bytes found in {name}"


def test_the_data_still_reads_back(store, applicants):
    issuance_id = issue_card(store, applicants[0], "A0000100")
    issuances = IssuanceService(store)
    assert issuances.get(issuance_id).applicant == applicants[0]
    assert issuances.photo(issuance_id) == PHOTO


def test_no_key_is_in_the_database(store, paths, applicants):
    issue_card(store, applicants[0], "A0000200")
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = paths.database.read_bytes()
    from counter_app.store import sealing

    keys = sealing.active_keys()
    for secret in (keys.active.enc, keys.active.mac, keys.index_key):
        assert secret not in data and secret.hex().encode() not in data
