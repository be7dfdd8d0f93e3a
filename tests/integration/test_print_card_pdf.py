"""Printing a card face through the real CUPS queue: the PDF that comes out is the card.

One page of 85.6 × 53.98 mm; its text holds the name, the social security number, the card
number and the issue date; rendered at 300 dpi, the photo sits in its box and every field where
the template puts it; a rare name prints with the glyphs of the bundled fonts.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tomllib
import unicodedata

import numpy as np
import pytest

from counter_app.domain.issuance import IssuanceState
from counter_app.printing.template import resources_dir
from counter_app.services.auth import Session
from counter_app.services.issuance import IssuanceService
from tests.integration.printing_fixtures import *  # noqa: F403  (the fixtures)
from tests.integration.printing_fixtures import pdf_page_size_mm, pdf_pages, pdf_raster, pdf_text

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator

DPI = 300
PX_PER_MM = DPI / 25.4


def px(mm: float) -> int:
    return round(mm * PX_PER_MM)


def raw_template(layout: str) -> dict:
    """The template as its file says, read here independently of the app's loader."""
    with (resources_dir() / "card_faces" / f"{layout}.toml").open("rb") as f:
        return tomllib.load(f)


def ink_box(img: np.ndarray, x0: float, y0: float, x1: float, y1: float, level: int = 128):
    """(left, top, right, bottom) in mm of the dark pixels inside the window, or None."""
    win = img[px(y0):px(y1), px(x0):px(x1)]
    ys, xs = np.nonzero(win < level)
    if xs.size == 0:
        return None
    return ((xs.min() + px(x0)) / PX_PER_MM, (ys.min() + px(y0)) / PX_PER_MM,
            (xs.max() + px(x0)) / PX_PER_MM, (ys.max() + px(y0)) / PX_PER_MM)


def test_the_job_leaves_one_card_sized_page_with_the_card_text(healthy_queue, encoded_issuance, print_service, store):
    queue_name, out_dir = healthy_queue
    iid = encoded_issuance()
    outcome = print_service(queue_name).print_card(OPERATOR, iid)
    assert outcome.state == "completed", outcome.en
    assert outcome.output and outcome.output.startswith(str(out_dir))
    assert pdf_pages(outcome.output) == 1
    w, h = pdf_page_size_mm(outcome.output)
    assert abs(w - 85.6) <= 0.2 and abs(h - 53.98) <= 0.2, (w, h)
    # NFKC: Qt maps the glyph shared by 日 and the Kangxi radical ⽇ back to the radical.
    text = unicodedata.normalize("NFKC", pdf_text(outcome.output))
    issuance = IssuanceService(store).get(iid)
    today = dt.datetime.now().astimezone().date()
    for expected in ("张三", "421303199003070019", issuance.card_number, f"{today.year}年{today.month}月{today.day}日"):
        assert expected in text.replace(" ", ""), (expected, text)
    assert issuance.state is IssuanceState.PRINTED


@pytest.mark.parametrize("layout", ["labels_printed", "labels_preprinted"])
def test_photo_and_fields_lie_where_the_template_puts_them(layout, healthy_queue, encoded_issuance, print_service,
                                                           photo_jpeg):
    import io

    from PIL import Image

    queue_name, _ = healthy_queue
    outcome = print_service(queue_name, layout).print_card(OPERATOR, encoded_issuance())
    assert outcome.state == "completed", outcome.en
    img = pdf_raster(outcome.output, DPI)
    t = raw_template(layout)
    assert img.shape == (px(53.98), px(85.6)) or abs(img.shape[1] - px(85.6)) <= 3

    # The photo fills its box: inside it matches the photo, just outside is blank card.
    p = t["photo"]
    box = img[px(p["y_mm"]) + 2:px(p["y_mm"] + p["height_mm"]) - 2, px(p["x_mm"]) + 2:px(p["x_mm"] + p["width_mm"]) - 2]
    photo = np.asarray(Image.open(io.BytesIO(photo_jpeg)).convert("L").resize((box.shape[1], box.shape[0])))
    corr = np.corrcoef(box.astype(float).ravel(), photo.astype(float).ravel())[0, 1]
    assert corr > 0.9, corr
    margin = 0.5
    around = [img[px(p["y_mm"]) - px(margin) - 3:px(p["y_mm"]) - px(margin), px(p["x_mm"]):px(p["x_mm"] + p["width_mm"])],
              img[px(p["y_mm"]):px(p["y_mm"] + p["height_mm"]), px(p["x_mm"]) - px(margin) - 3:px(p["x_mm"]) - px(margin)]]
    assert all(a.min() > 200 for a in around), "the photo spills out of its box"
    ink = ink_box(img, p["x_mm"] - 1, p["y_mm"] - 1, p["x_mm"] + p["width_mm"] + 1, p["y_mm"] + p["height_mm"] + 1, 250)
    assert ink is not None
    assert abs(ink[0] - p["x_mm"]) <= 0.5 and abs(ink[1] - p["y_mm"]) <= 0.5, ink
    assert abs(ink[2] - (p["x_mm"] + p["width_mm"])) <= 0.5 and abs(ink[3] - (p["y_mm"] + p["height_mm"])) <= 0.5, ink

    # Each text field's ink starts at its (x, y): the top-left corner of its em box.
    for f in t["fields"]:
        size_mm = f["size_pt"] * 25.4 / 72
        found = ink_box(img, f["x_mm"] - 0.5, f["y_mm"] - 0.5, f["x_mm"] + 6, f["y_mm"] + size_mm + 0.5)
        assert found is not None, f["key"]
        left, top, _right, bottom = found
        assert abs(left - f["x_mm"]) <= 0.5, (f["key"], left)
        assert abs(top - f["y_mm"]) <= 0.5, (f["key"], top)
        assert bottom <= f["y_mm"] + size_mm + 0.5, (f["key"], bottom)


def test_a_name_outside_gbk_prints_with_real_glyphs(healthy_queue, encoded_issuance, print_service):
    name = "张𪚥"  # U+2A6A5 (CJK Ext B) is not in GBK
    with pytest.raises(UnicodeEncodeError):
        name.encode("gbk")
    queue_name, _ = healthy_queue
    outcome = print_service(queue_name, "labels_preprinted").print_card(OPERATOR, encoded_issuance(name=name))
    assert outcome.state == "completed", outcome.en
    fonts = subprocess.run(["pdffonts", outcome.output], capture_output=True, text=True, check=True).stdout
    assert "HanaMin" in fonts, fonts  # the rare character came from the bundled fallback font
    img = pdf_raster(outcome.output, DPI)
    f = next(f for f in raw_template("labels_preprinted")["fields"] if f["key"] == "name")
    size_mm = f["size_pt"] * 25.4 / 72
    # The second character's cell: 𪚥 (four 龍) is a dense glyph; a missing-glyph box is an outline.
    cell = img[px(f["y_mm"]):px(f["y_mm"] + size_mm), px(f["x_mm"] + size_mm):px(f["x_mm"] + 2 * size_mm)]
    dark = (cell < 128).mean()
    assert dark > 0.3, f"the rare character's cell is {dark:.0%} ink: a missing-glyph box?"
