"""The status of an issued card as this counter records it, and which changes of it are allowed.

One definition for the card services (:mod:`counter_app.services.card_services`), the in-card query,
the hand-over (which makes an earlier card ``replaced``), the store's ``card_statuses`` rows and the
GUI's and CLI's choices. The schema's CHECK constraint (migration 5, extended by migration 11) spells the same values; a
test keeps the two equal, since a migration must never change with the code.

- 正常 ``active``: every card not changed here.
- 临时挂失 ``temporary_loss``: reported by phone or at the counter; undone by ``active``.
- 挂失 ``loss``: formal loss; opens the replacement application and is final.
- 注销 ``cancelled``: final.
- 应用锁定 ``locked``: the application locked; only a loss or a cancellation follows.
- 已补换 ``replaced``: the person's newer card was handed over; final, never chosen by a clerk.
- 未启用 ``not_activated``: handed over to an agent (代办); the national table's ``0`` (封存). Only the
  holder's own activation in person makes it ``active`` (:func:`check_activation`); a clerk may still
  report it lost or cancel it.

Reasons are codes (``[a-z][a-z0-9_]*``), never free text: the changes go into the audit trail too.
"""

from __future__ import annotations

import re
from enum import StrEnum

from counter_app.domain.problems import DomainError, Problem, pick


class CardStatus(StrEnum):
    ACTIVE = "active"                  # 正常
    TEMPORARY_LOSS = "temporary_loss"  # 临时挂失
    LOSS = "loss"                      # 挂失 (formal: opens a replacement, final)
    CANCELLED = "cancelled"            # 注销 (final)
    LOCKED = "locked"                  # 应用锁定
    REPLACED = "replaced"              # 已补换 (final)
    NOT_ACTIVATED = "not_activated"    # 未启用 (handed over to an agent; activated by the holder)

    @property
    def zh(self) -> str:
        return _LABELS[self][0]

    @property
    def en(self) -> str:
        return _LABELS[self][1]

    def label(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)

    @property
    def final(self) -> bool:
        """A final status is never left again (the ledger revokes the card's certificates)."""
        return self in FINAL_STATUSES

    @property
    def national_code(self) -> str | None:
        """The 卡状态 code of the national code table (:data:`counter_app.domain.codes.CARD_STATUS`);
        None for ``replaced``, which that table has no code for."""
        return _NATIONAL_CODES[self]


_LABELS: dict[CardStatus, tuple[str, str]] = {
    CardStatus.ACTIVE: ("正常", "active"),
    CardStatus.TEMPORARY_LOSS: ("临时挂失", "temporarily reported lost"),
    CardStatus.LOSS: ("挂失", "reported lost"),
    CardStatus.CANCELLED: ("注销", "cancelled"),
    CardStatus.LOCKED: ("应用锁定", "application locked"),
    CardStatus.REPLACED: ("已补换", "replaced"),
    CardStatus.NOT_ACTIVATED: ("未启用", "not activated"),
}

_NATIONAL_CODES: dict[CardStatus, str | None] = {
    CardStatus.ACTIVE: "1", CardStatus.LOSS: "2", CardStatus.LOCKED: "3", CardStatus.TEMPORARY_LOSS: "4",
    CardStatus.CANCELLED: "9", CardStatus.REPLACED: None, CardStatus.NOT_ACTIVATED: "0",
}

FINAL_STATUSES = frozenset({CardStatus.LOSS, CardStatus.CANCELLED, CardStatus.REPLACED})

# From each status, the statuses a clerk may set (final statuses have none). ``replaced`` is set only
# by the hand-over of the person's newer card, never through a change.
ALLOWED_CHANGES: dict[CardStatus, frozenset[CardStatus]] = {
    CardStatus.ACTIVE: frozenset({CardStatus.TEMPORARY_LOSS, CardStatus.LOSS, CardStatus.CANCELLED,
                                  CardStatus.LOCKED}),
    CardStatus.TEMPORARY_LOSS: frozenset({CardStatus.ACTIVE, CardStatus.LOSS, CardStatus.CANCELLED}),
    CardStatus.LOCKED: frozenset({CardStatus.LOSS, CardStatus.CANCELLED}),
    # ``active`` is not here: only the holder's activation (:func:`check_activation`) leads there.
    CardStatus.NOT_ACTIVATED: frozenset({CardStatus.LOSS, CardStatus.CANCELLED}),
}

# What the clerk's screen and the CLI offer to set, in that order.
CHOOSABLE_STATUSES = (CardStatus.ACTIVE, CardStatus.TEMPORARY_LOSS, CardStatus.LOSS, CardStatus.CANCELLED)

# The reason codes a clerk chooses from, per new status (labels in the GUI's translations; the CLI takes
# any code).
STATUS_REASONS: dict[CardStatus, tuple[str, ...]] = {
    CardStatus.ACTIVE: ("card_found", "holder_request"),
    CardStatus.TEMPORARY_LOSS: ("lost_by_phone", "lost_at_counter"),
    CardStatus.LOSS: ("lost", "stolen"),
    CardStatus.CANCELLED: ("holder_deceased", "settled_abroad", "duplicate_card", "holder_request"),
}

# The reason recorded when the hand-over of a newer card makes an earlier one ``replaced``.
REPLACED_BY_NEW_CARD = "replaced_by_new_card"

_REASON_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class StatusChangeRefused(DomainError):
    def __init__(self, card_number: str, current: CardStatus, wanted: CardStatus):
        self.current, self.wanted = current, wanted
        final = current in FINAL_STATUSES
        super().__init__(Problem(
            "card.status_change_refused",
            f"卡 {card_number} 当前状态为“{current.value}”{'（最终状态）' if final else ''}，不能改为“{wanted.value}”。",
            f"Card {card_number} is '{current.value}'{' (final)' if final else ''} and cannot become "
            f"'{wanted.value}'.", field="status"))


class InvalidReasonCode(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "card.reason_code", "原因须为代码（小写英文字母、数字、下划线，如 holder_request）。",
            "The reason must be a code (lower-case letters, digits, underscores, e.g. holder_request).",
            field="reason"))


def may_change(current: CardStatus, wanted: CardStatus) -> bool:
    """Whether a clerk may take a card from ``current`` to ``wanted``."""
    return CardStatus(wanted) in ALLOWED_CHANGES.get(CardStatus(current), frozenset())


def check_change(card_number: str, current: CardStatus, wanted: CardStatus) -> None:
    """Raise :class:`StatusChangeRefused` unless :func:`may_change`."""
    if not may_change(current, wanted):
        raise StatusChangeRefused(card_number, CardStatus(current), CardStatus(wanted))


def check_reason_code(reason: str | None) -> str:
    """``reason`` if it is a reason code; else :class:`InvalidReasonCode`."""
    if not _REASON_CODE.match(reason or ""):
        raise InvalidReasonCode()
    return str(reason)


def check_activation(card_number: str, current: CardStatus) -> None:
    """Raise :class:`StatusChangeRefused` unless the card is ``not_activated``: the holder's activation in
    person is the one way from there to ``active``, and it applies to nothing else."""
    if CardStatus(current) is not CardStatus.NOT_ACTIVATED:
        raise StatusChangeRefused(card_number, CardStatus(current), CardStatus.ACTIVE)
