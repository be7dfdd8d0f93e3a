"""The login of the commands that change who may do what: users, keys and the trusted CA.

The command line is not a back door. ``counter-app users …``, ``db rekey``, ``db purge``, ``ca install``
and ``card cert ca --forget`` act as a person who logs in exactly as at the GUI:

    printf '%s\\n' "$PASSWORD" | counter-app users add --user wang --password-stdin --username li --role clerk

``--user NAME`` names the account; the password is the first line of standard input with
``--password-stdin`` (or typed at a prompt when standard input is a terminal) — never an argument, which
other users of the machine could read from the process list. The password is checked by
:class:`~counter_app.services.login.AuthService` (the same lockout counting as the GUI, every outcome
audited), and the service method then checks the role (:func:`~counter_app.services.auth.requires`): a
clerk's login gets the same refusal as at the GUI. The audit trail names the person who logged in; the
session is logged out when the command ends.

Only the very first user of a counter (an empty ``users`` table) is made without a login:
:meth:`UserService.add_first_supervisor`.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from counter_app.cli.context import EXIT_INVALID, CliFail
from counter_app.services.auth import Session

if TYPE_CHECKING:
    from counter_app.services.container import CounterServices

EXIT_LOGIN = 1  # a refused login is bad input, like any other


def add_login_arguments(parser) -> None:
    """``--user`` and ``--password-stdin`` on a command that needs a supervisor's (or technician's) login."""
    parser.add_argument("--user", metavar="NAME",
                        help="登录用户名（主管或技术员） the user who logs in to run this command")
    parser.add_argument("--password-stdin", action="store_true",
                        help="从标准输入第一行读取登录密码 read the login password from the first line of stdin")


def read_login_password(args, ctx) -> str:
    """The login password: stdin's first line with ``--password-stdin``, else a prompt on a terminal."""
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise CliFail("标准输入中没有密码（--password-stdin）。", "no password on standard input (--password-stdin).",
                          EXIT_INVALID)
        return line.rstrip("\r\n")
    if sys.stdin.isatty():
        return getpass.getpass(ctx.t(f"{args.user} 的密码：", f"password of {args.user}: "))
    raise CliFail("请用 --password-stdin 从标准输入提供密码（密码不能作为参数）。",
                  "give the password on standard input with --password-stdin (never as an argument).", EXIT_INVALID)


def require_user(args) -> str:
    if not getattr(args, "user", None):
        raise CliFail(
            "该命令需要登录：--user 用户名 --password-stdin（密码从标准输入读取），由主管或技术员执行。",
            "this command needs a login: --user NAME --password-stdin (the password on standard input), "
            "by a supervisor or technician.", EXIT_INVALID)
    return args.user


@contextmanager
def logged_in(ctx, args, services: CounterServices) -> Iterator[Session]:
    """A session of ``--user`` for the length of one command, checked like a GUI login (the services'
    ``auth``); logged out after. Login refusals (wrong password, locked, disabled) reach ``cli.main`` as
    the service's errors (exit 1)."""
    username = require_user(args)
    password = read_login_password(args, ctx)
    auth = services.auth
    try:
        session = auth.login(username, password)
    finally:
        password = ""  # noqa: F841 - drop the reference as soon as it is checked
    try:
        yield session
    finally:
        auth.logout(session)
