"""卡内查询: the card in the encoder beside this counter's record of it, mismatches highlighted, and
the holder's receipt printed on the configured printer. The comparison is
:mod:`counter_app.services.card_query`'s; this tab only draws it. The certificate row (third-generation
cards) is red when the card holds another certificate than the one recorded, amber when the record says
the certificate is still to be issued — then a button leads to the certificates tab."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.card_query import CertificateVerdict
from counter_app.ui.clerk.card_service_tab import ServiceTab
from counter_app.ui.clerk.pages import bind_key
from counter_app.ui.context import job_card_query, job_print_receipt, receipt_printer

MISMATCH_BACKGROUND = QColor("#ffcdd2")
PENDING_BACKGROUND = QColor("#ffe0b2")  # amber: a step to finish, not a disagreement
MISMATCH = "mismatch"  # the UserRole data of a highlighted row's cells
PENDING = "pending"


class CardQueryTab(ServiceTab):
    queried = Signal(object)  # the CardQuery shown (the status tab takes its card number)
    certificatesRequested = Signal()  # noqa: N815  the clerk follows the pending certificate's hint

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(app_ctx, parent)
        self.query = None
        hint = QLabel(self.tr("请将持卡人的卡片插入写卡器，然后读卡。卡内信息与本柜台记录不一致的项目标为红色。"))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.read_button = QPushButton(self.tr("读卡查询 (F8)"))
        self.read_button.setObjectName("primary")
        bind_key(self.read_button, "F8")
        self.print_button = QPushButton(self.tr("打印回执 (F9)"))
        bind_key(self.print_button, "F9")
        self.cert_button = QPushButton(self.tr("去补签证书"))
        self.cert_button.setObjectName("certPendingButton")
        self.cert_button.setVisible(False)
        self.read_button.clicked.connect(self.read)
        self.print_button.clicked.connect(self.print_receipt)
        self.cert_button.clicked.connect(self.certificatesRequested)
        self.actions = [self.read_button, self.print_button]
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("cardQuery")
        self.table.setHorizontalHeaderLabels([self.tr("项目"), self.tr("卡内信息"), self.tr("本柜台记录")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("querySummary")
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.read_button)
        row.addWidget(self.print_button)
        row.addWidget(self.cert_button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(hint)
        box.addWidget(self.table, 1)
        box.addWidget(self.summary)
        box.addWidget(self.message)
        box.addLayout(row)
        self.update_actions()

    def update_actions(self) -> None:
        self.print_button.setEnabled(not self.busy and self.query is not None and not self.query.blank)

    # --- reading ------------------------------------------------------------------------------

    def read(self) -> None:
        if self.busy:
            return
        self.say(self.tr("正在读卡，请勿取卡…"))
        self.run(job_card_query(self.ctx.session), self.show_query)

    def show_query(self, query) -> None:
        self.query = query
        self.message.clear()
        lang = self.ctx.lang
        self.table.setRowCount(0)
        self.cert_button.setVisible(False)
        if query.blank:
            self.summary.setText(self.tr("这是一张空白卡（卡识别码 %1），卡内没有个人信息。").replace("%1", query.card_id))
            self.update_actions()
            self.queried.emit(query)
            return
        rows = [(f.label(lang), query.shown(f, f.on_card, lang),
                 query.shown(f, f.on_record, lang) if f.compared else ("—" if query.record is None
                                                                       else self.tr("（不记录）")),
                 MISMATCH if not f.matches else None) for f in query.fields]
        cert = query.certificate
        if cert is not None:
            mark = {CertificateVerdict.MISMATCH: MISMATCH, CertificateVerdict.PENDING: PENDING}.get(cert.verdict)
            rows.append((self.tr("数字证书"), cert.on_card_text(lang), cert.on_record_text(lang), mark))
        if query.contactless_consistent is not None:  # read on the contactless reader too
            rows.append((self.tr("非接触接口"), self.tr("UID %1").replace("%1", query.contactless_uid),
                         self.tr("与接触式读卡一致") if query.contactless_consistent
                         else self.tr("与接触式读卡不一致"),
                         None if query.contactless_consistent else MISMATCH))
        if query.record is not None:
            rows.append((self.tr("卡状态"), "", self.texts.status(query.record.status), None))
            rows.append((self.tr("制卡记录"), "", query.record.issuance_state.label(lang), None))
            rows.append((self.tr("持卡人密码"), "", self.tr("已设置") if query.record.holder_pin_set
                         else self.tr("未设置（初始密码）"), None))
            financial = query.record.financial_activated_at
            rows.append((self.tr("金融账户"), "", self.tr("已激活（%1，银行报告）").replace(
                "%1", financial.astimezone().date().isoformat()) if financial else self.tr("未激活（在银行激活）"), None))
        self.table.setRowCount(len(rows))
        for r, (name, on_card, on_record, mark) in enumerate(rows):
            for c, text in enumerate((name, on_card, on_record)):
                item = QTableWidgetItem(text)
                if mark is not None:
                    item.setBackground(MISMATCH_BACKGROUND if mark == MISMATCH else PENDING_BACKGROUND)
                    item.setData(Qt.ItemDataRole.UserRole, mark)
                    item.setToolTip(self.tr("卡内信息与本柜台记录不一致") if mark == MISMATCH
                                    else self.tr("证书待签发：请在“数字证书”页签由持卡人输入密码补签"))
                    if c and mark == MISMATCH:
                        font = QFont(item.font())
                        font.setBold(True)
                        item.setFont(font)
                self.table.setItem(r, c, item)
        differing = len(query.mismatches) + (1 if query.certificate_mismatch else 0)
        if query.record is None:
            summary = self.tr("本柜台没有这张卡的制卡记录，只显示卡内信息。")
        elif differing:
            summary = self.tr("有 %1 项卡内信息与本柜台记录不一致（红色标出），请核实。").replace("%1", str(differing))
        else:
            summary = self.tr("卡内信息与本柜台记录一致。")
        pending = cert is not None and cert.verdict is CertificateVerdict.PENDING
        if pending:
            summary += " " + self.tr("这张卡的数字证书待签发（橙色标出）：请转到“数字证书”页签，由持卡人输入密码补签。")
        self.summary.setText(summary)
        self.cert_button.setVisible(pending)
        self.update_actions()
        self.queried.emit(query)

    def highlighted_rows(self, mark: str = MISMATCH) -> list[str]:
        """The item names of the rows shown as mismatches — or, with ``mark=PENDING``, as steps still
        to finish (for tests and screenshots)."""
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())
                if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == mark]

    def row_texts(self, name: str) -> tuple[str, str]:
        """(on the card, on the record) of the row named ``name``."""
        r = next(r for r in range(self.table.rowCount()) if self.table.item(r, 0).text() == name)
        return self.table.item(r, 1).text(), self.table.item(r, 2).text()

    # --- the receipt --------------------------------------------------------------------------

    def print_receipt(self) -> None:
        if self.busy or self.query is None or self.query.blank:
            return
        printer = receipt_printer(self.ctx.settings)
        self.say(self.tr("正在打印回执（打印机 %1）…").replace("%1", printer))
        self.run(job_print_receipt(self.ctx.session, self.query, printer), self._printed)

    def _printed(self, result) -> None:
        ok = result.state in ("completed", "submitted")
        self.say(result.message(self.ctx.lang), error=not ok)
