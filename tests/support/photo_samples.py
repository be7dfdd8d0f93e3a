"""Sample inputs for the photo tests, made from a real photograph that ships inside a package.

``skimage.data.astronaut()`` is NASA's portrait of Eileen Collins (public domain). From it the
tests build what a counter meets: a webcam frame, a 12-megapixel camera photo, two people side by
side, grey-scale, CMYK, EXIF-rotated files, and broken files. Each builder returns bytes or arrays
and is cached: the pictures are made once per test session.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from counter_app.photo.detect import detect_faces, find_hair_top
from counter_app.photo.standard import PhotoStandard


@cache
def astronaut() -> np.ndarray:
    from skimage import data

    return data.astronaut()


def portrait(width: int, height: int | None = None) -> np.ndarray:
    """The astronaut framed as a camera would (head and shoulders, 4:3), at ``width`` px."""
    height = height or width * 3 // 4
    frame = astronaut()[0:300, 24:424]
    interp = cv2.INTER_CUBIC if width > 400 else cv2.INTER_AREA
    return cv2.resize(frame, (width, height), interpolation=interp)


def jpeg_bytes(rgb: np.ndarray, quality: int = 90, **save) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality, **save)
    return buf.getvalue()


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def with_exif_orientation(rgb: np.ndarray, orientation: int) -> bytes:
    """A JPEG whose pixels are stored turned, with the EXIF tag that says how to turn them back
    (as a phone held upright stores its photos)."""
    img = Image.fromarray(rgb)
    stored = {6: img.transpose(Image.Transpose.ROTATE_90), 8: img.transpose(Image.Transpose.ROTATE_270),
              3: img.transpose(Image.Transpose.ROTATE_180)}[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


def measure_photo(jpeg: bytes) -> dict:
    """Find the face, eyes and hair again on a finished photo: what the tests hold against the
    standard, independently of the crop that produced it."""
    rgb = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"))
    faces = detect_faces(rgb, min_face_fraction=0.3, max_face_fraction=0.95)
    assert len(faces) == 1, f"expected one face on the output, found {len(faces)}"
    face = faces[0]
    hair, _measured = find_hair_top(rgb, face.box)
    return {"face_width": face.box.w, "eye_x": face.eye_mid[0], "eye_y": face.eye_mid[1], "hair_top": hair,
            "eyes_found": face.eyes_found, "height": rgb.shape[0], "width": rgb.shape[1]}


def assert_meets_geometry(jpeg: bytes, std: PhotoStandard) -> dict:
    m = measure_photo(jpeg)
    assert (m["width"], m["height"]) == (std.width, std.height)
    assert m["eyes_found"], "the eyes must be found on the output itself"
    assert std.face_width_min <= m["face_width"] <= std.face_width_max, m
    assert std.hair_top_min <= m["hair_top"] <= std.hair_top_max, m
    assert std.eye_mid_x_min <= m["eye_x"] <= std.eye_mid_x_max, m
    assert std.height - m["eye_y"] >= std.eye_line_min_above_bottom, m
    return m


DEMO_FRAME = Path(__file__).resolve().parents[2] / "devices" / "camera" / "frames" / "astronaut.jpg"


@cache
def demo_frame() -> np.ndarray:
    """The demo camera's real frame (640 × 480, a head and shoulders against a light backdrop)."""
    return np.asarray(Image.open(DEMO_FRAME).convert("RGB"))


@cache
def _demo_face() -> tuple[float, float, float]:
    """The face box (x, y, width) in the demo frame, as the detector sees it."""
    face = detect_faces(demo_frame())[0]
    return face.box.x, face.box.y, face.box.w


def frame_with_face(fraction: float, size: tuple[int, int]) -> np.ndarray:
    """A ``size`` (w, h) camera frame whose face is ``fraction`` of the frame's width: the real
    demo frame scaled (up for a close face, down for a far one) into a larger frame of its own
    backdrop colour, the face centred a little above the middle."""
    w, h = size
    x, y, fw = _demo_face()
    s = fraction * w / fw
    frame = demo_frame()
    m = np.float32([[s, 0, w / 2 - (x + fw / 2) * s], [0, s, 0.45 * h - (y + fw / 2) * s]])
    backdrop = tuple(int(v) for v in np.median(frame[0:20, 150:500].reshape(-1, 3), axis=0))
    return cv2.warpAffine(frame, m, (w, h), flags=cv2.INTER_LINEAR if s > 1 else cv2.INTER_AREA,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=backdrop)


def with_sunglasses(rgb: np.ndarray) -> np.ndarray:
    """``rgb`` with dark glasses painted over the eyes the detector finds: the face stays
    findable, the eyes do not (the eye cascade sees no pupils)."""
    face = detect_faces(rgb)[0]
    assert face.eyes_found
    out = rgb.copy()
    rx, ry = int(0.13 * face.box.w), int(0.08 * face.box.w)
    for ex, ey in (face.left_eye, face.right_eye):
        cv2.ellipse(out, (int(ex), int(ey)), (rx, ry), 0, 0, 360, (20, 20, 25), -1)
    cv2.line(out, (int(face.left_eye[0]) + rx, int(face.left_eye[1])),
             (int(face.right_eye[0]) - rx, int(face.right_eye[1])), (20, 20, 25), max(2, ry // 3))
    return out
