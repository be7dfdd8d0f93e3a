"""``counter-app card ...``: the encoder from the command line.

    card readers [--json]                 the PC/SC readers and which is the encoder / the PSAM
    card read [--json] [--no-photo]       卡内查询: the card's data, read through the PSAM
    card personalize --applicant FILE.json [--photo FILE [--crop X,Y,W,H --confirm-manual-crop]] [--card-number N] [--json]
                                          a headless issuance up to an encoded, verified chip
    card trace                            the masked APDU trace of the last card run
    card pin change|verify|reset [--json] PINs from standard input, one per line (exit 4 wrong, 5 blocked)
    card status set --card-number N --status S --reason CODE [--json]
    card activate --card-number N [--json]
                                          启用: the holder activates in person a card an agent collected, the card
                                          in the encoder; their PIN on standard input (their new PIN when the
                                          card still has the initial one)
    card financial-activation --card-number N --at DATE|TIME [--json]
                                          the bank's report that the card's financial account is activated
    card cert issue [--json]              第三代卡证书: key pair in the card, certificates from the ledger's CA
                                          (the holder's PIN on standard input; exit 3 when the ledger is away)
    card cert export --out FILE.der [--kind sign|enc]
    card cert verify [--json]             chain to the pinned CA, CRL, possession (PIN on standard input)
    card cert ca [--forget] [--json]      the ledger CA this counter trusts (pinned on first use)

The applicant file is the JSON form of ``Applicant`` (``tests/data/applicant.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail
from counter_app.cli.login import add_login_arguments, logged_in
from counter_app.domain.card_status import CHOOSABLE_STATUSES


def register(subparsers) -> None:
    p = subparsers.add_parser("card", help="读写卡 the card encoder")
    sub = p.add_subparsers(dest="card_command", metavar="<card-command>", required=True)

    readers = sub.add_parser("readers", help="列出读卡器 list the PC/SC readers")
    readers.add_argument("--json", action="store_true")
    readers.set_defaults(func=cmd_readers)

    read = sub.add_parser("read", help="卡内查询 read the card back through the PSAM")
    read.add_argument("--json", action="store_true")
    read.add_argument("--no-photo", action="store_true", help="不读照片 skip the chip photo")
    read.add_argument("--contactless", action="store_true",
                      help="非接触读卡器上的卡（只读公开信息）the card on the contactless reader: its UID and public "
                           "data beside this counter's record (card.contactless_reader)")
    read.set_defaults(func=cmd_read)

    pers = sub.add_parser("personalize", help="写卡 write and verify a card for an applicant")
    pers.add_argument("--applicant", required=True, metavar="FILE.json", help="申请人 JSON applicant file")
    pers.add_argument("--photo", metavar="FILE", help="照片 photo file (processed to the card standard)")
    pers.add_argument("--crop", metavar="X,Y,W,H", help="手动裁剪框（原图像素）manual crop of the photo in source pixels")
    pers.add_argument("--confirm-manual-crop", action="store_true",
                      help="已目视确认裁剪框（需要 --crop）I checked this crop by eye: accept photo checks that "
                           "could not be measured (needs --crop)")
    pers.add_argument("--card-number", metavar="N", help="指定卡号 card number (default: the counter's next)")
    pers.add_argument("--json", action="store_true")
    pers.set_defaults(func=cmd_personalize)

    trace = sub.add_parser("trace", help="上次读写卡的 APDU 记录 the last run's masked APDU trace")
    trace.set_defaults(func=cmd_trace)

    _register_pin(sub)
    _register_status(sub)
    _register_activation(sub)
    _register_cert(sub)


def cmd_readers(args, ctx) -> int:
    from counter_app.card import errors as card_errors
    from counter_app.card import pcsc

    settings = ctx.settings
    names = pcsc.list_readers()

    def role(name: str) -> str | None:
        for key, label in (("card.reader", "encoder"), ("card.psam_reader", "psam"),
                           ("card.contactless_reader", "contactless")):
            if not str(settings[key] or "").strip():
                continue  # not set (the contactless reader is optional)
            try:
                if pcsc.match_reader(settings[key], [name]) == name:
                    return label
            except card_errors.CardError:
                pass
        return None

    rows = [{"name": n, "role": role(n)} for n in names]
    if args.json:
        ctx.emit_json({"readers": rows})
    elif not rows:
        print(ctx.t("没有读卡器（检查 pcscd 与读卡器连接）", "no readers (check pcscd and the reader cables)"))
    else:
        labels = {"encoder": ctx.t("写卡槽", "encoder"), "psam": "PSAM",
                  "contactless": ctx.t("非接触读卡器", "contactless"), None: ""}
        for r in rows:
            print(f"{r['name']}\t{labels[r['role']]}")
    return EXIT_OK


def cmd_read(args, ctx) -> int:
    if args.contactless:
        return _read_contactless(args, ctx)
    with ctx.services(encoder=True) as services:
        reading = services.encoding.read_card(ctx.session, read_photo=not args.no_photo)
    d = reading.data
    out = {
        "card_id": reading.identity.card_id_hex,
        "atr": reading.identity.atr.hex().upper(),
        "algorithm": reading.identity.algorithm,
        "spec_version": reading.identity.spec_version,
        "blank": reading.blank,
        "card_number": d.card_number,
        "social_security_number": d.social_security_number,
        "name": d.full_name,
        "sex": d.sex,
        "ethnicity": d.ethnicity,
        "birthplace": d.birthplace,
        "birth_date": d.birth_date.isoformat() if d.birth_date else None,
        "issue_date": d.issue_date.isoformat() if d.issue_date else None,
        "expiry_date": d.expiry_date.isoformat() if d.expiry_date else None,
        "photo_bytes": len(d.photo) if d.photo else 0,
    }
    if args.json:
        ctx.emit_json(out)
        return EXIT_OK
    if reading.blank:
        print(ctx.t(f"空白卡 卡识别码 {out['card_id']}", f"blank card, card id {out['card_id']}"))
        return EXIT_OK
    labels = [("card_number", "卡号", "card number"), ("card_id", "卡识别码", "card id"),
              ("social_security_number", "社会保障号码", "social security number"), ("name", "姓名", "name"),
              ("sex", "性别", "sex"), ("ethnicity", "民族", "ethnicity"), ("birthplace", "出生地", "birthplace"),
              ("birth_date", "出生日期", "birth date"), ("issue_date", "发卡日期", "issue date"),
              ("expiry_date", "有效期至", "valid until"), ("photo_bytes", "照片字节", "photo bytes")]
    for key, zh, en in labels:
        print(f"{ctx.t(zh, en)}\t{out[key]}")
    return EXIT_OK


def _read_contactless(args, ctx) -> int:
    """The card on the contactless reader: UID and public data, and what this counter recorded for it."""
    with ctx.services() as services:
        query = services.card_query.query_contactless(ctx.session)
    record = query.record
    out = {
        "uid": query.contactless_uid,
        "card_id": query.card_id,
        "blank": query.blank,
        "card_number": query.card_number,
        "issuance_id": record.issuance_id if record else None,
        "issuance_state": record.issuance_state.value if record else None,
        "status": record.status.value if record else None,
        "consistent": query.consistent,
    }
    if args.json:
        ctx.emit_json(out)
        return EXIT_OK
    rows = [("uid", "UID", "UID"), ("card_id", "卡识别码", "card id"), ("card_number", "卡号", "card number"),
            ("issuance_id", "制卡记录", "issuance"), ("status", "卡片状态", "card status")]
    for key, zh, en in rows:
        print(f"{ctx.t(zh, en)}\t{out[key] if out[key] not in (None, '') else '—'}")
    return EXIT_OK


def _load_applicant(path: str, ctx):
    from counter_app.domain.applicant import Applicant

    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        return Applicant.from_dict(raw)
    except OSError as exc:
        raise CliFail(f"无法读取申请人文件 {path}：{exc.strerror}", f"cannot read the applicant file {path}: {exc.strerror}",
                      code=EXIT_INVALID) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise CliFail(f"申请人文件格式不对：{exc}", f"the applicant file is not valid: {exc}", code=EXIT_INVALID) from exc


def _process_photo(path: str, crop_text: str | None = None, confirmed: bool = False):
    """The photo processed to the card standard, as ``photo process`` does it; refused (nothing written) when a
    check fails, or when a check could not be measured and the clerk has not confirmed a manual crop."""
    from counter_app.cli.photo import _parse_crop
    from counter_app.photo.process import process_photo

    crop = _parse_crop(crop_text)
    if confirmed and crop is None:
        raise CliFail("--confirm-manual-crop 需要同时给出 --crop X,Y,W,H（您目视检查过的裁剪框）",
                      "--confirm-manual-crop needs --crop X,Y,W,H (the crop you checked by eye)", code=EXIT_INVALID)
    result = process_photo(path, crop, confirmed=confirmed)
    if result.failures:
        fails = result.failures
        raise CliFail("照片不符合制卡标准：" + "；".join(c.message("zh") for c in fails),
                      "the photo does not meet the card standard: " + "; ".join(c.message("en") for c in fails),
                      code=EXIT_INVALID)
    if result.needs_confirmation:
        unmeasured = result.not_measured
        shown = ",".join(f"{v:g}" for v in result.crop.as_list())
        raise CliFail(
            "照片有检查项未测量：" + "；".join(c.message("zh") for c in unmeasured)
            + f"。请用 photo process 查看裁剪后的照片，目视确认后加 --crop {shown} --confirm-manual-crop 重新运行",
            "some photo checks could not be measured: " + "; ".join(c.message("en") for c in unmeasured)
            + f". Look at the cropped photo (photo process), and once checked by eye run again with "
              f"--crop {shown} --confirm-manual-crop", code=EXIT_INVALID)
    return result


def cmd_personalize(args, ctx) -> int:
    from counter_app.domain.cardids import check_card_number
    from counter_app.services.encoding import RESUMABLE_STATES
    from counter_app.services.issuance import UnfinishedIssuanceExists

    applicant = _load_applicant(args.applicant, ctx)
    number = None
    if args.card_number is not None:
        checked = check_card_number(args.card_number)
        if not checked.valid:
            raise CliFail("；".join(p.zh for p in checked.problems), "; ".join(p.en for p in checked.problems),
                          code=EXIT_INVALID)
        number = checked.normalized
    photo = _process_photo(args.photo, args.crop, args.confirm_manual_crop) if args.photo else None

    with ctx.services(encoder=True) as services:
        intake, service = services.intake, services.encoding
        try:
            # Before anything is created: a second issuance would dangle, and the first holds the card number.
            services.issuances.refuse_if_unfinished(applicant.document_number)
        except UnfinishedIssuanceExists as exc:
            found = exc.issuance.id
            if exc.issuance.state in RESUMABLE_STATES:
                go_on = (f"继续写卡：counter-app issuance resume {found}",
                         f"Resume its chip write: counter-app issuance resume {found}")
            else:  # its chip is written: what is left is the print and the hand-over
                go_on = (f"芯片已写好，继续打印与发放（counter-app issuance show {found}）",
                         f"Its chip is written: go on with the print and hand-over (counter-app issuance show {found})")
            raise CliFail(f"{exc.message('zh')}{go_on[0]}；或取消后重新办理：counter-app issuance cancel {found} "
                          "--reason 原因",
                          f"{exc.message('en')} {go_on[1]}; or cancel it first: counter-app issuance cancel {found} "
                          "--reason WHY",
                          code=EXIT_INVALID) from None
        session = ctx.session
        issuance_id = intake.open_application(session, applicant)
        intake.accept_photo(session, issuance_id, photo.jpeg if photo else None)
        outcome = service.encode(session, issuance_id, card_number=number)
    r = outcome.result
    out = {"card_number": outcome.card_number, "card_id": r.card_id, "apdus": r.apdus,
           "seconds": round(r.seconds, 3), "issuance_id": issuance_id, "psam_apdus": r.psam_apdus,
           "attempts": outcome.attempts}
    if args.json:
        ctx.emit_json(out)
    else:
        print(ctx.t(f"写卡完成并已核验：卡号 {out['card_number']}，卡识别码 {r.card_id}，{r.apdus} 条指令，{r.seconds:.2f} 秒",
                    f"card written and verified: card number {out['card_number']}, card id {r.card_id}, "
                    f"{r.apdus} APDUs, {r.seconds:.2f} s"))
    return EXIT_OK


def cmd_trace(args, ctx) -> int:
    from counter_app.services.encoding import LAST_TRACE_FILE

    path = ctx.paths.traces_dir / LAST_TRACE_FILE
    if not path.exists():
        raise CliFail("还没有读写卡记录", "no card run has been traced yet", code=EXIT_INVALID)
    print(path.read_text(encoding="utf-8"), end="")
    return EXIT_OK


# --- card services: PIN and status (issue 11) -----------------------------------------------------

EXIT_WRONG_PIN = 4
EXIT_PIN_BLOCKED = 5
_STATUS_CHOICES = tuple(status.value for status in CHOOSABLE_STATUSES)


def _register_pin(sub) -> None:
    pin = sub.add_parser("pin", help="卡片密码 the holder's PIN (read from standard input, one per line)")
    pin_sub = pin.add_subparsers(dest="pin_command", metavar="<pin-command>", required=True)
    change = pin_sub.add_parser("change", help="修改密码 change: old PIN, then new PIN on standard input")
    change.add_argument("--json", action="store_true")
    change.set_defaults(func=cmd_pin_change)
    verify = pin_sub.add_parser("verify", help="校验密码 verify the PIN read from standard input")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_pin_verify)
    reset = pin_sub.add_parser("reset", help="重置/解锁密码 reset: new PIN on standard input (needs the PSAM)")
    reset.add_argument("--id-number", required=True, help="持卡人证件号码 the holder's ID number, compared with the card")
    reset.add_argument("--reason", default="forgotten", choices=("forgotten", "blocked", "holder_request"),
                       help="原因代码 reason code")
    reset.add_argument("--json", action="store_true")
    reset.set_defaults(func=cmd_pin_reset)


def _register_status(sub) -> None:
    status = sub.add_parser("status", help="卡片状态 card status (挂失、注销 …)")
    status_sub = status.add_subparsers(dest="status_command", metavar="<status-command>", required=True)
    set_ = status_sub.add_parser("set", help="变更卡片状态 change a card's status")
    set_.add_argument("--card-number", required=True, metavar="N")
    set_.add_argument("--status", required=True, choices=_STATUS_CHOICES)
    set_.add_argument("--reason", required=True, metavar="CODE", help="原因代码 reason code, e.g. holder_request")
    set_.add_argument("--json", action="store_true")
    set_.set_defaults(func=cmd_status_set)


def _read_pin_line() -> bytearray:
    """One PIN from standard input, into a bytearray (no immutable copy of the line)."""
    import sys

    buf = bytearray()
    stream = sys.stdin.buffer
    while True:
        ch = stream.read(1)
        if not ch or ch == b"\n":
            break
        if ch != b"\r":
            buf += ch
    return buf


def _pin_blocked(exc) -> CliFail:
    """A blocked PIN (the third wrong PIN included), with the command that resets it."""
    return CliFail(
        f"{exc.message('zh')}：counter-app card pin reset --id-number 持卡人证件号码 --reason blocked"
        "（新密码由持卡人从标准输入输入），或在图形界面“卡片服务 › 密码服务”中重置。",
        f"{exc.message('en')}: counter-app card pin reset --id-number HOLDER_ID_NUMBER --reason blocked "
        "(the new PIN on standard input), or 卡片服务 › 密码服务 (card services, PIN) in the window.",
        code=EXIT_PIN_BLOCKED)


def _run_pin_command(args, ctx, action) -> int:
    import sys

    from counter_app.card import errors as card_errors

    with ctx.services(encoder=True) as services:
        try:
            outcome = action(services.card_services)
        except card_errors.WrongPin as exc:
            if args.json:
                ctx.emit_json({"tries_left": exc.tries_left})
                return EXIT_WRONG_PIN
            raise  # WrongPin.exit_code is EXIT_WRONG_PIN
        except card_errors.PinBlocked as exc:
            fail = _pin_blocked(exc)
            if args.json:  # the JSON for scripts, the advice still for the clerk at the terminal
                ctx.emit_json({"tries_left": 0, "blocked": True})
                sys.stderr.write(fail.message(ctx.lang) + "\n")
                return EXIT_PIN_BLOCKED
            raise fail from None
    out = {"ok": True, "card_id": outcome.card_id, "card_number": outcome.card_number}
    if args.json:
        ctx.emit_json(out)
    else:
        print(ctx.t("完成", "done"))
    return EXIT_OK


def cmd_pin_change(args, ctx) -> int:
    old = _read_pin_line()
    new = _read_pin_line()
    return _run_pin_command(args, ctx, lambda s: s.change_pin(ctx.session, old, new))


def cmd_pin_verify(args, ctx) -> int:
    pin = _read_pin_line()
    return _run_pin_command(args, ctx, lambda s: s.verify_pin(ctx.session, pin))


def cmd_pin_reset(args, ctx) -> int:
    new = _read_pin_line()
    return _run_pin_command(args, ctx, lambda s: s.reset_pin(ctx.session, new, id_number=args.id_number,
                                                             reason=args.reason))


def cmd_status_set(args, ctx) -> int:
    with ctx.services(encoder=True) as services:
        change = services.card_services.set_status(ctx.session, args.card_number, args.status, args.reason)
    out = {"card_number": change.card_number, "from": change.from_status.value, "to": change.to_status.value,
           "outbox_seq": change.outbox_seq, "replacement_issuance_id": change.replacement_issuance_id}
    if args.json:
        ctx.emit_json(out)
    else:
        print(ctx.t(f"卡 {change.card_number}：{change.from_status.value} → {change.to_status.value}",
                    f"card {change.card_number}: {change.from_status.value} → {change.to_status.value}"))
        if change.replacement_issuance_id:
            print(ctx.t(f"已受理补卡申请 {change.replacement_issuance_id}",
                        f"replacement application opened: {change.replacement_issuance_id}"))
    return EXIT_OK


# --- card activate ----------------------------------------------------------------------------------

def _register_activation(sub) -> None:
    act = sub.add_parser("activate", help="激活卡片 the holder activates in person a card an agent collected "
                                          "(PIN on standard input)")
    act.add_argument("--card-number", required=True, metavar="N")
    act.add_argument("--json", action="store_true")
    act.set_defaults(func=cmd_activate)
    fin = sub.add_parser("financial-activation", help="登记金融账户激活 record the bank's report that the card's "
                                                      "financial account is activated")
    fin.add_argument("--card-number", required=True, metavar="N")
    fin.add_argument("--at", required=True, metavar="DATE|TIME",
                     help="银行报告的激活时间 when the bank activated it: 2026-11-26 or 2026-11-26T10:30:00+08:00")
    fin.add_argument("--json", action="store_true")
    fin.set_defaults(func=cmd_financial_activation)


def cmd_activate(args, ctx) -> int:
    import sys

    from counter_app.card import errors as card_errors

    pin = _read_pin_line()  # wiped by the service
    with ctx.services(encoder=True) as services:
        try:
            done = services.activation.activate(ctx.session, args.card_number, pin)
        except card_errors.WrongPin as exc:
            if args.json:
                ctx.emit_json({"tries_left": exc.tries_left})
                return EXIT_WRONG_PIN
            raise
        except card_errors.PinBlocked as exc:
            fail = _pin_blocked(exc)
            if args.json:
                ctx.emit_json({"tries_left": 0, "blocked": True})
                sys.stderr.write(fail.message(ctx.lang) + "\n")
                return EXIT_PIN_BLOCKED
            raise fail from None
    if args.json:
        ctx.emit_json({"card_number": done.card_number, "issuance_id": done.issuance_id, "status": "active",
                       "pin_chosen": done.pin_chosen, "outbox_seq": done.change.outbox_seq})
    else:
        print(ctx.t(f"卡 {done.card_number} 已激活：未启用 → 正常",
                    f"card {done.card_number} activated: not activated → active"))
    return EXIT_OK


def cmd_financial_activation(args, ctx) -> int:
    import datetime as dt

    try:
        at: dt.date | dt.datetime = (dt.date.fromisoformat(args.at) if len(args.at) == 10
                                     else dt.datetime.fromisoformat(args.at.replace("Z", "+00:00")))
    except ValueError:
        raise CliFail(f"时间格式不对：{args.at}（如 2026-11-26 或 2026-11-26T10:30:00+08:00）",
                      f"not a date or time: {args.at} (e.g. 2026-11-26 or 2026-11-26T10:30:00+08:00)") from None
    if isinstance(at, dt.datetime) and at.tzinfo is None:
        at = at.astimezone()  # the counter's local time
    with ctx.services() as services:
        kept = services.activation.record_financial_activation(ctx.session, args.card_number, at)
    if args.json:
        ctx.emit_json({"card_number": kept.card_number, "activated_at": kept.activated_at.isoformat()})
    else:
        print(ctx.t(f"已登记：卡 {kept.card_number} 金融账户已激活（{kept.activated_at.isoformat()}）",
                    f"recorded: card {kept.card_number}'s financial account activated ({kept.activated_at.isoformat()})"))
    return EXIT_OK


# --- card cert ---------------------------------------------------------------------------------------

def _register_cert(sub) -> None:
    cert = sub.add_parser("cert", help="数字证书 the card's SM2 keys and certificates (3.0 cards)")
    cert_sub = cert.add_subparsers(dest="cert_command", metavar="<cert-command>", required=True)
    issue = cert_sub.add_parser("issue", help="签发证书 key pair in the card, certificates from the ledger's CA "
                                              "(the holder's PIN on standard input)")
    issue.add_argument("--json", action="store_true")
    issue.set_defaults(func=cmd_cert_issue)
    export = cert_sub.add_parser("export", help="导出证书 write the card's certificate (DER) to a file")
    export.add_argument("--out", required=True, metavar="FILE.der")
    export.add_argument("--kind", choices=("sign", "enc"), default="sign", help="签名或加密证书 signing or encryption")
    export.set_defaults(func=cmd_cert_export)
    verify = cert_sub.add_parser("verify", help="校验证书 chain, revocation and possession (PIN on standard input)")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_cert_verify)
    ca = cert_sub.add_parser("ca", help="信任的中心 CA the ledger CA this counter trusts (installed: counter-app ca install)")
    ca.add_argument("--forget", action="store_true",
                    help="忘记已安装的 CA forget it: certificates stop until one is installed (needs --user, supervisor/technician)")
    add_login_arguments(ca)
    ca.add_argument("--json", action="store_true")
    ca.set_defaults(func=cmd_cert_ca)


def _run_cert_command(args, ctx, action) -> tuple[object, int]:
    """``(result, EXIT_OK)``, or ``(None, exit code)`` after a wrong PIN reported as JSON."""
    from counter_app.card import errors as card_errors

    with ctx.services(encoder=True) as services:
        try:  # the certificate step on demand, whatever the setting card.certificates says
            return action(services.certificate_service), EXIT_OK
        except card_errors.WrongPin as exc:
            if getattr(args, "json", False):
                ctx.emit_json({"tries_left": exc.tries_left})
                return None, EXIT_WRONG_PIN
            raise  # WrongPin.exit_code is EXIT_WRONG_PIN
        except card_errors.PinBlocked as exc:
            raise _pin_blocked(exc) from None


def cmd_cert_issue(args, ctx) -> int:
    pin = _read_pin_line()
    done, code = _run_cert_command(args, ctx, lambda s: s.issue(ctx.session, pin))
    if done is None:
        return code
    out = {"card_number": done.card_number, "card_id": done.card_id, "sign_serial": done.sign_serial,
           "enc_serial": done.enc_serial, "not_after": done.not_after.isoformat(),
           "issuance_id": done.issuance_id, "key_generated": done.key_generated}
    if args.json:
        ctx.emit_json(out)
    else:
        print(ctx.t(f"卡 {done.card_number} 的数字证书已写入并校验（签名证书序列号 {done.sign_serial}）",
                    f"certificates written to card {done.card_number} and checked (signing serial {done.sign_serial})"))
    return EXIT_OK


def cmd_cert_export(args, ctx) -> int:
    der, _ = _run_cert_command(args, ctx, lambda s: s.export(ctx.session, args.kind))
    out = Path(args.out)
    out.write_bytes(der)
    print(ctx.t(f"已导出 {len(der)} 字节到 {out}", f"{len(der)} bytes written to {out}"))
    return EXIT_OK


def cmd_cert_verify(args, ctx) -> int:
    pin = _read_pin_line()
    check, code = _run_cert_command(args, ctx, lambda s: s.verify(ctx.session, pin))
    if check is None:
        return code
    out = {"card_number": check.card_number, "sign_serial": check.sign_serial, "chain": check.chain,
           "possession": check.possession, "revoked": check.revoked, "not_after": check.not_after.isoformat(),
           "subject": check.subject}
    if args.json:
        ctx.emit_json(out)
    else:
        revoked = {None: ctx.t("吊销状态未知（无法连接台账）", "revocation unknown (ledger unreachable)"),
                   True: ctx.t("证书已吊销", "the certificate is REVOKED"),
                   False: ctx.t("未吊销", "not revoked")}[check.revoked]
        print(ctx.t(f"卡 {check.card_number}：证书链有效，卡片持有私钥；{revoked}",
                    f"card {check.card_number}: chain valid, the card holds the private key; {revoked}"))
    return EXIT_OK if check.revoked is not True else EXIT_INVALID


def cmd_cert_ca(args, ctx) -> int:
    from counter_app.cli.ca import print_ca
    with ctx.services() as services:
        trust = services.ca_trust
        if args.forget:
            with logged_in(ctx, args, services) as session:
                ca = trust.forget(session)
        else:
            ca = trust.pinned()
    if args.json:
        from counter_app.cli.ca import ca_json

        ctx.emit_json({"ca": None if ca is None else {**ca_json(ca), "forgotten": bool(args.forget)}})
    elif ca is None:
        print(ctx.t("尚未安装中心 CA 证书：技术员用 “counter-app ca install --file 文件” 安装",
                    "no ledger CA certificate installed: a technician installs it with 'counter-app ca install --file F'"))
    else:
        print(ctx.t("已忘记：", "forgotten: ") if args.forget else ctx.t("已信任：", "trusted: "))
        print_ca(ctx, ca)
    return EXIT_OK
