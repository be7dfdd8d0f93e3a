"""The crop arithmetic: from landmarks in the source to the standard's layout (no pixels involved)."""

from __future__ import annotations

import pytest

from counter_app.photo.geometry import (
    CropRect,
    HeadLandmarks,
    auto_crop,
    default_crop,
    fit_aspect,
    outside_fraction,
)
from counter_app.photo.standard import CARD_PHOTO as STD


def to_output(crop: CropRect, x: float, y: float) -> tuple[float, float]:
    k = STD.width / crop.w
    return (x - crop.x) * k, (y - crop.y) * k


def test_the_automatic_crop_puts_each_landmark_in_the_middle_of_its_band():
    head = HeadLandmarks(face_width=400, eye_mid=(1000, 800), hair_top=500)
    crop = auto_crop(head, (2000, 2000), STD)
    assert crop.w / crop.h == pytest.approx(STD.aspect)
    assert 400 * STD.width / crop.w == pytest.approx(STD.face_width_target)
    ex, ey = to_output(crop, 1000, 800)
    assert ex == pytest.approx(STD.eye_mid_x_target)
    assert to_output(crop, 0, 500)[1] == pytest.approx(STD.hair_top_target)
    assert STD.height - ey >= STD.eye_line_min_above_bottom


def test_tall_hair_shrinks_the_head_to_keep_the_eyes_high_enough():
    head = HeadLandmarks(face_width=400, eye_mid=(1000, 950), hair_top=500)  # tall hair
    crop = auto_crop(head, (2000, 3000), STD)
    _, ey = to_output(crop, 1000, 950)
    assert STD.height - ey >= STD.eye_line_min_above_bottom
    assert 400 * STD.width / crop.w >= STD.face_width_min


def test_near_the_edge_the_crop_slides_within_tolerance_instead_of_leaving_the_frame():
    head = HeadLandmarks(face_width=400, eye_mid=(335, 800), hair_top=500)
    crop = auto_crop(head, (2000, 2000), STD)
    ex, _ = to_output(crop, 335, 800)
    assert STD.eye_mid_x_min <= ex <= STD.eye_mid_x_max
    assert crop.x >= 0 or ex >= STD.eye_mid_x_max - 3.5  # slid as far as the rule allows


def test_a_hand_drawn_crop_is_grown_to_the_aspect_about_its_centre():
    wide = fit_aspect(CropRect(0, 0, 400, 400), STD)
    assert wide.w == 400 and wide.h == pytest.approx(400 / STD.aspect) and wide.cy == pytest.approx(200)
    tall = fit_aspect(CropRect(0, 0, 100, 400), STD)
    assert tall.h == 400 and tall.w == pytest.approx(400 * STD.aspect) and tall.cx == pytest.approx(50)


def test_the_starting_crop_without_a_face_is_the_largest_centred_one():
    crop = default_crop((1600, 1200), STD)
    assert crop.h == 1200 and crop.cx == pytest.approx(800)


def test_outside_fraction_counts_the_area_to_fill():
    assert outside_fraction(CropRect(0, 0, 100, 100), (200, 200)) == 0
    assert outside_fraction(CropRect(-50, 0, 100, 100), (200, 200)) == pytest.approx(0.5)


def test_a_region_size_window_is_a_variant_of_the_standard():
    small = STD.with_size_window(9, 20)
    assert (small.min_bytes, small.max_bytes) == (9 * 1024, 20 * 1024) and small.width == 358
    with pytest.raises(ValueError):
        STD.with_size_window(40, 14)
