"""``counter-app print card|preview|test-page|spoil``: the card face to the card printer.

- ``print card --issuance ID [--printer NAME] [--reprint] [--json]``: print and follow the job
  to its end; exit 0 when completed, 1 when it failed (the issuance is then ``print_failed``);
- ``print preview --issuance ID --out FILE.png``: the face as the printer would get it (300 dpi);
- ``print test-page [--printer NAME] [--out FILE.png] [--json]``: the technician's alignment page;
- ``print spoil --issuance ID --reason TEXT [--json]``: a card damaged in the printer.

With ``--json`` the print commands print ``{"job", "state", "output", ...}``. Named ``print_cmd``
because a module named ``print`` would shadow the builtin.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail

if TYPE_CHECKING:
    from counter_app.services.printing import PrintService


def register(subparsers) -> None:
    p = subparsers.add_parser("print", help="卡面打印 card-face printing")
    sub = p.add_subparsers(dest="print_command", metavar="<print-command>", required=True)

    card = sub.add_parser("card", help="打印卡面 print an issuance's card face")
    card.add_argument("--issuance", required=True, metavar="ID", help="制卡记录编号 issuance id")
    card.add_argument("--printer", metavar="NAME", help="打印机（默认取设置 printer.name）CUPS queue")
    card.add_argument("--reprint", action="store_true", help="打印失败后重新打印 reprint after a failed print")
    card.add_argument("--json", action="store_true", help="JSON 输出 print JSON")
    card.set_defaults(func=_card)

    prev = sub.add_parser("preview", help="卡面预览图 write the card face as PNG")
    prev.add_argument("--issuance", required=True, metavar="ID")
    prev.add_argument("--out", required=True, metavar="FILE.png")
    prev.add_argument("--dpi", type=float, default=300.0, help="分辨率 resolution (default 300)")
    prev.set_defaults(func=_preview)

    test = sub.add_parser("test-page", help="打印对位测试页 print the technician's test page")
    test.add_argument("--printer", metavar="NAME")
    test.add_argument("--out", metavar="FILE.png", help="只生成图片不打印 write a PNG instead of printing")
    test.add_argument("--json", action="store_true")
    test.set_defaults(func=_test_page)

    spoil = sub.add_parser("spoil", help="登记作废卡 record a card damaged in the printer")
    spoil.add_argument("--issuance", required=True, metavar="ID")
    spoil.add_argument("--reason", required=True, help="作废原因 why")
    spoil.add_argument("--json", action="store_true")
    spoil.set_defaults(func=_spoil)


@contextmanager
def _printing(ctx) -> Iterator[PrintService]:
    """The counter's print service for the block (Qt's fonts need an application first)."""
    from counter_app.printing.fonts import ensure_qt_app

    ensure_qt_app()
    with ctx.services() as services:
        yield services.printing


def _emit(outcome, args, ctx) -> int:
    if args.json:
        ctx.emit_json(outcome.as_dict(ctx.lang))
    else:
        print(outcome.message(ctx.lang))
        if outcome.output:
            print(ctx.t(f"输出文件：{outcome.output}", f"output: {outcome.output}"))
    return EXIT_OK if outcome.ok else EXIT_INVALID


def _card(args: argparse.Namespace, ctx) -> int:
    from counter_app.domain.problems import DomainError

    with _printing(ctx) as service:
        try:
            outcome = service.print_card(ctx.session, args.issuance, printer=args.printer, reprint=args.reprint)
        except DomainError as exc:
            if args.json:
                ctx.emit_json({"job": None, "state": "failed", "output": None, "message": exc.message(ctx.lang),
                               "error": exc.problem.code})
                return EXIT_INVALID
            raise
        return _emit(outcome, args, ctx)


def _preview(args: argparse.Namespace, ctx) -> int:
    with _printing(ctx) as service:
        try:
            out = service.preview(args.issuance, Path(args.out), args.dpi)
        except OSError as exc:
            raise CliFail(f"无法写入 {args.out}：{exc.strerror}", f"cannot write {args.out}: {exc.strerror}",
                          EXIT_INVALID) from exc
        print(ctx.t(f"卡面预览已写入 {out}", f"card face preview written to {out}"))
        return EXIT_OK


def _test_page(args: argparse.Namespace, ctx) -> int:
    with _printing(ctx) as service:
        if args.out:
            Path(args.out).write_bytes(service.test_page_png())
            print(ctx.t(f"测试页已写入 {args.out}", f"test page written to {args.out}"))
            return EXIT_OK
        outcome = service.print_test_page(ctx.session, printer=args.printer)
        return _emit(outcome, args, ctx)


def _spoil(args: argparse.Namespace, ctx) -> int:
    with _printing(ctx) as service:
        spoiled = service.spoil(ctx.session, args.issuance, args.reason)
        if args.json:
            ctx.emit_json({"issuance": spoiled.issuance_id, "state": "spoiled",
                           "card_number_void": spoiled.card_number, "card_id": spoiled.card_id, "atr": spoiled.atr,
                           "reason": spoiled.reason, "message": spoiled.message(ctx.lang)})
        else:
            print(spoiled.message(ctx.lang))
        return EXIT_OK
