"""The supervisor's reports at full size: the daily report and the year view over a year of one busy
counter (500 issuances a day, 180,000 issuances and their events), and over a district-scale year
on the ledger (120,000 issuances from 20 counters). Aim: under 100 ms for a day, 500 ms for a year.

**The generated year of a counter** is written by a direct-SQL generator, not through the services
(≈ 4 ms an issuance: 12 minutes for a year). It writes the rows the services write for each issuance:
the ``issuances`` row (state, type, reason, times, card number, 卡识别码, ATR, sealed personal data,
person index), one ``issuance_events`` row per transition (start, check_applicant, accept_photo,
start_encoding, finish_encoding, start_printing, finish_printing, hand_over; spoiled, reprinted and
cancelled ones take their own paths) and one ``outbox`` row per event (acknowledged except the last
day's). Differences, none of which the reports read: one sealed personal-data blob is reused for
every row but the spoiled ones (sealing 180,000 blobs would dominate the set-up; a blob is bound to
its row, and the report opens only a spoiled card's, for its masked id number), and no ``audit_log``
rows are written.
The ``issuance_hourly`` summary is kept by the schema's own triggers, as in the app. The database is
built once per run in a temporary directory and removed at the end.

**The district** is a ledger database (``central_ledger``'s own schema, opened with its Storage)
whose derived tables ``issuances`` and ``cards`` hold 120,000 issued cards of 20 counters over a
year; the district's figures are read with SQL from those tables only, and the year view is computed
by the counter app's pure :func:`counter_app.services.reports.year_view_from_days`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from counter_app.services.auth import Session
from counter_app.services.reports import NEW_SSC3_TYPES, ReportService, year_view_from_days
from counter_app.store.clock import to_db_time
from counter_app.store.database import Store
from counter_app.store.sealing import issuance_sealed_at, seal

TZ = dt.timezone(dt.timedelta(hours=8))
YEAR = 2025
PER_DAY = 500
DAYS = 360
TYPES = (("new", 58), ("replacement", 25), ("renewal", 10), ("upgrade", 7))
PATH_ISSUED = ("check_applicant", "accept_photo", "start_encoding", "finish_encoding", "start_printing",
               "finish_printing", "hand_over")
PATH_SPOILED = ("check_applicant", "accept_photo", "start_encoding", "fail_encoding", "spoil")
PATH_REPRINT = ("check_applicant", "accept_photo", "start_encoding", "finish_encoding", "start_printing",
                "fail_printing", "reprint", "finish_printing", "hand_over")
PATH_CANCELLED = ("check_applicant", "cancel")
_STATES = {"check_applicant": "applicant_ok", "accept_photo": "photo_ok", "start_encoding": "encoding",
           "finish_encoding": "encoded", "fail_encoding": "encode_failed", "start_printing": "printing",
           "finish_printing": "printed", "fail_printing": "print_failed", "reprint": "printing",
           "hand_over": "issued", "spoil": "spoiled", "cancel": "cancelled"}


def generate_counter_year(path: Path, *, per_day: int = PER_DAY, days: int = DAYS, seed: int = 9) -> Store:
    """A counter database with ``per_day`` issuances on each of ``days`` days from 2 January."""
    rng = random.Random(seed)
    store = Store.open(path)
    plain = json.dumps({"document_number": "421303199003070019", "name": "bench"}).encode()
    blob = seal(plain, issuance_sealed_at("bench", "personal_data"))
    types = [t for t, w in TYPES for _ in range(w)]
    number = 0
    last_day = dt.date(YEAR, 1, 2) + dt.timedelta(days=days - 1)
    db = store.db
    # A throwaway file: no fsync per commit while generating (the app itself runs synchronous=FULL).
    db.conn.execute("PRAGMA synchronous = OFF")
    db.conn.execute("BEGIN")
    for d in range(days):
        day = dt.date(YEAR, 1, 2) + dt.timedelta(days=d)
        issuances, events, outbox = [], [], []
        for k in range(per_day):
            start = dt.datetime.combine(day, dt.time(8, 30), tzinfo=TZ) + dt.timedelta(seconds=k * 58)
            roll = rng.random()
            path_ = (PATH_SPOILED if roll < 0.01 else PATH_REPRINT if roll < 0.015
                     else PATH_CANCELLED if roll < 0.025 else PATH_ISSUED)
            iid = str(uuid.uuid4())
            clerk = f"bench-clerk-{k % 4 + 1}"
            app_type = rng.choice(types)
            card_number = card_id = atr = None
            if "start_encoding" in path_:
                number += 1
                card_number, card_id, atr = f"B{number:08d}", f"421303D156000005{number:016X}", "3B6800000073C84013009000"
            at = start
            seq = 1
            rows = [(iid, 1, None, "draft", "start", to_db_time(at), clerk, "{}")]
            state = "draft"
            for action in path_:
                at += dt.timedelta(seconds=rng.randint(15, 90))
                seq += 1
                new = _STATES[action]
                rows.append((iid, seq, state, new, action, to_db_time(at), clerk, "{}"))
                state = new
            events += rows
            ack = None if day == last_day else to_db_time(at + dt.timedelta(minutes=1))
            outbox += [(str(uuid.uuid4()), "issuance.transition", r[5], iid,
                        json.dumps({"issuance_id": iid, "event_seq": r[1], "action": r[4], "to_state": r[3]}), ack)
                       for r in rows]
            failure = {"spoiled": "chip write failed", "cancelled": "applicant left"}.get(state)
            issuances.append((iid, state, app_type, "11" if app_type == "replacement" else None, to_db_time(start),
                              to_db_time(at), None, card_number, card_id, atr,
                              seal(plain, issuance_sealed_at(iid, "personal_data")) if state == "spoiled" else blob,
                              f"{rng.getrandbits(256):064x}",
                              failure, seq))
        db.conn.executemany(
            "INSERT INTO issuances (id, state, application_type, reason, created_at, updated_at, clerk, card_number, "
            "card_id, atr, personal_data, person_index, failure_reason, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", issuances)
        db.conn.executemany(
            "INSERT INTO issuance_events (issuance_id, seq, from_state, to_state, action, at, actor, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", events)
        db.conn.executemany(
            "INSERT INTO outbox (event_uuid, type, at, issuance_id, payload, acknowledged_at) VALUES (?, ?, ?, ?, ?, ?)",
            outbox)
    db.conn.execute("COMMIT")
    db.conn.execute("ANALYZE")
    return store


def generate_district(path: Path, *, cards: int = 120_000, counters: int = 20, seed: int = 11) -> None:
    """A ledger database whose derived tables hold ``cards`` issued cards of ``counters`` counters."""
    from central_ledger.storage import Storage

    storage = Storage.open(str(path))
    storage.close()
    rng = random.Random(seed)
    types = ["new" if t in NEW_SSC3_TYPES else "replacement" for t, w in TYPES for _ in range(w)]
    conn = sqlite3.connect(path)
    now = "2025-12-31T00:00:00.000000+00:00"
    conn.executemany("INSERT INTO counters (counter_id, name, status, created_at) VALUES (?, ?, 'active', ?)",
                     [(f"C{c:02d}", f"counter {c}", now) for c in range(counters)])
    issuances, card_rows = [], []
    for n in range(cards):
        counter = f"C{n % counters:02d}"
        day = dt.date(YEAR, 1, 2) + dt.timedelta(days=(n * DAYS) // cards)
        at = dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC) + dt.timedelta(seconds=rng.randint(0, 30000))
        at_text = at.isoformat(timespec="microseconds")
        iid, number = str(uuid.uuid4()), f"L{n:08d}"
        person = f"{rng.getrandbits(256):064x}"
        issuances.append((counter, iid, "issued", number, person, rng.choice(types), n, at_text))
        card_rows.append((number, person, "active", counter, iid, at_text, at_text))
    conn.executemany("INSERT INTO issuances (counter_id, issuance_id, state, card_number, person_index, "
                     "application_type, updated_seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", issuances)
    conn.executemany("INSERT INTO cards (card_number, person_index, status, counter_id, issuance_id, issued_at, "
                     "status_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)", card_rows)
    conn.commit()
    conn.close()


def district_daily(conn: sqlite3.Connection, day: dt.date) -> dict:
    """The district's day: cards issued per counter and by type, read from the ledger's tables."""
    lo = dt.datetime.combine(day, dt.time(), tzinfo=TZ).astimezone(dt.UTC).isoformat(timespec="microseconds")
    hi = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=TZ).astimezone(dt.UTC).isoformat(
        timespec="microseconds")
    rows = conn.execute(
        "SELECT c.counter_id, i.application_type, count(*) FROM cards c JOIN issuances i "
        "ON i.counter_id = c.counter_id AND i.issuance_id = c.issuance_id "
        "WHERE c.issued_at >= ? AND c.issued_at < ? GROUP BY 1, 2", (lo, hi)).fetchall()
    by_counter: dict[str, int] = {}
    by_type: dict[str, int] = {}
    for counter, app_type, n in rows:
        by_counter[counter] = by_counter.get(counter, 0) + n
        by_type[app_type] = by_type.get(app_type, 0) + n
    return {"date": day.isoformat(), "issued": sum(by_counter.values()), "by_counter": by_counter, "by_type": by_type}


def district_year(conn: sqlite3.Connection, as_of: dt.date):
    per_day: dict[dt.date, list[int]] = {}
    rows = conn.execute(
        "SELECT substr(c.issued_at, 1, 13), i.application_type, count(*) FROM cards c JOIN issuances i "
        "ON i.counter_id = c.counter_id AND i.issuance_id = c.issuance_id "
        "WHERE c.issued_at >= ? AND c.issued_at < ? GROUP BY 1, 2",
        (f"{YEAR - 1}-12-31T16", f"{YEAR}-12-31T16")).fetchall()
    for hour, app_type, n in rows:
        day = (dt.datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=dt.UTC)).astimezone(TZ).date()
        v = per_day.setdefault(day, [0, 0])
        v[0] += n
        if app_type == "new":
            v[1] += n
    return year_view_from_days(YEAR, as_of, {d: (a, b) for d, (a, b) in per_day.items()}, {})


def _median_ms(fn, repeat: int = 7) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def run() -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    rows: list[dict] = []
    try:
        t0 = time.perf_counter()
        store = generate_counter_year(tmp / "counter" / "counter.sqlite3")
        (n_iss,) = store.db.execute("SELECT count(*) FROM issuances").fetchone()
        (n_ev,) = store.db.execute("SELECT count(*) FROM issuance_events").fetchone()
        rows.append({"name": "counter year generated (issuances)", "value": n_iss, "unit": "rows"})
        rows.append({"name": "counter year generated (events)", "value": n_ev, "unit": "rows"})
        rows.append({"name": "counter year generation", "value": round(time.perf_counter() - t0, 1), "unit": "s"})
        as_of = dt.date(YEAR, 12, 20)
        clock = lambda: dt.datetime.combine(as_of, dt.time(18), tzinfo=TZ)  # noqa: E731
        service = ReportService(store, tz=TZ, clock=clock)
        boss = Session.local_operator(clock=clock)
        ms, report = _median_ms(lambda: service.daily(boss, dt.date(YEAR, 6, 16)))
        assert report.created == PER_DAY, report.created
        rows.append({"name": "counter daily report (500 issuances)", "value": round(ms, 1), "unit": "ms"})
        ms, report = _median_ms(lambda: service.daily(boss, dt.date(YEAR, 6, 1), dt.date(YEAR, 6, 7)), 3)
        rows.append({"name": "counter week report (3,500 issuances)", "value": round(ms, 1), "unit": "ms"})
        ms, view = _median_ms(lambda: service.year(boss, YEAR, as_of))
        rows.append({"name": "counter year view (180k issuances)", "value": round(ms, 1), "unit": "ms"})
        rows.append({"name": "counter year view: cards", "value": view.all_cards, "unit": "cards"})
        store.close()

        t0 = time.perf_counter()
        ledger = tmp / "ledger.sqlite3"
        generate_district(ledger)
        rows.append({"name": "district generation", "value": round(time.perf_counter() - t0, 1), "unit": "s"})
        conn = sqlite3.connect(ledger)
        ms, day = _median_ms(lambda: district_daily(conn, dt.date(YEAR, 6, 16)))
        rows.append({"name": "district daily report (20 counters)", "value": round(ms, 1), "unit": "ms"})
        ms, view = _median_ms(lambda: district_year(conn, as_of))
        rows.append({"name": "district year view (120k cards)", "value": round(ms, 1), "unit": "ms"})
        rows.append({"name": "district year view: cards", "value": view.all_cards, "unit": "cards"})
        conn.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<42} {row['value']:>12}  {row['unit']}")
