"""Decode any photo input safely into one shape: an RGB ``uint8`` array, upright.

Inputs are a file path, the file's bytes, a PIL image or a numpy frame from a camera. Everything
that can go wrong with a file the clerk picked (empty, truncated, not an image, a format we do
not take, a decompression bomb, too small to hold a face) ends as :class:`PhotoError` with a
precise code and a message in Chinese and English, never as a Pillow exception.

EXIF orientation is honoured (phones store portrait photos as rotated landscape pixels), CMYK,
grey-scale, palette and alpha images become plain RGB (alpha composited on white, the standard's
background). Large JPEGs are decoded at a reduced scale through libjpeg's DCT scaling when the
caller says how many pixels it needs: a 12-megapixel photo is mostly discarded by the crop, and
decoding it at half size is the single largest saving of the pipeline.
"""

from __future__ import annotations

import io
import os
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from counter_app.photo.errors import PhotoError

ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "BMP"})  # MPO: the JPEG of some cameras
MAX_PIXELS = 80_000_000  # beyond any counter camera; guards memory against bombs
MAX_FILE_BYTES = 80 * 1024 * 1024
MIN_SIDE = 160  # below this there is no room for a usable face

PhotoInput = str | os.PathLike | bytes | np.ndarray | Image.Image


@dataclass(frozen=True, slots=True)
class LoadedImage:
    """An upright RGB image and where it came from.

    ``pixels`` may be a reduced decode of the source: ``scale`` is pixels per source pixel (1.0
    when decoded in full). Crop rectangles exchanged with callers are in source pixels, the
    upright full-resolution image a person would see.
    """

    pixels: np.ndarray  # H × W × 3, uint8, RGB
    source_size: tuple[int, int]  # (width, height), upright, full resolution
    scale: float
    format: str  # "JPEG", "PNG", "BMP", "MPO" or "frame"
    source_mode: str  # the decoder's mode before conversion ("RGB", "L", "CMYK", ...)
    # The file, kept when ``pixels`` is a reduced decode, so that the part around a small face
    # can be had at a finer scale (see :meth:`finer`).
    source_file: _SourceFile | None = field(default=None, repr=False, compare=False)

    @property
    def size(self) -> tuple[int, int]:
        return self.pixels.shape[1], self.pixels.shape[0]

    def finer(self, min_decoded_side: int) -> FinerImage | None:
        """The source decoded again with at least ``min_decoded_side`` pixels along its shorter
        side (as far as the file has them), or ``None`` when ``pixels`` is already the full
        resolution or the file was not kept."""
        if self.source_file is None or self.scale >= 1.0:
            return None
        return self.source_file.decoded(min_decoded_side)


@dataclass(frozen=True)
class FinerImage:
    """A finer decode of a photo, as a Pillow image: only the regions asked for become arrays.

    Turning a decoded 12-MP JPEG into a NumPy array costs about twice its decoding; a small face
    needs a few hundred pixels around it and the crop, not the frame."""

    image: Image.Image  # upright, decoded
    scale: float  # pixels per source pixel

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    def region(self, x0: int, y0: int, x1: int, y1: int) -> tuple[np.ndarray, int, int]:
        """The RGB pixels of ``[x0, x1) × [y0, y1)`` clipped to the image, and the clipped
        top-left corner."""
        w, h = self.image.size
        x0, y0 = min(max(0, int(x0)), w - 1), min(max(0, int(y0)), h - 1)
        x1, y1 = max(x0 + 1, min(w, int(x1))), max(y0 + 1, min(h, int(y1)))
        return _to_rgb(self.image.crop((x0, y0, x1, y1))), x0, y0


class _SourceFile:
    """A JPEG's bytes, decoded again on demand at a finer scale; the last decode is kept (the
    clerk's manual crops of the same photo ask for it again)."""

    def __init__(self, data: bytes):
        self._data = data
        self._lock = threading.Lock()
        self._last: tuple[int, FinerImage] | None = None

    def decoded(self, min_decoded_side: int) -> FinerImage:
        with self._lock:
            if self._last is None or self._last[0] < min_decoded_side:
                img, _upright, scale, _mode, _orientation = _decode(Image.open(io.BytesIO(self._data)),
                                                                    "JPEG", min_decoded_side)
                self._last = (min_decoded_side, FinerImage(img, scale))
            return self._last[1]


def load_image(source: PhotoInput, *, min_decoded_side: int | None = None) -> LoadedImage:
    """Decode ``source`` into an upright RGB image.

    ``min_decoded_side``: the caller needs at least this many pixels along the shorter side; a
    JPEG larger than that may be decoded at 1/2, 1/4 or 1/8 scale. ``None`` decodes in full.
    """
    if isinstance(source, np.ndarray):
        return _from_array(source)
    if isinstance(source, Image.Image):
        return _from_pil(source, "frame", min_decoded_side)
    data = _read_bytes(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _not_an_image() if isinstance(exc, UnidentifiedImageError) else _too_large(None) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged() from exc
    if img.format not in ACCEPTED_FORMATS:
        raise PhotoError(
            "photo.format",
            f"不支持的图像格式 {img.format}：请使用 JPEG、PNG 或 BMP 文件",
            f"unsupported image format {img.format}: use a JPEG, PNG or BMP file",
        )
    image = _from_pil(img, img.format, min_decoded_side)
    if image.scale < 1.0:
        image = LoadedImage(image.pixels, image.source_size, image.scale, image.format, image.source_mode,
                            _SourceFile(data))
    return image


def _read_bytes(source: str | os.PathLike | bytes) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise _too_large(None)
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise PhotoError("photo.not_found", f"找不到照片文件：{path}", f"photo file not found: {path}") from exc
        except IsADirectoryError as exc:
            raise PhotoError("photo.not_found", f"这是文件夹，不是照片文件：{path}",
                             f"this is a folder, not a photo file: {path}") from exc
        except PermissionError as exc:
            raise PhotoError("photo.unreadable", f"没有权限读取照片文件：{path}",
                             f"no permission to read the photo file: {path}") from exc
    if not data:
        raise PhotoError("photo.empty", "照片文件是空的（0 字节）", "the photo file is empty (0 bytes)")
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(None)
    return data


def _from_pil(img: Image.Image, fmt: str, min_decoded_side: int | None) -> LoadedImage:
    img, upright, scale, mode, _orientation = _decode(img, fmt, min_decoded_side)
    return LoadedImage(_to_rgb(img), upright, scale, fmt, mode)


def _decode(img: Image.Image, fmt: str, min_decoded_side: int | None):
    """``img`` decoded (reduced through libjpeg when ``min_decoded_side`` allows) and turned
    upright: (image, upright full size, scale, decoder mode, EXIF orientation)."""
    full_w, full_h = img.size
    if full_w * full_h > MAX_PIXELS:
        raise _too_large((full_w, full_h))
    mode = img.mode
    try:
        orientation = int(img.getexif().get(0x0112, 1))  # EXIF Orientation: 5–8 swap width and height
    except Exception:  # a broken EXIF block is no reason to refuse the pixels
        orientation = 1
    if min_decoded_side and fmt in ("JPEG", "MPO") and min(full_w, full_h) > 2 * min_decoded_side:
        # libjpeg picks the largest reduction that still gives at least the requested size.
        ratio = min_decoded_side / min(full_w, full_h)
        img.draft(None, (max(1, int(full_w * ratio + 0.5)), max(1, int(full_h * ratio + 0.5))))
    try:
        img.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged() from exc
    scale = img.size[0] / full_w
    if orientation != 1:  # exif_transpose copies the pixels even when there is nothing to turn
        try:
            img = ImageOps.exif_transpose(img)
        except Exception:  # a malformed EXIF block: keep the pixels as stored rather than refuse them
            orientation = 1
    upright = (full_h, full_w) if orientation in (5, 6, 7, 8) else (full_w, full_h)
    if min(upright) < MIN_SIDE:
        raise PhotoError(
            "photo.too_small",
            f"图像太小（{upright[0]}×{upright[1]} 像素），至少需要 {MIN_SIDE} 像素：请重新拍摄或选用更清晰的照片",
            f"the image is too small ({upright[0]}×{upright[1]} px), at least {MIN_SIDE} px are needed: "
            "take the photo again or choose a larger file",
        )
    return img, upright, scale, mode, orientation


def _to_rgb(img: Image.Image) -> np.ndarray:
    """Plain 8-bit RGB: alpha on white, CMYK and palettes through Pillow, 16-bit grey scaled down."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float64)
        peak = 65535.0 if arr.max() > 255 else 255.0
        grey = np.clip(arr * (255.0 / peak), 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    if img.mode != "RGB":  # convert() copies even an RGB image: 12 MP of needless copying
        img = img.convert("RGB")
    return _rgb_pixels(img)


def _rgb_pixels(img: Image.Image) -> np.ndarray:
    """The pixels of an RGB image as an H × W × 3 array.

    ``np.asarray(img)`` goes through ``tobytes()``, which packs the pixels in 64-KB chunks and
    joins them (≈ 50 ms for 12 MP, more than the decoding); Pillow's own paste into an RGBA image
    sharing a NumPy buffer, then one NumPy copy, is a third of that. Falls back to ``asarray``
    should a Pillow version refuse the shared buffer."""
    w, h = img.size
    try:
        buf = np.empty((h, w, 4), np.uint8)
        target = Image.frombuffer("RGBA", (w, h), buf, "raw", "RGBA", 0, 1)
        target.readonly = 0  # a buffer we own: Pillow may write into it
        target.im.paste(img.im, (0, 0, w, h))
        return np.ascontiguousarray(buf[:, :, :3])
    except (AttributeError, TypeError, ValueError):
        return np.ascontiguousarray(np.asarray(img, dtype=np.uint8))


def _from_array(frame: np.ndarray) -> LoadedImage:
    """A camera frame: H × W × 3 RGB (or grey, or RGBA) ``uint8``."""
    if frame.dtype != np.uint8 or frame.ndim not in (2, 3) or (frame.ndim == 3 and frame.shape[2] not in (3, 4)):
        raise PhotoError("photo.frame", "相机画面格式无法识别", f"unrecognised camera frame {frame.shape} {frame.dtype}")
    h, w = frame.shape[:2]
    if w * h > MAX_PIXELS:
        raise _too_large((w, h))
    if min(w, h) < MIN_SIDE:
        raise PhotoError("photo.too_small", f"相机画面太小（{w}×{h} 像素）", f"the camera frame is too small ({w}×{h} px)")
    mode = "L" if frame.ndim == 2 else ("RGBA" if frame.shape[2] == 4 else "RGB")
    if mode == "RGB":
        rgb = np.ascontiguousarray(frame)
    else:
        rgb = _to_rgb(Image.fromarray(frame))
    return LoadedImage(rgb, (w, h), 1.0, "frame", mode)


def _not_an_image() -> PhotoError:
    return PhotoError(
        "photo.not_image",
        "这个文件不是图像（或格式无法识别）：请选择 JPEG、PNG 或 BMP 照片",
        "this file is not an image (or its format is not recognised): choose a JPEG, PNG or BMP photo",
    )


def _damaged() -> PhotoError:
    return PhotoError(
        "photo.damaged",
        "照片文件已损坏或不完整，无法读取：请重新拍摄或重新复制文件",
        "the photo file is damaged or incomplete and cannot be read: take it again or copy the file again",
    )


def _too_large(size: tuple[int, int] | None) -> PhotoError:
    dims = f"{size[0]}×{size[1]} 像素" if size else ""
    dims_en = f" ({size[0]}×{size[1]} px)" if size else ""
    return PhotoError(
        "photo.too_large",
        f"图像过大{('（' + dims + '）') if dims else ''}，最多 {MAX_PIXELS // 1_000_000} 百万像素",
        f"the image is too large{dims_en}: at most {MAX_PIXELS // 1_000_000} megapixels",
    )
