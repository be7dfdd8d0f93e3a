"""Rows of ``issuances`` and ``issuance_events``: reading them as values, writing them as rows.

Repositories neither open transactions nor decide anything: the issuance service opens one
transaction per transition and calls them inside it. Personal data goes in and out through
:mod:`counter_app.store.sealing` here and nowhere else.

Every change of a row goes through :meth:`IssuanceRepository.update`, the versioned update: a
transition, and also a change that keeps the state (the chip noted before a write, the holder's PIN
set, the certificate substate), so ``version`` counts every change and a stale writer is caught.

One use case reads the same issuance several times (a chip write: before, at each transition, after),
and each read would unseal and parse the personal data again. Inside :func:`one_unseal_per_operation`
the parsed applicant of a sealed blob is kept for the rest of the operation (the blob's bytes are the
key: a changed or re-sealed blob is unsealed afresh), then forgotten.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from counter_app.domain.applicant import Applicant
from counter_app.domain.issuance import CertificateState, Issuance, IssuanceAction, IssuanceState
from counter_app.store.clock import from_db_time, to_db_time
from counter_app.store.sealing import issuance_sealed_at as sealed_at
from counter_app.store.sealing import person_index, seal, unseal

_COLUMNS = (
    "id, state, created_at, updated_at, version, clerk, card_number, card_id, atr, "
    "failure_reason, personal_data, photo IS NOT NULL AS has_photo, holder_pin_set_at, certificate_state"
)

# The columns a change may set besides the state (the service checks their rules).
UPDATABLE_FIELDS = frozenset({"card_number", "card_id", "atr", "failure_reason", "photo", "holder_pin_set_at",
                              "certificate_state"})

# The applicants unsealed in the current operation, by (issuance id, sealed blob); None outside one.
_applicants: contextvars.ContextVar[dict[tuple[str, bytes], Applicant] | None] = contextvars.ContextVar(
    "counter_app_unsealed_applicants", default=None)


@contextlib.contextmanager
def one_unseal_per_operation() -> Iterator[None]:
    """Within the block (this thread, nested blocks join the outer one), each issuance's personal
    data is unsealed and parsed once however often it is read. The clear applicants are dropped at
    the end of the outermost block."""
    if _applicants.get() is not None:
        yield
        return
    token = _applicants.set({})
    try:
        yield
    finally:
        _applicants.reset(token)


@dataclass(frozen=True, slots=True)
class IssuanceHead:
    """An issuance's id, state and version, read without its personal data (nothing unsealed)."""

    id: str
    state: IssuanceState
    version: int


@dataclass(frozen=True, slots=True)
class IssuanceEvent:
    """One row of an issuance's history."""

    seq: int
    from_state: IssuanceState | None
    to_state: IssuanceState
    action: str
    at: dt.datetime
    actor: str
    detail: dict[str, Any]


class IssuanceRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, issuance_id: str, applicant: Applicant, state: IssuanceState,
               at: dt.datetime, clerk: str | None) -> None:
        personal = json.dumps(applicant.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8")
        self.db.execute(
            "INSERT INTO issuances (id, state, application_type, reason, created_at, updated_at, clerk, "
            "personal_data, person_index, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (
                issuance_id, state.value, applicant.application_type.value,
                applicant.reason.value if applicant.reason else None,
                to_db_time(at), to_db_time(at), clerk, seal(personal, sealed_at(issuance_id, "personal_data")),
                person_index(applicant.document_number),
            ),
        )

    def get(self, issuance_id: str) -> Issuance | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM issuances WHERE id = ?", (issuance_id,)
        ).fetchone()
        return _issuance(row) if row else None

    def update(self, issuance_id: str, *, expected_version: int, state: IssuanceState,
               at: dt.datetime, fields: Mapping[str, Any]) -> bool:
        """Set the new state (and ``fields``) if the row is still at ``expected_version``.

        Returns False when it is not (somebody else changed it): the caller rolls back.
        """
        unknown = set(fields) - UPDATABLE_FIELDS
        if unknown:
            raise ValueError(f"not updatable by a transition: {sorted(unknown)}")
        values = {k: _column_value(issuance_id, k, v) for k, v in fields.items()}
        assignments = "".join(f", {name} = :{name}" for name in values)
        cursor = self.db.execute(
            f"UPDATE issuances SET state = :state, updated_at = :at, version = version + 1{assignments} "
            "WHERE id = :id AND version = :expected_version",
            {**values, "state": state.value, "at": to_db_time(at), "id": issuance_id,
             "expected_version": expected_version},
        )
        return cursor.rowcount == 1

    def purge_personal_data(self, issuance_id: str, stub: Mapping[str, Any], at: dt.datetime) -> bool:
        """Put ``stub`` (sealed) in place of the personal data, drop the photo and the person index and
        mark the row purged, as a versioned change in its current state (retention; see
        :mod:`counter_app.services.retention`). False when the issuance is not there."""
        head = self.head(issuance_id)
        if head is None:
            return False
        plain = json.dumps(dict(stub), ensure_ascii=False, sort_keys=True).encode("utf-8")
        cursor = self.db.execute(
            "UPDATE issuances SET personal_data = :personal, photo = NULL, person_index = '', "
            "personal_data_purged_at = :at, updated_at = :at, version = version + 1 "
            "WHERE id = :id AND version = :expected_version",
            {"personal": seal(plain, sealed_at(issuance_id, "personal_data")), "at": to_db_time(at),
             "id": issuance_id, "expected_version": head.version},
        )
        return cursor.rowcount == 1

    def head(self, issuance_id: str) -> IssuanceHead | None:
        """The issuance's state and version (for a versioned update that needs nothing else)."""
        row = self.db.execute("SELECT id, state, version FROM issuances WHERE id = ?", (issuance_id,)).fetchone()
        return _head(row) if row else None

    def latest_for_card_id(self, card_id: str, *, states: Iterable[IssuanceState] = (),
                           any_case: bool = False) -> IssuanceHead | None:
        """The newest issuance of the chip ``card_id`` (in one of ``states``, if given); ``any_case``
        compares the 卡识别码 without regard to case."""
        column, value = ("upper(card_id)", card_id.upper()) if any_case else ("card_id", card_id)
        return self._latest(f"{column} = ?", (value,), states)

    def latest_for_card_number(self, card_number: str, *,
                               states: Iterable[IssuanceState] = ()) -> IssuanceHead | None:
        """The newest issuance with ``card_number`` (in one of ``states``, if given)."""
        return self._latest("card_number = ?", (card_number,), states)

    def _latest(self, where: str, args: tuple, states: Iterable[IssuanceState]) -> IssuanceHead | None:
        wanted = [IssuanceState(s).value for s in states]
        if wanted:
            where += f" AND state IN ({', '.join('?' for _ in wanted)})"
        row = self.db.execute(
            f"SELECT id, state, version FROM issuances WHERE {where} ORDER BY created_at DESC LIMIT 1",
            (*args, *wanted)).fetchone()
        return _head(row) if row else None

    def oldest_for_person(self, index: str, states: Iterable[IssuanceState]) -> IssuanceHead | None:
        """The oldest issuance of the person with the blind index ``index`` in one of ``states``."""
        wanted = [IssuanceState(s).value for s in states]
        row = self.db.execute(
            f"SELECT id, state, version FROM issuances WHERE person_index = ? AND state IN "
            f"({', '.join('?' for _ in wanted)}) ORDER BY created_at, id LIMIT 1", (index, *wanted)).fetchone()
        return _head(row) if row else None

    def issued_card_numbers_of_person(self, index: str, *, other_than: str) -> list[str]:
        """The card numbers of the person's issued cards (blind index ``index``), oldest first, leaving
        out the issuance ``other_than``."""
        rows = self.db.execute(
            "SELECT card_number FROM issuances WHERE person_index = ? AND state = ? AND id != ?"
            " AND card_number IS NOT NULL ORDER BY created_at",
            (index, IssuanceState.ISSUED.value, other_than)).fetchall()
        return [r[0] for r in rows]

    def with_certificate_state(self, state: CertificateState) -> list[Issuance]:
        """Issuances whose certificate substate is ``state``, oldest first."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM issuances WHERE certificate_state = ? ORDER BY created_at, id",
            (CertificateState(state).value,)).fetchall()
        return [_issuance(r) for r in rows]

    def photo(self, issuance_id: str) -> bytes | None:
        row = self.db.execute("SELECT photo FROM issuances WHERE id = ?", (issuance_id,)).fetchone()
        return unseal(row[0], sealed_at(issuance_id, "photo")) if row and row[0] is not None else None

    def card_number_taken(self, card_number: str, other_than: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM issuances WHERE card_number = ? AND id != ?", (card_number, other_than)
        ).fetchone()
        return row is not None

    def in_states(self, states: Iterable[IssuanceState]) -> list[Issuance]:
        """Issuances in any of ``states``, oldest first."""
        wanted = [s.value for s in states]
        marks = ", ".join("?" for _ in wanted)
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM issuances WHERE state IN ({marks}) ORDER BY created_at, id", wanted
        ).fetchall()
        return [_issuance(r) for r in rows]

    def created_between(self, start: dt.datetime, end: dt.datetime) -> list[Issuance]:
        """Issuances created in [start, end), oldest first."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM issuances WHERE created_at >= ? AND created_at < ? "
            "ORDER BY created_at, id",
            (to_db_time(start), to_db_time(end)),
        ).fetchall()
        return [_issuance(r) for r in rows]


class IssuanceEventRepository:
    def __init__(self, db: Database):
        self.db = db

    def append(self, issuance_id: str, *, from_state: IssuanceState | None, to_state: IssuanceState,
               action: IssuanceAction | str, at: dt.datetime, actor: str,
               detail: Mapping[str, Any]) -> int:
        """Append the next event of the issuance; returns its per-issuance sequence number."""
        (last,) = self.db.execute(
            "SELECT coalesce(max(seq), 0) FROM issuance_events WHERE issuance_id = ?", (issuance_id,)
        ).fetchone()
        seq = int(last) + 1
        self.db.execute(
            "INSERT INTO issuance_events (issuance_id, seq, from_state, to_state, action, at, actor, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (issuance_id, seq, from_state.value if from_state else None, to_state.value, str(action),
             to_db_time(at), actor, json.dumps(dict(detail), ensure_ascii=False, sort_keys=True)),
        )
        return seq

    def for_issuance(self, issuance_id: str) -> list[IssuanceEvent]:
        rows = self.db.execute(
            "SELECT seq, from_state, to_state, action, at, actor, detail FROM issuance_events "
            "WHERE issuance_id = ? ORDER BY seq",
            (issuance_id,),
        ).fetchall()
        return [
            IssuanceEvent(
                seq=r[0], from_state=IssuanceState(r[1]) if r[1] else None, to_state=IssuanceState(r[2]),
                action=r[3], at=from_db_time(r[4]), actor=r[5], detail=json.loads(r[6]),
            )
            for r in rows
        ]


def _column_value(issuance_id: str, name: str, value: Any) -> Any:
    """A field's value as its column stores it: the photo sealed, times as text, enums by value."""
    if value is None:
        return None
    if name == "photo":
        return seal(value, sealed_at(issuance_id, "photo"))
    if name == "holder_pin_set_at":
        return to_db_time(value)
    if name == "certificate_state":
        return CertificateState(value).value
    return value


def _head(row: sqlite3.Row | tuple) -> IssuanceHead:
    return IssuanceHead(id=row[0], state=IssuanceState(row[1]), version=int(row[2]))


def _applicant(issuance_id: str, personal_data: bytes) -> Applicant:
    """The applicant of a sealed blob: unsealed and parsed, once per operation inside
    :func:`one_unseal_per_operation`."""
    cache = _applicants.get()
    key = (issuance_id, bytes(personal_data))
    if cache is not None and key in cache:
        return cache[key]
    applicant = Applicant.from_dict(
        json.loads(unseal(personal_data, sealed_at(issuance_id, "personal_data")).decode("utf-8")))
    if cache is not None:
        cache[key] = applicant
    return applicant


def _issuance(row: sqlite3.Row | tuple) -> Issuance:
    (id_, state, created_at, updated_at, version, clerk, card_number, card_id, atr,
     failure_reason, personal_data, has_photo, holder_pin_set_at, certificate_state) = row
    applicant = _applicant(id_, personal_data)
    return Issuance(
        id=id_, state=IssuanceState(state), applicant=applicant,
        created_at=from_db_time(created_at), updated_at=from_db_time(updated_at), version=version,
        clerk=clerk, card_number=card_number, card_id=card_id, atr=atr,
        failure_reason=failure_reason, has_photo=bool(has_photo),
        holder_pin_set_at=from_db_time(holder_pin_set_at) if holder_pin_set_at else None,
        certificate_state=CertificateState(certificate_state) if certificate_state else None,
    )
