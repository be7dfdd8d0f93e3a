"""Managing the people who log in: add, disable, enable, reset a password, list. Supervisors only.

There are no default passwords: a new user gets a generated password shown once to whoever
created them (or one they chose, checked for length). The first supervisor of a counter is
created with ``counter-app users add`` without a login, only while the counter has no user at all
(:meth:`UserService.add_first_supervisor`); every later change needs a supervisor's login.
A supervisor cannot disable themselves, so a counter is never left without the person who is
using it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.domain.problems import DomainError, Problem
from counter_app.logmask import mask
from counter_app.services.auth import Role, Session, requires, same_person
from counter_app.services.passwords import generate_password, hash_password, weakness
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.users import UserRecord, UserRepository

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


class UserProblem(DomainError):
    """A user change that cannot be made (bad name, unknown user, weak password, ...)."""

    def __init__(self, code: str, zh: str, en: str, field: str | None = None):
        super().__init__(Problem(code, zh, en, field=field))


@dataclass(frozen=True, slots=True)
class NewCredentials:
    """A user and the password to hand them, shown once and never stored in clear."""

    user: UserRecord
    password: str
    generated: bool


class UserService:
    def __init__(self, store: Store, *, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._clock = clock

    @requires(Role.SUPERVISOR, zh="添加用户", en="add a user")
    def add(self, session: Session, username: str, role: Role | str, display_name: str = "",
            password: str | None = None) -> NewCredentials:
        return self._insert(session.actor, session.counter_id, username, role, display_name, password,
                            first=False)

    def add_first_supervisor(self, operator: str, counter_id: str, username: str, display_name: str = "",
                             password: str | None = None) -> NewCredentials:
        """The bootstrap of a counter: its first user, a supervisor, made without a login.

        Allowed only while the ``users`` table is empty — checked in the same transaction as the insert,
        so two runs at once cannot both pass. ``operator`` names who ran it (``os:<login name>``) in the
        audit trail. Every later user is added by a logged-in supervisor (:meth:`add`)."""
        return self._insert(operator, counter_id, username, Role.SUPERVISOR, display_name, password, first=True)

    def _insert(self, actor: str, counter_id: str, username: str, role: Role | str, display_name: str,
                password: str | None, *, first: bool) -> NewCredentials:
        username = (username or "").strip().lower()
        if not USERNAME_RE.match(username):
            raise UserProblem("user.bad_username",
                              "用户名须为 2–32 位小写字母、数字或 . _ -，以字母开头。",
                              "A user name is 2–32 lower-case letters, digits or . _ -, starting with a letter.",
                              "username")
        try:
            role = Role(role)
        except ValueError:
            raise UserProblem("user.bad_role", f"未知角色：{role}。", f"Unknown role: {role}.", "role") from None
        generated = password is None
        password = generate_password() if password is None else password
        _check_password(password)
        now = self._clock()
        with self._store.transaction() as db:
            users = UserRepository(db)
            if first and users.all():
                raise UserProblem("user.not_first",
                                  "本柜台已有用户：请以主管身份登录后添加（--user 用户名 --password-stdin）。",
                                  "This counter already has users: log in as a supervisor to add one "
                                  "(--user NAME --password-stdin).")
            if users.by_username(username) is not None:
                raise UserProblem("user.exists", f"用户 {username} 已存在。", f"The user {username} already exists.",
                                  "username")
            user_id = str(uuid.uuid4())
            users.insert(user_id, username, (display_name or username).strip(), role.value,
                         hash_password(password), now)
            detail = {"user_id": user_id, "username": username, "role": role.value}
            if first:
                detail["first_user"] = True
            AuditLog.append(db, actor, AuditAction.USER_ADDED, detail, counter_id=counter_id, at=now)
            user = users.by_id(user_id)
        assert user is not None
        return NewCredentials(user, password, generated)

    @requires(Role.SUPERVISOR, zh="停用用户", en="disable a user")
    def disable(self, session: Session, username: str) -> UserRecord:
        return self._set_disabled(session, username, True)

    @requires(Role.SUPERVISOR, zh="启用用户", en="enable a user")
    def enable(self, session: Session, username: str) -> UserRecord:
        return self._set_disabled(session, username, False)

    @requires(Role.SUPERVISOR, zh="重置密码", en="reset a password")
    def reset_password(self, session: Session, username: str, password: str | None = None) -> NewCredentials:
        """A new password (generated unless given); also lifts a lockout."""
        generated = password is None
        password = generate_password() if password is None else password
        _check_password(password)
        now = self._clock()
        with self._store.transaction() as db:
            users = UserRepository(db)
            user = _existing(users, username)
            users.set_password(user.id, hash_password(password))
            AuditLog.append(db, session.actor, AuditAction.USER_PASSWORD_RESET,
                            {"user_id": user.id, "username": user.username, "lockout_cleared": user.locked_until is not None},
                            counter_id=session.counter_id, at=now)
            user = users.by_id(user.id)
        assert user is not None
        return NewCredentials(user, password, generated)

    @requires(Role.SUPERVISOR, zh="查看用户列表", en="list the users")
    def list(self, session: Session) -> list[UserRecord]:
        return UserRepository(self._store.db).all()

    def _set_disabled(self, session: Session, username: str, disabled: bool) -> UserRecord:
        now = self._clock()
        with self._store.transaction() as db:
            users = UserRepository(db)
            user = _existing(users, username)
            if disabled and same_person(session.user_id, session.username, user.id, user.username):
                raise UserProblem("user.disable_self", "不能停用自己的账户。", "You cannot disable your own account.")
            if user.disabled != disabled:
                users.set_disabled(user.id, disabled)
                AuditLog.append(db, session.actor,
                                AuditAction.USER_DISABLED if disabled else AuditAction.USER_ENABLED,
                                {"user_id": user.id, "username": user.username},
                                counter_id=session.counter_id, at=now)
            user = users.by_id(user.id)
        assert user is not None
        return user


def _existing(users: UserRepository, username: str) -> UserRecord:
    user = users.by_username((username or "").strip().lower())
    if user is None:
        shown = mask(username or "")  # something typed in the wrong field may be an ID number
        raise UserProblem("user.unknown", f"没有用户 {shown}。", f"There is no user {shown}.", "username")
    return user


def _check_password(password: str) -> None:
    why = weakness(password)
    if why is not None:
        raise UserProblem("user.weak_password", why[0], why[1], "password")
