"""Service halls (issue 21): a ledger object of their own, each counter belonging to at most one hall.

A hall supervisor reads their hall's counters only (:mod:`central_ledger.principal`); the district's figures are
summed per hall from ``counters.hall_id``. A hall may name the township it stands in (the population table's
code), for the console's coverage view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from central_ledger.ledger import LedgerError, iso, utc_now
from central_ledger.models import COUNTER_ID_PATTERN
from central_ledger.storage import Storage, Tx

HALL_ID_PATTERN = COUNTER_ID_PATTERN  # letters, digits, _ . - (64 at most), as counter ids


@dataclass(frozen=True, slots=True)
class Hall:
    hall_id: str
    name: str
    township_code: str | None
    created_at: str
    counters: tuple[str, ...]  # the ids of the counters in the hall, sorted

    def as_json(self) -> dict[str, Any]:
        return {"hall_id": self.hall_id, "name": self.name, "township_code": self.township_code,
                "counters": list(self.counters)}


def _unknown_hall(hall_id: str) -> LedgerError:
    return LedgerError(404, "unknown_hall", f"没有大厅 {hall_id}", f"no hall {hall_id}")


def add_hall(storage: Storage, hall_id: str, name: str, township_code: str | None = None) -> Hall:
    """Create a hall (LedgerError 409 ``hall_exists`` if the id is taken, 422 for a bad id or an empty name)."""
    if not re.match(HALL_ID_PATTERN, hall_id or ""):
        raise LedgerError(422, "bad_hall_id", "大厅编号只能含字母、数字、_ . -（最长 64）",
                          "hall id: letters, digits, _ . - (64 at most)")
    name = (name or "").strip()
    if not name:
        raise LedgerError(422, "bad_hall_name", "大厅名称不能为空", "the hall needs a name")
    with storage.transaction(write=True) as tx:
        if tx.one("SELECT 1 AS x FROM halls WHERE hall_id = ?", (hall_id,)):
            raise LedgerError(409, "hall_exists", f"大厅 {hall_id} 已存在", f"hall {hall_id} exists")
        tx.execute("INSERT INTO halls (hall_id, name, township_code, created_at) VALUES (?, ?, ?, ?)",
                   (hall_id, name, township_code or None, iso(utc_now())))
    found = hall(storage, hall_id)
    assert found is not None
    return found


def _halls(tx: Tx, hall_id: str | None) -> list[Hall]:
    where, params = ("WHERE hall_id = ?", (hall_id,)) if hall_id is not None else ("", ())
    rows = tx.all(f"SELECT hall_id, name, township_code, created_at FROM halls {where} ORDER BY hall_id", params)
    members: dict[str, list[str]] = {}
    for c in tx.all("SELECT counter_id, hall_id FROM counters WHERE hall_id IS NOT NULL ORDER BY counter_id"):
        members.setdefault(c["hall_id"], []).append(c["counter_id"])
    return [Hall(r["hall_id"], r["name"], r["township_code"], r["created_at"], tuple(members.get(r["hall_id"], ())))
            for r in rows]


def list_halls(storage: Storage) -> list[Hall]:
    """Every hall with its counters, by id."""
    with storage.transaction() as tx:
        return _halls(tx, None)


def hall(storage: Storage, hall_id: str) -> Hall | None:
    """One hall with its counters, or None."""
    with storage.transaction() as tx:
        found = _halls(tx, hall_id)
    return found[0] if found else None


def hall_exists(tx: Tx, hall_id: str) -> bool:
    return tx.one("SELECT 1 AS x FROM halls WHERE hall_id = ?", (hall_id,)) is not None


def set_counter_hall(storage: Storage, counter_id: str, hall_id: str) -> None:
    """Move a counter into a hall (both must exist: LedgerError 404 ``unknown_counter`` / ``unknown_hall``)."""
    with storage.transaction(write=True) as tx:
        if not hall_exists(tx, hall_id):
            raise _unknown_hall(hall_id)
        n = tx.execute("UPDATE counters SET hall_id = ? WHERE counter_id = ?", (hall_id, counter_id))
        if n == 0:
            raise LedgerError(404, "unknown_counter", f"没有柜台 {counter_id}", f"no counter {counter_id}")
