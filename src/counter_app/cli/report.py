"""``counter-app report daily|year``: the supervisor's figures from the command line.

    counter-app report daily [--date YYYY-MM-DD] [--to YYYY-MM-DD] --format json|csv|xlsx|pdf [--out FILE]
    counter-app report year [--year YYYY] [--json]

The command line acts as the counter's local operator (a supervisor: ``ctx.session``). JSON and
CSV go to stdout unless ``--out`` is given; XLSX and PDF need ``--out`` (default
``report-<date>.<ext>`` in the current directory). Days are the machine's local days.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from counter_app.cli.context import EXIT_OK, CliFail


def register(subparsers) -> None:
    p = subparsers.add_parser("report", help="报表 reports: the day and the year")
    sub = p.add_subparsers(dest="report_command", metavar="<report command>", required=True)

    daily = sub.add_parser("daily", help="日报 the day's (or a range's) report")
    daily.add_argument("--date", type=_date, help="日期 the day, YYYY-MM-DD (default: today)")
    daily.add_argument("--to", type=_date, help="截止日期 last day of a range, YYYY-MM-DD (inclusive)")
    daily.add_argument("--format", choices=("json", "csv", "xlsx", "pdf"), default="json", help="输出格式 format")
    daily.add_argument("--out", type=Path, help="输出文件 output file")
    daily.set_defaults(func=cmd_daily)

    year = sub.add_parser("year", help="年度进度 the year against the district's targets")
    year.add_argument("--year", type=int, help="年份 year (default: this year)")
    year.add_argument("--json", action="store_true")
    year.set_defaults(func=cmd_year)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliFail(f"日期格式应为 YYYY-MM-DD：{text}", f"A date is YYYY-MM-DD: {text}") from None


def cmd_daily(args, ctx) -> int:
    from counter_app.services import report_export

    with ctx.services() as services:
        report = services.reports.daily(ctx.session, args.date, args.to)
    if args.format == "json":
        if args.out:
            import json

            args.out.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            ctx.emit_json(report.as_dict())
        return EXIT_OK
    rows = report_export.report_rows(report)
    span = report.date_from.isoformat() + ("" if report.date_to == report.date_from else f"_{report.date_to}")
    title = ctx.t(f"制卡日报 {span.replace('_', ' 至 ')}", f"Daily report {span.replace('_', ' to ')}")
    if args.format == "csv":
        if args.out:
            report_export.write_csv(rows, args.out)
        else:
            sys.stdout.write(report_export.to_csv(rows))
            return EXIT_OK
    else:
        out = args.out or Path(f"report-{span}.{args.format}")
        writer = report_export.write_xlsx if args.format == "xlsx" else report_export.write_pdf
        writer(rows, out, title)
        args.out = out
    print(ctx.t(f"已写入 {args.out}", f"written to {args.out}"), file=sys.stderr)
    return EXIT_OK


def cmd_year(args, ctx) -> int:
    with ctx.services() as services:
        view = services.reports.year(ctx.session, args.year)
    if args.json:
        ctx.emit_json(view.as_dict())
        return EXIT_OK
    print(ctx.t(f"{view.year} 年，截至 {view.as_of}（第 {view.days_elapsed} 天）",
                f"{view.year}, as of {view.as_of} (day {view.days_elapsed})"))
    for p, zh, en in ((view.new_ssc3_progress, "三代卡新发", "new 3rd-gen cards"),
                      (view.cards_progress, "全部发卡", "all cards")):
        reach = p.reach_date.isoformat() if p.reach_date else "—"
        print(ctx.t(f"  {zh}：{p.actual} / {p.target}（{p.percent}%），日均 {p.run_rate_per_day}，"
                    f"年末预计 {p.projected_year_end}，按此速度 {reach} 达标",
                    f"  {en}: {p.actual} / {p.target} ({p.percent}%), {p.run_rate_per_day}/day, "
                    f"year-end projection {p.projected_year_end}, target reached {reach} at this rate"))
    return EXIT_OK
