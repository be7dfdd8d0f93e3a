"""``counter-app dev seed``: fill the local store with synthetic issued issuances (development only).

    counter-app dev seed --issuances N [--days D] [--batch B] [--card-numbers auto|ledger|dev] [--seed S] [--json]

Every issuance goes through the real intake and issuance services and leaves its events in the
outbox, as real work would; the clock is spread over the last D days. Card numbers come from the
counter's ledger blocks when it has enough, else from a local "dev" block (see
:mod:`counter_app.services.seed`).
"""

from __future__ import annotations

import time

from counter_app.cli.context import EXIT_OK, CliFail
from counter_app.store.clock import to_db_time


def register(subparsers) -> None:
    dev = subparsers.add_parser("dev", help="开发工具 development tools: seed")
    dev_sub = dev.add_subparsers(dest="dev_command", metavar="<dev command>", required=True)
    p = dev_sub.add_parser("seed", help="生成模拟制卡记录 synthetic issued issuances")
    p.add_argument("--issuances", type=int, required=True, help="数量 how many")
    p.add_argument("--days", type=float, default=1.0, help="分布在最近几天 spread over the last D days")
    p.add_argument("--batch", type=int, default=50, help="每个事务的数量 issuances per transaction")
    p.add_argument("--card-numbers", choices=("auto", "ledger", "dev"), default="auto",
                   help="卡号来源 card numbers: the ledger's blocks, a local dev block, or auto")
    p.add_argument("--seed", type=int, default=None, help="随机种子 random seed")
    p.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    p.set_defaults(func=cmd_seed)


def cmd_seed(args, ctx) -> int:
    from counter_app.services.seed import SeedService

    if args.issuances < 0 or args.days < 0 or args.batch < 1:
        raise CliFail("--issuances、--days 不能为负，--batch 至少为 1",
                      "--issuances and --days must not be negative, --batch at least 1")
    dev_numbers = {"auto": None, "ledger": False, "dev": True}[args.card_numbers]
    started = time.perf_counter()
    with ctx.services() as services:
        service = SeedService(services.store, region=str(ctx.settings.get("counter.region_code")), seed=args.seed)
        report = service.seed(args.issuances, days=args.days, batch=args.batch, dev_numbers=dev_numbers)
    seconds = time.perf_counter() - started
    result = {"issuances": report.issuances, "events": report.events, "card_numbers": report.card_numbers,
              "first_at": to_db_time(report.first_at) if report.first_at else None,
              "last_at": to_db_time(report.last_at) if report.last_at else None, "seconds": round(seconds, 3)}
    if args.json:
        ctx.emit_json(result)
    else:
        print(ctx.t(f"已生成 {report.issuances} 条制卡记录、{report.events} 个待同步事件（{seconds:.1f} 秒）",
                    f"seeded {report.issuances} issuances and {report.events} outbox events ({seconds:.1f} s)"))
    return EXIT_OK
