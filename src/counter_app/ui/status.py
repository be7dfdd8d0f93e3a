"""The status bar: encoder, PSAM, printer and ledger lights, the sync queue and "同步 / Sync now".

Each light is a coloured dot with a short name; its tooltip says why it has that colour (the
probe's message). The figures come from :func:`counter_app.ui.context.job_status` on the database
worker every few seconds; the GUI thread only paints them.

"Sync now" only emits :attr:`DeviceStatusBar.syncRequested` (the main window wakes the sync worker
with :meth:`counter_app.ui.context.AppContext.sync_now`); its tooltip shows the backlog and the
last result (the ledger light's message). It is off while the counter is not enrolled.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from counter_app.ui.backends import Indicator

COLOURS = {"ok": "#1b7f3b", "warn": "#b26a00", "error": "#c62828", "off": "#757575"}


def level_name(level: str) -> str:
    """The light's level in the interface language (Qt's translator: "正常" / "OK" …)."""
    names = {"ok": QCoreApplication.translate("Light", "正常"), "warn": QCoreApplication.translate("Light", "注意"),
             "error": QCoreApplication.translate("Light", "故障"), "off": QCoreApplication.translate("Light", "未启用")}
    return names.get(level, level)


class Light(QWidget):
    def __init__(self, name: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.name, self.lang = name, lang
        self.dot = QLabel("●")
        self.label = QLabel(name)
        self.level = "off"
        box = QHBoxLayout(self)
        box.setContentsMargins(6, 0, 6, 0)
        box.setSpacing(4)
        box.addWidget(self.dot)
        box.addWidget(self.label)
        self.set(Indicator("off", "状态未知", "state unknown"))

    def set(self, indicator: Indicator) -> None:
        self.level = indicator.level
        self.dot.setStyleSheet(f"color: {COLOURS.get(indicator.level, '#757575')}; font-size: 14pt;")
        level = level_name(indicator.level)
        self.setToolTip(self.tr("%1：%2\n%3").replace("%1", self.name).replace("%2", level)
                        .replace("%3", indicator.text(self.lang)))
        self.dot.setAccessibleName(f"{self.name} {level}")


def format_age(seconds: float | None, lang: str = "zh") -> str:
    """How long the oldest record waits, in the interface language (``lang`` is kept for callers; the
    words come from Qt's translator)."""
    if seconds is None:
        return ""
    minutes = int(seconds // 60)
    if minutes == 0:
        return QCoreApplication.translate("StatusAge", "%1 秒").replace("%1", str(int(seconds)))
    if minutes < 120:
        return QCoreApplication.translate("StatusAge", "%1 分钟").replace("%1", str(minutes))
    return QCoreApplication.translate("StatusAge", "%1 小时").replace("%1", str(minutes // 60))


class DeviceStatusBar(QStatusBar):
    syncRequested = Signal()  # noqa: N815 - Qt's naming

    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("deviceStatus")
        self.user = QLabel()
        self.encoder = Light(self.tr("写卡器"), lang)
        self.psam = Light("PSAM", lang)
        self.printer = Light(self.tr("打印机"), lang)
        self.ledger = Light(self.tr("中心台账"), lang)
        self.pending = QLabel()
        self.pending.setObjectName("pending")
        self.pending.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.sync_now = QPushButton(self.tr("同步"))
        self.sync_now.setObjectName("syncNow")
        self.sync_now.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a stop of the clerk's Tab order
        self.sync_now.setEnabled(False)  # until the first status says the counter is enrolled
        self.sync_now.clicked.connect(self.syncRequested)
        self.addWidget(self.user)
        for w in (self.encoder, self.psam, self.printer, self.ledger, self.pending, self.sync_now):
            self.addPermanentWidget(w)

    def show_snapshot(self, snap) -> None:
        self.encoder.set(snap.encoder)
        self.psam.set(snap.psam)
        self.printer.set(snap.printer)
        self.ledger.set(snap.ledger)
        if snap.pending:
            age = format_age(snap.oldest_pending_seconds, self.lang)
            backlog = self.tr("待同步 %1 条（最早 %2 前）").replace("%1", str(snap.pending)).replace("%2", age)
        else:
            backlog = self.tr("无待同步记录")
        self.pending.setText(backlog)
        self.pending.setToolTip(self.tr("尚未被中心台账确认的本地记录数与其中最早一条的等待时间"))
        enrolled = snap.ledger.level != "off"
        self.sync_now.setEnabled(enrolled)
        last = snap.ledger.text(self.lang)
        self.sync_now.setToolTip(
            self.tr("立即把待同步记录发送到中心台账\n%1\n上次结果：%2").replace("%1", backlog).replace("%2", last)
            if enrolled else self.tr("无法同步：%1").replace("%1", last))
