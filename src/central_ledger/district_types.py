"""The district's figures as values (:mod:`central_ledger.district` computes them): the figures of a set of
issuances, the target lines (the counter's arithmetic, copied: the ledger never imports the counter), the day's
summary, a counter's light on the board and the year's progress. Each has ``as_dict()``: its JSON, the same
names in Python, the API and the pages.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from central_ledger.derive import FACT_TIME_FORMAT
from central_ledger.storage import Tx

NEW_SSC3_TYPES = frozenset({"new", "upgrade"})  # as counter_app.services.reports.NEW_SSC3_TYPES
DISTRICT = "district"
DEFAULT_TARGETS = {"new_ssc3": 70000, "all_cards": 120000, "coverage_percent": 99.5}
_HORIZON_DAYS = 100 * 366

SILENT_MINUTES = 15          # a counter not heard from for longer is red
BACKLOG_AGE_SECONDS = 300    # an outbox whose oldest event waits longer is amber
STOCK_LOW = 20               # fewer blank cards on hand is amber
DEVICES = ("encoder", "psam", "printer", "camera", "id_reader")
REQUIRED_DEVICES = frozenset({"encoder", "psam", "printer"})  # a counter cannot issue a card without these
FIGURES = ("cards_issued", "third_generation", "spoiled", "reprints", "cancelled", "in_progress", "created",
           "average_issuance_seconds")


# --- time --------------------------------------------------------------------------------------------------

def utc_text(moment: dt.datetime) -> str:
    """The issuance facts' UTC text of an aware moment (:data:`central_ledger.derive.FACT_TIME_FORMAT`)."""
    return moment.astimezone(dt.UTC).strftime(FACT_TIME_FORMAT)


def day_bounds(first: dt.date, last: dt.date, tz: dt.tzinfo) -> tuple[str, str]:
    """The UTC texts of the start of local day ``first`` and of the end of local day ``last`` (exclusive)."""
    start = dt.datetime.combine(first, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return utc_text(start), utc_text(end)


def parse_time(text: str | None) -> dt.datetime | None:
    """A stored time text (the ledger's ``+00:00`` ISO or the facts' ``Z`` form) as an aware datetime."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# --- the figures of a set of issuances ---------------------------------------------------------------------

@dataclass
class Figures:
    """The day's figures of the district, a hall or a counter (see the module doc)."""

    cards_issued: int = 0
    third_generation: int = 0
    spoiled: int = 0
    reprints: int = 0
    cancelled: int = 0
    in_progress: int = 0
    created: int = 0
    average_issuance_seconds: float | None = None
    _seconds: float = field(default=0.0, repr=False)
    _timed: int = field(default=0, repr=False)

    def add(self, state: str, application: str | None, n: int, reprints: int, seconds: float, timed: int) -> None:
        self.created += n
        self.reprints += reprints
        if state == "issued":
            self.cards_issued += n
            if application in NEW_SSC3_TYPES:
                self.third_generation += n
            self._seconds += seconds
            self._timed += timed
        elif state == "spoiled":
            self.spoiled += n
        elif state == "cancelled":
            self.cancelled += n
        else:
            self.in_progress += n

    def merge(self, other: Figures) -> None:
        for name in ("cards_issued", "third_generation", "spoiled", "reprints", "cancelled", "in_progress",
                     "created", "_seconds", "_timed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def finish(self) -> Figures:
        self.average_issuance_seconds = round(self._seconds / self._timed, 1) if self._timed else None
        return self

    def figures(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in FIGURES}


@dataclass
class CounterFigures(Figures):
    counter_id: str = ""
    name: str = ""
    hall_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"counter_id": self.counter_id, "name": self.name, "hall_id": self.hall_id, **self.figures()}


@dataclass
class HallFigures(Figures):
    hall_id: str | None = None   # None: counters not in any hall
    name: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"hall_id": self.hall_id, "name": self.name, **self.figures()}


# --- targets (the counter's arithmetic, copied) ------------------------------------------------------------

@dataclass(frozen=True)
class TargetLine:
    """One target of the year: ``target`` None when none is set for this scope (a hall without its own)."""

    target: int | None
    actual: int
    projected: int              # at the run rate, by 31 December
    percent: float | None       # of the target reached
    on_track: bool | None       # the projection reaches the target
    run_rate_per_day: float
    reach_date: dt.date | None  # when the run rate reaches the target (None: never / no target)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["reach_date"] = self.reach_date.isoformat() if self.reach_date else None
        return out


def target_line(target: int | None, actual: int, year: int, as_of: dt.date) -> TargetLine:
    """``counter_app.services.reports.target_progress``'s arithmetic: the run rate is the year's cards so far
    over the days elapsed (``as_of`` included), the projection that rate times the days of the year."""
    start = dt.date(year, 1, 1)
    days_in_year = (dt.date(year + 1, 1, 1) - start).days
    elapsed = max(1, min(days_in_year, (as_of - start).days + 1))
    rate = actual / elapsed
    projected = round(rate * days_in_year)
    if target is None:
        return TargetLine(None, int(actual), int(projected), None, None, round(rate, 2), None)
    if actual >= target:
        reach: dt.date | None = as_of if actual else start
    elif rate > 0 and target / rate < _HORIZON_DAYS:
        reach = start + dt.timedelta(days=math.ceil(target / rate) - 1)
    else:
        reach = None
    return TargetLine(int(target), int(actual), int(projected), round(100.0 * actual / target, 2) if target else 0.0,
                      projected >= target, round(rate, 2), reach)


@dataclass(frozen=True)
class Targets:
    """The targets of a year and scope; ``None`` fields: not set for this hall."""

    year: int
    scope: str
    new_ssc3: int | None
    all_cards: int | None
    coverage_percent: float | None
    is_default: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_targets(tx: Tx, year: int, hall: str | None) -> Targets:
    scope = hall or DISTRICT
    row = tx.one("SELECT new_ssc3, all_cards, coverage_percent FROM targets WHERE year = ? AND scope = ?",
                 (year, scope))
    if row is not None:
        return Targets(year, scope, int(row["new_ssc3"]), int(row["all_cards"]), float(row["coverage_percent"]),
                       False)
    if hall is None:
        return Targets(year, scope, DEFAULT_TARGETS["new_ssc3"], DEFAULT_TARGETS["all_cards"],
                       DEFAULT_TARGETS["coverage_percent"], True)
    return Targets(year, scope, None, None, None, True)


# --- the answers -------------------------------------------------------------------------------------------

@dataclass
class DaySummary:
    date: dt.date
    hall: str | None
    totals: Figures
    by_type: dict[str, int]
    by_counter: list[CounterFigures]
    by_hall: list[HallFigures]
    targets: dict[str, TargetLine]
    generated_at: str

    def __getattr__(self, name: str) -> Any:  # summary.cards_issued etc.: the totals' figures
        if name.startswith("_") or name == "totals":
            raise AttributeError(name)
        return getattr(self.totals, name)

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "hall": self.hall, **self.totals.figures(),
                "by_type": dict(self.by_type), "by_counter": [c.as_dict() for c in self.by_counter],
                "by_hall": [h.as_dict() for h in self.by_hall],
                "targets": {k: v.as_dict() for k, v in self.targets.items()}, "generated_at": self.generated_at}


@dataclass(frozen=True)
class Reason:
    code: str
    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class CounterLight:
    """One counter of the board: its light and why (red beats amber beats green)."""

    counter_id: str
    name: str
    hall_id: str | None
    status: str                   # the ledger's counter status: enrolled | active | disabled
    light: str                    # green | amber | red
    reasons: list[Reason]
    last_sync_at: str | None      # the counter's last contact with the ledger (UTC ISO)
    minutes_since_sync: float | None
    software_version: str | None
    devices: dict[str, str]
    outbox_backlog: int | None
    oldest_event_age_seconds: float | None
    stock: dict[str, Any]
    heartbeat_at: str | None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["reasons"] = [r.as_dict() for r in self.reasons]
        return out


@dataclass(frozen=True)
class YearDay:
    date: dt.date
    cards: int
    third_generation: int
    cumulative_cards: int | None             # through as_of; None after
    cumulative_third_generation: int | None
    target_cards: float | None               # the straight line from 0 on 1 January to the target on 31 December
    target_third_generation: float | None
    projected_cards: float | None            # from as_of on: the run rate carried to the year's end
    projected_third_generation: float | None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["date"] = self.date.isoformat()
        return out


@dataclass
class YearProgress:
    year: int
    as_of: dt.date
    hall: str | None
    days_elapsed: int
    days_in_year: int
    third_generation: TargetLine
    all: TargetLine
    coverage_percent_target: float | None
    targets: Targets
    monthly: list[dict[str, int]]       # [{"month": 1, "cards": n, "third_generation": n}, ...]
    days: list[YearDay]
    generated_at: str

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.year, "as_of": self.as_of.isoformat(), "hall": self.hall,
                "days_elapsed": self.days_elapsed, "days_in_year": self.days_in_year,
                "third_generation": self.third_generation.as_dict(), "all": self.all.as_dict(),
                "coverage_percent_target": self.coverage_percent_target, "targets": self.targets.as_dict(),
                "monthly": [dict(m) for m in self.monthly], "days": [d.as_dict() for d in self.days],
                "generated_at": self.generated_at}
