"""Find faces, eyes and the top of the hair in an RGB image.

Faces and eyes come from OpenCV's Haar cascades (``resources/cascades/``), run by the app's own
NumPy engine (:mod:`counter_app.photo.haar`, the same boxes as OpenCV's ``detectMultiScale``, so
OpenCV is not needed at run time): nothing is downloaded at run time. A cascade's cost grows with
the ratio of the image to the smallest face searched, not with the pixel count, so faces are
searched in tiers of size (see :func:`detect_faces`), each on a reduced grey copy just large
enough for its smallest face; each face found is then measured again, box and eyes, on its own
region at a fixed face size, so that step's cost does not depend on the input either.

The top of the hair has no cascade: it is measured as the highest row above the face where the
pixels stop looking like the background, which the standard requires to be light and even.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from math import ceil

import numpy as np

from counter_app.paths import resources_dir
from counter_app.photo import haar
from counter_app.photo.imaging import equalize_hist, gaussian_blur5, resize, rgb_to_grey, rgb_to_lab8

FACE_CASCADE = "haarcascade_frontalface_alt2.xml"
CASCADE_WINDOW = 20  # the face cascade's own window: nothing smaller can be found
# Face widths searched by default, as fractions of the image's width.
MIN_FACE_FRACTION = 0.04
MAX_FACE_FRACTION = 0.9
SEARCH_FACE_PX = 36  # the smallest face of a tier, in the tier's reduced copy
SEARCH_MIN_WIDTH = 160
TIER_SPAN = 2.5  # largest / smallest face of one tier
# Each tier reaches this far below its smallest face: the cascade wants neighbouring detections at
# the scales around a face, and at the very bottom of a search there are none below it.
TIER_REACH = 1.25
REFINE_FACE_PX = 120  # face width at which a found box is measured again
HAIR_FACE_PX = 300  # face width at which the top of the hair is looked for
EYE_FACE_WIDTH = 200  # faces are scaled to this width before eyes are searched
# Eye sizes searched in that face: an eye is about a fifth of the face's width (40–50 px), and its
# cluster of hits spans about ±30 % of that; smaller or larger windows only cost time (the
# smallest scales hold the most windows).
EYE_MIN_PX, EYE_MAX_PX = 28, 70
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


@cache
def _cascade(name: str) -> haar.Cascade:
    """The cascade ``name`` from ``resources/cascades`` (parsed once; a parsed cascade is
    read-only, so all threads share it)."""
    path = resources_dir() / "cascades" / name
    try:
        return haar.load_cascade(path)
    except ValueError as exc:  # a broken install: say so plainly rather than "no face"
        raise RuntimeError(f"Haar cascade {name} could not be loaded from {path}: {exc}") from exc


def _detect(name: str, grey: np.ndarray, scale_factor: float, neighbours: int,
            min_size: tuple[int, int], max_size: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    return haar.detect_multi_scale(_cascade(name), np.ascontiguousarray(grey), scale_factor, neighbours,
                                   min_size, max_size)


def to_grey(rgb: np.ndarray) -> np.ndarray:
    return rgb if rgb.ndim == 2 else rgb_to_grey(rgb)


def _resized(pixels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``pixels`` at ``size`` (w, h): area averaging when shrinking, bilinear when enlarging.

    A large reduction first skips pixels (a strided view costs nothing) down to twice the
    target, then averages: on a 24-MP frame averaging every pixel would cost more than the
    search it prepares, and averaging 2 × 2 after the skip still keeps the copy free of aliasing
    for the cascade."""
    h, w = pixels.shape[:2]
    step = int(min(w / size[0], h / size[1]) / 2)
    if step >= 2:
        pixels = pixels[::step, ::step]
    return resize(pixels, size, smooth_enlarge=True)


def _reduced_grey(pixels: np.ndarray, width: int) -> tuple[np.ndarray, float]:
    """A grey copy ``width`` px wide (never enlarged), and its pixels per input pixel.

    Shrunk first, then turned grey: converting every pixel of a 24-MP frame would cost more
    than the search."""
    h, w = pixels.shape[:2]
    k = min(1.0, width / w)
    small = _resized(pixels, (max(1, round(w * k)), max(1, round(h * k)))) if k < 1 else pixels
    return to_grey(small), k


def _search_tier(base: np.ndarray, k_base: float, width: int, lo: float, hi: float,
                 neighbours: int = 4) -> list[Box]:
    """Faces from ``lo`` to ``hi`` of the image's ``width``, on a copy of ``base`` (the grey
    pyramid's finest level, ``k_base`` of the image) just large enough that the smallest is
    :data:`SEARCH_FACE_PX` wide there: the cascade's cost depends on the ratio of image to
    smallest face, so a finer copy would only be slower, a coarser one less precise."""
    lo = lo / TIER_REACH
    grey, k = _reduced_grey(base, max(SEARCH_MIN_WIDTH, ceil(SEARCH_FACE_PX / lo)))
    k *= k_base
    grey = equalize_hist(grey)
    sw = grey.shape[1]
    min_px = max(CASCADE_WINDOW, int(sw * lo))
    max_px = min(int(sw * hi), min(grey.shape))
    if max_px <= min_px:
        return []
    found = _detect(FACE_CASCADE, grey, 1.1, neighbours, (min_px, min_px), (max_px, max_px))
    boxes = [Box(float(x), float(y), float(bw), float(bh)).scaled(1 / k) for (x, y, bw, bh) in found]
    return [b for b in boxes if b.w <= hi * width * 1.05]


def _tiers(lo: float, hi: float) -> list[tuple[float, float]]:
    """The size range split from the largest faces down, each tier :data:`TIER_SPAN` wide."""
    out, top = [], hi
    while top > lo + 1e-9:
        # The last tier takes up to a third more than the span rather than leave a sliver.
        bottom = lo if top / lo <= 1.3 * TIER_SPAN else top / TIER_SPAN
        out.append((bottom, top))
        top = bottom
    return out


def detect_faces(rgb: np.ndarray, *, min_face_fraction: float = MIN_FACE_FRACTION,
                 max_face_fraction: float = MAX_FACE_FRACTION, refine: bool = True) -> list[FaceFeatures]:
    """All faces worth counting, the applicant's first, with their eyes, in ``rgb`` pixel coordinates.

    ``min_face_fraction`` / ``max_face_fraction``: face widths searched, as fractions of the
    image's width (the default, 4 %–90 %, covers a head and shoulders from across the counter
    to a face filling the frame). The range is searched in tiers from the largest faces down on
    copies of growing size; a smaller tier is searched only while it can still hold a face that
    counts (one at least :data:`SECONDARY_FACE_RATIO` of the largest found), so a large face
    costs one coarse search and only a small one pays for the fine copy. Each face found is
    then refined — its box, and its eyes — on its own region at full resolution.
    """
    boxes = face_boxes(rgb, min_face_fraction=min_face_fraction, max_face_fraction=max_face_fraction, refine=refine)
    return rank_faces([find_eyes(rgb, b) for b in boxes])


def face_boxes(rgb: np.ndarray, *, min_face_fraction: float = MIN_FACE_FRACTION,
               max_face_fraction: float = MAX_FACE_FRACTION, refine: bool = True) -> list[Box]:
    """The face boxes of :func:`detect_faces`, largest first, before their eyes are searched
    (a caller that measures the faces again on a finer decode needs no eyes at this scale)."""
    boxes: list[Box] = []
    width = rgb.shape[1]
    tiers = _tiers(min_face_fraction, max_face_fraction)
    # One reduction of the input to the finest copy any tier needs; the coarser ones come from it.
    base, k_base = _reduced_grey(rgb, max(SEARCH_MIN_WIDTH, ceil(SEARCH_FACE_PX * TIER_REACH / min_face_fraction)))
    for lo, hi in tiers:
        if boxes and hi * width < SECONDARY_FACE_RATIO * boxes[0].w:
            break
        # The finest tier sees its faces at a few dozen pixels, where the cascade's hits thin out:
        # it takes one neighbour less (a false face there still needs eyes to count).
        boxes.extend(_search_tier(base, k_base, width, lo, hi, neighbours=3 if lo == tiers[-1][0] else 4))
        boxes.sort(key=lambda b: b.w, reverse=True)
    if boxes:
        boxes = [b for b in boxes if b.w >= SECONDARY_FACE_RATIO * boxes[0].w]
        boxes = _drop_nested(boxes)
    if refine:
        boxes = _drop_nested(sorted((refine_box(rgb, b) for b in boxes), key=lambda b: b.w, reverse=True))
    return boxes


def rank_faces(faces: list[FaceFeatures]) -> list[FaceFeatures]:
    """The faces that count, the applicant's first.

    A flag or a poster fools the face cascade now and then, rarely the face and the eye
    cascades together: the applicant is the largest face with a pair of eyes (the largest face
    when none has), and a second face counts only with its eyes."""
    faces = sorted(faces, key=lambda f: (f.eyes_found, f.box.w), reverse=True)
    return faces[:1] + [f for f in faces[1:] if f.eyes_found]


def _region(rgb: np.ndarray, box: Box, margin: float) -> tuple[np.ndarray, int, int]:
    """The pixels of ``box`` grown by ``margin`` box widths on each side, clipped to the image,
    and the region's top-left corner."""
    h, w = rgb.shape[:2]
    x0, y0 = max(0, int(box.x - margin * box.w)), max(0, int(box.y - margin * box.h))
    x1, y1 = min(w, int(box.x + (1 + margin) * box.w)), min(h, int(box.y + (1 + margin) * box.h))
    return rgb[y0:y1, x0:x1], x0, y0


def refine_box(rgb: np.ndarray, box: Box) -> Box:
    """The face box found again on its own region at :data:`REFINE_FACE_PX` per face width.

    A coarse tier sees a small face at a few dozen pixels, where its box is only good to a few
    per cent; the crop's scale is the face width, so the box is measured again where the face
    has detail. The coarse box is kept when the second look finds nothing near it."""
    region, x0, y0 = _region(rgb, box, 0.45)
    if region.size == 0:
        return box
    k = REFINE_FACE_PX / box.w
    grey = to_grey(_resized(region, (max(1, round(region.shape[1] * k)), max(1, round(region.shape[0] * k)))))
    grey = equalize_hist(grey)
    lo, hi = int(REFINE_FACE_PX * 0.75), int(REFINE_FACE_PX * 1.35)
    found = _detect(FACE_CASCADE, grey, 1.05, 3, (lo, lo), (hi, hi))
    if len(found) == 0:
        return box
    cx, cy = (box.cx - x0) * k, (box.y + box.h / 2 - y0) * k
    bx, by, bw, bh = min(found, key=lambda f: (f[0] + f[2] / 2 - cx) ** 2 + (f[1] + f[3] / 2 - cy) ** 2)
    if abs(bx + bw / 2 - cx) > 0.3 * REFINE_FACE_PX or abs(by + bh / 2 - cy) > 0.3 * REFINE_FACE_PX:
        return box
    return Box(x0 + bx / k, y0 + by / k, bw / k, bh / k)


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


def find_eyes(rgb: np.ndarray, box: Box) -> FaceFeatures:
    """The two eye centres inside ``box`` (upper part), or an estimate from the box
    (``eyes_found`` False: the checks then say the eye line was not measured).

    Only the face's region is converted and scaled (to :data:`EYE_FACE_WIDTH`), so the cost does
    not depend on the size of the input."""
    # The band where eyes can be (a frontal box puts them at ~40 % of its height).
    x0, y0 = max(0, int(box.x)), max(0, int(box.y + box.h * 0.15))
    x1, y1 = min(rgb.shape[1], int(box.x + box.w)), min(rgb.shape[0], int(box.y + box.h * 0.6))
    pair = None
    if x1 - x0 > 20 and y1 - y0 > 10:
        roi = rgb[y0:y1, x0:x1]
        k = EYE_FACE_WIDTH / roi.shape[1]
        roi = equalize_hist(to_grey(_resized(roi, (EYE_FACE_WIDTH, max(1, round(roi.shape[0] * k))))))
        for name in ("haarcascade_eye.xml", "haarcascade_eye_tree_eyeglasses.xml"):
            eyes = _detect(name, roi, 1.1, 4, (EYE_MIN_PX, EYE_MIN_PX), (EYE_MAX_PX, EYE_MAX_PX))
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


def background_reference(rgb: np.ndarray, box: Box, y0: int = 0) -> tuple[np.ndarray, float] | None:
    """The background's Lab colour and spread, sampled in the two upper corners beside the head
    (from row ``y0`` down).

    ``None`` when there is no room beside the head to sample."""
    h, w = rgb.shape[:2]
    y1 = int(max(2, min(h, box.y + 0.3 * box.h)))
    # Strips just beside the head: what ends up in the photo, and clear of the hair, which is
    # wider than the face box.
    near, far = 0.7 * box.w, 1.2 * box.w
    y0 = min(y0, max(0, y1 - 2))
    left = rgb[y0:y1, max(0, int(box.cx - far)):max(0, int(box.cx - near))]
    right = rgb[y0:y1, min(w, int(box.cx + near)):min(w, int(box.cx + far))]
    parts = [p.reshape(-1, 3) for p in (left, right) if p.size >= 3 * 40]
    if not parts:
        return None
    lab = rgb_to_lab8(np.concatenate(parts))
    ref = np.median(lab, axis=0)
    dist = np.sqrt(np.sum((lab - ref) ** 2, axis=1))
    spread = float(1.4826 * np.median(dist))  # robust: a stray object in a corner does not count
    return ref, spread


def find_hair_top(rgb: np.ndarray, box: Box) -> tuple[float, bool]:
    """The row of the top of the hair above ``box``, and whether it was measured (True) or
    estimated from the face box (False: busy background, or the head cut by the top edge).

    A large face is measured on a copy of the part of the image above and beside it, reduced to
    :data:`HAIR_FACE_PX` per face width: finer than the output's own pixels, and the cost no
    longer grows with the input."""
    k = HAIR_FACE_PX / box.w
    if k < 0.5:
        h, w = rgb.shape[:2]
        x0, x1 = max(0, int(box.cx - 1.3 * box.w)), min(w, int(box.cx + 1.3 * box.w) + 1)
        y1 = int(max(1, min(h, box.y + 0.4 * box.h)))
        part = rgb[0:y1, x0:x1]
        small = _resized(part, (max(1, round(part.shape[1] * k)), max(1, round(part.shape[0] * k))))
        ks = small.shape[1] / part.shape[1]
        top, measured = _hair_top(small, Box((box.x - x0) * ks, box.y * ks, box.w * ks, box.h * ks))
        return top / ks, measured
    return _hair_top(rgb, box)


def _hair_top(rgb: np.ndarray, box: Box) -> tuple[float, bool]:
    estimate = box.y - HAIR_GAP_IN_BOX * box.h
    ref = background_reference(rgb, box, y0=max(0, int(box.y - box.h)))
    if ref is None:
        return estimate, False
    colour, spread = ref
    x0 = max(0, int(box.cx - 0.3 * box.w))
    x1 = min(rgb.shape[1], int(box.cx + 0.3 * box.w))
    y_face = int(max(0, min(rgb.shape[0], box.y + 0.15 * box.h)))
    if x1 - x0 < 4 or y_face < 2:
        return estimate, False
    # Hair more than a face's height above the face is implausible (see below): no need to look.
    y_start = max(0, min(y_face - 2, int(box.y - box.h)))
    lab = rgb_to_lab8(gaussian_blur5(rgb[y_start:y_face, x0:x1]))
    dist = np.sqrt(np.sum((lab - colour) ** 2, axis=2))
    threshold = max(18.0, 3.0 * spread)
    head_rows = np.mean(dist > threshold, axis=1) > 0.25  # row by row: does it hold hair?
    # Walk up from the face: the hair ends at the first run of background rows.
    run = max(2, int(0.03 * box.h))
    y, quiet = y_face - 1, 0
    top = y_face
    while y >= y_start:
        if head_rows[y - y_start]:
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
