"""Where to crop: from the face, eyes and hair found in the source to the standard's layout.

Pure arithmetic on rectangles, no pixels: the crop is the one rectangle (of the photo's aspect
ratio) that puts the face at the middle of its allowed width, the eye midpoint on the centre
line and the top of the hair in the middle of its band. When the subject stands near the frame's
edge the crop slides as far as the tolerances allow before it has to reach outside the frame
(which the pipeline then fills and reports).

All rectangles are in source pixels: the upright, full-resolution image.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.photo.standard import PhotoStandard

# How far inside each limit the automatic crop aims, in output px: the output is measured
# again by a detector whose boxes jitter by a few pixels between scales.
SAFETY_PX = 3.0


@dataclass(frozen=True, slots=True)
class CropRect:
    """A rectangle in source pixels; ``x``, ``y`` is its top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def scaled(self, k: float) -> CropRect:
        return CropRect(self.x * k, self.y * k, self.w * k, self.h * k)

    def as_list(self) -> list[float]:
        return [round(float(v), 1) for v in (self.x, self.y, self.w, self.h)]


@dataclass(frozen=True, slots=True)
class HeadLandmarks:
    """What the crop is computed from, in source pixels."""

    face_width: float
    eye_mid: tuple[float, float]
    hair_top: float


def auto_crop(head: HeadLandmarks, image_size: tuple[int, int], std: PhotoStandard) -> CropRect:
    """The crop that lays ``head`` out as the standard asks, kept inside the image if it can be."""
    ex, ey = head.eye_mid
    fw = max(head.face_width, 1.0)
    s_lo = (std.face_width_min + SAFETY_PX) / fw  # output px per source px
    s_hi = (std.face_width_max - SAFETY_PX) / fw
    s = std.face_width_target / fw
    # Tall hair can push the eyes too low at the nominal scale: shrink the head to keep them up.
    hair_to_eye = ey - head.hair_top
    if hair_to_eye > 0:
        s = min(s, (std.eye_line_max_y - SAFETY_PX - std.hair_top_target) / hair_to_eye)
    s = min(max(s, s_lo), s_hi)
    w, h = std.width / s, std.height / s
    x = _slide(ex - std.eye_mid_x_target / s, w, image_size[0],
               ex - (std.eye_mid_x_max - SAFETY_PX) / s, ex - (std.eye_mid_x_min + SAFETY_PX) / s)
    y = _slide(head.hair_top - std.hair_top_target / s, h, image_size[1],
               head.hair_top - (std.hair_top_max - SAFETY_PX) / s, head.hair_top - (std.hair_top_min + SAFETY_PX) / s)
    return CropRect(x, y, w, h)


def _slide(start: float, length: float, extent: float, lo: float, hi: float) -> float:
    """Move ``start`` towards fitting [start, start+length] inside [0, extent], within [lo, hi]."""
    inside = min(max(start, 0.0), max(0.0, extent - length))
    return min(max(inside, lo), hi)


def fit_aspect(rect: CropRect, std: PhotoStandard) -> CropRect:
    """``rect`` grown to the photo's aspect ratio about its centre (a hand-drawn crop that is a
    little off keeps everything the clerk framed)."""
    if rect.w <= 0 or rect.h <= 0:
        raise ValueError(f"empty crop {rect}")
    if abs(rect.w / rect.h - std.aspect) < 1e-9 * std.aspect:  # already right: keep it exactly
        return rect
    if rect.w / rect.h > std.aspect:
        h = rect.w / std.aspect
        return CropRect(rect.x, rect.cy - h / 2, rect.w, h)
    w = rect.h * std.aspect
    return CropRect(rect.cx - w / 2, rect.y, w, rect.h)


def default_crop(image_size: tuple[int, int], std: PhotoStandard) -> CropRect:
    """The largest centred crop of the photo's aspect: where the clerk starts when no face is found."""
    iw, ih = image_size
    if iw / ih > std.aspect:
        w = ih * std.aspect
        return CropRect((iw - w) / 2, 0.0, w, float(ih))
    h = iw / std.aspect
    return CropRect(0.0, (ih - h) / 2, float(iw), h)


def outside_fraction(rect: CropRect, image_size: tuple[int, int]) -> float:
    """The share of the crop's area that lies outside the image (and must be filled)."""
    ix = max(0.0, min(rect.x + rect.w, image_size[0]) - max(rect.x, 0.0))
    iy = max(0.0, min(rect.y + rect.h, image_size[1]) - max(rect.y, 0.0))
    return max(0.0, 1.0 - ix * iy / (rect.w * rect.h))
