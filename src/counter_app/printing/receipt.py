"""The holder's receipt of an in-card query (卡内查询回执), painted in millimetres and printed with QPrinter.

A receipt is a small page (80 mm wide, the width of a counter's receipt roll) with bilingual labels:
the holder's masked ID number (as the logs mask it: ``4213**********0019``), name, card number,
status and the card's dates, when and where it was printed. It goes the same way as the card face:
:func:`counter_app.printing.job.submit` paints it on a ``QPrinter`` set to the configured queue and
finds the CUPS job, :func:`counter_app.printing.job.follow` waits for its end. :func:`write_pdf`
paints the same page into a PDF file (QPrinter's PDF output) for a preview or a test.

The in-card query fills a :class:`Receipt` (:func:`counter_app.services.card_query.receipt_of`); this
module only paints and prints it, and imports nothing of the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter_app.printing import job as print_job
from counter_app.printing.face import MM_PER_INCH, PT_PER_INCH
from counter_app.printing.fonts import card_font, register_fonts


@dataclass(frozen=True, slots=True)
class ReceiptPage:
    """The receipt's paper, in the shape :func:`print_job.submit` takes for a page (width and height)."""

    width_mm: float = 80.0
    height_mm: float = 120.0
    name: str = "receipt"


RECEIPT_PAGE = ReceiptPage()


@dataclass(frozen=True, slots=True)
class Receipt:
    """What one receipt shows; every value already as printed (the ID number masked)."""

    masked_id_number: str
    name: str
    card_number: str
    status_zh: str
    status_en: str
    issue_date: str
    expiry_date: str
    consistent: bool
    printed_at: str
    counter: str

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) rows in print order."""
        return [
            ("社会保障号码 ID number", self.masked_id_number),
            ("姓名 Name", self.name),
            ("卡号 Card number", self.card_number),
            ("卡状态 Status", f"{self.status_zh} {self.status_en}"),
            ("发卡日期 Issued", self.issue_date or "—"),
            ("有效期至 Valid until", self.expiry_date or "—"),
            ("核对结果 Check", "卡内信息与记录一致\ncard matches the record" if self.consistent
             else "卡内信息与记录不一致，请咨询柜员\ncard differs from the record: ask the clerk"),
        ]


def paint_receipt(painter, receipt: Receipt, dpi: float, page: ReceiptPage = RECEIPT_PAGE) -> None:
    """Draw ``receipt`` on ``painter`` (a device of ``dpi``, origin at the page's top-left corner).
    Long values wrap within the page's width."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QPen

    register_fonts()
    scale = dpi / MM_PER_INCH

    def pt_mm(size_pt: float) -> float:
        return size_pt / PT_PER_INCH * MM_PER_INCH

    painter.save()
    painter.setRenderHint(painter.RenderHint.Antialiasing, True)
    painter.setRenderHint(painter.RenderHint.TextAntialiasing, True)
    painter.fillRect(QRectF(0, 0, page.width_mm * scale, page.height_mm * scale), Qt.GlobalColor.white)
    margin, y = 5.0, 6.0

    def text(value: str, size: float, *, bold: bool = False, x: float = margin) -> None:
        """One paragraph from ``x`` to the right margin, wrapped at line-break opportunities."""
        nonlocal y
        painter.setFont(card_font("serif", size, "bold" if bold else "regular"))
        box = QRectF(x * scale, y * scale, (page.width_mm - margin - x) * scale, page.height_mm * scale)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
        used = painter.boundingRect(box, flags, value)
        painter.drawText(box, flags, value)
        y += used.height() / scale + pt_mm(size) * 0.3

    title_zh, title_en = getattr(receipt, "title", ("社会保障卡卡内信息查询回执",
                                                    "Social security card: in-card query receipt"))
    text(title_zh, 11, bold=True)
    text(title_en, 7)
    pen = QPen(Qt.GlobalColor.black)
    pen.setWidthF(0.2 * scale)
    painter.setPen(pen)
    y += 1.5
    painter.drawLine(QPointF(margin * scale, y * scale), QPointF((page.width_mm - margin) * scale, y * scale))
    y += 1.5
    for lab, value in receipt.lines():
        text(lab, 7)
        text(value, 9.5, bold=True, x=margin + 3)
        y += 0.8
    painter.drawLine(QPointF(margin * scale, y * scale), QPointF((page.width_mm - margin) * scale, y * scale))
    y += 1.5
    text(f"打印时间 Printed {receipt.printed_at}", 7)
    if receipt.counter:
        text(f"柜台 Counter {receipt.counter}", 7)
    painter.restore()


def painter_of(receipt: Receipt, page: ReceiptPage = RECEIPT_PAGE) -> Callable:
    return lambda painter, dpi: paint_receipt(painter, receipt, dpi, page)


def print_receipt(printer_name: str, receipt: Receipt, *, timeout: float = 60.0) -> print_job.JobResult:
    """Print ``receipt`` on the CUPS queue ``printer_name`` and follow the job to its end."""
    sub = print_job.submit(printer_name, RECEIPT_PAGE, painter_of(receipt), label="receipt")
    return print_job.follow(sub, timeout=timeout)


def write_pdf(receipt: Receipt, path: str | Path, page: ReceiptPage = RECEIPT_PAGE) -> Path:
    """The receipt as a PDF file, painted through QPrinter's PDF output (the print path's painter)."""
    return print_job.write_page_pdf(path, page, lambda painter, dpi: paint_receipt(painter, receipt, dpi, page))
