"""The co-issuing banks of the district (settings ``banks.list``) and which bank a card's PAN belongs to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Bank:
    code: str               # 银行行号, 3 digits
    name: str
    bins: tuple[str, ...]   # card BIN prefixes of the bank's co-issued cards


def banks_from_settings(settings: Any) -> tuple[Bank, ...]:
    """The banks of ``banks.list`` (a Settings object or the list itself)."""
    raw = settings.get("banks.list") if hasattr(settings, "get") and not isinstance(settings, list) else settings
    return tuple(_bank(item) for item in raw or ())


def _bank(item: Mapping[str, Any]) -> Bank:
    return Bank(str(item["code"]), str(item.get("name", item["code"])),
                tuple(str(b) for b in item.get("bins", ())))


def bank_of_pan(pan: str, banks: Iterable[Bank]) -> Bank | None:
    """The bank whose BIN is the longest prefix of ``pan``; None when no bank's BIN matches."""
    best: Bank | None = None
    best_len = 0
    for bank in banks:
        for prefix in bank.bins:
            if prefix and pan.startswith(prefix) and len(prefix) > best_len:
                best, best_len = bank, len(prefix)
    return best


def bank_by_code(code: str, banks: Iterable[Bank]) -> Bank | None:
    return next((b for b in banks if b.code == code), None)


def luhn_valid(pan: str) -> bool:
    """Whether ``pan``'s last digit is its Luhn check digit (ISO/IEC 7812): a bank card number's own check."""
    if len(pan) < 2 or not pan.isascii() or not pan.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(pan)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0
