"""The photo page's cameras: a live camera (QtMultimedia) and the demo camera, as Qt objects.

Camera sources are QObjects with one signal, ``frameReady(QImage)``, emitted for every frame
(for the live preview), and ``latest_rgb()`` returning the last frame as an RGB numpy array (what
capture hands to the processing, which knows nothing of Qt). The demo camera plays the still
frames of ``devices/camera/`` (read by :func:`counter_app.photo.sources.demo_frames`) at a steady
rate through the same interface, so the demo and the GUI tests run on a machine without a camera;
production never uses it (see :func:`counter_app.ui.backends.default_camera`).

They are here, not in :mod:`counter_app.photo`, because that package is free of Qt.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from counter_app.photo.sources import demo_frames

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


class DemoCameraSource(CameraSource):
    """Plays the still frames of ``devices/camera/frames`` (or ``folder``) at ``fps``.

    The demo's camera only: the app makes one in demo mode alone (``ui.backends.default_camera``).
    Raises :class:`~counter_app.photo.sources.DemoCameraUnavailable` where ``devices`` is not installed."""

    def __init__(self, folder: Path | None = None, fps: float = 10.0, parent: QObject | None = None):
        frames = demo_frames(folder)  # before the QObject is made: a missing `devices` leaves nothing behind
        super().__init__(parent)

        self._frames = [rgb_to_qimage(rgb) for rgb in frames]
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
