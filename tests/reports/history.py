"""A small issuance history with known counts, written through the issuance service itself.

Every issuance goes through :class:`IssuanceService` (``start`` and ``advance``) with a fixed
clock, so the rows are exactly what the app writes. The counter's time zone is UTC+8; the day
under test is 2025-03-10 there. :data:`PLAN` says what happens; the tests count from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from counter_app.domain.applicant import ApplicationType, ReplacementReason
from counter_app.domain.issuance import IssuanceAction as A
from counter_app.services.issuance import IssuanceService
from counter_app.services.seed import random_applicant

TZ = dt.timezone(dt.timedelta(hours=8))
DAY = dt.date(2025, 3, 10)
PREVIOUS = dt.date(2025, 3, 9)

# Paths through the state machine (after start and check/photo), by outcome.
ISSUED = (A.START_ENCODING, A.FINISH_ENCODING, A.START_PRINTING, A.FINISH_PRINTING, A.HAND_OVER)
SPOILED = (A.START_ENCODING, A.FAIL_ENCODING, A.SPOIL)
REPRINTED = (A.START_ENCODING, A.FINISH_ENCODING, A.START_PRINTING, A.FAIL_PRINTING, A.REPRINT,
             A.FINISH_PRINTING, A.HAND_OVER)
CANCELLED_BEFORE_CARD = (A.CANCEL,)
CANCELLED_WITH_CARD = (A.START_ENCODING, A.CANCEL)
UNFINISHED = ()

# (day, clerk, application type, outcome, how many)
PLAN = [
    (DAY, "clerk-a", ApplicationType.NEW, ISSUED, 5),
    (DAY, "clerk-a", ApplicationType.REPLACEMENT, ISSUED, 2),
    (DAY, "clerk-a", ApplicationType.NEW, SPOILED, 1),
    (DAY, "clerk-a", ApplicationType.NEW, REPRINTED, 1),
    (DAY, "clerk-b", ApplicationType.UPGRADE, ISSUED, 3),
    (DAY, "clerk-b", ApplicationType.NEW, CANCELLED_BEFORE_CARD, 1),
    (DAY, "clerk-b", ApplicationType.NEW, CANCELLED_WITH_CARD, 1),
    (DAY, "clerk-b", ApplicationType.RENEWAL, UNFINISHED, 1),
    (PREVIOUS, "clerk-a", ApplicationType.NEW, ISSUED, 4),
]
STEP = dt.timedelta(seconds=40)  # every step takes 40 s, so every time figure is known


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 10, 9, 0, tzinfo=TZ)

    def __call__(self) -> dt.datetime:
        return self.now


def write_history(store, clock: Clock | None = None, plan=PLAN) -> dict[str, list[str]]:
    """Write ``plan``; returns the issuance ids by outcome name. Issuances of a day start at 09:00
    local time, one every 10 minutes."""
    clock = clock or Clock()
    service = IssuanceService(store, clock=clock)
    rng = random.Random(7)
    ids: dict[str, list[str]] = {}
    starts: dict[dt.date, dt.datetime] = {}
    number = 1000
    for day, clerk, app_type, path, count in plan:
        for _ in range(count):
            start = starts.get(day, dt.datetime.combine(day, dt.time(9, 0), tzinfo=TZ))
            starts[day] = start + dt.timedelta(minutes=10)
            clock.now = start
            applicant = dataclasses.replace(
                random_applicant(rng), application_type=app_type,
                reason=ReplacementReason.LOST if app_type is ApplicationType.REPLACEMENT else None)
            issuance_id = service.start(applicant, clerk)
            for action in (A.CHECK_APPLICANT, A.ACCEPT_PHOTO, *path):
                clock.now += STEP
                fields = {}
                if action is A.START_ENCODING:
                    number += 1
                    fields["card_number"] = f"T{number:08d}"
                elif action is A.FINISH_ENCODING:
                    fields["card_id"] = f"421303D156000005{number:016X}"
                elif action in (A.SPOIL, A.CANCEL, A.FAIL_ENCODING, A.FAIL_PRINTING):
                    fields["failure_reason"] = {"spoil": "chip dead", "cancel": "applicant left"}.get(
                        action.value, "device error")
                service.advance(issuance_id, action, clerk, **fields)
            ids.setdefault(_name(path), []).append(issuance_id)
    return ids


def _name(path) -> str:
    return {ISSUED: "issued", SPOILED: "spoiled", REPRINTED: "reprinted", CANCELLED_BEFORE_CARD: "cancelled",
            CANCELLED_WITH_CARD: "cancelled_with_card", UNFINISHED: "unfinished"}[path]
