"""The bundled card-face fonts: registered with Qt from ``resources/fonts`` and checked per character.

A card must look the same on every counter and never show a missing-glyph box, so the app
registers its own font files (not whatever the system has) and draws with a fixed list of
families, tried in order for each character (:meth:`QFont.setFamilies`). Before anything is
painted, :func:`missing_glyphs` checks every character against the cmaps of exactly those
files: a character none of them has is refused (:class:`MissingGlyph`) instead of printed as a
box by some system fallback font.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from counter_app.paths import resources_dir
from counter_app.printing.errors import FontUnavailable, MissingGlyph

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FontFile:
    file: str                 # name in resources/fonts: a subset made by scripts/subset_fonts.py at set-up
    system_path: str          # the full font where its Debian package puts it (fallback)
    families: tuple[str, ...]


# In fallback order: Noto Serif CJK SC (宋体 style, GBK and Ext A), then HanaMin A and B (rare
# characters of the BMP and the supplementary planes, Ext B–F). The bundled files are subsets to the card
# repertoire (resources/fonts/README.md); the family names are those of the full fonts.
FONT_FILES: tuple[FontFile, ...] = (
    FontFile("NotoSerifCJKsc-Regular.subset.otf", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
             ("Noto Serif CJK SC",)),
    FontFile("NotoSerifCJKsc-Bold.subset.otf", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
             ("Noto Serif CJK SC",)),
    FontFile("HanaMinA.subset.ttf", "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", ("HanaMinA",)),
    FontFile("HanaMinB.subset.ttf", "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", ("HanaMinB",)),
)
FAMILIES: dict[str, tuple[str, ...]] = {"serif": ("Noto Serif CJK SC", "HanaMinA", "HanaMinB")}

_lock = threading.Lock()
_registered: dict[str, Path] | None = None
_local = threading.local()  # raw fonts per thread: Qt's font engines are per thread, and a QRawFont
                            # made in a worker thread is dead once that thread ends


def font_path(font: FontFile) -> Path | None:
    """The bundled file, else the system copy (with a warning), else None."""
    bundled = resources_dir() / "fonts" / font.file
    if bundled.is_file():
        return bundled
    if os.path.isfile(font.system_path):
        log.warning("card font %s not in %s (run scripts/subset_fonts.py); using the full font %s",
                    font.file, bundled.parent, font.system_path)
        return Path(font.system_path)
    return None


def ensure_qt_app():
    """A Qt application for painting and printing. A command-line run without a display gets
    the offscreen platform; an app that already exists (the GUI) is used as it is."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["counter-app"])
    return app


_registered_with = None  # the QApplication the fonts were registered with


def register_fonts() -> dict[str, Path]:
    """Register the card fonts with Qt once per Qt application; returns file name → path.

    Application fonts and raw fonts belong to the QApplication they were made under: when that
    application is gone and another one made (tests do this), they are registered again."""
    global _registered, _registered_with
    with _lock:
        app = ensure_qt_app()
        if _registered is not None and _registered_with is app:
            return _registered
        _local.__dict__.clear()
        from PySide6.QtGui import QFontDatabase

        found: dict[str, Path] = {}
        for font in FONT_FILES:
            path = font_path(font)
            if path is None:
                raise FontUnavailable(font.file)
            if QFontDatabase.addApplicationFont(str(path)) < 0:
                raise FontUnavailable(f"{font.file} ({path})")
            found[font.file] = path
        _registered, _registered_with = found, app
        return found


def _family_cmaps() -> list:
    """The code points of each fallback font file (regular weights), read with Qt's QRawFont."""
    paths = register_fonts()
    cached = getattr(_local, "cmaps", None)
    if cached is not None and getattr(_local, "app", None) is _registered_with:
        return cached
    from PySide6.QtGui import QFont, QRawFont

    cmaps = []
    for font in FONT_FILES:
        if "Bold" in font.file:
            continue  # same character set as the regular weight
        # The registered font's engine first: QRawFont(path) reads the whole file (~60 ms for the three,
        # holding the GIL in a worker while the GUI waits); fromFont maps what the database has loaded.
        # Only when Qt hands back another family (a substitute) is the file read itself.
        wanted = QFont(font.families[0])
        wanted.setPixelSize(12)
        raw = QRawFont.fromFont(wanted)
        if not raw.isValid() or raw.familyName() != font.families[0]:
            raw = QRawFont(str(paths[font.file]), 12)
        if not raw.isValid():
            raise FontUnavailable(str(paths[font.file]))
        cmaps.append(_Coverage(raw))
    _local.cmaps, _local.app = cmaps, _registered_with
    return cmaps


class _Coverage:
    """``cp in coverage`` for one raw font, cached per code point."""

    def __init__(self, raw):
        self._raw = raw
        self._seen: dict[int, bool] = {}

    def __contains__(self, cp: int) -> bool:
        hit = self._seen.get(cp)
        if hit is None:
            hit = self._seen[cp] = bool(self._raw.supportsCharacter(cp))
        return hit


def missing_glyphs(text: str) -> str:
    """The characters of ``text`` that no card font can draw (spaces and controls excluded)."""
    cmaps = _family_cmaps()
    missing = []
    for ch in text:
        if ch.isspace() or not ch.isprintable():
            continue
        if not any(ord(ch) in c for c in cmaps) and ch not in missing:
            missing.append(ch)
    return "".join(missing)


def check_glyphs(field: str, text: str) -> None:
    missing = missing_glyphs(text)
    if missing:
        raise MissingGlyph(field, missing)


def card_font(family: str, size_pt: float, weight: str):
    """The QFont of a template field: its family list, point size and weight."""
    from PySide6.QtGui import QFont

    register_fonts()
    font = QFont()
    font.setFamilies(list(FAMILIES.get(family, (family,))))
    font.setPointSizeF(size_pt)
    font.setWeight(QFont.Weight.Bold if weight == "bold" else QFont.Weight.Normal)
    # Hinting would move glyphs to the device's pixel grid: the card must match its mm layout.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # No OpenType substitutions: Qt's PDF writer maps glyphs back to text through the font's
    # cmap only, so a substituted glyph (e.g. the digits after a Latin letter) would print
    # right but be lost to text extraction (pdftotext) of the printed job.
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font
