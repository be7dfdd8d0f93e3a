"""``counter-app users add|disable|enable|reset-password|list``: the people who log in.

Every command here needs a supervisor's login (:mod:`counter_app.cli.login`): ``--user NAME`` and the
password as the first line of standard input with ``--password-stdin``. The audit trail names that
supervisor. The one exception is the counter's very first user, made while it has no user at all —
that is how the first supervisor is created (there are no default passwords):

    counter-app users add --username wang --role supervisor --display-name 王主管

prints a generated password once (or reads it from stdin with ``--new-password-stdin``). Afterwards:

    printf '%s\n' "$WANG_PASSWORD" | counter-app users add --user wang --password-stdin --username li --role clerk

``--new-password-stdin`` (add, reset-password) reads the new user's password from the next line of stdin,
after the login password.
"""

from __future__ import annotations

import sys

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail
from counter_app.cli.login import add_login_arguments, logged_in
from counter_app.services.auth import Role


def register(subparsers) -> None:
    p = subparsers.add_parser("users", help="用户管理 users and roles")
    sub = p.add_subparsers(dest="users_command", metavar="<users command>", required=True)

    add = sub.add_parser("add", help="添加用户 add a user (prints the generated password once)")
    add.add_argument("--username", required=True, help="用户名 user name (a-z 0-9 . _ -)")
    add.add_argument("--role", required=True, choices=[r.value for r in Role], help="角色 role")
    add.add_argument("--display-name", default="", help="显示名 display name")
    add.add_argument("--new-password-stdin", action="store_true",
                     help="从标准输入读取新用户的密码 read the new user's password from stdin (after the login password)")
    add_login_arguments(add)
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_add)

    for name, func, help_ in (("disable", cmd_disable, "停用用户 disable a user"),
                              ("enable", cmd_enable, "启用用户 enable a user")):
        q = sub.add_parser(name, help=help_)
        q.add_argument("username")
        add_login_arguments(q)
        q.set_defaults(func=func)

    reset = sub.add_parser("reset-password", help="重置密码并解除锁定 reset a password (also lifts a lockout)")
    reset.add_argument("username")
    reset.add_argument("--new-password-stdin", action="store_true",
                       help="从标准输入读取新密码 read the new password from stdin (after the login password)")
    add_login_arguments(reset)
    reset.add_argument("--json", action="store_true")
    reset.set_defaults(func=cmd_reset)

    ls = sub.add_parser("list", help="列出用户 list the users")
    add_login_arguments(ls)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)


def _run(ctx, args, action):
    """Open the store, log ``--user`` in, run ``action(service, session)`` (its errors reach ``cli.main``).

    The login password is read first (stdin's first line), then ``action`` may read the new password."""
    with ctx.services() as services, logged_in(ctx, args, services) as session:
        return action(services.users, session)


def _first_supervisor(ctx, args):
    """``users add`` without ``--user``: allowed only for the first user of the counter, a supervisor."""
    from counter_app.services.auth import Session

    if args.password_stdin:
        raise CliFail("--password-stdin 是登录密码，须与 --user 一起使用；新用户的密码用 --new-password-stdin。",
                      "--password-stdin is the login password and goes with --user; the new user's password is "
                      "--new-password-stdin.", EXIT_INVALID)
    with ctx.services() as services:
        service = services.users
        if args.role != Role.SUPERVISOR.value:
            raise CliFail(
                "添加用户需要主管登录：--user 用户名 --password-stdin（本柜台的第一个用户须是主管，可不登录创建）。",
                "adding a user needs a supervisor's login: --user NAME --password-stdin (only the counter's "
                "first user, a supervisor, is made without one).", EXIT_INVALID)
        password = _new_password(args)
        operator = Session.local_operator().username  # os:<login name>, who bootstrapped the counter
        return service.add_first_supervisor(operator, str(ctx.settings["counter.id"]), args.username,
                                            args.display_name, password)


def _new_password(args) -> str | None:
    if not args.new_password_stdin:
        return None
    line = sys.stdin.readline()
    if not line:
        raise CliFail("标准输入中没有新密码（--new-password-stdin）。", "no new password on standard input "
                      "(--new-password-stdin).", EXIT_INVALID)
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
    if args.user:
        creds = _run(ctx, args, lambda svc, s: svc.add(s, args.username, args.role, args.display_name,
                                                       _new_password(args)))
    else:
        creds = _first_supervisor(ctx, args)
    _print_credentials(ctx, args, creds)
    return EXIT_OK


def cmd_reset(args, ctx) -> int:
    creds = _run(ctx, args, lambda svc, s: svc.reset_password(s, args.username, _new_password(args)))
    _print_credentials(ctx, args, creds)
    return EXIT_OK


def cmd_disable(args, ctx) -> int:
    user = _run(ctx, args, lambda svc, s: svc.disable(s, args.username))
    print(ctx.t(f"用户 {user.username} 已停用", f"user {user.username} disabled"))
    return EXIT_OK


def cmd_enable(args, ctx) -> int:
    user = _run(ctx, args, lambda svc, s: svc.enable(s, args.username))
    print(ctx.t(f"用户 {user.username} 已启用", f"user {user.username} enabled"))
    return EXIT_OK


def cmd_list(args, ctx) -> int:
    users = _run(ctx, args, lambda svc, s: svc.list(s))
    if args.json:
        ctx.emit_json([u.as_public_dict() for u in users])
        return EXIT_OK
    if not users:
        print(ctx.t("没有用户。", "no users."))
    for u in users:
        state = []
        if u.disabled:
            state.append(ctx.t("已停用", "disabled"))
        if u.locked_until is not None:
            state.append(ctx.t(f"锁定至 {u.locked_until:%Y-%m-%d %H:%M}Z", f"locked until {u.locked_until:%Y-%m-%d %H:%M}Z"))
        role = Role(u.role).label(ctx.lang) if u.role in Role._value2member_map_ else u.role
        print(f"{u.username:<20} {role:<12} {u.display_name}" + (f"  [{', '.join(state)}]" if state else ""))
    return EXIT_OK
