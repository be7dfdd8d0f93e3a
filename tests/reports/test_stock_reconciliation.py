"""Blank card stock: what the records expect on hand, a physical count against it, the low-stock
warning, and the day close that records the count and any difference, signed and sent on."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.services.dayclose import DayCloseProblem, DayCloseService
from counter_app.services.stock import StockProblem, StockService
from counter_app.settings import Settings
from counter_app.store.audit import verify

from .history import DAY, TZ, write_history


def _receive(store, boss, count=50):
    return StockService(store).receive(boss, count, "421303D156000005000000000000A000",
                                       "421303D156000005000000000000A031", "DN-2025-031")


def test_cards_used_and_spoiled_come_from_the_issuances(fresh_store, clock, boss):
    write_history(fresh_store, clock)
    _receive(fresh_store, boss)
    status = StockService(fresh_store).status(boss)
    # A card leaves the stock at start_encoding: 15 issued + 1 spoiled + 1 cancelled after encoding
    # (spoiled: not in anybody's hand); the unfinished and the early cancel never took one.
    assert (status.received, status.used, status.spoiled, status.expected_on_hand) == (50, 15, 2, 33)


def test_a_count_that_matches_is_balanced(fresh_store, clock, boss):
    write_history(fresh_store, clock)
    _receive(fresh_store, boss)
    count = StockService(fresh_store).count(boss, 33)
    assert count.balanced and count.difference == 0


def test_a_planted_difference_is_flagged_and_recorded(fresh_store, clock, boss):
    write_history(fresh_store, clock)
    _receive(fresh_store, boss)
    count = StockService(fresh_store).count(boss, 31)  # two cards went missing from the drawer
    assert not count.balanced and (count.expected, count.difference) == (33, -2)
    assert StockService(fresh_store).status(boss).last_count == count
    (detail,) = fresh_store.db.execute("SELECT detail FROM audit_log WHERE action = 'stock.counted'").fetchone()
    assert '"difference":-2' in detail


def test_low_stock_is_below_the_threshold_setting(fresh_store, clock, boss):
    write_history(fresh_store, clock)
    _receive(fresh_store, boss)
    settings = Settings(None, {"stock.low_threshold": 40})
    assert StockService(fresh_store, settings).status(boss).low
    settings.set("stock.low_threshold", 10)
    assert not StockService(fresh_store, settings).status(boss).low


def test_a_chip_range_must_run_upwards(fresh_store, boss):
    with pytest.raises(StockProblem):
        StockService(fresh_store).receive(boss, 10, "421303D156000005000000000000A031",
                                          "421303D156000005000000000000A000")


def test_the_day_close_records_totals_and_the_difference_signed_and_queued(fresh_store, clock, boss):
    write_history(fresh_store, clock)
    _receive(fresh_store, boss)
    clock.now = dt.datetime(2025, 3, 10, 18, 0, tzinfo=TZ)
    service = DayCloseService(fresh_store, tz=TZ, clock=clock)
    closed = service.close(boss, 32, DAY)
    assert closed.totals["issued"] == 11 and closed.totals["spoiled"] == 1
    assert (closed.counted, closed.expected, closed.difference) == (32, 33, -1)
    audit = fresh_store.db.execute("SELECT seq, hash, action FROM audit_log WHERE seq = ?",
                                   (closed.audit_seq,)).fetchone()
    assert audit == (closed.audit_seq, closed.audit_hash, "day.closed")
    (kind, payload) = fresh_store.db.execute("SELECT type, payload FROM outbox WHERE seq = ?",
                                             (closed.outbox_seq,)).fetchone()
    assert kind == "counter.day_closed" and closed.audit_hash in payload
    assert verify(fresh_store.db).ok
    with pytest.raises(DayCloseProblem):
        service.close(boss, 32, DAY)
