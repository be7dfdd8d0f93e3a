"""Validation problems as values: a stable code and a message per language.

The domain never raises at the user: it returns problems, and the edge (GUI, CLI) picks the
message in the user's language. Codes are stable identifiers that tests and other tools rely on.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

DEFAULT_LANG = "zh"
LANGUAGES = ("zh", "en")

# The exit code of an error the person can act on (bad input, a refused step, a missing device): the
# command line's ``EXIT_INVALID``. Kept here so that every error family has the same default.
EXIT_INVALID = 1


class Severity(enum.Enum):
    """How an edge shows an error: an information, a warning the clerk can act on, or an error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@runtime_checkable
class UserFacingError(Protocol):
    """What every error meant for a person offers, whatever layer raised it (domain, card, store, print,
    sync, photo, records): the message in the user's language, the command line's exit code and how
    grave it is. The edges (``cli.main()``, ``ui.errors.error_text``) present it once; nothing in
    between turns it into another exception to carry the text."""

    exit_code: int
    severity: Severity

    def message(self, lang: str = DEFAULT_LANG) -> str: ...


def is_user_facing(exc: BaseException) -> bool:
    """True when ``exc`` carries its own message for people (see :class:`UserFacingError`)."""
    return isinstance(exc, UserFacingError)


def present(exc: BaseException, lang: str = DEFAULT_LANG) -> str:
    """The text a person sees for ``exc``: its own message when it has one, else the type's name and
    the English detail (an unexpected error, which the edge logs in full)."""
    if isinstance(exc, UserFacingError):
        return exc.message(lang)
    detail = str(exc)
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


_E = TypeVar("_E", bound=BaseException)


def with_exit_code(exc: _E, exit_code: int) -> _E:
    """``exc`` graded with another exit code by an edge that knows more of its context (the CLI says 3,
    "try again later", for a certificate step left pending). Returns ``exc`` to be raised again."""
    exc.exit_code = exit_code  # type: ignore[attr-defined]  # any BaseException; UserFacingError ones have it
    return exc


def pick(lang: str, zh: str, en: str) -> str:
    """The text of a zh/en pair for ``lang``: the one place a message's language is chosen (Chinese
    unless English is asked for)."""
    return en if lang == "en" else zh


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, e.g. ``Problem("id.checksum", "校验码错误…", "Check character …")``."""

    code: str
    zh: str
    en: str
    field: str | None = None

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return pick(lang, self.zh, self.en)

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
    """Raised where a rule is broken by code (not by user input): carries the problem for the edge.
    A :class:`UserFacingError`."""

    exit_code: int = EXIT_INVALID
    severity: Severity = Severity.ERROR

    def __init__(self, problem: Problem):
        super().__init__(problem.en)
        self.problem = problem

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return self.problem.message(lang)
