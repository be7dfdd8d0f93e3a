"""The guardian's or the agent's part of the applicant page: who they are, their relation to the applicant,
their document read from their own ID card, and the scan of the paper they bring.

A minor applies through a guardian (the page shows the guardian's section, required, when the age from the
ID number is under ``people.guardian_below_age``); an adult may apply or collect through an agent (the page's
代办 box opens the agent's section). "读取…身份证" (read the guardian's / agent's ID card) makes the page hand
the next card laid on the reader to this section instead of filling the applicant (:meth:`fill_from_card`);
the document then carries ``from_idcard`` until the clerk types over the name or the number.

Values by key without the section's prefix (``name``, ``document_type``, ``document_number``, ``relation``,
``phone``; the agent's also ``acts``): the page adds ``guardian_`` / ``agent_``. ``edited()`` on any change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from counter_app.domain.codes import DOCUMENT_TYPES
from counter_app.domain.people import AttachmentKind, Relation
from counter_app.domain.problems import Problem, pick
from counter_app.ui.clerk.applicant_form import AGENT_ACTS, RepresentativeForm
from counter_app.ui.clerk.document_scan import DocumentScan

_ACT_LABELS = {"apply_collect": ("代办申领并领卡", "applies and collects"), "apply": ("仅代办申领", "applies only"),
               "collect": ("仅代办领卡", "collects only")}


class RepresentativeSection(QGroupBox):
    """A guardian's or an agent's fields, the read-ID-card button, the scan and the section's problems."""

    edited = Signal()
    readRequested = Signal(bool)  # noqa: N815 - the read button toggled: take the next card for this section

    def __init__(self, title: str, read_text: str, relations: tuple[Relation, ...],
                 scan_kinds: tuple[AttachmentKind, ...], *, lang: str = "zh", make_camera=None,
                 with_acts: bool = False, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.lang = lang
        self._from_idcard = False
        self.name = QLineEdit()
        self.name.setObjectName("repName")
        self.document_type = QComboBox()
        for e in DOCUMENT_TYPES:
            self.document_type.addItem(f"{e.code} {e.label(lang)}", e.code)
        self.document_number = QLineEdit()
        self.document_number.setObjectName("repDocumentNumber")
        self.document_number.setMaxLength(32)
        self.relation = QComboBox()
        self.relation.addItem(self.tr("（请选择）"), "")
        for r in relations:
            self.relation.addItem(r.label(lang), r.value)
        self.phone = QLineEdit()
        self.acts = QComboBox()
        for code in AGENT_ACTS:
            self.acts.addItem(pick(lang, *_ACT_LABELS[code]), code)
        self.acts.setToolTip(self.tr("代办事项：申领、领卡，或两者"))
        self.read_button = QPushButton(read_text)
        self.read_button.setCheckable(True)
        self.read_button.toggled.connect(self._read_toggled)
        self.card_mark = QLabel(self.tr("▣ 证件信息来自身份证"))
        self.card_mark.setObjectName("hint")
        self.card_mark.setVisible(False)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.scan = DocumentScan(scan_kinds, lang, make_camera)
        self.scan_error = QLabel()
        self.scan_error.setObjectName("fieldError")
        self.scan_error.setWordWrap(True)

        grid = QGridLayout(self)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        cells = [
            (0, 0, self.tr("姓名"), self.name), (0, 2, self.tr("证件类型"), self.document_type),
            (0, 4, self.tr("证件号码"), self.document_number),
            (1, 0, self.tr("关系"), self.relation), (1, 2, self.tr("电话"), self.phone),
        ]
        for row, col, text, widget in cells:
            label = QLabel(text)
            label.setBuddy(widget)
            label.setAlignment(right)
            grid.addWidget(label, row, col)
            grid.addWidget(widget, row, col + 1)
        grid.addWidget(self.acts, 1, 4)
        self.acts.setVisible(with_acts)  # once in the layout (a widget without a parent shown is a window)
        grid.addWidget(self.read_button, 1, 5)
        grid.addWidget(self.card_mark, 2, 1, 1, 5)
        grid.addWidget(self.error, 3, 1, 1, 5)
        scan_label = QLabel(self.tr("扫描件"))
        scan_label.setAlignment(right)
        grid.addWidget(scan_label, 4, 0)
        grid.addWidget(self.scan, 4, 1, 1, 5)
        grid.addWidget(self.scan_error, 5, 1, 1, 5)
        self.error.setVisible(False)
        self.scan_error.setVisible(False)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(5, 3)

        for w in (self.name, self.document_number):
            w.textEdited.connect(self._typed_over)
        self.phone.textEdited.connect(lambda _t: self.edited.emit())
        for combo in (self.document_type, self.relation, self.acts):
            combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.scan.changed.connect(self.edited.emit)

    # --- values -----------------------------------------------------------------------------------

    def form(self) -> RepresentativeForm:
        return RepresentativeForm(self.name.text(), self.document_type.currentData() or "",
                                  self.document_number.text(), self.relation.currentData() or "",
                                  self.phone.text(), self._from_idcard)

    def values(self) -> dict[str, str]:
        f = self.form()
        out = {"name": f.name, "document_type": f.document_type, "document_number": f.document_number,
               "relation": f.relation, "phone": f.phone}
        if self.acts.isVisibleTo(self):
            out["acts"] = self.acts.currentData()
        return out

    def set_values(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            w = getattr(self, key, None) if key in ("name", "document_type", "document_number", "relation",
                                                     "phone", "acts") else None
            if isinstance(w, QLineEdit):
                w.setText(value)
            elif isinstance(w, QComboBox):
                i = w.findData(value)
                if i >= 0:
                    w.setCurrentIndex(i)
        if {"name", "document_number"} & set(values):
            self._set_from_idcard(False)
        self.edited.emit()

    def clear(self) -> None:
        for w in (self.name, self.document_number, self.phone):
            w.clear()
        for combo in (self.document_type, self.relation, self.acts):
            combo.setCurrentIndex(0)
        self.read_button.setChecked(False)
        self._set_from_idcard(False)
        self.scan.clear()
        self.show_problems([], [])

    # --- the ID card reader -----------------------------------------------------------------------

    def fill_from_card(self, card) -> None:
        """The person's name and document from their own ID card (laid after the read button was pressed)."""
        self.name.setText(card.name)
        doc = getattr(card, "document_type", None)
        i = self.document_type.findData(str(getattr(doc, "value", doc or "01")))
        self.document_type.setCurrentIndex(max(i, 0))
        self.document_number.setText(card.id_number)
        self._set_from_idcard(True)
        self.read_button.setChecked(False)
        self.edited.emit()

    def _read_toggled(self, on: bool) -> None:
        self.read_button.setToolTip(self.tr("请将其身份证放到阅读器上：下一张读到的身份证填入此处") if on else "")
        self.readRequested.emit(on)

    def _typed_over(self, _text: str) -> None:
        self._set_from_idcard(False)
        self.edited.emit()

    def _set_from_idcard(self, on: bool) -> None:
        self._from_idcard = on
        self.card_mark.setVisible(on)

    # --- problems ---------------------------------------------------------------------------------

    def show_problems(self, problems: list[Problem], scan_problems: list[Problem]) -> None:
        sep = pick(self.lang, "；", "; ")
        for label, found in ((self.error, problems), (self.scan_error, scan_problems)):
            text = sep.join(p.message(self.lang) for p in found)
            label.setText(text)
            label.setVisible(bool(text))

    def focus_first(self) -> None:
        for w in (self.name, self.document_number):
            if not w.text().strip():
                w.setFocus()
                return
        if not self.relation.currentData():
            self.relation.setFocus()
            return
        self.scan.file_button.setFocus()

    def shutdown(self) -> None:
        self.scan.stop_camera()
