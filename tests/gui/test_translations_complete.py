"""The English translation is complete: every interface string in the sources has an English text in
``resources/translations/counter_app_en.ts``, with the same placeholders and shortcut markers, and
the compiled catalogue translates at run time.

The code fills placeholders with ``str.replace("%1", ...)``, so a translation that loses or renames a
``%n`` shows the raw marker to the clerk; a lost ``&`` loses the keyboard shortcut.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QTranslator

from counter_app.ui import i18n_build
from counter_app.ui.i18n import translations_dir

EN_TS = translations_dir() / "counter_app_en.ts"
ZH_TS = translations_dir() / "counter_app_zh_CN.ts"
PLACEHOLDER = re.compile(r"%\d")


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) of every current message (vanished ones left out)."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation.get("type") in ("vanished", "obsolete"):
                continue
            out.append((name, message.findtext("source"), translation))
    return out


def unfinished(ts: Path) -> list[str]:
    return [f"{ctx}: {source}" for ctx, source, tr in messages(ts)
            if tr.get("type") == "unfinished" or not (tr.text or "").strip()]


def test_every_english_message_is_translated():
    assert unfinished(EN_TS) == []


def test_the_chinese_catalogue_is_finished_too():
    assert unfinished(ZH_TS) == []


def test_the_english_catalogue_covers_every_string_of_the_sources(tmp_path):
    """Refreshing a copy from the sources (as ``i18n_build --update`` does) adds nothing untranslated:
    a new ``tr()`` string without English fails here, naming it."""
    copy = tmp_path / EN_TS.name
    shutil.copy(EN_TS, copy)
    i18n_build.update([copy])
    assert unfinished(copy) == []


def test_placeholders_and_shortcuts_survive_translation():
    def markers(text: str | None) -> tuple[Counter, int]:
        return Counter(PLACEHOLDER.findall(text or "")), (text or "").count("&")

    changed = [f"{ctx}: {source} -> {tr.text}" for ctx, source, tr in messages(EN_TS)
               if markers(tr.text) != markers(source)]
    assert changed == []


def test_the_compiled_catalogue_translates_a_supervisor_string(tmp_path):
    copy = tmp_path / EN_TS.name
    shutil.copy(EN_TS, copy)
    [qm] = i18n_build.build([copy])
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("SupervisorHome", "例外审批") == "Exceptions"
    assert translator.translate("StockPage", "库存不足：低于预警线 %1 张") == "Low stock: below %1 cards"
