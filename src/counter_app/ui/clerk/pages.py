"""Steps 2–6 of the clerk's flow: photo, review, encode, print, hand-over (and the end).

Pages draw a :class:`~counter_app.services.flow.FlowView` and emit what the clerk chose; the
flow widget runs the choice on the device worker. A page never touches a service itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.card.personalize import STEPS
from counter_app.domain.codes import DOCUMENT_TYPES, SEX, ethnicity_table, label
from counter_app.domain.problems import pick
from counter_app.services.flow import Choice


def bind_key(button: QPushButton, key: str | QKeySequence) -> QShortcut:
    """``key`` presses ``button`` at once, as the key goes down.

    ``QPushButton.setShortcut`` animates a click first (``animateClick``: the handler runs 100 ms
    later), which a clerk working by keyboard feels on every step. This shortcut calls ``click()``,
    which runs the handler synchronously. Like a button's own shortcut it is live only while the
    button is visible and enabled (Qt disables a shortcut whose parent widget is hidden or disabled),
    so one key can serve different buttons on different pages."""
    shortcut = QShortcut(QKeySequence(key), button)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: button.click() if button.isVisible() and button.isEnabled() else None)
    return shortcut


def _pixmap(data: bytes | None, width: int) -> QPixmap:
    if not data:
        return QPixmap()
    return QPixmap.fromImage(QImage.fromData(data)).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


class ChoiceButtons(QWidget):
    """One button per :class:`Choice`, each with its key (acting at once); ``chosen(Choice)``."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[Choice, QPushButton] = {}
        self.shown: list[Choice] = []
        texts = {
            Choice.START_ENCODING: (self.tr("开始写卡 (F8)"), "F8"),
            Choice.RETRY: (self.tr("重试 (F8)"), "F8"),
            Choice.ANOTHER_CARD: (self.tr("换一张卡 (F9)"), "F9"),
            Choice.SPOIL: (self.tr("登记废卡… (F10)"), "F10"),
            Choice.RESTART: (self.tr("用新卡重新制卡 (F8)"), "F8"),
            Choice.PRINT: (self.tr("打印 (F8)"), "F8"),
            Choice.REPRINT: (self.tr("重新打印 (F8)"), "F8"),
            Choice.PRINT_CAME_OUT: (self.tr("卡已打印 (F7)"), "F7"),
            Choice.SET_PIN: (self.tr("持卡人设置密码 (F7)"), "F7"),
            Choice.HAND_OVER: (self.tr("确认发放 (F8)"), "F8"),
            Choice.HAND_OVER_TO_AGENT: (self.tr("代办人领卡 (F6)"), "F6"),
            Choice.REFUND: (self.tr("退费… (F9)"), "F9"),
        }
        for choice, (text, key) in texts.items():
            b = QPushButton(text)
            b.setObjectName(f"choice_{choice.value}")
            b.clicked.connect(lambda _c=False, ch=choice: self.chosen.emit(ch))
            bind_key(b, key)  # one key serves different choices: only a visible button's key is live
            b.hide()
            self.buttons[choice] = b
            self.layout_.addWidget(b)
        self.layout_.addStretch(1)

    KEYS = {Choice.START_ENCODING: "F8", Choice.RETRY: "F8", Choice.RESTART: "F8", Choice.PRINT: "F8",
            Choice.REPRINT: "F8", Choice.HAND_OVER: "F8", Choice.ANOTHER_CARD: "F9", Choice.SPOIL: "F10",
            Choice.PRINT_CAME_OUT: "F7", Choice.SET_PIN: "F7", Choice.HAND_OVER_TO_AGENT: "F6",
            Choice.REFUND: "F9"}

    def show_choices(self, choices) -> None:
        """Show the buttons of ``choices`` in that order; the first is the primary (Enter)."""
        self.shown = [c for c in choices if c in self.buttons]
        for c, b in self.buttons.items():
            visible = c in self.shown
            b.setVisible(visible)
            b.setEnabled(visible)
            b.setObjectName("primary" if self.shown and c is self.shown[0] else f"choice_{c.value}")
            b.style().unpolish(b)
            b.style().polish(b)
        for i, c in enumerate(self.shown):
            self.layout_.removeWidget(self.buttons[c])
            self.layout_.insertWidget(i, self.buttons[c])

    def primary(self) -> Choice | None:
        return next((c for c in self.shown if self.buttons[c].isEnabled()), None)

    def disable_all(self) -> None:
        for b in self.buttons.values():
            b.setEnabled(False)


class PhotoPage(QWidget):
    def __init__(self, photo_step, parent: QWidget | None = None):
        super().__init__(parent)
        self.step = photo_step
        box = QVBoxLayout(self)
        hint = QLabel(self.tr("拍照 (F3) 或从文件导入 (F4)；照片合格后“采用此照片” (F8)；"
                              "有未测量的项目时先目视检查并“确认人工裁剪” (F5)"))
        hint.setObjectName("hint")
        box.addWidget(hint)
        box.addWidget(photo_step, 1)
        bind_key(photo_step.capture_button, "F3")
        bind_key(photo_step.import_button, "F4")
        bind_key(photo_step.accept_button, "F8")
        bind_key(photo_step.confirm_button, "F5")
        # A young child's card is made without a photo (people.photo_from_age): shown only for them.
        self.skip_button = QPushButton(self.tr("无需照片（低龄儿童） (F6)"))
        bind_key(self.skip_button, "F6")
        self.skip_button.hide()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.skip_button)
        box.addLayout(row)


class ReviewPage(QWidget):
    """Everything that will be written to the chip and printed, with the card face preview."""

    confirmed = Signal()
    printForm = Signal()  # noqa: N815  the application form, for the applicant's signature

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.face = QLabel()
        self.face.setObjectName("cardFace")
        self.face.setMinimumSize(520, 330)
        self.face.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo = QLabel()
        self.photo.setFixedWidth(150)
        self.details = QFormLayout()
        self.confirm = QPushButton(self.tr("确认无误，去写卡 (F8)"))
        self.confirm.setObjectName("primary")
        bind_key(self.confirm, "F8")
        self.confirm.clicked.connect(self.confirmed)
        note = QLabel(self.tr("卡号在写卡时从本柜台号段中分配。请与申请人核对以下信息。"))
        note.setObjectName("hint")
        note.setWordWrap(True)
        left = QVBoxLayout()
        left.addLayout(self.details)
        left.addWidget(self.photo)
        left.addStretch(1)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addWidget(self.face, 0, 1)
        grid.setColumnStretch(1, 1)
        box = QVBoxLayout(self)
        box.addWidget(note)
        box.addLayout(grid, 1)
        self.form_button = QPushButton(self.tr("打印申请表 (F4)"))
        bind_key(self.form_button, "F4")
        self.form_button.clicked.connect(self.printForm)
        row = QHBoxLayout()
        row.addWidget(self.form_button)
        row.addStretch(1)
        row.addWidget(self.confirm)
        box.addLayout(row)

    def show_issuance(self, issuance, photo: bytes | None, face_png: bytes | None) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        a, lang = issuance.applicant, self.ctx.lang
        rows = [
            (self.tr("姓名"), a.name + (f"（芯片：{a.chip_name}）" if a.chip_name else "")),
            (self.tr("证件"), f"{label(DOCUMENT_TYPES, a.document_type.value, lang)} {a.document_number}"),
            (self.tr("社会保障号码"), a.social_security_number),
            (self.tr("性别"), label(SEX, a.sex, lang)),
            (self.tr("出生日期"), a.birth_date.isoformat()),
            (self.tr("民族"), label(ethnicity_table(str(self.ctx.settings["codes.other_ethnicity"])), a.ethnicity, lang)),
            (self.tr("出生地"), a.birthplace),
            (self.tr("国籍"), a.nationality),
            (self.tr("卡号"), issuance.card_number or self.tr("写卡时分配")),
        ]
        for k, v in rows:
            value = QLabel(v)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(k, value)
        self.photo.setPixmap(_pixmap(photo, 150))
        self.face.setPixmap(_pixmap(face_png, 520))
        self.confirm.setFocus()


class EncodePage(QWidget):
    """Insert a blank card → the write starts by itself; a bar by step; the choices after a failure."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.prompt = QLabel()
        self.prompt.setObjectName("bigPrompt")
        self.prompt.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("encodeProgress")
        self.progress.setRange(0, len(STEPS))
        self.step_label = QLabel()
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.choices = ChoiceButtons()
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.prompt)
        box.addWidget(self.progress)
        box.addWidget(self.step_label)
        box.addWidget(self.message)
        box.addStretch(1)
        box.addWidget(self.choices)

    def waiting(self, text: str) -> None:
        self.prompt.setText(text)
        self.progress.setValue(0)
        self.step_label.clear()
        self.choices.show_choices(())

    def stepped(self, step, index: int, count: int, lang: str) -> None:
        self.progress.setMaximum(count)
        self.progress.setValue(index + 1)
        self.step_label.setText(pick(lang, step.zh, step.value))


class PrintPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.prompt = QLabel()
        self.prompt.setObjectName("bigPrompt")
        self.prompt.setWordWrap(True)
        self.face = QLabel()
        self.face.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar()
        self.progress.setObjectName("printProgress")
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.choices = ChoiceButtons()
        box = QVBoxLayout(self)
        box.addWidget(self.prompt)
        box.addWidget(self.face, 1)
        box.addWidget(self.progress)
        box.addWidget(self.message)
        box.addWidget(self.choices)

    def busy(self, busy: bool) -> None:
        """An indeterminate bar while the job is with the printer; hidden otherwise."""
        self.progress.setRange(0, 0 if busy else 1)
        self.progress.setValue(0)
        self.progress.setVisible(busy)


class HandoverPage(QWidget):
    """Hand-over: first the holder's own PIN on the card (pad facing the holder, or the reader's
    keypad), then the clerk confirms. "Confirm hand-over" is enabled only once the PIN is set."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.prompt = QLabel()
        self.prompt.setObjectName("bigPrompt")
        self.prompt.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.pin_state = QLabel()
        self.pin_state.setObjectName("pinState")
        self.pin_state.setWordWrap(True)
        self.choices = ChoiceButtons()
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.prompt)
        box.addWidget(self.summary)
        box.addWidget(self.pin_state)
        box.addStretch(1)
        box.addWidget(self.choices)

    def show_pin_state(self, pin_set: bool) -> None:
        """The PIN line and the hand-over button (the prompt is the flow's, set by the flow widget)."""
        if pin_set:
            self.pin_state.setText(self.tr("持卡人密码：已设置"))
            self.pin_state.setStyleSheet("color: #1b7f3b;")
        else:
            self.pin_state.setText(self.tr("持卡人密码：未设置（卡片仍为初始密码，不能发放）"))
            self.pin_state.setStyleSheet("color: #b26a00;")
        self.choices.buttons[Choice.HAND_OVER].setEnabled(pin_set and Choice.HAND_OVER in self.choices.shown)


class DonePage(QWidget):
    home = Signal()
    restart = Signal()
    printReceipt = Signal()  # noqa: N815  the collection receipt, signed by whoever collected the card
    refund = Signal()        # the fee of a spoiled card back to an applicant who does not wait

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.prompt = QLabel()
        self.prompt.setObjectName("bigPrompt")
        self.prompt.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.home_button = QPushButton(self.tr("返回首页 (F8)"))
        self.home_button.setObjectName("primary")
        bind_key(self.home_button, "F8")
        self.home_button.clicked.connect(self.home)
        self.choices = ChoiceButtons()
        self.choices.chosen.connect(lambda c: self.restart.emit() if c is Choice.RESTART else
                                    self.refund.emit() if c is Choice.REFUND else None)
        self.receipt_button = QPushButton(self.tr("打印领卡回执 (F4)"))
        bind_key(self.receipt_button, "F4")
        self.receipt_button.clicked.connect(self.printReceipt)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.prompt)
        box.addWidget(self.message)
        box.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.choices, 1)
        row.addWidget(self.receipt_button)
        row.addWidget(self.home_button)
        box.addLayout(row)


class ReasonDialog(QDialog):
    """Why a card is spoiled or an issuance cancelled: a common reason or free text (required)."""

    def __init__(self, title: str, reasons: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("reasonDialog")
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.addItems(reasons)
        self.combo.setCurrentIndex(-1)
        self.combo.lineEdit().setPlaceholderText(self.tr("请选择或输入原因"))
        self.detail = QLineEdit()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.combo.currentTextChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("原因(&R)"), self.combo)
        form.addRow(self.tr("说明"), self.detail)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def reason(self) -> str:
        text = self.combo.currentText().strip()
        extra = self.detail.text().strip()
        return f"{text}：{extra}" if extra else text
