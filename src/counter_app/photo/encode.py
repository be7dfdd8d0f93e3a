"""JPEG encoding to the standard: 350 dpi in the JFIF header, a size inside the region's window.

The standard names a quality "about 70" and a file-size window (14–40 KB by default). The size
of a JPEG grows with its quality almost monotonically, so the quality is found by bisection,
starting at the nominal quality and moving only as far as the window requires: the smallest
change of quality that lands inside it. The chip variant (EF08) is a smaller copy under a hard
byte limit, encoded at the highest quality that fits.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from counter_app.photo.imaging import resize
from counter_app.photo.standard import PhotoStandard

MIN_QUALITY = 5
MAX_QUALITY = 95  # above this libjpeg only grows the file


@dataclass(frozen=True, slots=True)
class EncodedJpeg:
    data: bytes
    quality: int
    width: int
    height: int


def encode_jpeg(rgb: np.ndarray, quality: int, dpi: int, *, subsampling: int = 2) -> bytes:
    """One JPEG with JFIF density ``dpi`` (units: dots per inch)."""
    buf = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buf, "JPEG", quality=quality, dpi=(dpi, dpi), optimize=True,
                                     subsampling=subsampling)
    return buf.getvalue()


def encode_photo(rgb: np.ndarray, std: PhotoStandard) -> EncodedJpeg:
    """The card photo: the quality nearest the nominal one whose file lands in the size window.

    When no quality lands inside (an almost blank picture stays under the minimum even at the
    highest quality), the nearest miss is returned and the size check reports it.
    """
    cache: dict[tuple[int, int], bytes] = {}

    def enc(q: int, sub: int = 2) -> bytes:
        if (q, sub) not in cache:
            cache[(q, sub)] = encode_jpeg(rgb, q, std.dpi, subsampling=sub)
        return cache[(q, sub)]

    q0 = std.jpeg_quality
    size0 = len(enc(q0))
    if std.min_bytes <= size0 <= std.max_bytes:
        return _result(enc(q0), q0, rgb)
    if size0 > std.max_bytes:  # too big: the highest quality below q0 that fits under the maximum
        q = _last_true(MIN_QUALITY, q0 - 1, lambda q: len(enc(q)) <= std.max_bytes)
        return _result(enc(q if q is not None else MIN_QUALITY), q or MIN_QUALITY, rgb)
    # too small: the lowest quality above q0 that reaches the minimum; 4:4:4 chroma as a last resort
    q = _first_true(q0 + 1, MAX_QUALITY, lambda q: len(enc(q)) >= std.min_bytes)
    if q is not None and len(enc(q)) <= std.max_bytes:
        return _result(enc(q), q, rgb)
    full = enc(MAX_QUALITY, 0)
    if std.min_bytes <= len(full) <= std.max_bytes:
        q = _first_true(q0, MAX_QUALITY, lambda q: len(enc(q, 0)) >= std.min_bytes) or MAX_QUALITY
        return _result(enc(q, 0), q, rgb)
    return _result(enc(MAX_QUALITY), MAX_QUALITY, rgb)


def encode_chip(rgb: np.ndarray, std: PhotoStandard) -> EncodedJpeg:
    """The chip photo: scaled to the chip size, the highest quality within ``chip_max_bytes``."""
    small = resize(rgb, (std.chip_width, std.chip_height))
    q = _last_true(MIN_QUALITY, MAX_QUALITY, lambda q: len(encode_jpeg(small, q, std.dpi)) <= std.chip_max_bytes)
    q = q or MIN_QUALITY
    return _result(encode_jpeg(small, q, std.dpi), q, small)


def _result(data: bytes, quality: int, rgb: np.ndarray) -> EncodedJpeg:
    return EncodedJpeg(data, quality, rgb.shape[1], rgb.shape[0])


def _last_true(lo: int, hi: int, ok: Callable[[int], bool]) -> int | None:
    """The largest q in [lo, hi] with ok(q), for ok true below some point and false above."""
    best = None
    while lo <= hi:
        mid = (lo + hi) // 2
        if ok(mid):
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    return best


def _first_true(lo: int, hi: int, ok: Callable[[int], bool]) -> int | None:
    """The smallest q in [lo, hi] with ok(q), for ok false below some point and true above."""
    best = None
    while lo <= hi:
        mid = (lo + hi) // 2
        if ok(mid):
            best, hi = mid, mid - 1
        else:
            lo = mid + 1
    return best
