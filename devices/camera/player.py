"""Still images played as camera frames: the simulated camera of the demo and the tests.

Frames are the JPEG/PNG files of ``frames/`` (or another folder), decoded once into RGB arrays and
yielded in name order, looped like a live stream. Pacing (frames per second) is the consumer's
business: a Qt timer in the app, nothing in tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image

FRAMES_DIR = Path(__file__).resolve().parent / "frames"
FRAME_SUFFIXES = (".jpg", ".jpeg", ".png")


def frame_files(folder: Path | None = None) -> list[Path]:
    folder = Path(folder) if folder else FRAMES_DIR
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FRAME_SUFFIXES)


def load_frames(folder: Path | None = None) -> list[tuple[str, np.ndarray]]:
    """Every frame as ``(file name, H × W × 3 uint8 RGB)``; an empty folder is an error."""
    files = frame_files(folder)
    if not files:
        raise FileNotFoundError(f"no camera frames (*.jpg, *.png) in {folder or FRAMES_DIR}")
    frames = []
    for path in files:
        with Image.open(path) as img:
            frames.append((path.name, np.ascontiguousarray(np.asarray(img.convert("RGB")))))
    return frames


def iter_frames(folder: Path | None = None, loop: bool = True) -> Iterator[tuple[str, np.ndarray]]:
    """The frames in order, forever when ``loop`` (a camera does not run out of pictures)."""
    frames = load_frames(folder)
    while True:
        yield from frames
        if not loop:
            return
