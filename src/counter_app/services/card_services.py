"""Card services at the counter: the holder's PIN, and the status of an issued card.

- :meth:`CardServices.change_pin`: CHANGE PIN (at hand-over, from the stock's initial PIN to the
  holder's own); the new PIN must pass the :class:`~counter_app.domain.pin.PinPolicy`.
- :meth:`CardServices.verify_pin`: VERIFY "for use"; the initial PIN is refused before it reaches
  the card (the holder has not chosen a PIN yet).
- :meth:`CardServices.reset_pin`: RELOAD/UNBLOCK PIN with secure messaging through the PSAM, for a
  holder who proved their identity (the ID number given must be the one on the card). Internal
  authentication comes first, so a PSAM with other keys fails before anything on the card changes.
  Audited with the clerk and a reason code.
- :meth:`CardServices.set_status`: 正常/临时挂失/挂失/注销 recorded locally (migration 5) and queued as a
  ``card.status_changed`` outbox event for the ledger and a ``status_change`` report for the card-management
  system, with an audit row, in one transaction (:meth:`CardServices.record_change`, which the holder's
  activation uses too). A formal loss opens the replacement application (reason 11) with the person's data,
  and is final. A PIN reset on a card whose application is locked (应用锁定) unlocks it. The statuses and
  which changes are allowed, by which use case, are :mod:`counter_app.domain.card_status` (re-exported here).
- :func:`card_status_in`: the card's status as recorded, ``not_activated`` from the chip write until its
  hand-over, else ``active``.

PINs are ``bytearray`` buffers that these methods wipe when done, whatever the outcome: never logged,
stored, audited or put in an exception.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from counter_app.card.errors import NotThisIssuancesCard, WrongCard
from counter_app.card.personalize import CardIdentity, identify
from counter_app.card.pin import change_pin, pin_tries_left, reload_pin, verify_pin
from counter_app.card.pinpad import ReaderPinPad
from counter_app.card.profile import CardProfile, load_profile
from counter_app.card.psam import Psam
from counter_app.card.records import decode_value
from counter_app.card.ssc import SscCard, external_authenticate, internal_authenticate
from counter_app.card.trace import TraceRecorder
from counter_app.domain.applicant import ApplicationType, ReplacementReason
from counter_app.domain.card_status import (  # noqa: F401 - re-exported: the card services' vocabulary
    ALLOWED_CHANGES,
    FINAL_STATUSES,
    STATUS_CHANGES,
    STATUS_REASONS,
    CardStatus,
    InvalidReasonCode,
    StatusAction,
    StatusChangeRefused,
    check_change,
    check_reason_code,
    may_change,
)
from counter_app.domain.cardids import check_card_number
from counter_app.domain.idnumbers import normalize_id_number
from counter_app.domain.issuance import IssuanceState
from counter_app.domain.pin import PinPolicy, wipe
from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, Session, requires
from counter_app.services.cardmgmt_reports import queue_status_change
from counter_app.services.encoding import Encoder, encoder_session
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.card_statuses import CardStatusRepository
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.issuances import IssuanceRepository
from counter_app.store.outbox import OutboxRepository

log = logging.getLogger(__name__)

STATUS_EVENT = "card.status_changed"           # the ledger's event type (docs/ledger-api.md)
AUDIT_PIN_CHANGED = AuditAction.CARD_PIN_CHANGED
AUDIT_PIN_RESET = AuditAction.CARD_PIN_RESET
AUDIT_STATUS_CHANGED = AuditAction.CARD_STATUS_CHANGED
UNLOCKED_BY_PIN_RESET = "pin_reset"  # the reason of the unlock a PIN reset makes (locked → active)

# The issuance states of a card whose chip is written but which has not been handed over yet: not activated.
_WRITTEN_NOT_HANDED_OVER = frozenset({IssuanceState.ENCODED, IssuanceState.PRINTING, IssuanceState.PRINT_FAILED,
                                      IssuanceState.PRINTED})


def card_status_in(db, card_number: str) -> CardStatus:
    """The card's status at this counter: the one recorded; else ``not_activated`` while its issuance is
    written but not handed over; else ``active`` (a card never changed here)."""
    found = CardStatusRepository(db).get(card_number)
    if found is not None:
        return found.status
    head = IssuanceRepository(db).latest_for_card_number(card_number)
    if head is not None and head.state in _WRITTEN_NOT_HANDED_OVER:
        return CardStatus.NOT_ACTIVATED
    return CardStatus.ACTIVE


class NoReaderPinPad(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "card.no_pin_pad", "读卡器没有密码键盘：请使用面向持卡人的屏幕密码键盘。",
            "The reader has no PIN pad: use the on-screen PIN pad facing the holder.", field="pin"))


class PinResetReason(StrEnum):
    """Why a PIN was reset: a code, because audit rows take no free (Chinese) text."""

    FORGOTTEN = "forgotten"
    BLOCKED = "blocked"
    HOLDER_REQUEST = "holder_request"


class HolderMismatch(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "card.holder_mismatch",
            "证件号码与卡内社会保障号码不一致，不能重置密码。",
            "The ID number given is not the one on the card: the PIN is not reset.", field="id_number"))


class NoIssuanceForCard(DomainError):
    def __init__(self, card_number: str):
        super().__init__(Problem(
            "card.no_issuance",
            f"本柜台没有卡号 {card_number} 的发卡记录，无法带出持卡人信息办理补卡。",
            f"This counter has no issuance of card {card_number}: the holder's data for the replacement "
            f"is not here.", field="card_number"))


@dataclass(frozen=True)
class CardServiceSettings:
    profile: CardProfile
    policy: PinPolicy

    @classmethod
    def from_settings(cls, settings) -> CardServiceSettings:
        return cls(load_profile(), pin_policy_of(settings))


def pin_policy_of(settings) -> PinPolicy:
    """The PIN rules of this counter's settings (``card.initial_pin``, ``card.pin_*``)."""
    return PinPolicy(initial_pin=str(settings["card.initial_pin"]), length=int(settings["card.pin_length"]),
                     min_length=int(settings["card.pin_min_length"]), max_length=int(settings["card.pin_max_length"]))


@dataclass(frozen=True)
class PinOutcome:
    card_id: str
    card_number: str
    issuance_id: str | None = None  # the printed issuance whose card got the holder's own PIN


@dataclass(frozen=True)
class StatusChange:
    card_number: str
    from_status: CardStatus
    to_status: CardStatus
    outbox_seq: int
    replacement_issuance_id: str | None = None


@dataclass
class OpenCard:
    """One power-up of the card in the encoder (and the PSAM), recognised as ours: what a card service
    works on. See :meth:`CardServices.open_card`."""

    card: SscCard
    psam: Psam | None
    identity: CardIdentity
    connection: object  # the raw card connection: a reader PIN pad is reached through it (SCardControl)

    def require(self, card_id: str | None) -> None:
        """Refuse another card than ``card_id`` (the issuance's 卡识别码), before anything changes on it."""
        if card_id and self.identity.card_id_hex != card_id.upper():
            raise NotThisIssuancesCard(card_id, self.identity.card_id_hex)

    def card_number(self) -> str:
        """EF05 record 7 (free to read), or "" on a card that has none."""
        spec = self.card.profile.record("card_number")
        try:
            return decode_value(spec, self.card.read_record(spec.file_id, spec.number, spec.length)).strip()
        except (ValueError, WrongCard):
            return ""


class CardServices:
    def __init__(self, store: Store, encoder: Encoder, config: CardServiceSettings, *,
                 traces_dir: Path | None = None, ethnicity_other_code: str = "97",
                 clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._encoder = encoder
        self._config = config
        self._traces_dir = traces_dir
        self._clock = clock
        self._intake = IntakeService(store, ethnicity_other_code=ethnicity_other_code, clock=clock)
        self._issuances = IssuanceService(store, clock=clock)
        self.last_trace = TraceRecorder()

    @property
    def policy(self) -> PinPolicy:
        return self._config.policy

    @property
    def profile(self) -> CardProfile:
        return self._config.profile

    def record_pin_set(self, session: Session, card_id_hex: str, number: str, *, from_initial: bool,
                       pin_pad: bool = False) -> str | None:
        """After a CHANGE PIN: the audit row and, from the initial PIN, the printed issuance of the card
        ``card_id_hex`` marked ready for hand-over. Returns that issuance's id."""
        now = self._clock()
        with self._store.transaction() as db:
            issuance_id = (self._issuances.record_holder_pin(db, card_id_hex, now) if from_initial else None)
            detail = {"card_number": number or None, "from_initial": from_initial, "issuance_id": issuance_id}
            if pin_pad:
                detail["pin_pad"] = True
            AuditLog.append(db, session.actor, AUDIT_PIN_CHANGED, detail, counter_id=session.counter_id, at=now)
        return issuance_id

    # --- PIN ------------------------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="修改卡片密码", en="change a card PIN")
    def change_pin(self, session: Session, old: bytearray, new: bytearray) -> PinOutcome:
        """CHANGE PIN ``old`` → ``new`` (both wiped). Raises WeakPin, WrongPin or PinBlocked."""
        return self._change_pin(session, old, new, None)

    def _change_pin(self, session: Session, old: bytearray, new: bytearray,
                    expected_card_id: str | None) -> PinOutcome:
        try:
            self._config.policy.check_new(new)
            from_initial = self._config.policy.is_initial(old)
            with self.open_card("pin-change", psam=False) as opened:
                opened.require(expected_card_id)
                change_pin(opened.card, old, new)
                number = opened.card_number()
        finally:
            wipe(old)
            wipe(new)
        issuance_id = self.record_pin_set(session, opened.identity.card_id_hex, number, from_initial=from_initial)
        return PinOutcome(opened.identity.card_id_hex, number, issuance_id)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="设置持卡人密码", en="set the holder's PIN")
    def set_holder_pin(self, session: Session, new: bytearray, *, card_id: str | None = None) -> PinOutcome:
        """At hand-over: CHANGE PIN from the stock's initial PIN (a setting, never typed by anyone) to
        the holder's ``new`` PIN (wiped). The printed issuance of this card is marked ready. With
        ``card_id`` (the issuance's 卡识别码) another card in the encoder is refused before any change."""
        return self._change_pin(session, bytearray(self._config.policy.initial_pin.encode("ascii")), new, card_id)

    # --- the reader's own PIN pad (PC/SC part 10) ----------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, Role.TECHNICIAN, zh="查询读卡器密码键盘", en="look for the reader's PIN pad")
    def reader_has_pin_pad(self, session: Session) -> bool:
        """Whether the encoder's card reader has a keypad for secure PIN entry (a card must be in it)."""
        with self.open_card("pinpad-detect", psam=False) as opened:
            return ReaderPinPad.detect(opened.connection) is not None

    @requires(Role.CLERK, Role.SUPERVISOR, zh="设置持卡人密码", en="set the holder's PIN")
    def set_holder_pin_on_reader(self, session: Session, *, card_id: str | None = None) -> PinOutcome:
        """As :meth:`set_holder_pin`, the holder typing the new PIN twice on the reader's keypad: the PIN
        never passes through this PC (so the PIN policy is the card system's to enforce)."""
        with self.open_card("pin-change-pinpad", psam=False) as opened:
            opened.require(card_id)
            self.change_from_initial(opened, None)
            number = opened.card_number()
        issuance_id = self.record_pin_set(session, opened.identity.card_id_hex, number, from_initial=True,
                                          pin_pad=True)
        return PinOutcome(opened.identity.card_id_hex, number, issuance_id)

    def change_from_initial(self, opened: OpenCard, new: bytearray | None) -> ReaderPinPad | None:
        """CHANGE PIN on ``opened`` from the stock's initial PIN (a setting nobody types) to the holder's:
        ``new`` (the caller wipes it), or — ``new`` None — typed twice on the reader's keypad, whose
        :class:`ReaderPinPad` is returned (:class:`NoReaderPinPad` when the reader has none)."""
        initial = bytearray(self._config.policy.initial_pin.encode("ascii"))
        if new is not None:
            try:
                change_pin(opened.card, initial, new)
            finally:
                wipe(initial)
            return None
        pad = self._pin_pad(opened)
        pad.change_from(initial, self._config.policy.length)
        return pad

    @staticmethod
    def _pin_pad(opened: OpenCard) -> ReaderPinPad:
        pad = ReaderPinPad.detect(opened.connection)
        if pad is None:
            raise NoReaderPinPad()
        return pad

    @requires(Role.CLERK, Role.SUPERVISOR, zh="校验卡片密码", en="verify a card PIN")
    def verify_pin_on_reader(self, session: Session) -> PinOutcome:
        """VERIFY with the PIN typed on the reader's keypad."""
        with self.open_card("pin-verify-pinpad", psam=False) as opened:
            self._pin_pad(opened).verify(self._config.policy.length)
            return PinOutcome(opened.identity.card_id_hex, opened.card_number())

    @requires(Role.CLERK, Role.SUPERVISOR, zh="校验卡片密码", en="verify a card PIN")
    def verify_pin(self, session: Session, pin: bytearray) -> PinOutcome:
        """VERIFY for use (``pin`` wiped). The initial PIN is refused without reaching the card."""
        try:
            self._config.policy.check_for_use(pin)
            with self.open_card("pin-verify", psam=False) as opened:
                verify_pin(opened.card, pin)
                return PinOutcome(opened.identity.card_id_hex, opened.card_number())
        finally:
            wipe(pin)

    @requires(Role.CLERK, Role.SUPERVISOR, Role.TECHNICIAN, zh="查询密码剩余次数", en="read the PIN tries left")
    def pin_tries_left(self, session: Session) -> int:
        with self.open_card("pin-tries", psam=False) as opened:
            return pin_tries_left(opened.card)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="重置卡片密码", en="reset a card PIN")
    def reset_pin(self, session: Session, new: bytearray, *, id_number: str,
                  reason: PinResetReason = PinResetReason.FORGOTTEN) -> PinOutcome:
        """RELOAD/UNBLOCK PIN to ``new`` (wiped) for the holder whose ID number is on the card."""
        try:
            self._config.policy.check_new(new)
            reason = PinResetReason(reason)
            with self.open_card("pin-reset", psam=True) as opened:
                assert opened.psam is not None
                profile, card_id = self._config.profile, opened.identity.card_id
                internal_authenticate(opened.card, opened.psam, profile.key_internal_auth, card_id)
                external_authenticate(opened.card, opened.psam, profile.key_read, card_id)
                spec = profile.record("social_security_number")
                on_card = decode_value(spec, opened.card.read_record(spec.file_id, spec.number, spec.length))
                if not on_card or normalize_id_number(on_card) != normalize_id_number(id_number):
                    raise HolderMismatch()
                number = opened.card_number()
                reload_pin(opened.card, opened.psam, card_id, new)
        finally:
            wipe(new)
        now = self._clock()
        with self._store.transaction() as db:
            AuditLog.append(db, session.actor, AUDIT_PIN_RESET,
                            {"card_number": number or None, "reason": reason.value, "clerk": session.actor},
                            counter_id=session.counter_id, at=now)
            if number and card_status_in(db, number) is CardStatus.LOCKED:
                # The holder proved who they are and chose a new PIN: the locked application is open again.
                self.record_change(session, db, number, CardStatus.LOCKED, CardStatus.ACTIVE, UNLOCKED_BY_PIN_RESET,
                                   at=now, action=StatusAction.UNLOCK)
        log.info("PIN reset on card %s by %s (%s)", number, session.actor, reason.value)
        return PinOutcome(opened.identity.card_id_hex, number)

    # --- card status ----------------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="变更卡片状态", en="change a card's status")
    def set_status(self, session: Session, card_number: str, status: CardStatus | str,
                   reason: str) -> StatusChange:
        """Record the change, queue it for the ledger and the card-management system and audit it, in one
        transaction."""
        checked = check_card_number(card_number)
        if not checked.valid:
            raise DomainError(checked.problems[0])
        number, wanted = checked.normalized, CardStatus(status)
        check_reason_code(reason)
        now = self._clock()
        with self._store.transaction() as db:
            current = card_status_in(db, number)
            check_change(number, current, wanted)
            replacement = None
            if wanted is CardStatus.LOSS:
                replacement = self._open_replacement(session, db, number)
            return self.record_change(session, db, number, current, wanted, reason, at=now,
                                      replacement=replacement)

    def record_change(self, session: Session, db, number: str, current: CardStatus, wanted: CardStatus,
                      reason: str, *, at: dt.datetime, action: StatusAction = StatusAction.SET_STATUS,
                      replacement: str | None = None, detail: dict | None = None) -> StatusChange:
        """Inside the caller's transaction: a change :data:`STATUS_CHANGES` allows for ``action`` recorded
        (status row and history), queued as a ``card.status_changed`` outbox event for the ledger and a
        ``status_change`` report for the card-management system, and audited (``detail`` added to the row:
        codes only). Not permission-checked: its callers' use cases are."""
        check_change(number, current, wanted, action)
        seq = OutboxRepository(db).append(STATUS_EVENT, at=at, payload={
            "card_number": number, "status": wanted.value, "from_status": current.value, "reason": reason,
            "at": to_db_time(at), "replacement_issuance_id": replacement})
        statuses = CardStatusRepository(db)
        statuses.record(number, wanted, reason=reason, final=wanted.final, replacement_issuance_id=replacement,
                        at=at, actor=session.actor)
        statuses.append_change(number, from_status=current, to_status=wanted, reason=reason, at=at,
                               actor=session.actor, outbox_seq=seq)
        queue_status_change(db, number, current, wanted, reason, at)
        audit = {"card_number": number, "from": current.value, "to": wanted.value, "reason": reason,
                 "replacement_issuance_id": replacement}
        if action is not StatusAction.SET_STATUS:
            audit["action"] = action.value
        AuditLog.append(db, session.actor, AUDIT_STATUS_CHANGED, {**audit, **(detail or {})},
                        counter_id=session.counter_id, at=at)
        return StatusChange(number, current, wanted, seq, replacement)

    @requires(Role.CLERK, Role.SUPERVISOR, Role.TECHNICIAN, zh="查询卡片状态", en="read a card's status")
    def status(self, session: Session, card_number: str) -> CardStatus:
        """The status this counter recorded; ``not_activated`` from the chip write to the hand-over; a card
        never changed here is active."""
        return card_status_in(self._store.db, card_number)

    def _open_replacement(self, session: Session, db, card_number: str) -> str:
        head = IssuanceRepository(db).latest_for_card_number(card_number, states=(IssuanceState.ISSUED,))
        if head is None:
            raise NoIssuanceForCard(card_number)
        applicant = self._issuances.get(head.id).applicant
        return self._intake.open_application(session, replace(
            applicant, application_type=ApplicationType.REPLACEMENT, reason=ReplacementReason.LOST))

    # --- devices --------------------------------------------------------------------------------

    @contextmanager
    def open_card(self, label: str, *, psam: bool) -> Iterator[OpenCard]:
        """The card (and the PSAM) powered, SSSE selected and the card recognised as ours; the run's
        masked trace in :attr:`last_trace`. Not permission-checked: the callers' use cases are."""
        self.last_trace = TraceRecorder()
        with encoder_session(self._encoder, self.last_trace, label, self._traces_dir, psam=psam) as (card_conn,
                                                                                                  psam_conn):
            card = SscCard(card_conn, self._config.profile, self.last_trace)
            identity = identify(card, self._config.profile)
            yield OpenCard(card, Psam(psam_conn, self._config.profile, self.last_trace) if psam_conn else None,
                            identity, card_conn)
