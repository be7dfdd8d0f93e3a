"""Page texts in two languages, for the district console and the citizens' pages alike: each keeps its own
tables of words, and this module the two rules they share (which language a request gets, and how a key becomes
text). No web framework here: the citizens' portal imports it without the ledger's HTTP side."""

from __future__ import annotations

from collections.abc import Callable, Mapping

LANGUAGES = ("zh", "en")
DEFAULT = "zh"


def make_translator(strings: Mapping[str, Mapping[str, str]], lang: str) -> Callable[..., str]:
    """``t(key, **fields)`` for one language; an unknown key shows itself (a missing word is seen, not hidden)."""
    table = strings.get(lang, strings[DEFAULT])

    def t(key: str, **fields: object) -> str:
        text = table.get(key, key)
        return text.format(**fields) if fields else text

    return t


def pick_language(query: str | None, cookie: str | None) -> str:
    """The language asked for in the query, else the remembered one, else Chinese."""
    for value in (query, cookie):
        if value in LANGUAGES:
            return value
    return DEFAULT
