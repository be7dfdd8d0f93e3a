"""Masking of personal data in log text (and the guard of the audit trail, which refuses what it would change).

Log messages are written in English by the code, so personal data reaches a log line only as
data: ID numbers, phone numbers, names. The mask is applied to the final formatted line (message,
arguments and traceback alike), so no caller can forget it.

**Matching is done on a normalised view of the line**, replacing in the original: every character is
NFKC-normalised (full-width digits and letters, the ideographic space), format characters (zero-width
space, soft hyphen …) are dropped, and JSON ``\\uXXXX`` escapes (surrogate pairs too) are decoded — so
``"\\u5f20\\u4e09"`` is seen as the name it is. Separators (space, tab, ``-`` and the Unicode dashes) may
stand between the digits of a number. Text outside a match is kept exactly as it was. What is covered:

- 18-character resident ID numbers, also spaced or dashed: the first 4 and last 4 characters kept,
  ``4213**********123X``; 15-digit first-generation ID numbers: ``4213*******0019``;
  15-character foreign permanent residence IDs (``ABC1…``): the first 4 and last 4 kept;
- mobile numbers, also dashed/spaced and with ``+86``/``0086``/``86``: ``139****5678``;
- landlines written with their area code, ``0722-3456789``, ``(010) 12345678``: ``0722-****6789``;
- passport numbers (``E``/``G`` + 8 digits, ``E`` + letter + 7 digits, ``DE``/``SE``/``PE`` + 7 digits) and
  HK/Macao permits (``H``/``M`` + 8 or 10 digits), in capitals (a lower-case user name of that shape is no
  document): the first letter and last 2 characters kept. A 9-character
  one that is also a valid social security card number (same shape: letter + 8, mod-11 check) is left alone —
  card numbers are not personal data and the audit trail must hold them; the applicant's own document
  number is caught anyway by the session's registry below;
- every run of Han characters (names, addresses) becomes ``*`` per character;
- values registered with :func:`register_sensitive` — each applicant's name and document number, for the
  session that handles them (:mod:`counter_app.services.intake` registers them, logout clears them) —
  become ``***`` wherever they appear as a whole word, in any case.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Hashable

# The display form of an ID number for reports and lists (``4213**********123X``) is the domain's one rule,
# importable from here as before.
from counter_app.domain.masking import mask_id_number  # noqa: F401 - re-exported

_S = r"[ \t\-\u2010-\u2015]?"  # one optional separator between the characters of a number (after NFKC)
_B = r"(?<![0-9A-Za-z])"        # not inside a longer alphanumeric token (UUIDs, digests, card ids)
_E = r"(?![0-9A-Za-z])"

_ID18 = re.compile(rf"{_B}\d(?:{_S}\d){{16}}{_S}[\dXx]{_E}")
_ID15_FOREIGN = re.compile(rf"{_B}[A-Z]{{3}}\d{{12}}{_E}")
_ID15 = re.compile(rf"{_B}\d(?:{_S}\d){{14}}{_E}")
# Bounded by letters too, like the ID numbers: a run of digits inside a UUID or a hex digest
# ("…c13912345678") is not a phone number, and the audit (which refuses what the mask would change)
# must not refuse a row for it.
_MOBILE = re.compile(rf"(?<![0-9A-Za-z+])(?:(?:\+|00)?86{_S})?1[3-9](?:{_S}\d){{9}}{_E}")
_LANDLINE = re.compile(rf"{_B}(?:\(0\d{{2,3}}\)[ ]?|0\d{{2,3}}[ \-\u2010-\u2015])\d{{3,4}}{_S}\d{{4}}{_E}")
# Upper case only (as printed on the document, and as the applicant's number is stored): user names are lower
# case, and one like "e12345670" must stay writable in the audit trail, which refuses what the mask changes.
_PASSPORT = re.compile(rf"{_B}(?:[EG]\d{{8}}|E[A-Z]\d{{7}}|[DSP]E\d{{7}}|[HM]\d{{10}}|[HM]\d{{8}}){_E}")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f·]+")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# A UUID is one token: its dash-separated groups of hex digits must not read as a dashed phone or ID number
# (``…f2-0845-4524-9565-64…`` is a landline by shape). Its span is taken before any rule looks.
_UUID = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
                   r"(?![0-9A-Za-z])")

_lock = threading.Lock()
_sensitive: dict[Hashable, set[str]] = {}
_sensitive_re: re.Pattern[str] | None = None


# --- the per-session registry --------------------------------------------------------------------

def register_sensitive(value: str, owner: Hashable = None) -> None:
    """Mask ``value`` in every later log line until ``owner``'s registrations are cleared
    (:func:`clear_sensitive`); ``owner`` is the session that handles the value (None: for the process)."""
    value = _view(value or "")[0].strip()
    # A number shorter than 6 characters would mask every line that happens to contain it (times, ids).
    if len(value) >= (6 if any(c.isdigit() for c in value) else 2):
        global _sensitive_re
        with _lock:
            _sensitive.setdefault(owner, set()).add(value)
            _sensitive_re = None


def clear_sensitive(owner: Hashable) -> None:
    """Forget what ``owner`` registered (the session ended: its applicants' data no longer needs a name)."""
    global _sensitive_re
    with _lock:
        if _sensitive.pop(owner, None) is not None:
            _sensitive_re = None


def sensitive_count(owner: Hashable = None) -> int:
    """How many values ``owner`` has registered (for tests and diagnostics; never the values)."""
    with _lock:
        return len(_sensitive.get(owner, ()))


def _registered() -> re.Pattern[str] | None:
    global _sensitive_re
    with _lock:
        if _sensitive_re is None and any(_sensitive.values()):
            values = sorted({v for vs in _sensitive.values() for v in vs}, key=len, reverse=True)
            _sensitive_re = re.compile("|".join(_whole(v) for v in values), re.I)
        return _sensitive_re


def _whole(value: str) -> str:
    """``value`` as a pattern that does not match inside a longer word (a name "Ann" is not in "scanned")."""
    # Only a name asks for word boundaries: a document number (it has digits) is masked even inside a token
    # ("photo_id421303…jpg"), which the patterns, bounded on both sides, let pass.
    if any(c.isdigit() for c in value):
        return re.escape(value)
    head = _B if value[0].isascii() and value[0].isalpha() else ""
    tail = _E if value[-1].isascii() and value[-1].isalpha() else ""
    return f"{head}{re.escape(value)}{tail}"


# --- the normalised view -------------------------------------------------------------------------

def _view(text: str) -> tuple[str, list[tuple[int, int]] | None]:
    """The text as matched (NFKC, format characters dropped, JSON escapes decoded) and, for each of its
    characters, the span of the original it came from (None: the view is the text itself)."""
    if text.isascii() and "\\u" not in text:
        return text, None
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch, end = text[i], i + 1
        m = _JSON_ESCAPE.match(text, i) if ch == "\\" else None
        if m is not None:
            code, end = int(m.group(1), 16), m.end()
            if 0xD800 <= code < 0xDC00:
                low = _JSON_ESCAPE.match(text, end)
                if low is not None and 0xDC00 <= int(low.group(1), 16) < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
                    end = low.end()
            ch = chr(code) if not 0xD800 <= code < 0xE000 else "\ufffd"
        if ch.isascii():
            out.append(ch)
            spans.append((i, end))
        elif unicodedata.category(ch) != "Cf":
            for c in unicodedata.normalize("NFKC", ch):
                out.append(c)
                spans.append((i, end))
        i = end
    return "".join(out), spans


# --- the replacements ----------------------------------------------------------------------------

def _chars(s: str) -> str:
    return "".join(c for c in s if c.isalnum() or c == "+")


def _keep(s: str, head: int, tail: int) -> str:
    c = _chars(s)
    return c[:head] + "*" * max(0, len(c) - head - tail) + c[len(c) - tail:]


def _mobile(s: str) -> str:
    c = _chars(s)
    prefix = "+86 " if len(c) > 11 else ""
    return f"{prefix}{c[-11:-8]}****{c[-4:]}"


def _landline(s: str) -> str:
    area = re.match(r"\(?(0\d{2,3})", s).group(1)  # type: ignore[union-attr]
    return f"{area}-****{_chars(s)[-4:]}"


def _is_card_number(s: str) -> bool:
    from counter_app.domain.cardids import card_number_check_char  # lazy: the domain imports nothing of this

    c = _chars(s).upper()
    try:
        return len(c) == 9 and card_number_check_char(c[:8]) == c[8]
    except (ValueError, KeyError):
        return False


def _document(s: str) -> str | None:
    return None if _is_card_number(s) else _keep(s, 1, 2)


_RULES = (
    (_ID18, lambda s: _keep(s, 4, 4)),
    (_ID15_FOREIGN, lambda s: _keep(s, 4, 4)),
    (_MOBILE, _mobile),  # before the 15 digits: 0086 + a mobile number is 15 digits too
    (_ID15, lambda s: _keep(s, 4, 4)),
    (_LANDLINE, _landline),
    (_PASSPORT, _document),
    (_HAN, lambda s: "*" * len(s)),
)


def mask(text: str) -> str:
    """``text`` with every piece of personal data the rules above recognise replaced."""
    view, spans = _view(text)
    found: list[tuple[int, int, str]] = []  # view start, view end, replacement
    taken = [False] * len(view)

    def claim(start: int, end: int, replacement: str | None) -> None:
        if replacement is None or any(taken[start:end]):
            return
        for k in range(start, end):
            taken[k] = True
        found.append((start, end, replacement))

    for m in _UUID.finditer(view):
        taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for pattern, replace in _RULES:
        for m in pattern.finditer(view):
            claim(m.start(), m.end(), replace(m.group(0)))
    registered = _registered()
    if registered is not None:
        for m in registered.finditer(view):
            if m.end() > m.start():
                claim(m.start(), m.end(), "***")
    if not found:
        return text
    found.sort()
    parts: list[str] = []
    pos = 0
    for start, end, replacement in found:
        o_start, o_end = (start, end) if spans is None else (spans[start][0], spans[end - 1][1])
        if o_start < pos:  # two matches inside one original character (an NFKC expansion): one replacement
            continue
        parts.append(text[pos:o_start])
        parts.append(replacement)
        pos = o_end
    parts.append(text[pos:])
    return "".join(parts)

