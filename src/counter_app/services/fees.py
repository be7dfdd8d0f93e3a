"""Fees (收费): quote, QR payment through the PaymentGateway, cash, waivers, refunds, carry-over; the write check.

One fee per issuance (the case), in the ``fees`` table. No card is written before the fee is settled, waived
or free: :class:`FeeWriteCheck` refuses the claim otherwise. Each change is audited and, when the card
management reports queue (part B's ``store/cardmgmt_queue.py``) exists, a ``fee`` report is queued in the
same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from counter_app.domain.applicant import ApplicationType
from counter_app.domain.case_numbers import case_number
from counter_app.domain.fees import FeeRefused, FeeSchedule, yuan
from counter_app.domain.issuance import Issuance
from counter_app.domain.problems import Problem
from counter_app.services.auth import Role, Session, requires
from counter_app.services.encoding import WriteCheck, WriteRefused
from counter_app.services.issuance import IssuanceService
from counter_app.store.audit import AuditLog
from counter_app.store.cardmgmt_queue import ReportQueue
from counter_app.store.clock import utc_now
from counter_app.store.fees import FeeRepository, StoredFee

SETTLED = ("paid", "waived")


class FeeNotSettled(WriteRefused):
    def __init__(self, issuance_id: str, amount_fen: int):
        super().__init__(Problem("fee.not_settled", f"费用 {yuan(amount_fen)} 元尚未缴清，不能制卡。",
                                 f"The fee of {yuan(amount_fen)} yuan is not settled: no card is written."))


@dataclass(frozen=True)
class CashReceipt:
    issuance_id: str
    case_number: str
    receipt_number: str
    amount_fen: int
    received_fen: int
    change_fen: int
    clerk: str
    at: dt.datetime
    refund: bool = False

    def text(self) -> str:
        title = "退费收据 REFUND RECEIPT" if self.refund else "收费收据 FEE RECEIPT"
        lines = [title, f"收据号 No.: {self.receipt_number}", f"业务号 Case: {self.case_number}",
                 f"金额 Amount: {yuan(self.amount_fen)} 元"]
        if not self.refund:
            lines += [f"实收 Received: {yuan(self.received_fen)} 元", f"找零 Change: {yuan(self.change_fen)} 元"]
        lines += [f"经办 Clerk: {self.clerk}", f"时间 Time: {self.at.isoformat(timespec='seconds')}"]
        return "\n".join(lines)


@dataclass(frozen=True)
class DayFees:
    """The fees of one day for the close of day: totals by method, refunds, and the reconciliation."""

    by_method: dict[str, int]          # fen settled per method (qr, cash, waived counts 0 fen: see waived_count)
    waived_count: int
    refunded_fen: dict[str, int]       # fen refunded per method
    cash_recorded_fen: int             # cash kept: paid minus refunded
    cash_counted_fen: int | None
    qr_recorded_fen: int
    qr_gateway_fen: int | None

    @property
    def cash_difference_fen(self) -> int | None:
        return None if self.cash_counted_fen is None else self.cash_counted_fen - self.cash_recorded_fen

    @property
    def qr_difference_fen(self) -> int | None:
        return None if self.qr_gateway_fen is None else self.qr_gateway_fen - self.qr_recorded_fen

    @property
    def reconciles(self) -> bool:
        return not self.cash_difference_fen and not self.qr_difference_fen


class FeeWriteCheck(WriteCheck):
    def __init__(self, fees: FeeService):
        self._fees = fees

    def before_claim(self, issuance: Issuance) -> None:
        fee = self._fees.ensure_quoted(issuance)
        if not _settled(fee):
            raise FeeNotSettled(issuance.id, fee.amount_fen)


class FeeService:
    def __init__(self, store, settings, *, gateway: Callable[[], Any] | None = None,
                 clock: Callable[[], dt.datetime] = utc_now,
                 printer: Callable[[CashReceipt], None] | None = None):
        self._store, self._settings = store, settings
        self._gateway = gateway or (lambda: None)
        self._clock = clock
        self._printer = printer
        self._issuances = IssuanceService(store)
        self.write_check = FeeWriteCheck(self)

    # --- reading ---------------------------------------------------------------------------------------------
    def fee_of(self, issuance_id: str) -> StoredFee | None:
        return FeeRepository(self._store.db).get(issuance_id)

    def is_settled(self, issuance_id: str) -> bool:
        fee = self.fee_of(issuance_id)
        return fee is not None and _settled(fee)

    def ensure_quoted(self, issuance: Issuance) -> StoredFee:
        existing = self.fee_of(issuance.id)
        if existing is not None:
            return existing
        schedule = FeeSchedule.from_settings(self._settings)
        q = schedule.quote(issuance.applicant, first_card=issuance.applicant.application_type is ApplicationType.NEW)
        fee = StoredFee(issuance.id, q.amount_fen, "quoted", self._clock(),
                        method=None if q.due else "free")
        with self._store.transaction() as db:
            FeeRepository(db).put(fee)
        return fee

    @requires(Role.CLERK, Role.SUPERVISOR, zh="查询费用", en="quote the fee")
    def quote(self, session: Session, issuance_id: str) -> StoredFee:
        return self.ensure_quoted(self._issuances.get(issuance_id))

    # --- QR --------------------------------------------------------------------------------------------------
    def _gw(self):
        gw = self._gateway()
        if gw is None:
            raise FeeRefused("fee.no_gateway", "未配置扫码支付。", "No payment gateway is configured.")
        return gw

    def _due(self, issuance_id: str) -> StoredFee:
        fee = self.ensure_quoted(self._issuances.get(issuance_id))
        if self.is_settled(issuance_id) or fee.status in ("refunded", "carried_over"):
            raise FeeRefused("fee.nothing_due", "本业务无需缴费或已缴清。", "Nothing is due on this case.")
        return fee

    @requires(Role.CLERK, Role.SUPERVISOR, zh="扫码收费", en="take a QR payment")
    def start_qr(self, session: Session, issuance_id: str):
        fee = self._due(issuance_id)
        if fee.status == "pending" and fee.order_id:
            order = self._gw().order_status(fee.order_id)
            if order.status in ("pending", "paid"):
                return order
        attempt = fee.attempt + 1
        order_id = f"{case_number(issuance_id)}-{attempt}"
        order = self._gw().create_order(order_id, fee.amount_fen, f"社保卡补换卡费 {case_number(issuance_id)}")
        self._save(session, replace(fee, status="pending", method="qr", order_id=order_id, attempt=attempt),
                   "fee.qr_started", {"order_id": order_id})
        return order

    @requires(Role.CLERK, Role.SUPERVISOR, zh="查询支付状态", en="poll the payment")
    def poll(self, session: Session, issuance_id: str) -> StoredFee:
        fee = self.fee_of(issuance_id)
        if fee is None or fee.status != "pending" or not fee.order_id:
            return fee
        order = self._gw().order_status(fee.order_id)
        if order.status == "paid":
            fee = replace(fee, status="paid", settled_at=self._clock(), settled_by=session.username)
            self._save(session, fee, "fee.paid", {"order_id": fee.order_id}, report=True)
        elif order.status in ("expired", "cancelled"):
            fee = replace(fee, status="quoted", method=None)
            self._save(session, fee, "fee.qr_" + order.status, {"order_id": fee.order_id})
        return fee

    @requires(Role.CLERK, Role.SUPERVISOR, zh="取消扫码支付", en="cancel the QR payment")
    def cancel_qr(self, session: Session, issuance_id: str) -> StoredFee:
        fee = self.fee_of(issuance_id)
        if fee is None or fee.status != "pending" or not fee.order_id:
            return fee
        self._gw().cancel_order(fee.order_id)
        fee = replace(fee, status="quoted", method=None)
        self._save(session, fee, "fee.qr_cancelled", {"order_id": fee.order_id})
        return fee

    # --- cash, waiver ----------------------------------------------------------------------------------------
    @requires(Role.CLERK, Role.SUPERVISOR, zh="现金收费", en="take a cash payment")
    def pay_cash(self, session: Session, issuance_id: str, received_fen: int) -> CashReceipt:
        fee = self._due(issuance_id)
        if fee.status == "pending":
            raise FeeRefused("fee.qr_pending", "扫码支付进行中，请先取消。", "A QR payment is open: cancel it first.")
        if received_fen < fee.amount_fen:
            raise FeeRefused("fee.cash_short", f"实收不足 {yuan(fee.amount_fen)} 元。",
                             f"Less than {yuan(fee.amount_fen)} yuan received.")
        now = self._clock()
        number = f"R{case_number(issuance_id)}"
        fee = replace(fee, status="paid", method="cash", received_fen=received_fen, receipt_number=number,
                      settled_at=now, settled_by=session.username)
        self._save(session, fee, "fee.cash_paid", {"receipt_number": number}, report=True)
        receipt = CashReceipt(issuance_id, case_number(issuance_id), number, fee.amount_fen, received_fen,
                              received_fen - fee.amount_fen, session.username, now)
        if self._printer:
            self._printer(receipt)
        return receipt

    @requires(Role.CLERK, Role.SUPERVISOR, zh="减免费用", en="waive the fee")
    def waive(self, session: Session, issuance_id: str, waiver_code: str, reason: str | None = None) -> StoredFee:
        waiver = FeeSchedule.from_settings(self._settings).waiver(waiver_code)
        if session.role is Role.CLERK and not (reason or "").strip():
            raise FeeRefused("fee.waiver_reason", "柜员减免须说明原因。", "A clerk's waiver needs a reason.")
        fee = self._due(issuance_id)
        fee = replace(fee, status="waived", method="waived", waiver_code=waiver.code, waiver_reason=reason,
                      settled_at=self._clock(), settled_by=session.username)
        self._save(session, fee, "fee.waived", {"waiver_code": waiver.code}, report=True)
        return fee

    # --- a card that could not be made -----------------------------------------------------------------------
    @requires(Role.CLERK, Role.SUPERVISOR, zh="退费", en="refund the fee")
    def refund(self, session: Session, issuance_id: str, reason: str) -> CashReceipt | StoredFee:
        fee = self.fee_of(issuance_id)
        if fee is None or fee.status != "paid":
            raise FeeRefused("fee.not_paid", "只有已缴的费用可以退。", "Only a paid fee can be refunded.")
        now = self._clock()
        if fee.method == "qr":
            self._gw().refund(fee.order_id, fee.amount_fen, reason)
        fee = replace(fee, status="refunded", refund_reason=reason, refunded_at=now)
        # The reason is free text (it may name someone): kept on the fee row, not in the audit chain.
        self._save(session, fee, "fee.refunded", {"method": fee.method}, report=True)
        if fee.method == "cash":
            receipt = CashReceipt(issuance_id, case_number(issuance_id), f"{fee.receipt_number}-T", fee.amount_fen,
                                  0, 0, session.username, now, refund=True)
            if self._printer:
                self._printer(receipt)
            return receipt
        return fee

    @requires(Role.CLERK, Role.SUPERVISOR, zh="费用结转", en="carry the fee over")
    def carry_over(self, session: Session, from_issuance_id: str, to_issuance_id: str) -> StoredFee:
        old = self.fee_of(from_issuance_id)
        if old is None or old.status not in SETTLED:
            raise FeeRefused("fee.nothing_to_carry", "原业务没有可结转的费用。", "No settled fee to carry over.")
        now = self._clock()
        new = replace(old, issuance_id=to_issuance_id, carried_from=from_issuance_id, quoted_at=now)
        with self._store.transaction() as db:
            FeeRepository(db).put(replace(old, status="carried_over", carried_to=to_issuance_id))
            FeeRepository(db).put(new)
            AuditLog.append(db, session.username, "fee.carried_over",
                            {"from": from_issuance_id, "to": to_issuance_id})
        return new

    # --- close of day ----------------------------------------------------------------------------------------
    @requires(Role.SUPERVISOR, zh="查看当日费用", en="see the day's fees")
    def day_fees(self, session: Session, lo: dt.datetime, hi: dt.datetime, *,
                 cash_counted_fen: int | None = None) -> DayFees:
        """Fees settled or refunded at ``lo`` <= t < ``hi``; QR checked against the gateway's orders (when one
        is configured), cash against what the supervisor counted. A carried-over fee counts once, on the day it
        was paid, by its first row."""
        from counter_app.store.clock import to_db_time

        rows = FeeRepository(self._store.db).settled_between(to_db_time(lo), to_db_time(hi))
        by_method: dict[str, int] = {}
        refunded: dict[str, int] = {}
        waived = 0
        gw = self._gateway()
        gateway_fen = 0 if gw is not None else None
        for fee in rows:
            # A carried-over fee counts once, on its first row (the money taken then; that row now says
            # carried_over); the row it was carried to (carried_from set) adds nothing but its refund.
            in_day = fee.settled_at is not None and lo <= fee.settled_at < hi
            if in_day and fee.carried_from is None:
                if fee.method == "waived":
                    waived += 1
                elif fee.method in ("qr", "cash"):
                    by_method[fee.method] = by_method.get(fee.method, 0) + fee.amount_fen
                    if fee.method == "qr" and gw is not None and fee.order_id:
                        if gw.order_status(fee.order_id).status in ("paid", "refunded"):
                            gateway_fen += fee.amount_fen
            if fee.status == "refunded" and fee.refunded_at and lo <= fee.refunded_at < hi:
                refunded[fee.method] = refunded.get(fee.method, 0) + fee.amount_fen
        cash = by_method.get("cash", 0) - refunded.get("cash", 0)
        return DayFees(by_method, waived, refunded, cash, cash_counted_fen, by_method.get("qr", 0), gateway_fen)

    # --- storing ---------------------------------------------------------------------------------------------
    def _save(self, session: Session, fee: StoredFee, action: str, detail: dict, *, report: bool = False) -> None:
        with self._store.transaction() as db:
            FeeRepository(db).put(fee)
            AuditLog.append(db, session.username, action, {"issuance_id": fee.issuance_id, **detail})
            if report:
                _queue_fee_report(db, fee)


def _settled(fee: StoredFee) -> bool:
    """Paid, waived, or nothing to pay: the chip may be written."""
    return fee.status in SETTLED or (fee.status == "quoted" and fee.amount_fen == 0)


def _queue_fee_report(db, fee: StoredFee) -> None:
    at = fee.refunded_at or fee.settled_at
    ReportQueue(db).add("fee", {
        "issuance_id": fee.issuance_id, "case_number": case_number(fee.issuance_id), "amount_fen": fee.amount_fen,
        "method": fee.method, "waiver_code": fee.waiver_code, "order_id": fee.order_id,
        "settled_at": at.isoformat() if at else None, "refunded": fee.status == "refunded"})
