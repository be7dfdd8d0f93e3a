"""Rows of ``users``: the people who log in at this counter.

Like the other repositories it opens no transaction and decides nothing: the user and login
services call it inside theirs. ``password_hash`` never leaves the store except to be verified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: str
    username: str
    display_name: str
    role: str
    disabled: bool
    failed_logins: int
    locked_until: dt.datetime | None
    created_at: dt.datetime
    password_hash: str

    def as_public_dict(self) -> dict[str, object]:
        """For lists and JSON: everything but the password hash."""
        return {
            "id": self.id, "username": self.username, "display_name": self.display_name, "role": self.role,
            "disabled": self.disabled, "failed_logins": self.failed_logins,
            "locked_until": to_db_time(self.locked_until) if self.locked_until else None,
            "created_at": to_db_time(self.created_at),
        }


_COLUMNS = "id, username, display_name, role, disabled, failed_logins, locked_until, created_at, password_hash"


class UserRepository:
    def __init__(self, db: Database):
        self.db = db

    def by_username(self, username: str) -> UserRecord | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM users WHERE username = ?", (username,)).fetchone()
        return _user(row) if row else None

    def by_id(self, user_id: str) -> UserRecord | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
        return _user(row) if row else None

    def all(self) -> list[UserRecord]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM users ORDER BY username").fetchall()
        return [_user(r) for r in rows]

    def insert(self, user_id: str, username: str, display_name: str, role: str, password_hash: str,
               at: dt.datetime) -> None:
        self.db.execute(
            "INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (user_id, username, display_name, role, password_hash, to_db_time(at)),
        )

    def set_password(self, user_id: str, password_hash: str) -> None:
        """A new password also clears failed attempts and a lockout."""
        self.db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
            (password_hash, user_id),
        )

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        self.db.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user_id))

    def record_failure(self, user_id: str, failed_logins: int, locked_until: dt.datetime | None) -> None:
        self.db.execute(
            "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
            (failed_logins, to_db_time(locked_until) if locked_until else None, user_id),
        )

    def record_success(self, user_id: str) -> None:
        self.db.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", (user_id,))

    def count_active(self, role: str) -> int:
        (n,) = self.db.execute("SELECT count(*) FROM users WHERE role = ? AND disabled = 0", (role,)).fetchone()
        return int(n)


def _user(row: tuple) -> UserRecord:
    uid, username, display, role, disabled, failed, locked, created, pw = row
    return UserRecord(uid, username, display, role, bool(disabled), failed,
                      from_db_time(locked) if locked else None, from_db_time(created), pw)
