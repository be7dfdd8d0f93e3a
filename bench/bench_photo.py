"""Photo processing time: median milliseconds per photo, from JPEG bytes to card photo and chip
copy, and the ratio to the budget (12 MP ≤ 300 ms for the whole processing).

Inputs, encoded as camera JPEGs: the astronaut portrait (skimage, public domain) framed as a
camera would (the face a quarter of the width) at 2, 12 and 24 megapixels; and the demo camera's
real frame scaled into 12- and 24-MP frames of its backdrop with the face at 4 % of the width
(the far end of what the detector must find: the finest search, and a second decode at the
scale that gives the small face its full output resolution) and at 70 % (the face fills the
frame). The first run of each is a warm-up (cascade loading) and is not counted.

The app's Haar engine (counter_app.photo.haar, NumPy) is timed against OpenCV's CascadeClassifier
on the very searches one photo makes (same grey images, same arguments), as a ratio: OpenCV is a
development dependency only, the frozen app has none (issue 16).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

import cv2  # the bench's inputs, and OpenCV's cascades to compare the app's engine with
import numpy as np
from PIL import Image

RUNS = 7
BUDGET_MS = 300.0  # the 12-MP budget of the whole processing
SIZES = {"12 MP": (4000, 3000), "24 MP": (6000, 4000)}


def _jpeg(rgb) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def _camera_jpeg(width: int, height: int) -> bytes:
    from skimage import data

    return _jpeg(cv2.resize(data.astronaut()[0:300, 24:424], (width, height), interpolation=cv2.INTER_CUBIC))


def _face_frame_jpeg(fraction: float, size: tuple[int, int]) -> bytes:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit"))
    from photo_samples import frame_with_face

    return _jpeg(frame_with_face(fraction, size))


def _median_ms(data: bytes, must_pass: bool = True) -> float:
    from counter_app.photo import process_photo

    process_photo(data)
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = process_photo(data)
        times.append((time.perf_counter() - t0) * 1000)
    if must_pass:
        assert result.ok, [c.as_dict("en") for c in result.failures + result.not_measured]
    return statistics.median(times)


def _cascade_calls(data: bytes) -> list[tuple]:
    """The cascade searches one processing of ``data`` makes: (cascade name, grey image, arguments)."""
    from counter_app.photo import detect, process_photo

    calls = []
    original = detect._detect

    def recording(name, grey, *args):
        calls.append((name, np.ascontiguousarray(grey).copy(), args))
        return original(name, grey, *args)

    detect._detect = recording
    try:
        process_photo(data)
    finally:
        detect._detect = original
    return calls


def _haar_vs_opencv_ms(data: bytes) -> tuple[float, float]:
    """Median milliseconds of all cascade searches of one photo: the app's NumPy engine
    (counter_app.photo.haar), and OpenCV's CascadeClassifier on the same images and arguments."""
    from counter_app.paths import resources_dir
    from counter_app.photo import detect, haar

    calls = _cascade_calls(data)
    theirs = {name: cv2.CascadeClassifier(str(resources_dir() / "cascades" / name)) for name, _g, _a in calls}

    def ours_once():
        for name, grey, (sf, mn, lo, hi) in calls:
            haar.detect_multi_scale(detect._cascade(name), grey, sf, mn, lo, hi)

    def theirs_once():
        for name, grey, (sf, mn, lo, hi) in calls:
            theirs[name].detectMultiScale(grey, scaleFactor=sf, minNeighbors=mn, minSize=lo, maxSize=hi)

    ours, cv = [], []
    ours_once()
    theirs_once()
    for _ in range(RUNS):  # interleaved, so that a busy machine slows both alike
        t0 = time.perf_counter()
        ours_once()
        t1 = time.perf_counter()
        theirs_once()
        t2 = time.perf_counter()
        ours.append((t1 - t0) * 1000)
        cv.append((t2 - t1) * 1000)
    return statistics.median(ours), statistics.median(cv)


def run() -> list[dict]:
    rows = [{"name": "photo 2 MP median", "value": _median_ms(_camera_jpeg(1600, 1200)), "unit": "ms"}]
    for label, size in SIZES.items():
        cases = (("face 25 %", _camera_jpeg(*size), True), ("face 4 %", _face_frame_jpeg(0.04, size), True),
                 # a face filling the frame fails the framing rule: timed all the same
                 ("face 70 %", _face_frame_jpeg(0.70, size), False))
        for what, data, must_pass in cases:
            ms = _median_ms(data, must_pass)
            rows.append({"name": f"photo {label} {what} median", "value": ms, "unit": "ms"})
            rows.append({"name": f"photo {label} {what} / 300 ms budget", "value": ms / BUDGET_MS, "unit": "ratio"})
    for what, data in (("face 25 %", _camera_jpeg(*SIZES["12 MP"])), ("face 4 %", _face_frame_jpeg(0.04, SIZES["12 MP"]))):
        ours, theirs = _haar_vs_opencv_ms(data)
        rows.append({"name": f"photo 12 MP {what} Haar searches, NumPy engine median", "value": ours, "unit": "ms"})
        rows.append({"name": f"photo 12 MP {what} Haar searches, OpenCV median", "value": theirs, "unit": "ms"})
        rows.append({"name": f"photo 12 MP {what} Haar searches NumPy / OpenCV", "value": ours / theirs, "unit": "ratio"})
    return rows
