"""``counter-app postal-batch run|posted|show|print``: the card centre's postal production batch from the command line.

    counter-app postal-batch run --count N [--feed-command CMD] [--json]
                                 resume the open batch or start one of N approved postal applications from the
                                 ledger; make every card (the encoder and the card printer of the settings); print
                                 the manifest and one address label per card on the papers' queue
    counter-app postal-batch posted --app WA… --tracking T [--json]
                                 record the tracking number (10–20 letters or digits) and mark the card posted
    counter-app postal-batch show [--batch ID] [--json]
                                 the open (or the given, or the last) batch, card by card
    counter-app postal-batch print [--batch ID] [--json]
                                 print the manifest and the labels again

``--feed-command``: run before each new card to put a blank in the encoder (``{bank}`` becomes the bank code); a card
printer with a hopper feeds its encoding station by itself. Names are masked here (the labels carry the full name).
Exit 1 when the batch paused (no blank card, printer down) or a paper failed to print: run it again.
"""

from __future__ import annotations

import shlex
import subprocess

from counter_app.cli.context import EXIT_INVALID, EXIT_OK


def register(subparsers) -> None:
    p = subparsers.add_parser("postal-batch", help="邮寄制卡批次 postal production batch (card centre)")
    sub = p.add_subparsers(dest="postal_batch_command", metavar="<postal-batch command>", required=True)
    run = sub.add_parser("run", help="制作一批邮寄卡 make a batch of postal cards")
    run.add_argument("--count", type=int, required=True, help="本批张数 cards in the batch (1–24)")
    run.add_argument("--feed-command", default=None, help="送入下一张空白卡的命令 command that feeds the next blank")
    run.add_argument("--json", action="store_true")
    run.set_defaults(func=cmd_run)
    posted = sub.add_parser("posted", help="登记邮件号并标记已寄出 record the tracking number, mark posted")
    posted.add_argument("--app", required=True, help="申请编号 application number (WA…)")
    posted.add_argument("--tracking", required=True, help="邮件号 tracking number")
    posted.add_argument("--json", action="store_true")
    posted.set_defaults(func=cmd_posted)
    show = sub.add_parser("show", help="查看批次 show a batch")
    show.add_argument("--batch", default=None)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)
    again = sub.add_parser("print", help="重新打印清单和标签 print the manifest and labels again")
    again.add_argument("--batch", default=None)
    again.add_argument("--json", action="store_true")
    again.set_defaults(func=cmd_print)


def _feeder(command: str | None):
    if not command:
        return None

    def feed(bank: str | None) -> None:
        line = command.replace("{bank}", shlex.quote(bank or "102"))
        subprocess.run(shlex.split(line), check=False, timeout=60, capture_output=True)
    return feed


def _service(services, feed=None):
    from counter_app.services.postal_batch import PostalBatchService

    return PostalBatchService(services, feed=feed)


def _lines(ctx, batch) -> list[str]:
    out = [ctx.t(f"批次 {batch.batch_id}（{batch.state}）", f"Batch {batch.batch_id} ({batch.state})")]
    for i in batch.items:
        extra = " ".join(x for x in (i.card_number or "", i.tracking_number or "", i.reason or "") if x)
        out.append(f"{i.position:>2} {i.app_id} {i.masked_name} {i.state_label(ctx.lang)} {extra}".rstrip())
    return out


def _documents(outcome) -> dict:
    return {"ok": outcome.ok, "manifest": outcome.manifest.as_dict(), "labels": [r.as_dict() for r in outcome.labels]}


def cmd_run(args, ctx) -> int:
    from counter_app.services.postal_batch import BatchPaused

    with ctx.services(encoder=True) as services:
        service = _service(services, _feeder(args.feed_command))

        def progress(item) -> None:
            if not args.json:
                print(f"{item.position:>2} {item.app_id} {item.masked_name} {item.state_label(ctx.lang)}", flush=True)

        paused = None
        try:
            batch, outcome = service.run(ctx.session, args.count, on_progress=progress)
        except BatchPaused as exc:
            paused = exc
            batch, outcome = service.get(exc.batch_id), None
    code = EXIT_OK if paused is None and (outcome is None or outcome.ok) else EXIT_INVALID
    if args.json:
        ctx.emit_json({**batch.as_dict(), "paused": paused.message(ctx.lang) if paused else None,
                       "documents": _documents(outcome) if outcome else None})
        return code
    print("\n".join(_lines(ctx, batch)))
    if paused is not None:
        print(paused.message(ctx.lang))
    elif outcome is not None:
        print(ctx.t(f"已打印清单和 {len(outcome.labels)} 张地址标签。" if outcome.ok else "清单或标签打印失败：请重新打印。",
                    f"Manifest and {len(outcome.labels)} address labels printed." if outcome.ok
                    else "The manifest or a label failed to print: print them again."))
    return code


def cmd_posted(args, ctx) -> int:
    with ctx.services() as services:
        service = _service(services)
        batch = service.batch_of(args.app)
        item = service.mark_posted(ctx.session, batch.batch_id, args.app.strip().upper(), args.tracking)
    if args.json:
        ctx.emit_json(item.as_dict())
    else:
        print(ctx.t(f"{item.app_id} 已寄出，邮件号 {item.tracking_number}；卡片未启用，待持卡人激活。",
                    f"{item.app_id} posted, tracking number {item.tracking_number}; the card stays not activated "
                    f"until the holder activates it."))
    return EXIT_OK


def _batch(service, batch_id):
    if batch_id:
        return service.get(batch_id)
    found = service.open_batch() or service.last_batch()
    if found is None:
        from counter_app.services.postal_batch import PostalBatchProblem

        raise PostalBatchProblem("postal_batch.none", "本柜台还没有邮寄批次。", "This counter has no postal batch yet.")
    return found


def cmd_show(args, ctx) -> int:
    with ctx.services() as services:
        batch = _batch(_service(services), args.batch)
    if args.json:
        ctx.emit_json(batch.as_dict())
    else:
        print("\n".join(_lines(ctx, batch)))
    return EXIT_OK


def cmd_print(args, ctx) -> int:
    with ctx.services() as services:
        service = _service(services)
        batch = _batch(service, args.batch)
        outcome = service.print_documents(ctx.session, batch.batch_id)
    if args.json:
        ctx.emit_json(_documents(outcome))
    else:
        print(ctx.t("已打印。" if outcome.ok else "打印失败。", "Printed." if outcome.ok else "Printing failed."))
    return EXIT_OK if outcome.ok else EXIT_INVALID
