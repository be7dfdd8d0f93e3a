"""Every protected service method against every role — generated from the registry, not hand-picked.

``@requires`` enters each decorated method in ``auth.REGISTRY``; this file imports every module of
``counter_app.services`` and builds one test per (method, role). The method is called for real,
with *tripwires* for ``self`` and every argument: any use of them (an attribute, ``str()``, a
comparison) raises :class:`ReachedBody`. So

- an allowed role must reach the body (the tripwire fires), and
- any other role must get :class:`PermissionDenied` with no tripwire touched: refused before any
  side effect, because the body never ran.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest

import counter_app.services as services_pkg
from counter_app.services.auth import PermissionDenied, Role, Session, SessionLocked, registered_actions


def _import_every_service_module() -> None:
    for info in pkgutil.iter_modules(services_pkg.__path__):
        importlib.import_module(f"{services_pkg.__name__}.{info.name}")


_import_every_service_module()
ACTIONS = registered_actions()


class ReachedBody(BaseException):
    """Raised by a tripwire: the method body ran. BaseException so no ``except Exception`` hides it."""


class Tripwire:
    def __init__(self, label: str):
        object.__setattr__(self, "_label", label)
        object.__setattr__(self, "touched", False)

    def _fire(self, *_args, **_kwargs):
        object.__setattr__(self, "touched", True)
        raise ReachedBody(self._label)

    def __getattr__(self, name):
        self._fire()

    def __setattr__(self, name, value):
        self._fire()

    def __repr__(self) -> str:  # pytest shows it in reports: must stay harmless
        return f"<tripwire {self._label}>"

    __str__ = __bool__ = __len__ = __iter__ = __hash__ = __eq__ = __ne__ = __lt__ = __gt__ = _fire
    __int__ = __index__ = __float__ = __format__ = __getitem__ = __contains__ = __call__ = _fire
    __enter__ = __add__ = __radd__ = __fspath__ = __bytes__ = _fire


def _session(role: Role) -> Session:
    now = dt.datetime(2025, 3, 7, 8, 0, tzinfo=dt.UTC)
    return Session("user-1", f"a-{role.value}", role, "C-TEST-01", now, now, clock=lambda: now)


def _call(action, session):
    """Call the protected method with tripwires; returns the tripwires to inspect."""
    me = Tripwire("self")
    args, kwargs, wires = [], {}, [me]
    params = list(inspect.signature(action.function).parameters.values())[2:]
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty:
            continue
        wire = Tripwire(p.name)
        wires.append(wire)
        if p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = wire
        else:
            args.append(wire)
    method = getattr(inspect.getmodule(action.function), action.function.__qualname__.split(".")[0])
    bound = inspect.getattr_static(method, action.function.__name__)
    return bound, me, args, kwargs, wires


def test_the_registry_holds_the_security_services():
    names = {a.name for a in ACTIONS}
    for expected in ("counter_app.services.users.UserService.add",
                     "counter_app.services.approvals.ApprovalService.decide",
                     "counter_app.services.audit.AuditService.verify",
                     "counter_app.services.rekey.RekeyService.rekey",
                     "counter_app.services.retention.RetentionService.purge"):
        assert expected in names


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name.removeprefix("counter_app.services."))
def test_each_role_against_each_service_method(action, role):
    session = _session(role)
    method, me, args, kwargs, wires = _call(action, session)
    if role in action.roles:
        with pytest.raises(ReachedBody):
            method(me, session, *args, **kwargs)
    else:
        with pytest.raises(PermissionDenied) as refused:
            method(me, session, *args, **kwargs)
        assert not any(w.touched for w in wires), "refused only after the body had started"
        problem = refused.value.problem
        assert problem.code == "auth.permission_denied"
        assert action.zh in problem.zh and role.zh in problem.zh
        assert all(r.zh in problem.zh for r in action.roles)
        assert action.en in problem.en and all(r.value in problem.en for r in action.roles)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name.removeprefix("counter_app.services."))
def test_a_locked_session_reaches_no_service_method(action):
    session = _session(action.roles[0])
    session.locked = True
    method, me, args, kwargs, wires = _call(action, session)
    with pytest.raises(SessionLocked):
        method(me, session, *args, **kwargs)
    assert not any(w.touched for w in wires)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name.removeprefix("counter_app.services."))
def test_a_call_without_a_session_is_refused(action):
    method, me, args, kwargs, wires = _call(action, None)
    with pytest.raises(PermissionDenied):
        method(me, "supervisor", *args, **kwargs)
    assert not any(w.touched for w in wires)


def test_a_clerk_calling_a_supervisor_service_is_told_precisely_why(store, clock):
    from counter_app.services.users import UserService

    clerk = Session("u-9", "li", Role.CLERK, "C-TEST-01", clock(), clock(), clock=clock)
    with pytest.raises(PermissionDenied) as refused:
        UserService(store, clock=clock).add(clerk, "newbie", Role.CLERK)
    assert refused.value.message("zh") == (
        "当前角色“柜员”无权执行“添加用户”（counter_app.services.users.UserService.add），只有主管可以执行。")
    assert refused.value.message("en") == (
        "the role 'clerk' may not add a user (counter_app.services.users.UserService.add); allowed: supervisor.")
