"""The app's NumPy Haar engine (counter_app.photo.haar) against OpenCV's CascadeClassifier.

OpenCV is a development dependency only: these tests are what keeps the engine honest. On the
same grey image and arguments the engine must find the same objects, box for box (it follows
OpenCV's resize, integral images, variance normalisation, thresholds and grouping exactly, so a
difference of more than a few pixels is a bug, not noise).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from counter_app.photo import haar
from tests.support.photo_samples import frame_with_face, portrait

ROOT = Path(__file__).resolve().parents[2]
CASCADES = ROOT / "resources" / "cascades"
FRAMES = sorted((ROOT / "devices" / "camera" / "frames").glob("*.jpg"))
NAMES = ("haarcascade_frontalface_alt2.xml", "haarcascade_eye.xml", "haarcascade_eye_tree_eyeglasses.xml")


@cache
def _ours(name: str) -> haar.Cascade:
    return haar.load_cascade(CASCADES / name)


@cache
def _theirs(name: str) -> cv2.CascadeClassifier:
    c = cv2.CascadeClassifier(str(CASCADES / name))
    assert not c.empty()
    return c


def _grey(rgb: np.ndarray, width: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (width, round(h * width / w)), interpolation=cv2.INTER_AREA)
    return cv2.equalizeHist(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY))


def _assert_same(ours, theirs, tol: int = 3) -> None:
    theirs = sorted(tuple(int(v) for v in r) for r in theirs)
    ours = sorted(ours)
    assert len(ours) == len(theirs), (ours, theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert max(abs(p - q) for p, q in zip(a, b, strict=True)) <= tol, (ours, theirs)


def _images():
    out = [(f.name, np.asarray(Image.open(f).convert("RGB"))) for f in FRAMES]
    out.append(("portrait", portrait(640)))
    for fraction in (0.08, 0.25, 0.5):
        out.append((f"face {fraction:.0%}", frame_with_face(fraction, (800, 600))))
    return out


@pytest.mark.parametrize("case", range(len(FRAMES) + 4))
def test_faces_match_opencv(case):
    _label, rgb = _images()[case]
    for width in (160, 320):
        grey = _grey(rgb, width)
        kw = dict(scaleFactor=1.1, minNeighbors=3, minSize=(20, 20))
        ours = haar.detect_multi_scale(_ours(NAMES[0]), grey, 1.1, 3, (20, 20))
        _assert_same(ours, _theirs(NAMES[0]).detectMultiScale(grey, **kw))


@pytest.mark.parametrize("name", NAMES[1:])
def test_eyes_match_opencv(name):
    for _label, rgb in _images()[: len(FRAMES) + 1]:
        found = _theirs(NAMES[0]).detectMultiScale(_grey(rgb, 320), 1.1, 3, minSize=(20, 20))
        assert len(found), "the sample must hold a face"
        x, y, w, h = (int(v) * rgb.shape[1] // 320 for v in found[0])
        roi = rgb[y + h * 15 // 100:y + h * 60 // 100, x:x + w]
        grey = _grey(roi, 200)
        ours = haar.detect_multi_scale(_ours(name), grey, 1.1, 4, (20, 20), (80, 80))
        _assert_same(ours, _theirs(name).detectMultiScale(grey, 1.1, 4, minSize=(20, 20), maxSize=(80, 80)))


def test_image_steps_match_opencv():
    rgb = np.asarray(Image.open(FRAMES[0]).convert("RGB"))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    assert np.array_equal(haar.rgb_to_grey(rgb), grey)
    assert np.array_equal(haar.equalize_hist(grey), cv2.equalizeHist(grey))
    for size in ((300, 200), (123, 77), (501, 433)):
        assert np.array_equal(haar.resize_linear_exact(grey, *size),
                              cv2.resize(grey, size, interpolation=cv2.INTER_LINEAR_EXACT))
    part = grey[:60, :70]
    assert np.array_equal(haar._tilted_integral(part.astype(np.int64)), cv2.integral3(part)[2])
