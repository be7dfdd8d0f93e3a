"""Exceptions that need a second person: request, then a supervisor's decision.

Kinds: ``reprint`` (print a card face again), ``spoiled_override`` (accept a card the checks
set aside), ``substitute_name`` (write a substitute chip name for characters outside GBK).
Clerks and supervisors request; only a supervisor decides, and never on their own request —
separation of duties, checked here (:class:`SeparationOfDuties`) and again by a CHECK constraint
of the table. A decision is taken once. The issuance services ask :meth:`ApprovalService.approved`
before acting on an exception.

Reasons are free text and may quote a name: they are sealed in the table (by
:mod:`counter_app.store.approvals`, which hands them here in clear) and kept out of the audit
trail, which records only the kind, subject and decision.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, SeparationOfDuties, Session, requires, same_person
from counter_app.store.approvals import ApprovalRecord, ApprovalRepository
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.database import Store


class ApprovalKind(StrEnum):
    REPRINT = "reprint"
    SPOILED_OVERRIDE = "spoiled_override"
    SUBSTITUTE_NAME = "substitute_name"

    @property
    def zh(self) -> str:
        return {"reprint": "重新打印", "spoiled_override": "废卡放行", "substitute_name": "替代姓名"}[self.value]


class Decision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Approval:
    id: str
    kind: ApprovalKind
    subject_id: str
    reason: str
    counter_id: str
    requested_by: str
    requested_by_name: str
    requested_at: dt.datetime
    decision: Decision | None
    decided_by_name: str | None
    decided_at: dt.datetime | None
    decision_reason: str | None

    @property
    def pending(self) -> bool:
        return self.decision is None


class ApprovalProblem(DomainError):
    def __init__(self, code: str, zh: str, en: str):
        super().__init__(Problem(code, zh, en))


class ApprovalService:
    def __init__(self, store: Store, *, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._clock = clock

    @requires(Role.CLERK, Role.SUPERVISOR, zh="提出例外申请", en="request an exception approval")
    def request_approval(self, session: Session, kind: ApprovalKind | str, subject_id: str, reason: str) -> Approval:
        kind = _kind(kind)
        reason = _reason(reason)
        approval_id = str(uuid.uuid4())
        now = self._clock()
        with self._store.transaction() as db:
            ApprovalRepository(db).insert(
                approval_id, kind=kind.value, subject_id=subject_id, reason=reason, counter_id=session.counter_id,
                requested_by=_who(session), requested_by_name=session.username, at=now)
            AuditLog.append(db, session.actor, AuditAction.APPROVAL_REQUESTED,
                            {"approval_id": approval_id, "kind": kind.value, "subject_id": subject_id},
                            counter_id=session.counter_id, at=now)
        return self._get(approval_id)

    @requires(Role.SUPERVISOR, zh="审批例外申请", en="decide an exception request")
    def decide(self, session: Session, approval_id: str, approve: bool, reason: str) -> Approval:
        reason = _reason(reason)
        now = self._clock()
        with self._store.transaction() as db:
            current = self._get(approval_id, db)
            if same_person(current.requested_by, current.requested_by_name, _who(session), session.username):
                raise SeparationOfDuties(session.username, current.kind.zh, current.kind.value)
            if not current.pending:
                raise ApprovalProblem("approval.already_decided", "该申请已审批过。", "This request was already decided.")
            decision = Decision.APPROVED if approve else Decision.REJECTED
            ApprovalRepository(db).record_decision(
                approval_id, decision=decision.value, decided_by=_who(session), decided_by_name=session.username,
                at=now, reason=reason)
            AuditLog.append(db, session.actor, AuditAction.APPROVAL_DECIDED,
                            {"approval_id": approval_id, "kind": current.kind.value,
                             "subject_id": current.subject_id, "decision": decision.value,
                             "requested_by": current.requested_by_name},
                            counter_id=session.counter_id, at=now)
        return self._get(approval_id)

    @requires(Role.SUPERVISOR, zh="查看待审批申请", en="list pending exception requests")
    def pending(self, session: Session) -> list[Approval]:
        return [_approval(r) for r in ApprovalRepository(self._store.db).pending()]

    def approved(self, kind: ApprovalKind | str, subject_id: str) -> Approval | None:
        """The latest approved request of ``kind`` for ``subject_id``, if any: what an issuance
        service checks before acting on an exception (its own method states the roles)."""
        record = ApprovalRepository(self._store.db).latest_approved(_kind(kind).value, subject_id)
        return _approval(record) if record else None

    def _get(self, approval_id: str, db=None) -> Approval:
        record = ApprovalRepository(db or self._store.db).get(approval_id)
        if record is None:
            raise ApprovalProblem("approval.unknown", f"没有审批申请 {approval_id}。", f"No approval request {approval_id}.")
        return _approval(record)


def _who(session: Session) -> str:
    """The stable identity of a requester or decider: the user id, or the operator's name."""
    return session.user_id or session.username


def _kind(kind: ApprovalKind | str) -> ApprovalKind:
    try:
        return ApprovalKind(kind)
    except ValueError:
        raise ApprovalProblem("approval.bad_kind", f"未知的申请类型：{kind}。", f"Unknown request kind: {kind}.") from None


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApprovalProblem("approval.reason_required", "请填写原因。", "A reason is required.")
    return reason


def _approval(r: ApprovalRecord) -> Approval:
    return Approval(
        r.id, ApprovalKind(r.kind), r.subject_id, r.reason, r.counter_id, r.requested_by, r.requested_by_name,
        r.requested_at, Decision(r.decision) if r.decision else None, r.decided_by_name, r.decided_at,
        r.decision_reason,
    )
