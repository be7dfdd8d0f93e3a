"""``counter-app online due|find``: the hall's online applications (线上申办) from the command line.

    counter-app online due [--day YYYY-MM-DD] [--json]
                                 the hall's applications for collection on the day (default today), from the
                                 ledger (and kept); when the ledger cannot be reached, the copies this counter
                                 kept, said so
    counter-app online find TEXT [--json]
                                 the application a scan names (the status page's QR code or its URL), or a typed
                                 application number (WA…) or ID number: its summary

Over :class:`counter_app.services.online_applications.OnlineApplicationService` (the same service as the
clerk's home). Names, ID numbers and mobiles are shown masked: the full data is for the clerk's screen.
Exit 1 when nothing is found (the message says when the ledger could not be asked) or the scan is not
understood.
"""

from __future__ import annotations

import datetime as dt

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail

_TYPES = {"new": ("新申领", "new card"), "replacement": ("补换卡", "replacement"), "renewal": ("换新卡", "renewal"),
          "upgrade": ("升级三代卡", "upgrade to 3rd generation")}


def register(subparsers) -> None:
    p = subparsers.add_parser("online", help="线上申办 the hall's online applications")
    sub = p.add_subparsers(dest="online_command", metavar="<online command>", required=True)
    due = sub.add_parser("due", help="当日待领取的线上申请 the hall's applications due on a day")
    due.add_argument("--day", default=None, help="领取日 YYYY-MM-DD (default today)")
    due.add_argument("--json", action="store_true")
    due.set_defaults(func=cmd_due)
    find = sub.add_parser("find", help="按扫码、申请编号或身份证号查找 find by scan, WA number or ID number")
    find.add_argument("text", metavar="TEXT", help="扫码内容、申请编号或身份证号 scan text, WA… or ID number")
    find.add_argument("--json", action="store_true")
    find.set_defaults(func=cmd_find)


def _service(services):
    from counter_app.services.online_applications import OnlineApplicationService

    return OnlineApplicationService(services)


def summary(app, lang: str) -> dict:
    """What the command line shows of an application: no full name, ID number, mobile, photo nor token."""
    from counter_app.domain.masking import mask_id_number
    from counter_app.domain.online_application import STATUS_LABELS
    from counter_app.domain.problems import pick
    from counter_app.services.postal_batch import mask_mobile, mask_name

    status_zh, status_en = STATUS_LABELS.get(app.status, (app.status, app.status))
    type_zh, type_en = _TYPES.get(app.application, (app.application, app.application))
    return {"app_id": app.app_id, "name": mask_name(app.applicant.name),
            "document_number": mask_id_number(app.applicant.document_number), "mobile": mask_mobile(app.mobile),
            "application": app.application, "application_label": pick(lang, type_zh, type_en),
            "reason": app.reason, "status": app.status, "status_label": pick(lang, status_zh, status_en),
            "collection": app.collection, "hall_id": app.hall_id,
            "collect_day": app.collect_day.isoformat() if app.collect_day else None,
            "collectable": app.collectable, "has_photo": bool(app.photo_jpeg)}


def _line(row: dict) -> str:
    return (f"{row['app_id']}  {row['name']}  {row['application_label']}  {row['status_label']}  "
            f"{row['collect_day'] or '-'}")


def _day(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CliFail(f"日期格式应为 YYYY-MM-DD：{text!r}", f"the date must be YYYY-MM-DD: {text!r}",
                      code=EXIT_INVALID) from exc


def cmd_due(args, ctx) -> int:
    day = _day(args.day)
    with ctx.services() as services:
        due = _service(services).refresh_due(ctx.session, day)
    rows = [summary(a, ctx.lang) for a in due.applications]
    problem = due.problem.message(ctx.lang) if due.problem is not None else None
    if args.json:
        ctx.emit_json({"day": due.day.isoformat(), "offline": due.offline, "problem": problem, "applications": rows})
        return EXIT_OK
    if due.offline:
        print(ctx.t(f"无法连接中心台账（{problem}）：以下为本机保存的副本。",
                    f"The central ledger cannot be reached ({problem}): these are the copies this counter kept."))
    if not rows:
        print(ctx.t(f"{due.day.isoformat()} 没有待领取的线上申请", f"no online applications due on {due.day.isoformat()}"))
    for row in rows:
        print(_line(row))
    return EXIT_OK


def cmd_find(args, ctx) -> int:
    with ctx.services() as services:
        app = _service(services).find(ctx.session, args.text)
    row = summary(app, ctx.lang)
    if args.json:
        ctx.emit_json(row)
        return EXIT_OK
    print(_line(row))
    for key, (zh, en) in (("document_number", ("身份证号", "ID number")), ("mobile", ("手机", "mobile")),
                          ("collection", ("领取方式", "collection")), ("hall_id", ("大厅", "hall"))):
        print(f"{ctx.t(zh, en)}\t{row[key] or '-'}")
    if not row["collectable"]:
        print(ctx.t("本柜台不能办理此申请（状态或领取方式不符）。",
                    "This application cannot be collected at the counter now (its status or collection)."))
    return EXIT_OK
