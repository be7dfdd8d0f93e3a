"""A payment gateway fake after the contract of ``cardmgmt/payments.py`` (part B's InMemoryPaymentGateway
replaces it once that module lands)."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Order:
    order_id: str
    amount_fen: int
    status: str
    qr_payload: str
    expires_at: str
    paid_at: str | None = None


class FakeGateway:
    def __init__(self):
        self.orders: dict[str, Order] = {}
        self.refunds: list[tuple[str, int, str]] = []

    def create_order(self, order_id, amount_fen, subject):
        self.orders.setdefault(order_id, Order(order_id, amount_fen, "pending", f"https://pay/{order_id}",
                                               "2026-12-03T10:05:00Z"))
        return self.orders[order_id]

    def order_status(self, order_id):
        return self.orders[order_id]

    def cancel_order(self, order_id):
        self.orders[order_id] = replace(self.orders[order_id], status="cancelled")
        return self.orders[order_id]

    def refund(self, order_id, amount_fen, reason):
        self.refunds.append((order_id, amount_fen, reason))
        self.orders[order_id] = replace(self.orders[order_id], status="refunded")
        return self.orders[order_id]

    def pay(self, order_id):
        self.orders[order_id] = replace(self.orders[order_id], status="paid", paid_at="2026-12-03T10:01:00Z")

    def expire(self, order_id):
        self.orders[order_id] = replace(self.orders[order_id], status="expired")
