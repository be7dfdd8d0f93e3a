"""``counter-app db migrate|check|rekey|purge``: bring the counter's database up to date, or inspect it.

``migrate`` creates the database if needed and applies pending migrations (copying an existing
database into the backups directory first). ``check`` opens the file read-only and changes
nothing: SQLite's integrity and quick checks, foreign keys, and the schema version against the
one this program expects. Both work on the database of ``--data-dir``.

``rekey`` rotates the data key (:mod:`counter_app.services.rekey`); ``purge`` applies the
retention rule (:mod:`counter_app.services.retention`); both need the login of a supervisor or technician
(``--user NAME --password-stdin``, :mod:`counter_app.cli.login`), who is named in the audit trail.

Exit codes: 0 all well; 1 a problem with the database (damaged, not a database, wrong version).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail
from counter_app.cli.login import add_login_arguments, logged_in
from counter_app.diagnostics.database_checks import inspect_database
from counter_app.store.database import connect
from counter_app.store.migrations import migrate


def register(subparsers) -> None:
    db = subparsers.add_parser("db", help="本地数据库 local database: migrate, check")
    db_sub = db.add_subparsers(dest="db_command", metavar="<db command>", required=True)

    p = db_sub.add_parser("migrate", help="创建或升级数据库 create or upgrade the database")
    p.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    p.set_defaults(func=cmd_migrate)

    p = db_sub.add_parser("check", help="检查数据库完整性与版本 check integrity and schema version")
    p.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    p.set_defaults(func=cmd_check)

    p = db_sub.add_parser("rekey", help="更换数据密钥并重新加密个人信息 rotate the data key (run with the app closed)")
    add_login_arguments(p)
    p.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    p.set_defaults(func=cmd_rekey)

    p = db_sub.add_parser("purge", help="清除超过保留期的个人信息 purge personal data past retention.days")
    add_login_arguments(p)
    p.add_argument("--json", action="store_true", help="JSON 输出 JSON output")
    p.set_defaults(func=cmd_purge)


def cmd_migrate(args, ctx) -> int:
    from counter_app.store import sealing
    from counter_app.store.database import keys_dir_for

    paths = ctx.paths.ensure()
    try:
        # The keys first, as Store.open does: a missing district index key stops here, before any
        # step runs, instead of half-way through the migrations that re-seal data.
        sealing.configure_for(keys_dir_for(paths.database))
        db = connect(paths.database)
        try:
            report = migrate(db, backups_dir=paths.backups_dir)
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise CliFail(f"数据库错误：{exc}", f"database error: {exc}", EXIT_INVALID) from exc
    if args.json:
        ctx.emit_json(
            {
                "schema_version": report.to_version,
                "applied": [{"version": m.version, "name": m.name} for m in report.applied],
                "backup": str(report.backup) if report.backup else None,
            }
        )
        return EXIT_OK
    if report.backup:
        print(ctx.t(f"升级前已备份到 {report.backup}", f"backed up to {report.backup} before migrating"))
    for m in report.applied:
        print(ctx.t(f"已应用迁移 {m.version}（{m.name}）", f"applied migration {m.version} ({m.name})"))
    if report.applied:
        print(ctx.t(f"数据库 {paths.database} 已升级到版本 {report.to_version}",
                    f"database {paths.database} is now at schema version {report.to_version}"))
    else:
        print(ctx.t(f"数据库 {paths.database} 已是最新（版本 {report.to_version}）",
                    f"database {paths.database} is up to date (schema version {report.to_version})"))
    return EXIT_OK


def cmd_check(args, ctx) -> int:
    result = check_database(ctx)
    if args.json:
        ctx.emit_json(result)
    else:
        print(ctx.t(f"数据库：{ctx.paths.database}", f"database: {ctx.paths.database}"))
        if result["quick_check"] is not None:  # the file opened and the checks ran
            print(ctx.t(f"完整性检查：{result['integrity']}", f"integrity check: {result['integrity']}"))
        if result["schema_version"] is not None:
            print(ctx.t(f"结构版本：{result['schema_version']}（程序要求 {result['expected_version']}）",
                        f"schema version: {result['schema_version']} "
                        f"(this program expects {result['expected_version']})"))
        for problem in result["problems"]:
            print(ctx.t(f"问题：{problem['zh']}", f"problem: {problem['en']}"))
        print(ctx.t("结论：正常" if result["ok"] else "结论：有问题",
                    "result: ok" if result["ok"] else "result: problems found"))
    return EXIT_OK if result["ok"] else EXIT_INVALID


def _as_logged_in(ctx, args, action):
    """Run ``action(services, session)`` as the user of ``--user`` (see :mod:`counter_app.cli.login`)."""
    with ctx.services() as services, logged_in(ctx, args, services) as session:
        return action(services, session)


def cmd_rekey(args, ctx) -> int:
    """Rotate the data key: every sealed blob re-encrypted, the old key removed from the key file."""
    report = _as_logged_in(ctx, args, lambda services, s: services.rekey.rekey(s))
    if args.json:
        ctx.emit_json({"new_key_id": report.new_key_id, "retired_key_ids": list(report.retired_key_ids),
                       "resealed": report.resealed})
    else:
        print(ctx.t(f"数据密钥已更换为 {report.new_key_id}，重新加密 {report.resealed} 项",
                    f"data key rotated to {report.new_key_id}; {report.resealed} items re-encrypted"))
    return EXIT_OK


def cmd_purge(args, ctx) -> int:
    """Purge personal data and photos past ``retention.days`` after the ledger's acknowledgement."""
    days = int(ctx.settings["retention.days"])
    report = _as_logged_in(ctx, args, lambda services, s: services.retention.purge(s))
    if args.json:
        ctx.emit_json({"purged": report.count, "days": days, "cutoff": report.cutoff.isoformat()})
    else:
        print(ctx.t(f"已清除 {report.count} 条制卡记录的个人信息（保留 {days} 天）",
                    f"personal data of {report.count} issuances purged (kept {days} days)"))
    return EXIT_OK


def check_database(ctx) -> dict[str, Any]:
    """Inspect the database read-only (``db check``, and the technician's ``db.integrity``)."""
    return inspect_database(ctx.paths.database)
