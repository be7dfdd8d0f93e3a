"""Card stock and the day close: batches received, used, spoiled, expected on hand (with the
low-stock warning), receiving a batch, and closing the day with the counted stock and the counted cash.

The close of day's section shows, before and after closing, the day's fees (QR and cash, waivers,
refunds, carry-overs), whether they reconcile (a red line for each difference: cash short or over,
QR payments the gateway does not show), and the stock and the day's cards per co-issuing bank."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.banks import banks_from_settings
from counter_app.services.dayclose import bank_problems, banks_of, fees_of, money
from counter_app.ui.errors import error_text
from counter_app.ui.supervisor.jobs import job_close_day, job_dayclose_preview, job_receive, job_stock
from counter_app.ui.supervisor.widgets import fill, make_table

COUNTED_COLUMN = 8  # of the by-bank table: 实点, typed in


class StockPage(QWidget):
    loaded = Signal(object)    # StockStatus
    closed = Signal(object)    # DayClose
    previewed = Signal(object)  # DayCloseFigures

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("supervisorStock")
        self.status = None
        self.summary = QLabel()
        self.summary.setObjectName("stockSummary")
        self.warning = QLabel()
        self.warning.setObjectName("stockWarning")
        self.warning.setStyleSheet("color: #c62828; font-weight: bold")
        self.batches = make_table("stockBatches", [self.tr("批次"), self.tr("入库时间"), self.tr("数量"),
                                                   self.tr("起始卡识别码"), self.tr("结束卡识别码"), self.tr("备注")])
        receive = QGroupBox(self.tr("入库"))
        self.receive_count = QSpinBox()
        self.receive_count.setRange(1, 100000)
        self.receive_count.setValue(500)
        self.first_chip = QLineEdit()
        self.last_chip = QLineEdit()
        self.note = QLineEdit()
        # Stock is received per co-issuing bank and per batch of the card system (each bank's cards carry its
        # financial application: a card of another bank is refused at the write).
        self.bank = QComboBox()
        for bank in banks_from_settings(app_ctx.settings):
            self.bank.addItem(f"{bank.code} {bank.name}", bank.code)
        default = self.bank.findData(str(app_ctx.settings["banks.default"] or ""))
        self.bank.setCurrentIndex(max(0, default))
        self.batch_number = QLineEdit()
        self.batch_number.setPlaceholderText(self.tr("卡管系统下发的批次号"))
        self.chip_type = QLineEdit()
        self.vendor = QLineEdit()
        self.receive_button = QPushButton(self.tr("登记入库"))
        self.receive_button.clicked.connect(self.receive)
        form = QFormLayout(receive)
        form.addRow(self.tr("合作银行"), self.bank)
        form.addRow(self.tr("批次号"), self.batch_number)
        form.addRow(self.tr("数量"), self.receive_count)
        form.addRow(self.tr("起始卡识别码"), self.first_chip)
        form.addRow(self.tr("结束卡识别码"), self.last_chip)
        form.addRow(self.tr("芯片类型"), self.chip_type)
        form.addRow(self.tr("卡厂"), self.vendor)
        form.addRow(self.tr("备注"), self.note)
        form.addRow(self.receive_button)
        close = QGroupBox(self.tr("日结"))
        self.counted = QSpinBox()
        self.counted.setObjectName("countedStock")
        self.counted.setRange(0, 1000000)
        self.cash_counted = QDoubleSpinBox()
        self.cash_counted.setObjectName("cashCounted")
        self.cash_counted.setRange(0, 10_000_000)
        self.cash_counted.setDecimals(2)
        self.cash_counted.setSuffix(self.tr(" 元"))
        self.check_button = QPushButton(self.tr("核对收费"))
        self.check_button.setObjectName("checkDayClose")
        self.check_button.clicked.connect(self.preview)
        self.close_button = QPushButton(self.tr("日结并签名"))
        self.close_button.setObjectName("primary")
        self.close_button.clicked.connect(self.close_day)
        close_form = QFormLayout(close)
        close_form.addRow(self.tr("实点空白卡"), self.counted)
        close_form.addRow(self.tr("实点现金"), self.cash_counted)
        close_form.addRow(self.check_button)
        close_form.addRow(self.close_button)
        fees_box = QGroupBox(self.tr("当日收费"))
        self.fees_summary = QLabel()
        self.fees_summary.setObjectName("closeFees")
        self.fees_summary.setWordWrap(True)
        self.fees_table = make_table("closeFeeTable", [self.tr("项目"), self.tr("笔数"), self.tr("金额（元）")])
        self.reconcile = QLabel()
        self.reconcile.setObjectName("closeReconcile")
        self.reconcile.setWordWrap(True)
        self.by_bank = make_table("closeByBank", [self.tr("合作银行"), self.tr("入库"), self.tr("已用"), self.tr("作废"),
                                                  self.tr("账面结存"), self.tr("当日发卡"), self.tr("当日废卡"),
                                                  self.tr("制作中"), self.tr("实点"), self.tr("差额")])
        # The 实点 column is typed in (optional): the blank cards counted of each bank.
        self.by_bank.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                     | QAbstractItemView.EditTrigger.EditKeyPressed
                                     | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.bank_codes: list = []
        fees_form = QVBoxLayout(fees_box)
        fees_form.addWidget(self.fees_summary)
        fees_form.addWidget(self.fees_table)
        fees_form.addWidget(self.reconcile)
        fees_form.addWidget(QLabel(self.tr("按合作银行")))
        fees_form.addWidget(self.by_bank)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        forms = QHBoxLayout()
        forms.addWidget(receive)
        forms.addWidget(close)
        forms.addWidget(fees_box, 2)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.warning)
        box.addWidget(self.batches, 1)
        box.addLayout(forms)
        box.addWidget(self.message)

    def refresh(self) -> None:
        self.ctx.db.call(job_stock(self.ctx.session), self.show_status, self._failed)
        self.preview()

    def cash_fen(self) -> int:
        return round(self.cash_counted.value() * 100)

    def preview(self) -> None:
        """The close of day's figures now (nothing recorded), with the cash typed in."""
        self.ctx.db.call(job_dayclose_preview(self.ctx.session, None, self.cash_fen(), self.bank_counts()),
                         self.show_figures, self._failed)

    def show_figures(self, figures) -> None:
        self.show_fees(figures.fees, figures.by_bank, figures.problems(self.ctx.lang))
        self.previewed.emit(figures)

    def show_fees(self, fees, by_bank, problems: list[str]) -> None:
        lang = self.ctx.lang
        self.fees_summary.setText(fees.summary(lang))
        rows = [[self.tr("扫码"), fees.qr.count, money(fees.qr.fen)], [self.tr("现金"), fees.cash.count, money(fees.cash.fen)]]
        rows += [[self.tr("减免 %1").replace("%1", code), n, ""] for code, n in fees.waived_by_code.items()]
        rows += [[self.tr("退费 %1").replace("%1", {"qr": self.tr("扫码"), "cash": self.tr("现金")}.get(m, m)),
                  t.count, money(t.fen)] for m, t in fees.refunded.items()]
        rows.append([self.tr("结转"), fees.carried_over.count, money(fees.carried_over.fen)])
        rows.append([self.tr("现金应有"), "", money(fees.cash_expected_fen)])
        rows.append([self.tr("扫码平台已付"), "", "—" if fees.qr_gateway_fen is None else money(fees.qr_gateway_fen)])
        fill(self.fees_table, rows)
        if problems:
            self.reconcile.setStyleSheet("color: #c62828; font-weight: bold")
            self.reconcile.setText("\n".join(problems))
        else:
            self.reconcile.setStyleSheet("color: #2e7d32")
            self.reconcile.setText(self.tr("收费与库存核对相符。"))
        typed = self.bank_counts() or {}
        self.bank_codes = [line.bank_code for line in by_bank]
        fill(self.by_bank, [[line.label, line.received, line.used, line.spoiled, line.expected_on_hand,
                             line.issued_today, line.spoiled_today, line.in_progress_today,
                             line.counted if line.counted is not None else typed.get(line.bank_code),
                             "" if line.difference is None else f"{line.difference:+d}"] for line in by_bank])
        for r in range(self.by_bank.rowCount()):
            for c in range(self.by_bank.columnCount()):
                item = self.by_bank.item(r, c)
                if c != COUNTED_COLUMN:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def bank_counts(self) -> dict | None:
        """The blank cards typed in per bank (the 实点 column); None when none was typed."""
        out = {}
        for r, code in enumerate(self.bank_codes):
            item = self.by_bank.item(r, COUNTED_COLUMN)
            text = item.text().strip() if item is not None else ""
            if text.isdigit():
                out[code] = int(text)
        return out or None

    def show_status(self, st) -> None:
        self.status = st
        self.summary.setText(self.tr("入库 %1，已用 %2，作废 %3，账面结存 %4").replace("%1", str(st.received))
                             .replace("%2", str(st.used)).replace("%3", str(st.spoiled))
                             .replace("%4", str(st.expected_on_hand)))
        self.warning.setText(self.tr("库存不足：低于预警线 %1 张").replace("%1", str(st.low_threshold)) if st.low else "")
        fill(self.batches, [[b.id, b.received_at.astimezone().strftime("%Y-%m-%d %H:%M"), b.count,
                             b.first_chip_id, b.last_chip_id, b.note] for b in st.batches])
        self.loaded.emit(st)

    def receive(self) -> None:
        job = job_receive(self.ctx.session, self.receive_count.value(), self.first_chip.text(), self.last_chip.text(),
                          self.note.text(), bank_code=self.bank.currentData(),
                          batch_number=self.batch_number.text().strip() or None,
                          chip_type=self.chip_type.text().strip() or None, vendor=self.vendor.text().strip() or None)

        def done(batch) -> None:
            self.message.setText(self.tr("已入库第 %1 批：%2 张").replace("%1", str(batch.id))
                                 .replace("%2", str(batch.count)))
            self.refresh()

        self.ctx.db.call(job, done, self._failed)

    def close_day(self) -> None:
        def done(closed) -> None:
            if closed.balanced:
                text = self.tr("%1 已日结，库存相符。").replace("%1", closed.day.isoformat())
            else:
                text = (self.tr("%1 已日结。库存不符：实点 %2，账面 %3，差 %4。").replace("%1", closed.day.isoformat())
                        .replace("%2", str(closed.counted)).replace("%3", str(closed.expected))
                        .replace("%4", f"{closed.difference:+d}"))
            fees = fees_of(closed)
            lines = banks_of(closed, self.ctx.settings)
            if fees is not None:
                problems = fees.problems(self.ctx.lang) + bank_problems(lines, self.ctx.lang)
                self.show_fees(fees, lines, problems)
                text += " " + (self.tr("收费不符。") if not fees.reconciles else self.tr("收费相符。"))
            self.message.setText(text)
            self.closed.emit(closed)
            self.ctx.db.call(job_stock(self.ctx.session), self.show_status, self._failed)

        self.ctx.db.call(job_close_day(self.ctx.session, self.counted.value(), None, self.cash_fen(),
                                       self.bank_counts()), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc, self.ctx.lang))
