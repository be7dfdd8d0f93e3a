"""Names: normalisation, the characters a name may hold, and what fits on the chip.

The chip stores the name in GBK in two fields: 姓名 (up to 30 bytes) and 姓名扩展 (up to 20 more
bytes), so at most 50 bytes. A GBK Chinese character takes 2 bytes, an ASCII letter or space 1.
A long name is split between the two fields on a character boundary (:func:`split_for_chip`).

Rare characters (生僻字) outside GBK cannot be written to the chip. The rule (data standards,
"Names"): the database keeps the true name as typed (Unicode); the chip gets a *substitute* that a
supervisor approves and that is recorded with the issuance; the card face prints the true name
with a font that has the character. The substitute is the true name with each character outside
GBK replaced by a GBK character the supervisor chooses (the officially used variant or a
homophone), or, where there is none, by the character's pinyin in capital letters. A substitute is
never "?" or any other placeholder: :func:`check_chip_substitute` enforces that it is pure GBK,
free of placeholders, and within the same byte limits.

Problem codes (stable): ``name.empty``, ``name.control``, ``name.digit``, ``name.symbol``,
``name.private_use``, ``name.dot``, ``name.too_long``, ``name.needs_substitute``, ``name.substitute_placeholder``,
``name.substitute_not_gbk``, ``name.substitute_same``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from counter_app.domain.problems import DEFAULT_LANG, CheckResult, DomainError, Problem

__all__ = [
    "MIDDLE_DOT",
    "NAME_FIELD_BYTES",
    "NAME_EXTENSION_BYTES",
    "NAME_MAX_BYTES",
    "ChipName",
    "NameCheck",
    "normalize_name",
    "gbk_length",
    "outside_gbk",
    "split_for_chip",
    "check_name",
    "check_chip_substitute",
    "substitute_required_problem",
]

NAME_FIELD_BYTES = 30       # 姓名
NAME_EXTENSION_BYTES = 20   # 姓名扩展
NAME_MAX_BYTES = NAME_FIELD_BYTES + NAME_EXTENSION_BYTES

MIDDLE_DOT = "\u00b7"
# Look-alikes of the middle dot that input methods and scanned documents produce. U+2022 (bullet),
# U+30FB (katakana middle dot), U+FF65 (half-width katakana middle dot) and U+2027 (hyphenation
# point) are outside GBK; U+FF0E (full-width full stop) is in GBK but is not the name separator.
# U+2219 and U+22C5 are the bullet and dot operators of maths input, U+0387 the Greek ano teleia.
DOT_LOOKALIKES = "\u2022\u30fb\uff0e\u2027\uff65\u2219\u22c5\u0387"
_DOT_TABLE = str.maketrans({ch: MIDDLE_DOT for ch in DOT_LOOKALIKES})

# Full-width Latin letters (Ａ-Ｚ, ａ-ｚ) become ASCII. Only letters: NFKC on the whole name would
# also replace CJK compatibility ideographs, which are part of some people's true names.
_FULLWIDTH_LETTERS = str.maketrans(
    {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)} | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)
# Punctuation a foreign name may carry (Jean-Luc, O'Brien, John F. Kennedy): only with Latin letters.
_LATIN_NAME_PUNCTUATION = "-'."
_PLACEHOLDERS = "?\uff1f\ufffd"  # ?, full-width ？, replacement character


def normalize_name(raw: str) -> str:
    """Dot look-alikes to U+00B7, full-width Latin letters to ASCII, white space trimmed and collapsed
    to one ASCII space, and no space around a middle dot ("阿依古丽 · 买买提" → "阿依古丽·买买提")."""
    text = raw.translate(_DOT_TABLE).translate(_FULLWIDTH_LETTERS)
    text = " ".join(text.split())  # str.split() splits on every Unicode space, U+3000 included
    return re.sub(r" ?\u00b7 ?", MIDDLE_DOT, text)


def outside_gbk(text: str) -> tuple[tuple[int, str], ...]:
    """(1-based position, character) of every character GBK cannot encode."""
    found = []
    for pos, ch in enumerate(text, start=1):
        try:
            ch.encode("gbk")
        except UnicodeEncodeError:
            found.append((pos, ch))
    return tuple(found)


def gbk_length(text: str) -> int:
    """Bytes of ``text`` in GBK; raises ``UnicodeEncodeError`` if it has characters outside GBK."""
    return len(text.encode("gbk"))


@dataclass(frozen=True, slots=True)
class ChipName:
    """The name as the chip holds it: 姓名 (≤ 30 GBK bytes) and 姓名扩展 (≤ 20 GBK bytes, often empty)."""

    name: str
    extension: str = ""

    @property
    def full(self) -> str:
        return self.name + self.extension


def split_for_chip(name: str) -> ChipName:
    """Split a GBK name into the 姓名 and 姓名扩展 fields, never inside a character.

    The first field takes as many whole characters as fit in 30 bytes; the rest goes to the
    extension. Raises :class:`DomainError` (``name.substitute_not_gbk`` or ``name.too_long``) if the
    name has characters outside GBK or needs more than 50 bytes.
    """
    bad = outside_gbk(name)
    if bad:
        raise DomainError(_not_gbk_problem("name.substitute_not_gbk", bad, field="chip_name"))
    total = gbk_length(name)
    if total > NAME_MAX_BYTES:
        raise DomainError(_too_long_problem(total, field="name"))
    used = 0
    for i, ch in enumerate(name):
        size = len(ch.encode("gbk"))
        if used + size > NAME_FIELD_BYTES:
            return ChipName(name[:i], name[i:])
        used += size
    return ChipName(name, "")


@dataclass(frozen=True, slots=True)
class NameCheck(CheckResult):
    """A checked name. ``outside_gbk`` lists (position, character) of rare characters that the chip
    cannot hold; they are not a problem of the name itself, but the applicant then needs an approved
    substitute for the chip (see :func:`substitute_required_problem`)."""

    outside_gbk: tuple[tuple[int, str], ...] = ()

    @property
    def needs_substitute(self) -> bool:
        return bool(self.outside_gbk)

    def as_dict(self, lang: str = DEFAULT_LANG) -> dict:
        d = CheckResult.as_dict(self, lang)
        d["outside_gbk"] = [{"position": p, "char": c, "code_point": f"U+{ord(c):04X}"} for p, c in self.outside_gbk]
        return d


def check_name(raw: str, *, field: str = "name") -> NameCheck:
    """Normalise a name and check its characters and, if it is all GBK, its length on the chip.

    Allowed: letters of any script (Chinese characters, Latin letters with their accents), the
    middle dot between parts, spaces between parts, and ``- ' .`` in names with Latin letters.
    Never raises on any string.
    """
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    name = normalize_name(raw)
    if not name:
        return NameCheck(name, (Problem("name.empty", "未填写姓名", "no name given", field),))
    problems = _character_problems(name, field)
    bad = outside_gbk(name)
    if not bad:
        total = gbk_length(name)
        if total > NAME_MAX_BYTES:
            problems.append(_too_long_problem(total, field))
    elif len(name) > NAME_MAX_BYTES:
        # Every GBK character takes at least one byte, so no substitute of this name could fit.
        problems.append(Problem(
            "name.too_long",
            f"姓名过长：{len(name)} 个字符，芯片最多容纳 {NAME_MAX_BYTES} 字节",
            f"name too long: {len(name)} characters, the chip holds at most {NAME_MAX_BYTES} bytes",
            field,
        ))
    return NameCheck(name, tuple(problems), outside_gbk=bad)


def substitute_required_problem(check: NameCheck, *, field: str = "chip_name") -> Problem:
    """The problem to show when a name with characters outside GBK has no approved substitute."""
    return _not_gbk_problem("name.needs_substitute", check.outside_gbk, field=field)


def check_chip_substitute(substitute: str, true_name: str = "") -> CheckResult:
    """Check a proposed substitute name for the chip: pure GBK, no placeholder, same rules and limits.

    ``true_name`` (if given) is the name the substitute stands for: the substitute must differ
    from it, since a substitute is needed only when the true name cannot be written.
    """
    if not isinstance(substitute, str):
        substitute = "" if substitute is None else str(substitute)
    field = "chip_name"
    name = normalize_name(substitute)
    if not name:
        return CheckResult(name, (Problem("name.empty", "未填写芯片替代姓名", "no substitute name for the chip given", field),))
    placeholders = [(p, c) for p, c in enumerate(name, start=1) if c in _PLACEHOLDERS]
    if placeholders:
        pos, ch = placeholders[0]
        return CheckResult(name, (Problem(
            "name.substitute_placeholder",
            f"替代姓名第 {pos} 位是占位符 {ch!r}：芯片上不得写入问号，请用主管批准的替代字或拼音",
            f"character {pos} of the substitute is the placeholder {ch!r}: never write '?' to a card; "
            "use the supervisor-approved substitute character or the pinyin",
            field,
        ),))
    problems = _character_problems(name, field)
    bad = outside_gbk(name)
    if bad:
        problems.append(_not_gbk_problem("name.substitute_not_gbk", bad, field=field))
    else:
        total = gbk_length(name)
        if total > NAME_MAX_BYTES:
            problems.append(_too_long_problem(total, field))
    if true_name and name == normalize_name(true_name) and bad:
        problems.append(Problem(
            "name.substitute_same",
            "替代姓名与真实姓名相同，仍含芯片无法写入的字符",
            "the substitute is the same as the true name and still has characters the chip cannot hold",
            field,
        ))
    return CheckResult(name, tuple(problems))


# ---------------------------------------------------------------------------------------------


def _describe(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    return code if unicodedata.category(ch)[0] in ("C", "Z") else f"'{ch}' ({code})"


def _character_problems(name: str, field: str) -> list[Problem]:
    """One problem per kind of wrong character, naming the first one found."""
    has_latin = any("A" <= c <= "Z" or "a" <= c <= "z" for c in name)
    found: dict[str, tuple[int, str]] = {}
    for pos, ch in enumerate(name, start=1):
        cat = unicodedata.category(ch)
        if cat[0] == "L" or (cat[0] == "M" and pos > 1) or ch in (" ", MIDDLE_DOT):
            continue
        if ch in _LATIN_NAME_PUNCTUATION and has_latin:
            continue
        if cat == "Co":
            kind = "private"
        elif cat[0] == "C":
            kind = "control"
        elif cat[0] == "N":
            kind = "digit"
        else:
            kind = "symbol"
        found.setdefault(kind, (pos, ch))
    problems = []
    if "control" in found:
        pos, ch = found["control"]
        problems.append(Problem(
            "name.control",
            f"姓名第 {pos} 位是不可见的控制字符 {_describe(ch)}，请删除后重新输入",
            f"character {pos} of the name is an invisible control character, {_describe(ch)}: delete it and retype",
            field,
        ))
    if "private" in found:
        pos, ch = found["private"]
        problems.append(Problem(
            "name.private_use",
            f"姓名第 {pos} 位 {_describe(ch)} 是私用区字符（多为本地造字），其他系统无法识别：请输入标准字符，"
            "芯片上另用主管批准的替代姓名",
            f"character {pos} of the name, {_describe(ch)}, is a private-use character (a locally made glyph) "
            "that other systems cannot read: type the standard character and use an approved substitute for the chip",
            field,
        ))
    if "digit" in found:
        pos, ch = found["digit"]
        problems.append(Problem(
            "name.digit",
            f"姓名第 {pos} 位是数字 {_describe(ch)}：姓名中不能有数字",
            f"character {pos} of the name is a digit, {_describe(ch)}: a name has no digits",
            field,
        ))
    if "symbol" in found:
        pos, ch = found["symbol"]
        emoji = unicodedata.category(ch) == "So"
        what_zh, what_en = ("表情或图形符号", "an emoji or pictograph") if emoji else ("符号", "a symbol")
        problems.append(Problem(
            "name.symbol",
            f"姓名第 {pos} 位是{what_zh} {_describe(ch)}：姓名只能有文字、间隔号“·”和空格",
            f"character {pos} of the name is {what_en}, {_describe(ch)}: a name has only letters, "
            "the middle dot '·' and spaces",
            field,
        ))
    if name.startswith(MIDDLE_DOT) or name.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in name:
        problems.append(Problem(
            "name.dot",
            "间隔号“·”只能出现在姓名各部分之间，不能在开头、结尾或连用",
            "the middle dot '·' goes only between parts of a name, not at the start, at the end or twice in a row",
            field,
        ))
    return problems


def _too_long_problem(total: int, field: str) -> Problem:
    return Problem(
        "name.too_long",
        f"姓名过长：GBK 编码 {total} 字节，芯片最多容纳 {NAME_MAX_BYTES} 字节"
        f"（姓名 {NAME_FIELD_BYTES} + 姓名扩展 {NAME_EXTENSION_BYTES}；每个汉字 2 字节）",
        f"name too long: {total} bytes in GBK, the chip holds at most {NAME_MAX_BYTES} "
        f"(name {NAME_FIELD_BYTES} + extension {NAME_EXTENSION_BYTES}; a Chinese character takes 2)",
        field,
    )


def _not_gbk_problem(code: str, bad: tuple[tuple[int, str], ...], *, field: str) -> Problem:
    listed = "、".join(f"第 {p} 位 {_describe(c)}" for p, c in bad[:5])
    listed_en = "; ".join(f"character {p}, {_describe(c)}" for p, c in bad[:5])
    more_zh = f" 等 {len(bad)} 个字" if len(bad) > 5 else ""
    more_en = f"; and {len(bad) - 5} more" if len(bad) > 5 else ""
    if code == "name.needs_substitute":
        return Problem(
            code,
            f"姓名中{listed}{more_zh} 不在 GBK 字符集中，芯片无法写入：须由主管批准一个替代姓名写入芯片"
            "（真实姓名照常保存并印在卡面）",
            f"not in GBK, so the chip cannot hold it: {listed_en}{more_en}. A supervisor must approve a "
            "substitute name for the chip (the true name is kept and printed on the card)",
            field,
        )
    return Problem(
        code,
        f"替代姓名中{listed}{more_zh} 不在 GBK 字符集中：替代姓名必须全部是 GBK 字符",
        f"the substitute name has characters outside GBK: {listed_en}{more_en}. A substitute must be all GBK",
        field,
    )
