"""Which township (乡镇/街道) of the district an applicant lives in, read from the address.

The district's coverage figure (residents holding an active card ÷ resident population, per township) needs each
card's township. The ID card's address names it in words (``湖北省随州市曾都区南郊街道青年路1号``), the ledger's
population table lists the townships by code and name, and the ledger hands that list to each counter with the
heartbeat's answer. The rule here is deliberately simple and predictable, so that a supervisor can tell why a card
was counted where it was:

1. the longest township name found whole in the address wins (``东城街道`` before ``东城``);
2. failing that, the longest name without its suffix (街道, 镇, 乡, 办事处, 民族乡), when that stem has at least two
   characters (addresses written before a 乡 became a 镇 still say the old word);
3. otherwise the township is unknown (``None``): the card still counts for the district, under "unknown".

Pure: no I/O, no Qt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

_SUFFIXES = ("民族乡", "办事处", "街道", "镇", "乡")


@dataclass(frozen=True, slots=True)
class Township:
    code: str   # the population table's code (6 to 12 digits)
    name: str   # 南郊街道


def stem(name: str) -> str:
    """The name without its administrative suffix (``南郊街道`` → ``南郊``); the name itself when none."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def township_of(address: str, townships: Iterable[Township]) -> Township | None:
    """The township ``address`` lies in (see the module's rules), or None."""
    text = "".join((address or "").split())
    if not text:
        return None
    listed = [t for t in townships if t.name]
    whole = [t for t in listed if t.name in text]
    if whole:
        return max(whole, key=lambda t: (len(t.name), t.code))
    stems = [(stem(t.name), t) for t in listed]
    partial = [(s, t) for s, t in stems if len(s) >= 2 and s != t.name and s in text]
    if partial:
        return max(partial, key=lambda st: (len(st[0]), st[1].code))[1]
    return None


def townships_from_json(text: str | None) -> list[Township]:
    """The list as kept in the counter's database (``[{"code", "name"}, ...]``); bad entries are skipped."""
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return townships_from_list(value)


def townships_from_list(value: object) -> list[Township]:
    """``[{"code", "name"}, ...]`` (the ledger's answer, or the kept JSON parsed) as townships; bad entries skipped."""
    if not isinstance(value, list):
        return []
    return [Township(v["code"], v["name"]) for v in value
            if isinstance(v, dict) and isinstance(v.get("code"), str) and isinstance(v.get("name"), str)]


def townships_to_json(townships: Iterable[Township]) -> str:
    return json.dumps([{"code": t.code, "name": t.name} for t in townships], ensure_ascii=False,
                      separators=(",", ":"))


TOWNSHIPS_KEY = "district.townships"  # where the counter keeps the ledger's list (settings_kv), as JSON
