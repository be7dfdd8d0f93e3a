"""The ``online_applications`` and ``online_application_issuances`` tables (migration 15).

The applications this counter fetched from the ledger, kept so that the counter works from them when the ledger
is away; the ledger's ``Application`` JSON is sealed and unsealed here, at its place
``online_applications/application/APP``. No transactions are opened here (the callers' are used), except by
:class:`OnlineApplicationStore`'s own small writes.

:func:`progress_of_transition` is the issuance service's hook: inside an issuance transition's transaction it
says which online application the issuance makes (for the transition's payload) and queues the
``online_application.progress`` event the transition stands for (in production when the write starts,
collected at the hand-over), so the report is in the outbox exactly when the transition is.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.crypto import sm3
from counter_app.domain.issuance import IssuanceState
from counter_app.domain.online_application import (
    APPROVED,
    COLLECTED,
    IN_PRODUCTION,
    PROGRESS_EVENT,
    READY,
    OnlineApplication,
)
from counter_app.store.clock import from_db_time, to_db_time
from counter_app.store.outbox import OutboxRepository
from counter_app.store.sealing import SealContext, SealedDataUnreadable, person_index, seal, unseal


def sealed_at(app_id: str) -> SealContext:
    return SealContext("online_applications", "application", app_id)


def qr_hash(token: str) -> str:
    """What the counter keeps of a QR token: its SM3 (the token opens the citizen's status page)."""
    return sm3(b"online-qr:" + token.encode("utf-8")).hex()


@dataclass(frozen=True, slots=True)
class KeptApplication:
    """One kept application: the ledger's as last fetched, and when."""

    application: OnlineApplication
    fetched_at: dt.datetime


@dataclass(frozen=True, slots=True)
class IssuanceLink:
    issuance_id: str
    app_id: str
    linked_at: dt.datetime
    identity_checked_at: dt.datetime | None
    reported: str | None


_PROGRESS_RANK = {IN_PRODUCTION: 1, COLLECTED: 2}


def keep(db: Database, app: OnlineApplication, at: dt.datetime) -> None:
    """Insert or replace the kept copy of ``app`` (sealed). What this counter reported itself (in production,
    collected) stays until the ledger's answer is as far: a due list fetched before the outbox was sent must
    not make a collected application collectable again here."""
    reported = [r[0] for r in db.execute("SELECT reported FROM online_application_issuances WHERE app_id = ?"
                                         " AND reported IS NOT NULL", (app.app_id,)).fetchall()]
    ours = max(reported, key=lambda s: _PROGRESS_RANK.get(s, 0), default=None)
    if ours is not None and _PROGRESS_RANK.get(ours, 0) > _PROGRESS_RANK.get(app.status, 0) \
            and app.status in (APPROVED, READY, IN_PRODUCTION):
        from dataclasses import replace

        app = replace(app, status=ours)
    blob = seal(json.dumps(app.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                sealed_at(app.app_id))
    db.execute(
        "INSERT INTO online_applications (app_id, status, collection, hall_id, collect_day, person_index, qr_hash,"
        " application, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (app_id) DO UPDATE SET"
        " status = excluded.status, collection = excluded.collection, hall_id = excluded.hall_id,"
        " collect_day = excluded.collect_day, person_index = excluded.person_index, qr_hash = excluded.qr_hash,"
        " application = excluded.application, fetched_at = excluded.fetched_at",
        (app.app_id, app.status, app.collection, app.hall_id,
         app.collect_day.isoformat() if app.collect_day else None,
         person_index(app.applicant.document_number), qr_hash(app.qr_token), blob, to_db_time(at)))


def _read(row) -> KeptApplication | None:
    app_id, blob, fetched_at = row
    try:
        data = json.loads(unseal(blob, sealed_at(app_id)).decode("utf-8"))
        app = OnlineApplication.from_json(data)
    except (SealedDataUnreadable, ValueError):
        return None  # e.g. under a data key since retired: fetched again from the ledger when needed
    return KeptApplication(app, from_db_time(fetched_at))


_SELECT = "SELECT app_id, application, fetched_at FROM online_applications"


def get(db: Database, app_id: str) -> KeptApplication | None:
    row = db.execute(f"{_SELECT} WHERE app_id = ?", (app_id,)).fetchone()
    return _read(row) if row else None


def by_qr_token(db: Database, token: str) -> KeptApplication | None:
    row = db.execute(f"{_SELECT} WHERE qr_hash = ? ORDER BY fetched_at DESC", (qr_hash(token),)).fetchone()
    return _read(row) if row else None


def by_id_number(db: Database, id_number: str) -> list[KeptApplication]:
    rows = db.execute(f"{_SELECT} WHERE person_index = ? ORDER BY fetched_at DESC",
                      (person_index(id_number),)).fetchall()
    return [k for k in map(_read, rows) if k is not None]


def due_on(db: Database, day: dt.date, hall_id: str | None = None) -> list[KeptApplication]:
    """The kept hall collections of ``day`` (any status), in application-number order."""
    sql, params = f"{_SELECT} WHERE collection = 'hall' AND collect_day = ?", [day.isoformat()]
    if hall_id:
        sql += " AND hall_id = ?"
        params.append(hall_id)
    rows = db.execute(sql + " ORDER BY app_id", params).fetchall()
    return [k for k in map(_read, rows) if k is not None]


def set_status(db: Database, app_id: str, status: str) -> None:
    """The status as this counter knows it now (its own progress), in clear and in the sealed copy."""
    kept = get(db, app_id)
    db.execute("UPDATE online_applications SET status = ? WHERE app_id = ?", (status, app_id))
    if kept is not None and kept.application.status != status:
        from dataclasses import replace

        keep(db, replace(kept.application, status=status), kept.fetched_at)


def forget_stale(db: Database, before: dt.date) -> int:
    """Drop kept hall collections of days before ``before`` that no issuance of this counter makes (the
    citizen did not come: the ledger has them); returns how many."""
    cursor = db.execute(
        "DELETE FROM online_applications WHERE collect_day IS NOT NULL AND collect_day < ? AND app_id NOT IN"
        " (SELECT app_id FROM online_application_issuances)", (before.isoformat(),))
    return cursor.rowcount or 0


# --- the link to the issuance ------------------------------------------------------------------------

_LINK = "SELECT issuance_id, app_id, linked_at, identity_checked_at, reported FROM online_application_issuances"


def _link(row) -> IssuanceLink:
    return IssuanceLink(row[0], row[1], from_db_time(row[2]), from_db_time(row[3]) if row[3] else None, row[4])


def link(db: Database, issuance_id: str, app_id: str, at: dt.datetime, *,
         identity_checked_at: dt.datetime | None = None, reported: str | None = None) -> None:
    db.execute("INSERT INTO online_application_issuances (issuance_id, app_id, linked_at, identity_checked_at,"
               " reported) VALUES (?, ?, ?, ?, ?)",
               (issuance_id, app_id, to_db_time(at), to_db_time(identity_checked_at) if identity_checked_at else None,
                reported))


def link_of(db: Database, issuance_id: str) -> IssuanceLink | None:
    row = db.execute(f"{_LINK} WHERE issuance_id = ?", (issuance_id,)).fetchone()
    return _link(row) if row else None


def links_of_app(db: Database, app_id: str) -> list[IssuanceLink]:
    return [_link(r) for r in db.execute(f"{_LINK} WHERE app_id = ? ORDER BY linked_at", (app_id,)).fetchall()]


def mark_identity_checked(db: Database, issuance_id: str, at: dt.datetime) -> None:
    db.execute("UPDATE online_application_issuances SET identity_checked_at = ? WHERE issuance_id = ?",
               (to_db_time(at), issuance_id))


def progress_of_transition(db: Database, issuance, from_state: IssuanceState | None, to_state: IssuanceState,
                           at: dt.datetime) -> str | None:
    """In an issuance transition's transaction: the application number the issuance makes (None: not an online
    application), after queuing the progress report the transition stands for (once per issuance and status)."""
    found = link_of(db, issuance.id)
    if found is None:
        return None
    status = None
    if to_state is IssuanceState.ENCODING and from_state is IssuanceState.PHOTO_OK:
        status = IN_PRODUCTION
    elif to_state is IssuanceState.ISSUED:
        status = COLLECTED
    if status is not None and found.reported != status:
        OutboxRepository(db).append(
            PROGRESS_EVENT, at=at, issuance_id=issuance.id,
            payload={"app_id": found.app_id, "status": status, "issuance_id": issuance.id,
                     "card_number": issuance.card_number, "tracking_number": None})
        db.execute("UPDATE online_application_issuances SET reported = ? WHERE issuance_id = ?",
                   (status, issuance.id))
        set_status(db, found.app_id, status)
    return found.app_id
