"""The audit trail: who did what, when, at which counter — append-only and tamper-evident.

Each ``audit_log`` row carries ``prev_hash`` (the hash of the row before it; 64 zeros for the
first) and ``hash = SM3(prev_hash ‖ canonical JSON of seq, at, actor, counter_id, action,
detail)``. Changing a row breaks its own hash; deleting one leaves a gap in ``seq`` and a broken
link; moving one makes its hash fit another position. Triggers of migration 1 refuse UPDATE and
DELETE through the application; the chain is what still tells when somebody with the file
bypasses them.

:meth:`AuditLog.append` writes inside the caller's transaction, so a change and its audit row
commit together, and queues an ``audit.appended`` outbox event (seq, at, actor, action, hash)
so the ledger holds a copy of the chain's hashes. Audit rows hold no personal data (they are
never purged): ``detail`` is for ids and codes, and :meth:`append` refuses text that looks like a
name, an ID number or a phone number.

Truncation — the last rows removed — leaves a chain that is valid as far as it goes, so it can
only be seen against an anchor kept elsewhere. Two are checked: the head (seq, hash) stored in
``settings_kv`` under ``audit.head`` with every append, and the ``audit.appended`` events of the
outbox. Both are in the same file, so an attacker who rewrites the whole chain *and* both anchors
is seen only by the ledger, which holds the hashes it acknowledged.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from counter_app.crypto import sm3
from counter_app.logmask import mask
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.outbox import OutboxRepository

GENESIS_HASH = "0" * 64
HEAD_KEY = "audit.head"
OUTBOX_TYPE = "audit.appended"


class AuditAction(StrEnum):
    """What the audit trail records (the ``action`` column). Append-only list: never rename."""

    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGIN_REFUSED = "auth.login_refused"      # locked out or disabled, the password was not the issue
    LOCKOUT = "auth.lockout"
    LOGOUT = "auth.logout"
    SESSION_LOCKED = "auth.session_locked"
    UNLOCK = "auth.unlock"
    UNLOCK_FAILED = "auth.unlock_failed"
    USER_ADDED = "user.added"
    USER_DISABLED = "user.disabled"
    USER_ENABLED = "user.enabled"
    USER_PASSWORD_RESET = "user.password_reset"
    ISSUANCE_TRANSITION = "issuance.transition"
    EXPORT = "export"
    DEVICE_OVERRIDE = "device.override"
    APPROVAL_REQUESTED = "approval.requested"
    APPROVAL_DECIDED = "approval.decided"
    DATA_REKEYED = "data.rekeyed"
    DATA_PURGED = "data.purged"
    CARD_PIN_CHANGED = "card.pin_changed"
    CARD_PIN_RESET = "card.pin_reset"
    CARD_STATUS_CHANGED = "card.status_changed"
    CARD_CERTIFICATE_ISSUED = "card.certificate_issued"
    PKI_CA_FORGOTTEN = "pki.ca_forgotten"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    counter_id: str
    action: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The outcome of :func:`verify`. ``first_bad_seq`` is the first row that was changed,
    deleted (the missing seq), moved, or — for a truncated tail — the first missing seq."""

    ok: bool
    rows: int
    first_bad_seq: int | None = None
    problem: str | None = None  # changed / deleted / reordered / truncated / anchor_missing

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "first_bad_seq": self.first_bad_seq, "problem": self.problem}


def row_hash(seq: int, at: str, actor: str, counter_id: str, action: str, detail_json: str,
             prev_hash: str) -> str:
    canonical = json.dumps(
        {"seq": seq, "at": at, "actor": actor, "counter_id": counter_id, "action": action,
         "detail": json.loads(detail_json)},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return sm3(prev_hash.encode("ascii") + canonical.encode("utf-8")).hex()


class AuditLog:
    """Append to and read the audit trail. Call :meth:`append` inside a store transaction."""

    @staticmethod
    def append(db: Database, actor: str, action: str, detail: Mapping[str, Any] | None = None, *,
               counter_id: str = "", at: dt.datetime | None = None, outbox: bool = True) -> AuditEntry:
        """Append one row in the caller's transaction. ``outbox=False``: the caller sends the row's
        seq and hash to the ledger in its own event (an issuance transition carries them), so the
        ledger still anchors the chain without a second event per transition."""
        if not db.conn.in_transaction:
            raise RuntimeError("AuditLog.append must run inside the caller's transaction")
        detail_json = json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        _refuse_personal_data(detail_json, actor)
        at_text = to_db_time(at or utc_now())
        last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (int(last[0]) + 1, last[1]) if last else (1, GENESIS_HASH)
        digest = row_hash(seq, at_text, actor, counter_id, action, detail_json, prev)
        db.execute(
            "INSERT INTO audit_log (seq, at, actor, counter_id, action, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at_text, actor, counter_id, action, detail_json, prev, digest),
        )
        db.execute(
            "INSERT INTO settings_kv (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (HEAD_KEY, json.dumps({"seq": seq, "hash": digest}), at_text),
        )
        if outbox:
            OutboxRepository(db).append(
                OUTBOX_TYPE, at=at or utc_now(),
            payload={"seq": seq, "at": at_text, "actor": actor, "action": action, "hash": digest},
        )
        return AuditEntry(seq, at_text, actor, counter_id, action, json.loads(detail_json), prev, digest)

    @staticmethod
    def entries(db: Database, *, after_seq: int = 0, limit: int = 200) -> list[AuditEntry]:
        rows = db.execute(
            "SELECT seq, at, actor, counter_id, action, detail, prev_hash, hash FROM audit_log "
            "WHERE seq > ? ORDER BY seq LIMIT ?", (after_seq, limit),
        ).fetchall()
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7]) for r in rows]


def verify(db: Database) -> AuditVerification:
    """Walk the chain from the first row and report the first row that does not fit.

    Checks, in order of seq: that seqs run 1, 2, 3 … without a gap (a gap is a deleted row), that
    each row links to the hash of the row before, and that its own hash matches its content (a
    row whose hash would fit another seq was moved: "reordered"). Then the anchors: the head in
    ``settings_kv`` and the outbox's ``audit.appended`` events must not be ahead of the chain
    (truncation) nor disagree with it.
    """
    rows = db.execute(
        "SELECT seq, at, actor, counter_id, action, detail, prev_hash, hash FROM audit_log ORDER BY seq"
    ).fetchall()
    recorded = _outbox_hashes(db)
    expected_prev = GENESIS_HASH
    for position, row in enumerate(rows, start=1):
        seq, at, actor, counter_id, action, detail, prev_hash, stored = row
        if seq != position:  # seq is the primary key, so only a gap can get here: a deleted row
            return AuditVerification(False, len(rows), position, "deleted")
        try:
            computed = row_hash(seq, at, actor, counter_id, action, detail, prev_hash)
        except (ValueError, TypeError):
            return AuditVerification(False, len(rows), seq, "changed")
        if computed != stored or recorded.get(seq, stored) != stored:
            moved = _fits_other_seq(row, len(rows) + 1)
            return AuditVerification(False, len(rows), seq, "reordered" if moved else "changed")
        if prev_hash != expected_prev:
            # A row whose own hash is right but whose link is not: rows were moved around it or the
            # row before it was removed and the seqs renumbered.
            return AuditVerification(False, len(rows), seq, "reordered")
        expected_prev = stored
    last_seq = len(rows)
    head = _head(db)
    anchored = max([head[0] if head else 0, *recorded.keys()], default=0)
    if anchored > last_seq:
        return AuditVerification(False, len(rows), last_seq + 1, "truncated")
    if head is not None and rows and rows[head[0] - 1][7] != head[1]:
        return AuditVerification(False, len(rows), head[0], "changed")
    if head is None and rows:
        return AuditVerification(False, len(rows), None, "anchor_missing")
    return AuditVerification(True, len(rows))


def _fits_other_seq(row: tuple, limit: int) -> bool:
    seq, at, actor, counter_id, action, detail, prev_hash, stored = row
    try:
        return any(
            row_hash(other, at, actor, counter_id, action, detail, prev_hash) == stored
            for other in range(1, limit) if other != seq
        )
    except (ValueError, TypeError):
        return False


def _head(db: Database) -> tuple[int, str] | None:
    row = db.execute("SELECT value FROM settings_kv WHERE key = ?", (HEAD_KEY,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
        seq, digest = int(value["seq"]), str(value["hash"])
    except (ValueError, KeyError, TypeError):
        return None  # an unreadable anchor counts as a missing one
    return (seq, digest) if seq >= 1 else None


def _outbox_hashes(db: Database) -> dict[int, str]:
    out: dict[int, str] = {}
    for (payload,) in db.execute("SELECT payload FROM outbox WHERE type = ?", (OUTBOX_TYPE,)):
        try:
            value = json.loads(payload)
            out[int(value["seq"])] = str(value["hash"])
        except (ValueError, KeyError, TypeError):
            continue
    return out


def _refuse_personal_data(detail_json: str, actor: str) -> None:
    """Audit rows are kept forever and cannot be purged: a name, an ID number or a phone number
    must never get in. The log mask recognises them; anything it would change is refused."""
    for text in (detail_json, actor):
        if mask(text) != text:
            raise ValueError("audit detail and actor must not contain personal data (names, ID or phone numbers)")
