"""The card statuses and their changes: one definition in the domain, spelled the same by the schema."""

from __future__ import annotations

import pytest

from counter_app.domain.card_status import (
    ALLOWED_CHANGES,
    CHOOSABLE_STATUSES,
    FINAL_STATUSES,
    STATUS_REASONS,
    CardStatus,
    InvalidReasonCode,
    StatusChangeRefused,
    check_change,
    check_reason_code,
    may_change,
)
from counter_app.domain.codes import CARD_STATUS, find
from counter_app.store.migration_011_people import CARD_STATUSES


def test_the_schema_checks_exactly_the_domain_statuses():
    # The migration is frozen (it must never change with the code): this keeps the two spellings equal.
    assert set(CARD_STATUSES) == {s.value for s in CardStatus}


def test_final_statuses_are_never_left_and_replaced_is_never_chosen():
    for final in FINAL_STATUSES:
        assert final.final and not ALLOWED_CHANGES.get(final)
        assert not any(may_change(final, wanted) for wanted in CardStatus)
    assert not any(CardStatus.REPLACED in targets for targets in ALLOWED_CHANGES.values())
    assert CardStatus.REPLACED not in CHOOSABLE_STATUSES


def test_the_allowed_changes():
    assert may_change(CardStatus.ACTIVE, CardStatus.TEMPORARY_LOSS)
    assert may_change(CardStatus.TEMPORARY_LOSS, CardStatus.ACTIVE)
    assert may_change(CardStatus.LOCKED, CardStatus.LOSS)
    assert not may_change(CardStatus.LOCKED, CardStatus.ACTIVE)
    assert not may_change(CardStatus.ACTIVE, CardStatus.ACTIVE)
    with pytest.raises(StatusChangeRefused) as refused:
        check_change("X00000019", CardStatus.LOSS, CardStatus.ACTIVE)
    assert "最终状态" in refused.value.message("zh") and "(final)" in refused.value.message("en")


def test_every_choosable_status_has_reasons_and_reasons_are_codes():
    for status in CHOOSABLE_STATUSES:
        for reason in STATUS_REASONS[status]:
            assert check_reason_code(reason) == reason
    for bad in ("", "Lost", "丢失", "lost card", None):
        with pytest.raises(InvalidReasonCode):
            check_reason_code(bad)


def test_labels_agree_with_the_national_code_table():
    for status in CardStatus:
        if status.national_code is None:
            assert status is CardStatus.REPLACED
            continue
        entry = find(CARD_STATUS, status.national_code)
        if status is CardStatus.NOT_ACTIVATED:  # the national table calls code 0 封存 (sealed)
            assert entry is not None and entry.code == "0"
            continue
        assert entry is not None and (entry.zh, entry.en) == (status.zh, status.en)
    assert CardStatus.LOSS.label("en") == "reported lost" and CardStatus.REPLACED.label() == "已补换"
