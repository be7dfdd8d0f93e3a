"""``counter-app dayclose check|close|show``: the supervisor's close of day from the command line.

    counter-app dayclose check [--date D] [--cash-yuan X] [--bank-count CODE=N ...] [--json]
    counter-app dayclose close --counted N [--date D] [--cash-yuan X] [--bank-count CODE=N ...] [--json]
    counter-app dayclose show [--date D] [--json | --format csv|xlsx|pdf --out FILE]

``check`` computes what a close would record (the day's fees and their reconciliation, the stock and the
day's cards by bank) without closing; ``close`` records it (once a day, signed); ``show`` prints or exports a
recorded close. As the counter's local operator (``ctx.session``). ``check`` and ``close`` exit 1 when the
fees or the stock do not reconcile, with one line for each difference.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail


def register(subparsers) -> None:
    p = subparsers.add_parser("dayclose", help="日结 the close of day: fees and stock by bank")
    sub = p.add_subparsers(dest="dayclose_command", metavar="<dayclose command>", required=True)
    for name, help_, func in (("check", "核对 the figures a close would record (nothing recorded)", cmd_check),
                              ("close", "日结并签名 close the day", cmd_close)):
        c = sub.add_parser(name, help=help_)
        c.add_argument("--date", type=_date, help="日期 YYYY-MM-DD (default: today)")
        c.add_argument("--cash-yuan", type=float, help="实点现金（元）the cash counted in the till")
        c.add_argument("--bank-count", action="append", default=[], metavar="CODE=N",
                       help="按银行实点空白卡 blank cards counted of one bank (repeat per bank)")
        c.add_argument("--json", action="store_true")
        if name == "close":
            c.add_argument("--counted", type=int, required=True, help="实点空白卡 blank cards counted on hand")
        c.set_defaults(func=func)
    show = sub.add_parser("show", help="查看日结 a recorded close of day")
    show.add_argument("--date", type=_date, help="日期 YYYY-MM-DD (default: today)")
    show.add_argument("--json", action="store_true")
    show.add_argument("--format", choices=("csv", "xlsx", "pdf"), help="导出格式 export format")
    show.add_argument("--out", type=Path, help="输出文件 output file")
    show.set_defaults(func=cmd_show)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliFail(f"日期格式应为 YYYY-MM-DD：{text}", f"A date is YYYY-MM-DD: {text}") from None


def _cash(args) -> int | None:
    return None if args.cash_yuan is None else round(args.cash_yuan * 100)


def _bank_counts(args) -> dict[str, int] | None:
    out = {}
    for item in args.bank_count:
        code, sep, n = item.partition("=")
        if not sep or not n.strip().isdigit():
            raise CliFail(f"按银行实点应写作 银行代码=数量：{item}", f"A bank count is CODE=N: {item}")
        out[code.strip()] = int(n)
    return out or None


def _print_fees(ctx, fees, lines, problems) -> None:
    print(fees.summary(ctx.lang))
    for line in lines:
        print(ctx.t(f"  {line.label}：入库 {line.received}，已用 {line.used}，作废 {line.spoiled}，账面 {line.expected_on_hand}"
                    f"；当日发卡 {line.issued_today}，废卡 {line.spoiled_today}",
                    f"  {line.label}: received {line.received}, used {line.used}, spoiled {line.spoiled}, "
                    f"expected {line.expected_on_hand}; issued today {line.issued_today}, "
                    f"spoiled {line.spoiled_today}"))
    for problem in problems:
        print(problem)
    if not problems:
        print(ctx.t("收费与库存核对相符。", "Fees and stock reconcile."))


def cmd_check(args, ctx) -> int:
    with ctx.services() as services:
        figures = services.dayclose.preview(ctx.session, args.date, cash_counted_fen=_cash(args),
                                            counted_by_bank=_bank_counts(args))
    problems = figures.problems(ctx.lang)
    if args.json:
        ctx.emit_json({"day": figures.day.isoformat(), "fees": figures.fees.as_dict(),
                       "by_bank": [line.as_dict() for line in figures.by_bank], "problems": problems,
                       "closed": figures.closed is not None})
    else:
        _print_fees(ctx, figures.fees, figures.by_bank, problems)
    return EXIT_INVALID if problems else EXIT_OK


def cmd_close(args, ctx) -> int:
    from counter_app.services.dayclose import bank_problems, banks_of, fees_of

    with ctx.services() as services:
        close = services.dayclose.close(ctx.session, args.counted, args.date, cash_counted_fen=_cash(args),
                                        counted_by_bank=_bank_counts(args))
        settings = services.settings
    fees, lines = fees_of(close), banks_of(close, settings)
    problems = fees.problems(ctx.lang) + bank_problems(lines, ctx.lang)
    if not close.balanced:
        problems.insert(0, ctx.t(f"库存不符：实点 {close.counted}，账面 {close.expected}，差 {close.difference:+d}。",
                                 f"Stock differs: counted {close.counted}, expected {close.expected}, "
                                 f"difference {close.difference:+d}."))
    if args.json:
        ctx.emit_json({**close.as_dict(), "problems": problems})
    else:
        print(ctx.t(f"{close.day.isoformat()} 已日结（签名 {close.audit_hash[:16]}…）",
                    f"{close.day.isoformat()} closed (signature {close.audit_hash[:16]}…)"))
        _print_fees(ctx, fees, lines, problems)
    return EXIT_INVALID if problems else EXIT_OK


def cmd_show(args, ctx) -> int:
    from counter_app.services import report_export

    with ctx.services() as services:
        day = args.date or services.reports.today()
        close = services.dayclose.closed(ctx.session, day)
        settings = services.settings
    if close is None:
        raise CliFail(f"{day.isoformat()} 尚未日结。", f"{day.isoformat()} is not closed.")
    if args.format is None:
        if args.json:
            ctx.emit_json(close.as_dict())
        else:
            for row in report_export.dayclose_rows(close, settings):
                print("\t".join(str(v) for v in row))
        return EXIT_OK
    rows = report_export.dayclose_rows(close, settings)
    title = ctx.t(f"日结 {day.isoformat()}", f"Close of day {day.isoformat()}")
    if args.format == "csv" and args.out is None:
        sys.stdout.write(report_export.to_csv(rows))
        return EXIT_OK
    out = args.out or Path(f"dayclose-{day.isoformat()}.{args.format}")
    {"csv": lambda: report_export.write_csv(rows, out), "xlsx": lambda: report_export.write_xlsx(rows, out, title),
     "pdf": lambda: report_export.write_pdf(rows, out, title)}[args.format]()
    print(ctx.t(f"已写入 {out}", f"written to {out}"), file=sys.stderr)
    return EXIT_OK
