"""The district's figures over the ledger's tables: a day across halls and counters, the counter board, the year
against the targets (more tables in :mod:`central_ledger.district_tables`: coverage, stock, exceptions).

**Which issuances a day holds.** Exactly as the counter's own daily report
(``counter_app.services.reports.ReportService.compute_daily``): the issuances *started* on that local day of the
district's time zone (``issuances.started_at``, kept by :mod:`central_ledger.derive` from the ``start``
transition), with what happened to them since. A local day is turned into two UTC texts once
(:func:`day_bounds`) and compared as text over the ``issuances_by_start`` index on both engines.

**The figures** (same names in Python, JSON and pages): ``cards_issued`` (now ``issued``),
``third_generation`` (issued with application ``new`` or ``upgrade``: the cards that add a third-generation
holder), ``spoiled``, ``reprints`` (``reprint`` actions), ``cancelled``, ``in_progress`` (none of those three
yet), ``created`` (all started), ``average_issuance_seconds`` (start to hand-over of the issued ones, rounded to
0.1 s as the counter's report), ``by_type`` (started per application).

**The year.** Read as ``GROUP BY`` the UTC hour (``substr(started_at, 1, 13)``) and mapped to local days here,
so that one pass over the year's index answers the monthly figures, the cumulative line and the projection.
The target arithmetic is the counter's (``target_progress``), copied: the ledger never imports the counter.

**Targets** come from the ``targets`` table (year, scope ``district`` or a hall id); the district's defaults are
70,000 new third-generation cards, 120,000 cards, 99.5 % coverage. A hall has a target only when one is set for
it: a share of the district's is never invented.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from central_ledger.derive import FACT_TIME_FORMAT
from central_ledger.ledger import LedgerError
from central_ledger.storage import Storage, Tx

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


def unknown_hall(hall: str) -> LedgerError:
    return LedgerError(404, "hall_not_found", f"没有编号为 {hall} 的服务大厅", f"no hall with the id {hall}")


class DistrictFigures:
    """The district's figures over ``storage`` in the time zone ``tz``; ``clock()`` is now (aware)."""

    def __init__(self, storage: Storage, tz: dt.tzinfo, clock: Callable[[], dt.datetime]):
        self.storage = storage
        self.tz = tz
        self.clock = clock

    def today(self) -> dt.date:
        return self.clock().astimezone(self.tz).date()

    def _generated(self) -> str:
        return self.clock().astimezone(self.tz).replace(microsecond=0).isoformat()

    # -- scope helpers (used by district_tables too) ---------------------------------------------------------

    def check_hall(self, tx: Tx, hall: str | None) -> None:
        if hall is not None and tx.one("SELECT 1 FROM halls WHERE hall_id = ?", (hall,)) is None:
            raise unknown_hall(hall)

    def counters(self, tx: Tx, hall: str | None) -> list[dict[str, Any]]:
        sql = "SELECT counter_id, name, hall_id, status, last_contact_at FROM counters"
        rows = tx.all(sql + (" WHERE hall_id = ?" if hall else "") + " ORDER BY counter_id", (hall,) if hall else ())
        return rows

    @staticmethod
    def hall_filter(hall: str | None, alias: str = "i") -> tuple[str, tuple]:
        """SQL joining ``counters`` to keep one hall's rows of a table aliased ``alias``."""
        if hall is None:
            return "", ()
        return f" AND {alias}.counter_id IN (SELECT counter_id FROM counters WHERE hall_id = ?)", (hall,)

    # -- the day ---------------------------------------------------------------------------------------------

    def summary(self, day: dt.date, hall: str | None = None) -> DaySummary:
        """The figures of the issuances started on local ``day``, in total, per type, counter and hall, with the
        year's targets to date (year of ``day``, actual through ``day``)."""
        lo, hi = day_bounds(day, day, self.tz)
        where, extra = self.hall_filter(hall)
        with self.storage.transaction() as tx:
            self.check_hall(tx, hall)
            counters = self.counters(tx, hall)
            halls = {r["hall_id"]: r["name"] for r in tx.all("SELECT hall_id, name FROM halls ORDER BY hall_id")}
            rows = tx.all(
                "SELECT i.counter_id, i.state, i.application, COUNT(*) AS n, SUM(i.reprints) AS reprints,"
                " SUM(i.duration_seconds) AS seconds, COUNT(i.duration_seconds) AS timed FROM issuances i"
                " WHERE i.started_at >= ? AND i.started_at < ?" + where +
                " GROUP BY i.counter_id, i.state, i.application", (lo, hi, *extra))
            year_lo, _ = day_bounds(dt.date(day.year, 1, 1), day, self.tz)
            ytd = tx.all("SELECT i.application, COUNT(*) AS n FROM issuances i WHERE i.started_at >= ?"
                         " AND i.started_at < ? AND i.state = 'issued'" + where + " GROUP BY i.application",
                         (year_lo, hi, *extra))
            targets = read_targets(tx, day.year, hall)
        per_counter = {c["counter_id"]: CounterFigures(counter_id=c["counter_id"], name=c["name"],
                                                       hall_id=c["hall_id"]) for c in counters}
        totals = Figures()
        by_type: dict[str, int] = {}
        for r in rows:
            n = int(r["n"])
            args = (r["state"], r["application"], n, int(r["reprints"] or 0), float(r["seconds"] or 0.0),
                    int(r["timed"] or 0))
            totals.add(*args)
            key = r["application"] or "unknown"
            by_type[key] = by_type.get(key, 0) + n
            c = per_counter.get(r["counter_id"])
            if c is None:  # issuances of a counter the ledger no longer lists: still the district's
                c = per_counter[r["counter_id"]] = CounterFigures(counter_id=r["counter_id"])
            c.add(*args)
        by_hall: dict[str | None, HallFigures] = {}
        if hall is None:
            by_hall = {h: HallFigures(hall_id=h, name=name) for h, name in halls.items()}
        else:
            by_hall = {hall: HallFigures(hall_id=hall, name=halls.get(hall, ""))}
        for c in per_counter.values():
            h = by_hall.get(c.hall_id)
            if h is None:
                h = by_hall[c.hall_id] = HallFigures(hall_id=c.hall_id, name=halls.get(c.hall_id or "", ""))
            h.merge(c)
            c.finish()
        for h in by_hall.values():
            h.finish()
        all_ytd = sum(int(r["n"]) for r in ytd)
        new_ytd = sum(int(r["n"]) for r in ytd if r["application"] in NEW_SSC3_TYPES)
        return DaySummary(
            date=day, hall=hall, totals=totals.finish(), by_type=dict(sorted(by_type.items())),
            by_counter=sorted(per_counter.values(), key=lambda c: c.counter_id),
            by_hall=sorted(by_hall.values(), key=lambda h: (h.hall_id is None, h.hall_id or "")),
            targets={"third_generation": target_line(targets.new_ssc3, new_ytd, day.year, day),
                     "all": target_line(targets.all_cards, all_ytd, day.year, day)},
            generated_at=self._generated())

    # -- the board -------------------------------------------------------------------------------------------

    def board(self, hall: str | None = None) -> list[CounterLight]:
        """Every counter (of ``hall``) with its light: red when not heard from for over 15 minutes (or never),
        disabled, or a device in error; amber when a required device is absent, any device warns, the oldest
        unsent event is over 5 minutes old, or fewer than 20 blank cards are on hand; else green."""
        now = self.clock()
        with self.storage.transaction() as tx:
            self.check_hall(tx, hall)
            rows = tx.all(
                "SELECT c.counter_id, c.name, c.hall_id, c.status, c.last_contact_at, h.received_at,"
                " h.software_version, h.devices, h.outbox_backlog, h.oldest_event_age_seconds, h.stock"
                " FROM counters c LEFT JOIN heartbeats h ON h.counter_id = c.counter_id"
                + (" WHERE c.hall_id = ?" if hall else "") + " ORDER BY c.counter_id", (hall,) if hall else ())
        return [self._light(r, now) for r in rows]

    @staticmethod
    def _light(r: dict[str, Any], now: dt.datetime) -> CounterLight:
        red: list[Reason] = []
        amber: list[Reason] = []
        last = parse_time(r["last_contact_at"])
        minutes = round(max(0.0, (now - last).total_seconds()) / 60.0, 1) if last else None
        if r["status"] == "disabled":
            red.append(Reason("disabled", "柜台已停用", "counter disabled"))
        if last is None:
            red.append(Reason("never_synced", "从未同步", "never synced"))
        elif minutes is not None and minutes > SILENT_MINUTES:
            red.append(Reason("silent", f"{minutes:.0f} 分钟未同步", f"no sync for {minutes:.0f} minutes"))
        devices = _json_dict(r["devices"])
        stock = _json_dict(r["stock"])
        for name in DEVICES:
            state = devices.get(name)
            if state == "error":
                red.append(Reason(f"device_error:{name}", f"设备故障：{_DEVICE_ZH[name]}", f"device error: {name}"))
            elif state == "warning":
                amber.append(Reason(f"device_warning:{name}", f"设备告警：{_DEVICE_ZH[name]}",
                                    f"device warning: {name}"))
            elif state == "absent" and name in REQUIRED_DEVICES:
                amber.append(Reason(f"device_absent:{name}", f"设备未连接：{_DEVICE_ZH[name]}",
                                    f"device absent: {name}"))
        age = r["oldest_event_age_seconds"]
        if age is not None and float(age) > BACKLOG_AGE_SECONDS:
            amber.append(Reason("backlog_old", f"待同步事件已等待 {float(age) / 60:.0f} 分钟",
                                f"oldest unsent event waiting {float(age) / 60:.0f} minutes"))
        on_hand = stock.get("on_hand")
        if isinstance(on_hand, int | float) and not isinstance(on_hand, bool) and on_hand < STOCK_LOW:
            amber.append(Reason("stock_low", f"空白卡库存不足（{on_hand} 张）", f"blank cards low ({on_hand} on hand)"))
        light = "red" if red else "amber" if amber else "green"
        return CounterLight(
            counter_id=r["counter_id"], name=r["name"], hall_id=r["hall_id"], status=r["status"], light=light,
            reasons=red + amber, last_sync_at=r["last_contact_at"], minutes_since_sync=minutes,
            software_version=r["software_version"], devices={k: v for k, v in devices.items() if isinstance(v, str)},
            outbox_backlog=int(r["outbox_backlog"]) if r["outbox_backlog"] is not None else None,
            oldest_event_age_seconds=float(age) if age is not None else None, stock=stock,
            heartbeat_at=r["received_at"])

    # -- the year --------------------------------------------------------------------------------------------

    def issued_per_day(self, first: dt.date, last: dt.date, hall: str | None = None) -> dict[dt.date, list[int]]:
        """Issued cards per local day of ``first``..``last``: ``{day: [all, third generation]}`` (days with none
        left out), read by UTC hour and mapped to local days here."""
        lo, hi = day_bounds(first, last, self.tz)
        where, extra = self.hall_filter(hall)
        with self.storage.transaction() as tx:
            self.check_hall(tx, hall)
            rows = tx.all(
                "SELECT substr(i.started_at, 1, 13) AS hour, i.application, COUNT(*) AS n FROM issuances i"
                " WHERE i.started_at >= ? AND i.started_at < ? AND i.state = 'issued'" + where +
                " GROUP BY substr(i.started_at, 1, 13), i.application", (lo, hi, *extra))
        return self._per_day(rows)

    def _per_day(self, rows: Iterable[dict[str, Any]]) -> dict[dt.date, list[int]]:
        out: dict[dt.date, list[int]] = {}
        day_of_hour: dict[str, dt.date] = {}
        for r in rows:
            hour = r["hour"]
            day = day_of_hour.get(hour)
            if day is None:
                moment = dt.datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=dt.UTC)
                day = day_of_hour[hour] = moment.astimezone(self.tz).date()
            v = out.setdefault(day, [0, 0])
            n = int(r["n"])
            v[0] += n
            if r["application"] in NEW_SSC3_TYPES:
                v[1] += n
        return out

    def year(self, year: int, as_of: dt.date | None = None, hall: str | None = None) -> YearProgress:
        """The year against its targets: cumulative issued cards per day through ``as_of`` (today, or 31 December
        of a past year), the straight target line, the projection at the run rate to the year's end, monthly."""
        if as_of is None:
            today = self.today()
            as_of = today if today.year == year else dt.date(year, 12, 31)
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        per_day = self.issued_per_day(start, end, hall)
        with self.storage.transaction() as tx:
            targets = read_targets(tx, year, hall)
        days_in_year = (end - start).days + 1
        monthly = [{"month": m, "cards": 0, "third_generation": 0} for m in range(1, 13)]
        all_cards = new = 0
        for day, (cards, fresh) in per_day.items():
            if day > as_of:
                continue
            all_cards += cards
            new += fresh
            monthly[day.month - 1]["cards"] += cards
            monthly[day.month - 1]["third_generation"] += fresh
        line_all = target_line(targets.all_cards, all_cards, year, as_of)
        line_new = target_line(targets.new_ssc3, new, year, as_of)
        elapsed = max(1, min(days_in_year, (as_of - start).days + 1))
        days: list[YearDay] = []
        cum_all = cum_new = 0
        for i in range(days_in_year):
            day = start + dt.timedelta(days=i)
            cards, fresh = per_day.get(day, (0, 0)) if day <= as_of else (0, 0)
            cum_all += cards
            cum_new += fresh
            past = day <= as_of
            ahead = i + 1 >= elapsed
            days.append(YearDay(
                date=day, cards=cards, third_generation=fresh,
                cumulative_cards=cum_all if past else None, cumulative_third_generation=cum_new if past else None,
                target_cards=(round(targets.all_cards * (i + 1) / days_in_year, 1)
                              if targets.all_cards is not None else None),
                target_third_generation=(round(targets.new_ssc3 * (i + 1) / days_in_year, 1)
                                         if targets.new_ssc3 is not None else None),
                projected_cards=round(all_cards / elapsed * (i + 1), 1) if ahead else None,
                projected_third_generation=round(new / elapsed * (i + 1), 1) if ahead else None))
        return YearProgress(
            year=year, as_of=as_of, hall=hall, days_elapsed=elapsed, days_in_year=days_in_year,
            third_generation=line_new, all=line_all, coverage_percent_target=targets.coverage_percent,
            targets=targets, monthly=monthly, days=days, generated_at=self._generated())


_DEVICE_ZH = {"encoder": "读写器", "psam": "PSAM 卡", "printer": "打印机", "camera": "摄像头", "id_reader": "身份证阅读器"}


def _json_dict(text: Any) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
