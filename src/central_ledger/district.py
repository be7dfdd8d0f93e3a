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
from collections.abc import Callable, Iterable
from typing import Any

from central_ledger.district_types import (  # noqa: F401 - re-exported: the figures' values live there
    BACKLOG_AGE_SECONDS,
    DEFAULT_TARGETS,
    DEVICES,
    DISTRICT,
    FIGURES,
    NEW_SSC3_TYPES,
    REQUIRED_DEVICES,
    SILENT_MINUTES,
    STOCK_LOW,
    CounterFigures,
    CounterLight,
    DaySummary,
    Figures,
    HallFigures,
    Reason,
    TargetLine,
    Targets,
    YearDay,
    YearProgress,
    day_bounds,
    parse_time,
    read_targets,
    target_line,
    utc_text,
)
from central_ledger.ledger import LedgerError
from central_ledger.storage import Storage, Tx


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

    def generated_at(self) -> str:
        return self.clock().astimezone(self.tz).replace(microsecond=0).isoformat()

    # -- the other tables (central_ledger.district_tables) ----------------------------------------------------

    def coverage(self):  # -> district_tables.Coverage
        """Coverage per township and for the district, from the imported population table."""
        from central_ledger import district_tables

        return district_tables.coverage(self)

    def stock(self, hall: str | None = None):  # -> district_tables.Stock
        """Card stock per counter and hall from the latest heartbeats, reconciled with the ledger's counts."""
        from central_ledger import district_tables

        return district_tables.stock(self, hall)

    def exceptions(self, day: dt.date, hall: str | None = None):  # -> district_tables.Exceptions
        """The day's spoiled and reprinted issuances and the open conflict-queue entries of those counters."""
        from central_ledger import district_tables

        return district_tables.exceptions(self, day, hall)

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
            generated_at=self.generated_at())

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
        devices = json_object(r["devices"])
        stock = json_object(r["stock"])
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
            targets=targets, monthly=monthly, days=days, generated_at=self.generated_at())


_DEVICE_ZH = {"encoder": "读写器", "psam": "PSAM 卡", "printer": "打印机", "camera": "摄像头", "id_reader": "身份证阅读器"}


def json_object(text: Any) -> dict[str, Any]:
    """A stored JSON object (a heartbeat's devices or stock); ``{}`` for anything else."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
