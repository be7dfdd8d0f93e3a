"""Where pictures come from, the part without Qt: a photo file, the demo camera's frames.

Files are not a stream: :func:`read_photo_file` decodes one (EXIF orientation honoured) into the
same :class:`~counter_app.photo.loading.LoadedImage` the pipeline takes. :func:`demo_frames` reads the
still frames of ``devices/camera/`` that the demo camera plays.

The cameras themselves (the live one through QtMultimedia, the demo one at a steady rate) are Qt
objects and live on the UI side: :mod:`counter_app.ui.camera`. The photo package stays free of Qt so
that a server (the citizens' pages) can check and crop photos too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from counter_app.domain.problems import EXIT_INVALID, Severity, pick
from counter_app.photo.loading import LoadedImage, load_image


def read_photo_file(path: str | Path, min_decoded_side: int | None = None) -> LoadedImage:
    """Decode a photo file (JPEG, PNG, BMP) upright; raises ``PhotoError`` with the clerk's message."""
    return load_image(Path(path), min_decoded_side=min_decoded_side)


class DemoCameraUnavailable(RuntimeError):
    """The demo camera was asked for where the simulated devices are not installed (the frozen
    app never has them)."""

    exit_code = EXIT_INVALID  # a UserFacingError (counter_app.domain.problems)
    severity = Severity.ERROR
    zh = "演示相机不可用：本安装不含模拟设备（devices）。演示相机只用于 make demo；请连接真实相机或从文件导入照片"
    en = ("the demo camera is not available: this installation has no simulated devices (devices/). The demo "
          "camera is only for make demo; connect a real camera or import the photo from a file")

    def __init__(self) -> None:
        super().__init__(self.en)

    def message(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)


def demo_frames(folder: Path | None = None) -> list[np.ndarray]:
    """The demo camera's still frames (``devices/camera/frames``, or ``folder``) as H × W × 3 ``uint8`` RGB.

    ``devices`` is imported here, on first use, so that nothing else in the app reaches it. Raises
    :class:`DemoCameraUnavailable` where ``devices`` is not installed."""
    try:
        from devices.camera.player import load_frames  # the simulated device, outside counter_app
    except ImportError as exc:
        raise DemoCameraUnavailable() from exc
    return [rgb for _, rgb in load_frames(folder)]
