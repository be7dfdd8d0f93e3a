"""Validation problems as values: a stable code and a message per language.

The domain never raises at the user: it returns problems, and the edge (GUI, CLI) picks the
message in the user's language. Codes are stable identifiers that tests and other tools rely on.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LANG = "zh"
LANGUAGES = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, e.g. ``Problem("id.checksum", "校验码错误…", "Check character …")``."""

    code: str
    zh: str
    en: str
    field: str | None = None

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return self.en if lang == "en" else self.zh

    def as_dict(self, lang: str = DEFAULT_LANG) -> dict[str, str]:
        return {"code": self.code, "message": self.message(lang)}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of checking one input: the normalised form and every problem found."""

    normalized: str
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems

    def as_dict(self, lang: str = DEFAULT_LANG) -> dict:
        return {
            "valid": self.valid,
            "normalized": self.normalized,
            "errors": [p.as_dict(lang) for p in self.problems],
        }


class DomainError(Exception):
    """Raised where a rule is broken by code (not by user input): carries the problem for the edge."""

    def __init__(self, problem: Problem):
        super().__init__(problem.en)
        self.problem = problem

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return self.problem.message(lang)
