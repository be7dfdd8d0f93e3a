"""JPEG encoding: 350 dpi in the header, a quality that lands in the region's size window, the chip limit."""

from __future__ import annotations

import io

import cv2
import pytest
from PIL import Image

from counter_app.photo.encode import encode_chip, encode_photo
from counter_app.photo.standard import CARD_PHOTO
from tests.support.photo_samples import portrait


@pytest.fixture(scope="module")
def photo():
    return cv2.resize(portrait(640)[:, 100:490], (358, 441), interpolation=cv2.INTER_AREA)


@pytest.mark.parametrize(("lo", "hi"), [(14, 40), (9, 20), (5, 50), (30, 60)])
def test_the_file_lands_inside_the_size_window(photo, lo, hi):
    std = CARD_PHOTO.with_size_window(lo, hi)
    enc = encode_photo(photo, std)
    assert lo * 1024 <= len(enc.data) <= hi * 1024
    img = Image.open(io.BytesIO(enc.data))
    assert img.info["dpi"] == (350, 350) and img.size == (358, 441)


def test_the_nominal_quality_is_kept_when_it_already_fits(photo):
    enc = encode_photo(photo, CARD_PHOTO)
    if CARD_PHOTO.min_bytes <= len(enc.data) <= CARD_PHOTO.max_bytes:
        assert enc.quality == CARD_PHOTO.jpeg_quality


def test_the_chip_photo_fits_in_4096_bytes(photo):
    chip = encode_chip(photo, CARD_PHOTO)
    assert len(chip.data) <= 4096
    assert (chip.width, chip.height) == (150, 185)
    assert Image.open(io.BytesIO(chip.data)).format == "JPEG"
