"""``counter-app fee quote|pay-cash|pay-qr|waive|status ISSUANCE_ID``: the fee of one case from the command line.

``pay-qr`` opens (or shows again) the QR order and prints its payload; ``status`` polls an open order first.
"""

from __future__ import annotations

import argparse

from counter_app.domain.fees import yuan


def register(subparsers) -> None:
    p = subparsers.add_parser("fee", help="收费 the fee of a case")
    sub = p.add_subparsers(dest="fee_command", metavar="<fee-command>", required=True)
    for name, help_, func in (("quote", "查询应缴 quote the fee", _quote), ("pay-qr", "扫码支付 QR payment", _pay_qr),
                              ("status", "缴费状态 fee status (polls an open QR order)", _status)):
        c = sub.add_parser(name, help=help_)
        c.add_argument("issuance_id")
        c.set_defaults(func=func)
    cash = sub.add_parser("pay-cash", help="现金收费 cash payment (prints the receipt)")
    cash.add_argument("issuance_id")
    cash.add_argument("--received-yuan", type=float, required=True, help="实收金额（元）cash received, yuan")
    cash.set_defaults(func=_pay_cash)
    waive = sub.add_parser("waive", help="减免 waive the fee with a code of fees.waivers")
    waive.add_argument("issuance_id")
    waive.add_argument("--code", required=True)
    waive.add_argument("--reason", default=None)
    waive.set_defaults(func=_waive)


def _show(fee) -> str:
    return f"{fee.issuance_id} {yuan(fee.amount_fen)} {fee.status} {fee.method or '-'}"


def _quote(args: argparse.Namespace, ctx) -> int:
    with ctx.services() as services:
        print(_show(services.fees.quote(ctx.session, args.issuance_id)))
    return 0


def _status(args: argparse.Namespace, ctx) -> int:
    with ctx.services() as services:
        fees = services.fees
        fee = fees.poll(ctx.session, args.issuance_id) or fees.quote(ctx.session, args.issuance_id)
        print(_show(fee))
    return 0


def _pay_qr(args: argparse.Namespace, ctx) -> int:
    with ctx.services() as services:
        order = services.fees.start_qr(ctx.session, args.issuance_id)
        print(f"{order.order_id} {yuan(order.amount_fen)} {order.status}\n{order.qr_payload}")
    return 0


def _pay_cash(args: argparse.Namespace, ctx) -> int:
    with ctx.services() as services:
        receipt = services.fees.pay_cash(ctx.session, args.issuance_id, round(args.received_yuan * 100))
        print(receipt.text())
    return 0


def _waive(args: argparse.Namespace, ctx) -> int:
    with ctx.services() as services:
        print(_show(services.fees.waive(ctx.session, args.issuance_id, args.code, args.reason)))
    return 0
