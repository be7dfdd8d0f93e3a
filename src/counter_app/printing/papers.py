"""The A4 papers of an issuance, printed for signature: the application form (社会保障卡申领登记表) and the
collection receipt (社会保障卡领卡回执).

Both carry the case number as text and as a Code 128 barcode (:mod:`counter_app.printing.barcode`), so a
filed paper leads back to its issuance with a hand scanner. They go the way of every page of the counter:
:func:`counter_app.printing.job.submit` paints them on a ``QPrinter`` set to the configured A4 queue and finds
the CUPS job; :func:`write_pdf` paints the same page into a PDF for a preview or a test. This module only
paints: :mod:`counter_app.services.papers` fills the :class:`Paper` (what the rows say, masking included).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from counter_app.printing import job as print_job
from counter_app.printing.barcode import code128
from counter_app.printing.face import MM_PER_INCH, PT_PER_INCH
from counter_app.printing.fonts import card_font, register_fonts


class PaperKind(StrEnum):
    APPLICATION_FORM = "application_form"
    COLLECTION_RECEIPT = "collection_receipt"

    @property
    def title(self) -> tuple[str, str]:
        return {"application_form": ("社会保障卡申领登记表", "Social security card application form"),
                "collection_receipt": ("社会保障卡领卡回执", "Social security card collection receipt")}[self.value]


@dataclass(frozen=True, slots=True)
class A4Page:
    width_mm: float = 210.0
    height_mm: float = 297.0
    name: str = "A4"


A4 = A4Page()
MODULE_MM = 0.3  # one Code 128 module: hand scanners read 0.25 mm and up


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper: every value already as printed (masking decided by the service)."""

    kind: PaperKind
    case_number: str
    rows: tuple[tuple[str, str], ...]
    signatures: tuple[str, ...]
    notes: tuple[str, ...] = ()
    printed_at: str = ""
    counter: str = ""
    reprint: bool = False
    sections: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = field(default=())


def paint_paper(painter, paper: Paper, dpi: float, page: A4Page = A4) -> None:
    """Draw ``paper`` on ``painter`` (a device of ``dpi``, origin at the page's top-left corner)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QPen

    register_fonts()
    scale = dpi / MM_PER_INCH
    margin, y = 18.0, 16.0

    def pt_mm(size_pt: float) -> float:
        return size_pt / PT_PER_INCH * MM_PER_INCH

    def text(value: str, size: float, *, bold: bool = False, x: float = margin, width: float | None = None,
             advance: bool = True) -> float:
        nonlocal y
        painter.setFont(card_font("serif", size, "bold" if bold else "regular"))
        w = (width if width is not None else page.width_mm - margin - x) * scale
        box = QRectF(x * scale, y * scale, w, page.height_mm * scale)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
        used = painter.boundingRect(box, flags, value).height() / scale
        painter.drawText(box, flags, value)
        if advance:
            y += used + pt_mm(size) * 0.35
        return used

    def rule() -> None:
        nonlocal y
        painter.drawLine(QPointF(margin * scale, y * scale), QPointF((page.width_mm - margin) * scale, y * scale))
        y += 2.5

    def rows(items: tuple[tuple[str, str], ...]) -> None:
        nonlocal y
        for label, value in items:
            h = text(label, 9, width=48, advance=False)
            h2 = text(value or "—", 10.5, bold=True, x=margin + 50, advance=False)
            y += max(h, h2) + 2.2

    painter.save()
    painter.setRenderHint(painter.RenderHint.Antialiasing, False)  # crisp bars
    painter.fillRect(QRectF(0, 0, page.width_mm * scale, page.height_mm * scale), Qt.GlobalColor.white)
    pen = QPen(Qt.GlobalColor.black)
    pen.setWidthF(0.25 * scale)
    painter.setPen(pen)

    zh, en = paper.kind.title
    text(zh + ("（补打）" if paper.reprint else ""), 16, bold=True)
    text(en + (" (reprint)" if paper.reprint else ""), 9)
    symbol = code128(paper.case_number)
    bar_h = 11.0
    x0 = page.width_mm - margin - len(symbol.modules) * MODULE_MM
    painter.setBrush(QBrush(Qt.GlobalColor.black))
    for start, width in symbol.bars():
        painter.fillRect(QRectF((x0 + start * MODULE_MM) * scale, 14.0 * scale, width * MODULE_MM * scale,
                                bar_h * scale), Qt.GlobalColor.black)
    y_text = y
    y = 14.0 + bar_h + 1.0
    text(paper.case_number, 9, x=x0)
    y = max(y, y_text) + 2
    text(f"受理号 Case number  {paper.case_number}", 10, bold=True)
    rule()
    rows(paper.rows)
    for title, items in paper.sections:
        y += 2
        text(title, 11, bold=True)
        rows(items)
    rule()
    for note in paper.notes:
        text(note, 8.5)
    y += 6
    for label in paper.signatures:
        text(f"{label}：______________________      日期 Date：____________", 10.5)
        y += 5
    y = page.height_mm - 16
    text(f"打印时间 Printed {paper.printed_at}    柜台 Counter {paper.counter}", 8)
    painter.restore()


def painter_of(paper: Paper) -> Callable:
    return lambda painter, dpi: paint_paper(painter, paper, dpi)


def print_paper(printer_name: str, paper: Paper, *, timeout: float = 60.0) -> print_job.JobResult:
    """Print ``paper`` on the A4 queue ``printer_name`` and follow the job to its end."""
    sub = print_job.submit(printer_name, A4, painter_of(paper), label=paper.kind.value)
    return print_job.follow(sub, timeout=timeout)


def write_pdf(paper: Paper, path: str | Path) -> Path:
    """The paper as a PDF file, through QPrinter's PDF output (the print path's painter)."""
    return print_job.write_page_pdf(path, A4, painter_of(paper))
