"""The status of an issued card as this counter records it, and which changes of it are allowed.

One definition for the card services (:mod:`counter_app.services.card_services`), the in-card query,
the hand-over (which makes an earlier card ``replaced``), the store's ``card_statuses`` rows and the
GUI's and CLI's choices. The schema's CHECK constraint (migration 5, extended by migration 11) spells the same values; a
test keeps the two equal, since a migration must never change with the code.

- 正常 ``active``: a card handed over to its holder (who set their own PIN), and every card not changed here.
- 临时挂失 ``temporary_loss``: reported by phone or at the counter; undone by ``active``.
- 挂失 ``loss``: formal loss; opens the replacement application and is final.
- 注销 ``cancelled``: final.
- 应用锁定 ``locked``: the application locked; a loss or a cancellation follows, or the holder's PIN reset at
  the counter unlocks it (``unlock``).
- 已补换 ``replaced``: the person's newer card was handed over; final, never chosen by a clerk.
- 未启用 ``not_activated``: from the chip write until the holder's hand-over; a card collected by an agent
  (代办) stays so. The national table's ``0`` (封存). Only the holder makes it ``active`` — at hand-over
  after setting their PIN, or later in person (:func:`check_activation`); a clerk may still report it lost
  or cancel it.

Which change is allowed, and by which use case (:class:`StatusAction`), is the one table
:data:`STATUS_CHANGES`; :data:`ALLOWED_CHANGES` is its clerk's part.

Reasons are codes (``[a-z][a-z0-9_]*``), never free text: the changes go into the audit trail too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


class StatusAction(StrEnum):
    """The use case that changes a card's status: each change of :data:`STATUS_CHANGES` names one."""

    SET_STATUS = "set_status"  # the clerk's change on the card status tab or the CLI (CardServices.set_status)
    HAND_OVER = "hand_over"    # the holder took the card and set their own PIN (IssuanceService.hand_over)
    ACTIVATE = "activate"      # the holder activates in person a card an agent collected (ActivationService)
    UNLOCK = "unlock"          # the holder's PIN reset at the counter lifts the application lock
    REPLACE = "replace"        # the person's newer card was handed over (never chosen by a clerk)


@dataclass(frozen=True, slots=True)
class StatusChangeRule:
    from_status: CardStatus
    to_status: CardStatus
    action: StatusAction


def _rules(action: StatusAction, pairs: tuple[tuple[CardStatus, CardStatus], ...]) -> tuple[StatusChangeRule, ...]:
    return tuple(StatusChangeRule(a, b, action) for a, b in pairs)


_S = CardStatus
# Every allowed change of a card's status, in one place: from → to, and the use case that makes it. Final
# statuses are never left. 未启用 becomes 正常 only by the holder (at hand-over, or in person later).
STATUS_CHANGES: tuple[StatusChangeRule, ...] = (
    *_rules(StatusAction.SET_STATUS, (
        (_S.ACTIVE, _S.TEMPORARY_LOSS), (_S.ACTIVE, _S.LOSS), (_S.ACTIVE, _S.CANCELLED), (_S.ACTIVE, _S.LOCKED),
        (_S.TEMPORARY_LOSS, _S.ACTIVE), (_S.TEMPORARY_LOSS, _S.LOSS), (_S.TEMPORARY_LOSS, _S.CANCELLED),
        (_S.LOCKED, _S.LOSS), (_S.LOCKED, _S.CANCELLED),
        (_S.NOT_ACTIVATED, _S.LOSS), (_S.NOT_ACTIVATED, _S.CANCELLED))),
    *_rules(StatusAction.HAND_OVER, ((_S.NOT_ACTIVATED, _S.ACTIVE),)),
    *_rules(StatusAction.ACTIVATE, ((_S.NOT_ACTIVATED, _S.ACTIVE),)),
    *_rules(StatusAction.UNLOCK, ((_S.LOCKED, _S.ACTIVE),)),
    *_rules(StatusAction.REPLACE, tuple((s, _S.REPLACED) for s in (_S.ACTIVE, _S.TEMPORARY_LOSS, _S.LOCKED,
                                                                     _S.NOT_ACTIVATED))),
)


def allowed_changes(action: StatusAction = StatusAction.SET_STATUS) -> dict[CardStatus, frozenset[CardStatus]]:
    """From each status, where ``action`` may take a card (statuses it cannot leave by it are absent)."""
    out: dict[CardStatus, set[CardStatus]] = {}
    for rule in STATUS_CHANGES:
        if rule.action is StatusAction(action):
            out.setdefault(rule.from_status, set()).add(rule.to_status)
    return {k: frozenset(v) for k, v in out.items()}


# From each status, the statuses a clerk may set (final statuses have none): the ``set_status`` rows of
# :data:`STATUS_CHANGES`. ``replaced`` is set only by the hand-over of the person's newer card, ``active``
# from ``not_activated`` only by the holder's activation, ``active`` from ``locked`` only by a PIN reset.
ALLOWED_CHANGES: dict[CardStatus, frozenset[CardStatus]] = allowed_changes(StatusAction.SET_STATUS)

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


def may_change(current: CardStatus, wanted: CardStatus,
               action: StatusAction = StatusAction.SET_STATUS) -> bool:
    """Whether ``action`` (by default the clerk's change) may take a card from ``current`` to ``wanted``."""
    rule = StatusChangeRule(CardStatus(current), CardStatus(wanted), StatusAction(action))
    return rule in STATUS_CHANGES


def check_change(card_number: str, current: CardStatus, wanted: CardStatus,
                 action: StatusAction = StatusAction.SET_STATUS) -> None:
    """Raise :class:`StatusChangeRefused` unless :func:`may_change`."""
    if not may_change(current, wanted, action):
        raise StatusChangeRefused(card_number, CardStatus(current), CardStatus(wanted))


def check_reason_code(reason: str | None) -> str:
    """``reason`` if it is a reason code; else :class:`InvalidReasonCode`."""
    if not _REASON_CODE.match(reason or ""):
        raise InvalidReasonCode()
    return str(reason)


class NotAwaitingActivation(StatusChangeRefused):
    """Activation asked for a card that is not 未启用: said with the statuses' names, not their codes."""

    def __init__(self, card_number: str, current: CardStatus):
        DomainError.__init__(self, Problem(
            "card.not_awaiting_activation",
            f"卡 {card_number} 当前状态为“{current.zh}”，不是“未启用”，不需要也不能激活。",
            f"Card {card_number} is {current.en}, not 'not activated': there is nothing to activate.",
            field="card_number"))
        self.current, self.wanted = current, CardStatus.ACTIVE


def check_activation(card_number: str, current: CardStatus) -> None:
    """Raise :class:`NotAwaitingActivation` (a :class:`StatusChangeRefused`) unless the card is
    ``not_activated``: the holder's activation in person is the one way from there to ``active``, and it
    applies to nothing else."""
    if not may_change(current, CardStatus.ACTIVE, StatusAction.ACTIVATE):
        raise NotAwaitingActivation(card_number, CardStatus(current))
