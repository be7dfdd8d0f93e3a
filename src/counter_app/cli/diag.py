"""``counter-app diag``: the technician's checks, the APDU console and the support bundle.

    counter-app diag [--json]                          every check; exit 1 if any is a fault
    counter-app diag apdu --reader card|psam|NAME HEX... [--script FILE] [--yes] [--json]
    counter-app diag bundle --out FILE.zip

The command line acts as the counter's local operator (see :mod:`counter_app.cli.users`). The
database may be damaged — that is one of the things being diagnosed — so it is opened only if it
can be; the checks that need it then report its state instead.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail

_MARK = {"ok": "✔", "warning": "!", "fault": "✘"}


def register(subparsers) -> None:
    p = subparsers.add_parser("diag", help="设备诊断 diagnostics: checks, APDU console, support bundle")
    p.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    _thresholds(p)
    p.set_defaults(func=cmd_run)
    sub = p.add_subparsers(dest="diag_command", metavar="<diag command>")

    a = sub.add_parser("apdu", help="向读卡器发送 APDU send APDUs to the card or PSAM reader")
    a.add_argument("--reader", required=True, help="card | psam | 读卡器名称 reader name or pattern")
    a.add_argument("apdus", nargs="*", metavar="HEX", help="APDU，如 00A4040000 (one per argument)")
    a.add_argument("--script", type=Path, help="APDU 脚本文件 a file with one APDU a line (# comments)")
    a.add_argument("--yes", action="store_true",
                   help="确认发送修改卡片的指令 confirm commands that change the card (UPDATE, EXTERNAL AUTHENTICATE…)")
    a.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    a.set_defaults(func=cmd_apdu)

    b = sub.add_parser("bundle", help="生成诊断包 write the support bundle (zip)")
    b.add_argument("--out", required=True, type=Path, help="输出文件 FILE.zip")
    b.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    _thresholds(b)
    b.set_defaults(func=cmd_bundle)


def _thresholds(p) -> None:
    p.add_argument("--disk-fault-mb", type=int, default=None, help="剩余空间低于此值为故障 free space fault threshold (MB)")
    p.add_argument("--disk-warn-mb", type=int, default=None, help="剩余空间低于此值为注意 free space warning threshold (MB)")


@contextlib.contextmanager
def _service(args, ctx):
    """The service as the local operator, with the store when the database opens."""
    from counter_app.diagnostics.runner import DiagnosticsEnvironment
    from counter_app.services.auth import Session
    from counter_app.services.diagnostics import DiagnosticsService
    from counter_app.store.database import Store

    env = DiagnosticsEnvironment(ctx.settings, ctx.paths)
    if getattr(args, "disk_fault_mb", None) is not None:
        env.disk_fault_below = args.disk_fault_mb * 1024 * 1024
    if getattr(args, "disk_warn_mb", None) is not None:
        env.disk_warn_below = args.disk_warn_mb * 1024 * 1024
    store = None
    if ctx.paths.database.exists():
        try:
            store = Store.open(ctx.paths.database)
        except Exception:  # damaged or too new: db.integrity will say what is wrong
            store = None
    try:
        yield DiagnosticsService(env, store), Session.local_operator(str(ctx.settings["counter.id"]))
    finally:
        if store is not None:
            store.close()


def _print_results(ctx, results) -> None:
    import json

    for r in results:
        print(f"{_MARK[r.verdict.value]} {r.name:<18} {ctx.t(r.verdict.zh, r.verdict.value)}")
        measured = json.dumps(r.measured, ensure_ascii=False, default=str)
        print(f"    {ctx.t('测量', 'measured')}: {measured[:300]}")
        if r.advice(ctx.lang):
            print(f"    {ctx.t('建议', 'advice')}: {r.advice(ctx.lang)}")


def cmd_run(args, ctx) -> int:
    from counter_app.diagnostics.result import Verdict, worst

    with _service(args, ctx) as (service, session):
        results = service.run_all(session)
    verdict = worst(results)
    if args.json:
        ctx.emit_json({"verdict": verdict.value, "checks": [r.as_dict(ctx.lang) for r in results]})
    else:
        _print_results(ctx, results)
        counts = {v: sum(r.verdict is v for r in results) for v in Verdict}
        print(ctx.t(f"结论：{verdict.zh}（正常 {counts[Verdict.OK]}，注意 {counts[Verdict.WARNING]}，故障 {counts[Verdict.FAULT]}）",
                    f"result: {verdict.value} ({counts[Verdict.OK]} ok, {counts[Verdict.WARNING]} warnings, "
                    f"{counts[Verdict.FAULT]} faults)"))
    return EXIT_INVALID if verdict is Verdict.FAULT else EXIT_OK


def cmd_apdu(args, ctx) -> int:
    from counter_app.diagnostics.console import parse_apdu, parse_script

    try:
        apdus = [parse_apdu(h, i + 1) for i, h in enumerate(args.apdus)]
        if args.script is not None:
            apdus += parse_script(args.script.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliFail(f"无法读取脚本：{exc}", f"cannot read the script: {exc}", EXIT_INVALID) from exc
    if not apdus:
        raise CliFail("没有要发送的 APDU", "no APDU to send", EXIT_INVALID)
    with _service(args, ctx) as (service, session):
        run = service.apdu(session, args.reader, apdus, confirm_dangerous=args.yes)
    if args.json:
        ctx.emit_json(run.as_dict(ctx.lang))
    else:
        print(f"# {run.reader}  ATR {run.atr}")
        sys.stdout.write(run.trace)
        if run.error:
            print(ctx.t(f"中断：{run.error_zh}", f"stopped: {run.error}"))
    return EXIT_INVALID if run.error else EXIT_OK


def cmd_bundle(args, ctx) -> int:
    with _service(args, ctx) as (service, session):
        path = service.bundle(session, args.out, lang=ctx.lang)
    if args.json:
        ctx.emit_json({"bundle": str(path)})
    else:
        print(ctx.t(f"诊断包已写入 {path}，请发送给技术支持。", f"bundle written to {path}: send it to support."))
    return EXIT_OK
