"""A page's tables, once: the same :class:`Table` is rendered as HTML, written to XLSX and to PDF.

Each cell keeps its raw value (numbers stay numbers in the spreadsheet) and the text shown to people (a percent,
minutes and seconds, a translated word); ``css`` marks a cell for the page only (a traffic light).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

# Noto Sans CJK (Debian's fonts-noto-cjk, installed by scripts/setup.sh): the PDF's font for Chinese and Latin.
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FONT_INDEX = 2  # the collection's Simplified Chinese face (Noto Sans CJK SC)
# For characters beyond it (rare characters of CJK Extension B and later in a township's or a hall's name):
# HanaMin A/B from Debian's fonts-hanazono (also installed by scripts/setup.sh), used glyph by glyph.
FALLBACK_FONTS = {"hanamin_a": Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"),
                  "hanamin_b": Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")}


@dataclass(frozen=True)
class Cell:
    value: Any
    text: str
    css: str = ""
    numeric: bool = False


@dataclass
class Table:
    """A titled table: ``key`` names it on the page (``id``) and in the export's sheet."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    numeric_columns: frozenset[int] = frozenset()


def cell(value: Any, text: str | None = None, css: str = "") -> Cell:
    """A cell: numbers are right-aligned and exported as numbers; ``None`` shows as a dash."""
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if text is None:
        text = "—" if value is None else (f"{value:,}" if isinstance(value, int) and numeric else str(value))
    return Cell(value, text, css, numeric)


def to_xlsx(title: str, tables: list[Table], generated: str) -> bytes:
    """One workbook, a sheet per table, the raw values (so that sums and sorting work in the spreadsheet)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, book.sheetnames))
        sheet.append([f"{title} · {table.title}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append([generated])
        sheet.append(table.columns)
        for c in sheet[3]:
            c.font = Font(bold=True)
        for row in table.rows:
            sheet.append([c.value if c.numeric else c.text for c in row])
        for i, name in enumerate(table.columns):
            width = max([_width(name)] + [_width(r[i].text) for r in table.rows if i < len(r)])
            sheet.column_dimensions[sheet.cell(row=3, column=i + 1).column_letter].width = min(60, width + 2)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def to_pdf(title: str, tables: list[Table], generated: str) -> bytes:
    """A4 landscape pages of the tables in Noto Sans CJK (the shown texts, as on the page)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("cjk", fname=str(_font_path()), collection_font_number=CJK_FONT_INDEX)
    covered = _covered()
    texts = [title, generated] + [t.title for t in tables] + [c for t in tables for c in t.columns] + \
        [c.text for t in tables for r in t.rows for c in r]
    rare = any(ord(ch) not in covered for text in texts for ch in text if not ch.isspace())
    # the fallbacks are large (50 MB): loaded only for a document that needs them
    fallbacks = [name for name, path in FALLBACK_FONTS.items() if path.exists()] if rare else []
    for name in fallbacks:
        pdf.add_font(name, fname=str(FALLBACK_FONTS[name]))
    if fallbacks:
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("cjk", size=15)
    pdf.cell(text=title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=8)
    pdf.cell(text=generated, new_x="LMARGIN", new_y="NEXT")
    for table in tables:
        pdf.ln(4)
        pdf.set_font("cjk", size=11)
        pdf.cell(text=table.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=8.5)
        widths = _pdf_widths(pdf, table)
        aligns = ["RIGHT" if i in table.numeric_columns else "LEFT" for i in range(len(table.columns))]
        heading = FontFace(emphasis=None, fill_color=(230, 236, 242))  # one face only: no bold CJK needed
        with pdf.table(col_widths=widths, width=min(sum(widths), pdf.epw), text_align=aligns, line_height=5.5,
                       first_row_as_headings=True, headings_style=heading, align="LEFT") as t:
            t.row(table.columns)
            for row in table.rows or [[cell("—")] + [cell("") for _ in table.columns[1:]]]:
                t.row([c.text for c in row])
    return bytes(pdf.output())


def _pdf_widths(pdf, table: Table) -> tuple[float, ...]:
    widths = []
    for i, name in enumerate(table.columns):
        longest = max([pdf.get_string_width(name)] + [pdf.get_string_width(r[i].text) for r in table.rows
                                                       if i < len(r)])
        widths.append(min(90.0, longest + 4))
    return tuple(widths)


@lru_cache(maxsize=1)
def _font_path() -> Path:
    if not CJK_FONT.exists():
        raise FileNotFoundError(f"{CJK_FONT} is missing: install Debian's fonts-noto-cjk (scripts/setup.sh)")
    return CJK_FONT


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The code points the main font has (read once)."""
    from fontTools.ttLib import TTCollection

    return frozenset(TTCollection(str(_font_path()), lazy=True).fonts[CJK_FONT_INDEX].getBestCmap())


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _sheet_name(title: str, taken: list[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "sheet"
    base, n = name, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    return name
