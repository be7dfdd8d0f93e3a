"""The login window and the idle-lock dialog.

Both only collect the password and show the answer: the check runs on the database worker
(:mod:`counter_app.ui.session`), and lockout after repeated failures is the auth service's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app import __version__
from counter_app.ui.errors import error_text
from counter_app.ui.session import job_login, job_unlock


class LoginWindow(QWidget):
    """User name and password; ``loggedIn(session)`` when the service accepts them."""

    loggedIn = Signal(object)  # noqa: N815

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("login")
        self.setWindowTitle(self.tr("社会保障卡即时制卡 — 登录"))
        title = QLabel(self.tr("社会保障卡即时制卡柜台"))
        title.setObjectName("title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.login_button = QPushButton(self.tr("登录(&L)"))
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)

        form = QFormLayout()
        form.addRow(self.tr("用户名(&U)"), self.username)
        form.addRow(self.tr("密码(&P)"), self.password)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            label.setBuddy(form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget())
        version = QLabel(f"counter-app {__version__}")
        version.setObjectName("hint")
        version.setAlignment(Qt.AlignmentFlag.AlignRight)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(title)
        box.addSpacing(16)
        box.addLayout(form)
        box.addWidget(self.message)
        box.addWidget(self.login_button)
        box.addStretch(1)
        box.addWidget(version)
        self.setMinimumSize(420, 320)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.login_button)
        self.username.setFocus()

    def submit(self) -> None:
        if not self.login_button.isEnabled():
            return
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self.message.setText(self.tr("请输入用户名和密码。"))
            return
        self.login_button.setEnabled(False)
        self.message.setText(self.tr("正在登录…"))
        self.ctx.db.call(job_login(user, password), self._done, self._failed)

    def _done(self, session) -> None:
        self.password.clear()
        self.login_button.setEnabled(True)
        self.message.clear()
        self.loggedIn.emit(session)

    def _failed(self, exc: BaseException) -> None:
        self.password.clear()
        self.password.setFocus()
        self.login_button.setEnabled(True)
        self.message.setText(error_text(exc, self.ctx.lang))


class LockDialog(QDialog):
    """The session locked itself (idle) or was locked: the same user's password opens it again."""

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("lock")
        self.setWindowTitle(self.tr("会话已锁定"))
        self.setModal(True)
        who = getattr(app_ctx.session, "username", "")
        text = QLabel(self.tr("会话已锁定。请 %1 输入密码解锁，或退出登录。").replace("%1", who))
        text.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(self.tr("解锁(&U)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.logout_button = buttons.addButton(self.tr("退出登录(&O)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.clicked.connect(self.submit)
        self.logout_button.clicked.connect(self.reject)
        self.password.returnPressed.connect(self.submit)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=lambda: None)  # Esc must not unlock-skip
        box = QVBoxLayout(self)
        box.addWidget(text)
        box.addWidget(self.password)
        box.addWidget(self.message)
        box.addWidget(buttons)
        self.setMinimumWidth(380)

    def submit(self) -> None:
        self.unlock_button.setEnabled(False)
        self.ctx.db.call(job_unlock(self.ctx.session, self.password.text()), self._done, self._failed)

    def _done(self, _session) -> None:
        self.unlock_button.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.message.setText(error_text(exc, self.ctx.lang))
