"""The supervisor's figures: the day (or range) report and the year against the district's targets.

**Which issuances a day holds.** A day's report counts the issuances *created* that day in the
counter's time zone (``tz``; the machine's by default), with everything that happened to them
since — an issuance started at 16:55 and handed over at 17:05 the same evening is one card of
its day, whatever the clock said at hand-over. The same rule drives the year view, so the year's
total is the sum of its days.

**Who.** An issuance's clerk is the user who started it (the actor of its first event); the
clerk of an issued card is the one who handed it over, the clerk of a spoiled card the one who
set it aside (their events' actors). A session's username, never a name of a person.

**Time per issuance and per step.** Per issuance: from the first event to the hand-over, for
issued cards. Per step: the time from one event to the next, filed under the action of the later
event (``finish_encoding`` is the chip write, ``finish_printing`` the print, ``hand_over`` the
hand-over and PIN). Mean and 90th percentile (nearest rank).

**Speed.** A day reads its issuances and their events through the creation-time index and the
events' (issuance, seq) key: a busy day (500 issuances, 3,500 events) is a few milliseconds. The
year view and the daily series of a range read ``issuance_hourly`` (migration 4: a summary by
UTC hour kept by triggers), never the 180,000 rows of a year. The reads are done by
:mod:`counter_app.store.reports`, which also unseals the one thing a report shows of a person.

**What counts toward the targets.** ``all cards``: issuances that reached ``issued``. ``new
third-generation cards``: those whose application is a first card (``new``) or an upgrade of a
second-generation card (``upgrade``) — the cards that raise the number of people holding a
third-generation card; replacements and renewals re-issue a card the person had. The run rate is
the year's cards so far over the days elapsed (today included), and the date a target is reached
is when that rate would reach it.

No personal data in a report beyond the masked ID numbers of spoiled cards (for the follow-up
with the holder): :func:`counter_app.domain.masking.mask_id_number`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from counter_app.domain.masking import mask_id_number
from counter_app.services.auth import Role, Session, requires
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.reports import ReportRepository
from counter_app.store.stock import StockRepository

# Application types that make a new third-generation card holder (see the module doc).
NEW_SSC3_TYPES = frozenset({"new", "upgrade"})
_HORIZON_DAYS = 100 * 366
DEFAULT_TARGETS = {"targets.new_ssc3_per_year": 70000, "targets.cards_per_year": 120000,
                   "targets.coverage_percent": 99.5, "targets.budget_yuan": 1000000}


@dataclass(frozen=True, slots=True)
class Timing:
    count: int
    mean_seconds: float | None
    p90_seconds: float | None

    @classmethod
    def of(cls, seconds: list[float]) -> Timing:
        if not seconds:
            return cls(0, None, None)
        ordered = sorted(seconds)
        rank = max(1, math.ceil(0.9 * len(ordered)))  # nearest-rank percentile
        return cls(len(ordered), round(sum(ordered) / len(ordered), 1), round(ordered[rank - 1], 1))


@dataclass(frozen=True, slots=True)
class SpoiledCard:
    issuance_ref: str          # the first 8 characters of the issuance id: enough to find it
    at: str                    # local time, ISO
    clerk: str
    card_number: str | None
    card_id: str | None
    reason: str
    id_number_masked: str      # 4213**********123X


@dataclass(frozen=True, slots=True)
class Reprint:
    issuance_ref: str
    at: str
    clerk: str
    card_number: str | None


@dataclass(frozen=True, slots=True)
class DaySeries:
    """One day of a range, from the hourly summary: created, issued, new third-generation, spoiled."""

    day: dt.date
    created: int
    issued: int
    new_ssc3: int
    spoiled: int


@dataclass
class DailyReport:
    date_from: dt.date
    date_to: dt.date                       # inclusive; equal to date_from for a day
    tz: str
    created: int
    issued: int
    spoiled: int
    reprints: int
    by_state: dict[str, int]
    by_clerk: dict[str, dict[str, int]]    # username -> {"started", "issued", "spoiled"}
    by_type: dict[str, int]                # application type -> issuances
    by_reason: dict[str, int]              # replacement reason code -> issuances
    spoiled_cards: list[SpoiledCard]
    reprint_list: list[Reprint]
    per_issuance: Timing
    per_step: dict[str, Timing]
    pending_sync: int
    oldest_pending_seconds: float | None
    series: list[DaySeries] = field(default_factory=list)
    generated_at: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``counter-app report daily``: plain values only."""
        out = asdict(self)
        out["date"] = self.date_from.isoformat()
        out["date_from"] = self.date_from.isoformat()
        out["date_to"] = self.date_to.isoformat()
        out["series"] = [{**asdict(s), "day": s.day.isoformat()} for s in self.series]
        return out

    def totals(self) -> dict[str, Any]:
        """The figures a day close records and sends (no lists, no names)."""
        return {"created": self.created, "issued": self.issued, "spoiled": self.spoiled, "reprints": self.reprints,
                "by_state": dict(self.by_state), "by_type": dict(self.by_type), "by_reason": dict(self.by_reason)}


@dataclass(frozen=True, slots=True)
class BankTotals:
    """One co-issuing bank's line of a day's (or range's) issuances (:meth:`ReportService.compute_by_bank`)."""

    bank_code: str | None      # None: issuances whose bank is not known (made before banks were configured)
    bank_name: str             # from banks.list; "" for None or a bank no longer listed
    issued: int                # now ``issued``
    spoiled: int               # now ``spoiled``
    in_progress: int           # holding a card, not issued yet (encoding … print_failed)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_IN_PROGRESS_STATES = frozenset({"encoding", "encoded", "printing", "printed", "encode_failed", "print_failed"})


@dataclass(frozen=True, slots=True)
class TargetProgress:
    key: str                   # the setting: targets.new_ssc3_per_year / targets.cards_per_year
    target: int
    actual: int
    percent: float
    run_rate_per_day: float
    projected_year_end: int
    reach_date: dt.date | None  # None: never at this rate (nothing issued yet)
    on_track: bool              # reached by 31 December at this rate


@dataclass
class YearView:
    year: int
    as_of: dt.date
    days_elapsed: int
    days_in_year: int
    new_ssc3: int
    all_cards: int
    new_ssc3_progress: TargetProgress
    cards_progress: TargetProgress
    monthly: list[dict[str, int]]          # [{"month": 1, "cards": n, "new_ssc3": n}, ...]
    other_targets: dict[str, float]        # coverage %, budget: shown, not computed here

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        for key in ("new_ssc3_progress", "cards_progress"):
            reach = out[key]["reach_date"]
            out[key]["reach_date"] = reach.isoformat() if reach else None
        return out


# --- the pure parts: used by the service and, over the ledger's tables, by the district bench -------

def target_progress(key: str, target: int, actual: int, year: int, as_of: dt.date) -> TargetProgress:
    start = dt.date(year, 1, 1)
    days_in_year = (dt.date(year + 1, 1, 1) - start).days
    elapsed = max(1, min(days_in_year, (as_of - start).days + 1))
    rate = actual / elapsed
    projected = round(rate * days_in_year)
    if actual >= target:
        reach: dt.date | None = as_of if actual else start
        # Reached already: the day it was reached is not known from a rate; say "by today".
    elif rate > 0 and target / rate < _HORIZON_DAYS:
        reach = start + dt.timedelta(days=math.ceil(target / rate) - 1)
    else:
        reach = None  # nothing issued yet, or not within a century at this rate
    return TargetProgress(key, int(target), int(actual), round(100.0 * actual / target, 2) if target else 0.0,
                          round(rate, 2), int(projected), reach, projected >= target)


def year_view_from_days(year: int, as_of: dt.date, per_day: Mapping[dt.date, tuple[int, int]],
                        targets: Mapping[str, Any]) -> YearView:
    """The year view from issued cards per local day: ``{day: (all cards, new third-generation)}``.
    Days after ``as_of`` are ignored."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    monthly = [{"month": m, "cards": 0, "new_ssc3": 0} for m in range(1, 13)]
    all_cards = new = 0
    for day, (cards, fresh) in per_day.items():
        if not (start <= day < end) or day > as_of:
            continue
        all_cards += cards
        new += fresh
        monthly[day.month - 1]["cards"] += cards
        monthly[day.month - 1]["new_ssc3"] += fresh
    t_new = int(targets.get("targets.new_ssc3_per_year", DEFAULT_TARGETS["targets.new_ssc3_per_year"]))
    t_all = int(targets.get("targets.cards_per_year", DEFAULT_TARGETS["targets.cards_per_year"]))
    days_in_year = (end - start).days
    return YearView(
        year=year, as_of=as_of, days_elapsed=max(1, min(days_in_year, (as_of - start).days + 1)),
        days_in_year=days_in_year, new_ssc3=new, all_cards=all_cards,
        new_ssc3_progress=target_progress("targets.new_ssc3_per_year", t_new, new, year, as_of),
        cards_progress=target_progress("targets.cards_per_year", t_all, all_cards, year, as_of),
        monthly=monthly,
        other_targets={k: float(targets.get(k, DEFAULT_TARGETS[k]))
                       for k in ("targets.coverage_percent", "targets.budget_yuan")},
    )


def local_day_bounds(first: dt.date, last: dt.date, tz: dt.tzinfo) -> tuple[str, str]:
    """The store's time texts of the start of ``first`` and the end of ``last`` in ``tz``."""
    start = dt.datetime.combine(first, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return to_db_time(start), to_db_time(end)


def local_tz() -> dt.tzinfo:
    tz = dt.datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


# --- the service ----------------------------------------------------------------------------------

class ReportService:
    """Figures over the counter's store. ``tz``: the counter's time zone (days are its days);
    ``settings``: where the targets are read (``targets.*``); ``clock``: now (tests fix it)."""

    def __init__(self, store: Store, settings: Any = None, *, tz: dt.tzinfo | None = None,
                 clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._settings = settings
        self._tz = tz or local_tz()
        self._clock = clock

    @property
    def tz(self) -> dt.tzinfo:
        return self._tz

    def today(self) -> dt.date:
        return self._clock().astimezone(self._tz).date()

    @requires(Role.SUPERVISOR, zh="查看日报", en="view the daily report")
    def daily(self, session: Session, day: dt.date | None = None, to: dt.date | None = None) -> DailyReport:
        """The report of ``day`` (today by default), or of ``day``..``to`` inclusive."""
        return self.compute_daily(day or self.today(), to)

    @requires(Role.SUPERVISOR, zh="查看年度进度", en="view the year against the targets")
    def year(self, session: Session, year: int | None = None, as_of: dt.date | None = None) -> YearView:
        today = self.today()
        year = year or today.year
        as_of = as_of or (today if today.year == year else dt.date(year, 12, 31))
        return year_view_from_days(year, as_of, self.issued_per_day(dt.date(year, 1, 1), dt.date(year, 12, 31)),
                                   self._targets())

    @requires(Role.SUPERVISOR, zh="查看日报", en="view the daily report")
    def by_bank(self, session: Session, day: dt.date | None = None, to: dt.date | None = None) -> list[BankTotals]:
        """The issuances of ``day`` (today by default), or of ``day``..``to``, per co-issuing bank."""
        return self.compute_by_bank(day or self.today(), to)

    # --- computing (no permission check: the checked methods above and the day close call these) --

    def compute_by_bank(self, first: dt.date, last: dt.date | None = None) -> list[BankTotals]:
        """Per co-issuing bank, the issuances created ``first``..``last`` (the days of :meth:`compute_daily`):
        issued, spoiled, in progress. An issuance's bank is the bank of the stock its card was taken from, else
        the bank of the account read from its chip. One line per bank of ``banks.list`` (in its order, zeros
        included), then other banks met, then ``None`` for issuances with a card or spoiled whose bank is not
        known (only when there are some): the lines add up to the report's ``by_state`` figures."""
        from counter_app.domain.banks import bank_by_code, banks_from_settings

        last = last or first
        if last < first:
            first, last = last, first
        lo, hi = local_day_bounds(first, last, self._tz)
        rows = ReportRepository(self._store.db).issuances_created(lo, hi)
        bank_of = StockRepository(self._store.db).banks_of_issuances_created(lo, hi)
        try:
            banks = banks_from_settings(self._settings) if self._settings is not None else ()
        except KeyError:
            banks = ()
        counts: dict[str | None, Counter[str]] = {b.code: Counter() for b in banks}
        for row in rows:
            kind = ("issued" if row.state == "issued" else "spoiled" if row.state == "spoiled"
                    else "in_progress" if row.state in _IN_PROGRESS_STATES else None)
            if kind is None:
                continue
            counts.setdefault(bank_of.get(row.id), Counter())[kind] += 1
        known = [c for c in counts if c is not None]
        order = [b.code for b in banks] + sorted(c for c in known if bank_by_code(c, banks) is None)
        if None in counts:
            order.append(None)
        out = []
        for code in order:
            bank = bank_by_code(code, banks) if code is not None else None
            c = counts[code]
            out.append(BankTotals(code, bank.name if bank else "", c["issued"], c["spoiled"], c["in_progress"]))
        return out

    def compute_daily(self, first: dt.date, last: dt.date | None = None) -> DailyReport:
        last = last or first
        if last < first:
            first, last = last, first
        lo, hi = local_day_bounds(first, last, self._tz)
        source = ReportRepository(self._store.db)
        rows = source.issuances_created(lo, hi)
        events = source.events_of_issuances_created(lo, hi)

        by_state: Counter[str] = Counter()
        by_type: Counter[str] = Counter()
        by_reason: Counter[str] = Counter()
        by_clerk: dict[str, Counter[str]] = defaultdict(Counter)
        step_times: dict[str, list[float]] = defaultdict(list)
        issuance_times: list[float] = []
        spoiled: list[SpoiledCard] = []
        reprints: list[Reprint] = []
        for row in rows:
            issuance_id, state = row.id, row.state
            by_state[state] += 1
            by_type[row.application_type] += 1
            if row.reason:
                by_reason[row.reason] += 1
            history = events.get(issuance_id, [])
            if history:
                by_clerk[history[0].actor]["started"] += 1
            previous: dt.datetime | None = None
            first_at: dt.datetime | None = None
            for event in history:
                action, at, actor = event.action, event.at, event.actor
                if previous is None:
                    first_at = at
                else:
                    step_times[action].append((at - previous).total_seconds())
                previous = at
                if action == "hand_over" and state == "issued":
                    by_clerk[actor]["issued"] += 1
                    if first_at is not None:
                        issuance_times.append((at - first_at).total_seconds())
                elif action == "spoil":
                    by_clerk[actor]["spoiled"] += 1
                    spoiled.append(SpoiledCard(issuance_id[:8], self._local(at), actor, row.card_number, row.card_id,
                                               row.failure_reason or "", self._masked_id(source, issuance_id)))
                elif action == "reprint":
                    reprints.append(Reprint(issuance_id[:8], self._local(at), actor, row.card_number))
        pending, oldest = self._pending(source)
        return DailyReport(
            date_from=first, date_to=last, tz=str(self._tz), created=len(rows), issued=by_state.get("issued", 0),
            spoiled=len(spoiled), reprints=len(reprints), by_state=dict(sorted(by_state.items())),
            by_clerk={k: {"started": v["started"], "issued": v["issued"], "spoiled": v["spoiled"]}
                      for k, v in sorted(by_clerk.items())},
            by_type=dict(sorted(by_type.items())), by_reason=dict(sorted(by_reason.items())),
            spoiled_cards=sorted(spoiled, key=lambda s: s.at), reprint_list=sorted(reprints, key=lambda r: r.at),
            per_issuance=Timing.of(issuance_times),
            per_step={k: Timing.of(v) for k, v in sorted(step_times.items())},
            pending_sync=pending, oldest_pending_seconds=oldest,
            series=self.series(first, last), generated_at=self._local(self._clock()),
        )

    def series(self, first: dt.date, last: dt.date) -> list[DaySeries]:
        """Per local day of ``first``..``last``: created, issued, new third-generation, spoiled."""
        days: dict[dt.date, Counter[str]] = {first + dt.timedelta(days=i): Counter()
                                             for i in range((last - first).days + 1)}
        for day, state, app_type, n in self._hourly(first, last):
            c = days.get(day)
            if c is None:
                continue
            c["created"] += n
            if state == "issued":
                c["issued"] += n
                if app_type in NEW_SSC3_TYPES:
                    c["new_ssc3"] += n
            elif state == "spoiled":
                c["spoiled"] += n
        return [DaySeries(d, c["created"], c["issued"], c["new_ssc3"], c["spoiled"]) for d, c in days.items()]

    def issued_per_day(self, first: dt.date, last: dt.date) -> dict[dt.date, tuple[int, int]]:
        """Issued cards per local day: ``{day: (all, new third-generation)}`` (days with none left out)."""
        out: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
        for day, _state, app_type, n in self._hourly(first, last, state="issued"):
            out[day][0] += n
            if app_type in NEW_SSC3_TYPES:
                out[day][1] += n
        return {d: (v[0], v[1]) for d, v in out.items()}

    def _hourly(self, first: dt.date, last: dt.date, state: str | None = None) -> Iterable[tuple]:
        lo, hi = local_day_bounds(first, last, self._tz)
        # The summary's hours are UTC 'YYYY-MM-DDTHH'; the bounds cut at whole local days.
        day_of_hour: dict[str, dt.date] = {}
        for c in ReportRepository(self._store.db).hourly(lo[:13], hi[:13], state):
            day = day_of_hour.get(c.hour)
            if day is None:
                moment = dt.datetime.strptime(c.hour, "%Y-%m-%dT%H").replace(tzinfo=dt.UTC)
                day = day_of_hour[c.hour] = moment.astimezone(self._tz).date()
            yield day, c.state, c.application_type, c.n

    def _pending(self, source: ReportRepository) -> tuple[int, float | None]:
        backlog = source.outbox_backlog()
        oldest = (max(0.0, (self._clock() - backlog.oldest_at).total_seconds())
                  if backlog.oldest_at is not None else None)
        return backlog.pending, (round(oldest, 1) if oldest is not None else None)

    @staticmethod
    def _masked_id(source: ReportRepository, issuance_id: str) -> str:
        number = source.document_number(issuance_id)  # "": purged by retention, or unreadable
        return mask_id_number(number) if number else ""

    def _local(self, moment: dt.datetime) -> str:
        return moment.astimezone(self._tz).replace(microsecond=0).isoformat()

    def _targets(self) -> dict[str, Any]:
        out = dict(DEFAULT_TARGETS)
        if self._settings is not None:
            for key in DEFAULT_TARGETS:
                try:
                    out[key] = self._settings.get(key)
                except KeyError:
                    pass  # not declared (an older settings module): the district's defaults
        return out
