"""Retention of online applications: the kept copy goes with the personal data of the issuance that made its
card, or, never taken, once its collection day is past the retention period; a posted postal item keeps only
the non-personal remainder of its application once its issuances are purged. Nothing else is touched."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from counter_app.domain.online_application import OnlineApplication
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.retention import RetentionService
from counter_app.store import online_applications as kept
from counter_app.store.audit import AuditLog
from counter_app.store.postal_batches import PostalBatchRepository
from tests.online_counter.samples import app_id, application_json
from tests.security.conftest import acknowledge_all, issue_card

OPERATOR = Session.local_operator()
DAY0 = dt.date(2025, 3, 7)  # the fake clock's first day


def _hall(digits: str, day: dt.date = DAY0) -> OnlineApplication:
    return OnlineApplication.from_json(application_json(app_id=app_id(digits), qr_token=f"tok{digits}" + "h" * 16,
                                                        day=day))


def _postal(digits: str) -> dict:
    return application_json(app_id=app_id(digits), qr_token=f"tok{digits}" + "p" * 16, collection="post",
                            hall_id=None, collect_day=None, postal_address="湖北省随州市曾都区解放路9号")


@pytest.fixture
def scene(store, applicants, clock):
    """Hall: ``taken`` (its card issued), ``open`` (an unfinished issuance), ``missed`` (never taken, day 0),
    ``later`` (never taken, due in 40 days). Post: ``posted`` (a carried item, then the posted one), all
    acknowledged on day 0; then ``unacked`` posted whose issuance's events the ledger has not acknowledged."""
    now = clock()
    taken_issuance = issue_card(store, applicants[0], "D0000001")
    open_issuance = IntakeService(store).open_application(OPERATOR, applicants[0])
    posted_issuance = issue_card(store, applicants[1], "D0000002")
    names = {"taken": _hall("0000000001"), "open": _hall("0000000002"), "missed": _hall("0000000003"),
             "later": _hall("0000000004", DAY0 + dt.timedelta(days=40))}
    posted, unacked = _postal("0000000005"), _postal("0000000006")
    with store.transaction() as db:
        for app in names.values():
            kept.keep(db, app, now)
        kept.link(db, taken_issuance, names["taken"].app_id, now)
        kept.link(db, open_issuance, names["open"].app_id, now)
        batches = PostalBatchRepository(db)
        for batch_id in ("PB-1", "PB-2", "PB-3"):
            batches.add_batch(batch_id, counter_id="C-TEST-01", at=now, by="clerk", requested=1)
        batches.add_item("PB-1", posted["app_id"], 1, posted, at=now, state="carried")
        batches.add_item("PB-2", posted["app_id"], 1, posted, at=now, state="posted", issuance_id=posted_issuance)
    acknowledge_all(store, now)
    unacked_issuance = issue_card(store, applicants[1], "D0000003")
    with store.transaction() as db:
        PostalBatchRepository(db).add_item("PB-3", unacked["app_id"], 1, unacked, at=now, state="posted",
                                           issuance_id=unacked_issuance)
    return {**{k: a.app_id for k, a in names.items()}, "posted": posted, "unacked": unacked}


def _purge(store, clock, at_days=31, days=30):
    clock.advance(days=at_days)
    return RetentionService(store, days=days, clock=clock).purge(Session.local_operator("C-TEST-01", clock=clock))


def _kept_ids(store) -> set[str]:
    return {r[0] for r in store.db.execute("SELECT app_id FROM online_applications").fetchall()}


def test_nothing_of_them_is_purged_before_the_period(store, scene, clock):
    report = _purge(store, clock, at_days=29)
    assert report.online_applications == () and report.postal_items == ()
    assert _kept_ids(store) == {scene[k] for k in ("taken", "open", "missed", "later")}


def test_the_taken_and_the_missed_applications_go_the_others_stay(store, scene, clock):
    report = _purge(store, clock)
    assert set(report.online_applications) == {scene["taken"], scene["missed"]}
    assert _kept_ids(store) == {scene["open"], scene["later"]}
    assert kept.get(store.db, scene["open"]).application.applicant.name == "张三"
    # the links stay (no personal data): the counter still knows which issuance made which application
    assert [link.app_id for link in kept.links_of_app(store.db, scene["taken"])] == [scene["taken"]]


def test_a_posted_application_keeps_only_its_non_personal_remainder(store, scene, clock):
    report = _purge(store, clock)
    posted = scene["posted"]
    assert report.postal_items == (("PB-1", posted["app_id"]), ("PB-2", posted["app_id"]))
    batches = PostalBatchRepository(store.db)
    for batch_id in ("PB-1", "PB-2"):
        stub = batches.application(batch_id, posted["app_id"])
        assert stub == {"app_id": posted["app_id"], "application": "replacement", "reason": "11",
                        "collection": "post", "hall_id": None, "collect_day": None, "status": "approved"}
    assert batches.item("PB-2", posted["app_id"]).state == "posted"  # the batch's history stays
    assert batches.application("PB-3", scene["unacked"]["app_id"]) == scene["unacked"]  # not acknowledged: kept
    # and the stubs are not purged again
    again = _purge(store, clock, at_days=1)
    assert again.online_applications == () and again.postal_items == ()


def test_the_purge_is_audited_with_the_counts_only(store, scene, clock):
    _purge(store, clock)
    entry = [e for e in AuditLog.entries(store.db) if e.action == "data.purged"][0]
    assert (entry.detail["online_applications"], entry.detail["postal_items"]) == (2, 2)
    assert json.dumps(entry.detail).isascii()
