"""Sample inputs for the photo tests, made from a real photograph that ships inside a package.

``skimage.data.astronaut()`` is NASA's portrait of Eileen Collins (public domain). From it the
tests build what a counter meets: a webcam frame, a 12-megapixel camera photo, two people side by
side, grey-scale, CMYK, EXIF-rotated files, and broken files. Each builder returns bytes or arrays
and is cached: the pictures are made once per test session.
"""

from __future__ import annotations

import io
from functools import cache

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
