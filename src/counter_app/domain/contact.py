"""Phone numbers: Chinese mobile numbers and landlines, normalised to one stored form.

* Mobile: 11 digits beginning ``1[3-9]``, optionally written with ``+86`` / ``0086`` / ``86`` in
  front; spaces, dashes and dots between groups are tolerated. Stored as the bare 11 digits
  (``13800138000``).
* Landline: area code ``0`` + 2 digits (010, 020–029) or ``0`` + 3 digits (other cities), then a
  local number of 7–8 digits not beginning with 0 or 1, optionally an extension. Written with
  dashes, spaces or parentheses (``(0722) 3331234``, ``0722-3331234 转 8001``). Stored as
  ``0722-3331234`` or ``0722-3331234-8001``.

Problem codes: ``phone.empty``, ``phone.chars``, ``phone.mobile``, ``phone.landline``.
"""

from __future__ import annotations

import re
import unicodedata

from counter_app.domain.problems import CheckResult, Problem

__all__ = ["check_phone", "check_mobile", "normalize_phone_text"]

# Characters people put between groups of digits.
_SEPARATORS = re.compile(r"[\s\-–—.()（）]+")
# Extension markers: "转 8001", "ext. 8001", "x8001", "#8001", "分机 8001".
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_COUNTRY_PREFIX = re.compile(r"^(?:\+86|0086|86)(?=1[0-9]{10}$)")
# Three-digit area codes are those of the largest cities: 010 and 020–029.
_AREA3 = re.compile(r"0(?:10|2[0-9])")


def normalize_phone_text(raw: str) -> str:
    """Full-width characters to ASCII and surrounding space trimmed; inner separators are kept
    (they tell where an area code ends)."""
    return unicodedata.normalize("NFKC", raw).strip()


def check_mobile(raw: str, *, field: str | None = "phone") -> CheckResult:
    """Check a mobile number only (landlines are problems here)."""
    result = check_phone(raw, field=field)
    if result.valid and not _MOBILE.fullmatch(result.normalized):
        return CheckResult(result.normalized, (Problem(
            "phone.mobile", f"{result.normalized} 是固定电话，此处需要手机号码",
            f"{result.normalized} is a landline; a mobile number is needed here", field),))
    return result


def check_phone(raw: str, *, field: str | None = "phone") -> CheckResult:
    """Normalise and check a mobile or landline number; never raises on any string."""
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    text = normalize_phone_text(raw)
    if not text:
        return CheckResult("", (Problem("phone.empty", "未填写电话号码", "no phone number given", field),))

    extension = ""
    m = _EXTENSION.search(text)
    if m and len(text) > len(m.group(0)):
        extension = m.group(1)
        text = text[: m.start()]

    compact = _SEPARATORS.sub(" ", text).strip()
    digits_only = compact.replace(" ", "")
    plus = digits_only.startswith("+")
    body = digits_only[1:] if plus else digits_only
    for ch in body:
        if not ("0" <= ch <= "9"):
            shown = f"U+{ord(ch):04X}" if unicodedata.category(ch)[0] in "CZ" else f"'{ch}' (U+{ord(ch):04X})"
            return CheckResult(digits_only, (Problem(
                "phone.chars",
                f"电话号码中有无效字符 {shown}：只能是数字，可用空格或短横线分隔，分机号写在“转”之后",
                f"the phone number has an invalid character, {shown}: only digits, grouped with spaces "
                "or dashes, and an extension after 'ext'",
                field,
            ),))

    number = _COUNTRY_PREFIX.sub("", digits_only)
    if number.startswith(("+86", "0086")):
        return CheckResult(digits_only, (Problem(
            "phone.landline", "固定电话请按国内格式填写：0 开头的区号 + 本地号码（如 0722-3331234）",
            "write a landline in the domestic form: area code beginning with 0, then the local number "
            "(e.g. 0722-3331234)", field),))
    if number.startswith("+"):
        return CheckResult(digits_only, (Problem(
            "phone.chars", "只接受中国大陆号码（+86）", "only mainland China numbers (+86) are accepted", field),))

    if number.startswith("1"):
        if extension:
            return CheckResult(number, (Problem(
                "phone.mobile", "手机号码没有分机号", "a mobile number has no extension", field),))
        if len(number) != 11:
            return CheckResult(number, (Problem(
                "phone.mobile",
                f"手机号码应为 11 位，实际为 {len(number)} 位",
                f"a mobile number has 11 digits, this one has {len(number)}",
                field,
            ),))
        if not _MOBILE.fullmatch(number):
            return CheckResult(number, (Problem(
                "phone.mobile",
                f"手机号码第 2 位应为 3–9，实际为 {number[1]}",
                f"the second digit of a mobile number is 3-9, not {number[1]}",
                field,
            ),))
        return CheckResult(number, ())

    if number.startswith("0"):
        return _check_landline(compact, number, extension, field)

    return CheckResult(number, (Problem(
        "phone.landline",
        "固定电话须带区号（以 0 开头，如 0722-3331234）；手机号码以 1 开头",
        "a landline needs its area code (beginning with 0, e.g. 0722-3331234); a mobile number begins with 1",
        field,
    ),))


def _check_landline(compact: str, number: str, extension: str, field: str | None) -> CheckResult:
    """``compact`` is the typed text with separators turned into single spaces: if the clerk put a
    separator after the area code, it decides where the area code ends."""
    groups = compact.split(" ")
    if len(groups) >= 2 and groups[0].startswith("0") and 3 <= len(groups[0]) <= 4:
        area, local = groups[0], "".join(groups[1:])
        if len(groups) >= 3 and 7 <= len(groups[1]) <= 8 and not extension:
            # "0722-3331234-8001": a third group after a complete local number is the extension.
            local, extension = groups[1], "".join(groups[2:])
    else:
        area_len = 3 if _AREA3.match(number) else 4
        area, local = number[:area_len], number[area_len:]
    problem = None
    if len(area) == 3 and not _AREA3.fullmatch(area):
        problem = (f"区号 {area} 无效：三位区号只有 010 和 020–029", f"area code {area} is not valid: "
                   "the three-digit area codes are 010 and 020-029")
    elif len(area) == 4 and _AREA3.match(area):
        problem = (f"区号 {area} 无效：以 01 或 02 开头的区号为三位", f"area code {area} is not valid: "
                   "area codes beginning 01 or 02 have three digits")
    elif not 7 <= len(local) <= 8:
        problem = (f"本地号码 {local or '（空）'} 应为 7–8 位，实际为 {len(local)} 位",
                   f"the local number {local or '(empty)'} has 7-8 digits, not {len(local)}")
    elif local[0] in "01":
        problem = (f"本地号码 {local} 不能以 {local[0]} 开头", f"the local number {local} cannot begin with {local[0]}")
    normalized = f"{area}-{local}" + (f"-{extension}" if extension else "")
    if problem is not None:
        return CheckResult(normalized, (Problem("phone.landline", problem[0], problem[1], field),))
    return CheckResult(normalized, ())
