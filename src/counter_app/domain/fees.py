"""Fee rules (收费规则): what an application costs, in fen, from the settings ``fees.rules`` and ``fees.waivers``.

Pure Python. A rule matches an application type and a reason code (``*`` any); the most specific rule wins
(an exact reason before ``*``). The first card is always free whatever the rules say (national practice), and
a waiver (减免: the elderly, disability holders…) is a reason code from ``fees.waivers``, chosen by the clerk.
Amounts are whole fen (int) so that no float rounding ever reaches a receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from counter_app.domain.applicant import Applicant
from counter_app.domain.problems import DomainError, Problem


class FeeRefused(DomainError):
    def __init__(self, code: str, zh: str, en: str):
        super().__init__(Problem(code, zh, en))


@dataclass(frozen=True)
class FeeRule:
    application_type: str
    reason: str          # a reason code or "*"
    amount_fen: int

    @classmethod
    def from_setting(cls, entry: dict[str, Any]) -> FeeRule:
        if "amount_fen" in entry:
            fen = int(entry["amount_fen"])
        else:
            fen = round(float(entry.get("amount_yuan", 0)) * 100)
        if fen < 0:
            raise ValueError(f"negative fee in fees.rules: {entry!r}")
        return cls(str(entry["application_type"]), str(entry.get("reason", "*")), fen)

    def matches(self, application_type: str, reason: str | None) -> bool:
        return self.application_type == application_type and self.reason in ("*", reason or "")


@dataclass(frozen=True)
class Waiver:
    code: str
    name: str
    name_en: str = ""

    def label(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class FeeQuote:
    """What the applicant owes: ``amount_fen`` 0 with ``free_reason`` set when nothing is due."""

    amount_fen: int
    rule: FeeRule | None
    free_reason: str | None = None   # "first_card" | "no_rule" | "rule_free"

    @property
    def due(self) -> bool:
        return self.amount_fen > 0


def yuan(fen: int) -> str:
    """``2000`` → ``"20.00"`` (receipts and messages)."""
    return f"{fen // 100}.{fen % 100:02d}"


class FeeSchedule:
    """The rules and waivers of one counter's settings."""

    def __init__(self, rules: list[dict[str, Any]], waivers: list[dict[str, Any]]):
        self.rules = tuple(FeeRule.from_setting(r) for r in rules)
        self.waivers = {str(w["code"]): Waiver(str(w["code"]), str(w.get("name", w["code"])), str(w.get("name_en", "")))
                        for w in waivers}

    @classmethod
    def from_settings(cls, settings) -> FeeSchedule:
        return cls(settings.get("fees.rules") or [], settings.get("fees.waivers") or [])

    def rule_for(self, application_type: str, reason: str | None) -> FeeRule | None:
        found = [r for r in self.rules if r.matches(application_type, reason)]
        found.sort(key=lambda r: r.reason == "*")   # exact reason first
        return found[0] if found else None

    def quote(self, applicant: Applicant, *, first_card: bool) -> FeeQuote:
        rule = self.rule_for(applicant.application_type.value,
                             applicant.reason.value if applicant.reason else None)
        if first_card:
            return FeeQuote(0, rule, "first_card")
        if rule is None:
            return FeeQuote(0, None, "no_rule")
        return FeeQuote(rule.amount_fen, rule, None if rule.amount_fen else "rule_free")

    def waiver(self, code: str) -> Waiver:
        try:
            return self.waivers[code]
        except KeyError:
            raise FeeRefused("fee.unknown_waiver", f"减免原因“{code}”不在设置的减免清单中。",
                             f"The waiver code '{code}' is not one of fees.waivers.") from None
