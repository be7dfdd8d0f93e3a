"""Small values the counter keeps in its database (``settings_kv``): one text value per key.

Unlike the TOML settings they belong to this database (the pinned ledger CA, the sync's last
success, the audit head), so a copy of the file carries them. A repository only: call the
writes inside a store transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from counter_app.store.clock import to_db_time


class SettingsKv:
    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings_kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str, at: dt.datetime) -> None:
        """Set ``key`` to ``value`` (replacing what it held)."""
        self.db.execute(
            "INSERT INTO settings_kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key)"
            " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, value, to_db_time(at)))

    def put_if_absent(self, key: str, value: str, at: dt.datetime) -> bool:
        """Set ``key`` only if it holds nothing yet; returns whether it was set."""
        cursor = self.db.execute(
            "INSERT INTO settings_kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
            (key, value, to_db_time(at)))
        return cursor.rowcount == 1

    def delete(self, key: str) -> None:
        self.db.execute("DELETE FROM settings_kv WHERE key = ?", (key,))
