"""``counter-app enroll`` and ``counter-app sync``: the counter's side of the central ledger.

    counter-app enroll --ledger URL --token T [--id ID] [--json]
    counter-app sync [--once] [--status] [--json]

``enroll`` makes the counter's SM2 key pair (the private key stays under the data directory's
``keys/``, mode 0600), registers the public key with the ledger's one-time token and keeps the
counter id and ledger URL in the settings; then it fetches the first card numbers (best effort).
The counter id comes from the ledger's answer (the one-time token belongs to the counter the supervisor
named with ``central-ledger counters add --id``); ``--id`` is only a check:
a token of another counter is refused (exit 1) and nothing is registered.

``sync --once`` sends everything pending and tops up the card numbers, then prints
``{"sent", "acknowledged", "pending", "oldest_pending_seconds", "last_success", "last_error"}``
(plus a few more figures). Without ``--once`` it keeps syncing, with back-off, until interrupted
(Ctrl-C), printing one such line per pass that did something. ``--status`` prints the figures
without contacting the ledger.

Exit codes: 0 the run reached the ledger and it took everything; 3 the ledger could not be reached
(the events stay queued); 1 the ledger refused (see the refusals; a supervisor must look); 2 usage.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from counter_app.cli.context import EXIT_INVALID, EXIT_OK
from counter_app.sync.engine import PushReport
from counter_app.sync.errors import SyncError

EXIT_UNREACHABLE = 3


def register(subparsers) -> None:
    p = subparsers.add_parser("enroll", help="在中心台账登记本柜台 enroll this counter with the central ledger")
    p.add_argument("--ledger", required=True, help="中心台账地址 ledger URL (https://host:port)")
    p.add_argument("--token", required=True, help="一次性令牌 one-time token from 'central-ledger counters add'")
    p.add_argument("--id", dest="counter_id",
                   help="柜台编号，仅作核对（令牌已指明柜台）counter id, only checked: the token names its counter")
    p.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    p.set_defaults(func=cmd_enroll)

    p = subparsers.add_parser("sync", help="与中心台账同步 send queued events to the central ledger")
    p.add_argument("--once", action="store_true", help="同步一次后退出 one run, then exit")
    p.add_argument("--status", action="store_true", help="只显示状态 show the figures without syncing")
    p.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    p.set_defaults(func=cmd_sync)


def cmd_enroll(args, ctx) -> int:
    # Only --id is a check: a counter.id left in the settings by an earlier enrollment (a counter that lost
    # its key is enrolled again under a new id) must not stand in the way of the new token.
    with ctx.services() as services:
        service = services.sync
        answer = service.enroll(args.ledger, args.token, args.counter_id or None)  # refused: 1, unreachable: 3
        added = 0
        try:
            added = service.replenish_card_numbers()
        except SyncError as exc:  # enrolled all the same; the sync worker fetches numbers later
            sys.stderr.write(exc.message(ctx.lang) + "\n")
        status = service.status()
    counter_id = status.counter_id
    result = {"counter_id": counter_id, "ledger_url": status.ledger_url, "name": answer.get("name"),
              "registered_at": answer.get("registered_at"), "card_numbers_added": added,
              "card_numbers_remaining": status.card_numbers_remaining}
    if args.json:
        ctx.emit_json(result)
    else:
        print(ctx.t(f"已登记：柜台 {counter_id}（{answer.get('name')}）→ {status.ledger_url}；"
                    f"可用卡号 {status.card_numbers_remaining} 个",
                    f"enrolled: counter {counter_id} ({answer.get('name')}) with {status.ledger_url}; "
                    f"{status.card_numbers_remaining} card numbers available"))
    return EXIT_OK


def _figures(service, report: PushReport | None, lang: str) -> dict[str, Any]:
    status = service.status().as_dict(lang)
    figures = {"sent": report.sent if report else 0, "acknowledged": report.acknowledged if report else 0,
               "pending": status["pending"], "oldest_pending_seconds": status["oldest_pending_seconds"],
               "last_success": status["last_success"], "last_error": status["last_error"]}
    if report is not None:
        figures["reached"] = report.reached
        figures["refused"] = report.refused
        figures["new_conflicts"] = report.new_conflicts
        figures["card_numbers_added"] = report.card_numbers_added
        figures["error"] = report.error.message(lang) if report.error else None
    figures.update({k: status[k] for k in ("open_refusals", "open_conflicts", "card_numbers_remaining")})
    return figures


def _print(ctx, figures: dict[str, Any], as_json: bool, *, lines: bool = False) -> None:
    if as_json:
        if lines:
            import json

            print(json.dumps(figures, ensure_ascii=False, default=str), flush=True)
        else:
            ctx.emit_json(figures)
        return
    oldest = figures["oldest_pending_seconds"]
    print(ctx.t(
        f"已发送 {figures['sent']}，已确认 {figures['acknowledged']}，待发送 {figures['pending']}"
        f"（最早 {oldest:.0f} 秒前）" if oldest is not None else
        f"已发送 {figures['sent']}，已确认 {figures['acknowledged']}，待发送 {figures['pending']}",
        f"sent {figures['sent']}, acknowledged {figures['acknowledged']}, pending {figures['pending']}"
        + (f" (oldest {oldest:.0f} s ago)" if oldest is not None else "")), flush=True)
    if figures.get("error"):
        print(ctx.t(f"错误：{figures['error']}", f"error: {figures['error']}"), flush=True)


def _exit_code(report: PushReport) -> int:
    if report.refused:
        return EXIT_INVALID
    if report.error is not None or not report.reached:
        return EXIT_UNREACHABLE
    return EXIT_OK


def cmd_sync(args, ctx) -> int:
    with ctx.services() as services:
        service = services.sync
        if args.status:
            _print(ctx, _figures(service, None, ctx.lang), args.json)
            return EXIT_OK
        if args.once:
            report = service.sync_once()
            _print(ctx, _figures(service, report, ctx.lang), args.json)
            return _exit_code(report)
        return _sync_until_interrupted(args, ctx, service)


def _sync_until_interrupted(args, ctx, service) -> int:
    """Run the worker in its thread; print a line per pass that did something; Ctrl-C stops it."""
    last: list[PushReport] = []
    printed = threading.Event()

    def on_pass(report: PushReport) -> None:
        last[:] = [report]
        printed.set()

    worker = service.worker(on_pass=on_pass)
    worker.start()
    shown: tuple | None = None
    try:
        while worker.is_alive():
            if printed.wait(0.5):
                printed.clear()
                report = last[0]
                key = (report.sent, report.acknowledged, type(report.error).__name__ if report.error else None)
                if report.sent or report.acknowledged or report.error is not None and key != shown:
                    _print(ctx, _figures(service, report, ctx.lang), args.json, lines=True)
                shown = key
    except KeyboardInterrupt:
        worker.stop()
        return EXIT_OK if last and last[0].reached and not last[0].refused else EXIT_UNREACHABLE
    return EXIT_OK
