"""``counter-app audit verify [--json] [--local]``: check the audit trail's keyed chain.

The chain is checked locally (HMAC-SM3 under the audit key, the legacy rows before the marker of
migration 7 with their old SM3 hashes, every anchor the file holds), then against the head the
ledger keeps for this counter, when the counter is enrolled and the ledger answers; a last line
says which (``ledger: not reachable, compared locally only`` when it could not). ``--local``
skips the ledger. Exit 0 when the chain is intact, 1 when a row was changed, deleted, moved or the
tail was cut off (the first such row is named). Run by the local operator (see
:mod:`counter_app.cli.users`).
"""

from __future__ import annotations

from counter_app.cli.context import EXIT_INVALID, EXIT_OK

_PROBLEMS = {
    "changed": ("被修改", "was changed"),
    "deleted": ("被删除", "was deleted"),
    "reordered": ("顺序被调换", "was moved (reordered)"),
    "truncated": ("及其后的记录被截断", "and the rows after it were cut off (truncated)"),
    "anchor_missing": ("锚点记录丢失", "anchor record is missing"),
}

_LEDGER = {
    "matched": ("中心账本：已比对，一致（第 {seq} 条）", "ledger: compared, the chain agrees (row {seq})"),
    "none_seen": ("中心账本：已比对，账本尚无本柜台的审计记录", "ledger: compared, it holds no audit head of this counter yet"),
    "disagrees": ("中心账本：与账本记录的第 {seq} 条不一致", "ledger: disagrees with the ledger's row {seq}"),
    "unreachable": ("中心账本：无法连接，仅做了本地校验", "ledger: not reachable, compared locally only"),
    "not_enrolled": ("中心账本：本柜台未注册，仅做了本地校验", "ledger: counter not enrolled, compared locally only"),
    "not_asked": ("中心账本：未比对（--local），仅做了本地校验", "ledger: not asked (--local), compared locally only"),
}
LEDGER_TIMEOUT_SECONDS = 5.0


def register(subparsers) -> None:
    p = subparsers.add_parser("audit", help="审计记录 audit trail")
    sub = p.add_subparsers(dest="audit_command", metavar="<audit command>", required=True)
    v = sub.add_parser("verify", help="校验审计记录哈希链 verify the audit trail's hash chain")
    v.add_argument("--json", action="store_true")
    v.add_argument("--local", action="store_true", help="不与中心账本比对 do not compare with the ledger")
    v.set_defaults(func=cmd_verify)


def cmd_verify(args, ctx) -> int:
    from counter_app.services.auth import Session

    with ctx.services() as services:
        head = None if args.local else _ledger_head(services)
        result = services.audit.verify(Session.local_operator(str(ctx.settings["counter.id"])), ledger_head=head)
    if args.json:
        ctx.emit_json(result.as_dict())
    elif result.ok:
        print(ctx.t(f"审计记录完整：共 {result.rows} 条", f"audit trail intact: {result.rows} rows"))
    else:
        zh, en = _PROBLEMS.get(result.problem or "", (result.problem, result.problem))
        where_zh = f"第 {result.first_bad_seq} 条记录" if result.first_bad_seq else "审计记录"
        where_en = f"row {result.first_bad_seq}" if result.first_bad_seq else "the audit trail"
        print(ctx.t(f"审计记录被篡改：{where_zh}{zh}", f"audit trail tampered: {where_en} {en}"))
    if not args.json:
        zh, en = _LEDGER.get(result.ledger, (result.ledger, result.ledger))
        print(ctx.t(zh, en).format(seq=result.ledger_seq))
    return EXIT_OK if result.ok else EXIT_INVALID


def _ledger_head(services):
    """A callable asking the ledger for this counter's audit head (the client is made inside, so a
    counter that is not enrolled ends as ``not_enrolled``, not as an error)."""
    def ask():
        with services.sync.client(timeout=LEDGER_TIMEOUT_SECONDS) as client:
            return client.audit_head()

    return ask
