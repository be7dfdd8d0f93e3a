"""好差评: the applicant rates the service after hand-over; the supervisor sees the ratings by clerk and day.

A rating belongs to one issuance that was handed over (its case number), is given once, and is queued for the
ledger in the same transaction as it is stored (outbox event ``service.rating``: the case number, the level,
the reason code, the clerk's id; no personal data), so it syncs like every other event and is never lost
offline. The clerk who served is the issuance's clerk, not whoever happens to be signed in when the applicant
presses the button: the rating judges the service, not the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from counter_app.domain.case_numbers import case_number
from counter_app.domain.issuance import IssuanceState
from counter_app.domain.problems import DomainError, Problem
from counter_app.domain.ratings import RatingLevel, check_rating
from counter_app.services.auth import Role, Session, requires
from counter_app.services.issuance import IssuanceService
from counter_app.services.reports import local_day_bounds, local_tz
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.outbox import OutboxRepository
from counter_app.store.ratings import RatingRepository, StoredRating
from counter_app.store.users import UserRepository

RATING_EVENT = "service.rating"


class RatingRefused(DomainError):
    def __init__(self, code: str, zh: str, en: str):
        super().__init__(Problem(code, zh, en))


@dataclass(frozen=True)
class ClerkRatings:
    """One clerk's ratings over the days asked: how many at each level, the average, the 差评 cases."""

    clerk_id: str | None
    clerk_name: str
    by_level: dict[int, int] = field(default_factory=dict)
    poor_cases: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return sum(self.by_level.values())

    @property
    def average(self) -> float | None:
        return round(sum(k * v for k, v in self.by_level.items()) / self.count, 2) if self.count else None

    @property
    def satisfied_percent(self) -> float | None:
        """满意率: the share rated 基本满意 or better, as the national system reports it."""
        good = sum(v for k, v in self.by_level.items() if k >= RatingLevel.FAIRLY_SATISFIED)
        return round(100 * good / self.count, 1) if self.count else None


class RatingService:
    def __init__(self, store: Store, *, clock: Callable[[], dt.datetime] = utc_now, tz: dt.tzinfo | None = None):
        self._store = store
        self._clock = clock
        self._tz = tz or local_tz()
        self._issuances = IssuanceService(store)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="记录服务评价", en="record a service rating")
    def rate(self, session: Session, issuance_id: str, level: int, reason: str | None = None) -> StoredRating:
        """Record the applicant's rating of a handed-over issuance and queue it for the ledger (one transaction)."""
        checked, reason = check_rating(level, reason)
        issuance = self._issuances.get(issuance_id)
        if issuance.state is not IssuanceState.ISSUED:
            raise RatingRefused("rating.not_handed_over", "卡片发放后才能评价。",
                                "The service can be rated once the card was handed over.")
        now = self._clock()
        with self._store.transaction() as db:
            repo = RatingRepository(db)
            if repo.get(issuance_id) is not None:
                raise RatingRefused("rating.already_given", "本次业务已评价过。", "This case was rated already.")
            clerk_name = self._clerk_name(db, issuance.clerk) or session.username
            rating = StoredRating(issuance_id, case_number(issuance_id), int(checked), reason, issuance.clerk,
                                  clerk_name, now)
            repo.add(rating)
            OutboxRepository(db).append(RATING_EVENT, at=now, issuance_id=issuance_id, payload={
                "case_number": rating.case_number, "level": rating.level, "reason": reason,
                "clerk_id": issuance.clerk, "rated_at": now.isoformat()})
        return rating

    def rating_of(self, issuance_id: str) -> StoredRating | None:
        return RatingRepository(self._store.db).get(issuance_id)

    @requires(Role.SUPERVISOR, zh="查看服务评价", en="view service ratings")
    def by_clerk(self, session: Session, first: dt.date, last: dt.date | None = None) -> list[ClerkRatings]:
        """The ratings of the days ``first``..``last`` (the counter's days), per clerk, by name."""
        lo, hi = local_day_bounds(first, last or first, self._tz)
        per: dict[str | None, tuple[str, dict[int, int], list[str]]] = {}
        for r in RatingRepository(self._store.db).between(lo, hi):
            name, levels, poor = per.setdefault(r.clerk_id, (r.clerk_name, {}, []))
            levels[r.level] = levels.get(r.level, 0) + 1
            if RatingLevel(r.level).is_poor:
                poor.append(r.case_number)
        return sorted((ClerkRatings(cid, name, levels, tuple(poor)) for cid, (name, levels, poor) in per.items()),
                      key=lambda c: c.clerk_name)

    @requires(Role.SUPERVISOR, zh="查看服务评价", en="view service ratings")
    def by_day(self, session: Session, first: dt.date, last: dt.date) -> dict[dt.date, dict[int, int]]:
        """Counts per level for each day ``first``..``last`` that has ratings."""
        lo, hi = local_day_bounds(first, last, self._tz)
        days: dict[dt.date, dict[int, int]] = {}
        for r in RatingRepository(self._store.db).between(lo, hi):
            levels = days.setdefault(r.rated_at.astimezone(self._tz).date(), {})
            levels[r.level] = levels.get(r.level, 0) + 1
        return days

    @requires(Role.SUPERVISOR, zh="查看服务评价", en="view service ratings")
    def recent(self, session: Session, first: dt.date, last: dt.date | None = None,
               limit: int = 20) -> list[StoredRating]:
        """The latest ratings of ``first``..``last`` that carry a reason (newest first, at most ``limit``): what
        the applicants said, for the supervisor's follow-up."""
        lo, hi = local_day_bounds(first, last or first, self._tz)
        rows = [r for r in RatingRepository(self._store.db).between(lo, hi) if r.reason]
        return list(reversed(rows))[:limit]

    @staticmethod
    def _clerk_name(db, clerk_id: str | None) -> str | None:
        user = UserRepository(db).by_id(clerk_id) if clerk_id else None
        return user.username if user else None
