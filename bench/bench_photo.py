"""Photo processing time: median milliseconds per photo, from JPEG bytes to card photo and chip copy.

Inputs are the astronaut portrait (skimage, public domain) framed as a camera would and encoded
as a 12-megapixel (4000 × 3000) and a typical 2-megapixel (1600 × 1200) JPEG. The first run of each
is a warm-up (cascade loading) and is not counted.
"""

from __future__ import annotations

import io
import statistics
import time

import cv2
from PIL import Image

RUNS = 7


def _camera_jpeg(width: int, height: int) -> bytes:
    from skimage import data

    frame = cv2.resize(data.astronaut()[0:300, 24:424], (width, height), interpolation=cv2.INTER_CUBIC)
    buf = io.BytesIO()
    Image.fromarray(frame).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def _median_ms(data: bytes) -> float:
    from counter_app.photo import process_photo

    process_photo(data)
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = process_photo(data)
        times.append((time.perf_counter() - t0) * 1000)
    assert result.ok, [c.as_dict("en") for c in result.failures]
    return statistics.median(times)


def run() -> list[dict]:
    return [
        {"name": "photo 12 MP median", "value": _median_ms(_camera_jpeg(4000, 3000)), "unit": "ms"},
        {"name": "photo 2 MP median", "value": _median_ms(_camera_jpeg(1600, 1200)), "unit": "ms"},
    ]
