"""``db rekey`` re-seals the online applications the counter keeps (``online_applications``) and the postal
batches' items (``postal_batch_items``, a place of two keys): once the old key is retired, both still open."""

from __future__ import annotations

import datetime as dt

from counter_app.domain.online_application import OnlineApplication
from counter_app.services.rekey import RekeyService
from counter_app.store import online_applications as kept
from counter_app.store import sealing
from counter_app.store.datakeys import KeyDirectory
from counter_app.store.postal_batches import PostalBatchRepository
from tests.online_counter.samples import app_id, application_json

NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)
HALL = application_json(app_id=app_id("0000000001"), qr_token="tok" + "h" * 24)
POSTED = application_json(app_id=app_id("0000000002"), qr_token="tok" + "p" * 24, collection="post",
                          hall_id=None, collect_day=None, postal_address="湖北省随州市曾都区解放路9号")


def _blobs(store) -> list[bytes]:
    return [row[0] for table in ("online_applications", "postal_batch_items")
            for row in store.db.execute(f"SELECT application FROM {table}").fetchall()]


def test_kept_online_applications_and_postal_items_follow_the_new_key(store, paths, operator):
    with store.transaction() as db:
        kept.keep(db, OnlineApplication.from_json(HALL), NOW)
        batches = PostalBatchRepository(db)
        batches.add_batch("PB-1", counter_id="C-TEST-01", at=NOW, by="clerk", requested=2)
        batches.add_batch("PB-2", counter_id="C-TEST-01", at=NOW, by="clerk", requested=1)
        batches.add_item("PB-1", POSTED["app_id"], 1, POSTED, at=NOW, state="carried")
        batches.add_item("PB-2", POSTED["app_id"], 1, POSTED, at=NOW)  # the same application, a later batch
    old = sealing.active_keys().active.key_id

    report = RekeyService(store).rekey(operator)

    new = sealing.active_keys().active.key_id
    assert report.retired_key_ids == (old.hex(),) and report.resealed == 3
    assert {sealing.key_id_of(b) for b in _blobs(store)} == {new}
    # As a fresh process sees them: only the new key is known.
    sealing.configure(KeyDirectory(paths.keys_dir).load(create=False))
    assert [k.key_id for k in sealing.active_keys().known] == [new]
    found = kept.get(store.db, HALL["app_id"])
    assert found is not None and found.application.to_json() == OnlineApplication.from_json(HALL).to_json()
    batches = PostalBatchRepository(store.db)
    assert batches.application("PB-1", POSTED["app_id"]) == POSTED
    assert batches.application("PB-2", POSTED["app_id"]) == POSTED
    assert RekeyService(store).rekey(operator).resealed == 3  # again: every blob moves to the next key
