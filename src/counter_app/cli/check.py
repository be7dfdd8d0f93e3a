"""``check-id`` and ``check-card-number``: check one typed number, as the counter's forms do.

Exit code 0 when the number is valid, 1 when it is not (2 for usage errors, as everywhere).
Human output is one line "有效 …" for a valid number, or one line "无效：…" per problem; ``--json``
prints ``{"valid", "normalized", "errors": [{"code", "message"}]}`` and, for a valid ID number,
``kind``, ``sex`` and ``birth_date`` after those keys.
"""

from __future__ import annotations

import argparse

from counter_app.cli.context import EXIT_INVALID, EXIT_OK
from counter_app.domain.cardids import check_card_number
from counter_app.domain.codes import SEX, label
from counter_app.domain.idnumbers import KIND_LABELS, IdKind, check_id_number
from counter_app.domain.problems import CheckResult


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check-id",
        help="检查证件号码 check an identity document number",
        description="检查公民身份号码、港澳台居民居住证或外国人永久居留身份证号码。"
                    " Check a citizen ID, HK/Macao/Taiwan residence permit or foreign permanent residence number.",
    )
    p.add_argument("number", metavar="NUMBER", help="证件号码 the number (quote it if it has spaces)")
    p.add_argument("--type", dest="kind", choices=[k.value for k in IdKind], default=IdKind.CITIZEN.value,
                   help="证件类型 kind of number (default: citizen)")
    p.add_argument("--json", action="store_true", help="输出 JSON output JSON")
    p.set_defaults(func=_check_id)

    p = subparsers.add_parser(
        "check-card-number",
        help="检查社会保障卡卡号 check a social security card number",
        description="检查 9 位社会保障卡卡号（含校验码）。 Check a 9-character card number and its check character.",
    )
    p.add_argument("number", metavar="NUMBER", help="卡号 the card number")
    p.add_argument("--json", action="store_true", help="输出 JSON output JSON")
    p.set_defaults(func=_check_card_number)


def _check_id(args, ctx) -> int:
    result = check_id_number(args.number, args.kind)
    if args.json:
        return _emit_json(result, ctx)
    if result.valid:
        kind_zh, kind_en = KIND_LABELS[result.kind]
        parts_zh, parts_en = [kind_zh], [kind_en]
        if result.version:
            parts_zh.append(f"{result.version} 版")
            parts_en.append(f"{result.version} version")
        if result.sex:
            parts_zh.append(label(SEX, result.sex, "zh"))
            parts_en.append(label(SEX, result.sex, "en"))
        if result.birth_date:
            parts_zh.append(f"出生日期 {result.birth_date.isoformat()}")
            parts_en.append(f"born {result.birth_date.isoformat()}")
        print(ctx.t(f"有效 {_printable(result.normalized)}：{'，'.join(parts_zh)}",
                    f"valid {_printable(result.normalized)}: {', '.join(parts_en)}"))
        return EXIT_OK
    return _print_problems(result, ctx)


def _check_card_number(args, ctx) -> int:
    result = check_card_number(args.number)
    if args.json:
        return _emit_json(result, ctx)
    if result.valid:
        print(ctx.t(f"有效 {result.normalized}：社会保障卡卡号", f"valid {result.normalized}: card number"))
        return EXIT_OK
    return _print_problems(result, ctx)


def _print_problems(result: CheckResult, ctx) -> int:
    for problem in result.problems:
        print(ctx.t(f"无效：{problem.message('zh')}", f"invalid: {problem.message('en')}"))
    return EXIT_INVALID


def _emit_json(result: CheckResult, ctx) -> int:
    d = result.as_dict(ctx.lang)
    d["normalized"] = _printable(d["normalized"])
    ctx.emit_json(d)
    return EXIT_OK if result.valid else EXIT_INVALID


def _printable(text: str) -> str:
    """Arguments that were not valid UTF-8 reach Python as lone surrogates, which cannot be
    written to stdout: show those as U+FFFD instead of failing."""
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
