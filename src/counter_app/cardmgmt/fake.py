"""An in-memory card-management system for tests: answers set per person, reports kept in lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_app.cardmgmt.port import (
    BankPreopening,
    CardManagementUnavailable,
    EligibilityAnswer,
    EligibilityQuery,
    EligibilityResult,
)


@dataclass
class InMemoryCardManagement:
    answers: dict[str, EligibilityResult] = field(default_factory=dict)  # person_index -> answer
    reachable: bool = True
    queries: list[EligibilityQuery] = field(default_factory=list)
    preopenings: dict[str, BankPreopening] = field(default_factory=dict)  # request_id -> answer
    reports: list[tuple[str, dict]] = field(default_factory=list)

    def _up(self) -> None:
        if not self.reachable:
            raise CardManagementUnavailable("fake offline")

    def check_eligibility(self, q: EligibilityQuery) -> EligibilityResult:
        self._up()
        self.queries.append(q)
        return self.answers.get(q.person_index, EligibilityResult(EligibilityAnswer.OK))

    def photo_on_file(self, person_index: str) -> bytes | None:
        self._up()
        return None

    def preopen_bank_account(self, request_id, person_index, bank_code, issuance_id) -> BankPreopening:
        self._up()
        return self.preopenings.setdefault(request_id, BankPreopening(f"P{len(self.preopenings) + 1:06d}",
                                                                      bank_code, "preopened"))

    def _report(self, kind: str, report: dict) -> None:
        self._up()
        self.reports.append((kind, dict(report)))

    def report_completion(self, report: dict) -> None:
        self._report("completion", report)

    def report_activation(self, report: dict) -> None:
        self._report("activation", report)

    def report_status_change(self, report: dict) -> None:
        self._report("status_change", report)

    def register_fee(self, report: dict) -> None:
        self._report("fee", report)
