"""The pipeline end to end: real photographs to card photos that meet every rule, measured on the output.

The geometry of each good result is checked by finding the face, the eyes and the hair again on
the finished JPEG (``photo_samples.assert_meets_geometry``), not by trusting the crop.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from counter_app.photo import CARD_PHOTO, CropRect, PhotoError, Verdict, process_photo
from tests.support.photo_samples import (
    assert_meets_geometry,
    astronaut,
    jpeg_bytes,
    portrait,
    with_exif_orientation,
)


def assert_good_photo(result, std=CARD_PHOTO):
    assert result.ok, [c.as_dict("en") for c in result.failures]
    img = Image.open(io.BytesIO(result.jpeg))
    assert img.format == "JPEG" and img.mode == "RGB" and img.size == (std.width, std.height)
    assert img.info["dpi"] == (std.dpi, std.dpi)
    assert std.min_bytes <= len(result.jpeg) <= std.max_bytes
    chip = Image.open(io.BytesIO(result.chip_jpeg))
    assert len(result.chip_jpeg) <= std.chip_max_bytes
    assert abs(chip.size[0] - 150) <= 5 and abs(chip.size[1] - 180) <= 10
    return assert_meets_geometry(result.jpeg, std)


def test_the_astronaut_portrait_becomes_a_card_photo():
    assert_good_photo(process_photo(astronaut()))


def test_a_12_megapixel_camera_photo_becomes_a_card_photo():
    result = process_photo(jpeg_bytes(portrait(4000, 3000)))
    assert_good_photo(result)
    assert result.source_size == (4000, 3000)


def test_a_huge_8000_px_photo_becomes_a_card_photo(tmp_path):
    path = tmp_path / "huge.jpg"
    path.write_bytes(jpeg_bytes(portrait(8000, 6000), quality=80))
    assert_good_photo(process_photo(path))


def test_a_phone_photo_rotated_by_exif_comes_out_upright():
    result = process_photo(with_exif_orientation(portrait(1280), 6))
    assert result.source_size == (1280, 960)
    assert_good_photo(result)


def test_a_cmyk_jpeg_becomes_a_card_photo():
    buf = io.BytesIO()
    Image.fromarray(portrait(1280)).convert("CMYK").save(buf, "JPEG", quality=90)
    assert_good_photo(process_photo(buf.getvalue()))


def test_every_check_reports_code_verdict_measured_and_limit():
    result = process_photo(portrait(1280))
    codes = {c.code for c in result.checks}
    assert {"face.count", "geometry.face_width", "geometry.hair_top", "geometry.eye_x", "geometry.eye_line",
            "background.light", "background.even", "exposure", "sharpness", "colour", "file.size",
            "chip.size"} <= codes
    for c in result.checks:
        d = c.as_dict("en")
        assert set(d) == {"code", "verdict", "measured", "limit", "message"}
        assert d["verdict"] in ("ok", "warn", "fail") and d["limit"] and d["message"]


def test_a_picture_without_a_face_fails_with_no_face():
    from skimage import data

    result = process_photo(data.coffee())
    assert not result.ok
    assert result.failures[0].code == "face.none"
    assert "未检测到人脸" in result.failures[0].zh
    assert len(result.jpeg) > 0  # a starting crop for the clerk to adjust


def test_two_people_side_by_side_fail_with_several_faces():
    two = np.hstack([portrait(640), portrait(640)])
    result = process_photo(two)
    assert not result.ok
    several = result.check("face.several")
    assert several is not None and several.verdict is Verdict.FAIL and several.measured == 2


def test_a_grey_scale_photo_is_refused_as_not_colour():
    grey = np.asarray(Image.fromarray(portrait(1280)).convert("L"))
    result = process_photo(np.repeat(grey[:, :, None], 3, axis=2))
    assert not result.ok
    assert result.check("colour").verdict is Verdict.FAIL
    assert_meets_geometry(result.jpeg, CARD_PHOTO)  # everything else is right


def test_a_blurred_photo_is_refused_as_blurred():
    import cv2

    result = process_photo(cv2.GaussianBlur(portrait(1280), (0, 0), 8))
    assert result.check("sharpness").verdict is Verdict.FAIL


def test_a_tiny_image_ends_in_a_clear_message():
    with pytest.raises(PhotoError) as err:
        process_photo(jpeg_bytes(portrait(100)))
    assert err.value.code == "photo.too_small"


@pytest.mark.parametrize("data", [b"", b"not a photo at all", b"\xff\xd8\xff" + b"\x00" * 500])
def test_broken_inputs_end_in_a_photo_error(data):
    with pytest.raises(PhotoError):
        process_photo(data)


def test_a_manual_crop_is_used_and_judged_on_the_output():
    auto = process_photo(portrait(1280))
    # The clerk moves the automatic crop a little: still a good photo, with the clerk's crop.
    c = auto.crop
    moved = CropRect(c.x + 0.02 * c.w, c.y + 0.01 * c.h, c.w, c.h)
    manual = process_photo(portrait(1280), manual_crop=moved)
    assert manual.manual and manual.crop == moved
    assert_good_photo(manual)


def test_a_manual_crop_that_is_far_too_wide_fails_the_face_width_rule():
    auto = process_photo(portrait(1280))
    c = auto.crop
    wide = CropRect(c.cx - c.w, c.cy - c.h * 0.8, 2 * c.w, 2 * c.h)
    result = process_photo(portrait(1280), manual_crop=wide)
    width = result.check("geometry.face_width")
    assert width.verdict is Verdict.FAIL and width.measured < CARD_PHOTO.face_width_min
    assert "179–255" in width.en


def test_a_manual_crop_of_another_aspect_is_widened_to_the_photo_aspect():
    result = process_photo(portrait(1280), manual_crop=CropRect(400, 50, 400, 400))
    assert result.crop.w == 400 and result.crop.h > 400 and abs(result.crop.w / result.crop.h - CARD_PHOTO.aspect) < 1e-9


def test_a_crop_outside_the_picture_is_refused():
    with pytest.raises(PhotoError) as err:
        process_photo(portrait(640), manual_crop=CropRect(5000, 5000, 300, 370))
    assert err.value.code == "photo.crop"


def test_a_face_at_the_frame_edge_is_filled_and_reported():
    frame = portrait(1280)
    shifted = frame[:, 460:]  # the applicant stands at the left edge of the picture
    result = process_photo(shifted)
    framing = result.check("face.off_centre")
    assert framing is not None and framing.verdict in (Verdict.WARN, Verdict.FAIL)
    assert framing.measured > 0
