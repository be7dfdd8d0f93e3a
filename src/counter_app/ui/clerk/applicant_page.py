"""Step 1: the applicant — document, name, sex and birth date (filled from the ID number),
searchable ethnicity, application type and reason, with live validation.

Validation is the domain's (:func:`~counter_app.domain.validation.validate_applicant`, what
``IntakeService.check`` runs): pure Python, well under a millisecond, so it runs on the GUI thread
at each change. A problem is shown under its field once the field was edited (all of them after
"Next" was tried); "Next" stays disabled while any problem remains. Enter moves to the next field
that still needs attention, and on a complete form goes on. A keyboard-wedge ID-card or barcode
reader types into the "scan" box; Enter there parses what it typed into the fields.

The ID card reader (``Backends.make_idcard_watch``, bridged by :class:`IdCardEvents`) fills every field the
card holds the moment it is laid down (:meth:`IdCardData.applicant_fields`): those fields carry a "from the ID
card" mark and are read-only until the clerk ticks "override", and the fields then changed are recorded in the
audit (names only, through :meth:`IntakeService.record_idcard_override`). An expired card is refused with its
message and fills nothing; lifting the card keeps what it filled. The card's photo is never kept here.

What the card system also asks (issue 20) sits below, in one scrolling column that fits 1366×768: occupation
and household type (the code tables), the co-issuing bank (settings ``banks.list``, ``banks.default``
preselected), the ID card's validity (from/to or 长期) and issuing authority, filled from the card like its
other fields. A minor (under ``people.guardian_below_age``, from the birth date the number gives) gets the
guardian's section, required; 代办 opens the agent's. Each has a button that hands the next ID card read to
that person instead of the applicant, and the scan of the paper they bring (camera or file:
:mod:`~counter_app.ui.clerk.document_scan`); "Next" stays disabled while a required part is missing. The
submitted :class:`ApplicantForm` makes the Applicant with its guardian and agent; its ``scan_list()`` (also
:meth:`ApplicantPage.scans`) are the scans for ``RepresentativeService.attach_scan`` once the issuance exists.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.applicant import ApplicationType
from counter_app.domain.banks import banks_from_settings
from counter_app.domain.codes import (
    DOCUMENT_TYPES,
    HOUSEHOLD_TYPES,
    OCCUPATIONS,
    REPLACEMENT_REASONS,
    SEX,
    ethnicity_table,
    search_ethnicities,
)
from counter_app.domain.people import AttachmentKind, Relation
from counter_app.domain.problems import pick
from counter_app.domain.validation import REASONS_BY_APPLICATION
from counter_app.ui.clerk.applicant_form import (
    GUARDIAN_RELATIONS,
    ApplicantForm,
    card_validity,
    card_values,
    name_feedback,
    overridden_fields,
    parse_scan,
    problems_by_field,
)
from counter_app.ui.clerk.idcard_events import IdCardEvents
from counter_app.ui.clerk.pages import bind_key
from counter_app.ui.clerk.representative_section import RepresentativeSection
from counter_app.ui.context import job_lookup_person
from counter_app.ui.errors import error_text

_TRUE = ("1", "true", "True", "yes", "长期")
_SECTION_KEYS = ("name", "document_type", "document_number", "relation", "phone", "acts")


def _truthy(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip() in _TRUE)


_APP_TYPES = (("new", "新申领", "new card"), ("replacement", "补换卡", "replacement"),
              ("renewal", "换新卡", "renewal"), ("upgrade", "升级三代卡", "upgrade to 3rd generation"))


class ApplicantPage(QWidget):
    """``submitted(ApplicantForm)`` when the clerk goes on with a valid applicant."""

    submitted = Signal(object)
    validityChanged = Signal(bool)  # noqa: N815

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        lang = app_ctx.lang
        self.setObjectName("applicantPage")
        self.other_code = str(app_ctx.settings["codes.other_ethnicity"])
        self._touched: set[str] = set()
        self._show_all = False
        self.valid = False
        self.form = ApplicantForm()
        self.errors: dict[str, QLabel] = {}

        self.scan = QLineEdit()
        self.scan.setObjectName("scan")
        self.scan.setPlaceholderText(self.tr("刷身份证或扫描条码（读卡器按键盘方式输入），回车填入"))
        self.scan.returnPressed.connect(self._scanned)

        self.document_type = QComboBox()
        for e in DOCUMENT_TYPES:
            self.document_type.addItem(f"{e.code} {e.label(lang)}", e.code)
        self.document_number = QLineEdit()
        self.document_number.setObjectName("document_number")
        self.document_number.setMaxLength(32)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name_note = QLabel()
        self.name_note.setObjectName("warning")
        self.name_note.setWordWrap(True)
        self.chip_name = QLineEdit()
        self.chip_name.setObjectName("chip_name")
        self.chip_name.setPlaceholderText(self.tr("仅生僻字姓名需要：经审核的芯片替代姓名"))
        self.sex = QComboBox()
        self.sex.addItem(self.tr("（请选择）"), "")
        for e in SEX:
            self.sex.addItem(e.label(lang), e.code)
        self.birth_date = QLineEdit()
        self.birth_date.setObjectName("birth_date")
        self.birth_date.setPlaceholderText("1990-03-07")
        self.ethnicity = QComboBox()
        self.ethnicity.setObjectName("ethnicity")
        self.ethnicity.setEditable(True)
        self.ethnicity.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for e in ethnicity_table(self.other_code):
            self.ethnicity.addItem(f"{e.code} {e.zh}" + pick(lang, "", f" {e.en}"), e.code)
        completer = self.ethnicity.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.birthplace = QLineEdit()
        self.birthplace.setObjectName("birthplace")
        self.birthplace.setMaxLength(6)
        self.nationality = QLineEdit("CHN")
        self.nationality.setMaxLength(3)
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.application_type = QComboBox()
        for code, zh, en in _APP_TYPES:
            self.application_type.addItem(pick(lang, zh, en), code)
        self.reason = QComboBox()
        self.lookup_button = QPushButton(self.tr("查询已有卡 (F6)"))
        bind_key(self.lookup_button, "F6")
        self.lookup_result = QLabel()
        self.lookup_result.setObjectName("hint")
        self.lookup_result.setWordWrap(True)
        self.lookup_button.clicked.connect(self.lookup)
        self._fill_reasons()
        self._build_more(lang)

        fields = [
            ("document_type", self.tr("证件类型(&T)"), self.document_type),
            ("document_number", self.tr("证件号码(&D)"), self.document_number),
            ("name", self.tr("姓名(&M)"), self.name),
            ("chip_name", self.tr("芯片姓名"), self.chip_name),
            ("sex", self.tr("性别(&S)"), self.sex),
            ("birth_date", self.tr("出生日期(&B)"), self.birth_date),
            ("ethnicity", self.tr("民族(&E)"), self.ethnicity),
            ("birthplace", self.tr("出生地代码"), self.birthplace),
            ("nationality", self.tr("国籍"), self.nationality),
            ("phone", self.tr("电话"), self.phone),
            ("address", self.tr("地址"), self.address),
            ("application_type", self.tr("申领类型(&A)"), self.application_type),
            ("reason", self.tr("原因(&R)"), self.reason),
        ]
        self.widgets = {key: w for key, _l, w in fields}
        self.widgets.update({key: w for key, _l, w in self._more_fields})
        self._labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        half = 7
        for i, (key, label_text, widget) in enumerate(fields):
            col = 0 if i < half else 2
            row = (i if i < half else i - half) * 2
            label = QLabel(label_text)
            label.setBuddy(widget)
            self._labels[key] = label
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            err = QLabel()
            err.setObjectName("fieldError")
            err.setWordWrap(True)
            self.errors[key] = err
            grid.addWidget(label, row, col)
            grid.addWidget(widget, row, col + 1)
            grid.addWidget(err, row + 1, col + 1)
            if key == "name":
                pass
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(1, 260)
        grid.setColumnMinimumWidth(3, 260)
        lookup_box = QGroupBox(self.tr("已有卡查询（中心台账）"))
        lb = QHBoxLayout(lookup_box)
        lb.addWidget(self.lookup_button)
        lb.addWidget(self.lookup_result, 1)
        scan_form = QFormLayout()
        scan_label = QLabel(self.tr("刷证/扫码(&C)"))
        scan_label.setBuddy(self.scan)
        scan_form.addRow(scan_label, self.scan)
        self.idcard_badge = QLabel(self.tr("来自身份证：标记 ▣ 的字段由身份证阅读器填入"))
        self.idcard_badge.setObjectName("hint")
        self.idcard_badge.setVisible(False)
        self.idcard_override = QCheckBox(self.tr("修改读卡信息(&O)"))
        self.idcard_override.setObjectName("idcardOverride")
        self.idcard_override.setToolTip(self.tr("解锁身份证填入的字段；修改会记入审计日志"))
        self.idcard_override.setVisible(False)
        self.idcard_override.toggled.connect(self._override_toggled)
        self.idcard_message = QLabel()
        self.idcard_message.setObjectName("fieldError")
        self.idcard_message.setWordWrap(True)
        self.idcard_message.setVisible(False)
        idcard_row = QHBoxLayout()
        idcard_row.addWidget(self.idcard_badge)
        idcard_row.addStretch(1)
        idcard_row.addWidget(self.idcard_override)
        self._card: dict[str, str] = {}  # what the card on the reader filled (no photo), as the form holds it
        self._pending = None  # a card laid while the page was not in use, until it is lifted or used
        # One scrolling column, so that the guardian's and agent's sections fit a 1366×768 screen.
        content = QWidget()
        content.setObjectName("applicantContent")
        box = QVBoxLayout(content)
        box.addLayout(scan_form)
        box.addLayout(idcard_row)
        box.addWidget(self.idcard_message)
        box.addLayout(grid)
        box.addWidget(self.name_note)
        box.addWidget(self._more_box())
        box.addWidget(self.guardian_section)
        box.addWidget(self.agent_box)
        box.addWidget(self.agent_section)
        box.addWidget(lookup_box)
        box.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

        order = [self.scan] + [w for _k, _l, w in fields] + [w for _k, _l, w in self._more_fields] + [
            self.id_valid_long_term, self.agent_box, self.lookup_button]
        for a, b in zip(order, order[1:], strict=False):
            self.setTabOrder(a, b)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.revalidate)
        for key, w in self.widgets.items():
            if isinstance(w, QLineEdit):
                w.textEdited.connect(lambda _t, k=key: self._edited(k))
                w.returnPressed.connect(self.enter_pressed)
            else:
                w.currentIndexChanged.connect(lambda _i, k=key: self._edited(k))
        self.ethnicity.lineEdit().textEdited.connect(self._ethnicity_typed)
        self.ethnicity.lineEdit().returnPressed.connect(self.enter_pressed)
        self.application_type.currentIndexChanged.connect(self._fill_reasons)
        self.document_number.editingFinished.connect(self._number_done)
        self.id_valid_long_term.toggled.connect(self._long_term_toggled)
        self.agent_box.toggled.connect(self._agent_toggled)
        for name, section in (("guardian", self.guardian_section), ("agent", self.agent_section)):
            section.edited.connect(lambda k=name: self._section_edited(k))
            section.scan.changed.connect(lambda k=name: self._section_edited(f"{k}_scan"))
            section.readRequested.connect(lambda on, k=name: self._read_for(k, on))
            for line in (section.name, section.document_number, section.phone):
                line.returnPressed.connect(self.enter_pressed)  # Enter goes on to what still needs attention
        self.revalidate()

        make_watch = getattr(app_ctx.backends, "make_idcard_watch", None)
        self.idcard_events = IdCardEvents(make_watch, app_ctx.settings, self._off_gui, self,
                                         lights=getattr(app_ctx, "device_lights", None))
        self.idcard_events.cardRead.connect(self.fill_from_card)
        self.idcard_events.cardLifted.connect(self._card_lifted)
        self.idcard_events.readError.connect(self._card_error)
        self.idcard_events.start()

    # --- what the card system also asks (issue 20): the ID card's validity, occupation, bank, guardian, agent ---

    def _build_more(self, lang: str) -> None:
        settings = self.ctx.settings
        self._guardian_below_age = int(settings["people.guardian_below_age"])
        self.occupation = QComboBox()
        self.occupation.setObjectName("occupation")
        self.occupation.addItem(self.tr("（未填）"), "")
        for e in OCCUPATIONS:
            self.occupation.addItem(f"{e.code} {e.label(lang)}", e.code)
        self.household_type = QComboBox()
        self.household_type.setObjectName("household_type")
        self.household_type.addItem(self.tr("（未填）"), "")
        for e in HOUSEHOLD_TYPES:
            self.household_type.addItem(f"{e.code} {e.label(lang)}", e.code)
        self.bank_code = QComboBox()
        self.bank_code.setObjectName("bank_code")
        self.banks = banks_from_settings(settings)
        for bank in self.banks:
            self.bank_code.addItem(f"{bank.code} {bank.name}", bank.code)
        if not self.banks:
            self.bank_code.addItem(self.tr("（未设置合作银行）"), "")
        self.default_bank = str(settings["banks.default"] or "")
        self._select_default_bank()
        self.id_valid_from = QLineEdit()
        self.id_valid_from.setObjectName("id_valid_from")
        self.id_valid_from.setPlaceholderText("2015-01-01")
        self.id_valid_to = QLineEdit()
        self.id_valid_to.setObjectName("id_valid_to")
        self.id_valid_to.setPlaceholderText("2035-01-01")
        self.id_valid_long_term = QCheckBox(self.tr("长期"))
        self.id_valid_long_term.setObjectName("id_valid_long_term")
        self.issuing_authority = QLineEdit()
        self.issuing_authority.setObjectName("issuing_authority")
        self.issuing_authority.setMaxLength(40)
        self._more_fields = [
            ("occupation", self.tr("职业类别"), self.occupation),
            ("household_type", self.tr("户口性质"), self.household_type),
            ("bank_code", self.tr("合作银行(&K)"), self.bank_code),
            ("id_valid_from", self.tr("证件有效期起"), self.id_valid_from),
            ("id_valid_to", self.tr("证件有效期止"), self.id_valid_to),
            ("issuing_authority", self.tr("签发机关"), self.issuing_authority),
        ]
        make = getattr(self.ctx.backends, "make_camera", None)
        make_camera = (lambda: make(settings)) if make is not None else None
        self.guardian_section = RepresentativeSection(
            self.tr("监护人（申请人未满 %1 周岁，须由监护人办理）").replace("%1", str(self._guardian_below_age)),
            self.tr("读取监护人身份证"), GUARDIAN_RELATIONS,
            (AttachmentKind.HOUSEHOLD_REGISTER, AttachmentKind.BIRTH_CERTIFICATE), lang=lang, make_camera=make_camera)
        self.guardian_section.setObjectName("guardianSection")
        self.guardian_section.setVisible(False)
        self.agent_box = QCheckBox(self.tr("代办（由代办人凭授权委托书申领或领卡）"))
        self.agent_box.setObjectName("agentBox")
        self.agent_section = RepresentativeSection(
            self.tr("代办人"), self.tr("读取代办人身份证"), tuple(r for r in Relation if r is not Relation.OTHER_GUARDIAN),
            (AttachmentKind.POWER_OF_ATTORNEY,), lang=lang, make_camera=make_camera, with_acts=True)
        self.agent_section.setObjectName("agentSection")
        self.agent_section.setVisible(False)
        self._card_target: str | None = None  # "guardian"/"agent": the next ID card read is theirs

    def _more_box(self) -> QGroupBox:
        """The ID card's validity and issuing authority, occupation, household type and bank: two rows of three."""
        more = QGroupBox(self.tr("证件有效期、职业与合作银行"))
        grid = QGridLayout(more)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        for i, (key, text, widget) in enumerate(self._more_fields):
            row, col = (i // 3) * 2, (i % 3) * 2
            label = QLabel(text)
            label.setBuddy(widget)
            self._labels[key] = label
            err = QLabel()
            err.setObjectName("fieldError")
            err.setWordWrap(True)
            self.errors[key] = err
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, row, col)
            if key == "id_valid_to":
                cell = QHBoxLayout()
                cell.addWidget(widget, 1)
                cell.addWidget(self.id_valid_long_term)
                grid.addLayout(cell, row, col + 1)
            else:
                grid.addWidget(widget, row, col + 1)
            grid.addWidget(self.errors[key], row + 1, col + 1)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        return more

    def _select_default_bank(self) -> None:
        i = self.bank_code.findData(self.default_bank)
        self.bank_code.setCurrentIndex(max(i, 0))

    def _long_term_toggled(self, on: bool) -> None:
        if on:
            self.id_valid_to.clear()
        self.id_valid_to.setEnabled(not on)
        self._edited("id_valid_to")

    def _agent_toggled(self, on: bool) -> None:
        self.agent_section.setVisible(on)
        if on:
            self._touched.update({"agent", "agent_scan"})
        else:
            self.agent_section.scan.stop_camera()
            if self._card_target == "agent":
                self._read_for("agent", False)
        self.revalidate()

    def _section_edited(self, key: str) -> None:
        self._touched.add(key)
        self.revalidate()

    def _read_for(self, who: str | None, on: bool) -> None:
        """The next ID card laid is ``who``'s (the guardian's or the agent's), not the applicant's."""
        if who is None or on:
            self._card_target = who if on else None
        elif self._card_target == who:
            self._card_target = None
        for name, section in (("guardian", self.guardian_section), ("agent", self.agent_section)):
            if section.read_button.isChecked() != (self._card_target == name):
                section.read_button.blockSignals(True)
                section.read_button.setChecked(self._card_target == name)
                section.read_button.blockSignals(False)
        if self._card_target == "guardian":
            self._show_hint(self.tr("请监护人将身份证放到阅读器上：读到的身份证填入监护人一栏"))
        elif self._card_target == "agent":
            self._show_hint(self.tr("请代办人将身份证放到阅读器上：读到的身份证填入代办人一栏"))
        else:
            self._show_card_message("")

    def _show_hint(self, text: str) -> None:
        self.idcard_message.setObjectName("hint")
        self.idcard_message.style().unpolish(self.idcard_message)
        self.idcard_message.style().polish(self.idcard_message)
        self.idcard_message.setText(text)
        self.idcard_message.setVisible(bool(text))

    def section(self, who: str) -> RepresentativeSection:
        return self.guardian_section if who == "guardian" else self.agent_section

    def scans(self) -> list[tuple[AttachmentKind, bytes]]:
        """The scans to store with the issuance (what the sections need): ``(kind, data)``."""
        return self.read_form().scan_list()

    def _off_gui(self, fn) -> None:
        if getattr(self.ctx, "db", None) is None:
            fn()
        else:
            self.ctx.db.call(lambda _ctx, _report: fn())

    def shutdown(self) -> None:
        """Stop watching the ID card reader and the scans' camera (the flow widget going away)."""
        self.idcard_events.stop()
        self.guardian_section.shutdown()
        self.agent_section.shutdown()

    # --- the ID card reader ---------------------------------------------------------------------

    def fill_from_card(self, card) -> bool:
        """Fill the fields from an ID card just laid down; refuse an expired one (nothing filled). A card laid
        while the page is not in use (the home page, a later step) waits for the next new application, as
        long as it lies on the reader: the watcher reports a card once, when it is laid."""
        if not self.isVisible():
            self._pending = card
            return False
        self._pending = None
        return self._apply_card(card)

    def _apply_card(self, card) -> bool:
        import datetime as dt

        from counter_app.idcard.errors import IdCardExpired

        try:
            card.require_valid(dt.date.today())
        except IdCardExpired as exc:
            self._show_card_message(exc.message(self.ctx.lang))
            return False
        if self._card_target is not None:  # the guardian's or the agent's own card
            who, self._card_target = self._card_target, None
            self._show_card_message("")
            self.section(who).fill_from_card(card)
            self._read_for(who, False)
            self._touched.add(who)
            self.revalidate()
            self.section(who).focus_first()
            return True
        values = {**card_validity(card), **card_values(card.applicant_fields())}
        self._show_card_message("")
        self.id_valid_long_term.blockSignals(True)
        self.id_valid_long_term.setChecked(_truthy(values.get("id_valid_long_term", "")))
        self.id_valid_to.setEnabled(not self.id_valid_long_term.isChecked())
        self.id_valid_long_term.blockSignals(False)
        self.idcard_override.blockSignals(True)
        self.idcard_override.setChecked(False)
        self.idcard_override.blockSignals(False)
        self._unlock(set(self._card))
        self._card = {k: v for k, v in values.items() if k in self.widgets}
        for key, value in self._card.items():
            w = self.widgets[key]
            if key == "document_type":
                w.setCurrentIndex(max(w.findData(value), 0))
            elif key == "ethnicity":
                i = w.findData(value)
                w.setCurrentIndex(i)
                if i < 0:
                    w.setEditText(value)
            elif isinstance(w, QLineEdit):
                w.setText(value)
            else:
                w.setCurrentIndex(max(w.findData(value), 0))
            self._touched.add(key)
        self._number_done()
        self._lock(set(self._card))
        self.idcard_badge.setVisible(True)
        self.idcard_override.setVisible(True)
        self.revalidate()
        if self.valid:
            self.phone.setFocus()  # Enter there goes on; the phone is the one thing the card lacks
        else:
            self.focus_next_needed()
        return True

    def clear(self) -> None:
        """An empty form for the next applicant: nothing of the last one (typed or from their ID card) stays."""
        self._unlock(set(self._card))
        self._card = {}
        self.idcard_override.blockSignals(True)
        self.idcard_override.setChecked(False)
        self.idcard_override.blockSignals(False)
        self.idcard_badge.setVisible(False)
        self.idcard_override.setVisible(False)
        self._show_card_message("")
        self.scan.clear()
        self.lookup_result.clear()
        self.form = ApplicantForm()
        blank = ApplicantForm()
        for key, w in self.widgets.items():
            value = getattr(blank, key)
            if isinstance(w, QLineEdit):
                w.setText(value)
            else:
                w.setCurrentIndex(max(w.findData(value), 0))
        self._select_default_bank()
        self.id_valid_long_term.setChecked(False)
        self._read_for(None, False)
        self.guardian_section.clear()
        self.agent_section.clear()
        self.agent_box.setChecked(False)
        self._fill_reasons()
        self._touched.clear()
        self._show_all = False
        self.revalidate()
        pending, self._pending = self._pending, None
        if pending is not None:  # the next applicant's card already lies on the reader
            self._apply_card(pending)

    @property
    def card_fields(self) -> frozenset[str]:
        """The fields the card on the reader filled."""
        return frozenset(self._card)

    def _lock(self, keys: set[str]) -> None:
        tip = self.tr("来自身份证（勾选“修改读卡信息”才能修改，修改记入审计）")
        for key in keys:
            w = self.widgets[key]
            if isinstance(w, QLineEdit):
                w.setReadOnly(True)
            else:
                w.setEnabled(False)
            w.setProperty("fromCard", True)
            w.setToolTip(tip)
            label = self._labels[key]
            if not label.text().startswith("▣ "):
                label.setText("▣ " + label.text())
            label.setToolTip(tip)
        if "id_valid_to" in keys:
            self.id_valid_long_term.setEnabled(False)

    def _unlock(self, keys: set[str]) -> None:
        for key in keys:
            w = self.widgets[key]
            if isinstance(w, QLineEdit):
                w.setReadOnly(False)
            else:
                w.setEnabled(True)
            w.setProperty("fromCard", False)
            w.setToolTip("")
            label = self._labels[key]
            label.setText(label.text().removeprefix("▣ "))
            label.setToolTip("")
        if "id_valid_to" in keys:
            self.id_valid_long_term.setEnabled(True)
        if "reason" in self.widgets:
            self._fill_reasons()  # the reason's own enabled state

    def _override_toggled(self, on: bool) -> None:
        if on:
            self._unlock(set(self._card))
        else:
            self._lock(set(self._card))

    def overridden(self) -> tuple[str, ...]:
        """The card's fields the clerk changed under the override (names only)."""
        if not self._card or not self.idcard_override.isChecked():
            return ()
        return overridden_fields(self._card, self.read_form())

    def _card_lifted(self) -> None:
        # What the card filled stays: the clerk goes on with the card back in the applicant's hand.
        self._pending = None
        if self._card:
            self._show_card_message("")

    def _card_error(self, exc) -> None:
        self._show_card_message(error_text(exc, self.ctx.lang))

    def _show_card_message(self, text: str) -> None:
        if self.idcard_message.objectName() != "fieldError":
            self.idcard_message.setObjectName("fieldError")
            self.idcard_message.style().unpolish(self.idcard_message)
            self.idcard_message.style().polish(self.idcard_message)
        self.idcard_message.setText(text)
        self.idcard_message.setVisible(bool(text))

    def _record_override(self, fields: tuple[str, ...]) -> None:
        session = self.ctx.session
        if not fields or getattr(self.ctx, "db", None) is None or session is None:
            return

        def job(ctx, _report):
            return ctx.services.intake.record_idcard_override(session, fields)

        self.ctx.db.call(job, None, lambda exc: self._show_card_message(
            pick(self.ctx.lang, "未能记录读卡信息的修改：", "the override could not be recorded: ")
            + error_text(exc, self.ctx.lang)))

    # --- values --------------------------------------------------------------------------------

    def read_form(self) -> ApplicantForm:
        f = self.form
        f.document_type = self.document_type.currentData() or ""
        f.document_number = self.document_number.text()
        f.name = self.name.text()
        f.chip_name = self.chip_name.text()
        f.sex = self.sex.currentData() or ""
        f.birth_date = self.birth_date.text()
        f.ethnicity = self._ethnicity_code()
        f.birthplace = self.birthplace.text()
        f.nationality = self.nationality.text()
        f.phone = self.phone.text()
        f.address = self.address.text()
        f.application_type = self.application_type.currentData() or ""
        f.reason = self.reason.currentData() or ""
        f.occupation = self.occupation.currentData() or ""
        f.household_type = self.household_type.currentData() or ""
        f.bank_code = self.bank_code.currentData() or ""
        f.id_valid_from = self.id_valid_from.text()
        f.id_valid_long_term = self.id_valid_long_term.isChecked()
        f.id_valid_to = "" if f.id_valid_long_term else self.id_valid_to.text()
        f.issuing_authority = self.issuing_authority.text()
        f.guardian_below_age = self._guardian_below_age
        f.guardian = self.guardian_section.form()
        f.agent_enabled = self.agent_box.isChecked()
        f.agent = self.agent_section.form()
        f.agent_acts = self.agent_section.acts.currentData() or ""
        f.scans = dict(s for s in (self.guardian_section.scan.scan(), self.agent_section.scan.scan()) if s)
        return f

    def values(self) -> dict[str, str]:
        """Every field by the keys :meth:`set_values` takes (strings; check boxes "1" or ""; no scans)."""
        f = self.read_form()
        out = {key: str(getattr(f, key)) for key in self.widgets}
        out["id_valid_long_term"] = "1" if f.id_valid_long_term else ""
        out["agent"] = "1" if f.agent_enabled else ""
        for who in ("guardian", "agent"):
            out.update({f"{who}_{k}": v for k, v in self.section(who).values().items()})
        return out

    def set_values(self, values: dict[str, str]) -> None:
        """Put values in the fields (the scanner, a resumed draft, tests). Beyond the fields' own keys:
        ``id_valid_long_term`` and ``agent`` ("1"/True ticks them), ``guardian_<key>`` / ``agent_<key>`` for the
        sections (name, document_type, document_number, relation, phone; agent_acts), and ``guardian_scan`` /
        ``agent_scan`` (the scan's bytes, or a file's path) with ``guardian_scan_kind`` (an AttachmentKind value)."""
        values = dict(values)
        if "id_valid_long_term" in values:
            self.id_valid_long_term.setChecked(_truthy(values.pop("id_valid_long_term")))
        if "agent" in values:
            self.agent_box.setChecked(_truthy(values.pop("agent")))
        for who in ("guardian", "agent"):
            section = self.section(who)
            own = {k.removeprefix(f"{who}_"): values.pop(k) for k in list(values)
                   if k.startswith(f"{who}_") and k.removeprefix(f"{who}_") in _SECTION_KEYS}
            kind = values.pop(f"{who}_scan_kind", None)
            if kind:
                section.scan.set_kind(kind)
            scan = values.pop(f"{who}_scan", None)
            if own:
                section.set_values(own)
            if isinstance(scan, bytes | bytearray):
                section.scan.set_scan(bytes(scan))
            elif scan:
                section.scan.import_file(scan)
            if own or scan:
                self._touched.update({who, f"{who}_scan"})
        for key, value in values.items():
            w = self.widgets.get(key)
            if w is None:
                continue
            if isinstance(w, QLineEdit):
                w.setText(value)
            else:
                i = w.findData(value)
                if i >= 0:
                    w.setCurrentIndex(i)
            self._touched.add(key)
        if "document_number" in values:
            self._number_done()
        self.revalidate()

    def _ethnicity_code(self) -> str:
        i = self.ethnicity.currentIndex()
        text = self.ethnicity.currentText().strip()
        if i >= 0 and self.ethnicity.itemText(i) == text:
            return self.ethnicity.itemData(i)
        hits = search_ethnicities(text.split(" ")[0] if text else "", self.other_code)
        return hits[0].code if len(hits) == 1 else text

    def _ethnicity_typed(self, text: str) -> None:
        self._touched.add("ethnicity")
        self._timer.start()

    def _fill_reasons(self) -> None:
        current = self.reason.currentData()
        self.reason.blockSignals(True)
        self.reason.clear()
        allowed = REASONS_BY_APPLICATION[ApplicationType(self.application_type.currentData() or "new")]
        if not allowed:
            self.reason.addItem(self.tr("（无）"), "")
        for e in REPLACEMENT_REASONS:
            if e.code in {r.value for r in allowed}:
                self.reason.addItem(f"{e.code} {e.label(self.ctx.lang)}", e.code)
        i = self.reason.findData(current)
        self.reason.setCurrentIndex(max(i, 0))
        self.reason.setEnabled(bool(allowed))
        self.reason.blockSignals(False)

    def _edited(self, key: str) -> None:
        self._touched.add(key)
        self._timer.start()

    def _number_done(self) -> None:
        form = self.read_form()
        changed = form.fill_from_number()
        for key, value in changed.items():
            w = self.widgets[key]
            if isinstance(w, QLineEdit):
                w.setText(value)
            else:
                w.setCurrentIndex(max(w.findData(value), 0))
            self._touched.add(key)
        self.revalidate()

    def _scanned(self) -> None:
        values = parse_scan(self.scan.text())
        self.scan.clear()
        if not values:
            self.errors["document_number"].setText(self.tr("未能识别读卡器/扫码输入"))
            return
        self.set_values(values)
        self.focus_next_needed()

    # --- validation ------------------------------------------------------------------------------

    def problems(self):
        """The form's problems in the order of its fields (parse problems and the domain's rules)."""
        return self.read_form().problems(ethnicity_other_code=self.other_code)

    def revalidate(self) -> bool:
        problems = self.problems()
        by_field = problems_by_field(problems)
        lang = self.ctx.lang
        for key, label in self.errors.items():
            shown = [p.message(lang) for p in by_field.get(key, [])] if (self._show_all or key in self._touched) \
                else []
            label.setText(pick(lang, "；", "; ").join(shown))
            label.setVisible(bool(shown))
        self._show_sections(by_field)
        zh, en = name_feedback(self.name.text())
        self.name_note.setText(pick(lang, zh, en))
        self.name_note.setVisible(bool(zh))
        self.chip_name.setEnabled(bool(zh) or bool(self.chip_name.text()))
        self.valid = not problems
        self.validityChanged.emit(self.valid)
        return self.valid

    def _show_sections(self, by_field) -> None:
        """The guardian's section while the applicant is a minor (its problems shown from the moment it
        appears), the agent's while 代办 is ticked; each with its own problems and its scan's."""
        needs = self.form.needs_guardian()
        if needs and self.guardian_section.isHidden():
            self._touched.update({"guardian", "guardian_scan"})
        elif not needs and self._card_target == "guardian":
            self._read_for("guardian", False)
        self.guardian_section.setVisible(needs)
        if not needs:
            self.guardian_section.scan.stop_camera()
        for who in ("guardian", "agent"):
            shown = {k: by_field.get(k, []) if (self._show_all or k in self._touched) else []
                     for k in (who, f"{who}_scan")}
            self.section(who).show_problems(shown[who], shown[f"{who}_scan"])

    def focus_next_needed(self) -> None:
        """Focus the first field, in the form's order, that is still empty or invalid, and show its problem."""
        by_field = problems_by_field(self.problems())
        for key, w in self.widgets.items():
            if key in by_field and w.isEnabled():
                if key not in self._touched:
                    self._touched.add(key)
                    self.revalidate()
                w.setFocus()
                return
        for who in ("guardian", "agent"):
            if {who, f"{who}_scan"} & set(by_field):
                self._touched.update({who, f"{who}_scan"})
                self.revalidate()
                self.scroll.ensureWidgetVisible(self.section(who))
                self.section(who).focus_first()
                return
        self.lookup_button.setFocus()

    def enter_pressed(self) -> None:
        self._timer.stop()
        # A reader's Enter comes before the number field's editingFinished: fill from the number first,
        # so that Enter does not stop at a birth date about to be filled.
        self._number_done()
        if self.revalidate():
            self.try_submit()
        else:
            self.focus_next_needed()

    def try_submit(self) -> bool:
        self._show_all = True
        if not self.revalidate():
            self.focus_next_needed()
            return False
        self._record_override(self.overridden())
        self.guardian_section.scan.stop_camera()
        self.agent_section.scan.stop_camera()
        self.submitted.emit(self.read_form())
        return True

    # --- the ledger look-up ---------------------------------------------------------------------

    def lookup(self) -> None:
        number = self.document_number.text().strip()
        if not number:
            return
        self.lookup_result.setText(self.tr("正在查询…"))
        self.ctx.db.call(job_lookup_person(number), self._looked_up,
                         lambda exc: self.lookup_result.setText(self.tr("无法查询（离线），可继续办理")))

    def _looked_up(self, answer) -> None:
        if answer.status == "active_card":
            cards = "、".join(str(c.get("card_number", "")) for c in answer.active_cards)
            self.lookup_result.setText(self.tr("此人已有有效社保卡：%1。新申领不可办理，请改为补换卡。").replace("%1", cards))
            self.lookup_result.setObjectName("warning")
        elif answer.status == "no_active_card":
            self.lookup_result.setText(self.tr("中心台账中此人没有有效社保卡"))
        else:
            self.lookup_result.setText(self.tr("中心台账暂不可达，结果未知，可继续办理"))
        self.lookup_result.style().unpolish(self.lookup_result)
        self.lookup_result.style().polish(self.lookup_result)
