"""Decoding what a clerk might pick: every input becomes an upright RGB image or a precise PhotoError."""

from __future__ import annotations

import io
import zlib

import numpy as np
import pytest
from PIL import Image

from counter_app.photo.errors import PhotoError
from counter_app.photo.loading import MIN_SIDE, load_image
from tests.support.photo_samples import jpeg_bytes, png_bytes, portrait, with_exif_orientation


def test_a_jpeg_becomes_rgb_pixels_of_its_size(tmp_path):
    path = tmp_path / "p.jpg"
    path.write_bytes(jpeg_bytes(portrait(640)))
    image = load_image(path)
    assert image.pixels.shape == (480, 640, 3) and image.pixels.dtype == np.uint8
    assert image.format == "JPEG" and image.scale == 1.0 and image.source_size == (640, 480)


@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_exif_orientation_is_honoured(orientation):
    upright = portrait(640)
    image = load_image(with_exif_orientation(upright, orientation))
    assert image.pixels.shape == upright.shape
    assert image.source_size == (640, 480)
    # The same picture as the upright original, give or take JPEG noise.
    assert np.mean(np.abs(image.pixels.astype(int) - upright.astype(int))) < 6


def test_cmyk_jpeg_becomes_rgb():
    buf = io.BytesIO()
    Image.fromarray(portrait(640)).convert("CMYK").save(buf, "JPEG", quality=90)
    image = load_image(buf.getvalue())
    assert image.source_mode == "CMYK" and image.pixels.shape == (480, 640, 3)


def test_grey_scale_becomes_three_equal_channels():
    grey = Image.fromarray(portrait(640)).convert("L")
    image = load_image(png_bytes(grey))
    assert image.source_mode == "L"
    assert np.array_equal(image.pixels[:, :, 0], image.pixels[:, :, 2])


def test_transparency_is_composited_on_white():
    rgba = np.zeros((300, 300, 4), np.uint8)  # fully transparent black
    image = load_image(png_bytes(Image.fromarray(rgba, "RGBA")))
    assert image.pixels.min() == 255


def test_a_large_jpeg_can_be_decoded_at_reduced_scale():
    image = load_image(jpeg_bytes(portrait(4000, 3000)), min_decoded_side=1200)
    assert image.source_size == (4000, 3000)
    assert image.scale == 0.5 and image.size == (2000, 1500)


@pytest.mark.parametrize("orientation", [None, 6])
def test_a_reduced_decode_gives_any_region_at_a_finer_scale_as_a_full_decode_would(orientation):
    data = jpeg_bytes(portrait(4000, 3000)) if orientation is None else with_exif_orientation(portrait(4000, 3000), orientation)
    image = load_image(data, min_decoded_side=720)
    assert image.scale == 0.25
    finer = image.finer(3000)
    assert finer is not None and finer.scale == 1.0 and finer.size == image.source_size
    full = load_image(data).pixels
    px, x0, y0 = finer.region(-50, 900, 1300, 1700)  # clipped to the image on the left
    assert (x0, y0) == (0, 900) and np.array_equal(px, full[900:1700, 0:1300])
    assert load_image(data).finer(3000) is None  # already full resolution: nothing finer


def test_a_numpy_camera_frame_is_taken_as_is():
    frame = portrait(640)
    image = load_image(frame)
    assert image.format == "frame" and image.pixels is not None and image.size == (640, 480)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "photo.empty"),
        (b"This is a text file with a .jpg name\n" * 10, "photo.not_image"),
        (jpeg_bytes(portrait(640))[:3000], "photo.damaged"),
        (b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8, "photo.damaged"),
    ],
    ids=["zero-byte", "not-an-image", "truncated", "corrupt-header"],
)
def test_unreadable_files_end_in_a_clear_message(tmp_path, data, code):
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    with pytest.raises(PhotoError) as err:
        load_image(path)
    assert err.value.code in (code, "photo.not_image", "photo.damaged")
    assert err.value.zh and err.value.en and "Traceback" not in err.value.en


def test_a_zero_byte_file_says_it_is_empty(tmp_path):
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(PhotoError, match="empty") as err:
        load_image(path)
    assert "空" in err.value.zh


def test_a_truncated_jpeg_is_reported_as_damaged():
    with pytest.raises(PhotoError) as err:
        load_image(jpeg_bytes(portrait(640))[:5000])
    assert err.value.code == "photo.damaged" and "损坏" in err.value.zh


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(PhotoError) as err:
        load_image(tmp_path / "nowhere.jpg")
    assert err.value.code == "photo.not_found" and "nowhere.jpg" in err.value.en


def test_a_tiny_image_is_refused_with_its_size():
    with pytest.raises(PhotoError) as err:
        load_image(jpeg_bytes(portrait(100)))
    assert err.value.code == "photo.too_small"
    assert "100×75" in err.value.en and str(MIN_SIDE) in err.value.zh


def test_formats_other_than_jpeg_png_bmp_are_refused():
    buf = io.BytesIO()
    Image.fromarray(portrait(320)).save(buf, "GIF")
    with pytest.raises(PhotoError) as err:
        load_image(buf.getvalue())
    assert err.value.code == "photo.format" and "GIF" in err.value.en


def test_bmp_is_accepted():
    buf = io.BytesIO()
    Image.fromarray(portrait(320)).save(buf, "BMP")
    assert load_image(buf.getvalue()).format == "BMP"


def test_a_decompression_bomb_is_refused_before_decoding():
    # A PNG header claiming 20000 × 20000 pixels: refused from the header, nothing decoded.
    big = Image.new("L", (1, 1))
    buf = io.BytesIO()
    big.save(buf, "PNG")
    data = bytearray(buf.getvalue())
    data[16:24] = (20000).to_bytes(4, "big") + (20000).to_bytes(4, "big")
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")  # a valid IHDR chunk
    with pytest.raises(PhotoError) as err:
        load_image(bytes(data))
    assert err.value.code == "photo.too_large" and "megapixels" in err.value.en
