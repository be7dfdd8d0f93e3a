"""Masking of personal data in log text.

Log messages are written in English by the code, so personal data reaches a log line only as
data: ID numbers, phone numbers, names. The mask is applied to the final formatted line (message,
arguments and traceback alike), so no caller can forget it:

- 18-character ID numbers keep the first 4 and last 4 characters: ``4213**********123X``;
  15-character foreign permanent residence IDs likewise;
- mobile numbers keep the first 3 and last 4 digits: ``138****8000``;
- every run of Han characters is replaced by ``*`` of the same length (names, addresses);
- values registered with :func:`register_sensitive` (e.g. a foreign name in Latin letters) are
  replaced by ``***`` wherever they appear.
"""

from __future__ import annotations

import re
import threading

_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
_ID15_FOREIGN = re.compile(r"(?<![0-9A-Za-z])([A-Z]{3}\d)\d{7}(\d{4})(?![0-9A-Za-z])")
# Bounded by letters too, like the ID numbers: a run of digits inside a UUID or a hex digest
# ("…c13912345678") is not a phone number, and the audit (which refuses what the mask would change)
# must not refuse a row for it.
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d)\d{4}(\d{4})(?![0-9A-Za-z])")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f·]+")

_lock = threading.Lock()
_sensitive: set[str] = set()


def register_sensitive(value: str) -> None:
    """Mask ``value`` in every later log line (for data the patterns cannot recognise)."""
    value = (value or "").strip()
    if len(value) >= 2:
        with _lock:
            _sensitive.add(value)


def mask(text: str) -> str:
    text = _ID18.sub(lambda m: f"{m.group(1)}{'*' * 10}{m.group(2)}", text)
    text = _ID15_FOREIGN.sub(lambda m: f"{m.group(1)}{'*' * 7}{m.group(2)}", text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    text = _HAN.sub(lambda m: "*" * len(m.group(0)), text)
    if _sensitive:
        with _lock:
            values = sorted(_sensitive, key=len, reverse=True)
        for v in values:
            text = text.replace(v, "***")
    return text


def mask_id_number(number: str) -> str:
    """Masked display form of an ID number for reports: ``4213**********123X``."""
    n = number or ""
    if len(n) <= 8:
        return "*" * len(n)
    return n[:4] + "*" * (len(n) - 8) + n[-4:]
