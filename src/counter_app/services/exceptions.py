"""The supervisor's exception list: everything that needs a second person, and the decisions.

What is listed (open items only, oldest first):

- approval requests (:mod:`counter_app.services.approvals`): reprints, spoiled-card overrides,
  rare-character substitute names — decided through :meth:`ApprovalService.decide`;
- spoiled-card records: every issuance set aside as ``spoiled`` that no supervisor reviewed yet;
- ledger conflicts (a second active card for a person, a reused or void card number, ...) and
  events or requests the ledger refused (``sync_refusals``): reviewed here and marked resolved;
- issued cards whose certificates wait (``certificate_state = 'pending'``: the ledger's CA was away at
  hand-over). These are listed for the supervisor to see, not decided: nothing needs a second person's
  approval, and the item leaves the list by itself when a counter finishes the certificate step with
  the holder. :attr:`ExceptionKind.decidable` is False for them and :meth:`ExceptionService.decide`
  refuses them.

A decision is *approved* or *rejected*, always with a reason (sealed: free text may quote a
name), and is taken once. Several items can be decided at once with one re-authentication: the
supervisor's password is checked once for the batch (the local operator of the command line has
no password here: they are trusted as the app's OS user).

Separation of duties: nothing a person did can be approved by the same person. Who "did" an item:
the requester of an approval; the clerk who spoiled the card or started its issuance; for a
conflict, the clerk of the issuance whose event the ledger flagged. If any item of a batch is the
supervisor's own, the whole batch is refused before anything is decided
(:class:`SeparationOfDuties`), so a batch never half-happens. The table's CHECK refuses it again.

The items and the reviews are read and written by :mod:`counter_app.store.exception_reviews`
(which seals the reasons) and :mod:`counter_app.store.approvals`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.problems import DomainError, Problem, pick
from counter_app.services.approvals import ApprovalService
from counter_app.services.auth import Role, SeparationOfDuties, Session, requires, same_person
from counter_app.services.login import LoginFailed
from counter_app.services.passwords import dummy_verify, verify_password
from counter_app.store.audit import AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.exception_reviews import ExceptionReviewRepository
from counter_app.store.users import UserRepository

AUDIT_EXCEPTION_DECIDED = "exception.decided"
AUDIT_REAUTH_FAILED = "auth.reauth_failed"


class ExceptionKind(StrEnum):
    REPRINT = "reprint"
    SPOILED_OVERRIDE = "spoiled_override"
    SUBSTITUTE_NAME = "substitute_name"
    SPOILED_CARD = "spoiled_card"
    LEDGER_CONFLICT = "ledger_conflict"
    SYNC_REFUSAL = "sync_refusal"
    CERTIFICATE_PENDING = "certificate_pending"

    def label(self, lang: str = "zh") -> str:
        zh, en = _LABELS[self]
        return pick(lang, zh, en)

    @property
    def decidable(self) -> bool:
        """Whether a supervisor approves or rejects it (else it is listed for information only)."""
        return self is not ExceptionKind.CERTIFICATE_PENDING


_LABELS = {
    ExceptionKind.REPRINT: ("重新打印申请", "reprint request"),
    ExceptionKind.SPOILED_OVERRIDE: ("废卡放行申请", "spoiled-card override"),
    ExceptionKind.SUBSTITUTE_NAME: ("生僻字替代姓名", "substitute chip name"),
    ExceptionKind.SPOILED_CARD: ("废卡记录", "spoiled card"),
    ExceptionKind.LEDGER_CONFLICT: ("中心台账冲突", "ledger conflict"),
    ExceptionKind.SYNC_REFUSAL: ("中心台账拒收", "refused by the ledger"),
    ExceptionKind.CERTIFICATE_PENDING: ("证书待签发", "certificate pending"),
}
_APPROVAL_KINDS = (ExceptionKind.REPRINT, ExceptionKind.SPOILED_OVERRIDE, ExceptionKind.SUBSTITUTE_NAME)


@dataclass(frozen=True, slots=True)
class ExceptionItem:
    key: str                    # "<kind>:<subject>": what decide() takes
    kind: ExceptionKind
    subject_id: str             # approval id, issuance id, conflict id or refusal id
    at: dt.datetime
    done_by: str | None         # username of who did it (None: the ledger / the system)
    done_by_id: str | None      # their user id, when known
    detail: str                 # a line for the list: codes, card number, the request's reason


class ExceptionProblem(DomainError):
    def __init__(self, code: str, zh: str, en: str):
        super().__init__(Problem(code, zh, en))


class ExceptionService:
    def __init__(self, store: Store, *, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._clock = clock
        self._approvals = ApprovalService(store, clock=clock)

    @requires(Role.SUPERVISOR, zh="查看例外事项", en="list the exceptions")
    def open_items(self, session: Session) -> list[ExceptionItem]:
        items = [*self._approval_items(session), *self._spoiled_items(), *self._conflict_items(),
                 *self._refusal_items(), *self._certificate_pending_items()]
        return sorted(items, key=lambda i: (i.at, i.key))

    @requires(Role.SUPERVISOR, zh="审批例外事项", en="decide exceptions")
    def decide(self, session: Session, keys: Iterable[str], approve: bool, reason: str,
               password: str | None = None) -> int:
        """Approve or reject the items ``keys`` with one reason; returns how many were decided.

        ``password``: the supervisor's, checked once for the batch (required for a logged-in
        user). Raises :class:`LoginFailed`, :class:`SeparationOfDuties` or
        :class:`ExceptionProblem` (unknown or already decided item, no reason) — deciding nothing.
        """
        reason = (reason or "").strip()
        if not reason:
            raise ExceptionProblem("exception.reason_required", "请填写审批意见。", "A reason is required.")
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return 0
        self._reauthenticate(session, password)
        open_by_key = {i.key: i for i in self.open_items(session)}
        missing = [k for k in wanted if k not in open_by_key]
        if missing:
            raise ExceptionProblem("exception.not_open", f"以下事项不存在或已处理：{', '.join(missing)}",
                                   f"Not open (unknown or already decided): {', '.join(missing)}")
        items = [open_by_key[k] for k in wanted]
        listed_only = [i.key for i in items if not i.kind.decidable]
        if listed_only:
            raise ExceptionProblem(
                "exception.not_decidable",
                f"以下事项只供查看，无需审批（在任一柜台为持卡人补签证书后自动消除）：{', '.join(listed_only)}",
                f"Listed for information, not decided (they clear when a counter finishes the holder's "
                f"certificates): {', '.join(listed_only)}")
        for item in items:
            if _own(item, session):
                raise SeparationOfDuties(session.username, item.kind.label("zh"), item.kind.label("en"))
        now = self._clock()
        decision = "approved" if approve else "rejected"
        with self._store.transaction() as db:
            reviews = ExceptionReviewRepository(db)
            for item in items:
                if item.kind in _APPROVAL_KINDS:
                    self._approvals.decide(session, item.subject_id, approve, reason)
                    continue
                reviews.record_review(item.kind.value, item.subject_id, done_by=item.done_by, decision=decision,
                                      reason=reason, decided_by=session.username,
                                      decided_by_name=session.username, at=now)
                if item.kind is ExceptionKind.LEDGER_CONFLICT:
                    reviews.resolve_ledger_conflict(int(item.subject_id), now)
                elif item.kind is ExceptionKind.SYNC_REFUSAL:
                    reviews.resolve_sync_refusal(int(item.subject_id), now)
                AuditLog.append(db, session.actor, AUDIT_EXCEPTION_DECIDED,
                                {"kind": item.kind.value, "subject_id": item.subject_id, "decision": decision},
                                counter_id=session.counter_id, at=now)
        return len(items)

    # --- the re-authentication --------------------------------------------------------------------

    def _reauthenticate(self, session: Session, password: str | None) -> None:
        if session.user_id is None:
            return  # the command line's local operator (see Session.local_operator)
        user = UserRepository(self._store.db).by_id(session.user_id)
        if user is None:
            dummy_verify(password or "")
            raise LoginFailed()
        if not verify_password(password or "", user.password_hash):
            with self._store.transaction() as db:
                AuditLog.append(db, session.actor, AUDIT_REAUTH_FAILED, {"for": AUDIT_EXCEPTION_DECIDED},
                                counter_id=session.counter_id, at=self._clock())
            raise LoginFailed()

    # --- the sources --------------------------------------------------------------------------------

    def _approval_items(self, session: Session) -> list[ExceptionItem]:
        return [ExceptionItem(f"{a.kind.value}:{a.id}", ExceptionKind(a.kind.value), a.id, a.requested_at,
                              a.requested_by_name, a.requested_by, f"{a.subject_id[:8]} {a.reason}")
                for a in self._approvals.pending(session)]

    def _spoiled_items(self) -> list[ExceptionItem]:
        return [ExceptionItem(f"spoiled_card:{r.issuance_id}", ExceptionKind.SPOILED_CARD, r.issuance_id,
                              r.spoiled_at, r.spoiled_by, r.clerk_id,
                              f"{r.issuance_id[:8]} {r.card_number or ''} {r.failure_reason or ''}".strip())
                for r in ExceptionReviewRepository(self._store.db).unreviewed_spoiled_cards()]

    def _conflict_items(self) -> list[ExceptionItem]:
        return [ExceptionItem(f"ledger_conflict:{c.id}", ExceptionKind.LEDGER_CONFLICT, str(c.id), c.received_at,
                              c.started_by, c.clerk_id,
                              f"{c.kind} seq={c.seq} {(c.issuance_id or '')[:8]} {c.card_number}".strip())
                for c in ExceptionReviewRepository(self._store.db).open_ledger_conflicts()]

    def _refusal_items(self) -> list[ExceptionItem]:
        return [ExceptionItem(f"sync_refusal:{r.id}", ExceptionKind.SYNC_REFUSAL, str(r.id), r.at, None, None,
                              f"{r.request} {r.http_status} {r.error_code}"
                              + (f" seq {r.first_seq}–{r.last_seq}" if r.first_seq else ""))
                for r in ExceptionReviewRepository(self._store.db).open_sync_refusals()]

    def _certificate_pending_items(self) -> list[ExceptionItem]:
        """Issued cards whose certificates wait, from their hand-over (the clerk who handed them over)."""
        return [ExceptionItem(f"certificate_pending:{c.issuance_id}", ExceptionKind.CERTIFICATE_PENDING,
                              c.issuance_id, c.handed_over_at, c.handed_over_by, c.clerk_id,
                              f"{c.issuance_id[:8]} {c.card_number or ''}".strip())
                for c in ExceptionReviewRepository(self._store.db).pending_certificates()]


def _own(item: ExceptionItem, session: Session) -> bool:
    """Whether the supervisor did (or requested) what the item is about."""
    if item.done_by is None and item.done_by_id is None:
        return False
    if item.done_by is not None and same_person(None, item.done_by, None, session.username):
        return True
    return bool(item.done_by_id and session.user_id and item.done_by_id == session.user_id)
