"""好差评: the applicant rates a handed-over case once; the supervisor sees the ratings by clerk and by day."""

import datetime as dt
import random

import pytest

from counter_app.domain.case_numbers import case_number
from counter_app.domain.problems import DomainError
from counter_app.services.auth import Role, Session
from counter_app.services.intake import IntakeService
from counter_app.services.ratings import RATING_EVENT, RatingService
from counter_app.services.seed import SeedService, random_applicant
from counter_app.store.outbox import OutboxRepository

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
OPERATOR = Session.local_operator()


def clerk(name="clerk1") -> Session:
    return Session(None, name, Role.CLERK, "C01", NOW, NOW, idle_limit=dt.timedelta(days=3650), clock=lambda: NOW)


def _issued(store, n=1) -> list[str]:
    SeedService(store, seed=7).seed(n)
    rows = store.db.execute("SELECT id FROM issuances WHERE state = 'issued' ORDER BY created_at").fetchall()
    return [r[0] for r in rows]


def test_a_rating_is_stored_with_its_case_number_and_queued_for_the_ledger(fresh_store):
    (issuance_id,) = _issued(fresh_store)
    ratings = RatingService(fresh_store, clock=lambda: NOW, tz=TZ)
    rating = ratings.rate(clerk(), issuance_id, 5, "fast")
    assert rating.case_number == case_number(issuance_id) and rating.level == 5
    event = OutboxRepository(fresh_store.db).for_issuance(issuance_id)[-1]
    assert event.type == RATING_EVENT
    assert event.payload["case_number"] == rating.case_number and event.payload["level"] == 5
    assert "name" not in event.payload and "document_number" not in event.payload


def test_a_case_is_rated_once_and_only_after_hand_over(fresh_store, applicant):
    (issued,) = _issued(fresh_store)
    ratings = RatingService(fresh_store, clock=lambda: NOW, tz=TZ)
    ratings.rate(clerk(), issued, 4)
    with pytest.raises(DomainError) as again:
        ratings.rate(clerk(), issued, 1)
    assert "已评价" in again.value.message("zh")
    open_id = IntakeService(fresh_store).open_application(OPERATOR, random_applicant(random.Random(1)))
    with pytest.raises(DomainError) as early:
        ratings.rate(clerk(), open_id, 5)
    assert "发放后" in early.value.message("zh")


def test_a_level_outside_one_to_five_or_an_unknown_reason_is_refused(fresh_store):
    (issued,) = _issued(fresh_store)
    ratings = RatingService(fresh_store, clock=lambda: NOW, tz=TZ)
    for level, reason in ((0, None), (6, None), (3, "free text about the clerk")):
        with pytest.raises(DomainError):
            ratings.rate(clerk(), issued, level, reason)
    assert ratings.rating_of(issued) is None


def test_the_supervisor_sees_ratings_by_clerk_with_the_poor_cases_and_by_day(fresh_store):
    a, b, c = _issued(fresh_store, 3)
    ratings = RatingService(fresh_store, clock=lambda: NOW, tz=TZ)
    ratings.rate(clerk(), a, 5)
    ratings.rate(clerk(), b, 4)
    ratings.rate(clerk(), c, 1, "slow")
    boss = Session(None, "boss", Role.SUPERVISOR, "C01", NOW, NOW, idle_limit=dt.timedelta(days=3650),
                   clock=lambda: NOW)
    (row,) = ratings.by_clerk(boss, NOW.date())
    assert row.count == 3 and row.by_level == {5: 1, 4: 1, 1: 1}
    assert row.average == 3.33 and row.satisfied_percent == 66.7 and row.poor_cases == (case_number(c),)
    assert ratings.by_day(boss, NOW.date(), NOW.date()) == {NOW.date(): {5: 1, 4: 1, 1: 1}}
    with pytest.raises(DomainError):
        ratings.by_clerk(clerk(), NOW.date())  # a clerk does not see the desk's ratings
