"""Activation (启用) of a card collected by an agent, when its holder comes in person; and the financial
account's activation, which the co-issuing bank reports.

A card is 未启用 (``not_activated``) from its chip write until the holder takes it: at the hand-over the
holder sets their own PIN and the card becomes ``active`` there (:meth:`IssuanceService.hand_over`). A card
an agent collected (``hand_over(..., by_agent=True)``) stays ``not_activated``, still with the stock's
initial PIN. :meth:`ActivationService.activate` is the holder's own step later, with the card in the
encoder: the holder chooses their PIN now (the card still has the initial one) or enters the PIN they set
(on the on-screen pad facing them, or on the reader's own keypad), and only then is the card ``active``:
recorded and audited, a ``card.status_changed`` event for the ledger, and the ``activation`` and
``status_change`` reports for the card-management system, in one transaction. Any other card is refused in
plain words before anything on the card changes.

:meth:`ActivationService.record_financial_activation` keeps the bank's report that the card's financial
account is activated (done at the bank, never here): the card query shows it; nothing is queued, since the
bank already told the card system.

PINs are ``bytearray`` buffers wiped here whatever happens; never logged, stored or audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.card.errors import NotThisIssuancesCard
from counter_app.card.pin import verify_pin
from counter_app.card.pinpad import ReaderPinPad
from counter_app.domain.card_status import CardStatus, StatusAction, check_activation
from counter_app.domain.cardids import check_card_number
from counter_app.domain.issuance import Issuance, IssuanceState
from counter_app.domain.pin import wipe
from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, Session, requires
from counter_app.services.card_services import (
    AUDIT_PIN_CHANGED,
    CardServices,
    NoIssuanceForCard,
    NoReaderPinPad,
    StatusChange,
    card_status_in,
)
from counter_app.services.cardmgmt_reports import queue_activation
from counter_app.services.issuance import IssuanceService
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.financial_activations import FinancialActivation, FinancialActivationRepository
from counter_app.store.issuances import IssuanceRepository

ACTIVATED_BY_HOLDER = "holder_activation"  # the reason code of the status change


class ActivationNeedsEncoder(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "activation.no_encoder", "本柜台没有写卡器，不能激活卡片：请在有写卡器的柜台办理。",
            "This counter has no card encoder, so no card can be activated here: use a counter with one.",
            field="card_number"))


class PinRequired(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "activation.pin_required", "请持卡人本人在密码键盘上输入密码后再激活。",
            "The holder must enter their PIN on the PIN pad before the card is activated.", field="pin"))


class WrongCardInEncoder(DomainError):
    def __init__(self, wanted: str, found: str):
        super().__init__(Problem(
            "activation.wrong_card",
            f"写卡器中的卡（卡号 {found or '无'}）不是要激活的卡 {wanted}：请插入持卡人的这张卡。",
            f"The card in the encoder (number {found or 'none'}) is not card {wanted}, the one to activate: "
            f"insert the holder's card.", field="card_number"))


class ActivationTimeInFuture(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "activation.future_time", "银行报告的激活时间晚于当前时间，请核对。",
            "The activation time the bank reported is later than now: check it.", field="activated_at"))


@dataclass(frozen=True)
class Activation:
    """A card activated by its holder in person."""

    card_number: str
    issuance_id: str
    activated_at: dt.datetime
    pin_chosen: bool             # the holder chose their PIN now (the card had the stock's initial PIN)
    change: StatusChange         # not_activated → active, with its outbox event


def _card_number(card_number: str) -> str:
    checked = check_card_number(card_number)
    if not checked.valid:
        raise DomainError(checked.problems[0])
    return checked.normalized


class ActivationService:
    """Activation over the counter's store and its card services (None: a counter without an encoder)."""

    def __init__(self, store: Store, card_services: CardServices | None, *,
                 clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._cards = card_services
        self._clock = clock
        self._issuances = IssuanceService(store, clock=clock)

    # --- the holder's activation ------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="激活卡片", en="activate a card")
    def awaiting(self, session: Session, card_number: str) -> Issuance:
        """The issued card ``card_number`` waiting for its holder's activation (its issuance); refused in
        plain words when it is not ``not_activated`` or was not issued here."""
        return self._awaiting(_card_number(card_number))

    @requires(Role.CLERK, Role.SUPERVISOR, zh="激活卡片", en="activate a card")
    def needs_new_pin(self, session: Session, card_number: str) -> bool:
        """Whether the holder chooses their PIN at activation (the card left with the stock's initial PIN,
        as a card collected by an agent does) rather than entering the PIN they set."""
        return not self._awaiting(_card_number(card_number)).holder_pin_set

    @requires(Role.CLERK, Role.SUPERVISOR, zh="激活卡片", en="activate a card")
    def activate(self, session: Session, card_number: str, pin: bytearray | None = None, *,
                 on_reader: bool = False) -> Activation:
        """The holder activates their ``not_activated`` card in person, the card in the encoder.

        ``pin`` (wiped) is the PIN the holder typed on the on-screen pad: their new PIN when the card still
        has the initial one (:meth:`needs_new_pin`), else the PIN they set, verified by the card. With
        ``on_reader`` the holder types it on the reader's keypad instead (twice for a new PIN) and ``pin`` is
        not used. Refused before anything on the card changes: a card that is not 未启用
        (:class:`~counter_app.domain.card_status.NotAwaitingActivation`), another card in the encoder, a weak
        new PIN; a wrong PIN is the card's refusal (WrongPin, with the tries left)."""
        try:
            number = _card_number(card_number)
            issuance = self._awaiting(number)
            if self._cards is None:
                raise ActivationNeedsEncoder()
            cards = self._cards
            choose = not issuance.holder_pin_set
            if not on_reader:
                if not pin:
                    raise PinRequired()
                if choose:
                    cards.policy.check_new(pin)
                else:
                    cards.policy.check_for_use(pin)
            with cards.open_card("activation", psam=False) as opened:
                try:
                    opened.require(issuance.card_id)
                except NotThisIssuancesCard:
                    raise WrongCardInEncoder(number, opened.card_number()) from None
                on_card = opened.card_number()
                if on_card != number:
                    raise WrongCardInEncoder(number, on_card)
                if choose:
                    cards.change_from_initial(opened, None if on_reader else pin)
                elif on_reader:
                    pad = ReaderPinPad.detect(opened.connection)
                    if pad is None:
                        raise NoReaderPinPad()
                    pad.verify(cards.policy.length)
                else:
                    verify_pin(opened.card, pin)
        finally:
            if pin is not None:
                wipe(pin)
        now = self._clock()
        with self._store.transaction() as db:
            check_activation(number, card_status_in(db, number))  # not changed meanwhile by another window
            if choose:
                self._issuances.mark_holder_pin_set(db, issuance.id, now)
                detail = {"card_number": number, "from_initial": True, "issuance_id": issuance.id}
                if on_reader:
                    detail["pin_pad"] = True
                AuditLog.append(db, session.actor, AUDIT_PIN_CHANGED, detail, counter_id=session.counter_id, at=now)
            queue_activation(db, number, issuance.id, now)
            change = cards.record_change(session, db, number, CardStatus.NOT_ACTIVATED, CardStatus.ACTIVE,
                                         ACTIVATED_BY_HOLDER, at=now, action=StatusAction.ACTIVATE,
                                         detail={"issuance_id": issuance.id})
        return Activation(number, issuance.id, now, choose, change)

    def _awaiting(self, number: str) -> Issuance:
        db = self._store.db
        check_activation(number, card_status_in(db, number))
        head = IssuanceRepository(db).latest_for_card_number(number, states=(IssuanceState.ISSUED,))
        if head is None:
            raise NoIssuanceForCard(number)
        return self._issuances.get(head.id)

    # --- the financial account (the bank's report) --------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="登记金融账户激活", en="record the financial account's activation")
    def record_financial_activation(self, session: Session, card_number: str,
                                    activated_at: dt.datetime | dt.date) -> FinancialActivation:
        """Keep the bank's report that the financial account of the card ``card_number`` (issued here) was
        activated at ``activated_at`` (a date means that day, 00:00 UTC). Audited; queues nothing."""
        number = _card_number(card_number)
        if not isinstance(activated_at, dt.datetime):
            activated_at = dt.datetime.combine(activated_at, dt.time(), tzinfo=dt.UTC)
        elif activated_at.tzinfo is None:
            raise ValueError("activated_at must be an aware datetime")
        now = self._clock()
        if activated_at > now:
            raise ActivationTimeInFuture()
        with self._store.transaction() as db:
            if IssuanceRepository(db).latest_for_card_number(number, states=(IssuanceState.ISSUED,)) is None:
                raise NoIssuanceForCard(number)
            FinancialActivationRepository(db).record(number, activated_at, at=now, actor=session.actor)
            AuditLog.append(db, session.actor, AuditAction.CARD_FINANCIAL_ACTIVATED,
                            {"card_number": number, "activated_at": to_db_time(activated_at)},
                            counter_id=session.counter_id, at=now)
        found = FinancialActivationRepository(self._store.db).get(number)
        assert found is not None
        return found

    @requires(Role.CLERK, Role.SUPERVISOR, Role.TECHNICIAN, zh="查询金融账户激活", en="read the financial activation")
    def financial_activation(self, session: Session, card_number: str) -> FinancialActivation | None:
        """The bank's report of the card's financial activation, or None (not reported yet)."""
        return FinancialActivationRepository(self._store.db).get(_card_number(card_number))
