"""The homes of the supervisor and the technician, until their issues bring them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderHome(QWidget):
    def __init__(self, role_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("placeholderHome")
        text = QLabel(self.tr("%1工作台将在后续版本提供。目前可使用命令行：counter-app --help").replace("%1", role_label))
        text.setObjectName("bigPrompt")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QVBoxLayout(self)
        box.addWidget(text)
