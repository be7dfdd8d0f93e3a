"""Capture sources and processing to the card photo standard.

Processing (no Qt): :func:`~counter_app.photo.process.process_photo` turns a file, bytes or a
camera frame into a :class:`~counter_app.photo.process.PhotoResult` (the 358 × 441 px JPEG, the
chip copy for EF08, every check, the crop used). Qt lives only in ``sources`` (cameras; import it
explicitly); the clerk's photo page is the UI's (:mod:`counter_app.ui.clerk.photo_page`).
"""

from counter_app.photo.checks import PhotoCheck, Verdict
from counter_app.photo.errors import PhotoError
from counter_app.photo.geometry import CropRect
from counter_app.photo.process import PhotoResult, process_photo
from counter_app.photo.standard import CARD_PHOTO, PhotoStandard

__all__ = ["CARD_PHOTO", "CropRect", "PhotoCheck", "PhotoError", "PhotoResult", "PhotoStandard", "Verdict",
           "process_photo"]
