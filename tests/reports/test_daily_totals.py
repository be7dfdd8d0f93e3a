"""The day's report counts what the history holds: by state, clerk, type and reason, spoiled cards,
reprints, times per step; the year view sums the days and projects the targets."""

from __future__ import annotations

import datetime as dt

from counter_app.services.reports import ReportService, target_progress

from .history import DAY, PREVIOUS, STEP, TZ, write_history


def _report(store, clock, day=DAY, to=None, boss=None):
    from .conftest import supervisor

    clock.now = dt.datetime(2025, 3, 10, 18, 0, tzinfo=TZ)
    return ReportService(store, tz=TZ, clock=clock).daily(boss or supervisor("boss"), day, to)


def test_the_day_counts_each_issuance_created_that_day(fresh_store, clock):
    write_history(fresh_store, clock)
    report = _report(fresh_store, clock)
    # 9 by clerk-a and 6 by clerk-b on the day; 4 the day before are not in it.
    assert report.created == 15
    assert report.by_state == {"issued": 11, "spoiled": 1, "cancelled": 2, "photo_ok": 1}
    assert report.issued == 11 and report.spoiled == 1 and report.reprints == 1
    assert report.by_type == {"new": 9, "replacement": 2, "upgrade": 3, "renewal": 1}
    assert report.by_reason == {"11": 2}


def test_by_clerk_counts_who_started_issued_and_spoiled(fresh_store, clock):
    write_history(fresh_store, clock)
    report = _report(fresh_store, clock)
    assert report.by_clerk == {"clerk-a": {"started": 9, "issued": 8, "spoiled": 1},
                               "clerk-b": {"started": 6, "issued": 3, "spoiled": 0}}


def test_spoiled_cards_carry_their_reason_card_number_and_a_masked_id_number(fresh_store, clock):
    ids = write_history(fresh_store, clock)
    [card] = _report(fresh_store, clock).spoiled_cards
    assert card.issuance_ref == ids["spoiled"][0][:8]
    assert card.reason == "chip dead" and card.clerk == "clerk-a" and card.card_number.startswith("T")
    assert "*" * 10 in card.id_number_masked and len(card.id_number_masked) == 18



def test_a_spoiled_card_whose_personal_data_cannot_be_read_is_reported_without_an_id_number(fresh_store, clock):
    # Purged by retention, or a blob that no longer opens (e.g. moved to another row): the report
    # still stands, the masked number is left empty.
    ids = write_history(fresh_store, clock)
    with fresh_store.transaction() as db:
        db.execute("UPDATE issuances SET personal_data = x'00' WHERE id = ?", (ids["spoiled"][0],))
    [card] = _report(fresh_store, clock).spoiled_cards
    assert card.issuance_ref == ids["spoiled"][0][:8] and card.reason == "chip dead"
    assert card.id_number_masked == ""

def test_times_per_step_and_per_issuance(fresh_store, clock):
    write_history(fresh_store, clock)
    report = _report(fresh_store, clock)
    assert report.per_step["finish_encoding"].mean_seconds == STEP.total_seconds()
    assert report.per_step["hand_over"].count == 11
    # 7 steps after the start for a plain issuance, 9 for the reprinted one.
    assert report.per_issuance.count == 11
    assert report.per_issuance.p90_seconds == 7 * STEP.total_seconds()
    assert report.per_issuance.mean_seconds == round((10 * 7 + 9) * STEP.total_seconds() / 11, 1)


def test_pending_sync_is_what_the_outbox_still_holds(fresh_store, clock):
    write_history(fresh_store, clock)
    (pending,) = fresh_store.db.execute("SELECT count(*) FROM outbox WHERE acknowledged_at IS NULL").fetchone()
    report = _report(fresh_store, clock)
    assert report.pending_sync == pending > 0
    # The first event queued is the day's first start, 09:00; the report is read at 18:00.
    assert report.oldest_pending_seconds == 9 * 3600.0


def test_a_range_has_a_daily_series(fresh_store, clock):
    write_history(fresh_store, clock)
    report = _report(fresh_store, clock, PREVIOUS, DAY)
    assert report.created == 19 and report.issued == 15
    assert [(s.day, s.created, s.issued, s.spoiled) for s in report.series] == [
        (PREVIOUS, 4, 4, 0), (DAY, 15, 11, 1)]


def test_the_year_view_counts_issued_cards_and_new_third_generation_ones(fresh_store, clock):
    from .conftest import supervisor

    write_history(fresh_store, clock)
    clock.now = dt.datetime(2025, 3, 10, 18, 0, tzinfo=TZ)
    view = ReportService(fresh_store, tz=TZ, clock=clock).year(supervisor("boss"), 2025)
    # issued: 11 on the day + 4 the day before; new and upgrade: 5 + 1 (reprinted) + 3 + 4.
    assert (view.all_cards, view.new_ssc3) == (15, 13)
    assert view.as_of == DAY and view.days_elapsed == 69
    assert view.monthly[2] == {"month": 3, "cards": 15, "new_ssc3": 13}
    assert view.cards_progress.target == 120000 and view.new_ssc3_progress.target == 70000


def test_run_rate_and_the_day_a_target_is_reached():
    # 100 cards a day for the first 100 days: 10,000; 120,000 is reached on day 1,200 → never this year.
    slow = target_progress("targets.cards_per_year", 120000, 10000, 2025, dt.date(2025, 4, 10))
    assert slow.run_rate_per_day == 100.0 and slow.projected_year_end == 36500 and not slow.on_track
    # 400 a day: 40,000 by day 100; 120,000 on day 300 = 27 October.
    fast = target_progress("targets.cards_per_year", 120000, 40000, 2025, dt.date(2025, 4, 10))
    assert fast.reach_date == dt.date(2025, 10, 27) and fast.on_track
    assert target_progress("t", 100, 0, 2025, dt.date(2025, 4, 10)).reach_date is None
