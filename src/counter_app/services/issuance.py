"""The issuance use case: start an issuance, move it through its states, list what is open.

Every change is one database transaction that writes the new state, one ``issuance_events``
row and one ``outbox`` row — the transactional outbox of ``ARCHITECTURE.md``. Either all three
are on disk or none is: an illegal action, a stale version or any failure half-way leaves the
issuance exactly as it was.

Shared by the GUI and the CLI; no Qt. ``actor`` names who acted (a user id or name, ``"cli"``);
the auth issue adds the permission checks here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from counter_app.domain.applicant import Applicant, ApplicationType
from counter_app.domain.card_status import REPLACED_BY_NEW_CARD, CardStatus, StatusAction, may_change
from counter_app.domain.idnumbers import normalize_id_number
from counter_app.domain.issuance import (
    CertificateState,
    Issuance,
    IssuanceAction,
    IssuanceState,
    ReasonRequired,
    is_unfinished,
    next_state,
    requires_reason,
)
from counter_app.domain.problems import DomainError, Problem
from counter_app.domain.townships import TOWNSHIPS_KEY, township_of, townships_from_json
from counter_app.services.auth import Role, Session, requires
from counter_app.services.cardmgmt_reports import queue_activation, queue_completion
from counter_app.store import online_applications
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.card_certificates import CardCertificateRepository
from counter_app.store.card_statuses import CardStatusRepository
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.issuances import (
    IssuanceEvent,
    IssuanceEventRepository,
    IssuanceRepository,
    one_unseal_per_operation,
)
from counter_app.store.outbox import OutboxRepository
from counter_app.store.sealing import person_index
from counter_app.store.settings_kv import SettingsKv

START_ACTION = "start"  # the action of an issuance's first event (it has no from-state)
# Outbox event types as the central ledger knows them (docs/ledger-api.md): every transition is one
# "issuance.transition" (its payload says ``to_state``), and a card number that will never be on an
# issued card (spoiled, or cancelled after the number was taken) is reported void.
TRANSITION_EVENT = "issuance.transition"
VOID_NUMBER_EVENT = "card_number.void"
_VOIDING_STATES = frozenset({IssuanceState.SPOILED, IssuanceState.CANCELLED})

# States that keep the reason of the failure, spoiling or cancelling that led to them. Moving on
# from a failure (retry, reprint) clears it; the events keep the history.
_STATES_WITH_REASON = frozenset(
    {IssuanceState.ENCODE_FAILED, IssuanceState.PRINT_FAILED, IssuanceState.SPOILED, IssuanceState.CANCELLED}
)
# The chip's identity and number: recorded once, never replaced within an issuance (a different
# card means a spoiled card and a new issuance).
_CARD_FIELDS = ("card_number", "card_id", "atr")


class IssuanceNotFound(DomainError):
    def __init__(self, issuance_id: str):
        self.issuance_id = issuance_id
        super().__init__(
            Problem("issuance.not_found", f"找不到制卡记录 {issuance_id}。", f"No issuance {issuance_id}.")
        )


class StaleIssuance(DomainError):
    """The issuance changed since the caller read it (another window, another worker)."""

    def __init__(self, issuance_id: str, expected: int, found: int):
        self.issuance_id = issuance_id
        super().__init__(
            Problem(
                "issuance.stale",
                f"制卡记录 {issuance_id} 已被其他操作更新（版本 {expected} → {found}），请刷新后重试。",
                f"Issuance {issuance_id} was changed meanwhile (version {expected} → {found}); "
                f"refresh and try again.",
            )
        )


class CardFieldConflict(DomainError):
    """A card number, 卡识别码 or ATR would replace one already recorded, or a card number is
    already used by another issuance."""

    def __init__(self, field: str, zh: str, en: str):
        super().__init__(Problem("issuance.card_conflict", zh, en, field=field))


class UnfinishedIssuanceExists(DomainError):
    """A new application for a person who already has an unfinished issuance at this counter: it would
    leave one of the two dangling (and the first holds the card number). Finish or cancel that one."""

    def __init__(self, issuance: Issuance):
        self.issuance = issuance
        super().__init__(Problem(
            "issuance.unfinished_exists",
            f"该申请人已有未完成的制卡记录 {issuance.id}（{issuance.state.zh}），未新建记录。",
            f"This applicant already has an unfinished issuance, {issuance.id} ({issuance.state.en}); "
            f"no new one was created.", field="document_number"))


class HolderPinNotSet(DomainError):
    """Hand-over was asked for a card that still has the stock's initial PIN."""

    def __init__(self, issuance_id: str):
        self.issuance_id = issuance_id
        super().__init__(Problem(
            "issuance.holder_pin_not_set",
            "持卡人尚未设置自己的密码：请持卡人在密码键盘上设置密码后再发放卡片。",
            "The holder has not set their own PIN yet: let the holder choose a PIN on the PIN pad, "
            "then hand the card over.", field="pin"))


class NoAgentRecorded(DomainError):
    """Collection by an agent was asked for an issuance whose application recorded no agent (代办人)."""

    def __init__(self, issuance_id: str):
        self.issuance_id = issuance_id
        super().__init__(Problem(
            "issuance.no_agent",
            "该申请未登记代办人，不能由代办人领卡：请持卡人本人设置密码后领取，或先登记代办人及授权委托书。",
            "This application has no agent recorded, so no agent may collect the card: let the holder set "
            "their PIN and take it, or record the agent and the power of attorney first.", field="agent"))


# Reasons of the card-status rows the hand-over writes (codes: they go into the history).
HANDED_TO_HOLDER = "handed_to_holder"
COLLECTED_BY_AGENT = "collected_by_agent"
POSTED_TO_HOLDER = "posted_to_holder"  # a card produced for the post (services/postal_batch.py)


class IssuanceService:
    """Issuances in the counter's store. ``clock`` returns an aware datetime (tests fix it)."""

    def __init__(self, store: Store, *, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._clock = clock

    # --- changes -----------------------------------------------------------------------------

    def start(self, applicant: Applicant, actor: str, *, clerk_id: str | None = None) -> str:
        """Create a draft for ``applicant``; returns the new issuance id."""
        issuance_id = str(uuid.uuid4())
        now = self._clock()
        state = IssuanceState.DRAFT
        with self._store.transaction() as db:
            IssuanceRepository(db).insert(issuance_id, applicant, state, now, clerk_id)
            seq = IssuanceEventRepository(db).append(
                issuance_id, from_state=None, to_state=state, action=START_ACTION, at=now, actor=actor,
                detail={},
            )
            audit = _audit(db, actor, seq, START_ACTION, None, state, now)
            OutboxRepository(db).append(
                TRANSITION_EVENT, at=now, issuance_id=issuance_id,
                payload={**_payload(issuance_id, applicant, START_ACTION, None, state, now, seq, {}),
                         "township": township_code(db, applicant.address), **audit},
            )
        return issuance_id

    def advance(
        self,
        issuance_id: str,
        action: IssuanceAction | str,
        actor: str,
        *,
        expected_version: int | None = None,
        card_number: str | None = None,
        card_id: str | None = None,
        atr: str | None = None,
        failure_reason: str | None = None,
        photo: bytes | None = None,
        in_transaction: Callable[[Any, Issuance, dt.datetime], dict[str, Any]] | None = None,
        **detail: Any,
    ) -> Issuance:
        """Take ``action`` on the issuance and return it as it is afterwards.

        ``card_number``, ``card_id`` and ``atr`` are recorded with the transition that learns
        them (typically ``start_encoding`` or ``finish_encoding``); ``photo`` with
        ``accept_photo``; ``failure_reason`` with a failure, ``spoil`` or ``cancel`` (required
        for the last two). ``detail`` is kept in the event (JSON values only).
        ``in_transaction(db, issuance_after, now)`` runs inside the transition's transaction (what
        must change together with it) and returns extra fields for the outbox payload.

        Raises :class:`IllegalTransition`, :class:`ReasonRequired`, :class:`StaleIssuance`
        (``expected_version`` given and not current), :class:`CardFieldConflict` or
        :class:`IssuanceNotFound`; in every case nothing is written.
        """
        action = IssuanceAction(action)
        if requires_reason(action) and not (failure_reason or "").strip():
            raise ReasonRequired(action)
        if photo is not None and action is not IssuanceAction.ACCEPT_PHOTO:
            raise ValueError("a photo is recorded only with the accept_photo action")
        now = self._clock()
        with one_unseal_per_operation(), self._store.transaction() as db:
            issuances = IssuanceRepository(db)
            current = issuances.get(issuance_id)
            if current is None:
                raise IssuanceNotFound(issuance_id)
            if expected_version is not None and current.version != expected_version:
                raise StaleIssuance(issuance_id, expected_version, current.version)
            new_state = next_state(current.state, action)
            fields = self._changed_fields(
                issuances, current, new_state,
                {"card_number": card_number, "card_id": card_id, "atr": atr},
                failure_reason, photo,
            )
            if not issuances.update(issuance_id, expected_version=current.version, state=new_state,
                                    at=now, fields=fields):
                # Cannot happen under BEGIN IMMEDIATE; kept so a future change cannot make it silent.
                raise StaleIssuance(issuance_id, current.version, current.version + 1)
            recorded = {k: v for k, v in fields.items() if k != "photo"}
            if photo is not None:
                recorded["photo_bytes"] = len(photo)
            seq = IssuanceEventRepository(db).append(
                issuance_id, from_state=current.state, to_state=new_state, action=action, at=now,
                actor=actor, detail={**detail, **recorded},
            )
            audit = _audit(db, actor, seq, action.value, current.state, new_state, now)
            after = issuances.get(issuance_id)
            assert after is not None
            extra = in_transaction(db, after, now) if in_transaction is not None else {}
            online = online_applications.link_of(db, issuance_id)
            if online is not None:
                extra = {**extra, "online_application": online.app_id}
            outbox = OutboxRepository(db)
            outbox.append(
                TRANSITION_EVENT, at=now, issuance_id=issuance_id,
                payload={**_payload(issuance_id, after.applicant, action.value, current.state, new_state, now,
                                    seq, {f: getattr(after, f) for f in (*_CARD_FIELDS, "failure_reason")}),
                         "township": township_code(db, after.applicant.address), **extra, **audit},
            )
            if online is not None:  # the online application's progress, right after, in this transaction
                online_applications.progress_of_transition(db, after, current.state, new_state, now)
            if new_state in _VOIDING_STATES and after.card_number:
                outbox.append(
                    VOID_NUMBER_EVENT, at=now, issuance_id=issuance_id,
                    payload={"card_number": after.card_number, "reason": new_state.value,
                             "from_state": current.state.value, "issuance_id": issuance_id},
                )
        return after

    # --- the clerk's own steps, permission-checked (``advance`` is the plumbing under them) ------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="取消制卡", en="cancel an issuance")
    def cancel(self, session: Session, issuance_id: str, reason: str, *,
               expected_version: int | None = None) -> Issuance:
        """Abandon an unfinished issuance, saying why."""
        return self.advance(issuance_id, IssuanceAction.CANCEL, session.actor,
                            expected_version=expected_version, failure_reason=reason)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="确认卡面已打印", en="confirm the card came out printed")
    def confirm_printed(self, session: Session, issuance_id: str) -> Issuance:
        """The clerk saw the printed card (after a print whose end the app could not follow)."""
        return self.advance(issuance_id, IssuanceAction.FINISH_PRINTING, session.actor, confirmed_by_clerk=True)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="记录打印失败", en="record a failed print")
    def record_print_failure(self, session: Session, issuance_id: str, reason: str) -> Issuance:
        return self.advance(issuance_id, IssuanceAction.FAIL_PRINTING, session.actor, failure_reason=reason)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="发放卡片", en="hand over a card")
    def hand_over(self, session: Session, issuance_id: str, *, by_agent: bool = False,
                  certificate_step: bool = False) -> Issuance:
        """``printed`` → ``issued``.

        To the holder (the default), only once the holder set their own PIN on the card: the card becomes
        ``active`` and the completion and the social-security application's activation are queued for the
        card-management system. To the agent recorded with the application (``by_agent``; none recorded is
        :class:`NoAgentRecorded`): the holder's PIN is not asked for, the card stays ``not_activated`` (未启用)
        until the holder activates it in person (:class:`~counter_app.services.activation.ActivationService`)
        and only the completion is queued. The event and the outbox say ``collected_by`` (``holder`` or
        ``agent``), never who the agent is.

        A replacement (or renewal, upgrade) makes the person's earlier card final (``replaced``) in
        the same transaction; the transition tells the ledger which card it replaces. With
        ``certificate_step`` (a 3.0 card, setting ``card.certificates``) the certificate substate is
        recorded: ``issued`` when this card's certificates were written here, else ``pending``."""
        collected_by = "agent" if by_agent else "holder"
        with one_unseal_per_operation():
            current = self.get(issuance_id)
            if by_agent and (current.applicant.agent is None or not current.applicant.agent.may_collect):
                raise NoAgentRecorded(issuance_id)
            if not by_agent and current.state is IssuanceState.PRINTED and not current.holder_pin_set:
                raise HolderPinNotSet(issuance_id)

            finish = hand_over_effects(collected_by, actor=session.actor, certificate_step=certificate_step)
            self.advance(issuance_id, IssuanceAction.HAND_OVER, session.actor, in_transaction=finish,
                         collected_by=collected_by)
            return self.get(issuance_id)

    def note_chip(self, issuance_id: str, card_id: str) -> None:
        """Record the 卡识别码 of the chip a write is about to begin on, before its first write, while the
        issuance stays in ``encoding``. After a crash in the middle of the write (the app killed, the power
        gone) the resume then accepts only that chip, so one card number never ends up on two chips. Local
        only: the ledger learns the chip with the write's outcome. A different chip already noted is a
        :class:`CardFieldConflict`; the same one changes nothing."""
        now = self._clock()
        with one_unseal_per_operation(), self._store.transaction() as db:
            issuances = IssuanceRepository(db)
            current = issuances.get(issuance_id)
            if current is None:
                raise IssuanceNotFound(issuance_id)
            fields = self._changed_fields(issuances, current, current.state, {"card_id": card_id}, None, None)
            if fields:
                _update_in_place(db, issuance_id, current.version, now, **fields)

    def record_holder_pin(self, db, card_id: str, at: dt.datetime) -> str | None:
        """The holder replaced the initial PIN on the card ``card_id``: note it (never the PIN) on the
        printed issuance of that card, inside the caller's transaction. Returns the issuance id."""
        head = IssuanceRepository(db).latest_for_card_id(card_id, states=(IssuanceState.PRINTED,))
        if head is None:
            return None
        _update_in_place(db, head.id, head.version, at, holder_pin_set_at=at)
        return head.id

    def mark_holder_pin_set(self, db, issuance_id: str, at: dt.datetime) -> None:
        """The holder replaced the initial PIN on the card of ``issuance_id`` after it left the counter (an
        agent collected it; the holder activates it in person): note it, inside the caller's transaction."""
        head = IssuanceRepository(db).head(issuance_id)
        if head is None:
            raise IssuanceNotFound(issuance_id)
        _update_in_place(db, issuance_id, head.version, at, holder_pin_set_at=at)

    def set_certificate_state(self, db, issuance_id: str, state: CertificateState) -> None:
        """The certificate substate of an issued card, inside the caller's transaction (an issuance in
        another state is left as it is)."""
        head = IssuanceRepository(db).head(issuance_id)
        if head is None or head.state is not IssuanceState.ISSUED:
            return
        _update_in_place(db, issuance_id, head.version, self._clock(), certificate_state=CertificateState(state))

    def list_certificate_pending(self) -> list[Issuance]:
        """Issued cards whose certificate step is still to be done, oldest first."""
        return IssuanceRepository(self._store.db).with_certificate_state(CertificateState.PENDING)

    # --- reads -------------------------------------------------------------------------------

    def get(self, issuance_id: str) -> Issuance:
        found = IssuanceRepository(self._store.db).get(issuance_id)
        if found is None:
            raise IssuanceNotFound(issuance_id)
        return found

    def history(self, issuance_id: str) -> list[IssuanceEvent]:
        """The issuance's events, first to last."""
        return IssuanceEventRepository(self._store.db).for_issuance(issuance_id)

    def photo(self, issuance_id: str) -> bytes | None:
        return IssuanceRepository(self._store.db).photo(issuance_id)

    def list_unfinished(self) -> list[Issuance]:
        """Issuances that are not issued, spoiled or cancelled, oldest first: what the start
        screen offers to resume after a restart, a crash or a power cut."""
        unfinished = [s for s in IssuanceState if is_unfinished(s)]
        return IssuanceRepository(self._store.db).in_states(unfinished)

    def unfinished_for_person(self, document_number: str) -> Issuance | None:
        """The oldest unfinished issuance of the person with this document number (the domain's
        normal form, through the person's blind index), or None."""
        index = person_index(normalize_id_number(document_number))
        unfinished = [s for s in IssuanceState if is_unfinished(s)]
        head = IssuanceRepository(self._store.db).oldest_for_person(index, unfinished)
        return self.get(head.id) if head else None

    def refuse_if_unfinished(self, document_number: str) -> None:
        """Raise :class:`UnfinishedIssuanceExists` when the person already has an unfinished issuance."""
        found = self.unfinished_for_person(document_number)
        if found is not None:
            raise UnfinishedIssuanceExists(found)

    def list_for_day(self, day: dt.date, tz: dt.tzinfo | None = None) -> list[Issuance]:
        """Issuances created on ``day`` in ``tz`` (the machine's local time zone by default)."""
        if tz is None:
            start = dt.datetime.combine(day, dt.time()).astimezone()
            end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone()
        else:
            start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
            end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        return IssuanceRepository(self._store.db).created_between(start, end)

    # --- rules of the recorded fields --------------------------------------------------------

    @staticmethod
    def _changed_fields(
        issuances: IssuanceRepository,
        current: Issuance,
        new_state: IssuanceState,
        card: dict[str, str | None],
        failure_reason: str | None,
        photo: bytes | None,
    ) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name, value in card.items():
            if value is None:
                continue
            old = getattr(current, name)
            if old is not None and old != value:
                raise CardFieldConflict(
                    name,
                    f"该制卡记录已登记 {name}={old}，不能改为 {value}。换卡须作废原卡并重新制卡。",
                    f"This issuance already has {name}={old}; it cannot become {value}. "
                    f"A different card means spoiling this one and starting a new issuance.",
                )
            if old is None:
                fields[name] = value
        number = fields.get("card_number")
        if number is not None and issuances.card_number_taken(number, other_than=current.id):
            raise CardFieldConflict(
                "card_number",
                f"卡号 {number} 已被另一条制卡记录使用。",
                f"The card number {number} is already used by another issuance.",
            )
        if failure_reason is not None:
            fields["failure_reason"] = failure_reason.strip()
        elif current.failure_reason is not None and new_state not in _STATES_WITH_REASON:
            fields["failure_reason"] = None
        if photo is not None:
            fields["photo"] = photo
        return fields


def _update_in_place(db, issuance_id: str, version: int, at: dt.datetime, **fields: Any) -> None:
    """A change that keeps the issuance's state (the chip noted, the holder's PIN set, the certificate
    substate), through the repository's versioned update like every transition."""
    head = IssuanceRepository(db).head(issuance_id)
    assert head is not None
    if not IssuanceRepository(db).update(issuance_id, expected_version=version, state=head.state, at=at,
                                         fields=fields):
        raise StaleIssuance(issuance_id, version, head.version)


def _audit(db, actor: str, event_seq: int, action: str, from_state: IssuanceState | None,
           to_state: IssuanceState, at: dt.datetime) -> dict[str, Any]:
    """The transition in the audit trail, in the transition's own transaction. The row names the
    issuance event by its sequence number (which leads to the issuance), never personal data,
    card identities or free text: audit rows are kept forever. Its seq and hash ride in the
    transition's outbox payload (returned here), which anchors the chain at the ledger."""
    entry = AuditLog.append(db, actor, AuditAction.ISSUANCE_TRANSITION,
                            {"event_seq": event_seq, "action": action,
                             "from": from_state.value if from_state else None, "to": to_state.value},
                            at=at, outbox=False)
    return {"audit_seq": entry.seq, "audit_hash": entry.hash}


def township_code(db, address: str) -> str | None:
    """The code of the township ``address`` lies in, from the district's list the ledger last sent (kept in
    ``settings_kv``, :data:`counter_app.domain.townships.TOWNSHIPS_KEY`); None before any list or for no match.
    Only the code goes to the ledger (for coverage per township), never the address."""
    found = township_of(address, townships_from_json(SettingsKv(db).get(TOWNSHIPS_KEY)))
    return found.code if found else None


def _payload(
    issuance_id: str,
    applicant: Applicant,
    action: str,
    from_state: IssuanceState | None,
    to_state: IssuanceState,
    at: dt.datetime,
    event_seq: int,
    card: dict[str, str | None],
) -> dict[str, Any]:
    """The outbox payload of one transition. No name, no clear document number, no photo: see
    :mod:`counter_app.store.schema` for what goes in and why."""
    return {
        "issuance_id": issuance_id,
        "event_seq": event_seq,
        "action": action,
        "from_state": from_state.value if from_state else None,
        "to_state": to_state.value,
        "at": to_db_time(at),
        # The ledger knows a card as new or as replacing the person's earlier card; renewal and
        # upgrade replace the earlier card too (reason 80), so they are "replacement" there.
        "application_type": "new" if applicant.application_type is ApplicationType.NEW else "replacement",
        "application": applicant.application_type.value,
        "reason": applicant.reason.value if applicant.reason else None,
        "person_index": person_index(applicant.document_number),
        **card,
    }


def _mark_replaced_cards(db, issuance: Issuance, actor: str, at: dt.datetime) -> list[str]:
    """A replacement, renewal or upgrade handed over: the person's earlier cards become ``replaced``
    (final) in this counter's card statuses. Which cards: any card this counter issued to the same
    person that is not final yet (a card whose formal loss opened this application is final already
    and stays ``loss``).

    No ``card.status_changed`` event is queued: the ledger learns it from the hand-over itself
    (``replaces_card_number`` and the person's blind index), so the change reaches it exactly once."""
    if issuance.applicant.application_type is ApplicationType.NEW:
        return []
    index = person_index(issuance.applicant.document_number)
    statuses = CardStatusRepository(db)
    replaced: list[str] = []
    for number in IssuanceRepository(db).issued_card_numbers_of_person(index, other_than=issuance.id):
        if number == issuance.card_number:
            continue
        found = statuses.get(number)
        before = found.status if found is not None else CardStatus.ACTIVE
        if not may_change(before, CardStatus.REPLACED, StatusAction.REPLACE):
            continue  # already final (a formal loss keeps "loss": the ledger revokes its certificate for that)
        statuses.mark_replaced(number, reason=REPLACED_BY_NEW_CARD, at=at, actor=actor)
        statuses.append_change(number, from_status=before,
                               to_status=CardStatus.REPLACED, reason=REPLACED_BY_NEW_CARD, at=at, actor=actor,
                               outbox_seq=None)
        replaced.append(number)
    return replaced


def hand_over_effects(collected_by: str, *, actor: str, certificate_step: bool
                      ) -> Callable[[Any, Issuance, dt.datetime], dict[str, Any]]:
    """What a hand-over writes in its transaction, as the ``in_transaction`` step of ``advance``: the
    certificate substate (``certificate_step``), the person's earlier card ``replaced``, the card's status and
    the card-management reports. ``collected_by`` is ``holder`` (the card ``active``, completion and activation
    queued), ``agent`` or ``post`` (the card stays ``not_activated`` with the stock's initial PIN until the
    holder activates it; only the completion is queued). One function for the counter's hand-over and the card
    centre's postal batch, so a posted card follows exactly the agent's rules."""
    if collected_by not in ("holder", "agent", "post"):
        raise ValueError(collected_by)

    def finish(db, after: Issuance, now: dt.datetime) -> dict[str, Any]:
        extra: dict[str, Any] = {"collected_by": collected_by}
        if certificate_step:
            written = CardCertificateRepository(db).has_sign_certificate(after.card_number, after.card_id)
            state = CertificateState.ISSUED if written else CertificateState.PENDING
            _update_in_place(db, after.id, after.version, now, certificate_state=state)
            extra["certificate_state"] = state.value
        replaced = _mark_replaced_cards(db, after, actor, now)
        if replaced:
            extra["replaces_card_number"] = replaced[0]
        status = _record_hand_over_status(db, after, collected_by=collected_by, actor=actor, at=now)
        extra["card_status"] = status.value
        _queue_hand_over_reports(db, after, activated=status is CardStatus.ACTIVE and collected_by == "holder",
                                 at=now)
        return extra

    return finish


def _record_hand_over_status(db, issuance: Issuance, *, collected_by: str, actor: str,
                             at: dt.datetime) -> CardStatus:
    """The card's status after its hand-over, in this counter's card statuses: ``active`` for the holder,
    ``not_activated`` for an agent or the post. A card is ``not_activated`` from its chip write until then (no
    row yet); a status already recorded that the hand-over may not change (a clerk reported the card lost
    meanwhile) is kept and returned. No ``card.status_changed`` event: the ledger learns it from the
    transition."""
    to_holder = collected_by == "holder"
    if not issuance.card_number:
        return CardStatus.ACTIVE if to_holder else CardStatus.NOT_ACTIVATED
    statuses = CardStatusRepository(db)
    found = statuses.get(issuance.card_number)
    before = found.status if found is not None else CardStatus.NOT_ACTIVATED
    if before is not CardStatus.NOT_ACTIVATED:
        return before
    if not to_holder:
        if found is None:
            reason = POSTED_TO_HOLDER if collected_by == "post" else COLLECTED_BY_AGENT
            statuses.record(issuance.card_number, CardStatus.NOT_ACTIVATED, reason=reason, final=False,
                            replacement_issuance_id=None, at=at, actor=actor)
        return CardStatus.NOT_ACTIVATED
    assert may_change(before, CardStatus.ACTIVE, StatusAction.HAND_OVER)
    statuses.record(issuance.card_number, CardStatus.ACTIVE, reason=HANDED_TO_HOLDER, final=False,
                    replacement_issuance_id=None, at=at, actor=actor)
    statuses.append_change(issuance.card_number, from_status=before, to_status=CardStatus.ACTIVE,
                           reason=HANDED_TO_HOLDER, at=at, actor=actor, outbox_seq=None)
    return CardStatus.ACTIVE


def _queue_hand_over_reports(db, issuance: Issuance, *, activated: bool, at: dt.datetime) -> None:
    """The card-management reports of a hand-over, in its transaction: the completion (once per issuance)
    and, when the holder took the card, the activation of its social-security application."""
    queue_completion(db, issuance)
    if activated and issuance.card_number:
        queue_activation(db, issuance.card_number, issuance.id, at)
