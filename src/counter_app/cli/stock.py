"""``counter-app stock receive|count|status``: the blank card stock.

    counter-app stock receive --count N --bank CODE [--batch N] [--chip-type T] [--vendor V]
                              [--first-chip-id HEX --last-chip-id HEX] [--note TEXT] [--json]
    counter-app stock count --counted N [--json]      a physical count; the difference is flagged
    counter-app stock status [--by-bank] [--json]     --by-bank: received, used, spoiled, on hand per bank

``--bank`` is required when the district has co-issuing banks (settings ``banks.list``): blank cards come
personalised for one bank. ``status --json --by-bank`` prints ``{"total": <status>, "by_bank": [<line>, ...]}``
(:meth:`StockService.compute_by_bank`).

As the counter's local operator (``ctx.session``). ``count`` exits 1 when the count differs from
the records (the difference is recorded either way), so a script can notice.
"""

from __future__ import annotations

from counter_app.cli.context import EXIT_INVALID, EXIT_OK


def register(subparsers) -> None:
    p = subparsers.add_parser("stock", help="空白卡库存 blank card stock")
    sub = p.add_subparsers(dest="stock_command", metavar="<stock command>", required=True)

    receive = sub.add_parser("receive", help="入库 record blank cards received")
    receive.add_argument("--count", type=int, required=True, help="数量 how many cards")
    receive.add_argument("--first-chip-id", help="起始卡识别码 first chip identity of the batch")
    receive.add_argument("--last-chip-id", help="结束卡识别码 last chip identity of the batch")
    receive.add_argument("--note", default="", help="备注 note (delivery note number)")
    receive.add_argument("--bank", help="合作银行代码 the co-issuing bank the cards are for (banks.list code); "
                                        "required when banks are configured")
    receive.add_argument("--batch", help="批次号 the card system's batch number")
    receive.add_argument("--chip-type", help="芯片型号 chip type")
    receive.add_argument("--vendor", help="卡商 card vendor")
    receive.add_argument("--json", action="store_true")
    receive.set_defaults(func=cmd_receive)

    count = sub.add_parser("count", help="盘点 record a physical count")
    count.add_argument("--counted", type=int, required=True, help="实点数量 cards counted on hand")
    count.add_argument("--json", action="store_true")
    count.set_defaults(func=cmd_count)

    status = sub.add_parser("status", help="库存状态 received, used, spoiled, on hand")
    status.add_argument("--by-bank", action="store_true", help="按合作银行 split by co-issuing bank")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)


def _run(ctx, action):
    with ctx.services() as services:
        return action(services.stock, ctx.session)


def cmd_receive(args, ctx) -> int:
    batch = _run(ctx, lambda s, session: s.receive(session, args.count, args.first_chip_id, args.last_chip_id,
                                                   args.note, bank_code=args.bank, batch_number=args.batch,
                                                   chip_type=args.chip_type, vendor=args.vendor))
    if args.json:
        ctx.emit_json({"batch_id": batch.id, "count": batch.count, "first_chip_id": batch.first_chip_id,
                       "last_chip_id": batch.last_chip_id, "bank_code": batch.bank_code,
                       "batch_number": batch.batch_number, "chip_type": batch.chip_type, "vendor": batch.vendor})
    else:
        bank = f"（银行 {batch.bank_code}）" if batch.bank_code else ""
        bank_en = f" (bank {batch.bank_code})" if batch.bank_code else ""
        print(ctx.t(f"已入库第 {batch.id} 批{bank}：{batch.count} 张",
                    f"batch {batch.id} received{bank_en}: {batch.count} cards"))
    return EXIT_OK


def cmd_count(args, ctx) -> int:
    count = _run(ctx, lambda s, session: s.count(session, args.counted))
    if args.json:
        ctx.emit_json({"count_id": count.id, "counted": count.counted, "expected": count.expected,
                       "difference": count.difference, "balanced": count.balanced})
    elif count.balanced:
        print(ctx.t(f"盘点相符：{count.counted} 张", f"count matches: {count.counted} cards"))
    else:
        print(ctx.t(f"盘点不符：实点 {count.counted}，账面 {count.expected}，差 {count.difference:+d}",
                    f"count differs: counted {count.counted}, expected {count.expected}, "
                    f"difference {count.difference:+d}"))
    return EXIT_OK if count.balanced else EXIT_INVALID


def cmd_status(args, ctx) -> int:
    st = _run(ctx, lambda s, session: s.status(session))
    lines = _run(ctx, lambda s, session: s.reconcile_by_bank(session)) if args.by_bank else []
    if args.json:
        ctx.emit_json({"total": st.as_dict(), "by_bank": [line.as_dict() for line in lines]} if args.by_bank
                      else st.as_dict())
        return EXIT_OK
    print(ctx.t(f"入库 {st.received}，已用 {st.used}，作废 {st.spoiled}，账面结存 {st.expected_on_hand}",
                f"received {st.received}, used {st.used}, spoiled {st.spoiled}, expected on hand "
                f"{st.expected_on_hand}"))
    for line in lines:
        name = f"{line.bank_code} {line.bank_name}".strip() if line.bank_code else ctx.t("未知银行", "bank unknown")
        print(ctx.t(f"  {name}：入库 {line.received}，已用 {line.used}，作废 {line.spoiled}，"
                    f"账面结存 {line.expected_on_hand}",
                    f"  {name}: received {line.received}, used {line.used}, spoiled {line.spoiled}, "
                    f"expected on hand {line.expected_on_hand}"))
    if st.low:
        print(ctx.t(f"库存不足：低于预警线 {st.low_threshold} 张", f"low stock: below {st.low_threshold} cards"))
    return EXIT_OK
