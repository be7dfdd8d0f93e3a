"""Staff accounts of the district console (issue 21): who may sign in, with which role, and their sessions and
bearer tokens. Separate from counter enrolment: a counter signs its requests, a person signs in here.

- Passwords are hashed with scrypt in the counters' stored form (``scrypt$<log2 n>$<r>$<p>$<salt>$<hash>``,
  copied from counter_app/services/passwords.py: the ledger never imports counter_app), so both sides can raise
  the cost the same way.
- A refused sign-in says the same thing for an unknown name, a disabled account and a wrong password (and costs
  the same time), so that names cannot be probed. After ``options.max_failed_logins`` wrong passwords in a row
  the account is locked for ``options.lockout_minutes``; a password reset unlocks it.
- Sessions: the cookie's value is a random token; only its SM3 hash is stored (a copy of the database lets no one
  sign in). Each session has its own CSRF synchroniser token. A session unused for ``options.idle_minutes`` ends,
  and so does every session of a disabled account or one whose password was reset.
- Bearer tokens for scripts: random, stored as SM3 hashes, valid for a number of hours, with the user's rights.
- Every sign-in, refusal, lockout and account change is written to ``staff_audit``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from central_ledger.context import ConsoleOptions
from central_ledger.crypto import canonical_json, sm3_hex
from central_ledger.ledger import LedgerError, iso, utc_now
from central_ledger.principal import HALL_SUPERVISOR, ROLES, Principal
from central_ledger.storage import Storage, Tx

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$"
MIN_PASSWORD_LENGTH = 10
MAX_TOKEN_HOURS = 24 * 366
ACTIVE = "active"
DISABLED = "disabled"


class StaffError(LedgerError):
    """A refusal about staff accounts, with a stable code and a message in Chinese and English.

    A :class:`~central_ledger.ledger.LedgerError`, so the API answers it as JSON with its status and the command
    line prints it and exits 1."""

    _STATUS = {"login_failed": 401, "locked": 429, "unknown_staff": 404, "staff_exists": 409,
               "unknown_hall": 404, "no_session": 401}

    def __init__(self, code: str, zh: str, en: str, status: int | None = None):
        super().__init__(status or self._STATUS.get(code, 422), code, zh, en)
        self.zh = zh
        self.en = en


def _login_failed() -> StaffError:
    return StaffError("login_failed", "用户名或密码错误", "wrong user name or password")


# -- passwords (the counters' scrypt form, copied from counter_app/services/passwords.py) --------------------

_LOG2_N = 15
_R = 8
_P = 1
_MAXMEM = 128 * 1024 * 1024


def _scrypt(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=1 << log2_n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def hash_password(password: str) -> str:
    """``scrypt$15$8$1$<salt b64>$<hash b64>``: n = 2^15, r = 8 (32 MiB per hash, about 0.1 s)."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _LOG2_N, _R, _P)
    return "$".join(("scrypt", str(_LOG2_N), str(_R), str(_P), base64.b64encode(salt).decode("ascii"),
                     base64.b64encode(digest).decode("ascii")))


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; False for a wrong password or a malformed hash."""
    try:
        scheme, log2_n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(log2_n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


_DUMMY_HASH: str | None = None


def _dummy_verify(password: str) -> None:
    """Cost what a real check costs, so that an unknown name answers as slowly as a wrong password."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    verify_password(password, _DUMMY_HASH)


def password_weakness(password: str) -> tuple[str, str] | None:
    """Why ``password`` is refused (zh, en), or None (the counters' rules)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return (f"密码至少 {MIN_PASSWORD_LENGTH} 个字符", f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    if password.strip() != password:
        return ("密码首尾不能有空格", "a password cannot start or end with a space")
    if len(set(password)) < 4:
        return ("密码过于简单", "the password is too simple")
    return None


def _check_password(password: str) -> None:
    weak = password_weakness(password)
    if weak is not None:
        raise StaffError("weak_password", *weak)


def _hash(secret: str) -> str:
    return sm3_hex(secret.encode("utf-8"))


# -- the accounts ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class StaffMember:
    """One account as listed (never its password hash)."""

    username: str
    role: str
    hall_id: str | None
    status: str               # active | disabled
    failed_logins: int
    locked_until: str | None  # UTC ISO while locked out, else None (or a past time)
    created_at: str
    last_login_at: str | None

    def as_json(self) -> dict[str, Any]:
        return {"username": self.username, "role": self.role, "hall_id": self.hall_id, "status": self.status,
                "failed_logins": self.failed_logins, "locked_until": self.locked_until,
                "created_at": self.created_at, "last_login_at": self.last_login_at}


@dataclass(frozen=True, slots=True)
class StaffSession:
    """A live console session: who, and the CSRF token its forms carry."""

    principal: Principal
    csrf_token: str


class StaffDirectory:
    """The staff accounts, sessions and tokens of one ledger database.

    ``clock`` gives the time (UTC, aware; injectable for the idle-timeout and lockout tests), ``options`` the
    console's rules (idle minutes, failed logins before a lockout, lockout minutes)."""

    def __init__(self, storage: Storage, clock: Callable[[], datetime] = utc_now,
                 options: ConsoleOptions | None = None):
        self.storage = storage
        self.clock = clock
        self.options = options or ConsoleOptions()

    # -- audit ---------------------------------------------------------------------------------------------

    def _audit(self, tx: Tx, username: str | None, action: str, detail: dict[str, Any],
               address: str | None = None) -> None:
        tx.execute("INSERT INTO staff_audit (username, action, detail, address, at) VALUES (?, ?, ?, ?, ?)",
                   (username, action, canonical_json(detail).decode("utf-8"), address, iso(self.clock())))

    def audit_entries(self, limit: int = 200) -> list[dict[str, Any]]:
        """The latest entries of ``staff_audit``, newest first (detail as stored: canonical JSON)."""
        with self.storage.transaction() as tx:
            return tx.all("SELECT id, username, action, detail, address, at FROM staff_audit"
                          " ORDER BY id DESC LIMIT ?", (limit,))

    # -- accounts ------------------------------------------------------------------------------------------

    def _row(self, tx: Tx, username: str) -> dict[str, Any]:
        row = tx.one("SELECT * FROM staff WHERE username = ?", (username,))
        if row is None:
            raise StaffError("unknown_staff", f"没有工作人员 {username}", f"no staff member {username}")
        return row

    def add(self, username: str, role: str, hall_id: str | None, password: str, *,
            by: str | None = None) -> StaffMember:
        """Create an account. A ``hall_supervisor`` needs an existing hall; the other roles take none. ``by``:
        who did it, for the audit (None: the command line)."""
        if not re.match(USERNAME_PATTERN, username or ""):
            raise StaffError("bad_username", "用户名只能含字母、数字、_ . @ -（最长 64）",
                             "user name: letters, digits, _ . @ - (64 at most)")
        if role not in ROLES:
            raise StaffError("bad_role", f"未知角色 {role}（可选：{', '.join(ROLES)}）",
                             f"unknown role {role} (one of {', '.join(ROLES)})")
        if role == HALL_SUPERVISOR and not hall_id:
            raise StaffError("hall_required", "大厅主管须指定大厅（--hall）", "a hall supervisor needs a hall (--hall)")
        if role != HALL_SUPERVISOR and hall_id:
            raise StaffError("hall_not_allowed", f"角色 {role} 不属于某个大厅", f"the role {role} has no hall")
        _check_password(password)
        hashed = hash_password(password)
        now = iso(self.clock())
        with self.storage.transaction(write=True) as tx:
            if tx.one("SELECT 1 AS x FROM staff WHERE username = ?", (username,)):
                raise StaffError("staff_exists", f"工作人员 {username} 已存在", f"staff member {username} exists")
            if hall_id and not tx.one("SELECT 1 AS x FROM halls WHERE hall_id = ?", (hall_id,)):
                raise StaffError("unknown_hall", f"没有大厅 {hall_id}", f"no hall {hall_id}")
            tx.execute("INSERT INTO staff (username, role, hall_id, password_hash, status, failed_logins,"
                       " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                       (username, role, hall_id, hashed, ACTIVE, now, now))
            self._audit(tx, by, "staff_add", {"username": username, "role": role, "hall_id": hall_id})
        return self.member(username)

    def member(self, username: str) -> StaffMember:
        """One account (StaffError ``unknown_staff`` if there is none)."""
        with self.storage.transaction() as tx:
            return _member(self._row(tx, username))

    def list(self) -> list[StaffMember]:
        """Every account, by user name."""
        with self.storage.transaction() as tx:
            rows = tx.all("SELECT * FROM staff ORDER BY username")
        return [_member(r) for r in rows]

    def _end_all(self, tx: Tx, username: str, now: str) -> None:
        tx.execute("UPDATE staff_sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL", (now, username))

    def disable(self, username: str, *, by: str | None = None) -> None:
        """Refuse further sign-ins; end the account's sessions and revoke its tokens."""
        now = iso(self.clock())
        with self.storage.transaction(write=True) as tx:
            self._row(tx, username)
            tx.execute("UPDATE staff SET status = ?, updated_at = ? WHERE username = ?", (DISABLED, now, username))
            self._end_all(tx, username, now)
            tx.execute("UPDATE staff_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL",
                       (now, username))
            self._audit(tx, by, "staff_disable", {"username": username})

    def enable(self, username: str, *, by: str | None = None) -> None:
        """Allow sign-ins again (tokens revoked by :meth:`disable` stay revoked)."""
        now = iso(self.clock())
        with self.storage.transaction(write=True) as tx:
            self._row(tx, username)
            tx.execute("UPDATE staff SET status = ?, updated_at = ? WHERE username = ?", (ACTIVE, now, username))
            self._audit(tx, by, "staff_enable", {"username": username})

    def reset_password(self, username: str, password: str, *, by: str | None = None) -> None:
        """Set a new password, unlock the account and end its sessions (whoever knew the old one is out)."""
        _check_password(password)
        hashed = hash_password(password)
        now = iso(self.clock())
        with self.storage.transaction(write=True) as tx:
            self._row(tx, username)
            tx.execute("UPDATE staff SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ?"
                       " WHERE username = ?", (hashed, now, username))
            self._end_all(tx, username, now)
            self._audit(tx, by, "staff_reset", {"username": username})

    # -- signing in ----------------------------------------------------------------------------------------

    def verify_login(self, username: str, password: str, address: str | None = None) -> Principal:
        """The principal for a correct name and password of an active, unlocked account.

        Raises StaffError ``login_failed`` (401, one message for an unknown name, a disabled account and a wrong
        password) or ``locked`` (429) while the account is locked out. The failures are counted and the
        ``max_failed_logins``-th in a row locks the account for ``lockout_minutes``; everything is audited."""
        now_dt = self.clock()
        now = iso(now_dt)
        with self.storage.transaction() as tx:
            row = tx.one("SELECT * FROM staff WHERE username = ?", (username,))
        if row is None:
            _dummy_verify(password)
            self._refused(username, "unknown_user", address, exists=False)
            raise _login_failed()
        locked_until = row["locked_until"]
        if locked_until and datetime.fromisoformat(locked_until) > now_dt:
            _dummy_verify(password)
            self._refused(username, "locked", address, exists=True)
            minutes = max(1, math.ceil((datetime.fromisoformat(locked_until) - now_dt).total_seconds() / 60))
            raise StaffError("locked", f"登录失败次数过多，账户已锁定，请 {minutes} 分钟后再试",
                             f"too many failed sign-ins: the account is locked, try again in {minutes} min")
        good = verify_password(password, row["password_hash"])
        if row["status"] != ACTIVE:
            self._refused(username, "disabled", address, exists=True)
            raise _login_failed()
        if not good:
            with self.storage.transaction(write=True) as tx:
                # Counted in the database (the row is locked by the update): two wrong guesses at once count two.
                tx.execute("UPDATE staff SET failed_logins = failed_logins + 1 WHERE username = ?", (username,))
                fresh = tx.one("SELECT failed_logins FROM staff WHERE username = ?", (username,))
                failed = int(fresh["failed_logins"]) if fresh else 1
                if failed >= self.options.max_failed_logins:
                    until = iso(now_dt + timedelta(minutes=self.options.lockout_minutes))
                    tx.execute("UPDATE staff SET failed_logins = 0, locked_until = ? WHERE username = ?",
                               (until, username))
                    self._audit(tx, username, "login_refused", {"reason": "wrong_password", "failed": failed},
                                address)
                    self._audit(tx, username, "locked", {"until": until, "failed": failed}, address)
                else:
                    self._audit(tx, username, "login_refused", {"reason": "wrong_password", "failed": failed},
                                address)
            raise _login_failed()
        with self.storage.transaction(write=True) as tx:
            tx.execute("UPDATE staff SET failed_logins = 0, locked_until = NULL, last_login_at = ?"
                       " WHERE username = ?", (now, username))
            self._audit(tx, username, "login", {"role": row["role"]}, address)
        return Principal(row["username"], row["role"], row["hall_id"])

    def _refused(self, username: str, reason: str, address: str | None, *, exists: bool) -> None:
        with self.storage.transaction(write=True) as tx:
            # An unknown name is audited under no user (the column is not a foreign key, but it would mislead).
            self._audit(tx, username if exists else None, "login_refused",
                        {"reason": reason, **({} if exists else {"username": username[:64]})}, address)

    # -- sessions ------------------------------------------------------------------------------------------

    def create_session(self, principal: Principal) -> tuple[str, str]:
        """A new session for a signed-in person: returns (cookie value, CSRF token). Only the SM3 hash of the
        cookie's value is stored."""
        cookie = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = iso(self.clock())
        with self.storage.transaction(write=True) as tx:
            tx.execute("INSERT INTO staff_sessions (session_hash, username, csrf_token, created_at, last_seen_at)"
                       " VALUES (?, ?, ?, ?, ?)", (_hash(cookie), principal.username, csrf, now, now))
        return cookie, csrf

    def session(self, cookie_value: str) -> tuple[Principal, str] | None:
        """(principal, CSRF token) of a live session, touching its last use; None when there is no such session,
        it ended, it was idle longer than ``idle_minutes`` (it is ended then) or its account is disabled.

        The principal is built from the account as it is now, so a changed role or hall applies at once."""
        if not cookie_value:
            return None
        key = _hash(cookie_value)
        now_dt = self.clock()
        now = iso(now_dt)
        with self.storage.transaction(write=True) as tx:
            row = tx.one("SELECT s.username, s.csrf_token, s.last_seen_at, s.ended_at, t.role, t.hall_id, t.status"
                         " FROM staff_sessions s JOIN staff t ON t.username = s.username"
                         " WHERE s.session_hash = ?", (key,))
            if row is None or row["ended_at"] is not None:
                return None
            idle = now_dt - datetime.fromisoformat(row["last_seen_at"])
            if row["status"] != ACTIVE or idle > timedelta(minutes=self.options.idle_minutes):
                tx.execute("UPDATE staff_sessions SET ended_at = ? WHERE session_hash = ?", (now, key))
                if row["status"] == ACTIVE:
                    self._audit(tx, row["username"], "session_expired", {"idle_seconds": int(idle.total_seconds())})
                return None
            tx.execute("UPDATE staff_sessions SET last_seen_at = ? WHERE session_hash = ?", (now, key))
        return Principal(row["username"], row["role"], row["hall_id"]), row["csrf_token"]

    def end_session(self, cookie_value: str, address: str | None = None) -> None:
        """Sign out: end the session of this cookie (nothing happens for an unknown or ended one)."""
        if not cookie_value:
            return
        key = _hash(cookie_value)
        with self.storage.transaction(write=True) as tx:
            row = tx.one("SELECT username FROM staff_sessions WHERE session_hash = ? AND ended_at IS NULL", (key,))
            if row is None:
                return
            tx.execute("UPDATE staff_sessions SET ended_at = ? WHERE session_hash = ?", (iso(self.clock()), key))
            self._audit(tx, row["username"], "logout", {}, address)

    # -- bearer tokens -------------------------------------------------------------------------------------

    def issue_token_until(self, username: str, hours: float = 8) -> tuple[str, str]:
        """A bearer token for scripts with ``username``'s rights, valid ``hours``: returns (token, expires_at UTC
        ISO). Only its SM3 hash is stored."""
        if not 0 < hours <= MAX_TOKEN_HOURS:
            raise StaffError("bad_hours", f"有效期须在 0 到 {MAX_TOKEN_HOURS} 小时之间",
                             f"the validity must be between 0 and {MAX_TOKEN_HOURS} hours")
        token = secrets.token_urlsafe(32)
        while token.startswith("-"):  # would be read as an option on a command line
            token = secrets.token_urlsafe(32)
        now_dt = self.clock()
        expires = iso(now_dt + timedelta(hours=hours))
        with self.storage.transaction(write=True) as tx:
            row = self._row(tx, username)
            if row["status"] != ACTIVE:
                raise StaffError("staff_disabled", f"工作人员 {username} 已停用", f"staff member {username} is disabled")
            tx.execute("INSERT INTO staff_tokens (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                       (_hash(token), username, iso(now_dt), expires))
            self._audit(tx, None, "token_issued", {"username": username, "expires_at": expires})
        return token, expires

    def issue_token(self, username: str, hours: float = 8) -> str:
        """A bearer token (``secrets.token_urlsafe(32)``) with ``username``'s rights for ``hours``."""
        return self.issue_token_until(username, hours)[0]

    def principal_of_token(self, token: str) -> Principal | None:
        """The principal a bearer token stands for; None if unknown, expired, revoked or its account disabled."""
        if not token:
            return None
        with self.storage.transaction() as tx:
            row = tx.one("SELECT k.expires_at, k.revoked_at, t.username, t.role, t.hall_id, t.status"
                         " FROM staff_tokens k JOIN staff t ON t.username = k.username WHERE k.token_hash = ?",
                         (_hash(token),))
        if row is None or row["revoked_at"] is not None or row["status"] != ACTIVE:
            return None
        if datetime.fromisoformat(row["expires_at"]) <= self.clock():
            return None
        return Principal(row["username"], row["role"], row["hall_id"])


def _member(row: dict[str, Any]) -> StaffMember:
    return StaffMember(row["username"], row["role"], row["hall_id"], row["status"], int(row["failed_logins"]),
                       row["locked_until"], row["created_at"], row["last_login_at"])
