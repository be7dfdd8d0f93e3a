"""The technician's home: every check with its verdict, what was measured and what to do next; the
APDU console; the camera's live preview; the printer's test page; the support bundle.

All device work runs on the device worker (:mod:`counter_app.ui.technician.jobs`); this widget only
shows results. ``env_factory`` builds the diagnostics' view of the machine (tests give one over
the simulated devices).
"""

from __future__ import annotations

import json
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.diagnostics.result import CheckResult, Verdict, worst
from counter_app.ui.errors import error_text
from counter_app.ui.technician import jobs

VERDICT_COLOURS = {Verdict.OK: "#1b7f3b", Verdict.WARNING: "#b26a00", Verdict.FAULT: "#c62828"}


class ChecksPage(QWidget):
    finished = Signal(list)  # noqa: N815  the CheckResults
    bundleWritten = Signal(str)  # noqa: N815  the zip's path

    def __init__(self, app_ctx, env_factory, parent=None):
        super().__init__(parent)
        self.ctx, self.env_factory = app_ctx, env_factory
        self.results: list[CheckResult] = []
        self.busy = False
        self.run_button = QPushButton(self.tr("全部检查"))
        self.run_button.setObjectName("runAllButton")
        self.run_button.clicked.connect(self.run_all)
        self.test_page_button = QPushButton(self.tr("打印测试页"))
        self.test_page_button.clicked.connect(self.print_test_page)
        self.bundle_button = QPushButton(self.tr("生成诊断包…"))
        self.bundle_button.clicked.connect(self.ask_bundle)
        self.summary = QLabel(self.tr("点击“全部检查”开始。"))
        self.summary.setObjectName("diagSummary")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("diagChecks")
        self.table.setHorizontalHeaderLabels([self.tr("检查项"), self.tr("结论"), self.tr("测量值"), self.tr("下一步")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        buttons = QHBoxLayout()
        for b in (self.run_button, self.test_page_button, self.bundle_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(buttons)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for b in (self.run_button, self.test_page_button, self.bundle_button):
            b.setEnabled(not busy)

    def run_all(self) -> None:
        if self.busy or self.ctx.device is None:
            return
        self._set_busy(True)
        self.results = []
        self.table.setRowCount(0)
        self.summary.setText(self.tr("正在检查…"))
        self.ctx.device.call(jobs.job_run_checks(self.env_factory, self.ctx.session),
                             self._done, self._failed, self._add_row)

    def _add_row(self, r: CheckResult) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(r.title(self.ctx.lang))
        verdict = QTableWidgetItem(r.verdict.label(self.ctx.lang))
        verdict.setForeground(QColor(VERDICT_COLOURS[r.verdict]))
        measured = QTableWidgetItem(json.dumps(r.measured, ensure_ascii=False, default=str))
        advice = QTableWidgetItem(r.advice(self.ctx.lang))
        for col, item in enumerate((name, verdict, measured, advice)):
            item.setData(Qt.ItemDataRole.UserRole, r.name)
            self.table.setItem(row, col, item)

    def _done(self, results: list[CheckResult]) -> None:
        self._set_busy(False)
        self.results = list(results)
        if self.table.rowCount() != len(results):  # progress signals lost or merged: redraw
            self.table.setRowCount(0)
            for r in results:
                self._add_row(r)
        self.table.resizeRowsToContents()
        v = worst(results)
        counts = {k: sum(r.verdict is k for r in results) for k in Verdict}
        self.summary.setText(self.ctx.t(
            f"结论：{v.zh}（正常 {counts[Verdict.OK]}，注意 {counts[Verdict.WARNING]}，故障 {counts[Verdict.FAULT]}）",
            f"Result: {v.value} ({counts[Verdict.OK]} ok, {counts[Verdict.WARNING]} warnings, {counts[Verdict.FAULT]} faults)"))
        self.finished.emit(self.results)

    def _failed(self, exc) -> None:
        self._set_busy(False)
        msg = error_text(exc, self.ctx.lang)
        self.summary.setText(self.ctx.t(f"检查失败：{msg}", f"The checks failed: {msg}"))

    def result(self, name: str) -> CheckResult | None:
        return next((r for r in self.results if r.name == name), None)

    # --- printer and bundle ------------------------------------------------------------------------

    def print_test_page(self) -> None:
        if self.busy or self.ctx.device is None:
            return
        self._set_busy(True)

        def done(outcome):
            self._set_busy(False)
            self.summary.setText(outcome.message(self.ctx.lang))

        self.ctx.device.call(jobs.job_test_page(self.ctx.session), done, self._failed)

    def ask_bundle(self) -> None:
        default = str(self.ctx.paths.data_dir / f"diag-{time.strftime('%Y%m%d-%H%M%S')}.zip")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存诊断包"), default, "Zip (*.zip)")
        if path:
            self.make_bundle(path)

    def make_bundle(self, path: str) -> None:
        if self.busy or self.ctx.device is None:
            return
        self._set_busy(True)

        def done(out):
            self._set_busy(False)
            self.summary.setText(self.ctx.t(f"诊断包已保存：{out}", f"Bundle saved: {out}"))
            self.bundleWritten.emit(str(out))

        self.ctx.device.call(jobs.job_bundle(self.env_factory, self.ctx.session, path, self.ctx.lang,
                                             self.results or None), done, self._failed)


class ConsolePage(QWidget):
    """Send APDUs to the card or PSAM reader; dangerous ones need a confirmation."""

    answered = Signal(object)  # noqa: N815  the ConsoleRun, or the exception

    def __init__(self, app_ctx, env_factory, parent=None):
        super().__init__(parent)
        self.ctx, self.env_factory = app_ctx, env_factory
        self.confirm = self._ask  # tests replace it: (names) -> bool
        self.reader = QComboBox()
        self.reader.addItem(self.tr("写卡槽（用户卡）"), "card")
        self.reader.addItem(self.tr("PSAM 卡座"), "psam")
        self.script = QPlainTextEdit()
        self.script.setObjectName("apduScript")
        self.script.setPlaceholderText(self.tr("每行一条 APDU，如：00A404000F7378312E73682EC9E7BBE1B1A3D5CF  # 选择社保应用"))
        self.send_button = QPushButton(self.tr("发送"))
        self.send_button.setObjectName("apduSend")
        self.send_button.clicked.connect(self.send)
        self.output = QPlainTextEdit()
        self.output.setObjectName("apduTrace")
        self.output.setReadOnly(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("读卡器：")))
        row.addWidget(self.reader)
        row.addStretch(1)
        row.addWidget(self.send_button)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.script, 1)
        box.addWidget(QLabel(self.tr("记录（已屏蔽密码、密文和个人信息；时间为毫秒）：")))
        box.addWidget(self.output, 2)

    def _ask(self, names: list[str]) -> bool:
        answer = QMessageBox.warning(
            self, self.tr("确认发送"),
            self.tr("脚本包含会修改卡片或消耗重试次数的指令：%1。确定发送吗？").replace("%1", "、".join(names)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def send(self) -> None:
        from counter_app.diagnostics.console import dangerous_names, parse_script
        from counter_app.domain.problems import DomainError

        try:
            apdus = parse_script(self.script.toPlainText())
        except DomainError as exc:
            self.output.setPlainText(exc.message(self.ctx.lang))
            return
        if not apdus:
            return
        names = dangerous_names(apdus)
        confirm = bool(names) and self.confirm(names)
        if names and not confirm:
            self.output.setPlainText(self.ctx.t("已取消：未发送任何指令。", "Cancelled: nothing was sent."))
            return
        self.send_button.setEnabled(False)
        self.ctx.device.call(jobs.job_apdu(self.env_factory, self.ctx.session, self.reader.currentData(), apdus, confirm),
                             self._done, self._failed)

    def _done(self, run) -> None:
        self.send_button.setEnabled(True)
        text = f"# {run.reader}  ATR {run.atr}\n{run.trace}"
        if run.error:
            text += self.ctx.t(f"中断：{run.error_zh}\n", f"stopped: {run.error}\n")
        self.output.setPlainText(text)
        self.answered.emit(run)

    def _failed(self, exc) -> None:
        self.send_button.setEnabled(True)
        msg = error_text(exc, self.ctx.lang)
        self.output.setPlainText(msg)
        self.answered.emit(exc)


class CameraPage(QWidget):
    """The configured camera's live preview with its measured frame rate."""

    measured = Signal(object)  # noqa: N815  CheckResult camera.frame_rate

    def __init__(self, app_ctx, parent=None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.source = None
        self.frames = 0
        self.started_at = 0.0
        self.preview = QLabel(self.tr("未开始预览"))
        self.preview.setObjectName("cameraPreview")
        self.preview.setMinimumSize(320, 240)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fps = QLabel("")
        self.fps.setObjectName("cameraFps")
        self.toggle = QPushButton(self.tr("开始预览"))
        self.toggle.clicked.connect(lambda: self.stop() if self.source is not None else self.start())
        box = QVBoxLayout(self)
        box.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.preview, 1)
        box.addWidget(self.fps)

    def start(self) -> None:
        make = getattr(self.ctx.backends, "make_camera", None)
        self.source = make(self.ctx.settings) if make else None
        if self.source is None:
            self.fps.setText(self.ctx.t("没有可用的相机", "no camera available"))
            return
        self.frames, self.started_at = 0, time.monotonic()
        self.source.frameReady.connect(self._frame)
        self.source.failed.connect(lambda zh, en: self.fps.setText(self.ctx.t(zh, en)))
        self.source.start()
        self.toggle.setText(self.tr("停止预览"))

    def _frame(self, image) -> None:
        self.frames += 1
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        elapsed = time.monotonic() - self.started_at
        if elapsed > 0:
            self.fps.setText(self.ctx.t(f"帧率：{self.frames / elapsed:.1f} 帧/秒（{self.frames} 帧）",
                                        f"frame rate: {self.frames / elapsed:.1f} fps ({self.frames} frames)"))

    def stop(self):
        from counter_app.diagnostics.camera_checks import frame_rate_result

        if self.source is None:
            return None
        self.source.stop()
        result = frame_rate_result(self.frames, time.monotonic() - self.started_at, type(self.source).__name__)
        self.source.deleteLater()
        self.source = None
        self.toggle.setText(self.tr("开始预览"))
        self.measured.emit(result)
        return result


class TechnicianHome(QWidget):
    def __init__(self, app_ctx, env_factory=None, parent=None):
        super().__init__(parent)
        self.setObjectName("technicianHome")
        self.ctx = app_ctx
        env_factory = env_factory or getattr(app_ctx, "diagnostics_env", None) or jobs.default_environment(app_ctx)
        title = QLabel(self.tr("技术员工作台：设备诊断"))
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.checks = ChecksPage(app_ctx, env_factory)
        self.console = ConsolePage(app_ctx, env_factory)
        self.camera = CameraPage(app_ctx)
        self.tabs.addTab(self.checks, self.tr("检查"))
        self.tabs.addTab(self.console, self.tr("APDU 控制台"))
        self.tabs.addTab(self.camera, self.tr("相机预览"))
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(self.tabs, 1)

    def shutdown(self) -> None:
        self.camera.stop()
