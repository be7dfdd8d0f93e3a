"""Migration 3 encrypts what earlier versions stored in clear, and replaces the unkeyed index."""

from __future__ import annotations

import json

from counter_app.services.issuance import IssuanceService
from counter_app.store import sealing
from counter_app.store.database import Store, connect
from counter_app.store.migrations import migrate
from counter_app.store.schema import MIGRATIONS
from tests.security.conftest import PHOTO


def _version_2_database_with_clear_rows(path, applicant):
    db = connect(path)
    migrate(db, migrations=MIGRATIONS[:2])
    personal = json.dumps(applicant.to_dict(), ensure_ascii=False, sort_keys=True).encode()
    old_index = sealing.legacy_person_index(applicant.document_number)
    at = "2025-03-07T08:00:00.000000Z"
    db.conn.execute(
        "INSERT INTO issuances (id, state, application_type, created_at, updated_at, personal_data, person_index, photo) "
        "VALUES ('old-1', 'photo_ok', 'new', ?, ?, ?, ?, ?)", (at, at, personal, old_index, PHOTO))
    db.conn.execute(
        "INSERT INTO outbox (event_uuid, type, at, issuance_id, payload) VALUES ('e1', 'issuance.transition', ?, "
        "'old-1', ?)", (at, json.dumps({"person_index": old_index, "to_state": "draft"})))
    db.close()
    return old_index


def test_clear_rows_are_sealed_and_reindexed(tmp_path, applicants):
    path = tmp_path / "counter.sqlite3"
    old_index = _version_2_database_with_clear_rows(path, applicants[0])
    with Store.open(path) as store:
        personal, photo, index = store.db.execute(
            "SELECT personal_data, photo, person_index FROM issuances WHERE id = 'old-1'").fetchone()
        assert sealing.key_id_of(personal) == sealing.active_keys().active.key_id
        assert sealing.key_id_of(photo) is not None
        assert index == sealing.person_index(applicants[0].document_number) != old_index
        (payload,) = store.db.execute("SELECT payload FROM outbox WHERE event_uuid = 'e1'").fetchone()
        assert json.loads(payload)["person_index"] == index
        assert IssuanceService(store).get("old-1").applicant == applicants[0]
        assert IssuanceService(store).photo("old-1") == PHOTO
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    assert applicants[0].document_number.encode() not in data
    assert applicants[0].name.encode() not in data


def test_the_command_line_migration_finds_the_keys_beside_the_database(data_dir, applicants):
    from counter_app.cli import main
    from counter_app.paths import AppPaths

    paths = AppPaths.resolve(data_dir).ensure()
    _version_2_database_with_clear_rows(paths.database, applicants[0])
    assert main(["db", "migrate"]) == 0
    with Store.open(paths.database) as store:
        assert IssuanceService(store).get("old-1").applicant == applicants[0]
