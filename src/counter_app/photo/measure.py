"""Measurements on the finished photo: the numbers the checks compare with the standard.

Everything is measured on the output pixels, after the crop, so a manual crop is judged the
same way as an automatic one and no check trusts the arithmetic that produced the crop.
Lightness is CIELAB L* scaled to 0–255 (OpenCV's 8-bit Lab scale), sharpness the variance of the
Laplacian on the face, colourfulness the mean chroma (distance from grey in a*b*).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from counter_app.photo.detect import Box, FaceFeatures, detect_faces, find_hair_top
from counter_app.photo.imaging import laplacian, rgb_to_grey, rgb_to_lab8


@dataclass(frozen=True, slots=True)
class OutputMeasurements:
    """What was measured on the finished photo (None: no face found on it)."""

    faces: int
    face: FaceFeatures | None
    hair_top: float | None
    hair_top_measured: bool
    background_lightness: float
    background_spread: float
    face_lightness: float
    sharpness: float
    chroma: float


def measure_output(rgb: np.ndarray, fallback: Box | None = None) -> OutputMeasurements:
    """Find the face again on the finished photo and measure what the checks need.

    Light and sharpness are measured on the face found, or, when none is, on ``fallback`` (where
    the face should be; the middle of the photo without one): they never go unmeasured."""
    h, w = rgb.shape[:2]
    # The face must be about half the photo's width: search only plausible sizes, which is
    # faster and keeps a patterned background from passing for a second face.
    faces = detect_faces(rgb, min_face_fraction=0.3, max_face_fraction=0.95)
    lab = rgb_to_lab8(rgb)
    face = faces[0] if faces else None
    hair_top, measured = (find_hair_top(rgb, face.box) if face else (None, False))
    bg_l, bg_spread = _background(lab, face.box if face else None)
    region = face.box if face else (fallback or Box(0.25 * w, 0.2 * h, 0.5 * w, 0.5 * w))
    inner = _inner(region, w, h)
    face_l = float(np.median(lab[inner][:, :, 0]))
    sharp = _sharpness(rgb_to_grey(rgb[inner]))
    ab = lab[:, :, 1:] - np.float32(128.0)
    chroma = float(np.mean(np.sqrt(np.sum(ab * ab, axis=2))))
    return OutputMeasurements(len(faces), face, hair_top, measured, bg_l, bg_spread, face_l, sharp, chroma)


def _sharpness(grey: np.ndarray) -> float:
    """Variance of the Laplacian with the contrast normalised (std. dev. 50): a dim face is not
    a blurred one, and a blurred face stays blurred however bright."""
    g = grey.astype(np.float64)
    sd = g.std()
    if sd < 1e-3:
        return 0.0
    return float(laplacian((g - g.mean()) * (50.0 / sd)).var())


def _inner(box: Box, w: int, h: int) -> tuple[slice, slice]:
    """The middle of the face box: skin, eyes and mouth, no hair or background."""
    x0, x1 = int(max(0, box.x + 0.25 * box.w)), int(min(w, box.x + 0.75 * box.w))
    y0, y1 = int(max(0, box.y + 0.2 * box.h)), int(min(h, box.y + 0.85 * box.h))
    return slice(y0, max(y0 + 1, y1)), slice(x0, max(x0 + 1, x1))


def _background(lab: np.ndarray, box: Box | None) -> tuple[float, float]:
    """Lightness and its spread over the background: the top strip and the upper side edges,
    where the standard's photo shows nothing but the backdrop."""
    h, w = lab.shape[:2]
    top = max(3, int(0.012 * h))
    side = max(3, int(0.04 * w))
    rows = int(0.3 * h) if box is None else int(max(top + 1, box.y))
    parts = [lab[0:top, :, 0].ravel(), lab[0:rows, 0:side, 0].ravel(), lab[0:rows, w - side:w, 0].ravel()]
    values = np.concatenate(parts).astype(np.float32)
    # Median and median absolute deviation: a lock of hair reaching into a corner is not an
    # uneven backdrop, while a pattern or a shadow over most of it is.
    median = float(np.median(values))
    return median, float(1.4826 * np.median(np.abs(values - median)))
