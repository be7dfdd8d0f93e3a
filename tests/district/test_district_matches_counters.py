"""Issue 21's acceptance: the district sees what its counters report.

Two halls, three counters synced through the real ledger server (tests/sync's fixtures: uvicorn on loopback,
SQLite and PostgreSQL): C001 and C002 in hall H1, C003 in hall H2, each with seeded issuances over the last
three days, the demo district's population table imported and the year's targets set. C003 then falls silent
for 20 minutes. The API (``/v1/district/...`` with an admin's bearer token, and the counters' own
``/v1/counters/hall-summary``) and the console's pages must show, day by day, the sums of what each counter's
own daily report (``ReportService.compute_daily`` in Beijing time) shows; the silent counter red; the target
progress; the coverage per township from the imported table (the counters named each card's township from the
address with the list the heartbeat brought).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from zoneinfo import ZoneInfo

import httpx
import pytest

from counter_app.services.auth import Session
from counter_app.services.reports import ReportService
from tests.sync.conftest import REPO, ledger, ledger_cli, make_counter  # noqa: F401 - the fixtures

BEIJING = ZoneInfo("Asia/Shanghai")
POPULATION = REPO / "resources" / "demo" / "population.csv"
SEEDED = {"C001": 30, "C002": 18, "C003": 12}
HALLS = {"C001": "H1", "C002": "H1", "C003": "H2"}


def _cli(server, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    if stdin is None:
        r = ledger_cli(server.db, *args)
    else:
        r = subprocess.run([sys.executable, "-m", "central_ledger", *args, "--db", str(server.db)],
                           input=stdin, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert r.returncode == 0, r.stderr
    return r


def _write(server, sql: str, params: tuple) -> None:
    """A change straight in the ledger's database (what a silent counter's 20 minutes would have done)."""
    if server.backend == "postgresql":
        import psycopg

        with psycopg.connect(str(server.db)) as conn:
            conn.execute(sql.replace("?", "%s"), params)
        return
    import sqlite3

    with sqlite3.connect(server.db, timeout=30) as conn:
        conn.execute(sql, params)


@pytest.fixture
def district(ledger, make_counter):  # noqa: F811 - the imported fixtures
    _cli(ledger, "halls", "add", "--id", "H1", "--name", "曾都区政务服务中心")
    _cli(ledger, "halls", "add", "--id", "H2", "--name", "南郊便民服务大厅")
    _cli(ledger, "population", "import", str(POPULATION))
    year = dt.datetime.now(BEIJING).year
    _cli(ledger, "targets", "set", "--year", str(year), "--new-ssc3", "70000", "--all", "120000",
         "--coverage", "99.5")
    counters = {}
    for counter_id, hall in HALLS.items():
        c = make_counter(counter_id)
        _cli(ledger, "counters", "set-hall", "--id", counter_id, "--hall", hall)
        c.sync_service().sync_once()  # the first heartbeat brings the townships
        counters[counter_id] = c
    for counter_id, c in counters.items():
        c.seed(SEEDED[counter_id], days=3)
        for _ in range(20):
            c.sync_service().sync_once()
            if c.pending() == 0:
                break
        assert c.pending() == 0
    # C003 falls silent: its last contact (and heartbeat) 20 minutes ago.
    twenty = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    _write(ledger, "UPDATE counters SET last_contact_at = ? WHERE counter_id = ?", (twenty, "C003"))
    _write(ledger, "UPDATE heartbeats SET received_at = ? WHERE counter_id = ?", (twenty, "C003"))
    _cli(ledger, "staff", "add", "--username", "admin1", "--role", "district_admin", "--password-stdin",
         stdin="Correct-Horse-9\n")
    token = json.loads(_cli(ledger, "staff", "token", "--username", "admin1", "--json").stdout)["token"]
    http = httpx.Client(base_url=ledger.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    yield counters, http
    http.close()


def _days() -> list[dt.date]:
    today = dt.datetime.now(BEIJING).date()
    return [today - dt.timedelta(days=n) for n in range(4)]


def _own_report(counter, day: dt.date):
    return ReportService(counter.store, counter.settings, tz=BEIJING).compute_daily(day)


def test_the_day_summary_is_the_sum_of_the_counters_own_reports(district):
    counters, http = district
    seen = 0
    for day in _days():
        summary = http.get("/v1/district/summary", params={"date": day.isoformat()}).json()
        by_counter = {c["counter_id"]: c for c in summary["by_counter"]}
        totals = {"created": 0, "cards_issued": 0, "spoiled": 0, "reprints": 0}
        for counter_id, c in counters.items():
            own = _own_report(c, day)
            row = by_counter.get(counter_id, {"created": 0, "cards_issued": 0, "spoiled": 0, "reprints": 0})
            assert (row["created"], row["cards_issued"], row["spoiled"], row["reprints"]) == \
                (own.created, own.issued, own.spoiled, own.reprints), (day, counter_id)
            totals["created"] += own.created
            totals["cards_issued"] += own.issued
            totals["spoiled"] += own.spoiled
            totals["reprints"] += own.reprints
        assert {k: summary[k] for k in totals} == totals, day
        assert summary["third_generation"] == totals["cards_issued"]  # the seed issues new cards only
        seen += totals["created"]
        # a hall's summary is its counters' sum, for the admin and for the counter itself
        hall1 = http.get("/v1/district/summary", params={"date": day.isoformat(), "hall": "H1"}).json()
        assert hall1["cards_issued"] == sum(_own_report(counters[c], day).issued for c in ("C001", "C002"))
        assert {c["counter_id"] for c in hall1["by_counter"]} <= {"C001", "C002"}
        counters_view = counters["C002"].sync_service().hall_summary(Session.local_operator(), day)
        assert counters_view["cards_issued"] == hall1["cards_issued"] and counters_view["hall"] == "H1"
    assert seen == sum(SEEDED.values())


def test_the_silent_counter_is_red_and_the_others_are_not(district):
    _, http = district
    board = {c["counter_id"]: c for c in http.get("/v1/district/counters").json()["counters"]}
    assert board["C003"]["light"] == "red"
    assert "silent" in [r["code"] for r in board["C003"]["reasons"]]
    assert board["C003"]["minutes_since_sync"] >= 19
    for counter_id in ("C001", "C002"):
        assert board[counter_id]["light"] != "red", board[counter_id]["reasons"]
        assert board[counter_id]["heartbeat_at"] is not None
        assert board[counter_id]["stock"].keys() == {"received", "used", "spoiled", "on_hand"}


def test_the_targets_count_the_year_so_far(district):
    counters, http = district
    today = dt.datetime.now(BEIJING).date()
    summary = http.get("/v1/district/summary", params={"date": today.isoformat()}).json()
    start = dt.date(today.year, 1, 1)
    issued = sum(_own_report(c, d).issued for c in counters.values() for d in _days() if d >= start)
    line = summary["targets"]["third_generation"]
    assert (line["target"], line["actual"]) == (70000, issued)
    days_in_year = (dt.date(today.year + 1, 1, 1) - start).days
    assert line["projected"] == round(issued / ((today - start).days + 1) * days_in_year)
    assert summary["targets"]["all"]["target"] == 120000
    year = http.get("/v1/district/year", params={"year": today.year}).json()
    assert year["all"]["actual"] == issued


def test_the_coverage_comes_from_the_imported_population(district):
    counters, http = district
    coverage = http.get("/v1/district/coverage").json()
    rows = {r["township_name"]: r for r in coverage["rows"]}
    assert rows["南郊街道"]["residents"] == 86500 and len(rows) == 8
    issued = sum(_own_report(c, d).issued for c in counters.values() for d in _days())
    third = sum(r["third_generation_holders"] for r in coverage["rows"]) + \
        coverage["unknown"]["third_generation_holders"]
    assert third == issued
    assert sum(1 for r in coverage["rows"] if r["third_generation_holders"]) >= 4  # named from the addresses
    total = coverage["total"]
    assert total["residents"] == sum(r["residents"] for r in coverage["rows"])
    assert coverage["target_percent"] == 99.5


def test_the_console_pages_show_the_same_figures(district):
    counters, http = district
    today = dt.datetime.now(BEIJING).date()
    summary = http.get("/v1/district/summary", params={"date": today.isoformat()}).json()
    page = http.get("/console/today", params={"date": today.isoformat()})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for row in summary["by_counter"]:
        assert row["counter_id"] in page.text
    assert f">{summary['cards_issued']}<" in page.text.replace(" ", "")
    board = http.get("/console/counters")
    assert board.status_code == 200
    at = board.text.index(">C003<")
    row = board.text[board.text.rindex("<tr", 0, at):board.text.index("</tr>", at)]
    assert "light red" in row and "20 分钟未同步" in row
