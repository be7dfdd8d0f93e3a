"""``counter-app audit verify [--json]``: check the audit trail's SM3 chain.

Exit 0 when the chain is intact, 1 when a row was changed, deleted, moved or the tail was cut
off (the first such row is named). Run by the local operator (see :mod:`counter_app.cli.users`).
"""

from __future__ import annotations

from counter_app.cli import EXIT_INVALID, EXIT_OK, CliFail
from counter_app.domain.problems import DomainError

_PROBLEMS = {
    "changed": ("被修改", "was changed"),
    "deleted": ("被删除", "was deleted"),
    "reordered": ("顺序被调换", "was moved (reordered)"),
    "truncated": ("及其后的记录被截断", "and the rows after it were cut off (truncated)"),
    "anchor_missing": ("锚点记录丢失", "anchor record is missing"),
}


def register(subparsers) -> None:
    p = subparsers.add_parser("audit", help="审计记录 audit trail")
    sub = p.add_subparsers(dest="audit_command", metavar="<audit command>", required=True)
    v = sub.add_parser("verify", help="校验审计记录哈希链 verify the audit trail's hash chain")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_verify)


def cmd_verify(args, ctx) -> int:
    from counter_app.services.audit import AuditService
    from counter_app.services.auth import Session
    from counter_app.store.database import open_store
    from counter_app.store.errors import StoreError

    try:
        with open_store(ctx.paths) as store:
            result = AuditService(store).verify(Session.local_operator(str(ctx.settings["counter.id"])))
    except (DomainError, StoreError) as exc:
        raise CliFail(exc.message("zh"), exc.message("en"), EXIT_INVALID) from exc
    if args.json:
        ctx.emit_json(result.as_dict())
    elif result.ok:
        print(ctx.t(f"审计记录完整：共 {result.rows} 条", f"audit trail intact: {result.rows} rows"))
    else:
        zh, en = _PROBLEMS.get(result.problem or "", (result.problem, result.problem))
        where_zh = f"第 {result.first_bad_seq} 条记录" if result.first_bad_seq else "审计记录"
        where_en = f"row {result.first_bad_seq}" if result.first_bad_seq else "the audit trail"
        print(ctx.t(f"审计记录被篡改：{where_zh}{zh}", f"audit trail tampered: {where_en} {en}"))
    return EXIT_OK if result.ok else EXIT_INVALID
