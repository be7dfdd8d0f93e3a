"""The bundled card-face fonts: registered with Qt from ``resources/fonts`` and checked per character.

A card must look the same on every counter and never show a missing-glyph box, so the app
registers its own font files (not whatever the system has) and draws with a fixed list of
families, tried in order for each character (:meth:`QFont.setFamilies`). Before anything is
painted, :func:`missing_glyphs` checks every character against the cmaps of exactly those
files: a character none of them has is refused (:class:`MissingGlyph`) instead of printed as a
box by some system fallback font.

The rare characters of CJK Ext B–F (plane 2, GB 18030-2022 level 3) are drawn by HanaMinB, which is not
bundled (28 MB even as a subset): it is taken at run time from the system, where Debian's fonts-hanazono
puts it (:data:`RARE_FONT`, or the file ``$COUNTER_APP_RARE_FONT`` names). Without it everything else
prints, and a name with such a character is refused before printing with :class:`RareFontMissing`, which
says what to install; diagnostics report the missing font (``printer.fonts``).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from counter_app.paths import resources_dir
from counter_app.printing.errors import FontUnavailable, MissingGlyph, RareFontMissing

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FontFile:
    file: str                 # name in resources/fonts: a subset made by scripts/subset_fonts.py at set-up
    system_path: str          # the full font where its Debian package puts it (fallback)
    families: tuple[str, ...]


# The bundled fonts, in fallback order: Noto Serif CJK SC (宋体 style, GBK and Ext A), then HanaMinA (rare
# characters of the BMP Noto lacks). They are subsets to the card repertoire's BMP part
# (resources/fonts/README.md); the family names are those of the full fonts.
FONT_FILES: tuple[FontFile, ...] = (
    FontFile("NotoSerifCJKsc-Regular.subset.otf", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
             ("Noto Serif CJK SC",)),
    FontFile("NotoSerifCJKsc-Bold.subset.otf", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
             ("Noto Serif CJK SC",)),
    FontFile("HanaMinA.subset.ttf", "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", ("HanaMinA",)),
)
# Last in the fallback order, from the system only (see the module docstring): CJK Ext B–F.
RARE_FONT = FontFile("HanaMinB.ttf", "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", ("HanaMinB",))
ENV_RARE_FONT = "COUNTER_APP_RARE_FONT"   # another path for it (a test points it at a missing file)
RARE_FONT_PACKAGE = "fonts-hanazono"
RARE_PLANE = range(0x20000, 0x30000)      # plane 2: Ext B–F and the compatibility supplement
FAMILIES: dict[str, tuple[str, ...]] = {"serif": ("Noto Serif CJK SC", "HanaMinA", "HanaMinB")}

_lock = threading.Lock()
_registered: dict[str, Path] | None = None
_registered_rare: Path | None = None  # the rare font the registration was made with
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


def rare_font_path() -> Path | None:
    """The rare-character font (Ext B–F): ``$COUNTER_APP_RARE_FONT`` if set, else the system's HanaMinB;
    None when that file is not there. The one lookup of it: the source tree and the frozen app alike."""
    path = os.environ.get(ENV_RARE_FONT) or RARE_FONT.system_path
    return Path(path) if os.path.isfile(path) else None


def is_rare(ch: str) -> bool:
    """True for a character only the rare-character font can draw (plane 2)."""
    return ord(ch) in RARE_PLANE


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

    The rare-character font is registered when it is there (:func:`rare_font_path`); a bundled font
    missing is :class:`FontUnavailable`. Application fonts and raw fonts belong to the QApplication they
    were made under: when that application is gone and another one made (tests do this), or the rare font
    has come or gone, they are registered again."""
    global _registered, _registered_with, _registered_rare
    with _lock:
        app = ensure_qt_app()
        rare = rare_font_path()
        if _registered is not None and _registered_with is app and _registered_rare == rare:
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
        if rare is not None:
            if QFontDatabase.addApplicationFont(str(rare)) < 0:
                log.warning("rare-character font %s could not be loaded; names with Ext B–F characters are refused",
                            rare)
            else:
                found[RARE_FONT.file] = rare
        _registered, _registered_with, _registered_rare = found, app, rare
        return found


def _family_cmaps() -> list:
    """The code points of each fallback font file (regular weights), read with Qt's QRawFont."""
    paths = register_fonts()
    cached = getattr(_local, "cmaps", None)
    if cached is not None and getattr(_local, "registered", None) is paths:
        return cached
    from PySide6.QtGui import QFont, QRawFont

    cmaps = []
    for font in (*FONT_FILES, RARE_FONT):
        if font.file not in paths:
            continue  # the rare-character font, not installed: its characters are refused (check_glyphs)
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
    _local.cmaps, _local.registered = cmaps, paths
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
    """Refuse ``text`` unless every character has a glyph: :class:`RareFontMissing` when the missing ones
    include Ext B–F characters and the rare-character font is not installed, else :class:`MissingGlyph`."""
    missing = missing_glyphs(text)
    if not missing:
        return
    rare = "".join(ch for ch in missing if is_rare(ch))
    if rare and RARE_FONT.file not in register_fonts():
        raise RareFontMissing(field, missing, RARE_FONT.families[0], RARE_FONT_PACKAGE)
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
