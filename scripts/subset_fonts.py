"""Cut the bundled card-face fonts down to what the card can print (see resources/fonts/README.md).

The card face prints names, numbers, dates and fixed labels. The fonts come from Debian's packages
(fonts-noto-cjk, fonts-hanazono: 100 MB together, most of it Japanese, Korean and Traditional faces and
glyphs no card needs); this keeps:

- Noto Serif CJK **SC** (only that face of each TTC), regular and bold, limited to the bundled repertoire;
- HanaMinA limited to the bundled repertoire minus what Noto already draws (Noto comes first in the
  fallback order, so those glyphs could never be used).

The bundled repertoire is the Basic Multilingual Plane part of GB 18030's repertoire for personal names:
every character of GBK (GB 2312's letters, kana, symbols and the 21 003 unified ideographs of GBK), CJK
Unified Ideographs to U+9FFF, Ext A, the compatibility ideographs, radicals and strokes, the CJK and
full-width punctuation, ASCII, Latin-1 and Latin Extended-A. The rare-character planes of GB 18030-2022
level 3 (Ext B–F, U+20000–2FFFF: 28 MB of HanaMinB) are not bundled: the app takes HanaMinB from the
system at run time (counter_app.printing.fonts.RARE_FONT) and refuses such a name, saying what to
install, where it is missing. No hinting, no OpenType layout (the app draws without shaping and without
hinting, see counter_app.printing.fonts).

Writes ``resources/fonts/<name>.subset.{otf,ttf}``; a subset newer than its source and this script is left
alone. Run by scripts/fetch_fonts.sh (the set-up); ``--check`` only says whether the subsets are there.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT / "resources" / "fonts"
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
HANAZONO_DIR = Path("/usr/share/fonts/truetype/hanazono")

# (output file, source file, face name in a collection or None, "noto"/"hana")
FONTS = (
    ("NotoSerifCJKsc-Regular.subset.otf", NOTO_DIR / "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "noto"),
    ("NotoSerifCJKsc-Bold.subset.otf", NOTO_DIR / "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "noto"),
    ("HanaMinA.subset.ttf", HANAZONO_DIR / "HanaMinA.ttf", None, "hana"),
)

BLOCKS = (
    (0x0020, 0x007E), (0x00A0, 0x017F),          # ASCII, Latin-1, Latin Extended-A (pinyin, foreign names)
    (0x2000, 0x206F), (0x2E80, 0x2FDF),          # general punctuation; CJK radicals, Kangxi radicals
    (0x2FF0, 0x2FFF), (0x3000, 0x303F),          # ideographic description; CJK symbols and punctuation
    (0x31C0, 0x31EF), (0x3400, 0x4DBF),          # CJK strokes; Ext A
    (0x4E00, 0x9FFF), (0xF900, 0xFAFF),          # CJK Unified Ideographs; compatibility ideographs
    (0xFE10, 0xFE1F), (0xFE30, 0xFE4F),          # vertical forms, compatibility forms (GB 18030)
    (0xFF00, 0xFFEF),                            # full-width forms
)  # Ext B–F and the compatibility supplement (plane 2) come from the system's HanaMinB at run time


def card_repertoire() -> set[int]:
    """The code points of the card repertoire the bundled fonts draw (see the module docstring)."""
    cps = {cp for lo, hi in BLOCKS for cp in range(lo, hi + 1)}
    for cp in range(0x80, 0x10000):  # everything GBK encodes (GB 2312 symbols, kana, Greek, Cyrillic …)
        if 0xD800 <= cp <= 0xDFFF or 0xE000 <= cp <= 0xF8FF:  # surrogates; GBK's user areas map to the PUA
            continue
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        cps.add(cp)
    return cps


def load(source: Path, face: str | None) -> TTFont:
    if face is None:
        return TTFont(source, recalcBBoxes=False)
    for font in TTCollection(source).fonts:
        if font["name"].getDebugName(1) == face:
            return font
    raise SystemExit(f"subset_fonts: {source} has no face {face!r}")


def options() -> subset.Options:
    opts = subset.Options()
    opts.layout_features = []      # drawn without shaping
    opts.hinting = False           # drawn without hinting
    opts.notdef_outline = True
    opts.name_IDs = ["*"]          # keep the family names the app asks Qt for
    opts.name_languages = ["*"]
    opts.drop_tables += ["DSIG", "vhea", "vmtx", "VORG", "BASE", "JSTF"]
    return opts


def make(out: Path, source: Path, face: str | None, keep: set[int]) -> set[int]:
    font = load(source, face)
    cmap = set(font.getBestCmap())
    wanted = keep & cmap
    sub = subset.Subsetter(options())
    sub.populate(unicodes=wanted)
    sub.subset(font)
    tmp = out.with_name(out.name + ".tmp")
    font.save(tmp)
    os.replace(tmp, out)
    return wanted


def up_to_date(out: Path, source: Path) -> bool:
    return out.is_file() and out.stat().st_mtime >= max(source.stat().st_mtime, Path(__file__).stat().st_mtime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the subsets are there")
    parser.add_argument("--force", action="store_true", help="make them again")
    args = parser.parse_args()
    missing = [src for _, src, _, _ in FONTS if not src.is_file()]
    if missing:
        print(f"subset_fonts: source fonts missing: {', '.join(map(str, missing))} "
              "(Debian packages fonts-noto-cjk, fonts-hanazono)", file=sys.stderr)
        return 1
    if args.check:
        absent = [name for name, src, _, _ in FONTS if not up_to_date(DEST / name, src)]
        print("subset_fonts: " + (f"missing or stale: {', '.join(absent)}" if absent else "up to date"))
        return 1 if absent else 0
    if not args.force and all(up_to_date(DEST / name, src) for name, src, _, _ in FONTS):
        return 0
    repertoire = card_repertoire()
    noto_cmap = set(load(*[(src, face) for _, src, face, kind in FONTS if kind == "noto"][0]).getBestCmap())
    DEST.mkdir(parents=True, exist_ok=True)
    covered = set(noto_cmap & repertoire)
    for name, src, face, kind in FONTS:
        t = time.monotonic()
        keep = repertoire if kind == "noto" else repertoire - noto_cmap
        got = make(DEST / name, src, face, keep)
        covered |= got
        print(f"subset_fonts: {name}: {len(got)} characters, {(DEST / name).stat().st_size / 1e6:.1f} MB "
              f"({time.monotonic() - t:.0f} s)")
    print(f"subset_fonts: {len(covered)} of the {len(repertoire)} characters of the card repertoire drawn")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
