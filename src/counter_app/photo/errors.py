"""The one exception of the photo adapter: an input that cannot become a photo at all.

A photo that is produced but breaks a rule is not an exception: it is a failed check
(:mod:`counter_app.photo.checks`). ``PhotoError`` is for what stops the pipeline before there is
anything to check: an unreadable file, an image too small to hold a face, a bomb.
"""

from __future__ import annotations

from counter_app.domain.problems import EXIT_INVALID, Severity, pick


class PhotoError(Exception):
    """An input that cannot be processed, with a stable code and a message for the clerk. A
    :class:`~counter_app.domain.problems.UserFacingError`."""

    exit_code: int = EXIT_INVALID
    severity: Severity = Severity.ERROR

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(en)
        self.code = code
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)

    def as_dict(self, lang: str = "zh") -> dict[str, str]:
        return {"code": self.code, "message": self.message(lang)}
