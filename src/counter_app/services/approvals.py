"""Exceptions that need a second person: request, then a supervisor's decision.

Kinds: ``reprint`` (print a card face again), ``spoiled_override`` (accept a card the checks
set aside), ``substitute_name`` (write a substitute chip name for characters outside GBK).
Clerks and supervisors request; only a supervisor decides, and never on their own request —
separation of duties, checked here (:class:`SeparationOfDuties`) and again by a CHECK constraint
of the table. A decision is taken once. The issuance services ask :meth:`ApprovalService.approved`
before acting on an exception.

Reasons are free text and may quote a name: they are sealed in the table and kept out of the
audit trail, which records only the kind, subject and decision.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, SeparationOfDuties, Session, requires, same_person
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import from_db_time, to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.sealing import approval_sealed_at as sealed_at
from counter_app.store.sealing import seal, unseal


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


_COLUMNS = ("id, kind, subject_id, reason, counter_id, requested_by, requested_by_name, requested_at, "
            "decision, decided_by_name, decided_at, decision_reason")


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
            db.execute(
                "INSERT INTO approvals (id, kind, subject_id, reason, counter_id, requested_by, requested_by_name, "
                "requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (approval_id, kind.value, subject_id, seal(reason.encode("utf-8"), sealed_at(approval_id, "reason")),
                 session.counter_id,
                 _who(session), session.username, to_db_time(now)),
            )
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
            db.execute(
                "UPDATE approvals SET decision = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, "
                "decision_reason = ? WHERE id = ? AND decision IS NULL",
                (decision.value, _who(session), session.username, to_db_time(now),
                 seal(reason.encode("utf-8"), sealed_at(approval_id, "decision_reason")), approval_id),
            )
            AuditLog.append(db, session.actor, AuditAction.APPROVAL_DECIDED,
                            {"approval_id": approval_id, "kind": current.kind.value,
                             "subject_id": current.subject_id, "decision": decision.value,
                             "requested_by": current.requested_by_name},
                            counter_id=session.counter_id, at=now)
        return self._get(approval_id)

    @requires(Role.SUPERVISOR, zh="查看待审批申请", en="list pending exception requests")
    def pending(self, session: Session) -> list[Approval]:
        rows = self._store.db.execute(
            f"SELECT {_COLUMNS} FROM approvals WHERE decision IS NULL ORDER BY requested_at, id"
        ).fetchall()
        return [_approval(r) for r in rows]

    def approved(self, kind: ApprovalKind | str, subject_id: str) -> Approval | None:
        """The latest approved request of ``kind`` for ``subject_id``, if any: what an issuance
        service checks before acting on an exception (its own method states the roles)."""
        row = self._store.db.execute(
            f"SELECT {_COLUMNS} FROM approvals WHERE kind = ? AND subject_id = ? AND decision = 'approved' "
            "ORDER BY decided_at DESC LIMIT 1",
            (_kind(kind).value, subject_id),
        ).fetchone()
        return _approval(row) if row else None

    def _get(self, approval_id: str, db=None) -> Approval:
        row = (db or self._store.db).execute(f"SELECT {_COLUMNS} FROM approvals WHERE id = ?", (approval_id,)).fetchone()
        if row is None:
            raise ApprovalProblem("approval.unknown", f"没有审批申请 {approval_id}。", f"No approval request {approval_id}.")
        return _approval(row)


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


def _approval(row: tuple) -> Approval:
    (id_, kind, subject, reason, counter, by, by_name, at, decision, dec_name, dec_at, dec_reason) = row
    return Approval(
        id_, ApprovalKind(kind), subject, unseal(reason, sealed_at(id_, "reason")).decode("utf-8"), counter, by, by_name, from_db_time(at),
        Decision(decision) if decision else None, dec_name, from_db_time(dec_at) if dec_at else None,
        unseal(dec_reason, sealed_at(id_, "decision_reason")).decode("utf-8") if dec_reason is not None else None,
    )
