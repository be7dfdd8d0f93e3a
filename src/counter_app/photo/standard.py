"""The numbers of the card photo standard (社会保障卡制证用数字相片技术要求, after GA 461-2004).

One frozen dataclass holds every limit the pipeline and the checks use, so that a region's variant
(a different size window, the older 236 × 295 px layout) is a different value, not different code.
The defaults are the 358 × 441 px / 350 dpi photo of ``data-standards.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class PhotoStandard:
    """Output format, geometry rules and the thresholds of the quality checks.

    Geometry is in output pixels, measured from the top-left corner of the finished photo.
    """

    width: int = 358
    height: int = 441
    dpi: int = 350
    min_bytes: int = 14 * 1024
    max_bytes: int = 40 * 1024
    jpeg_quality: int = 70  # the nominal quality; moved only as far as the size window needs
    # Face width (the detector's face box, cheek to cheek) and where the head sits.
    face_width_min: int = 179
    face_width_max: int = 255
    hair_top_min: int = 7  # top of the hair, px below the top edge
    hair_top_max: int = 21
    eye_mid_x_min: int = 162  # midpoint of the eye line, px from the left edge
    eye_mid_x_max: int = 196
    eye_line_min_above_bottom: int = 207  # eye line at least this far above the bottom edge
    # The chip variant written to EF08.
    chip_width: int = 150
    chip_height: int = 185
    chip_max_bytes: int = 4096
    # Source quality: a face narrower than this in the source is upscaled (warn) or unusable (fail).
    source_face_warn_px: int = 179
    source_face_fail_px: int = 80
    # Quality checks (0–255 lightness; Laplacian variance for sharpness).
    background_min_lightness: float = 170.0  # warn below
    background_fail_lightness: float = 110.0  # fail below
    background_max_spread: float = 28.0  # warn above (std. dev. of lightness)
    background_fail_spread: float = 50.0
    face_min_lightness: float = 70.0  # face too dark: warn below
    face_fail_dark: float = 40.0
    face_max_lightness: float = 215.0  # face too bright (washed out): warn above
    face_fail_bright: float = 240.0
    sharpness_warn: float = 60.0  # variance of the Laplacian on the face, at output size
    sharpness_fail: float = 15.0
    # Crop that had to be filled beyond the source frame (fraction of the photo's area).
    fill_warn_fraction: float = 0.0
    fill_fail_fraction: float = 0.06

    @property
    def aspect(self) -> float:
        """Width over height of the finished photo (and of any manual crop)."""
        return self.width / self.height

    @property
    def face_width_target(self) -> float:
        return (self.face_width_min + self.face_width_max) / 2

    @property
    def hair_top_target(self) -> float:
        return (self.hair_top_min + self.hair_top_max) / 2

    @property
    def eye_mid_x_target(self) -> float:
        return (self.eye_mid_x_min + self.eye_mid_x_max) / 2

    @property
    def eye_line_max_y(self) -> int:
        """The lowest the eye line may sit, in px from the top edge."""
        return self.height - self.eye_line_min_above_bottom

    def with_size_window(self, min_kb: float, max_kb: float) -> PhotoStandard:
        """The same standard with the region's file-size window (in KB of 1024 bytes)."""
        if not 0 < min_kb < max_kb:
            raise ValueError(f"size window {min_kb}–{max_kb} KB is empty")
        return replace(self, min_bytes=int(min_kb * 1024), max_bytes=int(max_kb * 1024))


CARD_PHOTO = PhotoStandard()
"""The default: 358 × 441 px, 350 dpi, 14–40 KB, chip photo ≤ 4096 bytes."""
