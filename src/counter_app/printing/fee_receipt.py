"""The fee receipt (收费收据) and the refund receipt (退费收据) of a cash payment, on the receipt roll.

The same page and painter as the in-card query receipt (:mod:`counter_app.printing.receipt`): a fee receipt
is another list of labelled lines under its own title. No personal data: the case number identifies the
application, as on the applicant's papers."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.domain.fees import yuan
from counter_app.printing import job as print_job
from counter_app.printing.receipt import RECEIPT_PAGE, painter_of


@dataclass(frozen=True, slots=True)
class FeeReceipt:
    receipt_number: str
    case_number: str
    amount_fen: int
    received_fen: int
    change_fen: int
    clerk: str
    printed_at: str
    counter: str
    refund: bool = False

    @classmethod
    def of(cls, cash, counter: str) -> FeeReceipt:
        """From a :class:`~counter_app.services.fees.CashReceipt`."""
        return cls(cash.receipt_number, cash.case_number, cash.amount_fen, cash.received_fen, cash.change_fen,
                   cash.clerk, cash.at.astimezone().strftime("%Y-%m-%d %H:%M"), counter, cash.refund)

    @property
    def title(self) -> tuple[str, str]:
        if self.refund:
            return "社会保障卡业务退费收据", "Social security card: refund receipt"
        return "社会保障卡业务收费收据", "Social security card: fee receipt"

    def lines(self) -> list[tuple[str, str]]:
        rows = [("收据号 Receipt No.", self.receipt_number), ("业务号 Case", self.case_number),
                ("退费金额 Refunded" if self.refund else "金额 Amount", f"{yuan(self.amount_fen)} 元 CNY")]
        if not self.refund:
            rows += [("实收 Received", f"{yuan(self.received_fen)} 元"), ("找零 Change", f"{yuan(self.change_fen)} 元")]
        rows.append(("经办 Clerk", self.clerk))
        return rows


def print_fee_receipt(printer_name: str, receipt: FeeReceipt, *, timeout: float = 60.0) -> print_job.JobResult:
    """Print ``receipt`` on the CUPS queue ``printer_name`` and follow the job to its end."""
    sub = print_job.submit(printer_name, RECEIPT_PAGE, painter_of(receipt), label="fee-receipt")
    return print_job.follow(sub, timeout=timeout)


def write_pdf(receipt: FeeReceipt, path):
    return print_job.write_page_pdf(path, RECEIPT_PAGE, painter_of(receipt))
