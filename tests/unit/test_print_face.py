"""The card face as data and as pixels: both layouts of the spec, the date format, the preview,
and a character no bundled font has is refused instead of printed as a box."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from PIL import Image

from counter_app.printing.errors import MissingGlyph, TemplateError
from counter_app.printing.face import FaceData, paint_face, render_png
from counter_app.printing.fonts import missing_glyphs
from counter_app.printing.template import format_issue_date, load_template

PX_PER_MM = 300 / 25.4


def test_both_layouts_of_the_spec_are_templates():
    printed, preprinted = load_template("labels_printed"), load_template("labels_preprinted")
    for t in (printed, preprinted):
        assert (t.width_mm, t.height_mm, t.corner_radius_mm) == (85.6, 53.98, 3.18)
        assert (t.photo.width_mm, t.photo.height_mm) == (20, 25)
    assert (printed.photo.x_mm, printed.photo.y_mm) == (3, 11)
    assert [(printed.field(k).x_mm, printed.field(k).y_mm) for k in
            ("name_label", "social_security_number_label", "card_number_label", "issue_date_label")] == \
        [(26, 14), (26, 19), (26, 24), (26, 29)]
    assert all((f.size_pt, f.weight) == (8, "bold") for f in printed.fields)
    assert (preprinted.photo.x_mm, preprinted.photo.y_mm) == (4, 12)
    assert [(preprinted.field(k).x_mm, preprinted.field(k).y_mm) for k in
            ("name", "social_security_number", "card_number", "issue_date")] == \
        [(36, 15.5), (47, 20), (36, 24.5), (41, 29)]


def test_an_unknown_layout_is_a_clear_error():
    with pytest.raises(TemplateError, match="labels_printed"):
        load_template("sideways")


def test_the_issue_date_follows_the_configured_format():
    day = dt.date(2026, 3, 7)
    assert format_issue_date(day, "YYYY年M月D日") == "2026年3月7日"
    assert format_issue_date(day, "YYYY年M月") == "2026年3月"
    assert format_issue_date(day, "YYYY.MM") == "2026.03"


def test_rare_name_characters_are_covered_and_the_unknown_is_named():
    assert missing_glyphs("张三 𪚥䶮𠀀·") == ""
    assert missing_glyphs("张\U00030000") == "\U00030000"  # CJK Ext G: in none of the bundled fonts


def test_a_face_with_a_missing_glyph_is_refused_before_painting():
    t = load_template("labels_preprinted")
    data = FaceData("张\U00030000", "421303199003070019", "X00000019", "2026年3月7日")
    with pytest.raises(MissingGlyph) as err:
        render_png(lambda p, dpi: paint_face(p, t, data, dpi), t)
    assert "U+30000" in err.value.message("en")


def test_the_preview_is_the_card_at_300_dpi_with_the_name_at_its_place():
    t = load_template("labels_preprinted")
    data = FaceData("张三", "421303199003070019", "X00000019", "2026年3月7日")
    img = np.asarray(Image.open(io.BytesIO(render_png(lambda p, dpi: paint_face(p, t, data, dpi), t))).convert("L"))
    assert img.shape == (round(53.98 * PX_PER_MM), round(85.6 * PX_PER_MM))
    f = t.field("name")
    win = img[round((f.y_mm - 0.5) * PX_PER_MM):round((f.y_mm + 3.5) * PX_PER_MM),
              round((f.x_mm - 0.5) * PX_PER_MM):round((f.x_mm + 6) * PX_PER_MM)]
    ys, xs = np.nonzero(win < 128)
    assert abs(xs.min() / PX_PER_MM - 0.5) <= 0.5 and abs(ys.min() / PX_PER_MM - 0.5) <= 0.5
