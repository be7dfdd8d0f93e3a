"""Each check judges one rule from a measured number and explains itself with the value and the limit."""

from __future__ import annotations

from counter_app.photo import checks as C
from counter_app.photo.checks import Verdict
from counter_app.photo.standard import CARD_PHOTO as STD


def test_face_width_inside_the_band_passes_and_outside_fails_with_both_numbers():
    assert C.face_width(217, STD).verdict is Verdict.OK
    narrow = C.face_width(150, STD)
    assert narrow.verdict is Verdict.FAIL and narrow.measured == 150 and narrow.limit == "179–255 px"
    assert "150" in narrow.zh and "179–255" in narrow.zh and "150" in narrow.en


def test_hair_top_band_and_an_estimate_is_only_a_warning():
    assert C.hair_top(14, True, STD).verdict is Verdict.OK
    assert C.hair_top(14, False, STD).verdict is Verdict.WARN
    assert C.hair_top(2, True, STD).verdict is Verdict.FAIL
    assert C.hair_top(30, True, STD).verdict is Verdict.FAIL


def test_eye_position_rules():
    assert C.eye_mid_x(179, STD).verdict is Verdict.OK
    assert C.eye_mid_x(150, STD).verdict is Verdict.FAIL
    assert C.eye_line(200, STD).verdict is Verdict.OK  # 241 px above the bottom
    low = C.eye_line(260, STD)
    assert low.verdict is Verdict.FAIL and low.measured == 181


def test_no_face_and_several_faces_fail_in_both_languages():
    none = C.face_count(0)
    assert none.code == "face.none" and none.verdict is Verdict.FAIL and "人脸" in none.zh and "face" in none.en
    two = C.face_count(2)
    assert two.code == "face.several" and "2" in two.zh and "2 faces" in two.en


def test_background_must_be_light_and_even():
    light, even = C.background(230, 5, STD)
    assert light.verdict is Verdict.OK and even.verdict is Verdict.OK
    dark, blotchy = C.background(90, 60, STD)
    assert dark.verdict is Verdict.FAIL and blotchy.verdict is Verdict.FAIL
    assert "背景" in dark.zh and "background" in blotchy.en


def test_exposure_too_dark_and_too_bright():
    assert C.exposure(150, STD).verdict is Verdict.OK
    assert C.exposure(30, STD).verdict is Verdict.FAIL and "暗" in C.exposure(30, STD).zh
    assert C.exposure(230, STD).verdict is Verdict.WARN and "bright" in C.exposure(230, STD).en


def test_blur_colour_and_sizes():
    assert C.sharpness(5, STD).verdict is Verdict.FAIL
    assert C.colour(0.3).verdict is Verdict.FAIL
    assert C.file_size(20 * 1024, STD).verdict is Verdict.OK
    assert C.file_size(50 * 1024, STD).verdict is Verdict.FAIL
    assert C.chip_size(4097, STD).verdict is Verdict.FAIL


def test_a_small_source_face_warns_then_fails():
    assert C.source_face_size(400, STD).verdict is Verdict.OK
    assert C.source_face_size(120, STD).verdict is Verdict.WARN
    assert C.source_face_size(50, STD).verdict is Verdict.FAIL
