"""The reports to the card-management system (卡管) that a change at the counter queues, built in the caller's
transaction: the completion of an issuance, the activation of a card's social-security application and a card's
status change. Queued by :class:`~counter_app.store.cardmgmt_queue.ReportQueue`, sent later by the relay
(:meth:`counter_app.services.card_management.CardManagementService.send_reports`).

A module of its own, below the issuance, card and card-management services, so that each of them may queue a
report without importing the others (the card-management service imports the encoder's module, which imports
the issuance service)."""

from __future__ import annotations

import datetime as dt

from counter_app.domain.card_status import CardStatus
from counter_app.store.bank_accounts import BankAccountRepository
from counter_app.store.cardmgmt_queue import CardManagementRecords, ReportQueue
from counter_app.store.clock import to_db_time
from counter_app.store.sealing import name_index, person_index

ACTIVATED_APPLICATION = "social_security"  # which application of the card an activation report is about


def queue_completion(db, issuance) -> str | None:
    """Queue the completion report of ``issuance`` (encoded or issued) in the caller's transaction; once per
    issuance (None when it was queued already)."""
    queue = ReportQueue(db)
    if queue.has("completion", issuance.id):
        return None
    account = None
    bank_code = issuance.applicant.bank_code or None
    record = BankAccountRepository(db).get(issuance.id)
    if record is not None:
        account, bank_code = record.account, record.bank_code
    pre = CardManagementRecords(db).preopening(issuance.id)
    if bank_code is None and pre is not None:
        bank_code = pre.bank_code  # pre-opened with banks.default for an applicant who chose none
    return queue.add("completion", {
        "issuance_id": issuance.id, "card_number": issuance.card_number, "card_id": issuance.card_id,
        "person_index": person_index(issuance.applicant.document_number),
        "name_index": name_index(issuance.applicant.name), "bank_code": bank_code, "bank_account": account,
        "preopen_id": (pre.preopen_id or None) if pre else None,  # "" while deferred (made offline)
        "preopen_request_id": pre.request_id if pre else None,
        "completed_at": to_db_time(dt.datetime.now(dt.UTC))})


def queue_activation(db, card_number: str, issuance_id: str, at: dt.datetime, *, by: str = "holder") -> str | None:
    """Queue the activation report of the card's social-security application; once per issuance."""
    queue = ReportQueue(db)
    if queue.has("activation", issuance_id):
        return None
    return queue.add("activation", {"card_number": card_number, "issuance_id": issuance_id,
                                    "application": ACTIVATED_APPLICATION, "activated_at": to_db_time(at), "by": by})


def queue_status_change(db, card_number: str, from_status: CardStatus, to_status: CardStatus, reason: str,
                        at: dt.datetime) -> str:
    """Queue a card's status change, with the national 卡状态 code where the table has one."""
    to_status = CardStatus(to_status)
    return ReportQueue(db).add("status_change", {
        "card_number": card_number, "status": to_status.value, "status_code": to_status.national_code,
        "from_status": CardStatus(from_status).value, "reason": reason, "changed_at": to_db_time(at)})
