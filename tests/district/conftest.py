"""Fixtures of the district's figures: a ledger storage on SQLite and on PostgreSQL (the session's cluster,
``pg_cluster`` of tests/pg.py), halls and counters in it, and issuances fed through the ledger's own deriver
(:class:`central_ledger.derive.Deriver`) as a counter's ``issuance.transition`` events would be."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from central_ledger.derive import Deriver, StoredEvent
from central_ledger.ledger import Ledger
from central_ledger.storage import Storage
from tests.ledger.conftest import db_url, storage  # noqa: F401 - the fixtures, param'd over both engines

BEIJING = ZoneInfo("Asia/Shanghai")
PERSON = "a" * 64  # a blind index's shape (SM3 hex)


def local(day: dt.date, hour: int, minute: int = 0, tz: dt.tzinfo = BEIJING) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class District:
    """A ledger with halls and counters, and issuances whose transitions are derived as at intake."""

    storage: Storage
    seqs: dict[str, itertools.count] = field(default_factory=dict)

    def hall(self, hall_id: str, name: str, township: str | None = None) -> None:
        with self.storage.transaction(write=True) as tx:
            tx.execute("INSERT INTO halls (hall_id, name, township_code, created_at) VALUES (?, ?, ?, ?)",
                       (hall_id, name, township, "2026-01-01T00:00:00.000000+00:00"))

    def counter(self, counter_id: str, hall_id: str | None, last_contact: dt.datetime | None = None) -> None:
        Ledger(self.storage).add_counter(counter_id, f"窗口 {counter_id}")
        with self.storage.transaction(write=True) as tx:
            tx.execute("UPDATE counters SET hall_id = ?, status = 'active', last_contact_at = ? WHERE counter_id = ?",
                       (hall_id, last_contact.astimezone(dt.UTC).isoformat() if last_contact else None, counter_id))

    def events(self, counter_id: str, issuance_id: str, steps: list[tuple[str, str, dt.datetime]],
               **payload) -> None:
        """Feed ``(action, to_state, at)`` transitions of one issuance (payload fields added to each)."""
        seq = self.seqs.setdefault(counter_id, itertools.count(1))
        stored = []
        for action, to_state, at in steps:
            n = next(seq)
            p = {"issuance_id": issuance_id, "action": action, "to_state": to_state, "at": utc(at), **payload}
            stored.append(StoredEvent(counter_id, n, uuid.uuid4().hex, "issuance.transition", utc(at), issuance_id,
                                      p, "0" * 64))
        with self.storage.transaction(write=True) as tx:
            Deriver(tx, "2026-01-01T00:00:00.000000+00:00").apply(stored)

    def issue(self, counter_id: str, start: dt.datetime, minutes: float = 5, application: str = "new",
              reprints: int = 0, township: str | None = None, card_number: str | None = None,
              person: str = PERSON) -> str:
        """A whole issuance to ``issued`` (started at ``start``, handed over ``minutes`` later)."""
        iid = str(uuid.uuid4())
        end = start + dt.timedelta(minutes=minutes)
        steps = [("start", "draft", start), ("start_encoding", "encoding", start + dt.timedelta(seconds=30))]
        steps += [("reprint", "printing", start + dt.timedelta(seconds=60 + i)) for i in range(reprints)]
        steps.append(("hand_over", "issued", end))
        extra = {"application": application,
                 "application_type": "new" if application == "new" else "replacement"}
        if township is not None:
            extra["township"] = township
        if card_number is not None:
            extra["card_number"] = card_number
            extra["person_index"] = person
        self.events(counter_id, iid, steps, **extra)
        return iid

    def stop(self, counter_id: str, start: dt.datetime, to_state: str, application: str = "new") -> str:
        """An issuance started at ``start`` that ends ``spoiled`` or ``cancelled`` (or stays ``encoding``)."""
        iid = str(uuid.uuid4())
        action = {"spoiled": "spoil", "cancelled": "cancel", "encoding": "start_encoding"}[to_state]
        self.events(counter_id, iid, [("start", "draft", start), (action, to_state, start + dt.timedelta(minutes=2))],
                    application=application)
        return iid


@pytest.fixture
def district(storage) -> District:  # noqa: F811 - the imported fixture
    return District(storage)


def heartbeat(storage: Storage, counter_id: str, at: dt.datetime, *, devices: dict | None = None,  # noqa: F811
              backlog: int = 0, oldest_age: float | None = None, stock: dict | None = None,
              version: str = "1.0") -> None:
    """A counter's last heartbeat as the ledger keeps it (one row per counter, replaced)."""
    import json

    devices = devices if devices is not None else {d: "ok" for d in ("encoder", "psam", "printer", "camera",
                                                                     "id_reader")}
    stock = stock if stock is not None else {"received": 500, "used": 100, "spoiled": 2, "on_hand": 398}
    body = {"software_version": version, "devices": devices, "outbox_backlog": backlog,
            "oldest_event_age_seconds": oldest_age, "stock": stock}
    with storage.transaction(write=True) as tx:
        tx.execute("DELETE FROM heartbeats WHERE counter_id = ?", (counter_id,))
        tx.execute("INSERT INTO heartbeats (counter_id, received_at, software_version, devices, outbox_backlog,"
                   " oldest_event_age_seconds, stock, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (counter_id, at.astimezone(dt.UTC).isoformat(), version, json.dumps(devices, sort_keys=True),
                    backlog, oldest_age, json.dumps(stock, sort_keys=True), json.dumps(body, sort_keys=True)))


def allocate(storage: Storage, counter_id: str, count: int, first: int = 1) -> list[str]:  # noqa: F811
    """Card numbers allocated to ``counter_id`` (as a block would be): ``L`` + 7 digits + check character."""
    from central_ledger.crypto import card_check_char

    numbers = []
    block = f"B-{counter_id}-{first}"
    with storage.transaction(write=True) as tx:
        tx.execute("INSERT INTO card_blocks (block_id, counter_id, request_id, first_value, count, allocated_at)"
                   " VALUES (?, ?, ?, ?, ?, 'x')", (block, counter_id, block, first, count))
        for value in range(first, first + count):
            body = f"L{value:07d}"
            numbers.append(body + card_check_char(body))
        tx.executemany("INSERT INTO card_numbers (card_number, counter_id, block_id, status, allocated_at)"
                       " VALUES (?, ?, ?, 'allocated', 'x')", [(n, counter_id, block) for n in numbers])
    return numbers


def person(i: int) -> str:
    """A distinct blind index (SM3 hex shape) per person."""
    return f"{i:064x}"
