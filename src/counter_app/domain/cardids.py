"""Card identifiers: the 社会保障卡卡号 (card number) and the 卡识别码 (card identification code).

Card number (EF05 tag 07): 9 characters, 8 body characters (digits or capital letters) and one
check character. With value(c) = the digit, or A=10 … Z=35, S = Σ value(cᵢ)·Wᵢ over the body with
W = 3 7 9 10 5 8 4 2, and C = 11 − (S mod 11); C = 10 is written ``X`` and C = 11 is written ``0``.
``X00000019`` is valid (X = 33: 33·3 + 1·2 = 101, 101 mod 11 = 2, C = 9).

Note what this check can and cannot catch: every weight is non-zero mod 11, so a change of one
body character is caught unless the two values differ by a multiple of 11 (e.g. ``0`` ↔ ``B``,
``1`` ↔ ``C``, ``A`` ↔ ``L``): with letters in the body, some single substitutions go unnoticed.

Card identification code (EF05 tag 01): 32 characters, 6-digit region code + ``D156000005`` +
16 hex characters of the chip, written by the card factory.

Problem codes: ``card.empty``, ``card.chars``, ``card.length``, ``card.checksum`` for card
numbers; ``card_id.format`` for identification codes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from counter_app.domain.problems import CheckResult, DomainError, Problem

__all__ = [
    "CARD_NUMBER_LENGTH",
    "card_number_check_char",
    "make_card_number",
    "normalize_card_number",
    "check_card_number",
    "CardIdentificationCode",
    "check_card_identification_code",
]

CARD_NUMBER_LENGTH = 9
_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_BODY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")

# [0-9] rather than \d: \d also matches non-ASCII digits; fullmatch() so a trailing newline fails.
CARD_ID_PATTERN = re.compile(r"[0-9]{6}D156000005[0-9A-F]{16}")


def card_number_check_char(body: str) -> str:
    """The check character for an 8-character body of digits and capital letters.

    Raises ``ValueError`` for a malformed body: this is for code that allocates numbers, not for
    typed input (use :func:`check_card_number` for that).

    >>> card_number_check_char("X0000001")
    '9'
    """
    if len(body) != len(_WEIGHTS) or any(c not in _BODY_ALPHABET for c in body):
        raise ValueError(f"card number body must be 8 digits or capital letters, got {body!r}")
    total = sum(_BODY_ALPHABET.index(c) * w for c, w in zip(body, _WEIGHTS, strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def make_card_number(body: str) -> str:
    """The full 9-character card number for a body (the ledger allocates bodies)."""
    return body + card_number_check_char(body)


def normalize_card_number(raw: str) -> str:
    """No white space (full-width space included), full-width characters to ASCII, capitals."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in text if not ch.isspace()).translate(_ASCII_UPPER)


def _describe(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    return code if unicodedata.category(ch)[0] in ("C", "Z") else f"'{ch}' ({code})"


def check_card_number(raw: str) -> CheckResult:
    """Normalise and check a typed or read card number; never raises on any string."""
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    number = normalize_card_number(raw)
    if not number:
        return CheckResult(number, (Problem("card.empty", "未填写社会保障卡卡号", "no card number given"),))
    # Only the first 9 characters are judged one by one; past that the length problem says it better.
    for pos, ch in enumerate(number[:CARD_NUMBER_LENGTH], start=1):
        allowed = _BODY_ALPHABET if pos <= 8 else "0123456789X"
        if ch not in allowed:
            want_zh = "数字或大写字母" if pos <= 8 else "数字或 X"
            want_en = "a digit or a capital letter" if pos <= 8 else "a digit or X"
            return CheckResult(number, (Problem(
                "card.chars",
                f"第 {pos} 位字符 {_describe(ch)} 不允许：社会保障卡卡号第 {pos} 位应为{want_zh}",
                f"character {pos}, {_describe(ch)}, is not allowed: position {pos} of a card number must be {want_en}",
            ),))
    if len(number) != CARD_NUMBER_LENGTH:
        return CheckResult(number, (Problem(
            "card.length",
            f"社会保障卡卡号应为 9 位（8 位本体 + 1 位校验码），实际为 {len(number)} 位",
            f"a card number has 9 characters (8 + 1 check character), this one has {len(number)}",
        ),))
    expected = card_number_check_char(number[:8])
    if number[8] != expected:
        return CheckResult(number, (Problem(
            "card.checksum",
            f"卡号校验码错误：按前 8 位计算，第 9 位应为 {expected}，实际为 {number[8]}",
            f"card number check character wrong: from the first 8 characters the 9th should be {expected}, "
            f"not {number[8]}",
        ),))
    return CheckResult(number, ())


@dataclass(frozen=True, slots=True)
class CardIdentificationCode:
    """卡识别码: ``region_code`` (6 digits) + ``D156000005`` + ``chip_serial`` (16 hex)."""

    value: str

    def __post_init__(self) -> None:
        if not CARD_ID_PATTERN.fullmatch(self.value):
            raise DomainError(_card_id_problem(self.value))

    @classmethod
    def parse(cls, raw: str) -> CardIdentificationCode:
        """From a string read off a chip; raises :class:`DomainError` (``card_id.format``) if malformed."""
        return cls(raw.strip().upper())

    @property
    def region_code(self) -> str:
        """The 6-digit GB/T 2260 code of the issuing region."""
        return self.value[:6]

    @property
    def chip_serial(self) -> str:
        """The 16 hex characters specific to the chip."""
        return self.value[16:]


def check_card_identification_code(raw: str) -> CheckResult:
    """Check a 卡识别码 against ``^\\d{6}D156000005[0-9A-F]{16}$`` (after trimming and upper-casing)."""
    value = (raw or "").strip().upper()
    if CARD_ID_PATTERN.fullmatch(value):
        return CheckResult(value, ())
    return CheckResult(value, (_card_id_problem(value),))


def _card_id_problem(value: str) -> Problem:
    shown = value if len(value) <= 40 else value[:40] + "…"
    return Problem(
        "card_id.format",
        f"卡识别码 {shown!r} 格式错误：应为 32 位，6 位行政区划代码 + D156000005 + 16 位十六进制字符",
        f"card identification code {shown!r} is malformed: expected 32 characters, "
        "6-digit region code + D156000005 + 16 hex characters",
    )
