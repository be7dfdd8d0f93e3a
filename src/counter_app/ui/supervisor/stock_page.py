"""Card stock and the day close: batches received, used, spoiled, expected on hand (with the
low-stock warning), receiving a batch, and closing the day with the counted stock."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
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

from counter_app.ui.errors import error_text
from counter_app.ui.supervisor.jobs import job_close_day, job_receive, job_stock
from counter_app.ui.supervisor.widgets import fill, make_table


class StockPage(QWidget):
    loaded = Signal(object)    # StockStatus
    closed = Signal(object)    # DayClose

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
        self.receive_button = QPushButton(self.tr("登记入库"))
        self.receive_button.clicked.connect(self.receive)
        form = QFormLayout(receive)
        form.addRow(self.tr("数量"), self.receive_count)
        form.addRow(self.tr("起始卡识别码"), self.first_chip)
        form.addRow(self.tr("结束卡识别码"), self.last_chip)
        form.addRow(self.tr("备注"), self.note)
        form.addRow(self.receive_button)
        close = QGroupBox(self.tr("日结"))
        self.counted = QSpinBox()
        self.counted.setObjectName("countedStock")
        self.counted.setRange(0, 1000000)
        self.close_button = QPushButton(self.tr("日结并签名"))
        self.close_button.setObjectName("primary")
        self.close_button.clicked.connect(self.close_day)
        close_form = QFormLayout(close)
        close_form.addRow(self.tr("实点空白卡"), self.counted)
        close_form.addRow(self.close_button)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        forms = QHBoxLayout()
        forms.addWidget(receive)
        forms.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.warning)
        box.addWidget(self.batches, 1)
        box.addLayout(forms)
        box.addWidget(self.message)

    def refresh(self) -> None:
        self.ctx.db.call(job_stock(self.ctx.session), self.show_status, self._failed)

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
                          self.note.text())

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
            self.message.setText(text)
            self.closed.emit(closed)
            self.refresh()

        self.ctx.db.call(job_close_day(self.ctx.session, self.counted.value()), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc, self.ctx.lang))
