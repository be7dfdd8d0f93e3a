"""Schema version 8: H2 card management: eligibility answers, bank pre-openings and bindings, the report queue.

(Placeholder registered ahead of the work of issue 20 so that each part owns its own migration
module; filled in by that part.)
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS: tuple[str, ...] = ()


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.conn.execute(statement)
