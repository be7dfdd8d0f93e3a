"""The papers of a postal production batch: the manifest (one A4 page, 邮寄制卡清单) and one address label per
card (邮寄标签, 100 × 70 mm).

They go the way of every page of the counter: :func:`counter_app.printing.job.submit` paints them on a
``QPrinter`` set to the papers' queue and finds the CUPS job; :func:`write_manifest_pdf` / :func:`write_label_pdf`
paint the same page into a PDF for a preview or a test. This module only paints: the service
(:mod:`counter_app.services.postal_batch`) fills :class:`Manifest` and :class:`AddressLabel`, masking included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter_app.printing import job as print_job
from counter_app.printing.face import MM_PER_INCH, PT_PER_INCH
from counter_app.printing.fonts import card_font, register_fonts
from counter_app.printing.papers import A4, A4Page


@dataclass(frozen=True, slots=True)
class LabelPage:
    width_mm: float = 100.0
    height_mm: float = 70.0
    name: str = "Label 100x70"


LABEL = LabelPage()
MANIFEST_ROWS = 24  # one A4 page holds this many cards (a batch is at most this big)


@dataclass(frozen=True, slots=True)
class ManifestRow:
    app_id: str
    masked_name: str
    card_number: str
    township: str


@dataclass(frozen=True, slots=True)
class Manifest:
    batch_id: str
    day: str
    counter: str
    rows: tuple[ManifestRow, ...]
    printed_at: str = ""


@dataclass(frozen=True, slots=True)
class AddressLabel:
    recipient: str
    address: str
    masked_mobile: str
    app_id: str
    batch_id: str = ""


class _Writer:
    """Text on a painter in millimetres (origin: the page's top-left corner)."""

    def __init__(self, painter, dpi: float, page):
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPen

        self.painter, self.scale, self.page = painter, dpi / MM_PER_INCH, page
        painter.fillRect(0, 0, round(page.width_mm * self.scale), round(page.height_mm * self.scale),
                         Qt.GlobalColor.white)
        pen = QPen(Qt.GlobalColor.black)
        pen.setWidthF(0.25 * self.scale)
        painter.setPen(pen)

    def text(self, value: str, x: float, y: float, size: float, *, width: float, bold: bool = False,
             wrap: bool = True) -> float:
        """Draw ``value`` in the box at (x, y) of ``width`` mm; returns the height used, in mm."""
        from PySide6.QtCore import QRectF, Qt

        s = self.scale
        self.painter.setFont(card_font("serif", size, "bold" if bold else "regular"))
        box = QRectF(x * s, y * s, width * s, self.page.height_mm * s)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if wrap:
            flags |= int(Qt.TextFlag.TextWordWrap)
        used = self.painter.boundingRect(box, flags, value).height() / s
        self.painter.drawText(box, flags, value)
        return max(used, size / PT_PER_INCH * MM_PER_INCH)

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        from PySide6.QtCore import QPointF

        s = self.scale
        self.painter.drawLine(QPointF(x0 * s, y0 * s), QPointF(x1 * s, y1 * s))


def paint_manifest(painter, manifest: Manifest, dpi: float, page: A4Page = A4) -> None:
    register_fonts()
    painter.save()
    w = _Writer(painter, dpi, page)
    margin = 15.0
    width = page.width_mm - 2 * margin
    y = 14.0
    y += w.text("社会保障卡邮寄制卡清单", margin, y, 16, width=width, bold=True) + 1
    y += w.text("Postal production manifest", margin, y, 9, width=width) + 2
    y += w.text(f"批次 Batch {manifest.batch_id}    日期 Date {manifest.day}    柜台 Counter {manifest.counter}",
                margin, y, 9.5, width=width) + 1
    y += w.text(f"卡片数 Cards {len(manifest.rows)}", margin, y, 9.5, width=width) + 2
    # columns: no., app id, name, card number, township, tracking number (blank, filled by hand)
    cols = ((margin, 8, "序号 No."), (margin + 9, 33, "申请编号 App"), (margin + 43, 22, "姓名 Name"),
            (margin + 66, 26, "社会保障卡号 Card"), (margin + 93, 32, "乡镇 Township"),
            (margin + 126, width - 126, "邮件号 Tracking"))
    w.line(margin, y, margin + width, y)
    y += 1.2
    h = max(w.text(title, x, y, 7.5, width=cw, bold=True) for x, cw, title in cols)
    y += h + 1.2
    w.line(margin, y, margin + width, y)
    for n, row in enumerate(manifest.rows, start=1):
        y += 1.6
        values = (str(n), row.app_id, row.masked_name, row.card_number, row.township or "—", "")
        h = max(w.text(v, x, y, 8.5, width=cw, wrap=False) for (x, cw, _t), v in zip(cols, values, strict=True))
        y += max(h, 5.5)
        w.line(margin + 126, y - 0.6, margin + width, y - 0.6)  # the blank to write the tracking number on
    y += 3
    w.line(margin, y, margin + width, y)
    y += 6
    w.text("制卡人 Produced by：____________    复核人 Checked by：____________    交寄日期 Posted：__________",
           margin, y, 9, width=width)
    w.text(f"打印时间 Printed {manifest.printed_at}", margin, page.height_mm - 14, 8, width=width)
    painter.restore()


def paint_label(painter, label: AddressLabel, dpi: float, page: LabelPage = LABEL) -> None:
    register_fonts()
    painter.save()
    w = _Writer(painter, dpi, page)
    margin = 5.0
    width = page.width_mm - 2 * margin
    y = 5.0
    y += w.text("收件人 To", margin, y, 7, width=width) + 0.5
    y += w.text(label.recipient, margin, y, 15, width=width, bold=True) + 1.5
    y += w.text("地址 Address", margin, y, 7, width=width) + 0.5
    y += w.text(label.address, margin, y, 11, width=width) + 1.5
    y += w.text(f"手机 Mobile  {label.masked_mobile}", margin, y, 10, width=width) + 1.5
    w.line(margin, page.height_mm - 14, page.width_mm - margin, page.height_mm - 14)
    w.text(f"申请编号 App  {label.app_id}", margin, page.height_mm - 12, 10, width=width, bold=True)
    w.text(f"社会保障卡 · 批次 {label.batch_id}", margin, page.height_mm - 6.5, 7, width=width)
    painter.restore()


def manifest_painter(manifest: Manifest) -> Callable:
    return lambda painter, dpi: paint_manifest(painter, manifest, dpi)


def label_painter(label: AddressLabel) -> Callable:
    return lambda painter, dpi: paint_label(painter, label, dpi)


def print_manifest(printer_name: str, manifest: Manifest, *, timeout: float = 60.0) -> print_job.JobResult:
    sub = print_job.submit(printer_name, A4, manifest_painter(manifest), label="postal-manifest")
    return print_job.follow(sub, timeout=timeout)


def print_label(printer_name: str, label: AddressLabel, *, timeout: float = 60.0) -> print_job.JobResult:
    sub = print_job.submit(printer_name, LABEL, label_painter(label), label="postal-label")
    return print_job.follow(sub, timeout=timeout)


def write_manifest_pdf(manifest: Manifest, path: str | Path) -> Path:
    return print_job.write_page_pdf(path, A4, manifest_painter(manifest))


def write_label_pdf(label: AddressLabel, path: str | Path) -> Path:
    return print_job.write_page_pdf(path, LABEL, label_painter(label))
