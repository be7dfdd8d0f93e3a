"""Where pictures come from: a live camera (QtMultimedia), the demo camera, a file.

Camera sources are QObjects with one signal, ``frameReady(QImage)``, emitted for every frame
(for the live preview), and ``latest_rgb()`` returning the last frame as an RGB numpy array (what
capture hands to the processing, which knows nothing of Qt). The demo camera plays the still
frames of ``devices/camera/`` at a steady rate through the same interface, so the demo and the
GUI tests run on a machine without a camera; production never uses it (see
:func:`counter_app.ui.backends.default_camera`).

Files are not a stream: :func:`read_photo_file` decodes one (EXIF orientation honoured) into the
same :class:`~counter_app.photo.loading.LoadedImage` the pipeline takes.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from counter_app.domain.problems import EXIT_INVALID, Severity
from counter_app.photo.loading import LoadedImage, load_image

log = logging.getLogger(__name__)


def qimage_to_rgb(image: QImage) -> np.ndarray:
    """A copy of ``image`` as H × W × 3 ``uint8`` RGB."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = img.width(), img.height(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8, count=stride * h).reshape(h, stride)
    return np.ascontiguousarray(buf[:, : w * 3].reshape(h, w, 3))


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """``rgb`` (H × W × 3 ``uint8``) as a QImage that owns a copy of the pixels."""
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def read_photo_file(path: str | Path, min_decoded_side: int | None = None) -> LoadedImage:
    """Decode a photo file (JPEG, PNG, BMP) upright; raises ``PhotoError`` with the clerk's message."""
    return load_image(Path(path), min_decoded_side=min_decoded_side)


class CameraSource(QObject):
    """The interface of a camera: start, stop, frames as they come, the last one on demand."""

    frameReady = Signal(QImage)  # noqa: N815 - Qt naming
    failed = Signal(str, str)  # zh, en: the camera could not start or stopped working

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._latest: QImage | None = None

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def latest_rgb(self) -> np.ndarray | None:
        """The last frame as RGB, or None when no frame has arrived yet."""
        return None if self._latest is None or self._latest.isNull() else qimage_to_rgb(self._latest)

    def _publish(self, image: QImage) -> None:
        self._latest = image
        self.frameReady.emit(image)


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
        return self.en if lang == "en" else self.zh


class DemoCameraSource(CameraSource):
    """Plays the still frames of ``devices/camera/frames`` (or ``folder``) at ``fps``.

    The demo's camera only: the app makes one in demo mode alone (``ui.backends.default_camera``),
    and ``devices`` is imported here, on first use, so that nothing else in the app reaches it.
    Raises :class:`DemoCameraUnavailable` where ``devices`` is not installed."""

    def __init__(self, folder: Path | None = None, fps: float = 10.0, parent: QObject | None = None):
        try:
            from devices.camera.player import load_frames  # the simulated device, outside counter_app
        except ImportError as exc:
            raise DemoCameraUnavailable() from exc
        super().__init__(parent)

        self._frames = [rgb_to_qimage(rgb) for _, rgb in load_frames(folder)]
        self._index = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(1000 / fps)))
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._tick()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        image = self._frames[self._index % len(self._frames)]
        self._index += 1
        self._publish(image)


def available_cameras() -> list[str]:
    """The descriptions of the cameras Qt can see (for the camera choice in settings)."""
    from PySide6.QtMultimedia import QMediaDevices

    return [d.description() for d in QMediaDevices.videoInputs()]


class LiveCameraSource(CameraSource):
    """A real camera through QtMultimedia: QCamera → QMediaCaptureSession → QVideoSink.

    ``device`` picks the camera by its description (the settings' camera choice); empty means
    the system default. A missing or failing camera is reported through ``failed``.
    """

    def __init__(self, device: str = "", parent: QObject | None = None):
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink

        inputs = QMediaDevices.videoInputs()
        chosen = next((d for d in inputs if d.description() == device), None) if device else None
        if chosen is None:
            chosen = QMediaDevices.defaultVideoInput()
        self._camera = QCamera(chosen, self) if not chosen.isNull() else None
        self._session = QMediaCaptureSession(self)
        self._sink = QVideoSink(self)
        if self._camera is not None:
            self._session.setCamera(self._camera)
            self._camera.errorOccurred.connect(self._on_error)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_frame)

    def start(self) -> None:
        if self._camera is None:
            self.failed.emit("未找到相机：请连接相机，或从文件导入照片",
                             "no camera found: connect one, or import the photo from a file")
            return
        self._camera.start()

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()

    def _on_frame(self, frame) -> None:
        image = frame.toImage()
        if not image.isNull():
            self._publish(image)

    def _on_error(self, _error, text: str) -> None:
        log.warning("camera error: %s", text)
        self.failed.emit(f"相机出错：{text}", f"camera error: {text}")
