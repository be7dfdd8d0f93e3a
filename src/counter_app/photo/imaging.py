"""The pixel operations the photo code needs, in Pillow and NumPy: resizing, padding, grey and
CIELAB conversion, a small Gaussian blur and the Laplacian.

They take the place of OpenCV (issue 16: OpenCV and its own BLAS and codecs were a third of the
frozen app). Grey conversion and histogram equalisation are OpenCV's to the bit (see
:mod:`counter_app.photo.haar`, which the face search depends on); Lab keeps OpenCV's 8-bit scale
(L* × 255/100, a* and b* offset by 128), which the checks' thresholds are written in; the blur
and the Laplacian are OpenCV's kernels and border (reflect-101). Resizing is Pillow's: area
averaging (``BOX``) when shrinking, bicubic (or bilinear) when enlarging.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from counter_app.photo.haar import equalize_hist, rgb_to_grey

__all__ = ["equalize_hist", "gaussian_blur5", "laplacian", "pad_constant", "resize", "rgb_to_grey", "rgb_to_lab8"]


def resize(pixels: np.ndarray, size: tuple[int, int], *, smooth_enlarge: bool = False) -> np.ndarray:
    """``pixels`` (H × W × 3 or H × W, uint8) at ``size`` (w, h): area averaging when shrinking,
    bicubic when enlarging (bilinear with ``smooth_enlarge``, what the cascades were given
    before)."""
    h, w = pixels.shape[:2]
    if (w, h) == tuple(size):
        return np.ascontiguousarray(pixels)
    img = Image.fromarray(np.ascontiguousarray(pixels))
    shrink = size[0] <= w and size[1] <= h
    enlarge = Image.Resampling.BILINEAR if smooth_enlarge else Image.Resampling.BICUBIC
    out = img.resize(tuple(size), Image.Resampling.BOX if shrink else enlarge)
    return np.array(out, dtype=np.uint8)


def pad_constant(pixels: np.ndarray, top: int, bottom: int, left: int, right: int,
                 fill: tuple[int, int, int]) -> np.ndarray:
    """``pixels`` (H × W × 3) with a border of colour ``fill`` (OpenCV's ``BORDER_CONSTANT``)."""
    h, w = pixels.shape[:2]
    out = np.empty((h + top + bottom, w + left + right, 3), np.uint8)
    out[...] = np.asarray(fill, np.uint8)
    out[top:top + h, left:left + w] = pixels
    return out


# sRGB (0–255) to linear light, and the D65 RGB → XYZ matrix with the white point divided out.
_LINEAR = np.where((v := np.arange(256) / 255.0) <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4).astype(np.float32)
_RGB_TO_XYZ = (np.array([[0.412453, 0.357580, 0.180423],
                         [0.212671, 0.715160, 0.072169],
                         [0.019334, 0.119193, 0.950227]]) / np.array([[0.950456], [1.0], [1.088754]])).astype(np.float32)


def rgb_to_lab8(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of sRGB pixels on OpenCV's 8-bit scale, as float32: L* × 255/100, a* + 128,
    b* + 128 (what ``cvtColor(COLOR_RGB2LAB)`` gives for 8-bit input, before rounding)."""
    lin = _LINEAR[rgb]
    r, g, b = lin[..., 0], lin[..., 1], lin[..., 2]
    m = _RGB_TO_XYZ  # element-wise, not a matrix product: the frozen app has no BLAS (build.spec)
    t = np.maximum(np.stack([m[i, 0] * r + m[i, 1] * g + m[i, 2] * b for i in range(3)], -1), 0.0)
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + np.float32(16.0 / 116.0))
    lab = np.empty(rgb.shape[:-1] + (3,), np.float32)
    lab[..., 0] = np.where(t[..., 1] > 0.008856, 116.0 * f[..., 1] - 16.0, 903.3 * t[..., 1]) * np.float32(255.0 / 100.0)
    lab[..., 1] = 500.0 * (f[..., 0] - f[..., 1]) + 128.0
    lab[..., 2] = 200.0 * (f[..., 1] - f[..., 2]) + 128.0
    return np.clip(lab, 0.0, 255.0)


_GAUSS5 = np.array([1, 4, 6, 4, 1], np.float32) / 16.0  # OpenCV's fixed kernel for size 5, sigma 0


def gaussian_blur5(pixels: np.ndarray) -> np.ndarray:
    """OpenCV's ``GaussianBlur(pixels, (5, 5), 0)`` (kernel 1 4 6 4 1 / 16 each way, reflect-101
    border), rounded back to uint8."""
    h, w = pixels.shape[:2]
    pad = [(2, 2), (2, 2)] + [(0, 0)] * (pixels.ndim - 2)
    p = np.pad(pixels.astype(np.float32), pad, mode="reflect") if min(h, w) > 2 else \
        np.pad(pixels.astype(np.float32), pad, mode="symmetric")
    rows = sum(k * p[i:i + h] for i, k in enumerate(_GAUSS5))
    out = sum(k * rows[:, i:i + w] for i, k in enumerate(_GAUSS5))
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def laplacian(g: np.ndarray) -> np.ndarray:
    """OpenCV's ``Laplacian(g, CV_64F)`` (aperture 1: 0 1 0 / 1 −4 1 / 0 1 0, reflect-101 border)."""
    g = np.asarray(g, np.float64)
    if min(g.shape) < 2:
        return np.zeros_like(g)
    p = np.pad(g, 1, mode="reflect")
    return p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4.0 * g
