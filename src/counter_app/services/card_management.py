"""Card management (卡管): the eligibility check before an application is opened, the bank pre-opening
before the chip write, and the relay that sends the queued reports (completion, activation, status, fees)
with sync. The system is reached through the port of ``cardmgmt.adapter`` (see docs/card-management.md)."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from counter_app.cardmgmt.port import (
    CardManagement,
    CardManagementNotConfigured,
    CardManagementRefused,
    CardManagementUnavailable,
    EligibilityAnswer,
    EligibilityQuery,
    EligibilityResult,
    NotEligible,
)
from counter_app.domain.issuance import IssuanceState
from counter_app.domain.problems import DomainError, Problem
from counter_app.services import cardmgmt_reports
from counter_app.services.encoding import WriteCheck, WriteRefused
from counter_app.store.cardmgmt_queue import CardManagementRecords, Preopening, ReportQueue
from counter_app.store.issuances import IssuanceRepository
from counter_app.store.sealing import name_index, person_index

log = logging.getLogger(__name__)

DEFERRED = "deferred"  # a pre-opening not made (offline by policy): made when the completion is sent

# States of an issuance that is still being worked on (not issued, spoiled or cancelled).
_UNFINISHED = tuple(s for s in IssuanceState
                    if s not in (IssuanceState.ISSUED, IssuanceState.SPOILED, IssuanceState.CANCELLED))


class CardManagementUnreachable(DomainError):
    """The eligibility could not be asked and the policy is ``refuse``."""

    def __init__(self, detail: str):
        super().__init__(Problem("cardmgmt.unreachable",
                                 f"卡管系统无法连接，不能核验申领资格，暂不能受理（{detail}）",
                                 f"The card-management system cannot be reached to check eligibility; "
                                 f"the application cannot be opened now ({detail})"))


class BankPreopenRefused(WriteRefused):
    def __init__(self, detail: str):
        super().__init__(Problem("cardmgmt.bank_preopen",
                                 f"银行账户预开户失败，暂不能写卡（{detail}）",
                                 f"The bank account could not be pre-opened; the card is not written ({detail})"))


class _PreopenCheck(WriteCheck):
    def __init__(self, service: CardManagementService):
        self._service = service

    def before_claim(self, issuance) -> None:
        self._service.preopen(issuance)


class CardManagementService:
    def __init__(self, store, port: CardManagement, *, when_unreachable: str = "refuse", region_code: str = "",
                 default_bank: str = ""):
        self._store = store
        self._default_bank = default_bank  # banks.default: the bank of an applicant who chose none (as the card's)
        self.port = port
        self._allow_offline = when_unreachable == "allow"
        self._region = region_code
        self.write_check = _PreopenCheck(self)

    @classmethod
    def from_settings(cls, store, settings, ledger_factory) -> CardManagementService:
        adapter = str(settings["cardmgmt.adapter"] or "ledger")
        timeout = float(settings["cardmgmt.timeout_seconds"])
        if adapter == "ledger":
            from counter_app.cardmgmt.ledger import LedgerCardManagement

            port: Any = LedgerCardManagement(ledger_factory, timeout=timeout)
        else:  # "module:factory" of a provincial adapter: factory(settings, ledger_factory) -> CardManagement
            module, _, name = adapter.partition(":")
            port = getattr(importlib.import_module(module), name)(settings, ledger_factory)
        return cls(store, port, when_unreachable=str(settings["cardmgmt.when_unreachable"]),
                   region_code=str(settings["counter.region_code"]),
                   default_bank=str(settings["banks.default"] or "") if settings["banks.list"] else "")

    # --- eligibility -----------------------------------------------------------------------------------

    def check_eligibility(self, session, applicant) -> EligibilityResult:
        """Ask whether ``applicant`` may apply; raises :class:`NotEligible` (answers 1..4) or
        :class:`CardManagementUnreachable`. Only the answer is recorded (blind indexes, no personal data)."""
        pidx, nidx = person_index(applicant.document_number), name_index(applicant.name)
        reason = getattr(applicant, "reason", None)
        query = EligibilityQuery(pidx, nidx, str(getattr(applicant.application_type, "value", applicant.application_type)),
                                 str(getattr(reason, "value", reason)) if reason is not None else None, self._region)
        try:
            result = self.port.check_eligibility(query)
        except CardManagementNotConfigured:
            # Not enrolled: there is no system to ask (like a counter without a ledger); nothing recorded.
            return EligibilityResult(EligibilityAnswer.OK, "not_enrolled")
        except CardManagementUnavailable as exc:
            if not self._allow_offline:
                raise CardManagementUnreachable(str(exc)) from exc
            log.warning("card management unreachable; eligibility skipped by policy")
            self._pending_here(pidx)
            self._record(pidx, "skipped", None, skipped=True)
            return EligibilityResult(EligibilityAnswer.OK, "skipped")
        self._pending_here(pidx)
        if result.answer is EligibilityAnswer.APPLICATION_PENDING and self._finished_here(result.detail):
            # The system's "pending" is an issuance of this counter that is finished here but whose end
            # has not reached it yet (queued offline): this counter's record is the newer one.
            result = EligibilityResult(EligibilityAnswer.OK, f"finished_here:{result.detail}")
        self._record(pidx, result.answer.value, result.detail)
        if result.answer is not EligibilityAnswer.OK:
            raise NotEligible(result.answer, result.detail)
        return result

    def _pending_here(self, pidx: str) -> None:
        """Answer 3 without the system when this counter holds an unfinished issuance of the person (the
        system may not have heard of it yet: it is still in the offline queue)."""
        local = IssuanceRepository(self._store.db).oldest_for_person(pidx, _UNFINISHED)
        if local is not None:
            self._record(pidx, EligibilityAnswer.APPLICATION_PENDING.value, local.id)
            raise NotEligible(EligibilityAnswer.APPLICATION_PENDING, local.id)

    def _finished_here(self, issuance_id: str | None) -> bool:
        if not issuance_id:
            return False
        local = IssuanceRepository(self._store.db).head(issuance_id)
        return local is not None and local.state not in _UNFINISHED

    def _record(self, pidx: str, answer: str, detail: str | None, *, skipped: bool = False) -> None:
        with self._store.transaction() as db:
            CardManagementRecords(db).record_answer(pidx, answer, detail, skipped=skipped)

    # --- bank pre-opening ------------------------------------------------------------------------------

    def preopen(self, issuance) -> Preopening | None:
        """Pre-open the applicant's bank account before the chip write (once per issuance)."""
        bank = getattr(issuance.applicant, "bank_code", "") or self._default_bank
        if not bank:
            return None
        existing = CardManagementRecords(self._store.db).preopening(issuance.id)
        if existing is not None and existing.status != DEFERRED:
            return existing
        request_id = f"preopen-{issuance.id}"
        try:
            answer = self.port.preopen_bank_account(request_id, person_index(issuance.applicant.document_number),
                                                    bank, issuance.id)
        except CardManagementNotConfigured:
            return None  # a counter not enrolled: no system to ask, as for the eligibility
        except CardManagementUnavailable as exc:
            if not self._allow_offline:
                raise BankPreopenRefused(str(exc)) from exc
            # Offline by policy: the card is made now, the account pre-opened when the completion is sent
            # (the same request id, so a pre-opening that did reach the bank is not made twice).
            log.warning("card management unreachable; bank pre-opening of %s deferred", issuance.id)
            record = Preopening(issuance.id, request_id, "", bank, DEFERRED)
            with self._store.transaction() as db:
                CardManagementRecords(db).record_preopening(record)
            return record
        except CardManagementRefused as exc:
            raise BankPreopenRefused(str(exc)) from exc
        record = Preopening(issuance.id, request_id, answer.preopen_id, answer.bank_code, answer.status)
        with self._store.transaction() as db:
            CardManagementRecords(db).record_preopening(record)
        return record

    def _preopen_deferred(self, payload: dict) -> None:
        """A completion whose pre-opening was deferred (made offline): pre-open now, before reporting it."""
        if payload.get("preopen_id") or not payload.get("bank_code"):
            return
        request_id = payload.get("preopen_request_id") or f"preopen-{payload['issuance_id']}"
        answer = self.port.preopen_bank_account(request_id, payload["person_index"], payload["bank_code"],
                                                payload["issuance_id"])
        payload["preopen_id"] = answer.preopen_id
        with self._store.transaction() as db:
            CardManagementRecords(db).record_preopening(Preopening(
                payload["issuance_id"], request_id, answer.preopen_id, answer.bank_code, answer.status))

    # --- reports ---------------------------------------------------------------------------------------

    @staticmethod
    def queue_completion(db, issuance) -> str | None:
        """Queue the completion report of ``issuance`` (encoded or issued) in the caller's transaction;
        once per issuance (:func:`counter_app.services.cardmgmt_reports.queue_completion`)."""
        return cardmgmt_reports.queue_completion(db, issuance)

    def send_reports(self, limit: int = 100) -> int:
        """Send queued reports in order; stops at the first unreachable one (retried with the next sync).
        Returns how many were sent."""
        senders: dict[str, Callable[[dict], None]] = {
            "completion": self.port.report_completion, "activation": self.port.report_activation,
            "status_change": self.port.report_status_change, "fee": self.port.register_fee}
        sent = 0
        for report in ReportQueue(self._store.db).pending(limit):
            try:
                if report.kind == "completion":
                    self._preopen_deferred(report.payload)
                senders[report.kind](report.payload)
            except CardManagementUnavailable as exc:
                with self._store.transaction() as db:
                    ReportQueue(db).mark_failed(report.report_id, str(exc))
                break
            except CardManagementRefused as exc:  # kept for a supervisor to look at; the rest go on
                with self._store.transaction() as db:
                    ReportQueue(db).mark_failed(report.report_id, str(exc))
                continue
            with self._store.transaction() as db:
                ReportQueue(db).mark_sent(report.report_id)
            sent += 1
        return sent
