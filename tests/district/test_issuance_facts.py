"""The ledger keeps the district's facts of an issuance from its transitions as they are derived: application,
township, start and hand-over times, reprints, duration; the card carries its application and township."""

from __future__ import annotations

import datetime as dt

from tests.district.conftest import local

DAY = dt.date(2026, 3, 5)
CARD = "L00000011"  # a valid card number (check digit)


def _facts(storage, issuance_id):
    with storage.transaction() as tx:
        return tx.one("SELECT state, application, township_code, started_at, issued_at, reprints, duration_seconds"
                      " FROM issuances WHERE issuance_id = ?", (issuance_id,))


def test_an_issued_card_has_its_start_hand_over_reprints_and_duration(district, storage):
    district.hall("H1", "一厅")
    district.counter("C1", "H1")
    iid = district.issue("C1", local(DAY, 9, 0), minutes=7.5, application="upgrade", reprints=2,
                         township="421303001")
    f = _facts(storage, iid)
    assert f["state"] == "issued"
    assert f["application"] == "upgrade"
    assert f["township_code"] == "421303001"
    assert f["started_at"] == "2026-03-05T01:00:00.000000Z"  # 09:00 Beijing
    assert f["issued_at"] == "2026-03-05T01:07:30.000000Z"
    assert f["reprints"] == 2
    assert f["duration_seconds"] == 450.0


def test_the_two_way_application_type_is_the_fallback_and_a_bad_township_is_not_kept(district, storage):
    district.counter("C1", None)
    iid = "0b8e1f40-0000-4000-8000-000000000001"
    start = local(DAY, 10)
    district.events("C1", iid, [("start", "draft", start)], application_type="replacement", township="东城")
    f = _facts(storage, iid)
    assert (f["application"], f["township_code"], f["issued_at"], f["duration_seconds"]) == (
        "replacement", None, None, None)
    district.events("C1", iid, [("cancel", "cancelled", start + dt.timedelta(minutes=1))], township="4213")
    f = _facts(storage, iid)
    assert (f["state"], f["township_code"], f["started_at"]) == ("cancelled", None, "2026-03-05T02:00:00.000000Z")


def test_the_card_carries_the_application_and_the_township(district, storage):
    district.counter("C1", None)
    with storage.transaction(write=True) as tx:  # the number allocated to C1, as a block would
        tx.execute("INSERT INTO card_blocks (block_id, counter_id, request_id, first_value, count, allocated_at)"
                   " VALUES ('B1', 'C1', 'r1', 1, 10, 'x')")
        tx.execute("INSERT INTO card_numbers (card_number, counter_id, block_id, status, allocated_at)"
                   " VALUES (?, 'C1', 'B1', 'allocated', 'x')", (CARD,))
    district.issue("C1", local(DAY, 11), application="new", township="421303002", card_number=CARD)
    with storage.transaction() as tx:
        card = tx.one("SELECT status, application, township_code FROM cards WHERE card_number = ?", (CARD,))
    assert card == {"status": "active", "application": "new", "township_code": "421303002"}
