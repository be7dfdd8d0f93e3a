"""The district's figures at the scale of ten years of a district, on PostgreSQL (issue 21).

**The data.** A ledger database made by ``central_ledger``'s own Storage (so its schema and indexes are the
product's), then filled server-side with ``INSERT … SELECT FROM generate_series`` (COPY-speed, no Python loop):
60 counters in 8 halls; 1,224,000 issuances over the ten years 2016–2025 (≈ 330 started a day, from 08:30
Beijing time) of which 1 % spoiled, 1 % cancelled and the rest (1.2 M) issued, ≈ 58 % new, 25 % replacement,
10 % renewal, 7 % upgrade, 0.5 % reprinted, each with the migration-5 facts derive.py keeps (application,
township, started/issued time, reprints, duration); one ``cards`` row per issued card; 12 M ``events`` rows
(ten a card, small payloads, with the table's primary key and unique event id); heartbeats for every counter,
12 townships of population and the year's targets. ANALYZE at the end, as autovacuum would.

**The rows**, each the median of several calls of the product's :class:`central_ledger.district.DistrictFigures`
(what the API and the console call), and its ratio to the issue's target (below 1.0 is within it):

- ``district day summary, PostgreSQL, 10 years`` — a mid-June day of the last year (target 100 ms);
- ``district year view with projection, PostgreSQL, 10 years`` — the last year through 31 December (300 ms);
- the same per hall, and ``district counter board`` (the 60 counters' lights).

A SQLite ledger of one year (120,000 issuances, the same generator) gives the embedded default's figures.
The PostgreSQL cluster is a throwaway one from Debian's binaries (bench_sync's); no row when they are missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.bench_sync import _pg_cluster
from central_ledger.district import DistrictFigures
from central_ledger.storage import Storage

TZ = ZoneInfo("Asia/Shanghai")
FIRST_YEAR, LAST_YEAR = 2016, 2025
COUNTERS, HALLS, TOWNSHIPS = 60, 8, 12
TARGET_DAY_MS, TARGET_YEAR_MS = 100.0, 300.0
EVENTS_PER_ISSUANCE = 10
NOW = "2025-12-31T09:00:00.000000+00:00"


def _ts(expr: str) -> str:
    """SQL turning a PostgreSQL/SQLite timestamp expression into the ledger's ISO text (UTC, microseconds)."""
    return f"to_char({expr}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00'"


def generate(storage: Storage, *, years: int = LAST_YEAR - FIRST_YEAR + 1, per_year: int = 122_400,
             events: bool = True) -> dict[str, int]:
    """Fill an empty ledger (schema already migrated) with ``years`` years ending in LAST_YEAR; returns counts."""
    first = dt.date(LAST_YEAR - years + 1, 1, 1)
    days = (dt.date(LAST_YEAR + 1, 1, 1) - first).days
    n = years * per_year
    pg = storage.dialect == "postgresql"
    with storage.transaction(write=True) as tx:
        tx.executemany("INSERT INTO halls (hall_id, name, township_code, created_at) VALUES (?, ?, ?, ?)",
                       [(f"H{h}", f"第{h + 1}服务大厅", f"42130300{h}", NOW) for h in range(HALLS)])
        tx.executemany("INSERT INTO counters (counter_id, name, status, created_at, last_contact_at, hall_id)"
                       " VALUES (?, ?, 'active', ?, ?, ?)",
                       [(f"C{c:02d}", f"柜台 {c}", NOW, NOW, f"H{c % HALLS}") for c in range(COUNTERS)])
        tx.executemany("INSERT INTO heartbeats (counter_id, received_at, software_version, devices, outbox_backlog,"
                       " oldest_event_age_seconds, stock, payload) VALUES (?, ?, '0.1.0', ?, 0, NULL, ?, '{}')",
                       [(f"C{c:02d}", NOW, '{"camera":"ok","encoder":"ok","id_reader":"ok","printer":"ok",'
                         '"psam":"ok"}', '{"on_hand":180,"received":20000,"spoiled":200,"used":19620}')
                        for c in range(COUNTERS)])
        tx.executemany("INSERT INTO population (township_code, township_name, residents, second_generation_holders,"
                       " imported_at) VALUES (?, ?, ?, ?, ?)",
                       [(f"4213031{t:02d}", f"乡镇{t + 1}", 60_000, 50_000, NOW) for t in range(TOWNSHIPS)])
        tx.executemany("INSERT INTO targets (year, scope, new_ssc3, all_cards, coverage_percent, updated_at)"
                       " VALUES (?, 'district', 70000, 120000, 99.5, ?)",
                       [(y, NOW) for y in range(first.year, LAST_YEAR + 1)])
    series = "generate_series(1, ?) AS g(i)" if pg else \
        "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?) SELECT i FROM s) AS g"
    # Start: the issuance's day (spread evenly), from 00:30 UTC (08:30 in Beijing), ~88 s apart within the day.
    per_day = max(1, n // days)
    if pg:
        start = (f"(timestamp '{first.isoformat()} 00:30:00' + ((g.i - 1) / {per_day}) * interval '1 day'"
                 f" + ((g.i - 1) % {per_day}) * interval '88 seconds')")
        started, issued = _ts(start), _ts(f"({start} + (300 + g.i % 400) * interval '1 second')")
        md5 = "md5"
    else:
        start = (f"datetime('{first.isoformat()} 00:30:00', '+' || ((g.i - 1) / {per_day}) || ' days',"
                 f" '+' || (((g.i - 1) % {per_day}) * 88) || ' seconds')")
        started = f"(replace({start}, ' ', 'T') || '.000000+00:00')"
        issued = (f"(replace(datetime({start}, '+' || (300 + g.i % 400) || ' seconds'), ' ', 'T')"
                  " || '.000000+00:00')")
        md5 = "hex"
    state = "CASE WHEN g.i % 100 = 7 THEN 'spoiled' WHEN g.i % 100 = 13 THEN 'cancelled' ELSE 'issued' END"
    application = ("CASE WHEN g.i % 100 < 58 THEN 'new' WHEN g.i % 100 < 83 THEN 'replacement'"
                   " WHEN g.i % 100 < 93 THEN 'renewal' ELSE 'upgrade' END")
    counter = f"'C' || substr('0' || (g.i % {COUNTERS}), -2)" if not pg else f"'C' || lpad((g.i % {COUNTERS})::text, 2, '0')"
    township = f"'4213031' || substr('0' || (g.i % {TOWNSHIPS}), -2)" if not pg else \
        f"'4213031' || lpad((g.i % {TOWNSHIPS})::text, 2, '0')"
    number = "'L' || substr('000000000' || g.i, -9)" if not pg else "'L' || lpad(g.i::text, 9, '0')"
    person = f"{md5}('p' || g.i) || {md5}('q' || g.i)" if pg else "substr(hex(randomblob(32)), 1, 64)"
    def sql(text: str) -> str:  # psycopg reads a lone % as a placeholder: the modulo operator is %% there
        return text.replace("%", "%%") if pg else text

    with storage.transaction(write=True) as tx:
        tx.execute(sql(
            "INSERT INTO issuances (counter_id, issuance_id, state, card_number, person_index, application_type,"
            " updated_seq, updated_at, application, township_code, started_at, issued_at, reprints,"
            " duration_seconds)"
            f" SELECT {counter}, {md5}('i' || g.i), {state}, {number}, {person},"
            f" CASE WHEN g.i % 100 < 58 THEN 'new' ELSE 'replacement' END, g.i, {started}, {application},"
            f" {township}, {started}, CASE WHEN {state} = 'issued' THEN {issued} END,"
            " CASE WHEN g.i % 200 = 3 THEN 1 ELSE 0 END,"
            f" CASE WHEN {state} = 'issued' THEN 300 + g.i % 400 END FROM {series}"), (n,))
        tx.execute("INSERT INTO cards (card_number, person_index, status, counter_id, issuance_id, issued_at,"
                   " status_changed_at, application, township_code) SELECT card_number, person_index, 'active',"
                   " counter_id, issuance_id, issued_at, issued_at, application, township_code FROM issuances"
                   " WHERE state = 'issued'")
        if events:
            ev = f"generate_series(1, {n * EVENTS_PER_ISSUANCE}) AS e(j)"
            tx.execute(sql(
                "INSERT INTO events (counter_id, seq, event_id, type, occurred_at, issuance_id, payload,"
                " content_hash, received_at)"
                f" SELECT 'C' || lpad((((e.j - 1) / {EVENTS_PER_ISSUANCE} + 1) % {COUNTERS})::text, 2, '0'), e.j,"
                " md5('e' || e.j), 'issuance.transition', '2020-01-01T00:00:00.000000+00:00',"
                f" md5('i' || ((e.j - 1) / {EVENTS_PER_ISSUANCE} + 1)), '{{\"action\":\"hand_over\"}}',"
                f" md5('h' || e.j), '{NOW}' FROM {ev}"))
    with storage.transaction(write=True) as tx:
        tx.execute("ANALYZE")
        counts = {t: int(tx.one(f"SELECT COUNT(*) AS n FROM {t}")["n"]) for t in ("issuances", "cards", "events")}
    return counts


def _median_ms(fn, runs: int = 7) -> tuple[float, object]:
    fn()  # warm: the first call pays the connection and the plan cache
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def _measure(figures: DistrictFigures, label: str) -> list[dict]:
    day = dt.date(LAST_YEAR, 6, 16)
    rows = []
    ms, summary = _median_ms(lambda: figures.summary(day))
    assert summary.totals.created > 0, "the generated day holds no issuances"
    rows += [{"name": f"district day summary, {label}", "value": round(ms, 1), "unit": "ms"},
             {"name": f"district day summary, {label}: ratio to 100 ms", "value": round(ms / TARGET_DAY_MS, 3),
              "unit": "x"}]
    ms, _ = _median_ms(lambda: figures.summary(day, hall="H3"))
    rows.append({"name": f"district day summary of one hall, {label}", "value": round(ms, 1), "unit": "ms"})
    ms, view = _median_ms(lambda: figures.year(LAST_YEAR, dt.date(LAST_YEAR, 12, 31)), 5)
    assert view.all.actual > 100_000, view.all.actual
    rows += [{"name": f"district year view with projection, {label}", "value": round(ms, 1), "unit": "ms"},
             {"name": f"district year view with projection, {label}: ratio to 300 ms",
              "value": round(ms / TARGET_YEAR_MS, 3), "unit": "x"},
             {"name": f"district year view, {label}: cards in the year", "value": view.all.actual, "unit": "cards"}]
    ms, _ = _median_ms(lambda: figures.year(LAST_YEAR, dt.date(LAST_YEAR, 12, 31), hall="H3"), 5)
    rows.append({"name": f"district year view of one hall, {label}", "value": round(ms, 1), "unit": "ms"})
    ms, board = _median_ms(lambda: figures.board())
    assert len(board) == COUNTERS
    rows.append({"name": f"district counter board, {label}", "value": round(ms, 1), "unit": "ms"})
    return rows


def _measure_console(storage: Storage, label: str) -> list[dict]:
    """The console's heaviest pages as a browser gets them (the ledger's app in process, a district admin's bearer
    token): the server's whole answer, HTML and chart data; the browser's own work on top is a few ms (measured
    in Chromium by tests/console/test_console_browser.py on a small district)."""
    from fastapi.testclient import TestClient

    from central_ledger.app import create_app
    from central_ledger.staff import StaffDirectory

    directory = StaffDirectory(storage)
    directory.add("bench-admin", "district_admin", None, "Bench-Password-1")
    token = directory.issue_token("bench-admin", 1)
    app = create_app(storage, clock=_clock, timezone=TZ)
    rows = []
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        for page, query in (("today", {"date": f"{LAST_YEAR}-06-16"}), ("targets", {"year": str(LAST_YEAR)}),
                            ("counters", {})):
            def load(page=page, query=query):
                r = client.get(f"/console/{page}", params=query)
                assert r.status_code == 200, (page, r.status_code, r.text[:200])
                return r
            ms, _ = _median_ms(load, 5)
            rows += [{"name": f"console {page} page, {label}", "value": round(ms, 1), "unit": "ms"},
                     {"name": f"console {page} page, {label}: ratio to 1 s", "value": round(ms / 1000, 3),
                      "unit": "x"}]
    return rows


def _clock() -> dt.datetime:
    return dt.datetime(LAST_YEAR, 12, 31, 9, 5, tzinfo=dt.UTC)


def run() -> list[dict]:
    rows: list[dict] = []
    base = Path(tempfile.mkdtemp(prefix="bench-district-"))
    try:
        cluster = _pg_cluster(base)
        if cluster is None:
            rows.append({"name": "district on PostgreSQL: no PostgreSQL binaries (row skipped)", "value": 0,
                         "unit": ""})
        else:
            url, stop = cluster
            try:
                storage = Storage.open(url)
                try:
                    t0 = time.perf_counter()
                    counts = generate(storage)
                    rows += [{"name": "district 10 years generated on PostgreSQL", "value":
                              round(time.perf_counter() - t0, 1), "unit": "s"},
                             {"name": "district 10 years: issued cards", "value": counts["cards"], "unit": "rows"},
                             {"name": "district 10 years: events", "value": counts["events"], "unit": "rows"}]
                    rows += _measure(DistrictFigures(storage, TZ, _clock), "PostgreSQL, 10 years")
                    rows += _measure_console(storage, "PostgreSQL, 10 years")
                finally:
                    storage.close()
            finally:
                stop()
        storage = Storage.open(str(base / "ledger.sqlite3"))
        try:
            t0 = time.perf_counter()
            generate(storage, years=1, events=False)
            rows.append({"name": "district 1 year generated on SQLite", "value": round(time.perf_counter() - t0, 1),
                         "unit": "s"})
            rows += _measure(DistrictFigures(storage, TZ, _clock), "SQLite, 1 year")
            rows += _measure_console(storage, "SQLite, 1 year")
        finally:
            storage.close()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return rows


if __name__ == "__main__":
    for r in run():
        print(f"{r['name']:<70} {r['value']:>12}  {r['unit']}")
