"""The year against the targets: issued cards per Beijing day (read by UTC hour), cumulative through as_of, the
straight target line, the projection at the run rate, monthly; the targets from the targets table."""

from __future__ import annotations

import datetime as dt

from central_ledger.district import DistrictFigures
from central_ledger.population import set_targets
from tests.district.conftest import BEIJING, local

AS_OF = dt.date(2026, 1, 10)


def _seed(district):
    district.hall("H1", "城区大厅")
    district.counter("C1", "H1")
    for i in range(10):  # two cards a day for the ten days: one new, one replacement
        day = dt.date(2026, 1, 1) + dt.timedelta(days=i)
        district.issue("C1", local(day, 0, 30), application="new")  # 16:30 UTC of the day before
        district.issue("C1", local(day, 15), application="replacement")
    district.issue("C1", local(dt.date(2025, 12, 31), 23, 30))  # last year, by Beijing time
    district.issue("C1", local(dt.date(2026, 1, 11), 9))        # after as_of
    district.stop("C1", local(dt.date(2026, 1, 5), 9), "spoiled")  # not issued: not counted


def test_cumulative_line_projection_and_months(district, storage):
    _seed(district)
    set_targets(storage, 2026, new_ssc3=730, all_cards=1000, coverage_percent=99.0)
    year = DistrictFigures(storage, BEIJING, lambda: local(AS_OF, 12)).year(2026, AS_OF)
    assert (year.days_elapsed, year.days_in_year) == (10, 365)
    all_, new = year.all, year.third_generation
    assert (all_.target, all_.actual, all_.run_rate_per_day, all_.projected) == (1000, 20, 2.0, 730)
    assert (all_.on_track, all_.percent, all_.reach_date) == (False, 2.0, dt.date(2026, 1, 1) + dt.timedelta(499))
    assert (new.target, new.actual, new.projected, new.on_track) == (730, 10, 365, False)
    assert year.coverage_percent_target == 99.0
    assert year.monthly[0] == {"month": 1, "cards": 20, "third_generation": 10}
    assert sum(m["cards"] for m in year.monthly[1:]) == 0
    days = year.days
    assert len(days) == 365
    assert (days[0].cards, days[0].cumulative_cards) == (2, 2)
    assert days[9].cumulative_cards == 20 and days[10].cumulative_cards is None
    assert days[8].projected_cards is None and days[9].projected_cards == 20.0
    assert days[-1].projected_cards == 730.0 and days[-1].target_cards == 1000.0
    assert days[-1].projected_third_generation == 365.0
    out = year.as_dict()
    assert out["days"][0]["date"] == "2026-01-01" and out["all"]["reach_date"] == "2027-05-15"


def test_a_past_year_runs_to_its_end_and_a_hall_without_targets_has_none(district, storage):
    _seed(district)
    figures = DistrictFigures(storage, BEIJING, lambda: local(dt.date(2027, 2, 1), 12))
    year = figures.year(2026, hall="H1")
    assert year.as_of == dt.date(2026, 12, 31)
    assert year.all.actual == 21 and year.all.target is None and year.all.on_track is None
    assert year.days[0].target_cards is None
    last = figures.year(2025, hall="H1")
    assert last.all.actual == 1
