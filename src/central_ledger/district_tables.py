"""The district's tables beside the day and the year (:mod:`central_ledger.district`): coverage per township,
card stock per counter and hall with its reconciliation, and the day's exceptions.

**Coverage** (from the ``population`` table the admin imports, :mod:`central_ledger.population`): per township,
``third_generation_holders`` = active cards whose township is it (``cards.township_code``);
``holders`` = min(residents, third_generation_holders + max(0, second_generation_holders − upgrades issued there
since the import)): a second-generation holder who upgraded is counted once; ``coverage`` = holders / residents,
``third_generation_share`` = third_generation_holders / residents. Active cards of no known township are one
row of their own (``未知乡镇`` / unknown) and count toward the district's total, never toward a township.

**Stock**: the latest heartbeat of each counter says ``received``, ``used``, ``spoiled`` and ``on_hand``. Two
checks, each shown as a difference (never hidden): the counter's own arithmetic (``received − used − spoiled``
against ``on_hand``) and the ledger's record (``used`` against the cards the ledger holds as issued by that
counter, ``spoiled`` against its spoiled issuances).

**Exceptions** of a day: the spoiled issuances and those reprinted (started that day, as the summary), and the
open entries of the conflict queue of the counters in scope (whatever their day: they wait for the admin).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from central_ledger.district import DistrictFigures, day_bounds, json_object, parse_time, read_targets

UNKNOWN_TOWNSHIP_ZH = "未知乡镇"
UNKNOWN_TOWNSHIP_EN = "unknown"


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


@dataclass(frozen=True)
class TownshipCoverage:
    township_code: str | None        # None: the row of cards with no known township
    township_name: str
    residents: int
    second_generation_holders: int
    third_generation_holders: int
    upgrades_since_import: int
    holders: int
    coverage: float | None           # holders / residents
    coverage_percent: float | None
    third_generation_share: float | None
    third_generation_share_percent: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Coverage:
    rows: list[TownshipCoverage]      # the population table's townships, by code
    unknown: TownshipCoverage         # active cards of no township in the table
    total: TownshipCoverage           # the district (holders capped at its residents)
    target_percent: float | None      # this year's coverage target (district)
    on_track: bool | None             # total coverage_percent reaches the target
    imported_at: str | None           # when the population table was imported (None: never)
    generated_at: str

    def as_dict(self) -> dict[str, Any]:
        return {"rows": [r.as_dict() for r in self.rows], "unknown": self.unknown.as_dict(),
                "total": self.total.as_dict(), "target_percent": self.target_percent, "on_track": self.on_track,
                "imported_at": self.imported_at, "generated_at": self.generated_at}


def _row(code: str | None, name: str, residents: int, second: int, third: int, upgrades: int) -> TownshipCoverage:
    holders = third + max(0, second - upgrades)
    if residents:
        holders = min(residents, holders)
    return TownshipCoverage(code, name, residents, second, third, upgrades, holders, _ratio(holders, residents),
                            _percent(holders, residents), _ratio(third, residents), _percent(third, residents))


def coverage(figures: DistrictFigures) -> Coverage:
    """Coverage per township and for the district (see the module doc)."""
    year = figures.today().year
    with figures.storage.transaction() as tx:
        towns = tx.all("SELECT township_code, township_name, residents, second_generation_holders, imported_at"
                       " FROM population ORDER BY township_code")
        active = {r["township_code"]: int(r["n"]) for r in tx.all(
            "SELECT township_code, COUNT(*) AS n FROM cards WHERE status = 'active' GROUP BY township_code")}
        imported_at = max((r["imported_at"] for r in towns), default=None)
        upgrades: dict[str | None, int] = {}
        if imported_at is not None:
            upgrades = {r["township_code"]: int(r["n"]) for r in tx.all(
                "SELECT township_code, COUNT(*) AS n FROM issuances WHERE state = 'issued'"
                " AND application = 'upgrade' AND issued_at >= ? GROUP BY township_code", (imported_at,))}
        target = read_targets(tx, year, None).coverage_percent
    rows = [_row(t["township_code"], t["township_name"], int(t["residents"]), int(t["second_generation_holders"]),
                 active.get(t["township_code"], 0), upgrades.get(t["township_code"], 0)) for t in towns]
    known = {t["township_code"] for t in towns}
    unknown_third = sum(n for code, n in active.items() if code not in known)
    unknown = _row(None, f"{UNKNOWN_TOWNSHIP_ZH}/{UNKNOWN_TOWNSHIP_EN}", 0, 0, unknown_third, 0)
    residents = sum(r.residents for r in rows)
    third = sum(r.third_generation_holders for r in rows) + unknown_third
    holders = sum(r.holders for r in rows) + unknown_third
    if residents:
        holders = min(residents, holders)
    total = TownshipCoverage(None, "全区/district", residents, sum(r.second_generation_holders for r in rows), third,
                             sum(r.upgrades_since_import for r in rows), holders, _ratio(holders, residents),
                             _percent(holders, residents), _ratio(third, residents), _percent(third, residents))
    on_track = (total.coverage_percent >= target) if total.coverage_percent is not None and target else None
    return Coverage(rows, unknown, total, target, on_track, imported_at, figures.generated_at())


# --- stock ----------------------------------------------------------------------------------------------------

_STOCK_KEYS = ("received", "used", "spoiled", "on_hand")


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass
class StockLine:
    """A counter's (or a hall's summed) stock and its reconciliation; ``None``: not reported."""

    counter_id: str | None
    hall_id: str | None
    name: str
    received: int | None
    used: int | None
    spoiled: int | None
    on_hand: int | None
    reported_at: str | None               # the heartbeat's time (a hall: the oldest of its counters')
    ledger_issued: int = 0                # cards the ledger holds as issued by the counter(s)
    ledger_spoiled: int = 0               # issuances the ledger holds as spoiled
    expected_on_hand: int | None = None   # received − used − spoiled
    on_hand_difference: int | None = None  # on_hand − expected_on_hand
    used_difference: int | None = None    # used − ledger_issued
    spoiled_difference: int | None = None  # spoiled − ledger_spoiled
    reconciled: bool | None = None        # every difference 0 (None: nothing reported)

    def check(self) -> StockLine:
        if None not in (self.received, self.used, self.spoiled):
            self.expected_on_hand = self.received - self.used - self.spoiled
        if self.expected_on_hand is not None and self.on_hand is not None:
            self.on_hand_difference = self.on_hand - self.expected_on_hand
        if self.used is not None:
            self.used_difference = self.used - self.ledger_issued
        if self.spoiled is not None:
            self.spoiled_difference = self.spoiled - self.ledger_spoiled
        diffs = (self.on_hand_difference, self.used_difference, self.spoiled_difference)
        self.reconciled = None if all(d is None for d in diffs) else all(not d for d in diffs)
        return self

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Stock:
    counters: list[StockLine]
    halls: list[StockLine]
    generated_at: str
    hall: str | None = None
    total: StockLine | None = field(default=None)

    def as_dict(self) -> dict[str, Any]:
        return {"hall": self.hall, "counters": [c.as_dict() for c in self.counters],
                "halls": [h.as_dict() for h in self.halls], "total": self.total.as_dict() if self.total else None,
                "generated_at": self.generated_at}


def _sum(lines: list[StockLine], counter_id: str | None, hall_id: str | None, name: str) -> StockLine:
    def total(key: str) -> int | None:
        values = [getattr(line, key) for line in lines if getattr(line, key) is not None]
        return sum(values) if values else None

    times = [line.reported_at for line in lines if line.reported_at]
    out = StockLine(counter_id, hall_id, name, *(total(k) for k in _STOCK_KEYS), min(times) if times else None,
                    sum(line.ledger_issued for line in lines), sum(line.ledger_spoiled for line in lines))
    return out.check()


def stock(figures: DistrictFigures, hall: str | None = None) -> Stock:
    """Card stock per counter (its latest heartbeat) and per hall, reconciled (see the module doc)."""
    where, extra = figures.hall_filter(hall)
    with figures.storage.transaction() as tx:
        figures.check_hall(tx, hall)
        counters = figures.counters(tx, hall)
        halls = {r["hall_id"]: r["name"] for r in tx.all("SELECT hall_id, name FROM halls ORDER BY hall_id")}
        beats = {r["counter_id"]: r for r in tx.all("SELECT counter_id, received_at, stock FROM heartbeats")}
        counts = {(r["counter_id"], r["state"]): int(r["n"]) for r in tx.all(
            "SELECT i.counter_id, i.state, COUNT(*) AS n FROM issuances i WHERE i.state IN ('issued', 'spoiled')"
            + where + " GROUP BY i.counter_id, i.state", extra)}
    lines = []
    for c in counters:
        beat = beats.get(c["counter_id"])
        s = json_object(beat["stock"]) if beat else {}
        lines.append(StockLine(c["counter_id"], c["hall_id"], c["name"], *(_int(s.get(k)) for k in _STOCK_KEYS),
                               beat["received_at"] if beat else None, counts.get((c["counter_id"], "issued"), 0),
                               counts.get((c["counter_id"], "spoiled"), 0)).check())
    hall_ids = [hall] if hall else list(halls)
    hall_ids += sorted({line.hall_id for line in lines if line.hall_id not in hall_ids}, key=lambda h: h or "")
    per_hall = [_sum([line for line in lines if line.hall_id == h], None, h, halls.get(h or "", "")) for h in hall_ids]
    return Stock(lines, per_hall, figures.generated_at(), hall, _sum(lines, None, hall, "total"))


# --- exceptions -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExceptionRow:
    kind: str                    # spoiled | reprinted | conflict
    counter_id: str
    hall_id: str | None
    issuance_ref: str | None     # the first 8 characters of the issuance id (as the counter's report)
    card_number: str | None
    at: str | None               # local time: the issuance's start, or the conflict's recording
    detail: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Exceptions:
    date: dt.date
    hall: str | None
    spoiled: list[ExceptionRow]
    reprinted: list[ExceptionRow]
    conflicts: list[ExceptionRow]
    generated_at: str

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "hall": self.hall,
                "spoiled": [r.as_dict() for r in self.spoiled], "reprinted": [r.as_dict() for r in self.reprinted],
                "conflicts": [r.as_dict() for r in self.conflicts], "generated_at": self.generated_at}


def exceptions(figures: DistrictFigures, day: dt.date, hall: str | None = None) -> Exceptions:
    """The day's spoiled and reprinted issuances and the open conflict-queue entries of the counters in scope."""
    lo, hi = day_bounds(day, day, figures.tz)
    where, extra = figures.hall_filter(hall)
    with figures.storage.transaction() as tx:
        figures.check_hall(tx, hall)
        hall_of = {r["counter_id"]: r["hall_id"] for r in figures.counters(tx, hall)}
        rows = tx.all("SELECT i.counter_id, i.issuance_id, i.state, i.card_number, i.application, i.reprints,"
                      " i.started_at FROM issuances i WHERE i.started_at >= ? AND i.started_at < ?"
                      " AND (i.state = 'spoiled' OR i.reprints > 0)" + where +
                      " ORDER BY i.started_at, i.counter_id", (lo, hi, *extra))
        queued = tx.all("SELECT q.id, q.action, q.reason, q.counter_id, q.card_number, q.held_by, q.recorded_at"
                        " FROM conflict_queue q WHERE q.status = 'open'" + where.replace("i.", "q.") +
                        " ORDER BY q.id", extra)

    def local(text: str | None) -> str | None:
        moment = parse_time(text)
        return moment.astimezone(figures.tz).replace(microsecond=0).isoformat() if moment else None

    def issuance(kind: str, r: dict[str, Any]) -> ExceptionRow:
        return ExceptionRow(kind, r["counter_id"], hall_of.get(r["counter_id"]), r["issuance_id"][:8],
                            r["card_number"], local(r["started_at"]),
                            {"state": r["state"], "application": r["application"], "reprints": int(r["reprints"])})

    return Exceptions(
        date=day, hall=hall,
        spoiled=[issuance("spoiled", r) for r in rows if r["state"] == "spoiled"],
        reprinted=[issuance("reprinted", r) for r in rows if int(r["reprints"]) > 0],
        conflicts=[ExceptionRow("conflict", q["counter_id"], hall_of.get(q["counter_id"]), None, q["card_number"],
                                local(q["recorded_at"]),
                                {"queue_id": int(q["id"]), "action": q["action"], "reason": q["reason"],
                                 "held_by": q["held_by"]}) for q in queued],
        generated_at=figures.generated_at())
