"""The PDF exports' font covers what the console writes: every Chinese word of the console (console/i18n.py) is in
Noto Sans CJK SC, and a rare character beyond it (CJK Extension B, as in some place names) comes out through the
HanaMin fallback instead of an empty box."""

from __future__ import annotations

import shutil
import subprocess

from fontTools.ttLib import TTCollection

from central_ledger.console import i18n, tables
from central_ledger.console.tables import Table, cell
from tests.console.seed import COUNTERS, HALLS, TOWNSHIPS
from tests.realparts import need


def test_the_font_covers_every_word_of_the_console():
    need(tables.CJK_FONT.exists(), f"{tables.CJK_FONT} is missing (Debian's fonts-noto-cjk)")
    font = TTCollection(str(tables.CJK_FONT)).fonts[tables.CJK_FONT_INDEX]
    assert "SC" in font["name"].getDebugName(4)
    cmap = font.getBestCmap()
    text = "".join(i18n.ZH.values()) + "".join(i18n.EN.values())
    text += "".join(n for n, _ in HALLS.values()) + "".join(n for n, _ in COUNTERS.values())
    text += "".join(t[1] for t in TOWNSHIPS) + "—−+%：；（）·0123456789"
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})
    assert missing == [], missing


def test_a_rare_character_falls_back_to_hanamin(tmp_path):
    need(shutil.which("pdftotext"), "pdftotext (poppler-utils) is not installed")
    need(all(p.exists() for p in tables.FALLBACK_FONTS.values()), "fonts-hanazono is not installed")
    rare = "\U00020000\U0002A6A5"  # CJK Extension B, not in Noto Sans CJK SC
    table = Table("t", "乡镇", ["乡镇"], [[cell(f"𠀀村{rare}")]])
    path = tmp_path / "rare.pdf"
    path.write_bytes(tables.to_pdf("测试", [table], "数据时间"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert rare in text and "村" in text
