"""The fee payment gateway (扫码缴费): an order with a QR payload the applicant pays from a phone.
``LedgerPaymentGateway`` over the ledger's signed ``/v1/payments/orders*``; ``InMemoryPaymentGateway`` for tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from counter_app.domain.problems import DomainError, Problem, Severity
from counter_app.sync.errors import LedgerRefused, LedgerUnavailable, SyncError


@dataclass(frozen=True)
class PaymentOrder:
    order_id: str
    amount_fen: int
    status: str  # pending|paid|cancelled|expired|refunded
    qr_payload: str
    expires_at: str
    paid_at: str | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PaymentOrder:
        return cls(str(d["order_id"]), int(d["amount_fen"]), str(d["status"]), str(d.get("qr_payload") or ""),
                   str(d.get("expires_at") or ""), d.get("paid_at"))


class PaymentUnavailable(DomainError):
    severity = Severity.WARNING

    def __init__(self, detail: str = "", code: str = "unavailable"):
        self.code = code
        super().__init__(Problem(f"payments.{code}", f"缴费系统暂不可用（{detail}）",
                                 f"The payment system is not available ({detail})"))


class PaymentGateway(Protocol):
    def create_order(self, order_id: str, amount_fen: int, subject: str) -> PaymentOrder: ...
    def order_status(self, order_id: str) -> PaymentOrder: ...
    def cancel_order(self, order_id: str) -> PaymentOrder: ...
    def refund(self, order_id: str, amount_fen: int, reason: str) -> PaymentOrder: ...


class LedgerPaymentGateway:
    def __init__(self, ledger_factory: Callable[[], Any], *, timeout: float | None = None):
        self._factory, self._timeout = ledger_factory, timeout

    def _post(self, path: str, body: dict) -> PaymentOrder:
        try:
            return PaymentOrder.from_json(self._factory()._signed(path, body, timeout=self._timeout))
        except LedgerRefused as exc:
            raise PaymentUnavailable(str(exc), code=exc.code) from exc
        except (LedgerUnavailable, SyncError, OSError) as exc:
            raise PaymentUnavailable(str(exc)) from exc

    def create_order(self, order_id: str, amount_fen: int, subject: str) -> PaymentOrder:
        return self._post("/v1/payments/orders", {"order_id": order_id, "amount_fen": amount_fen, "subject": subject})

    def order_status(self, order_id: str) -> PaymentOrder:
        return self._post("/v1/payments/orders/status", {"order_id": order_id})

    def cancel_order(self, order_id: str) -> PaymentOrder:
        return self._post("/v1/payments/orders/cancel", {"order_id": order_id})

    def refund(self, order_id: str, amount_fen: int, reason: str) -> PaymentOrder:
        return self._post("/v1/payments/orders/refund", {"order_id": order_id, "amount_fen": amount_fen,
                                                         "reason": reason})


class InMemoryPaymentGateway:
    """A fake: orders kept in a dict; ``pay(order_id)`` is the applicant's phone."""

    def __init__(self, timeout_seconds: int = 300):
        self.orders: dict[str, PaymentOrder] = {}
        self._timeout = timeout_seconds

    def create_order(self, order_id: str, amount_fen: int, subject: str) -> PaymentOrder:
        if order_id not in self.orders:
            expires = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self._timeout)
            self.orders[order_id] = PaymentOrder(order_id, amount_fen, "pending", f"memory://pay/{order_id}",
                                                 expires.isoformat())
        return self.orders[order_id]

    def order_status(self, order_id: str) -> PaymentOrder:
        if order_id not in self.orders:
            raise PaymentUnavailable(order_id, code="unknown_order")
        return self.orders[order_id]

    def pay(self, order_id: str) -> PaymentOrder:
        order = self.order_status(order_id)
        if order.status != "pending":
            raise PaymentUnavailable(order.status, code="order_not_pending")
        self.orders[order_id] = replace(order, status="paid", paid_at=dt.datetime.now(dt.UTC).isoformat())
        return self.orders[order_id]

    def cancel_order(self, order_id: str) -> PaymentOrder:
        order = self.order_status(order_id)
        if order.status == "paid":
            raise PaymentUnavailable("paid", code="order_paid")
        self.orders[order_id] = replace(order, status="cancelled")
        return self.orders[order_id]

    def refund(self, order_id: str, amount_fen: int, reason: str) -> PaymentOrder:
        order = self.order_status(order_id)
        if order.status != "paid":
            raise PaymentUnavailable(order.status, code="order_not_paid")
        self.orders[order_id] = replace(order, status="refunded")
        return self.orders[order_id]


def gateway_from_settings(settings, ledger_factory) -> PaymentGateway | None:
    """The ledger's gateway, or ``None`` with no ledger to ask (none set, or this counter not enrolled with it:
    the fee page then offers cash and waivers only)."""
    if ledger_factory is None or not str(settings["counter.id"] or ""):
        return None
    return LedgerPaymentGateway(ledger_factory, timeout=float(settings["cardmgmt.timeout_seconds"]))
