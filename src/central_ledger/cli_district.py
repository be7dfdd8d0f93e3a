"""``central-ledger population|targets|district ...``: the district's population table, targets and figures.

    central-ledger population import F [--db URL] [--by NAME] [--json]   (CSV UTF-8 with/without BOM, or XLSX)
    central-ledger population show [--db URL] [--json]
    central-ledger targets set --year Y [--hall H] [--new-ssc3 N] [--all N] [--coverage P] [--db URL] [--json]
    central-ledger targets show --year Y [--db URL] [--json]
    central-ledger district summary --date YYYY-MM-DD [--hall H] [--timezone TZ] [--db URL] [--json]

The command line is the admin's (whoever may run it on the ledger's machine may change its database): it is not
checked against a staff role; ``--by`` names who did it in ``staff_audit``. Refusals exit 1 with a message in
Chinese and English (a bad population row: its row number, nothing imported).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from central_ledger.cli_common import emit as _emit
from central_ledger.cli_common import with_storage as _with_storage


def cmd_population_import(args: argparse.Namespace) -> int:
    from central_ledger.population import import_population

    path = Path(args.file)
    if not path.is_file():
        raise ValueError(f"没有文件 {path} / no file {path}")
    result = _with_storage(args, lambda s: import_population(s, path, by=args.by))
    _emit(args, result.as_dict(),
          f"人口表已导入：{result.rows} 个乡镇，常住人口 {result.residents} / population table imported: "
          f"{result.rows} townships, {result.residents} residents")
    return 0


def cmd_population_show(args: argparse.Namespace) -> int:
    from central_ledger.population import population_rows

    rows = _with_storage(args, population_rows)
    lines = [f"{r['township_code']}\t{r['township_name']}\t{r['residents']}\t{r['second_generation_holders']}"
             for r in rows]
    _emit(args, rows, "\n".join(["乡镇代码\t乡镇名称\t常住人口\t二代卡持卡人数", *lines]) if rows
          else "（尚未导入人口表 / no population table imported）")
    return 0


def cmd_targets_set(args: argparse.Namespace) -> int:
    from central_ledger.population import set_targets

    row = _with_storage(args, lambda s: set_targets(s, args.year, args.hall, new_ssc3=args.new_ssc3,
                                                     all_cards=args.all_cards, coverage_percent=args.coverage,
                                                     by=args.by))
    _emit(args, row.as_dict(),
          f"{row.year} 年目标（{row.scope}）：新增三代卡 {row.new_ssc3}，全部 {row.all_cards}，覆盖率 "
          f"{row.coverage_percent}% / {row.year} targets ({row.scope}) set")
    return 0


def cmd_targets_show(args: argparse.Namespace) -> int:
    from central_ledger.population import show_targets

    rows = _with_storage(args, lambda s: show_targets(s, args.year))
    lines = [f"{r.scope}\tnew_ssc3={r.new_ssc3}\tall={r.all_cards}\tcoverage={r.coverage_percent}%"
             f"{'  (默认 / default)' if r.is_default else ''}" for r in rows]
    _emit(args, [r.as_dict() for r in rows], "\n".join(lines))
    return 0


def cmd_district_summary(args: argparse.Namespace) -> int:
    from central_ledger.context import district_timezone
    from central_ledger.district import DistrictFigures
    from central_ledger.ledger import utc_now

    day = dt.date.fromisoformat(args.date)
    summary = _with_storage(args, lambda s: DistrictFigures(s, district_timezone(args.timezone), utc_now)
                            .summary(day, args.hall))
    out = summary.as_dict()
    lines = [f"{out['date']} {out['hall'] or '全区/district'}: 发卡 {out['cards_issued']}（三代新增 "
             f"{out['third_generation']}），作废 {out['spoiled']}，补打 {out['reprints']}，进行中 {out['in_progress']}"]
    lines += [f"  {c['counter_id']}\t{c['hall_id'] or '-'}\tissued={c['cards_issued']}\tspoiled={c['spoiled']}"
              for c in out["by_counter"]]
    _emit(args, out, "\n".join(lines))
    return 0


def _date(text: str) -> str:
    dt.date.fromisoformat(text)
    return text


def register(sub: argparse._SubParsersAction, db_args: Callable[..., None]) -> None:
    """Add this module's commands to ``central-ledger``'s parser (``db_args(p)`` adds --db and --json)."""
    pop = sub.add_parser("population", help="the district's resident population per township").add_subparsers(
        dest="population_cmd", required=True)
    imp = pop.add_parser("import", help="replace the population table with a CSV (UTF-8) or XLSX file")
    imp.add_argument("file")
    imp.add_argument("--by", default=None, help="who imports (written to staff_audit)")
    db_args(imp)
    imp.set_defaults(func=cmd_population_import)
    show = pop.add_parser("show", help="the population table as imported")
    db_args(show)
    show.set_defaults(func=cmd_population_show)

    tgt = sub.add_parser("targets", help="the yearly targets of the district and its halls").add_subparsers(
        dest="targets_cmd", required=True)
    tset = tgt.add_parser("set", help="set a year's targets (district, or --hall)")
    tset.add_argument("--year", type=int, required=True)
    tset.add_argument("--hall", default=None)
    tset.add_argument("--new-ssc3", type=int, default=None, help="new third-generation cards (new + upgrade)")
    tset.add_argument("--all", dest="all_cards", type=int, default=None, help="all cards")
    tset.add_argument("--coverage", type=float, default=None, help="coverage percent, e.g. 99.5")
    tset.add_argument("--by", default=None)
    db_args(tset)
    tset.set_defaults(func=cmd_targets_set)
    tshow = tgt.add_parser("show", help="a year's targets")
    tshow.add_argument("--year", type=int, required=True)
    db_args(tshow)
    tshow.set_defaults(func=cmd_targets_show)

    dis = sub.add_parser("district", help="the district's figures").add_subparsers(dest="district_cmd",
                                                                                    required=True)
    summ = dis.add_parser("summary", help="a day's figures across halls and counters")
    summ.add_argument("--date", type=_date, required=True, help="YYYY-MM-DD (a local day of --timezone)")
    summ.add_argument("--hall", default=None)
    summ.add_argument("--timezone", default=None, help="IANA name or +08:00 (default Asia/Shanghai)")
    db_args(summ)
    summ.set_defaults(func=cmd_district_summary)
