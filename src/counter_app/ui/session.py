"""Sign-in for the GUI: the :class:`~counter_app.services.login.AuthService` on the database worker.

Password hashing (scrypt) takes a noticeable fraction of a second, so login, unlock and the
activity ``touch`` run on the database worker, never on the GUI thread. The session object the
service returns travels back to the GUI thread and is only read there (``username``, ``role``).
"""

from __future__ import annotations


def job_login(username: str, password: str):
    def job(ctx, _report):
        return ctx.auth.login(username, password)
    return job


def job_unlock(session, password: str):
    def job(ctx, _report):
        return ctx.auth.unlock(session, password)
    return job


def job_logout(session):
    def job(ctx, _report):
        ctx.auth.logout(session)
    return job


def role_of(session) -> str:
    role = getattr(session, "role", "")
    return str(getattr(role, "value", role))
