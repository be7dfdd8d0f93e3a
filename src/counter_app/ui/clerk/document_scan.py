"""A scan of a paper the applicant's guardian or agent brings (household register page, birth certificate,
power of attorney), taken with the camera or imported from a file.

The camera is the one the photo page uses (``Backends.make_camera``), made when the clerk first asks for it
and stopped as soon as the picture is taken (the photo page starts its own afterwards). A file is read as it
is (JPEG, PNG or PDF); a camera frame becomes a JPEG. What is kept is checked as
:meth:`~counter_app.services.representatives.RepresentativeService.attach_scan` will check it when the flow
stores it (at most 5 MB, JPEG/PNG/PDF by its first bytes), so a refused file is said here, at once.
``changed()`` whenever the scan is taken, replaced or removed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from counter_app.domain.people import AttachmentKind
from counter_app.domain.problems import pick
from counter_app.services.representatives import MAX_SCAN_BYTES, ScanRefused
from counter_app.ui.camera import rgb_to_qimage

log = logging.getLogger(__name__)

_SCAN_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"%PDF-")  # as RepresentativeService.attach_scan
THUMB_W, THUMB_H = 96, 64


def check_scan(data: bytes) -> None:
    """:class:`ScanRefused` for what the service would refuse (too large, not a JPEG, PNG or PDF)."""
    if len(data) > MAX_SCAN_BYTES:
        raise ScanRefused("扫描件超过 5 MB", "the scan is larger than 5 MB")
    if not data.startswith(_SCAN_MAGIC):
        raise ScanRefused("扫描件须为 JPEG、PNG 或 PDF", "the scan must be a JPEG, PNG or PDF")


def jpeg_of(image: QImage, quality: int = 85) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "JPEG", quality)
    return bytes(buf.data())


class DocumentScan(QWidget):
    """One scan: which paper it is (when more than one will do), camera or file, a thumbnail, remove."""

    changed = Signal()

    def __init__(self, kinds: tuple[AttachmentKind, ...], lang: str = "zh", make_camera=None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self._make_camera = make_camera
        self.source = None
        self._data: bytes | None = None
        self.kind_box = QComboBox()
        for kind in kinds:
            self.kind_box.addItem(kind.label(lang), kind.value)
        self.kind_label = QLabel(kinds[0].label(lang) if len(kinds) == 1 else "")
        self.camera_button = QPushButton(self.tr("拍摄"))
        self.camera_button.setToolTip(self.tr("用相机拍摄证件页；再按一次拍下"))
        self.file_button = QPushButton(self.tr("从文件导入…"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.remove_button.setEnabled(False)
        self.thumb = QLabel()
        self.thumb.setObjectName("scanThumb")
        self.thumb.setFixedSize(THUMB_W, THUMB_H)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel(self.tr("未扫描"))
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind_box)
        row.addWidget(self.kind_label)
        row.addWidget(self.camera_button)
        row.addWidget(self.file_button)
        row.addWidget(self.thumb)
        row.addWidget(self.status, 1)
        row.addWidget(self.remove_button)
        # Shown or hidden once in the layout: a widget without a parent shown is a window of its own.
        self.kind_box.setVisible(len(kinds) > 1)
        self.kind_label.setVisible(len(kinds) == 1)
        self.camera_button.clicked.connect(self._camera_clicked)
        self.file_button.clicked.connect(self._ask_file)
        self.remove_button.clicked.connect(self.remove)
        self.kind_box.currentIndexChanged.connect(lambda _i: self.changed.emit() if self._data else None)

    def _t(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    # --- the value ---------------------------------------------------------------------------------

    @property
    def kind(self) -> AttachmentKind:
        return AttachmentKind(self.kind_box.currentData())

    def scan(self) -> tuple[AttachmentKind, bytes] | None:
        """The scan taken (its kind as chosen now), or None."""
        return (self.kind, self._data) if self._data is not None else None

    def set_kind(self, kind: AttachmentKind | str) -> None:
        i = self.kind_box.findData(AttachmentKind(kind).value)
        if i >= 0:
            self.kind_box.setCurrentIndex(i)

    def set_scan(self, data: bytes, kind: AttachmentKind | str | None = None) -> bool:
        """Keep ``data`` as the scan (False, with the reason shown, when the service would refuse it)."""
        try:
            check_scan(data)
        except ScanRefused as exc:
            self._say(exc.message(self.lang), error=True)
            return False
        if kind is not None:
            self.set_kind(kind)
        self._data = data
        image = QImage.fromData(data)
        if image.isNull():  # a PDF: no picture of it here
            self.thumb.setText("PDF")
        else:
            self.thumb.setPixmap(QPixmap.fromImage(image).scaled(
                THUMB_W, THUMB_H, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self._say(self._t(f"已扫描（{len(data) // 1024 + 1} KB）", f"scanned ({len(data) // 1024 + 1} KB)"))
        self.remove_button.setEnabled(True)
        self.changed.emit()
        return True

    def import_file(self, path: str | Path) -> bool:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self._say(self._t(f"无法读取文件：{exc.strerror or exc}", f"the file cannot be read: {exc.strerror or exc}"),
                      error=True)
            return False
        return self.set_scan(data)

    def remove(self) -> None:
        had = self._data is not None
        self._data = None
        self.thumb.clear()
        self.remove_button.setEnabled(False)
        self._say(self.tr("未扫描"))
        if had:
            self.changed.emit()

    def clear(self) -> None:
        self.stop_camera()
        self.remove()
        self.kind_box.setCurrentIndex(0)

    # --- camera and file ------------------------------------------------------------------------

    def _camera_clicked(self) -> None:
        if self.source is None:
            self.start_camera()
        else:
            self.capture()

    def start_camera(self) -> bool:
        """Show the camera's picture in the thumbnail until the clerk presses again (False: no camera)."""
        try:
            self.source = self._make_camera() if self._make_camera is not None else None
        except Exception:  # a camera that cannot be opened must not stop the application
            log.exception("the camera for a scan could not be opened")
            self.source = None
        if self.source is None:
            self._say(self.tr("未找到相机：请点击“从文件导入…”导入扫描件"), error=True)
            return False
        self.source.frameReady.connect(self._on_frame)
        self.source.failed.connect(lambda zh, en: self._say(self._t(zh, en), error=True))
        self.source.start()
        self.camera_button.setText(self.tr("拍下"))
        self._say(self.tr("请将证件页放在相机前，然后点击“拍下”"))
        return True

    def capture(self) -> bool:
        """Take the camera's last frame as the scan (a JPEG) and stop the camera."""
        frame = self.source.latest_rgb() if self.source is not None else None
        if frame is None:
            self._say(self._t("相机还没有画面", "the camera has shown no picture yet"), error=True)
            return False
        self.stop_camera()
        return self.set_scan(jpeg_of(rgb_to_qimage(frame)))

    def stop_camera(self) -> None:
        source, self.source = self.source, None
        if source is not None:
            try:
                source.frameReady.disconnect(self._on_frame)
            except (RuntimeError, TypeError):
                pass
            source.stop()
        self.camera_button.setText(self.tr("拍摄"))

    def _on_frame(self, image: QImage) -> None:
        self.thumb.setPixmap(QPixmap.fromImage(image).scaled(
            THUMB_W, THUMB_H, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation))

    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择扫描件"), "",
                                              self.tr("扫描件") + " (*.jpg *.jpeg *.png *.pdf)")
        if path:
            self.import_file(path)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setObjectName("fieldError" if error else "hint")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

