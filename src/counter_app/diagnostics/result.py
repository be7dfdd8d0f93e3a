"""The value every check returns: a verdict, what was measured, and what to do next (zh and en)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    OK = "ok"
    WARNING = "warning"
    FAULT = "fault"

    @property
    def zh(self) -> str:
        return {"ok": "正常", "warning": "注意", "fault": "故障"}[self.value]

    @property
    def rank(self) -> int:
        return {"ok": 0, "warning": 1, "fault": 2}[self.value]


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome. ``name`` is stable (``pcsc.service``, ``db.integrity``…); ``measured``
    holds plain JSON values (numbers, strings, lists) — never personal data or key material."""

    name: str
    verdict: Verdict
    measured: dict[str, Any] = field(default_factory=dict)
    advice_zh: str = ""
    advice_en: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.OK

    def advice(self, lang: str = "zh") -> str:
        return self.advice_en if lang == "en" else self.advice_zh

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"name": self.name, "verdict": self.verdict.value, "measured": self.measured,
                "advice": self.advice(lang)}


def ok(name: str, measured: dict[str, Any], zh: str = "", en: str = "") -> CheckResult:
    return CheckResult(name, Verdict.OK, measured, zh, en)


def warning(name: str, measured: dict[str, Any], zh: str, en: str) -> CheckResult:
    return CheckResult(name, Verdict.WARNING, measured, zh, en)


def fault(name: str, measured: dict[str, Any], zh: str, en: str) -> CheckResult:
    return CheckResult(name, Verdict.FAULT, measured, zh, en)


def worst(results: Iterable[CheckResult]) -> Verdict:
    """The most serious verdict among ``results`` (OK for none)."""
    return max((r.verdict for r in results), key=lambda v: v.rank, default=Verdict.OK)
