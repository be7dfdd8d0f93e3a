"""Painting a card face — or the technician's test page — in millimetres on any Qt paint device.

One code path for the preview and the printer: :func:`paint_face` draws on a ``QPainter``
whose device has ``dpi`` dots per inch and whose origin is the card's top-left corner. The
preview paints a ``QImage`` at 300 dpi (the card printer's resolution); the print job paints a
``QPrinter`` set to the same resolution, full page, no margins. Nothing here knows which.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.printing.fonts import card_font, check_glyphs, register_fonts
from counter_app.printing.template import CardTemplate, TextField

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
EM_TOP = 0.88  # the top of the ideographic em box above the baseline, in em (Noto CJK: 880/1000)
PREVIEW_DPI = 300  # card printers print at 300 dpi

SAMPLE_RARE_NAME = "测试·𪚥䶮𠀀"  # the test page's sample: Ext B (𪚥, 𠀀) and Ext A (䶮)


@dataclass(frozen=True, slots=True)
class FaceData:
    """What one card back shows. ``issue_date`` is already formatted (setting ``printer.date_format``)."""

    name: str
    social_security_number: str
    card_number: str
    issue_date: str
    photo_jpeg: bytes | None = None

    def values(self) -> dict[str, str]:
        return {"name": self.name, "social_security_number": self.social_security_number,
                "card_number": self.card_number, "issue_date": self.issue_date}


def check_face(template: CardTemplate, data: FaceData) -> None:
    """Refuse, before anything is printed, a face with a character no card font has."""
    values = data.values()
    for f in template.fields:
        check_glyphs(f.key, f.value(values))


class _Mm:
    """Millimetres → device pixels for a device of ``dpi``."""

    def __init__(self, dpi: float):
        self.scale = dpi / MM_PER_INCH

    def __call__(self, mm: float) -> float:
        return mm * self.scale

    def rect(self, x: float, y: float, w: float, h: float):
        from PySide6.QtCore import QRectF

        return QRectF(x * self.scale, y * self.scale, w * self.scale, h * self.scale)


def paint_face(painter, template: CardTemplate, data: FaceData, dpi: float) -> None:
    """Draw the photo and every field of ``template`` with ``data`` on ``painter``."""
    from PySide6.QtCore import Qt

    check_face(template, data)
    register_fonts()
    mm = _Mm(dpi)
    painter.save()
    painter.setRenderHint(painter.RenderHint.Antialiasing, True)
    painter.setRenderHint(painter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(painter.RenderHint.SmoothPixmapTransform, True)
    painter.fillRect(mm.rect(0, 0, template.width_mm, template.height_mm), Qt.GlobalColor.white)
    if data.photo_jpeg:
        _draw_photo(painter, mm.rect(template.photo.x_mm, template.photo.y_mm, template.photo.width_mm,
                                     template.photo.height_mm), data.photo_jpeg)
    values = data.values()
    for f in template.fields:
        _draw_text(painter, mm, f, f.value(values))
    painter.restore()


def _draw_photo(painter, target, jpeg: bytes) -> None:
    """The photo fills the box; the little that differs in aspect (358×441 vs 20×25) is cropped
    evenly from both sides, never stretched."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage

    image = QImage.fromData(jpeg)
    if image.isNull():
        raise ValueError("the stored photo cannot be decoded")
    iw, ih = image.width(), image.height()
    box_ratio = target.width() / target.height()
    if iw / ih > box_ratio:
        sw = ih * box_ratio
        source = QRectF((iw - sw) / 2, 0, sw, ih)
    else:
        sh = iw / box_ratio
        source = QRectF(0, (ih - sh) / 2, iw, sh)
    painter.drawImage(target, image, source)


def _draw_text(painter, mm: _Mm, f: TextField, text: str) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QFontMetricsF

    font = card_font(f.family, f.size_pt, f.weight)
    painter.setFont(font)
    if f.max_width_mm is not None:
        width = QFontMetricsF(font, painter.device()).horizontalAdvance(text)
        limit = mm(f.max_width_mm)
        if width > limit:
            # A long name is narrowed (never cut): stretch first, then a smaller size.
            stretch = max(50, int(100 * limit / width))
            font.setStretch(stretch)
            painter.setFont(font)
            width = QFontMetricsF(font, painter.device()).horizontalAdvance(text)
            if width > limit:
                font.setPointSizeF(f.size_pt * limit / width)
                painter.setFont(font)
    size_mm = f.size_pt / PT_PER_INCH * MM_PER_INCH
    baseline = f.y_mm + EM_TOP * size_mm
    painter.setPen(QColor(0, 0, 0))
    painter.drawText(QPointF(mm(f.x_mm), mm(baseline)), text)


def paint_test_page(painter, template: CardTemplate, dpi: float, when: dt.datetime | None = None,
                    photo_jpeg: bytes | None = None) -> None:
    """The technician's alignment page: edge marks and a millimetre scale, the photo box of the
    active layout, each field's anchor, a grey ramp, and a sample name with rare characters."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QPen

    register_fonts()
    mm = _Mm(dpi)
    w, h = template.width_mm, template.height_mm
    painter.save()
    painter.setRenderHint(painter.RenderHint.Antialiasing, True)
    painter.fillRect(mm.rect(0, 0, w, h), Qt.GlobalColor.white)
    pen = QPen(QColor(0, 0, 0))
    pen.setWidthF(mm(0.15))
    painter.setPen(pen)
    # Corner marks 1 mm inside each corner, 4 mm long: a shifted print shows as uneven margins.
    for cx, cy, dx, dy in ((1, 1, 1, 1), (w - 1, 1, -1, 1), (1, h - 1, 1, -1), (w - 1, h - 1, -1, -1)):
        painter.drawLine(QPointF(mm(cx), mm(cy)), QPointF(mm(cx + 4 * dx), mm(cy)))
        painter.drawLine(QPointF(mm(cx), mm(cy)), QPointF(mm(cx), mm(cy + 4 * dy)))
    # Centre cross and a scale along the top edge: a tick every mm, longer every 5 and 10 mm.
    painter.drawLine(QPointF(mm(w / 2 - 3), mm(h / 2)), QPointF(mm(w / 2 + 3), mm(h / 2)))
    painter.drawLine(QPointF(mm(w / 2), mm(h / 2 - 3)), QPointF(mm(w / 2), mm(h / 2 + 3)))
    for x in range(10, int(w) - 5):
        length = 2.0 if x % 10 == 0 else 1.2 if x % 5 == 0 else 0.6
        painter.drawLine(QPointF(mm(x), 0), QPointF(mm(x), mm(length)))
    # The photo box (with the photo when given) and each field's anchor as a small cross.
    box = template.photo
    if photo_jpeg:
        _draw_photo(painter, mm.rect(box.x_mm, box.y_mm, box.width_mm, box.height_mm), photo_jpeg)
    painter.drawRect(mm.rect(box.x_mm, box.y_mm, box.width_mm, box.height_mm))
    for f in template.fields:
        painter.drawLine(QPointF(mm(f.x_mm - 0.8), mm(f.y_mm)), QPointF(mm(f.x_mm + 0.8), mm(f.y_mm)))
        painter.drawLine(QPointF(mm(f.x_mm), mm(f.y_mm - 0.8)), QPointF(mm(f.x_mm), mm(f.y_mm + 0.8)))
    # A grey ramp of 11 steps, 0 % to 100 % black, along the bottom.
    step = 5.0
    x0 = (w - 11 * step) / 2
    for i in range(11):
        g = 255 - round(255 * i / 10)
        painter.fillRect(mm.rect(x0 + i * step, h - 6, step, 4), QColor(g, g, g))
    painter.drawRect(mm.rect(x0, h - 6, 11 * step, 4))
    name_field = template.field("name")
    label = f"对位测试页 {template.name}"
    stamp = (when or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    for text, x, y, size in ((SAMPLE_RARE_NAME, name_field.x_mm, name_field.y_mm, name_field.size_pt),
                             (label, box.x_mm, box.y_mm + box.height_mm + 2, 7.0),
                             (stamp, box.x_mm, box.y_mm + box.height_mm + 5.5, 7.0)):
        check_glyphs("test_page", text)
        font = card_font("serif", size, "bold")
        painter.setFont(font)
        painter.drawText(QPointF(mm(x), mm(y + EM_TOP * size / PT_PER_INCH * MM_PER_INCH)), text)
    painter.restore()


def render_png(paint, template: CardTemplate, dpi: float = PREVIEW_DPI) -> bytes:
    """Run ``paint(painter, dpi)`` on an image the size of the card at ``dpi``; PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    register_fonts()
    scale = dpi / MM_PER_INCH
    image = QImage(round(template.width_mm * scale), round(template.height_mm * scale), QImage.Format.Format_RGB32)
    dpm = round(dpi / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        paint(painter, dpi)
    finally:
        painter.end()
    buf = QByteArray()
    dev = QBuffer(buf)
    dev.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(dev, "PNG")
    return bytes(buf.data())
