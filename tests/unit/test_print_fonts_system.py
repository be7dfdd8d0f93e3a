"""The rare-character font (CJK Ext B–F) comes from the system, not the bundle: without it a name with
such a character is refused before printing, saying what to install, and diagnostics warn; with it
(Debian's fonts-hanazono, installed by scripts/setup.sh) the name prints. ``$COUNTER_APP_RARE_FONT``
points the one lookup at a missing file to play the machine without the package."""

from __future__ import annotations

import os

import pytest

from counter_app.diagnostics import printer_checks
from counter_app.diagnostics.result import Verdict
from counter_app.printing import fonts
from counter_app.printing.errors import MissingGlyph, RareFontMissing
from counter_app.printing.face import FaceData, check_face, paint_face, render_png
from counter_app.printing.template import load_template
from tests.realparts import need

EXT_B = "\U00020000"   # 𠀀, CJK Ext B
EXT_G = "\U00030000"   # CJK Ext G: in no font at all


@pytest.fixture
def no_rare_font(tmp_path, monkeypatch):
    monkeypatch.setenv(fonts.ENV_RARE_FONT, str(tmp_path / "absent" / "HanaMinB.ttf"))


@pytest.fixture
def system_rare_font(monkeypatch):
    monkeypatch.delenv(fonts.ENV_RARE_FONT, raising=False)
    need(fonts.rare_font_path(), f"{fonts.RARE_FONT.system_path} (Debian package {fonts.RARE_FONT_PACKAGE})")


def test_the_bundled_fonts_hold_no_rare_plane_character(no_rare_font):
    """Whether a rare name prints does not depend on which rare character it is: plane 2 is the system
    font's alone (Noto SC has some of Ext B; the subsets leave them out)."""
    rare = EXT_B + "\U0002A6A5\U0002B740\U0002CEB0\U00020BB7"
    assert fonts.missing_glyphs(rare) == rare


def test_without_the_rare_font_a_rare_name_is_refused_saying_what_to_install(no_rare_font):
    assert fonts.rare_font_path() is None
    assert fonts.missing_glyphs("张三 䶮·") == ""          # GBK and Ext A: bundled
    with pytest.raises(RareFontMissing) as err:
        fonts.check_glyphs("name", f"张{EXT_B}")
    assert err.value.code == "print.rare_font_missing"
    assert isinstance(err.value, MissingGlyph)               # every handler of a missing glyph still applies
    en, zh = err.value.message("en"), err.value.message("zh")
    assert "U+20000" in en and "not installed" in en and "apt-get install fonts-hanazono" in en
    assert "生僻字字体" in zh and "未安装" in zh and "fonts-hanazono" in zh


def test_without_the_rare_font_the_face_is_refused_before_painting(no_rare_font):
    t = load_template("labels_preprinted")
    data = FaceData(f"张{EXT_B}", "421303199003070019", "X00000019", "2026年3月7日")
    with pytest.raises(RareFontMissing):
        check_face(t, data)       # what PrintingService.print_card runs before a job is submitted
    with pytest.raises(RareFontMissing):
        render_png(lambda p, dpi: paint_face(p, t, data, dpi), t)


def test_a_character_no_font_has_stays_a_missing_glyph_without_the_rare_font(no_rare_font):
    with pytest.raises(MissingGlyph) as err:
        fonts.check_glyphs("name", f"张{EXT_G}")
    assert not isinstance(err.value, RareFontMissing) and "U+30000" in err.value.message("en")


def test_with_the_system_rare_font_the_rare_name_is_drawn(system_rare_font):
    assert fonts.missing_glyphs(f"张{EXT_B}\U0002A6A5") == ""
    fonts.check_glyphs("name", f"张{EXT_B}")


def test_the_lookup_follows_the_setting_back_and_forth(no_rare_font, monkeypatch):
    """One process: the font goes missing, then is pointed at again (the registration follows)."""
    with pytest.raises(RareFontMissing):
        fonts.check_glyphs("name", EXT_B)
    need(os.path.isfile(fonts.RARE_FONT.system_path),
         f"{fonts.RARE_FONT.system_path} (Debian package {fonts.RARE_FONT_PACKAGE})")
    monkeypatch.setenv(fonts.ENV_RARE_FONT, fonts.RARE_FONT.system_path)
    fonts.check_glyphs("name", EXT_B)


def test_diagnostics_warn_when_the_rare_font_is_missing_with_the_fix(no_rare_font):
    r = printer_checks.check_fonts()
    assert r.name == "printer.fonts" and r.verdict is Verdict.WARNING
    assert r.measured["rare_font"] is None
    assert "rare-character font (Ext B–F) not installed: names with such characters cannot be printed" \
        in r.advice("en")
    assert "apt-get install fonts-hanazono" in r.advice("en") and "生僻字字体" in r.advice("zh")


def test_diagnostics_are_ok_with_the_system_rare_font(system_rare_font):
    r = printer_checks.check_fonts()
    assert r.verdict is Verdict.OK, r.advice("en")
    assert r.measured["rare_font"] == fonts.RARE_FONT.system_path
    assert all(r.measured["bundled"].values())
