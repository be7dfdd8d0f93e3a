"""``counter-app idcard read``: read the card lying on the resident ID card reader.

    counter-app idcard read [--port DEV] [--json] [--fingerprint]

Exit 0 on a read, 3 when no card lies on the reader (or it was lifted during the read), 1 on a reader fault
(no reader, no answer, damaged answers, a SAM fault). ``--json`` prints exactly the keys ``name, sex,
ethnicity, birth_date, address, id_number, issuer, valid_from, valid_to, card_type`` (dates ISO, ``valid_to``
may be "长期"); the photo is never printed. The reader is the setting ``idcard.port`` (empty: the first serial
port whose device answers as an ID card reader) unless ``--port`` names one; no store is opened.
"""

from __future__ import annotations

import argparse

from counter_app.cli.context import EXIT_OK
from counter_app.domain.codes import SEX, ethnicity_table, label


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("idcard", help="身份证阅读器 the resident ID card reader")
    sub = p.add_subparsers(dest="idcard_command", metavar="<idcard command>", required=True)
    r = sub.add_parser("read", help="读取阅读器上的证件 read the card on the reader",
                       description="读取放在身份证阅读器上的证件。退出码：0 读到，3 阅读器上没有证件，1 阅读器故障。"
                                   " Read the card on the ID card reader. Exit 0 read, 3 no card, 1 reader fault.")
    r.add_argument("--port", help="串口 serial port (default: the setting idcard.port; empty: detect)")
    r.add_argument("--fingerprint", action="store_true",
                   help="连同指纹一起读（30 10）also read the fingerprint block (never printed)")
    r.add_argument("--json", action="store_true", help="输出 JSON output JSON")
    r.set_defaults(func=_read)


def _read(args, ctx) -> int:
    from counter_app.idcard.model import LONG_TERM
    from counter_app.idcard.reader import IdCardReader

    settings = ctx.settings
    port = args.port if args.port is not None else str(settings["idcard.port"] or "")
    with IdCardReader(port, baudrate=int(settings["idcard.baudrate"])) as reader:
        card = reader.read_card(fingerprint=args.fingerprint)
    if args.json:
        ctx.emit_json(card.to_json())
        return EXIT_OK
    lang = ctx.lang
    ethnicities = ethnicity_table(str(settings["codes.other_ethnicity"]))
    valid_to = ctx.t("长期", "long-term (长期)") if card.valid_to == LONG_TERM else card.to_json()["valid_to"]
    rows = [
        (ctx.t("证件类型", "card type"), card.card_type.label(lang)),
        (ctx.t("姓名", "name"), card.name),
        (ctx.t("性别", "sex"), label(SEX, card.sex, lang) if card.sex else ""),
        (ctx.t("民族", "ethnicity"), label(ethnicities, card.ethnicity, lang) if card.ethnicity else ""),
        (ctx.t("出生日期", "birth date"), card.birth_date.isoformat()),
        (ctx.t("住址", "address"), card.address),
        (ctx.t("证件号码", "ID number"), card.id_number),
        (ctx.t("签发机关", "issuer"), card.issuer),
        (ctx.t("有效期限", "valid"), f"{card.valid_from.isoformat()} – {valid_to}"),
    ]
    if card.english_name and card.english_name != card.name:
        rows.insert(2, (ctx.t("英文姓名", "English name"), card.english_name))
    if card.permit_number:
        rows.append((ctx.t("通行证号码", "permit number"), card.permit_number))
    if card.nationality:
        rows.append((ctx.t("国籍", "nationality"), card.nationality))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return EXIT_OK
