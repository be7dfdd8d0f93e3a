"""Seeded data for the console's tests and screenshots: two halls, three counters (two synced, one silent for 20
minutes), staff of every role, heartbeats, a population table and issuances fed through the ledger's own deriver
(:class:`central_ledger.derive.Deriver`) as a counter's ``issuance.transition`` events are at intake.

:func:`seed` returns :class:`Expected`: the figures the counters' own daily reports would show for the seeded
day, counted here by hand from what was seeded (not by the ledger's code under test).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from central_ledger.context import ConsoleOptions
from central_ledger.derive import Deriver, StoredEvent
from central_ledger.halls import add_hall, set_counter_hall
from central_ledger.ledger import Counter, Ledger
from central_ledger.staff import StaffDirectory
from central_ledger.storage import Storage

BEIJING = ZoneInfo("Asia/Shanghai")
PASSWORD = "Seeded-console-7"
STAFF = {  # username: (role, hall)
    "admin": ("district_admin", None),
    "sup1": ("hall_supervisor", "H1"),
    "sup2": ("hall_supervisor", "H2"),
    "audit": ("auditor", None),
}
HALLS = {"H1": ("城区服务大厅", "420302001"), "H2": ("东城服务大厅", "420302002")}
COUNTERS = {"C001": ("城区 1 号窗口", "H1"), "C002": ("城区 2 号窗口", "H1"), "C003": ("东城 1 号窗口", "H2")}
TOWNSHIPS = [  # code, name, residents, second-generation holders at import
    ("420302001", "城关镇", 1000, 600),
    ("420302002", "东城街道", 800, 500),
    ("420302003", "北郊镇", 500, 300),
]


@dataclass
class Expected:
    """What the seeded day shows (district, per hall, per counter) and what was seeded around it."""

    day: dt.date
    district: dict[str, int | float]
    by_counter: dict[str, dict[str, int]]
    by_hall: dict[str, dict[str, int]]
    by_type: dict[str, int]
    lights: dict[str, str]
    exceptions: dict[str, int]
    year_issued: int = 0           # issued cards of the year through the seeded day
    year_third_generation: int = 0
    active_by_township: dict[str | None, int] = field(default_factory=dict)


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Feed:
    """Events per counter, numbered, fed to the deriver in one transaction per counter at the end."""

    def __init__(self, storage: Storage):
        self.storage = storage
        self.ledger = Ledger(storage)
        self.events: dict[str, list[StoredEvent]] = {}
        self.seq: dict[str, itertools.count] = {}
        self.numbers: dict[str, list[str]] = {}
        self.persons = itertools.count(1)

    def card_number(self, counter_id: str) -> str:
        if not self.numbers.get(counter_id):
            block = self.ledger.allocate_block(Counter(counter_id, counter_id, "active", None, 0),
                                               str(uuid.uuid4()), 200)
            self.numbers[counter_id] = list(block["numbers"])
        return self.numbers[counter_id].pop(0)

    def transitions(self, counter_id: str, steps: list[tuple[str, str, dt.datetime]], **payload) -> str:
        iid = str(uuid.uuid4())
        seq = self.seq.setdefault(counter_id, itertools.count(1))
        for action, to_state, at in steps:
            p = {"issuance_id": iid, "action": action, "to_state": to_state, "at": utc(at), **payload}
            self.events.setdefault(counter_id, []).append(StoredEvent(
                counter_id, next(seq), uuid.uuid4().hex, "issuance.transition", utc(at), iid, p, "0" * 64))
        return iid

    def issue(self, counter_id: str, start: dt.datetime, minutes: float, application: str, township: str | None,
              reprints: int = 0) -> str:
        end = start + dt.timedelta(minutes=minutes)
        steps = [("start", "draft", start), ("start_encoding", "encoding", start + dt.timedelta(seconds=30))]
        steps += [("reprint", "printing", start + dt.timedelta(seconds=60 + i)) for i in range(reprints)]
        steps.append(("hand_over", "issued", end))
        person = hashlib.sha256(f"person-{next(self.persons)}".encode()).hexdigest()
        extra = {"application": application, "application_type": "new" if application == "new" else "replacement",
                 "card_number": self.card_number(counter_id), "person_index": person}
        if township:
            extra["township"] = township
        return self.transitions(counter_id, steps, **extra)

    def stop(self, counter_id: str, start: dt.datetime, to_state: str, application: str) -> str:
        action = {"spoiled": "spoil", "cancelled": "cancel", "encoding": "start_encoding"}[to_state]
        return self.transitions(counter_id, [("start", "draft", start),
                                             (action, to_state, start + dt.timedelta(minutes=2))],
                                application=application,
                                application_type="new" if application == "new" else "replacement")

    def flush(self) -> None:
        for events in self.events.values():
            with self.storage.transaction(write=True) as tx:
                Deriver(tx, "2026-01-01T00:00:00.000000+00:00").apply(events)
        self.events.clear()


def seed(storage: Storage, now: dt.datetime, tz: dt.tzinfo = BEIJING, *, history_every: int = 3) -> Expected:
    """Seed ``storage`` around the local day of ``now`` (aware); earlier days of the year every
    ``history_every`` days get a few issued cards (for the year's chart)."""
    day = now.astimezone(tz).date()
    for hid, (name, township) in HALLS.items():
        add_hall(storage, hid, name, township)
    ledger = Ledger(storage)
    for cid, (name, hid) in COUNTERS.items():
        ledger.add_counter(cid, name)
        set_counter_hall(storage, cid, hid)
    contact = {"C001": now - dt.timedelta(minutes=2), "C002": now - dt.timedelta(minutes=1),
               "C003": now - dt.timedelta(minutes=20)}
    directory = StaffDirectory(storage, lambda: now, ConsoleOptions())
    for username, (role, hall) in STAFF.items():
        directory.add(username, role, hall, PASSWORD)

    feed = _Feed(storage)
    expected_year = [0, 0]
    active: dict[str | None, int] = {}

    def issued(cid: str, start: dt.datetime, minutes: float, app: str, town: str | None, reprints: int = 0) -> None:
        feed.issue(cid, start, minutes, app, town, reprints)
        expected_year[0] += 1
        expected_year[1] += app in ("new", "upgrade")
        active[town] = active.get(town, 0) + 1

    # the earlier days of the year: a few cards per counter every few days
    first = dt.date(day.year, 1, 1)
    towns = [t[0] for t in TOWNSHIPS] + [None]
    n = 0
    for offset in range(0, (day - first).days, history_every):
        d = first + dt.timedelta(days=offset)
        for i, cid in enumerate(COUNTERS):
            for k in range(1 + (offset + i) % 3):
                start = dt.datetime.combine(d, dt.time(9 + k, 10 * i), tzinfo=tz)
                issued(cid, start, 5 + k, ("new", "upgrade", "replacement", "renewal")[(n + k) % 4], towns[n % 4])
                n += 1

    # the seeded day
    at = lambda h, m: dt.datetime.combine(day, dt.time(h, m), tzinfo=tz)  # noqa: E731
    issued("C001", at(9, 0), 5, "new", "420302001")
    issued("C001", at(9, 20), 6, "new", "420302001")
    issued("C001", at(9, 40), 7, "new", "420302003")
    issued("C001", at(10, 0), 8, "upgrade", "420302001", reprints=1)
    feed.stop("C001", at(10, 30), "spoiled", "new")
    issued("C002", at(9, 5), 4, "replacement", "420302002")
    issued("C002", at(9, 30), 6, "replacement", None)
    feed.stop("C002", at(10, 0), "cancelled", "replacement")
    feed.stop("C002", at(10, 40), "encoding", "replacement")
    issued("C003", at(9, 10), 10, "renewal", "420302002")
    issued("C003", at(9, 50), 5, "upgrade", "420302002")
    feed.flush()

    with storage.transaction(write=True) as tx:  # after the card blocks, which touch the last contact
        for cid, at in contact.items():
            tx.execute("UPDATE counters SET status = 'active', last_contact_at = ? WHERE counter_id = ?",
                       (at.astimezone(dt.UTC).isoformat(timespec="microseconds"), cid))
    received_at = {cid: (c - dt.timedelta(seconds=5)).astimezone(dt.UTC).isoformat(timespec="microseconds")
                   for cid, c in contact.items()}
    beats = {
        "C001": ("1.4.0", {"encoder": "ok", "psam": "ok", "printer": "ok", "camera": "ok", "id_reader": "ok"},
                 0, 0.0, {}),
        "C002": ("1.4.0", {"encoder": "ok", "psam": "ok", "printer": "warning", "camera": "ok", "id_reader": "ok"},
                 2, 40.0, {}),
        "C003": ("1.3.2", {"encoder": "ok", "psam": "ok", "printer": "ok", "camera": "ok", "id_reader": "ok"},
                 0, 0.0, {}),
    }
    # each counter's stock as its own heartbeat would say it: what the ledger holds as issued/spoiled by it
    with storage.transaction() as tx:
        counts = {(r["counter_id"], r["state"]): int(r["n"]) for r in tx.all(
            "SELECT counter_id, state, COUNT(*) AS n FROM issuances GROUP BY counter_id, state")}
    with storage.transaction(write=True) as tx:
        for cid, (version, devices, backlog, age, _) in beats.items():
            used, spoiled = counts.get((cid, "issued"), 0), counts.get((cid, "spoiled"), 0)
            received = used + spoiled + (15 if cid == "C002" else 150)  # C002 low on blanks: amber
            stock = {"received": received, "used": used, "spoiled": spoiled, "on_hand": received - used - spoiled}
            if cid == "C003":
                stock["on_hand"] -= 2  # two blanks unaccounted for: the stock page shows the difference
            body = {"software_version": version, "devices": devices, "outbox_backlog": backlog,
                    "oldest_event_age_seconds": age, "stock": stock}
            tx.execute("INSERT INTO heartbeats (counter_id, received_at, software_version, devices, outbox_backlog,"
                       " oldest_event_age_seconds, stock, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (cid, received_at[cid], version, json.dumps(devices, sort_keys=True), backlog, age,
                        json.dumps(stock, sort_keys=True), json.dumps(body, sort_keys=True)))
        imported = (now - dt.timedelta(days=400)).astimezone(dt.UTC).isoformat(timespec="microseconds")
        for code, name, residents, second in TOWNSHIPS:
            tx.execute("INSERT INTO population (township_code, township_name, residents, second_generation_holders,"
                       " imported_at, imported_by, source_file) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (code, name, residents, second, imported, "admin", "seed.csv"))

    c001 = {"cards_issued": 4, "third_generation": 4, "spoiled": 1, "reprints": 1, "cancelled": 0,
            "in_progress": 0, "created": 5}
    c002 = {"cards_issued": 2, "third_generation": 0, "spoiled": 0, "reprints": 0, "cancelled": 1,
            "in_progress": 1, "created": 4}
    c003 = {"cards_issued": 2, "third_generation": 1, "spoiled": 0, "reprints": 0, "cancelled": 0,
            "in_progress": 0, "created": 2}
    h1 = {k: c001[k] + c002[k] for k in c001}
    district = {k: h1[k] + c003[k] for k in c001}
    district["average_issuance_seconds"] = (5 + 6 + 7 + 8 + 4 + 6 + 10 + 5) * 60 / 8
    return Expected(
        day=day, district=district, by_counter={"C001": c001, "C002": c002, "C003": c003},
        by_hall={"H1": h1, "H2": c003}, by_type={"new": 4, "upgrade": 2, "replacement": 4, "renewal": 1},
        lights={"C001": "green", "C002": "amber", "C003": "red"}, exceptions={"spoiled": 1, "reprinted": 1},
        year_issued=expected_year[0], year_third_generation=expected_year[1], active_by_township=active)


def set_targets(storage: Storage, year: int, new_ssc3: int, all_cards: int, coverage_percent: float,
                scope: str = "district") -> None:
    """A year's targets for the district (or a hall), as the admin sets them."""
    with storage.transaction(write=True) as tx:
        tx.execute("DELETE FROM targets WHERE year = ? AND scope = ?", (year, scope))
        tx.execute("INSERT INTO targets (year, scope, new_ssc3, all_cards, coverage_percent, updated_at, updated_by)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)", (year, scope, new_ssc3, all_cards, coverage_percent,
                                                     "2026-01-01T00:00:00.000000+00:00", "admin"))


def targets_to_scale(expected: Expected) -> tuple[int, int]:
    """Targets sized to the seeded year (the defaults dwarf a few hundred cards on a chart): all cards a little
    ahead of the run rate (behind), the third generation a little below it (on track)."""
    day = expected.day
    start = dt.date(day.year, 1, 1)
    elapsed = (day - start).days + 1
    days = (dt.date(day.year + 1, 1, 1) - start).days
    return (int(expected.year_third_generation * days / elapsed * 0.9) or 1,
            int(expected.year_issued * days / elapsed * 1.15) or 1)
