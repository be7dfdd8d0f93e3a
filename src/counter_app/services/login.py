"""Logging in and out, locking out, and unlocking an idle session.

- A wrong password counts against the user; the ``lockout_attempts``-th failure in a row locks
  the account for ``lockout_minutes`` (audited as a lockout). While locked, even the right
  password is refused, with the time the lock ends. A successful login clears the count; so does
  a password reset by a supervisor (``UserService.reset_password``), which is how a locked-out
  user gets back before the time is up.
- An unknown user name costs the same scrypt work as a wrong password and gets the same answer,
  so the login screen does not tell which user names exist. Its audit row never holds the name typed
  (it may be a password typed into the wrong field): only its length and :func:`attempted_name_digest`,
  HMAC-SM3 under a key derived from the district index key, so repeated attempts with one name can be
  told apart from many names without the name being readable from the database.
- A session idle longer than ``idle_lock_minutes`` locks at its next use (:class:`Session`);
  :meth:`AuthService.unlock` opens it again with the same user's password. Failures there count
  like failed logins.

Every outcome is one transaction with its audit row, and the exception (if any) is raised after
the commit: a failed login must be recorded even though it fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from counter_app.domain.problems import DomainError, Problem
from counter_app.logmask import clear_sensitive
from counter_app.services.auth import Role, Session
from counter_app.services.passwords import dummy_verify, hash_password, needs_rehash, verify_password
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.users import UserRecord, UserRepository


@dataclass(frozen=True, slots=True)
class AuthSettings:
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    idle_lock_minutes: int = 10

    @classmethod
    def from_settings(cls, settings: Any) -> AuthSettings:
        return cls(int(settings["security.lockout_attempts"]), int(settings["security.lockout_minutes"]),
                   int(settings["security.idle_lock_minutes"]))


class LoginFailed(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem("auth.login_failed", "用户名或密码错误。", "Wrong user name or password."))


class AccountLocked(DomainError):
    def __init__(self, username: str, until: dt.datetime):
        self.username = username
        self.until = until
        local = until.astimezone().strftime("%H:%M")
        super().__init__(Problem(
            "auth.account_locked",
            f"密码错误次数过多，账户已锁定至 {local}。如需提前解锁，请主管重置密码。",
            f"Too many wrong passwords: the account is locked until {local}. "
            f"A supervisor can reset the password to unlock it sooner.",
        ))


class AccountDisabled(DomainError):
    def __init__(self, username: str):
        self.username = username
        super().__init__(Problem(
            "auth.account_disabled", "该账户已停用，请联系主管。", "This account is disabled; ask a supervisor.",
        ))


LOGIN_NAME_KEY_LABEL = b"counter-app/audit/attempted-login-name/v1"


def attempted_name_digest(typed: str) -> dict[str, object]:
    """What the audit keeps of a user name that matched no user: its length (in characters, after NFKC)
    and ``username_hmac``, the first 16 bytes (hex) of HMAC-SM3(K, name) with
    K = HMAC-SM3(district index key, :data:`LOGIN_NAME_KEY_LABEL`) — keyed, so a short name or a password
    typed into the name field cannot be found by hashing guesses without the key file."""
    import unicodedata

    from counter_app.store import sealing

    name = unicodedata.normalize("NFKC", typed or "").strip()
    out: dict[str, object] = {"username_length": len(name)}
    if sealing.is_configured():
        key = sealing.hmac_sm3(sealing.active_keys().index_key, LOGIN_NAME_KEY_LABEL)
        out["username_hmac"] = sealing.hmac_sm3(key, name.encode("utf-8"))[:16].hex()
    return out


class AuthService:
    """Logins against the counter's ``users`` table. ``clock`` returns an aware datetime."""

    def __init__(self, store: Store, settings: AuthSettings | None = None, *, counter_id: str = "",
                 clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._settings = settings or AuthSettings()
        self._counter_id = counter_id
        self._clock = clock

    def login(self, username: str, password: str) -> Session:
        """A new session for the user; raises :class:`LoginFailed`, :class:`AccountLocked` or
        :class:`AccountDisabled` (each audited)."""
        username = (username or "").strip()
        now = self._clock()
        with self._store.transaction() as db:
            users = UserRepository(db)
            user = users.by_username(username) if username else None
            if user is None:
                dummy_verify(password)
                self._audit(db, "anonymous", AuditAction.LOGIN_FAILED, now,
                            {**attempted_name_digest(username), "reason": "unknown_user"})
                error: DomainError = LoginFailed()
            else:
                error = self._check_password(db, users, user, password, now, AuditAction.LOGIN_FAILED)
                if error is None and user.disabled:
                    self._audit(db, user.username, AuditAction.LOGIN_REFUSED, now, {"reason": "disabled"})
                    error = AccountDisabled(user.username)
                if error is None:
                    if needs_rehash(user.password_hash):
                        users.set_password(user.id, hash_password(password))
                    self._audit(db, user.username, AuditAction.LOGIN, now, {"role": user.role})
        if error is not None:
            raise error
        assert user is not None
        return Session(user.id, user.username, Role(user.role), self._counter_id, now, now,
                       idle_limit=dt.timedelta(minutes=self._settings.idle_lock_minutes), clock=self._clock)

    def logout(self, session: Session) -> None:
        """End the session (also a locked one: walking away must always be possible)."""
        if session.closed:
            return
        with self._store.transaction() as db:
            self._audit(db, session.actor, AuditAction.LOGOUT, self._clock(), {}, session=session)
        session.closed = True
        clear_sensitive(session)  # the applicants' data this session registered with the log mask

    def lock(self, session: Session) -> None:
        """Lock the session at once (the clerk steps away)."""
        if session.closed or session.locked:
            return
        session.locked = True
        with self._store.transaction() as db:
            self._audit(db, session.actor, AuditAction.SESSION_LOCKED, self._clock(), {"reason": "manual"},
                        session=session)

    def unlock(self, session: Session, password: str) -> Session:
        """Open a locked (or idle) session again with its user's password."""
        if session.closed:
            session.check_open()  # raises SessionClosed
        now = self._clock()
        error: DomainError | None
        with self._store.transaction() as db:
            users = UserRepository(db)
            user = users.by_id(session.user_id) if session.user_id else None
            if user is None:
                dummy_verify(password)
                error = LoginFailed()
            else:
                error = self._check_password(db, users, user, password, now, AuditAction.UNLOCK_FAILED,
                                             session=session)
                if error is None and user.disabled:
                    self._audit(db, user.username, AuditAction.LOGIN_REFUSED, now, {"reason": "disabled"},
                                session=session)
                    error = AccountDisabled(user.username)
                if error is None:
                    self._audit(db, user.username, AuditAction.UNLOCK, now, {}, session=session)
        if error is not None:
            raise error
        session.locked = False
        session.last_activity = now
        return session

    def touch(self, session: Session) -> None:
        """Record activity (the GUI calls it on input); raises SessionLocked when already idle."""
        session.touch()

    # --- the password check, with its counting ---------------------------------------------------

    def _check_password(self, db, users: UserRepository, user: UserRecord, password: str, now: dt.datetime,
                        failure: AuditAction, session: Session | None = None) -> DomainError | None:
        if user.locked_until is not None and user.locked_until > now:
            dummy_verify(password)
            self._audit(db, user.username, AuditAction.LOGIN_REFUSED, now,
                        {"reason": "locked", "locked_until": to_db_time(user.locked_until)}, session=session)
            return AccountLocked(user.username, user.locked_until)
        if verify_password(password, user.password_hash):
            users.record_success(user.id)
            return None
        # An expired lock starts the count again.
        failed = (0 if user.locked_until is not None else user.failed_logins) + 1
        if failed >= self._settings.lockout_attempts:
            until = now + dt.timedelta(minutes=self._settings.lockout_minutes)
            users.record_failure(user.id, 0, until)
            self._audit(db, user.username, failure, now, {"attempt": failed}, session=session)
            self._audit(db, user.username, AuditAction.LOCKOUT, now,
                        {"attempts": failed, "locked_until": to_db_time(until)}, session=session)
            return AccountLocked(user.username, until)
        users.record_failure(user.id, failed, None)
        self._audit(db, user.username, failure, now, {"attempt": failed}, session=session)
        return LoginFailed()

    def _audit(self, db, actor: str, action: AuditAction, at: dt.datetime, detail: dict,
               session: Session | None = None) -> None:
        counter = session.counter_id if session is not None else self._counter_id
        AuditLog.append(db, actor, action, detail, counter_id=counter, at=at)
