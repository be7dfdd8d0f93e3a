"""Find faces, eyes and the top of the hair in an RGB image.

Faces and eyes come from OpenCV's Haar cascades, which ship inside the opencv-python-headless
wheel (``cv2.data.haarcascades``): nothing is downloaded at run time. Faces are searched on a
reduced grey copy (at most :data:`DETECT_LONG_SIDE` px) because the cost of a cascade grows with
the pixel count and a face in a counter photo is large; eyes are searched inside each face at a
fixed face size, so their cost does not depend on the input.

The top of the hair has no cascade: it is measured as the highest row above the face where the
pixels stop looking like the background, which the standard requires to be light and even.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

DETECT_LONG_SIDE = 640
EYE_FACE_WIDTH = 200  # faces are scaled to this width before eyes are searched
SECONDARY_FACE_RATIO = 0.5  # a face narrower than this fraction of the largest is background noise
# Where the eyes sit in a frontal Haar face box when the eye cascade finds no pair.
EYE_Y_IN_BOX = 0.40
HAIR_GAP_IN_BOX = 0.40  # typical distance from the box top up to the top of the hair


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    def scaled(self, k: float) -> Box:
        return Box(self.x * k, self.y * k, self.w * k, self.h * k)


@dataclass(frozen=True, slots=True)
class FaceFeatures:
    """One face in image pixels: its box, the eye centres (left and right in the image) and
    whether they were found by the eye cascade or estimated from the box."""

    box: Box
    left_eye: tuple[float, float]
    right_eye: tuple[float, float]
    eyes_found: bool

    @property
    def eye_mid(self) -> tuple[float, float]:
        return ((self.left_eye[0] + self.right_eye[0]) / 2, (self.left_eye[1] + self.right_eye[1]) / 2)

    def scaled(self, k: float) -> FaceFeatures:
        return FaceFeatures(
            self.box.scaled(k),
            (self.left_eye[0] * k, self.left_eye[1] * k),
            (self.right_eye[0] * k, self.right_eye[1] * k),
            self.eyes_found,
        )


_local = threading.local()  # CascadeClassifier objects are not safe to share between threads


@cache
def _cascade_path(name: str) -> str:
    return cv2.data.haarcascades + name


def _cascade(name: str) -> cv2.CascadeClassifier:
    cascades = getattr(_local, "cascades", None)
    if cascades is None:
        cascades = _local.cascades = {}
    if name not in cascades:
        c = cv2.CascadeClassifier(_cascade_path(name))
        if c.empty():  # a broken OpenCV install: say so plainly rather than "no face"
            raise RuntimeError(f"OpenCV Haar cascade {name} could not be loaded from {cv2.data.haarcascades}")
        cascades[name] = c
    return cascades[name]


def to_grey(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def detect_faces(rgb: np.ndarray, *, min_face_fraction: float = 0.08,
                 max_face_fraction: float = 1.0, long_side: int = DETECT_LONG_SIDE) -> list[FaceFeatures]:
    """All faces worth counting, largest first, with their eyes, in ``rgb`` pixel coordinates.

    ``min_face_fraction`` / ``max_face_fraction``: face widths searched, as fractions of the
    image's shorter side. ``long_side``: the reduced copy's longer side.
    """
    grey = to_grey(rgb)
    h, w = grey.shape
    k = min(1.0, long_side / max(h, w))
    small = cv2.resize(grey, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA) if k < 1 else grey
    small = cv2.equalizeHist(small)
    short = min(small.shape)
    min_px = max(24, int(short * min_face_fraction))
    max_px = max(min_px + 1, int(short * max_face_fraction))
    found = _cascade("haarcascade_frontalface_alt2.xml").detectMultiScale(
        small, scaleFactor=1.1, minNeighbors=4, minSize=(min_px, min_px), maxSize=(max_px, max_px)
    )
    boxes = [Box(float(x), float(y), float(bw), float(bh)).scaled(1 / k) for (x, y, bw, bh) in found]
    boxes.sort(key=lambda b: b.w, reverse=True)
    if boxes:
        boxes = [b for b in boxes if b.w >= SECONDARY_FACE_RATIO * boxes[0].w]
        boxes = _drop_nested(boxes)
    faces = [find_eyes(grey, b) for b in boxes]
    # A second face counts only with a pair of eyes: a flag or a poster fools the face cascade
    # now and then, rarely the face and the eye cascades together.
    return faces[:1] + [f for f in faces[1:] if f.eyes_found]


def _drop_nested(boxes: list[Box]) -> list[Box]:
    """A cascade sometimes reports a face and a slightly shifted copy of it: keep the larger."""
    kept: list[Box] = []
    for b in boxes:
        if all(_overlap(b, k) < 0.3 for k in kept):
            kept.append(b)
    return kept


def _overlap(a: Box, b: Box) -> float:
    ix = max(0.0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    iy = max(0.0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    return ix * iy / min(a.w * a.h, b.w * b.h)


def find_eyes(grey: np.ndarray, box: Box) -> FaceFeatures:
    """The two eye centres inside ``box`` (upper half), or an estimate from the box."""
    x0, y0 = max(0, int(box.x)), max(0, int(box.y))
    x1, y1 = min(grey.shape[1], int(box.x + box.w)), min(grey.shape[0], int(box.y + box.h * 0.6))
    pair = None
    if x1 - x0 > 20 and y1 - y0 > 10:
        roi = grey[y0:y1, x0:x1]
        k = EYE_FACE_WIDTH / roi.shape[1]
        roi = cv2.resize(roi, (EYE_FACE_WIDTH, max(1, round(roi.shape[0] * k))),
                         interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR)
        roi = cv2.equalizeHist(roi)
        for name in ("haarcascade_eye.xml", "haarcascade_eye_tree_eyeglasses.xml"):
            eyes = _cascade(name).detectMultiScale(roi, scaleFactor=1.1, minNeighbors=4, minSize=(20, 20),
                                                    maxSize=(80, 80))
            pair = _best_pair([(ex + ew / 2, ey + eh / 2, ew) for (ex, ey, ew, eh) in eyes], roi.shape[1])
            if pair:
                break
        if pair:
            (lx, ly), (rx, ry) = pair
            return FaceFeatures(box, (x0 + lx / k, y0 + ly / k), (x0 + rx / k, y0 + ry / k), True)
    ey = box.y + EYE_Y_IN_BOX * box.h
    return FaceFeatures(box, (box.x + 0.3 * box.w, ey), (box.x + 0.7 * box.w, ey), False)


def _best_pair(eyes: list[tuple[float, float, float]], face_w: float):
    """Two eye candidates that look like a pair: one each side of the middle, level, spaced
    like eyes. The most level such pair wins."""
    best, best_cost = None, None
    for lx, ly, _lw in eyes:
        for rx, ry, _rw in eyes:
            if not (lx < face_w / 2 < rx):
                continue
            gap = rx - lx
            if not (0.25 * face_w <= gap <= 0.65 * face_w) or abs(ly - ry) > 0.12 * face_w:
                continue
            cost = abs(ly - ry) + abs((lx + rx) / 2 - face_w / 2)
            if best_cost is None or cost < best_cost:
                best, best_cost = ((lx, ly), (rx, ry)), cost
    return best


def background_reference(rgb: np.ndarray, box: Box) -> tuple[np.ndarray, float] | None:
    """The background's Lab colour and spread, sampled in the two upper corners beside the head.

    ``None`` when there is no room beside the head to sample."""
    h, w = rgb.shape[:2]
    y1 = int(max(2, min(h, box.y + 0.3 * box.h)))
    # Strips just beside the head: what ends up in the photo, and clear of the hair, which is
    # wider than the face box.
    near, far = 0.7 * box.w, 1.2 * box.w
    left = rgb[0:y1, max(0, int(box.cx - far)):max(0, int(box.cx - near))]
    right = rgb[0:y1, min(w, int(box.cx + near)):min(w, int(box.cx + far))]
    parts = [p.reshape(-1, 3) for p in (left, right) if p.size >= 3 * 40]
    if not parts:
        return None
    lab = cv2.cvtColor(np.concatenate(parts)[None, :, :], cv2.COLOR_RGB2LAB)[0].astype(np.float32)
    ref = np.median(lab, axis=0)
    dist = np.sqrt(np.sum((lab - ref) ** 2, axis=1))
    spread = float(1.4826 * np.median(dist))  # robust: a stray object in a corner does not count
    return ref, spread


def find_hair_top(rgb: np.ndarray, box: Box) -> tuple[float, bool]:
    """The row of the top of the hair above ``box``, and whether it was measured (True) or
    estimated from the face box (False: busy background, or the head cut by the top edge)."""
    estimate = box.y - HAIR_GAP_IN_BOX * box.h
    ref = background_reference(rgb, box)
    if ref is None:
        return estimate, False
    colour, spread = ref
    x0 = max(0, int(box.cx - 0.3 * box.w))
    x1 = min(rgb.shape[1], int(box.cx + 0.3 * box.w))
    y_face = int(max(0, min(rgb.shape[0], box.y + 0.15 * box.h)))
    if x1 - x0 < 4 or y_face < 2:
        return estimate, False
    band = cv2.GaussianBlur(rgb[0:y_face, x0:x1], (5, 5), 0)
    lab = cv2.cvtColor(band, cv2.COLOR_RGB2LAB).astype(np.float32)
    dist = np.sqrt(np.sum((lab - colour) ** 2, axis=2))
    threshold = max(18.0, 3.0 * spread)
    head_rows = np.mean(dist > threshold, axis=1) > 0.25  # row by row: does it hold hair?
    # Walk up from the face: the hair ends at the first run of background rows.
    run = max(2, int(0.03 * box.h))
    y, quiet = y_face - 1, 0
    top = y_face
    while y >= 0:
        if head_rows[y]:
            top, quiet = y, 0
        else:
            quiet += 1
            if quiet >= run:
                break
        y -= 1
    gap = (box.y - top) / box.h
    if top <= 0 or not (0.05 <= gap <= 0.9):
        # Touching the top edge (cut off) or implausible: the background is not usable here.
        return (min(estimate, 0.0) if top <= 0 else estimate), False
    return float(top), True
