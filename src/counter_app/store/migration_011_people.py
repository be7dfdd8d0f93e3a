"""Schema version 11: guardians, agents and their scans; the card status not_activated.

(Placeholder registered ahead of the work of issue 20 so that each part owns its own migration
module; filled in by that part.)
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS: tuple[str, ...] = ()


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
