"""``central-ledger staff|halls ...``: staff accounts of the district console, and the halls.

    central-ledger staff add --db URL --username U --role R [--hall H] --password-stdin [--json]
    central-ledger staff disable --db URL --username U [--json]
    central-ledger staff enable --db URL --username U [--json]
    central-ledger staff reset --db URL --username U --password-stdin [--json]   (also unlocks)
    central-ledger staff list --db URL [--json]
    central-ledger staff token --db URL --username U [--hours 8] [--json]        (prints a bearer token)
    central-ledger halls add --db URL --id H --name NAME [--township CODE] [--json]
    central-ledger halls list --db URL [--json]

Passwords are read from standard input (one line), never from the command line where ``ps`` and the shell's
history would show them. Refusals exit 1 with a message in Chinese and English.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from central_ledger.cli_common import emit as _emit
from central_ledger.cli_common import with_storage as _with_storage
from central_ledger.principal import ROLES
from central_ledger.storage import Storage


def _read_password() -> str:
    """One line of standard input, without its line end (a password may hold inner spaces)."""
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise ValueError("标准输入中没有密码 / no password on standard input")
    return password


def _directory(storage: Storage):  # noqa: ANN202 - StaffDirectory, imported late like the other commands
    from central_ledger.staff import StaffDirectory

    return StaffDirectory(storage)


def cmd_staff_add(args: argparse.Namespace) -> int:
    password = _read_password()
    member = _with_storage(args, lambda s: _directory(s).add(args.username, args.role, args.hall, password))
    where = f" ({member.hall_id})" if member.hall_id else ""
    _emit(args, member.as_json(),
          f"工作人员 {member.username} 已添加，角色 {member.role}{where} / staff member {member.username} added as "
          f"{member.role}{where}")
    return 0


def cmd_staff_disable(args: argparse.Namespace) -> int:
    _with_storage(args, lambda s: _directory(s).disable(args.username))
    _emit(args, {"username": args.username, "status": "disabled"},
          f"工作人员 {args.username} 已停用，会话与令牌已失效 / staff member {args.username} disabled, "
          f"sessions and tokens ended")
    return 0


def cmd_staff_enable(args: argparse.Namespace) -> int:
    _with_storage(args, lambda s: _directory(s).enable(args.username))
    _emit(args, {"username": args.username, "status": "active"},
          f"工作人员 {args.username} 已启用 / staff member {args.username} enabled")
    return 0


def cmd_staff_reset(args: argparse.Namespace) -> int:
    password = _read_password()
    _with_storage(args, lambda s: _directory(s).reset_password(args.username, password))
    _emit(args, {"username": args.username, "reset": True},
          f"工作人员 {args.username} 的密码已重设并解锁 / password of {args.username} reset, account unlocked")
    return 0


def cmd_staff_list(args: argparse.Namespace) -> int:
    members = _with_storage(args, lambda s: _directory(s).list())
    lines = [f"{m.username}\t{m.role}\thall={m.hall_id or '-'}\t{m.status}"
             f"{chr(9) + 'locked_until=' + m.locked_until if m.locked_until else ''}"
             f"\tlast_login={m.last_login_at or '-'}" for m in members]
    _emit(args, [m.as_json() for m in members], "\n".join(lines) or "（没有工作人员 / no staff）")
    return 0


def cmd_staff_token(args: argparse.Namespace) -> int:
    token, expires = _with_storage(args, lambda s: _directory(s).issue_token_until(args.username, args.hours))
    _emit(args, {"username": args.username, "token": token, "expires_at": expires}, token)
    if not args.json:
        print(f"有效至 / valid until {expires} (Authorization: Bearer <token>)", file=sys.stderr)
    return 0


def cmd_halls_add(args: argparse.Namespace) -> int:
    from central_ledger.halls import add_hall

    hall = _with_storage(args, lambda s: add_hall(s, args.id, args.name, args.township))
    _emit(args, hall.as_json(), f"大厅 {hall.hall_id} 已添加 / hall {hall.hall_id} added: {hall.name}")
    return 0


def cmd_halls_list(args: argparse.Namespace) -> int:
    from central_ledger.halls import list_halls

    halls = _with_storage(args, list_halls)
    lines = [f"{h.hall_id}\t{h.name}\ttownship={h.township_code or '-'}\tcounters={','.join(h.counters) or '-'}"
             for h in halls]
    _emit(args, [h.as_json() for h in halls], "\n".join(lines) or "（没有大厅 / no halls）")
    return 0


def register(sub: argparse._SubParsersAction, db_args: Callable[..., None]) -> None:
    """Add this module's commands to ``central-ledger``'s parser (``db_args(p)`` adds --db and --json)."""
    staff = sub.add_parser("staff", help="staff accounts of the district console (roles, passwords, tokens)")
    ssub = staff.add_subparsers(dest="staff_command", required=True)

    def username(p: argparse.ArgumentParser) -> None:
        db_args(p)
        p.add_argument("--username", required=True)

    def password_stdin(p: argparse.ArgumentParser) -> None:
        p.add_argument("--password-stdin", action="store_true", required=True,
                       help="read the password from standard input (one line, at least 10 characters)")

    add = ssub.add_parser("add", help="add an account")
    username(add)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--hall", default=None, help="the hall of a hall_supervisor (required for that role only)")
    password_stdin(add)
    add.set_defaults(func=cmd_staff_add)
    disable = ssub.add_parser("disable", help="refuse further sign-ins; end its sessions and tokens")
    username(disable)
    disable.set_defaults(func=cmd_staff_disable)
    enable = ssub.add_parser("enable", help="allow sign-ins again")
    username(enable)
    enable.set_defaults(func=cmd_staff_enable)
    reset = ssub.add_parser("reset", help="set a new password (also unlocks; ends its sessions)")
    username(reset)
    password_stdin(reset)
    reset.set_defaults(func=cmd_staff_reset)
    lst = ssub.add_parser("list", help="list the accounts")
    db_args(lst)
    lst.set_defaults(func=cmd_staff_list)
    token = ssub.add_parser("token", help="print a bearer token with the account's rights, for scripts")
    username(token)
    token.add_argument("--hours", type=float, default=8.0, help="validity in hours (default 8)")
    token.set_defaults(func=cmd_staff_token)

    halls = sub.add_parser("halls", help="service halls (each counter belongs to one)")
    hsub = halls.add_subparsers(dest="halls_command", required=True)
    hadd = hsub.add_parser("add", help="add a hall")
    db_args(hadd)
    hadd.add_argument("--id", required=True)
    hadd.add_argument("--name", required=True)
    hadd.add_argument("--township", default=None, metavar="CODE", help="the township it stands in (population code)")
    hadd.set_defaults(func=cmd_halls_add)
    hlist = hsub.add_parser("list", help="list the halls and their counters")
    db_args(hlist)
    hlist.set_defaults(func=cmd_halls_list)
