"""The photo pipeline: any input to a card photo, its chip copy and the checks that judge it.

``process_photo(source, manual_crop=None, standard=CARD_PHOTO) -> PhotoResult``:

1. decode (:mod:`loading`), at reduced scale for large JPEGs;
2. find the faces, eyes and the top of the hair (:mod:`detect`);
3. crop: the clerk's rectangle if given, else computed from the face (:mod:`geometry`), else a
   centred starting rectangle for the clerk to adjust;
4. render the 358 × 441 px photo, filling with the background colour where the crop leaves the
   frame;
5. measure the finished photo again (face, eyes, hair, background, light, sharpness, colour) and
   judge each rule (:mod:`checks`): the crop arithmetic is never trusted by the checks. A rule
   whose subject is not found on the finished photo (the face, or the eyes) is 未测量 (not
   measured), and the photo is not ``ok`` until the clerk confirms a crop by hand
   (``confirmed``); light and sharpness are always measured;
6. encode to the size window and the chip limit (:mod:`encode`).

An input that cannot be read raises :class:`PhotoError`; a photo that breaks a rule comes back
with ``ok`` false and the failed checks saying why. No Qt here: the photo page and the CLI both call
this function, the widget from a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil, floor

import numpy as np

from counter_app.photo import checks as C
from counter_app.photo.checks import PhotoCheck, Verdict
from counter_app.photo.detect import (
    HAIR_GAP_IN_BOX,
    Box,
    FaceFeatures,
    face_boxes,
    find_eyes,
    find_hair_top,
    rank_faces,
    refine_box,
)
from counter_app.photo.encode import encode_chip, encode_photo
from counter_app.photo.errors import PhotoError
from counter_app.photo.geometry import (
    CropRect,
    HeadLandmarks,
    auto_crop,
    default_crop,
    fit_aspect,
    outside_fraction,
)
from counter_app.photo.imaging import pad_constant, resize
from counter_app.photo.loading import FinerImage, LoadedImage, PhotoInput, load_image
from counter_app.photo.measure import OutputMeasurements, measure_output
from counter_app.photo.standard import CARD_PHOTO, PhotoStandard

# JPEGs are decoded at a reduced scale when this many pixels along the shorter side remain:
# enough to find a face of 4 % of the frame's width (see detect). A face too small at that scale
# to give the output its full resolution is decoded again at the scale it needs, of which only the
# regions around the faces and the crop become arrays (LoadedImage.finer).
DECODE_MIN_SIDE = 720


@dataclass(frozen=True)
class PhotoResult:
    """The finished photo, its chip copy, every check, and the crop used (source pixels).

    ``confirmed``: the clerk looked at the crop and confirmed it by hand, which is what a photo
    with checks that could not be measured (未测量) needs before it may be used."""

    jpeg: bytes
    chip_jpeg: bytes
    width: int
    height: int
    quality: int
    chip_quality: int
    checks: tuple[PhotoCheck, ...]
    crop: CropRect
    source_size: tuple[int, int]
    manual: bool
    measurements: OutputMeasurements | None = field(default=None, repr=False, compare=False)
    confirmed: bool = False
    image: LoadedImage | None = field(default=None, repr=False, compare=False)  # the pixels cropped

    @property
    def ok(self) -> bool:
        """True when no check failed and every check was measured or the clerk confirmed the
        crop by hand (warnings are for the clerk to look at, not blockers)."""
        return not self.failures and not self.needs_confirmation

    @property
    def failures(self) -> list[PhotoCheck]:
        return [c for c in self.checks if c.verdict is Verdict.FAIL]

    @property
    def warnings(self) -> list[PhotoCheck]:
        return [c for c in self.checks if c.verdict is Verdict.WARN]

    @property
    def not_measured(self) -> list[PhotoCheck]:
        return [c for c in self.checks if c.verdict is Verdict.NOT_MEASURED]

    @property
    def needs_confirmation(self) -> bool:
        """Some rule could not be measured and the clerk has not confirmed the crop by hand."""
        return bool(self.not_measured) and not self.confirmed

    def check(self, code: str) -> PhotoCheck | None:
        return next((c for c in self.checks if c.code == code), None)

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            "ok": self.ok,
            "checks": [c.as_dict(lang) for c in self.checks],
            "bytes": len(self.jpeg),
            "width": self.width,
            "height": self.height,
            "quality": self.quality,
            "chip_bytes": len(self.chip_jpeg),
            "crop": self.crop.as_list(),
            "manual_crop": self.manual,
            "not_measured": [c.code for c in self.not_measured],
            "needs_manual_confirmation": self.needs_confirmation,
            "manual_crop_confirmed": self.confirmed,
        }


def process_photo(source: PhotoInput | LoadedImage, manual_crop: CropRect | None = None,
                  standard: PhotoStandard = CARD_PHOTO, *, confirmed: bool = False) -> PhotoResult:
    """Turn ``source`` into a card photo; ``manual_crop`` (source pixels) overrides the detector.

    ``confirmed``: the clerk has looked at the crop and vouches for what could not be measured
    (only meaningful with ``manual_crop``: confirming means confirming a crop of one's own)."""
    std = standard
    image = source if isinstance(source, LoadedImage) else load_image(source, min_decoded_side=DECODE_MIN_SIDE)
    boxes = face_boxes(image.pixels)
    scale = image.scale  # pixels per source pixel of what the faces are measured in
    finer = near = faces = None
    if boxes and image.scale < 1 and boxes[0].w >= std.face_width_max:
        # The largest face needs no finer decode, but the applicant may be a smaller one with eyes.
        faces = rank_faces([find_eyes(image.pixels, b) for b in boxes])
    if boxes and image.scale < 1 and (boxes[0] if faces is None else faces[0].box).w < std.face_width_max:
        # A small face in a large photo: decode again at the scale that gives the face its full
        # output resolution rather than enlarge a reduced copy, and measure the faces there (box
        # and eyes on their own regions: no second search of the whole frame, and no eye search
        # at the coarse scale). Only the regions around the faces and the crop become arrays,
        # never the whole frame.
        applicant = boxes[0] if faces is None else faces[0].box
        need = min(image.source_size) * image.scale * std.face_width_max / applicant.w
        finer = image.finer(int(need) + 1)
        if finer is not None and finer.scale > image.scale:
            k = finer.scale / image.scale
            measured = [_measure_near(finer, b.scaled(k)) for b in boxes]
            faces = rank_faces([f for f, _ in measured])
            near = next(n for f, n in measured if f is faces[0])
            scale = finer.scale
        else:
            finer = None
    if faces is None:
        faces = rank_faces([find_eyes(image.pixels, b) for b in boxes])
    results: list[PhotoCheck] = []
    inv = 1.0 / scale  # decoded pixels → source pixels
    face = faces[0] if faces else None
    if manual_crop is None or len(faces) > 1:
        results.append(C.face_count(len(faces)))

    if manual_crop is not None:
        crop = fit_aspect(manual_crop, std)
    elif face is not None:
        if near is not None:  # the face's region of the finer decode
            px, x0, y0 = near
            hair = find_hair_top(px, _shifted_box(face.box, -x0, -y0))[0] + y0
        else:
            hair, _ = find_hair_top(image.pixels, face.box)
        head = HeadLandmarks(face.box.w * inv, (face.eye_mid[0] * inv, face.eye_mid[1] * inv), hair * inv)
        crop = auto_crop(head, image.source_size, std)
    else:
        crop = default_crop(image.source_size, std)
    _check_crop_sane(crop, image.source_size)

    if finer is not None:
        rgb = _render_from(finer, crop.scaled(scale), (std.width, std.height))
    else:
        rgb = render_crop(image.pixels, crop.scaled(scale), (std.width, std.height), _fill_colour(image.pixels))
    projected = _project(face, crop, scale, std)
    m = measure_output(rgb, fallback=projected.box if projected is not None and _inside(projected, std)
                       else nominal_face_box(std))
    if manual_crop is not None or face is not None:
        results.extend(_judge(m, crop, scale, image.source_size, std, source_face=face))
    else:  # only a starting crop for the clerk: no geometry to judge, but the light is measured
        results.extend(_judge_light(m, std))

    photo = encode_photo(rgb, std)
    chip = encode_chip(rgb, std)
    results.append(C.file_size(len(photo.data), std))
    results.append(C.chip_size(len(chip.data), std))
    return PhotoResult(photo.data, chip.data, photo.width, photo.height, photo.quality, chip.quality,
                       tuple(results), crop, image.source_size, manual_crop is not None, m,
                       confirmed=confirmed and manual_crop is not None, image=image)


def _judge(m: OutputMeasurements, crop: CropRect, scale: float, source_size: tuple[int, int],
           std: PhotoStandard, source_face: FaceFeatures | None) -> list[PhotoCheck]:
    """Every rule judged on what was measured on the finished photo; a rule whose subject was
    not found there is 未测量 (never judged from where the crop arithmetic says it should be).
    ``scale``: pixels per source pixel of the decode the photo was cut from (``source_face``'s)."""
    out: list[PhotoCheck] = []
    limits = C.geometry_limits(std)
    if m.faces > 1:
        out.append(C.face_count(m.faces, on_output=True))
    face = m.face
    if face is None:
        out.append(C.not_measured("face.count", "1", C.NOT_MEASURED_FACE))
        if source_face is not None:  # measured in the source, in the pixels actually available
            out.append(C.source_face_size(source_face.box.w, std))
        else:
            out.append(C.not_measured("face.too_small", limits["face.too_small"], C.NOT_MEASURED_FACE))
        out.append(C.framing(outside_fraction(crop, source_size), std))
        for code in ("geometry.face_width", "geometry.hair_top", "geometry.eye_x", "geometry.eye_line"):
            out.append(C.not_measured(code, limits[code], C.NOT_MEASURED_FACE))
    else:
        out.append(C.source_face_size(face.box.w * crop.w * scale / std.width, std))
        out.append(C.framing(outside_fraction(crop, source_size), std))
        out.append(C.face_width(face.box.w, std))
        out.append(C.hair_top(m.hair_top, m.hair_top_measured, std))
        if face.eyes_found:
            out.append(C.eye_mid_x(face.eye_mid[0], std))
            out.append(C.eye_line(face.eye_mid[1], std))
        else:
            out.append(C.not_measured("geometry.eye_x", limits["geometry.eye_x"], C.NOT_MEASURED_EYES))
            out.append(C.not_measured("geometry.eye_line", limits["geometry.eye_line"], C.NOT_MEASURED_EYES))
    out.extend(_judge_light(m, std))
    return out


def _judge_light(m: OutputMeasurements, std: PhotoStandard) -> list[PhotoCheck]:
    """Light, sharpness, backdrop and colour: measured whether or not the face was found (on the
    region where the standard puts the face, then)."""
    return [C.exposure(m.face_lightness, std), C.sharpness(m.sharpness, std),
            *C.background(m.background_lightness, m.background_spread, std), C.colour(m.chroma)]


def nominal_face_box(std: PhotoStandard) -> Box:
    """Where the standard puts the face on the finished photo: the middle of each band."""
    w = std.face_width_target
    return Box(std.eye_mid_x_target - w / 2, std.hair_top_target + HAIR_GAP_IN_BOX * w, w, w)


def _project(face: FaceFeatures | None, crop: CropRect, scale: float, std: PhotoStandard):
    """Where the crop puts the source's face (measured at ``scale``), in output pixels."""
    if face is None:
        return None
    k = std.width / (crop.w * scale)
    src = face.scaled(k)  # decoded px → output px, before the shift
    dx, dy = -crop.x * scale * k, -crop.y * scale * k
    return FaceFeatures(
        Box(src.box.x + dx, src.box.y + dy, src.box.w, src.box.h),
        (src.left_eye[0] + dx, src.left_eye[1] + dy), (src.right_eye[0] + dx, src.right_eye[1] + dy),
        src.eyes_found,
    )


def _inside(face: FaceFeatures, std: PhotoStandard) -> bool:
    b = face.box
    return b.x >= 0 and b.y >= 0 and b.x + b.w <= std.width and b.y + b.h <= std.height


def _check_crop_sane(crop: CropRect, size: tuple[int, int]) -> None:
    if crop.w < 8 or crop.h < 8 or crop.w > 4 * size[0] or crop.h > 4 * size[1] or \
            outside_fraction(crop, size) >= 0.999:
        raise PhotoError("photo.crop", "裁剪框无效：请在照片范围内重新框选头部",
                         f"invalid crop {crop.as_list()} for a {size[0]}×{size[1]} image: frame the head inside the photo")


# The region of a finer decode converted around a face, in face widths beyond its box: room for
# refine_box's margin, the eye band, the background beside the head and the hair above it.
NEAR_MARGIN_X, NEAR_MARGIN_Y = 2.0, 2.0


def _measure_near(finer: FinerImage, box: Box) -> tuple[FaceFeatures, tuple[np.ndarray, int, int]]:
    """The face at ``box`` (finer decode's pixels) refined, with its eyes, on the region around
    it; and that region (pixels, x0, y0) for the hair."""
    near = finer.region(box.x - NEAR_MARGIN_X * box.w, box.y - NEAR_MARGIN_Y * box.h,
                        box.x + (1 + NEAR_MARGIN_X) * box.w, box.y + (1 + NEAR_MARGIN_Y) * box.h)
    px, x0, y0 = near
    f = find_eyes(px, refine_box(px, _shifted_box(box, -x0, -y0)))
    return _shifted(f, x0, y0), near


def _shifted_box(b: Box, dx: float, dy: float) -> Box:
    return Box(b.x + dx, b.y + dy, b.w, b.h)


def _shifted(f: FaceFeatures, dx: float, dy: float) -> FaceFeatures:
    return FaceFeatures(_shifted_box(f.box, dx, dy), (f.left_eye[0] + dx, f.left_eye[1] + dy),
                        (f.right_eye[0] + dx, f.right_eye[1] + dy), f.eyes_found)


def _render_from(finer: FinerImage, rect: CropRect, out_size: tuple[int, int]) -> np.ndarray:
    """:func:`render_crop` of ``rect`` on the finer decode, converting only the crop's pixels
    (and the frame's edges for the fill colour)."""
    w, h = finer.size
    edges = [finer.region(0, 0, w, 1)[0][0], finer.region(0, 0, 1, h)[0][:, 0], finer.region(w - 1, 0, w, h)[0][:, 0]]
    fill = tuple(int(v) for v in np.median(np.concatenate(edges), axis=0))
    # A couple of pixels beyond the rectangle, so that render_crop's rounding sees the same edges.
    px, x0, y0 = finer.region(floor(rect.x) - 2, floor(rect.y) - 2, ceil(rect.x + rect.w) + 2, ceil(rect.y + rect.h) + 2)
    return render_crop(px, CropRect(rect.x - x0, rect.y - y0, rect.w, rect.h), out_size, fill)


def _fill_colour(pixels: np.ndarray) -> tuple[int, int, int]:
    """The colour to fill beyond the frame: the median of the top and side edges (the backdrop)."""
    edge = np.concatenate([pixels[0, :], pixels[:, 0], pixels[:, -1]])
    return tuple(int(v) for v in np.median(edge, axis=0))


def render_crop(pixels: np.ndarray, rect: CropRect, out_size: tuple[int, int],
                fill: tuple[int, int, int]) -> np.ndarray:
    """``rect`` (in ``pixels`` coordinates) cut out and resized to ``out_size``; ``fill`` where
    the rectangle leaves the image. Area averaging when shrinking (no aliasing), cubic when
    enlarging."""
    ih, iw = pixels.shape[:2]
    x0, y0 = round(rect.x), round(rect.y)
    x1, y1 = max(x0 + 1, round(rect.x + rect.w)), max(y0 + 1, round(rect.y + rect.h))
    sub = pixels[max(0, y0):max(0, min(ih, y1)), max(0, x0):max(0, min(iw, x1))]
    pads = (max(0, -y0), max(0, y1 - ih), max(0, -x0), max(0, x1 - iw))
    if sub.size == 0:
        sub = np.full((y1 - y0, x1 - x0, 3), fill, dtype=np.uint8)
    elif any(pads):
        sub = pad_constant(sub, *pads, fill)
    return resize(sub, out_size)
