"""Who may do what: roles, sessions, and the permission check every service method states.

Three roles use a counter: clerks issue cards, supervisors review totals and exceptions and
manage users, technicians look after devices and diagnostics. The check lives here, in the
service layer, so that a hidden button is never the only thing between a role and an action:

.. code-block:: python

    class UserService:
        @requires(Role.SUPERVISOR, zh="添加用户", en="add a user")
        def add(self, session: Session, ...): ...

:func:`requires` checks, before the method body runs (so before any side effect), that the
session is a :class:`Session`, that it is not locked (idle too long: :class:`SessionLocked`) and
that its role is one of those named (else :class:`PermissionDenied`, naming the action and the
roles allowed); then it records the activity. Every decorated method is entered in
:data:`REGISTRY`, from which the permission-matrix test is generated: a method cannot escape the
test by being forgotten in a list.

A :class:`Session` is what a login gives (``AuthService.login`` in :mod:`counter_app.services.login`,
which imports this module; this one imports nothing of the services, so the two make no cycle).
Role changes and disabling a user take effect at the user's next login or unlock: a session
carries the role it was opened with.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from counter_app.domain.problems import DomainError, Problem, pick
from counter_app.store.clock import utc_now

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_IDLE_LOCK = dt.timedelta(minutes=10)


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    TECHNICIAN = "technician"

    @property
    def zh(self) -> str:
        return _ROLE_ZH[self]

    def label(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.value)


_ROLE_ZH = {Role.CLERK: "柜员", Role.SUPERVISOR: "主管", Role.TECHNICIAN: "技术员"}


@dataclass(eq=False)
class Session:
    """One logged-in user at one counter. Mutable on purpose: activity and locking change it.

    ``clock`` is the time source of the idle check (tests fix it). A session idle longer than
    ``idle_limit`` locks itself at the next check and needs the password again
    (``AuthService.unlock``); a closed session (logged out) never opens again.
    """

    user_id: str | None
    username: str
    role: Role
    counter_id: str
    started_at: dt.datetime
    last_activity: dt.datetime
    idle_limit: dt.timedelta = DEFAULT_IDLE_LOCK
    locked: bool = False
    closed: bool = False
    clock: Callable[[], dt.datetime] = field(default=utc_now, repr=False)

    @classmethod
    def local_operator(cls, counter_id: str = "", *, clock: Callable[[], dt.datetime] = utc_now) -> Session:
        """The session of the command line's everyday commands (issuance, card, print, report, sync): whoever
        can run ``counter-app`` as the app's OS user acts as a supervisor there, named ``os:<login name>`` in
        the audit trail. Not for the commands that change users, keys or trust: those log a person in like
        the GUI (:mod:`counter_app.cli.login`)."""
        now = clock()
        try:
            who = getpass.getuser()
        except Exception:  # no login name in a container: still say it was the operator
            who = "unknown"
        return cls(None, f"os:{who}", Role.SUPERVISOR, counter_id, now, now,
                   idle_limit=dt.timedelta(days=1), clock=clock)

    @property
    def actor(self) -> str:
        """How the audit trail and events name this user."""
        return self.username

    def idle_for(self, now: dt.datetime | None = None) -> dt.timedelta:
        return (now or self.clock()) - self.last_activity

    def check_open(self) -> None:
        """Raise :class:`SessionLocked` if the session is closed, locked, or has now been idle
        too long (which locks it)."""
        if self.closed:
            raise SessionClosed(self.username)
        if not self.locked and self.idle_for() > self.idle_limit:
            self.locked = True
        if self.locked:
            raise SessionLocked(self.username, self.idle_limit)

    def touch(self) -> None:
        """Record activity now (the idle clock starts again). Checks the session first."""
        self.check_open()
        self.last_activity = self.clock()


# --- errors --------------------------------------------------------------------------------------

class PermissionDenied(DomainError):
    """The session's role may not take this action. Names the action and the roles that may."""

    def __init__(self, action: str, action_zh: str, action_en: str, role: Role | str | None,
                 allowed: tuple[Role, ...]):
        self.action = action
        self.role = role
        self.allowed = allowed
        allowed_zh = "、".join(r.zh for r in allowed)
        allowed_en = ", ".join(r.value for r in allowed)
        if isinstance(role, Role):
            who_zh, who_en = f"当前角色“{role.zh}”", f"the role '{role.value}'"
        else:
            who_zh, who_en = "未登录的调用", "a caller without a session"
        super().__init__(Problem(
            "auth.permission_denied",
            f"{who_zh}无权执行“{action_zh}”（{action}），只有{allowed_zh}可以执行。",
            f"{who_en} may not {action_en} ({action}); allowed: {allowed_en}.",
        ))


class SeparationOfDuties(DomainError):
    """A person would approve their own exception request."""

    def __init__(self, username: str, what_zh: str, what_en: str):
        self.username = username
        super().__init__(Problem(
            "auth.separation_of_duties",
            f"不能审批自己提出的申请（{what_zh}）：请由另一位主管审批。",
            f"You cannot decide your own request ({what_en}): another supervisor must decide it.",
        ))


class SessionLocked(DomainError):
    def __init__(self, username: str, idle_limit: dt.timedelta):
        self.username = username
        minutes = int(idle_limit.total_seconds() // 60)
        super().__init__(Problem(
            "auth.session_locked",
            f"会话已锁定（空闲超过 {minutes} 分钟或已手动锁定）：请重新输入密码解锁。",
            f"The session is locked (idle for more than {minutes} minutes, or locked by hand): "
            f"enter the password again to unlock it.",
        ))


class SessionClosed(DomainError):
    def __init__(self, username: str):
        self.username = username
        super().__init__(Problem(
            "auth.session_closed", "该会话已退出登录，请重新登录。", "This session was logged out: log in again.",
        ))


# --- the decorator and its registry --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ProtectedAction:
    """One service method under :func:`requires`: what the matrix test iterates over."""

    name: str                 # module.Class.method
    function: Callable[..., Any]
    roles: tuple[Role, ...]
    zh: str
    en: str

    def check(self, session: Any) -> Session:
        """The permission check alone (raises), without calling the method."""
        if not isinstance(session, Session):
            raise PermissionDenied(self.name, self.zh, self.en, None, self.roles)
        session.check_open()
        if session.role not in self.roles:
            raise PermissionDenied(self.name, self.zh, self.en, session.role, self.roles)
        return session


REGISTRY: dict[str, ProtectedAction] = {}


def requires(*roles: Role, zh: str | None = None, en: str | None = None) -> Callable[[F], F]:
    """Allow the decorated service method only to sessions of ``roles``.

    The method's first parameter after ``self`` must be ``session``. ``zh``/``en`` name the
    action in refusals (default: the method's name).
    """
    if not roles or not all(isinstance(r, Role) for r in roles):
        raise TypeError("requires() takes one or more Role values")

    def decorate(fn: F) -> F:
        params = list(inspect.signature(fn).parameters)
        if len(params) < 2 or params[1] != "session":
            raise TypeError(f"{fn.__qualname__}: the first parameter after self must be 'session'")
        name = f"{fn.__module__}.{fn.__qualname__}"
        action = ProtectedAction(name, fn, tuple(dict.fromkeys(roles)), zh or fn.__name__, en or fn.__name__)

        @functools.wraps(fn)
        def wrapper(self, session, *args, **kwargs):
            action.check(session)
            session.last_activity = session.clock()
            return fn(self, session, *args, **kwargs)

        wrapper.protected_action = action  # type: ignore[attr-defined]
        REGISTRY[name] = action
        return wrapper  # type: ignore[return-value]

    return decorate


def registered_actions() -> list[ProtectedAction]:
    """Every protected service method of the modules imported so far, by name."""
    return [REGISTRY[k] for k in sorted(REGISTRY)]


def same_person(a_user_id: str | None, a_username: str, b_user_id: str | None, b_username: str) -> bool:
    """Whether two acts were by one person: by user id when both have one, else by name."""
    if a_user_id and b_user_id:
        return a_user_id == b_user_id
    return a_username.casefold() == b_username.casefold()
