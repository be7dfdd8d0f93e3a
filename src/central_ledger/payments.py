"""The ledger's reference payment gateway (扫码缴费): what the counter's ``LedgerPaymentGateway``
(counter_app/cardmgmt/payments.py) calls, and the page the applicant's phone opens from the QR code.

An order belongs to the counter that made it (only it may ask for it, cancel or refund it). Its QR payload is a
link ``<base>/pay/<order_id>?t=<token>`` with a random token: whoever holds the link may pay (the token is the
authority, as a payment provider's QR code is), so the phone's page and its 支付 button are unsigned. An order
not paid within the payment timeout (``central-ledger serve --payment-timeout``, 300 s by default) is expired:
it answers ``expired`` and can no longer be paid. ``central-ledger payment pay`` pays an order from the command
line (for demonstrations).

States: ``pending`` → ``paid`` (the phone, or the CLI) → ``refunded``; ``pending`` → ``cancelled``;
``pending`` past its expiry reads ``expired`` (computed, never stored, so the clock alone decides).
"""

from __future__ import annotations

import hmac
import html
import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from central_ledger.ledger import Counter, LedgerError, iso, utc_now
from central_ledger.storage import Storage, Tx

log = logging.getLogger("central_ledger.payments")

DEFAULT_PAYMENT_TIMEOUT = timedelta(seconds=300)
PENDING, PAID, CANCELLED, EXPIRED, REFUNDED = "pending", "paid", "cancelled", "expired", "refunded"
_COLUMNS = ("order_id, counter_id, amount_fen, subject, status, token, created_at, expires_at, paid_at, paid_by,"
            " cancelled_at, refunded_at, refund_amount_fen, refund_reason")


def _unknown(order_id: str) -> LedgerError:
    return LedgerError(404, "unknown_order", f"没有订单 {order_id}", f"no order {order_id}")


def yuan(amount_fen: int) -> str:
    """``2000`` → ``"20.00"``."""
    return f"{amount_fen // 100}.{amount_fen % 100:02d}"


class PaymentGateway:
    """Orders over the ledger's storage. ``clock`` is the ledger's (injectable for tests of the expiry)."""

    def __init__(self, storage: Storage, *, clock: Callable[[], datetime] = utc_now,
                 timeout: timedelta = DEFAULT_PAYMENT_TIMEOUT):
        if timeout.total_seconds() <= 0:
            raise ValueError("the payment timeout must be positive")
        self.storage = storage
        self.clock = clock
        self.timeout = timeout

    def _now(self) -> str:
        return iso(self.clock())

    @staticmethod
    def _row(tx: Tx, order_id: str) -> dict[str, Any] | None:
        return tx.one(f"SELECT {_COLUMNS} FROM payment_orders WHERE order_id = ?", (order_id,))

    def _status(self, row: dict[str, Any]) -> str:
        if row["status"] == PENDING and self._now() >= row["expires_at"]:
            return EXPIRED
        return row["status"]

    def _answer(self, row: dict[str, Any], base_url: str | None) -> dict[str, Any]:
        """The order as the counter sees it. The QR payload needs the base URL (None: not asked for it)."""
        qr = f"{base_url.rstrip('/')}/pay/{row['order_id']}?t={row['token']}" if base_url else ""
        return {"order_id": row["order_id"], "amount_fen": int(row["amount_fen"]), "status": self._status(row),
                "qr_payload": qr, "expires_at": row["expires_at"], "paid_at": row["paid_at"]}

    def _mine(self, tx: Tx, counter: Counter, order_id: str) -> dict[str, Any]:
        row = self._row(tx, order_id)
        if row is None or row["counter_id"] != counter.counter_id:  # another counter's order: not to be probed
            raise _unknown(order_id)
        return row

    # -- the counter (signed) -----------------------------------------------------------------------------

    def create(self, counter: Counter, order_id: str, amount_fen: int, subject: str, base_url: str) -> dict[str, Any]:
        """A new pending order; the same order_id, amount and subject from the same counter get it again."""
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            row = self._row(tx, order_id)
            if row is not None:
                if row["counter_id"] != counter.counter_id or int(row["amount_fen"]) != amount_fen \
                        or row["subject"] != subject:
                    raise LedgerError(409, "order_id_reused", f"订单号 {order_id} 已用于另一笔订单",
                                      f"order id {order_id} is already used for another order")
                return self._answer(row, base_url)
            now = self.clock()
            tx.execute("INSERT INTO payment_orders (order_id, counter_id, amount_fen, subject, status, token,"
                       " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (order_id, counter.counter_id, amount_fen, subject, PENDING, secrets.token_urlsafe(18),
                        iso(now), iso(now + self.timeout)))
            row = self._row(tx, order_id)
        log.info("order %s of counter %s: %s yuan, pending", order_id, counter.counter_id, yuan(amount_fen))
        return self._answer(row, base_url)

    def status(self, counter: Counter, order_id: str, base_url: str) -> dict[str, Any]:
        with self.storage.transaction() as tx:
            return self._answer(self._mine(tx, counter, order_id), base_url)

    def cancel(self, counter: Counter, order_id: str, base_url: str) -> dict[str, Any]:
        """Cancel a pending (or expired) order; a paid one is refused with 409 ``order_paid``."""
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            row = self._mine(tx, counter, order_id)
            if row["status"] in (PAID, REFUNDED):
                raise LedgerError(409, "order_paid", "订单已支付，不能撤销（请退款）",
                                  "the order is paid and cannot be cancelled (refund it)")
            if row["status"] == PENDING:
                tx.execute("UPDATE payment_orders SET status = ?, cancelled_at = ? WHERE order_id = ?"
                           " AND status = ?", (CANCELLED, self._now(), order_id, PENDING))
                row = self._row(tx, order_id)
        return self._answer(row, base_url)

    def refund(self, counter: Counter, order_id: str, amount_fen: int, reason: str,
               base_url: str) -> dict[str, Any]:
        """Refund a paid order (at most its amount); a repeated refund answers the refunded order again."""
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            row = self._mine(tx, counter, order_id)
            if row["status"] == REFUNDED:
                return self._answer(row, base_url)
            if row["status"] != PAID:
                raise LedgerError(409, "order_not_paid", "订单未支付，无可退款",
                                  "the order is not paid: nothing to refund")
            if amount_fen > int(row["amount_fen"]):
                raise LedgerError(409, "refund_exceeds_amount", "退款金额超过订单金额",
                                  "the refund is larger than the order's amount")
            tx.execute("UPDATE payment_orders SET status = ?, refunded_at = ?, refund_amount_fen = ?,"
                       " refund_reason = ? WHERE order_id = ?",
                       (REFUNDED, self._now(), amount_fen, reason[:200], order_id))
            row = self._row(tx, order_id)
        log.info("order %s refunded: %s yuan", order_id, yuan(amount_fen))
        return self._answer(row, base_url)

    # -- the phone (unsigned: the token is the authority) and the admin -----------------------------------

    def page(self, order_id: str, token: str) -> dict[str, Any]:
        """The order for its pay page, when the token is its own (else :class:`PayRefused` 404/403)."""
        with self.storage.transaction() as tx:
            row = self._row(tx, order_id)
        self._check_token(row, order_id, token)
        return {**self._answer(row, None), "subject": row["subject"]}

    def pay(self, order_id: str, token: str | None, *, by: str = "phone") -> dict[str, Any]:
        """Mark a pending order paid: with its token (the phone), or ``token=None`` (the admin's CLI)."""
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            row = self._row(tx, order_id)
            if token is None:
                if row is None:
                    raise _unknown(order_id)
            else:
                self._check_token(row, order_id, token)
            status = self._status(row)
            if status == EXPIRED:
                raise PayRefused(410, "order_expired", "订单已过期，请在窗口重新下单",
                                 "the order has expired: ask the counter for a new one")
            if status != PENDING:
                raise PayRefused(409, "order_not_pending", f"订单不能支付（{status}）",
                                 f"the order cannot be paid ({status})", order_status=status)
            tx.execute("UPDATE payment_orders SET status = ?, paid_at = ?, paid_by = ? WHERE order_id = ?"
                       " AND status = ?", (PAID, self._now(), by, order_id, PENDING))
            row = self._row(tx, order_id)
        log.info("order %s paid (%s)", order_id, by)
        return {**self._answer(row, None), "subject": row["subject"]}

    @staticmethod
    def _check_token(row: dict[str, Any] | None, order_id: str, token: str) -> None:
        if row is None:
            raise PayRefused(404, "unknown_order", f"没有订单 {order_id}", f"no order {order_id}")
        if not hmac.compare_digest(row["token"].encode(), token.encode()):
            raise PayRefused(403, "bad_payment_token", "支付链接无效", "this payment link is not valid")

    def list(self) -> list[dict[str, Any]]:
        with self.storage.transaction() as tx:
            rows = tx.all(f"SELECT {_COLUMNS} FROM payment_orders ORDER BY created_at, order_id")
        return [{"order_id": r["order_id"], "counter_id": r["counter_id"], "amount_fen": int(r["amount_fen"]),
                 "subject": r["subject"], "status": self._status(r), "created_at": r["created_at"],
                 "expires_at": r["expires_at"], "paid_at": r["paid_at"], "paid_by": r["paid_by"],
                 "refunded_at": r["refunded_at"],
                 "refund_amount_fen": int(r["refund_amount_fen"]) if r["refund_amount_fen"] is not None else None}
                for r in rows]


class PayRefused(LedgerError):
    """A refusal of the phone's page (rendered as HTML there, as JSON from the CLI)."""


# -- the phone's page ---------------------------------------------------------------------------------------

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:sans-serif;max-width:28em;margin:2em auto;padding:0 1em;text-align:center}}
.amount{{font-size:2.4em;margin:.4em 0}} button{{font-size:1.3em;padding:.5em 3em}}</style>
</head><body>
{body}
</body></html>
"""


def render_page(order: dict[str, Any], token: str) -> str:
    """The order's page: amount in yuan, subject, and a 支付 button posting the form back (pending only)."""
    amount = f'<p class="amount">¥{yuan(order["amount_fen"])}</p><p>{html.escape(order["subject"])}</p>'
    if order["status"] == PENDING:
        action = html.escape(f"?t={token}", quote=True)
        body = (f"<h1>社保卡缴费</h1>{amount}<form method=\"post\" action=\"{action}\">"
                f"<button type=\"submit\" name=\"pay\" value=\"1\">支付</button></form>")
    elif order["status"] == PAID:
        body = f"<h1>支付成功</h1>{amount}<p>请回到窗口继续办理。</p>"
    else:
        words = {EXPIRED: "订单已过期，请在窗口重新下单", CANCELLED: "订单已撤销", REFUNDED: "订单已退款"}
        body = f"<h1>不能支付</h1>{amount}<p>{html.escape(words.get(order['status'], order['status']))}</p>"
    return _PAGE.format(title="社保卡缴费", body=body)


def render_refusal(exc: LedgerError) -> str:
    return _PAGE.format(title="社保卡缴费", body=f"<h1>不能支付</h1><p>{html.escape(exc.message)}</p>")
