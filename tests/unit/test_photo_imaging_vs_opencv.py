"""The photo code's Pillow/NumPy pixel operations (counter_app.photo.imaging) against the OpenCV
calls they replaced (issue 16: OpenCV out of the frozen app). Grey, equalisation, blur, Laplacian
and padding are OpenCV's to the bit, or to one grey level where OpenCV rounds in fixed point;
Lab keeps OpenCV's 8-bit scale within the rounding of OpenCV's fixed-point tables; resizing is
Pillow's own resampling, close to OpenCV's on photos (the checks are judged on its output).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from counter_app.photo import imaging

ROOT = Path(__file__).resolve().parents[2]
FRAME = sorted((ROOT / "devices" / "camera" / "frames").glob("*.jpg"))[0]


def _frame() -> np.ndarray:
    return np.asarray(Image.open(FRAME).convert("RGB"))


def test_grey_and_equalisation_are_opencvs():
    rgb = _frame()
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    assert np.array_equal(imaging.rgb_to_grey(rgb), grey)
    assert np.array_equal(imaging.equalize_hist(grey), cv2.equalizeHist(grey))


def test_lab_on_opencvs_8bit_scale():
    rng = np.random.default_rng(7)
    for rgb in (_frame(), rng.integers(0, 256, (64, 64, 3), dtype=np.uint8),
                np.array([[[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 255, 0], [0, 0, 255]]], np.uint8)):
        ours = imaging.rgb_to_lab8(rgb)
        theirs = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
        assert ours.dtype == np.float32 and ours.shape == theirs.shape
        assert np.abs(ours - theirs).max() <= 3.0
        assert np.abs(np.rint(ours) - theirs).mean() <= 0.25


def test_blur_laplacian_and_padding_are_opencvs():
    rgb = _frame()[:300, :400]
    assert np.abs(imaging.gaussian_blur5(rgb).astype(int) - cv2.GaussianBlur(rgb, (5, 5), 0)).max() <= 1
    g = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float64)
    assert np.allclose(imaging.laplacian(g), cv2.Laplacian(g, cv2.CV_64F))
    part = rgb[:7, :9]
    assert np.array_equal(imaging.pad_constant(part, 1, 2, 3, 4, (10, 20, 30)),
                          cv2.copyMakeBorder(part, 1, 2, 3, 4, cv2.BORDER_CONSTANT, value=(10, 20, 30)))


def test_resize_close_to_opencvs():
    rgb = _frame()
    h, w = rgb.shape[:2]
    small = imaging.resize(rgb, (w // 3, h // 3))
    diff = np.abs(small.astype(int) - cv2.resize(rgb, (w // 3, h // 3), interpolation=cv2.INTER_AREA))
    assert diff.mean() < 1.0
    big = imaging.resize(rgb[:100, :100], (250, 250))
    diff = np.abs(big.astype(int) - cv2.resize(rgb[:100, :100], (250, 250), interpolation=cv2.INTER_CUBIC))
    assert diff.mean() < 2.0
    assert np.array_equal(imaging.resize(rgb, (w, h)), rgb)
