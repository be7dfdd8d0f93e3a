"""``counter-app users add|disable|enable|reset-password|list``: the people who log in.

The command line acts as the counter's local administrator: whoever can run ``counter-app`` as
the app's OS user can read its database and key files anyway, so they are trusted, act as a
supervisor, and are named ``os:<login name>`` in the audit trail. That is how the first
supervisor of a counter is created — there are no default passwords:

    counter-app users add --username wang --role supervisor --display-name 王主管

prints a generated password once (or reads one line from stdin with ``--password-stdin``).
"""

from __future__ import annotations

import sys

from counter_app.cli import EXIT_INVALID, EXIT_OK, CliFail
from counter_app.domain.problems import DomainError
from counter_app.services.auth import Role, Session


def register(subparsers) -> None:
    p = subparsers.add_parser("users", help="用户管理 users and roles")
    sub = p.add_subparsers(dest="users_command", metavar="<users command>", required=True)

    add = sub.add_parser("add", help="添加用户 add a user (prints the generated password once)")
    add.add_argument("--username", required=True, help="用户名 user name (a-z 0-9 . _ -)")
    add.add_argument("--role", required=True, choices=[r.value for r in Role], help="角色 role")
    add.add_argument("--display-name", default="", help="显示名 display name")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码 read the password from stdin")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_add)

    for name, func, help_ in (("disable", cmd_disable, "停用用户 disable a user"),
                              ("enable", cmd_enable, "启用用户 enable a user")):
        q = sub.add_parser(name, help=help_)
        q.add_argument("username")
        q.set_defaults(func=func)

    reset = sub.add_parser("reset-password", help="重置密码并解除锁定 reset a password (also lifts a lockout)")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码 read the password from stdin")
    reset.add_argument("--json", action="store_true")
    reset.set_defaults(func=cmd_reset)

    ls = sub.add_parser("list", help="列出用户 list the users")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)


def _run(ctx, action):
    """Open the store, run ``action(service, operator_session)``, turn domain errors into CliFail."""
    from counter_app.services.users import UserService
    from counter_app.store.database import open_store
    from counter_app.store.errors import StoreError

    try:
        with open_store(ctx.paths) as store:
            session = Session.local_operator(str(ctx.settings["counter.id"]))
            return action(UserService(store), session)
    except (DomainError, StoreError) as exc:
        raise CliFail(exc.message("zh"), exc.message("en"), EXIT_INVALID) from exc


def _password_from_stdin(args) -> str | None:
    if not args.password_stdin:
        return None
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _print_credentials(ctx, args, creds) -> None:
    if args.json:
        ctx.emit_json({**creds.user.as_public_dict(), **({"password": creds.password} if creds.generated else {})})
        return
    u = creds.user
    print(ctx.t(f"用户 {u.username}（{Role(u.role).zh}）", f"user {u.username} ({u.role})"))
    if creds.generated:
        print(ctx.t(f"初始密码（只显示这一次）：{creds.password}", f"password (shown only once): {creds.password}"))


def cmd_add(args, ctx) -> int:
    password = _password_from_stdin(args)
    creds = _run(ctx, lambda svc, s: svc.add(s, args.username, args.role, args.display_name, password))
    _print_credentials(ctx, args, creds)
    return EXIT_OK


def cmd_reset(args, ctx) -> int:
    password = _password_from_stdin(args)
    creds = _run(ctx, lambda svc, s: svc.reset_password(s, args.username, password))
    _print_credentials(ctx, args, creds)
    return EXIT_OK


def cmd_disable(args, ctx) -> int:
    user = _run(ctx, lambda svc, s: svc.disable(s, args.username))
    print(ctx.t(f"用户 {user.username} 已停用", f"user {user.username} disabled"))
    return EXIT_OK


def cmd_enable(args, ctx) -> int:
    user = _run(ctx, lambda svc, s: svc.enable(s, args.username))
    print(ctx.t(f"用户 {user.username} 已启用", f"user {user.username} enabled"))
    return EXIT_OK


def cmd_list(args, ctx) -> int:
    users = _run(ctx, lambda svc, s: svc.list(s))
    if args.json:
        ctx.emit_json([u.as_public_dict() for u in users])
        return EXIT_OK
    if not users:
        print(ctx.t("还没有用户：先用 “counter-app users add --role supervisor” 创建主管。",
                    "no users yet: create a supervisor with 'counter-app users add --role supervisor'."))
    for u in users:
        state = []
        if u.disabled:
            state.append(ctx.t("已停用", "disabled"))
        if u.locked_until is not None:
            state.append(ctx.t(f"锁定至 {u.locked_until:%Y-%m-%d %H:%M}Z", f"locked until {u.locked_until:%Y-%m-%d %H:%M}Z"))
        role = Role(u.role).label(ctx.lang) if u.role in Role._value2member_map_ else u.role
        print(f"{u.username:<20} {role:<12} {u.display_name}" + (f"  [{', '.join(state)}]" if state else ""))
    return EXIT_OK
