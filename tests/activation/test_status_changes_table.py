"""The allowed changes of a card's status, in one table (domain.card_status.STATUS_CHANGES): from → to and the
use case that makes each; the clerk's part of it; and the one way from 未启用 and from 应用锁定 back to 正常."""

from __future__ import annotations

from counter_app.domain.card_status import (
    ALLOWED_CHANGES,
    FINAL_STATUSES,
    STATUS_CHANGES,
    CardStatus,
    StatusAction,
    allowed_changes,
    may_change,
)

S, A = CardStatus, StatusAction


def test_no_change_leaves_a_final_status_or_stays_put():
    for rule in STATUS_CHANGES:
        assert rule.from_status not in FINAL_STATUSES and rule.from_status is not rule.to_status
    assert len(set(STATUS_CHANGES)) == len(STATUS_CHANGES)


def test_the_clerks_changes_are_the_set_status_rows():
    assert ALLOWED_CHANGES == allowed_changes(A.SET_STATUS)
    assert {(r.from_status, r.to_status) for r in STATUS_CHANGES if r.action is A.SET_STATUS} == {
        (f, t) for f, targets in ALLOWED_CHANGES.items() for t in targets}
    assert all(S.REPLACED not in targets for targets in ALLOWED_CHANGES.values())


def test_only_the_holder_makes_a_not_activated_card_active():
    ways = {r.action for r in STATUS_CHANGES if (r.from_status, r.to_status) == (S.NOT_ACTIVATED, S.ACTIVE)}
    assert ways == {A.HAND_OVER, A.ACTIVATE}
    assert not may_change(S.NOT_ACTIVATED, S.ACTIVE)  # the clerk's change
    assert may_change(S.NOT_ACTIVATED, S.ACTIVE, A.ACTIVATE)
    assert not any(may_change(s, S.ACTIVE, A.ACTIVATE) for s in CardStatus if s is not S.NOT_ACTIVATED)


def test_a_locked_application_is_unlocked_only_by_a_pin_reset():
    assert may_change(S.ACTIVE, S.LOCKED)  # the clerk locks it (the CLI; the tab does not offer it)
    assert not may_change(S.LOCKED, S.ACTIVE)
    assert may_change(S.LOCKED, S.ACTIVE, A.UNLOCK)
    assert allowed_changes(A.UNLOCK) == {S.LOCKED: frozenset({S.ACTIVE})}


def test_a_newer_card_replaces_any_card_not_final():
    assert set(allowed_changes(A.REPLACE)) == {s for s in CardStatus if not s.final}
    assert all(targets == {S.REPLACED} for targets in allowed_changes(A.REPLACE).values())
