"""``counter-app issuance ...``: the counter's issuances from the command line.

    issuance list [--unfinished|--certificate-pending] [--date YYYY-MM-DD] [--json]
                                                                today's (or a day's) issuances, the unfinished
                                                                ones, or issued cards whose certificates wait
    issuance show ID [--json]                                    one issuance and its history
    issuance cancel ID --reason TEXT                             abandon an unfinished issuance, saying why
    issuance hand-over ID [--by-agent]                           the holder (or the agent recorded) received the printed card
    issuance resume ID [--json]                                  finish a chip write left unfinished (card pulled,
                                                                app stopped): the same chip, read back and compared

Names and ID numbers are shown masked: the full data is for the clerk's screen, not for terminals and logs.
"""

from __future__ import annotations

import datetime as dt

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail
from counter_app.logmask import mask_id_number


def register(subparsers) -> None:
    p = subparsers.add_parser("issuance", help="制卡记录 the counter's issuances")
    sub = p.add_subparsers(dest="issuance_command", metavar="<issuance-command>", required=True)
    ls = sub.add_parser("list", help="列出制卡记录 list issuances")
    ls.add_argument("--unfinished", action="store_true", help="未完成的（可继续） unfinished ones, to resume")
    ls.add_argument("--certificate-pending", action="store_true",
                    help="证书待签发 issued cards whose certificates wait (finish with card cert issue)")
    ls.add_argument("--date", help="日期 YYYY-MM-DD (default today)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    show = sub.add_parser("show", help="查看一条记录 show one issuance and its history")
    show.add_argument("issuance_id", metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)
    cancel = sub.add_parser("cancel", help="取消制卡 cancel an unfinished issuance")
    cancel.add_argument("issuance_id", metavar="ID")
    cancel.add_argument("--reason", required=True, help="原因 reason")
    cancel.set_defaults(func=cmd_cancel)
    hand = sub.add_parser("hand-over", help="发放卡片 the holder received the printed card")
    hand.add_argument("issuance_id", metavar="ID")
    hand.add_argument("--by-agent", action="store_true",
                      help="代办人领卡 the agent recorded with the application collects it: the card stays 未启用 "
                           "until the holder activates it in person (card activate)")
    hand.set_defaults(func=cmd_hand_over)
    resume = sub.add_parser("resume", help="继续写卡 finish a chip write left unfinished, on the same card")
    resume.add_argument("issuance_id", metavar="ID")
    resume.add_argument("--json", action="store_true")
    resume.set_defaults(func=cmd_resume)


def _row(issuance, lang: str) -> dict:
    return {
        "id": issuance.id,
        "state": issuance.state.value,
        "state_label": issuance.state.label(lang),
        "application_type": issuance.applicant.application_type.value,
        "document_number": mask_id_number(issuance.applicant.document_number),
        "card_number": issuance.card_number,
        "created_at": issuance.created_at.isoformat(),
        "updated_at": issuance.updated_at.isoformat(),
        "failure_reason": issuance.failure_reason,
        "needs_card_readback": issuance.needs_card_readback,
        "holder_pin_set": issuance.holder_pin_set,
        "certificate_state": issuance.certificate_state.value if issuance.certificate_state else None,
    }




def cmd_list(args, ctx) -> int:
    if args.date:
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError as exc:
            raise CliFail(f"日期格式应为 YYYY-MM-DD：{args.date!r}", f"the date must be YYYY-MM-DD: {args.date!r}",
                          code=EXIT_INVALID) from exc
    else:
        day = dt.date.today()
    with ctx.services() as services:
        service = services.issuances
        if args.certificate_pending:
            found = service.list_certificate_pending()
        else:
            found = service.list_unfinished() if args.unfinished else service.list_for_day(day)
        rows = [_row(i, ctx.lang) for i in found]
    if args.json:
        ctx.emit_json({"issuances": rows})
        return EXIT_OK
    if not rows:
        print(ctx.t("没有记录", "none"))
    for r in rows:
        hint = ctx.t("（先读回卡片）", " (read the card back first)") if r["needs_card_readback"] else ""
        if r["certificate_state"] == "pending":
            hint += ctx.t("（证书待签发）", " (certificates pending)")
        print(f"{r['id']}  {r['state_label']}{hint}  {r['document_number']}  {r['card_number'] or '-'}  "
              f"{r['updated_at'][:19]}")
    return EXIT_OK


def cmd_show(args, ctx) -> int:
    with ctx.services() as services:
        service = services.issuances
        issuance = service.get(args.issuance_id)
        events = service.history(issuance.id)
        history = [{"at": e.at.isoformat(), "action": e.action,
                    "from": e.from_state.value if e.from_state else None, "to": e.to_state.value,
                    "actor": e.actor} for e in events]
        # which card interfaces answered at the last finished write (None: not written, or written before this
        # was recorded): {"contact": "verified", "contactless": "verified" | "skipped"}
        interfaces = next((e.detail.get("interfaces") for e in reversed(events) if e.action == "finish_encoding"),
                          None)
    out = {**_row(issuance, ctx.lang), "interfaces": interfaces, "history": history}
    if args.json:
        ctx.emit_json(out)
        return EXIT_OK
    for key in ("id", "state_label", "application_type", "document_number", "card_number", "failure_reason",
                "holder_pin_set", "certificate_state"):
        print(f"{key}\t{out[key] if out[key] is not None else '-'}")
    if interfaces:
        print("interfaces\t" + ", ".join(f"{k} {v}" for k, v in interfaces.items()))
    for h in history:
        print(f"  {h['at'][:19]}  {h['action']}  {h['from'] or ''} → {h['to']}  ({h['actor']})")
    return EXIT_OK


def cmd_cancel(args, ctx) -> int:
    with ctx.services() as services:
        service = services.issuances
        service.get(args.issuance_id)
        done = service.cancel(ctx.session, args.issuance_id, args.reason)
    print(ctx.t(f"已取消：{done.id}", f"cancelled: {done.id}"))
    return EXIT_OK


def cmd_hand_over(args, ctx) -> int:
    with ctx.services() as services:
        service = services.issuances
        service.get(args.issuance_id)
        done = service.hand_over(ctx.session, args.issuance_id, by_agent=bool(getattr(args, "by_agent", False)),
                                 certificate_step=bool(ctx.settings["card.certificates"]))
    print(ctx.t(f"卡片已发放：卡号 {done.card_number}", f"card handed over: card number {done.card_number}"))
    if getattr(args, "by_agent", False):
        print(ctx.t("代办人领卡：卡片未启用，须持卡人本人到柜台激活（card activate）。",
                    "collected by the agent: the card is not activated until the holder activates it in person "
                    "(card activate)."))
    if done.certificate_pending:
        print(ctx.t("数字证书待签发：持卡人可在任一柜台补签（card cert issue）。",
                    "certificates pending: any counter finishes them with the card (card cert issue)."))
    return EXIT_OK


def cmd_resume(args, ctx) -> int:
    """The GUI's resume from the command line (one service function, ``EncodingService.resume``)."""
    from counter_app.card import errors as card_errors
    from counter_app.services.encoding import NotResumable

    with ctx.services(encoder=True) as services:
        service = services.issuances
        issuance_id = service.get(args.issuance_id).id
        again = f"counter-app issuance resume {issuance_id}"
        try:
            outcome = services.encoding.resume(ctx.session, issuance_id)
        except NotResumable as exc:
            raise CliFail(f"{exc.message('zh')}（查看：counter-app issuance show {issuance_id}）",
                          f"{exc.message('en')} (see counter-app issuance show {issuance_id})",
                          code=EXIT_INVALID) from None
        except card_errors.DifferentCard as exc:
            raise CliFail(
                f"{exc.message('zh')}（放回原卡后：{again}；登记废卡：counter-app print spoil --issuance "
                f"{issuance_id} --reason 原因）",
                f"{exc.message('en')} (the original back in: {again}; spoiled: counter-app print spoil --issuance "
                f"{issuance_id} --reason WHY)",
                code=EXIT_INVALID) from None
        except (card_errors.NoCard, card_errors.CardRemoved) as exc:
            began_on = service.get(issuance_id).card_id
            which_zh = f"本次制卡开始时的那张卡（卡识别码 …{began_on[-8:]}）" if began_on else "卡片"
            which_en = f"the card the write began on (card id …{began_on[-8:]})" if began_on else "the card"
            gone_zh, gone_en = (("读卡器中没有卡片", "there is no card in the encoder")
                                if isinstance(exc, card_errors.NoCard) else
                                ("卡片被拔出或接触不良", "the card was pulled out or lost contact"))
            raise CliFail(f"{gone_zh}：请插入{which_zh}，然后重新运行 {again}。",
                          f"{gone_en}: insert {which_en}, then run {again} again.",
                          code=EXIT_INVALID) from None
    r = outcome.result
    out = {"issuance_id": issuance_id, "state": "encoded", "card_number": outcome.card_number, "card_id": r.card_id,
           "apdus": r.apdus, "seconds": round(r.seconds, 3), "attempts": outcome.attempts, "restarted": r.restarted}
    if args.json:
        ctx.emit_json(out)
    else:
        print(ctx.t(f"写卡已继续完成并回读核验：{issuance_id}，卡号 {outcome.card_number}，卡识别码 {r.card_id}",
                    f"chip write resumed, finished and verified by read-back: {issuance_id}, card number "
                    f"{outcome.card_number}, card id {r.card_id}"))
    return EXIT_OK
