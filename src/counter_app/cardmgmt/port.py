"""The card-management port (卡管系统接口): what the counter asks the provincial card-management system
(eligibility, a photo on file, a bank pre-opening) and what it reports to it (completion, activation,
status changes, fees). One Protocol so that the ledger's reference implementation and a provincial adapter
(``cardmgmt.adapter = "module:factory"``) are interchangeable without touching the flow."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from counter_app.domain.problems import DomainError, Problem, Severity


class EligibilityAnswer(StrEnum):
    """The card-management system's answer codes (0 eligible, 1..4 refused)."""

    OK = "0"
    PERSON_UNKNOWN = "1"
    NAME_DIFFERS = "2"
    APPLICATION_PENDING = "3"
    NOT_ALLOWED = "4"


@dataclass(frozen=True)
class EligibilityQuery:
    person_index: str
    name_index: str
    application_type: str
    reason: str | None
    region_code: str


@dataclass(frozen=True)
class EligibilityResult:
    answer: EligibilityAnswer
    detail: str | None = None  # 4: deceased|has_active_card; 3: the pending case/issuance id


@dataclass(frozen=True)
class BankPreopening:
    preopen_id: str
    bank_code: str
    status: str  # "preopened"


class CardManagementUnavailable(DomainError):
    """The system could not be reached or did not answer in time: retry, or the outage policy applies."""

    severity = Severity.WARNING

    def __init__(self, detail: str = ""):
        super().__init__(Problem("cardmgmt.unavailable", "卡管系统暂时无法连接，请稍后重试" + (f"（{detail}）" if detail else ""),
                                 "The card-management system cannot be reached; try again later"
                                 + (f" ({detail})" if detail else "")))


class CardManagementNotConfigured(CardManagementUnavailable):
    """No system to ask at all (a counter not enrolled with its ledger): the counter works on its own."""


class CardManagementRefused(DomainError):
    """The system answered with a refusal: ``code`` is its code, the message its words."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(Problem(f"cardmgmt.refused.{code}", f"卡管系统拒绝：{message}（{code}）",
                                 f"The card-management system refused: {message} ({code})"))


_ANSWER_WORDS: dict[EligibilityAnswer, tuple[str, str]] = {
    EligibilityAnswer.PERSON_UNKNOWN: ("查无此人：卡管系统中没有此人的登记", "Person unknown: the card-management system has no record of this person"),
    EligibilityAnswer.NAME_DIFFERS: ("姓名与卡管系统登记不一致", "The name differs from the one registered in the card-management system"),
    EligibilityAnswer.APPLICATION_PENDING: ("已有在办申请，请先办结或撤销", "An application is already pending for this person; finish or cancel it first"),
}
_NOT_ALLOWED_WORDS: dict[str | None, tuple[str, str]] = {
    "deceased": ("不允许申领：已登记死亡", "Not allowed: the person is registered as deceased"),
    "has_active_card": ("不允许申领：已持有有效社保卡，请办理补换卡",
                        "Not allowed: the person already holds an active card; apply for a replacement instead"),
}


class NotEligible(DomainError):
    """The applicant may not apply now (answers 1..4), in plain words; nothing has been written."""

    def __init__(self, answer: EligibilityAnswer, detail: str | None = None):
        self.answer, self.detail = EligibilityAnswer(answer), detail
        if self.answer is EligibilityAnswer.NOT_ALLOWED:
            zh, en = _NOT_ALLOWED_WORDS.get(detail, ("不允许申领", "Not allowed to apply"))
        else:
            zh, en = _ANSWER_WORDS.get(self.answer, ("不符合申领条件", "Not eligible"))
            if self.answer is EligibilityAnswer.APPLICATION_PENDING and detail:
                zh, en = f"{zh}（{detail}）", f"{en} ({detail})"
        super().__init__(Problem(f"cardmgmt.answer.{self.answer.value}", zh, en))


class CardManagement(Protocol):
    def check_eligibility(self, q: EligibilityQuery) -> EligibilityResult: ...
    def photo_on_file(self, person_index: str) -> bytes | None: ...
    def preopen_bank_account(self, request_id: str, person_index: str, bank_code: str,
                             issuance_id: str) -> BankPreopening: ...
    def report_completion(self, report: dict) -> None: ...
    def report_activation(self, report: dict) -> None: ...
    def report_status_change(self, report: dict) -> None: ...
    def register_fee(self, report: dict) -> None: ...
