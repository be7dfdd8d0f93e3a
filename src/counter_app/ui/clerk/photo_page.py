"""PhotoStep: the clerk's photo page — live preview, capture or import, crop, checks, accept.

The page shows the camera's frames until the clerk captures one (or imports a file), then shows
the captured picture with the crop the pipeline chose and the guide lines of the standard inside
it. The clerk can drag the crop and zoom it with the wheel (aspect ratio locked); each change
runs the pipeline again with that manual crop. Processing runs on the page's own
:class:`~counter_app.ui.workers.ThreadWorker` (the app's one way to run work off the GUI thread; one
run at a time, every exception ending at its boundary) and reports back in the GUI thread; results of
a superseded run are dropped. ``accepted(PhotoResult)`` is
emitted when the clerk accepts a photo that failed no check.

A rule that could not be measured on the finished photo (未测量: the face was not found again, or
its eyes were only estimated) is never taken for a pass: the page says so, and the photo can be
accepted only after the clerk has looked at the crop (adjusted it if need be) and pressed
"确认人工裁剪" (confirm manual crop), which processes the crop again as the clerk's own, confirmed.

Without a camera (none attached, none configured) the page says so and offers the file import.
"""

from __future__ import annotations

import logging
from itertools import count

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.problems import pick
from counter_app.photo.checks import Verdict
from counter_app.photo.errors import PhotoError
from counter_app.photo.geometry import CropRect
from counter_app.photo.loading import LoadedImage
from counter_app.photo.process import PhotoResult, process_photo
from counter_app.photo.standard import CARD_PHOTO, PhotoStandard
from counter_app.ui.camera import CameraSource, rgb_to_qimage
from counter_app.ui.workers import ThreadWorker

log = logging.getLogger(__name__)

_COLOURS = {Verdict.OK: "#1b7f3b", Verdict.WARN: "#b26a00", Verdict.FAIL: "#c62828",
            Verdict.NOT_MEASURED: "#6a1b9a"}
_MARKS = {Verdict.OK: "✓", Verdict.WARN: "!", Verdict.FAIL: "✗", Verdict.NOT_MEASURED: "?"}


def _process_job(source, crop: CropRect | None, std: PhotoStandard, confirmed: bool = False):
    """Decode (when given a path or a frame) and process, on the photo worker: a ``PhotoResult``.
    The pipeline decodes a path itself, at the scale the face needs; the image it cropped comes back
    with the result and is what later manual crops work on."""
    def job(_ctx, _report) -> PhotoResult:
        return process_photo(source, crop, std, confirmed=confirmed)
    return job


class CropView(QWidget):
    """A picture with a movable, zoomable crop of fixed aspect and the standard's guide lines.

    Live mode shows frames only; after capture the crop is shown and ``cropEdited(CropRect)``
    is emitted (source pixels) when the clerk drags or zooms it.
    """

    cropEdited = Signal(object)  # noqa: N815

    def __init__(self, std: PhotoStandard, parent: QWidget | None = None):
        super().__init__(parent)
        self.std = std
        self._image = QImage()
        self._image_scale = 1.0  # image pixels per source pixel
        self._crop: CropRect | None = None
        self._drag_from: QPointF | None = None
        self.setMinimumSize(320, 240)
        self.setMouseTracking(False)

    def show_frame(self, image: QImage) -> None:
        self._image, self._image_scale, self._crop = image, 1.0, None
        self.update()

    def show_capture(self, image: QImage, image_scale: float, crop: CropRect | None) -> None:
        self._image, self._image_scale, self._crop = image, image_scale, crop
        self.update()

    def set_crop(self, crop: CropRect | None) -> None:
        self._crop = crop
        self.update()

    @property
    def crop(self) -> CropRect | None:
        return self._crop

    def _fit(self) -> tuple[float, float, float]:
        """Widget px per source px, and the picture's offset in the widget."""
        if self._image.isNull():
            return 1.0, 0.0, 0.0
        sw, sh = self._image.width() / self._image_scale, self._image.height() / self._image_scale
        k = min(self.width() / sw, self.height() / sh)
        return k, (self.width() - sw * k) / 2, (self.height() - sh * k) / 2

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#202020"))
        if self._image.isNull():
            return
        k, ox, oy = self._fit()
        sw, sh = self._image.width() / self._image_scale, self._image.height() / self._image_scale
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(QRectF(ox, oy, sw * k, sh * k), self._image)
        if self._crop is None:
            return
        c = self._crop
        r = QRectF(ox + c.x * k, oy + c.y * k, c.w * k, c.h * k)
        p.setPen(QPen(QColor("#00c853"), 2))
        p.drawRect(r)
        # Guide lines in output pixels, mapped into the crop rectangle.
        u = r.width() / self.std.width
        p.setPen(QPen(QColor(255, 235, 59, 200), 1, Qt.PenStyle.DashLine))
        for y in (self.std.hair_top_min, self.std.hair_top_max, self.std.eye_line_max_y):
            p.drawLine(QPointF(r.left(), r.top() + y * u), QPointF(r.right(), r.top() + y * u))
        for x in (self.std.eye_mid_x_min, self.std.eye_mid_x_max):
            p.drawLine(QPointF(r.left() + x * u, r.top()), QPointF(r.left() + x * u, r.top() + r.height() * 0.6))
        p.setPen(QPen(QColor(0, 176, 255, 180), 1, Qt.PenStyle.DotLine))
        mid = r.left() + self.std.width / 2 * u
        for half in (self.std.face_width_min / 2, self.std.face_width_max / 2):
            p.drawLine(QPointF(mid - half * u, r.top() + r.height() * 0.3), QPointF(mid - half * u, r.top() + r.height() * 0.7))
            p.drawLine(QPointF(mid + half * u, r.top() + r.height() * 0.3), QPointF(mid + half * u, r.top() + r.height() * 0.7))

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self._crop is not None:
            self._drag_from = event.position()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._crop is None or self._drag_from is None:
            return
        k, _, _ = self._fit()
        d = (event.position() - self._drag_from) / k
        self._drag_from = event.position()
        self._crop = CropRect(self._crop.x + d.x(), self._crop.y + d.y(), self._crop.w, self._crop.h)
        self.update()

    def mouseReleaseEvent(self, _event) -> None:  # noqa: N802
        if self._crop is not None and self._drag_from is not None:
            self._drag_from = None
            self.cropEdited.emit(self._crop)

    def wheelEvent(self, event) -> None:  # noqa: N802
        if self._crop is None:
            return
        self.zoom(0.95 if event.angleDelta().y() > 0 else 1 / 0.95)

    def zoom(self, factor: float) -> None:
        """Grow (factor > 1) or shrink the crop about its centre, aspect kept."""
        c = self._crop
        if c is None:
            return
        w, h = c.w * factor, c.h * factor
        self._crop = CropRect(c.cx - w / 2, c.cy - h / 2, w, h)
        self.update()
        self.cropEdited.emit(self._crop)


class PhotoStep(QWidget):
    """The photo step of the clerk flow. ``accepted(PhotoResult)`` when the clerk accepts."""

    accepted = Signal(object)
    processed = Signal(object)  # PhotoResult, after every run (tests and the flow's status bar)
    failed = Signal(str)  # the clerk's message, in the page's language
    busyChanged = Signal(bool)  # noqa: N815

    def __init__(self, source: CameraSource | None = None, standard: PhotoStandard = CARD_PHOTO,
                 lang: str = "zh", parent: QWidget | None = None, worker: ThreadWorker | None = None):
        super().__init__(parent)
        self.std, self.lang = standard, lang
        self.source = source
        self._own_worker = worker is None
        self._worker = worker  # made with the first run when the page has its own
        self._tokens = count(1)
        self._current = 0
        self._busy = False
        self._image: LoadedImage | None = None
        self.result: PhotoResult | None = None

        self.view = CropView(standard, self)
        self.output = QLabel(self)
        self.output.setFixedSize(standard.width // 2 + 2, standard.height // 2 + 2)
        self.output.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.checks = QListWidget(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.capture_button = QPushButton(self._t("拍照", "Capture"), self)
        self.import_button = QPushButton(self._t("从文件导入…", "Import file…"), self)
        self.retake_button = QPushButton(self._t("重拍", "Retake"), self)
        self.confirm_button = QPushButton(self._t("确认人工裁剪", "Confirm manual crop"), self)
        self.confirm_button.setToolTip(self._t("已目视检查裁剪框：未能测量的项目由我确认",
                                               "I have checked the crop by eye and vouch for what could not be measured"))
        self.confirm_button.setEnabled(False)
        self.accept_button = QPushButton(self._t("采用此照片", "Accept photo"), self)
        self.accept_button.setEnabled(False)

        buttons = QHBoxLayout()
        for b in (self.capture_button, self.import_button, self.retake_button, self.confirm_button,
                  self.accept_button):
            buttons.addWidget(b)
        right = QVBoxLayout()
        right.addWidget(self.output)
        right.addWidget(self.checks, 1)
        top = QHBoxLayout()
        top.addWidget(self.view, 1)
        top.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self._recrop = QTimer(self)  # a burst of wheel steps is one re-run
        self._recrop.setSingleShot(True)
        self._recrop.setInterval(250)
        self._recrop.timeout.connect(self._run_manual)
        self.view.cropEdited.connect(lambda _c: self._recrop.start())
        self.capture_button.clicked.connect(self.capture)
        self.import_button.clicked.connect(self._ask_file)
        self.retake_button.clicked.connect(self.retake)
        self.accept_button.clicked.connect(self.accept)
        self.confirm_button.clicked.connect(self.confirm_manual_crop)
        self.capture_button.setEnabled(source is not None)
        if source is not None:
            source.frameReady.connect(self._on_frame)
            source.failed.connect(lambda zh, en: self._say(self._t(zh, en)))

    def _t(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    # --- flow -----------------------------------------------------------------------------
    def start(self) -> None:
        """Show the live camera (if any) and wait for capture or import."""
        self.retake()

    def retake(self) -> None:
        self._current = next(self._tokens)  # drop any run still going
        self._image, self.result = None, None
        self.checks.clear()
        self.output.clear()
        self.accept_button.setEnabled(False)
        self.confirm_button.setEnabled(False)
        self._set_busy(False)
        if self.source is not None:
            self._say(self._t("请让申请人正对镜头，然后点击“拍照”", "Have the applicant face the camera, then Capture"))
            self.source.start()  # a camera that cannot start says so through failed, after this
        else:
            self._say(self.no_camera_text())

    def no_camera_text(self) -> str:
        return self._t("未找到相机：请连接相机并在设置中选择，或点击“从文件导入…”导入照片",
                       "No camera found: connect one and choose it in the settings, or use Import file… "
                       "to import the photo")

    def capture(self) -> None:
        """Take the camera's last frame and process it."""
        frame = self.source.latest_rgb() if self.source is not None else None
        if frame is None:
            self._say(self._t("相机还没有画面", "the camera has shown no picture yet"))
            return
        self.source.stop()
        self._submit(frame, None)

    def import_file(self, path: str) -> None:
        if self.source is not None:
            self.source.stop()
        self._submit(path, None)

    def set_manual_crop(self, crop: CropRect) -> None:
        """The clerk's crop (source pixels): process again with it."""
        self.view.set_crop(crop)
        self._run_manual()

    def accept(self) -> None:
        if self.result is not None and self.result.ok and not self._busy:
            self.accepted.emit(self.result)

    def confirm_manual_crop(self) -> None:
        """The clerk has looked at the crop shown and vouches for what could not be measured:
        process it again as the clerk's own crop, confirmed (the checks that failed still fail)."""
        if self._image is not None and self.view.crop is not None and not self._busy:
            self._recrop.stop()
            self._submit(self._image, self.view.crop, confirmed=True)

    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self._t("选择照片", "Choose a photo"), "",
                                              "Images (*.jpg *.jpeg *.png *.bmp)")
        if path:
            self.import_file(path)

    def _run_manual(self) -> None:
        if self._image is not None and self.view.crop is not None:
            self._submit(self._image, self.view.crop)

    # --- worker ---------------------------------------------------------------------------
    def _submit(self, source, crop: CropRect | None, confirmed: bool = False) -> None:
        self._current = token = next(self._tokens)
        self._set_busy(True)
        self._say(self._t("正在处理…", "Processing…"))
        if self._worker is None:
            self._worker = ThreadWorker("photo", lambda: None)
        self._worker.call(_process_job(source, crop, self.std, confirmed),
                          lambda result: self._on_done(token, result.image, result),
                          lambda exc: self._on_failed(token, exc))

    def _on_done(self, token: int, image: LoadedImage, result: PhotoResult) -> None:
        if token != self._current:  # superseded by a later run (or the page shut down)
            return
        self._set_busy(False)
        first = self._image is not image
        self._image, self.result = image, result
        if first:
            self.view.show_capture(rgb_to_qimage(image.pixels), image.scale, result.crop)
        else:
            self.view.set_crop(result.crop)
        self.output.setPixmap(QPixmap.fromImage(QImage.fromData(result.jpeg)).scaled(
            self.output.width() - 2, self.output.height() - 2, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        self.checks.clear()
        for c in result.checks:
            item = QListWidgetItem(f"{_MARKS[c.verdict]} {c.message(self.lang)}")
            if c.verdict is Verdict.NOT_MEASURED:  # the whole message: the list cuts long lines
                item.setToolTip(c.message(self.lang) + self._t(f"（要求 {c.limit}）", f" (limit {c.limit})"))
            elif c.verdict is not Verdict.OK:
                item.setToolTip(self._t(f"测得 {c.measured}，要求 {c.limit}", f"measured {c.measured}, limit {c.limit}"))
            item.setForeground(QColor(_COLOURS[c.verdict]))
            self.checks.addItem(item)
        self.accept_button.setEnabled(result.ok)
        self.confirm_button.setEnabled(result.needs_confirmation and not result.failures)
        if result.ok and result.confirmed and result.not_measured:
            self._say(self._t("已确认人工裁剪，可以采用", "Manual crop confirmed: accept the photo"))
        elif result.ok:
            self._say(self._t("照片合格，可以采用", "The photo passes: accept it"))
        elif not result.failures:
            n = len(result.not_measured)
            self._say(self._t(
                f"有 {n} 项检查未能测量（标 ? 的项目）：人脸或眼睛在成品照片上未能找到。请目视检查裁剪框"
                "（可拖动、滚轮缩放），确认无误后点击“确认人工裁剪”，再采用照片",
                f"{n} checks could not be measured (marked ?): the face or the eyes were not found on the "
                "finished photo. Check the crop by eye (drag, wheel to zoom), then Confirm manual crop "
                "before accepting"))
        else:
            self._say(self._t("照片不合格：请看下面的检查结果，调整裁剪框或重拍",
                              "The photo fails: see the checks, adjust the crop or retake"))
        self.processed.emit(result)

    def _on_failed(self, token: int, exc: BaseException) -> None:
        if token != self._current:
            return
        if isinstance(exc, PhotoError):
            zh, en = exc.zh, exc.en
        else:  # logged at the worker boundary
            zh, en = f"照片处理出错：{type(exc).__name__}", f"photo processing failed: {type(exc).__name__}"
        self._set_busy(False)
        self.accept_button.setEnabled(False)
        self.confirm_button.setEnabled(False)
        self._say(self._t(zh, en))
        self.failed.emit(self._t(zh, en))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.import_button.setEnabled(not busy)
        self.capture_button.setEnabled(not busy and self.source is not None)
        if busy:
            self.accept_button.setEnabled(False)
            self.confirm_button.setEnabled(False)
        self.busyChanged.emit(busy)

    def _on_frame(self, image: QImage) -> None:
        if self._image is None and not self._busy:
            self.view.show_frame(image)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def shutdown(self) -> None:
        """Stop the camera and wait for a running job (call before the widget goes away)."""
        if self.source is not None:
            self.source.stop()
        self._current = -1
        if self._own_worker and self._worker is not None:
            self._worker.stop(10_000)  # after the running job; the page's next run starts a new one
            self._worker = None
