"""The central ledger's reference card-management system: the port over the ledger's signed
``/v1/cardmgmt/*`` requests (the same envelope as ``/v1/persons/lookup``, see sync/client.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from counter_app.cardmgmt.port import (
    BankPreopening,
    CardManagementNotConfigured,
    CardManagementRefused,
    CardManagementUnavailable,
    EligibilityAnswer,
    EligibilityQuery,
    EligibilityResult,
)
from counter_app.sync.errors import LedgerRefused, LedgerUnavailable, NotEnrolled, SyncError


class LedgerCardManagement:
    """``ledger_factory`` makes a :class:`LedgerClient` (the container's ``ledger``); ``timeout`` bounds each call."""

    def __init__(self, ledger_factory: Callable[[], Any], *, timeout: float | None = None):
        self._factory = ledger_factory
        self._timeout = timeout

    def _post(self, path: str, body: dict, *, request_id: str | None = None) -> dict:
        try:
            client = self._factory()
            return client._signed(path, body, request_id=request_id, timeout=self._timeout)
        except NotEnrolled as exc:
            raise CardManagementNotConfigured(str(exc)) from exc
        except LedgerRefused as exc:
            raise CardManagementRefused(exc.code, str(exc)) from exc
        except LedgerUnavailable as exc:
            raise CardManagementUnavailable(str(exc)) from exc
        except SyncError as exc:  # not enrolled and the like: the system cannot be asked
            raise CardManagementUnavailable(str(exc)) from exc
        except OSError as exc:
            raise CardManagementUnavailable(str(exc)) from exc

    def check_eligibility(self, q: EligibilityQuery) -> EligibilityResult:
        answer = self._post("/v1/cardmgmt/eligibility", {
            "person_index": q.person_index, "name_index": q.name_index, "application_type": q.application_type,
            "reason": q.reason, "region_code": q.region_code})
        try:
            return EligibilityResult(EligibilityAnswer(str(answer.get("answer"))), answer.get("detail"))
        except ValueError as exc:
            raise CardManagementUnavailable(f"unknown answer {answer.get('answer')!r}") from exc

    def photo_on_file(self, person_index: str) -> bytes | None:
        import base64

        answer = self._post("/v1/cardmgmt/photo", {"person_index": person_index})
        data = answer.get("photo_jpeg_b64")
        return base64.b64decode(data) if answer.get("on_file") and data else None

    def preopen_bank_account(self, request_id: str, person_index: str, bank_code: str,
                             issuance_id: str) -> BankPreopening:
        answer = self._post("/v1/cardmgmt/bank/preopen", {"request_id": request_id, "person_index": person_index,
                                                          "bank_code": bank_code, "issuance_id": issuance_id})
        return BankPreopening(str(answer["preopen_id"]), str(answer.get("bank_code", bank_code)),
                              str(answer.get("status", "preopened")))

    def report_completion(self, report: dict) -> None:
        self._post("/v1/cardmgmt/completion", report)

    def report_activation(self, report: dict) -> None:
        self._post("/v1/cardmgmt/activation", report)

    def report_status_change(self, report: dict) -> None:
        self._post("/v1/cardmgmt/status", report)

    def register_fee(self, report: dict) -> None:
        self._post("/v1/cardmgmt/fees", report)
