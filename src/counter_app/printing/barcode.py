"""The Code 128 barcode of a case number, as modules to paint (python-barcode makes the symbol, we paint it).

Code 128 because a hall's hand scanners all read it and it packs 16 hexadecimal digits into about 40 mm at a
0.25 mm module, well inside an A4 page's margin. Only the module pattern is taken from python-barcode (no
image writer, no Pillow): the page's painter draws the bars itself so that the print path stays the one
QPainter path every other page takes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Barcode:
    text: str
    modules: str  # '1' bar, '0' space, one character per module (quiet zones not included)

    def bars(self) -> list[tuple[int, int]]:
        """(first module, width in modules) of each bar, left to right."""
        out: list[tuple[int, int]] = []
        start = None
        for i, m in enumerate(self.modules + "0"):
            if m == "1" and start is None:
                start = i
            elif m != "1" and start is not None:
                out.append((start, i - start))
                start = None
        return out


def code128(text: str) -> Barcode:
    """The Code 128 symbol of ``text`` (ASCII)."""
    import barcode

    return Barcode(text, barcode.get("code128", text).build()[0])
