"""``counter-app stock receive|count|status``: the blank card stock.

    counter-app stock receive --count N [--first-chip-id HEX --last-chip-id HEX] [--note TEXT] [--json]
    counter-app stock count --counted N [--json]      a physical count; the difference is flagged
    counter-app stock status [--json]

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
    receive.add_argument("--json", action="store_true")
    receive.set_defaults(func=cmd_receive)

    count = sub.add_parser("count", help="盘点 record a physical count")
    count.add_argument("--counted", type=int, required=True, help="实点数量 cards counted on hand")
    count.add_argument("--json", action="store_true")
    count.set_defaults(func=cmd_count)

    status = sub.add_parser("status", help="库存状态 received, used, spoiled, on hand")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)


def _run(ctx, action):
    with ctx.services() as services:
        return action(services.stock, ctx.session)


def cmd_receive(args, ctx) -> int:
    batch = _run(ctx, lambda s, session: s.receive(session, args.count, args.first_chip_id, args.last_chip_id,
                                                   args.note))
    if args.json:
        ctx.emit_json({"batch_id": batch.id, "count": batch.count, "first_chip_id": batch.first_chip_id,
                       "last_chip_id": batch.last_chip_id})
    else:
        print(ctx.t(f"已入库第 {batch.id} 批：{batch.count} 张", f"batch {batch.id} received: {batch.count} cards"))
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
    if args.json:
        ctx.emit_json(st.as_dict())
        return EXIT_OK
    print(ctx.t(f"入库 {st.received}，已用 {st.used}，作废 {st.spoiled}，账面结存 {st.expected_on_hand}",
                f"received {st.received}, used {st.used}, spoiled {st.spoiled}, expected on hand "
                f"{st.expected_on_hand}"))
    if st.low:
        print(ctx.t(f"库存不足：低于预警线 {st.low_threshold} 张", f"low stock: below {st.low_threshold} cards"))
    return EXIT_OK
