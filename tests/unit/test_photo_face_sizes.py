"""Faces from 4 % to 70 % of the frame's width are found in 12- and 24-megapixel frames.

The frames are the demo camera's real photograph scaled into a larger frame of its backdrop: a
face of 4 % of a 4000 px frame is 160 px wide, ample for a card photo, and must not be missed.
"""

from __future__ import annotations

import pytest

from counter_app.photo import CARD_PHOTO, process_photo
from counter_app.photo.detect import detect_faces
from tests.support.photo_samples import assert_meets_geometry, frame_with_face, jpeg_bytes

SIZES = {"12MP": (4000, 3000), "24MP": (6000, 4000)}
FRACTIONS = (0.04, 0.08, 0.30, 0.70)


@pytest.mark.parametrize("fraction", FRACTIONS)
@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_one_face_of_the_right_size_is_found_with_its_eyes(size, fraction):
    faces = detect_faces(frame_with_face(fraction, size))
    assert len(faces) == 1, [f.box for f in faces]
    found = faces[0].box.w / size[0]
    if fraction < 0.5:
        assert found == pytest.approx(fraction, rel=0.1)
    else:  # a face of 70 % of a 3:2 frame's width is taller than the frame: the box is what shows
        assert min(0.5, 0.8 * size[1] / size[0]) <= found <= fraction * 1.1
    assert faces[0].eyes_found


@pytest.mark.parametrize("fraction", (0.04, 0.08, 0.30))
@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_a_far_or_near_face_in_a_large_jpeg_becomes_a_card_photo(size, fraction):
    result = process_photo(jpeg_bytes(frame_with_face(fraction, size), quality=90))
    assert result.ok, [c.as_dict("en") for c in result.failures + result.not_measured]
    assert not result.not_measured
    assert result.check("face.count").measured == 1
    assert_meets_geometry(result.jpeg, CARD_PHOTO)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_a_face_filling_70_percent_is_found_and_told_to_step_back(size):
    """A head that fills the frame is found (one face) and the crop, which must reach beyond the
    frame to hold the whole head, says so rather than "no face"."""
    result = process_photo(jpeg_bytes(frame_with_face(0.70, size), quality=90))
    assert result.check("face.count").verdict == "ok"
    assert result.check("face.off_centre").verdict == "fail"
    assert "face.none" not in {c.code for c in result.checks}
