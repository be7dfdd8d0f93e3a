"""The audit trail: who did what, when, at which counter — append-only and tamper-evident.

Each ``audit_log`` row carries ``prev_hash`` (the hash of the row before it; 64 zeros for the
first) and ``hash = HMAC-SM3(audit key, prev_hash ‖ canonical JSON of seq, at, actor,
counter_id, action, detail)``. The audit key is kept in the key directory beside the data keys
and wrapped like them (:mod:`counter_app.store.datakeys`), never in the database: somebody who
can write the file but not read the key cannot compute a row's hash, so dropping the triggers,
rewriting a row and recomputing the chain no longer passes :func:`verify`. Changing a row breaks
its own hash; deleting one leaves a gap in ``seq`` and a broken link; moving one makes its hash
fit another position. Triggers of migration 1 refuse UPDATE and DELETE through the application.

**Legacy segment.** Before migration 7 the hash was public (``SM3(prev_hash ‖ canonical)``,
:func:`row_hash`): anybody could recompute it. Migration 7 leaves those rows as they are and
appends a *marker* row (action ``audit.keyed_chain_started``, detail ``legacy_rows``), the first
keyed row. Its keyed hash covers its ``prev_hash``, the hash of the last legacy row, so from the
upgrade on the legacy rows cannot be changed unnoticed either; but a change made to them *before*
the upgrade (when the formula was public) is not detectable: rows before the marker are only as
strong as they were. A chain without a marker must be keyed from row 1; a row that fits only the
public formula anywhere else (a chain rewritten with the public formula) is a changed row.

:meth:`AuditLog.append` writes inside the caller's transaction, so a change and its audit row
commit together, and queues an ``audit.appended`` outbox event (seq, at, actor, action, hash)
so the ledger holds a copy of the chain's hashes (issuance transitions carry ``audit_seq`` /
``audit_hash`` in their own payload instead). Audit rows hold no personal data (they are never
purged): ``detail`` is for ids and codes, and :meth:`append` refuses text that looks like a
name, an ID number or a phone number.

Truncation — the last rows removed — leaves a chain that is valid as far as it goes, so it can
only be seen against an anchor kept elsewhere. Locally: the head (seq, hash) stored in
``settings_kv`` under ``audit.head`` with every append, every ``audit_seq``/``audit_hash`` the
outbox payloads carry, and the day-close records. All of them are in the same file, so an
attacker who cuts the tail *and* every anchor is seen only by the ledger, which keeps the highest
head it received (``POST /v1/counters/audit-head``; ``counter-app audit verify`` asks it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
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
MARKER_ACTION = "audit.keyed_chain_started"  # AuditAction.KEYED_CHAIN_STARTED


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
    KEYED_CHAIN_STARTED = "audit.keyed_chain_started"  # migration 7: the keyed chain starts here
    IDCARD_OVERRIDE = "applicant.idcard_override"  # the clerk changed fields the ID card reader filled
    CARD_FINANCIAL_ACTIVATED = "card.financial_activated"  # the bank reported the card's financial account active


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
    deleted (the missing seq), moved, or — for a truncated tail — the first missing seq.
    ``legacy_rows``: rows before the keyed chain's marker, hashed with the old public formula."""

    ok: bool
    rows: int
    first_bad_seq: int | None = None
    problem: str | None = None  # changed / deleted / reordered / truncated / anchor_missing / no_key
    legacy_rows: int = 0
    # The ledger's anchor: "matched" (compared, and the chain agrees), "disagrees" (compared: the
    # chain lacks the ledger's row or has another hash there), "none_seen" (the ledger has no head of
    # this counter yet), "unreachable", "not_enrolled", or "not_asked" (local check only).
    ledger: str = "not_asked"
    ledger_seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "first_bad_seq": self.first_bad_seq, "problem": self.problem,
                "ledger": self.ledger, "ledger_seq": self.ledger_seq}


def _canonical(seq: int, at: str, actor: str, counter_id: str, action: str, detail_json: str) -> bytes:
    return json.dumps(
        {"seq": seq, "at": at, "actor": actor, "counter_id": counter_id, "action": action,
         "detail": json.loads(detail_json)},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    ).encode("utf-8")


def row_hash(seq: int, at: str, actor: str, counter_id: str, action: str, detail_json: str,
             prev_hash: str) -> str:
    """The legacy, public row hash (rows written before migration 7): anybody can recompute it."""
    return sm3(prev_hash.encode("ascii") + _canonical(seq, at, actor, counter_id, action, detail_json)).hex()


def keyed_row_hash(key: bytes, seq: int, at: str, actor: str, counter_id: str, action: str,
                   detail_json: str, prev_hash: str) -> str:
    """HMAC-SM3 under the audit key of the same input as :func:`row_hash`."""
    from counter_app.store.sealing import hmac_sm3  # sealing imports datakeys; keep the import light

    return hmac_sm3(key, prev_hash.encode("ascii")
                    + _canonical(seq, at, actor, counter_id, action, detail_json)).hex()


def _audit_key() -> bytes:
    from counter_app.store import sealing

    key = sealing.active_keys().audit_key
    if not key:
        raise RuntimeError("the audit key is not loaded (open the database with Store.open)")
    return key


class AuditLog:
    """Append to and read the audit trail. Call :meth:`append` inside a store transaction."""

    @staticmethod
    def append(db: Database, actor: str, action: str, detail: Mapping[str, Any] | None = None, *,
               counter_id: str = "", at: dt.datetime | None = None, outbox: bool = True,
               key: bytes | None = None) -> AuditEntry:
        """Append one row in the caller's transaction. ``outbox=False``: the caller sends the row's
        seq and hash to the ledger in its own event (an issuance transition carries them), so the
        ledger still anchors the chain without a second event per transition. ``key``: the audit
        key (default: the one :func:`counter_app.store.sealing.configure` loaded)."""
        if not db.conn.in_transaction:
            raise RuntimeError("AuditLog.append must run inside the caller's transaction")
        detail_json = json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        _refuse_personal_data(detail_json, actor)
        at_text = to_db_time(at or utc_now())
        last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (int(last[0]) + 1, last[1]) if last else (1, GENESIS_HASH)
        digest = keyed_row_hash(key or _audit_key(), seq, at_text, actor, counter_id, action, detail_json, prev)
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


def start_keyed_chain(db: Database, key: bytes, *, at: dt.datetime | None = None) -> AuditEntry | None:
    """Migration 7: seal each legacy row (``audit_legacy_seals``) and append the marker that starts
    the keyed chain after them (none for an empty chain: it is keyed from row 1). In the migration's
    transaction; the table must exist."""
    rows = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq").fetchall()
    legacy = len(rows)
    if not legacy:
        return None
    db.conn.executemany("INSERT INTO audit_legacy_seals (seq, tag) VALUES (?, ?)",
                        [(int(seq), legacy_seal(key, int(seq), digest)) for seq, digest in rows])
    return AuditLog.append(db, "system", MARKER_ACTION, {"legacy_rows": int(legacy)}, at=at, key=key)


def verify(db: Database, key: bytes | None = None) -> AuditVerification:
    """Walk the chain from the first row and report the first row that does not fit.

    Checks, in order of seq: that seqs run 1, 2, 3 … without a gap (a gap is a deleted row), that
    each row links to the hash of the row before, and that its own hash matches its content —
    keyed, except for the legacy rows before the marker (a row whose hash would fit another seq was
    moved: "reordered"). Then the anchors: the head in ``settings_kv``, every
    ``audit_seq``/``audit_hash`` in the outbox and the day-close records must name a row of the
    chain with that hash and must not be ahead of it (truncation).
    """
    key = key or _audit_key()
    rows = db.execute(
        "SELECT seq, at, actor, counter_id, action, detail, prev_hash, hash FROM audit_log ORDER BY seq"
    ).fetchall()
    n = len(rows)
    legacy = _legacy_rows(rows, key)
    seals = _legacy_seals(db) if legacy else {}
    recorded = _anchors(db)
    expected_prev = GENESIS_HASH
    for position, row in enumerate(rows, start=1):
        seq, at, actor, counter_id, action, detail, prev_hash, stored = row
        if seq != position:  # seq is the primary key, so only a gap can get here: a deleted row
            return AuditVerification(False, n, position, "deleted", legacy)
        try:
            computed = (row_hash(seq, at, actor, counter_id, action, detail, prev_hash) if seq <= legacy
                        else keyed_row_hash(key, seq, at, actor, counter_id, action, detail, prev_hash))
        except (ValueError, TypeError):
            return AuditVerification(False, n, seq, "changed", legacy)
        if seq <= legacy and seals.get(seq) != legacy_seal(key, seq, stored):
            return AuditVerification(False, n, seq, "changed", legacy)
        if computed != stored or any(h != stored for h in recorded.get(seq, ())):
            moved = _fits_other_seq(row, n + 1, key, legacy)
            return AuditVerification(False, n, seq, "reordered" if moved else "changed", legacy)
        if prev_hash != expected_prev:
            # A row whose own hash is right but whose link is not: rows were moved around it or the
            # row before it was removed and the seqs renumbered.
            return AuditVerification(False, n, seq, "reordered", legacy)
        expected_prev = stored
    head = _head(db)
    anchored = max([head[0] if head else 0, *recorded.keys()], default=0)
    if anchored > n:
        return AuditVerification(False, n, n + 1, "truncated", legacy)
    if head is not None and rows and rows[head[0] - 1][7] != head[1]:
        return AuditVerification(False, n, head[0], "changed", legacy)
    if head is None and rows:
        return AuditVerification(False, n, None, "anchor_missing", legacy)
    return AuditVerification(True, n, legacy_rows=legacy)


def compare_with_ledger(db: Database, local: AuditVerification, seq: int | None,
                        digest: str | None) -> AuditVerification:
    """``local`` (a :func:`verify` result) checked against the head the ledger holds: the row at
    the ledger's seq must exist (else the tail was cut off, however well the local anchors were
    rewritten) and carry that hash. A local problem found earlier in the chain stays the one named."""
    if seq is None:
        return replace(local, ledger="none_seen")
    if local.rows < seq:
        if not local.ok and local.first_bad_seq is not None and local.first_bad_seq <= local.rows:
            return replace(local, ledger="disagrees", ledger_seq=seq)
        return replace(local, ok=False, first_bad_seq=local.rows + 1, problem="truncated",
                       ledger="disagrees", ledger_seq=seq)
    row = db.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    if row is None or row[0] != digest:
        if not local.ok and local.first_bad_seq is not None and local.first_bad_seq <= seq:
            return replace(local, ledger="disagrees", ledger_seq=seq)
        return replace(local, ok=False, first_bad_seq=seq, problem="changed", ledger="disagrees", ledger_seq=seq)
    return replace(local, ledger="matched", ledger_seq=seq)


def _legacy_rows(rows: list[tuple], key: bytes) -> int:
    """How many rows precede the keyed chain: the ``legacy_rows`` of the first marker row that sits
    right after them (0 when there is none: then every row must be keyed, and one that is not is
    reported as changed). The marker is taken at its word here only to place the boundary: it is
    itself checked as a keyed row, and every legacy row against its keyed seal."""
    for index, row in enumerate(rows):
        seq, _at, _actor, _counter_id, action, detail, _prev_hash, _stored = row
        if action != MARKER_ACTION:
            continue
        try:
            claimed = int(json.loads(detail).get("legacy_rows", -1))
        except (ValueError, TypeError, AttributeError):
            continue
        if claimed == seq - 1 == index:
            return claimed
    return 0


def legacy_seal(key: bytes, seq: int, digest: str) -> str:
    """The keyed seal migration 7 gives each legacy row (``audit_legacy_seals``): its public hash
    can be recomputed by anybody, this cannot, so a legacy row changed after the upgrade is named."""
    from counter_app.store.sealing import hmac_sm3

    return hmac_sm3(key, f"audit legacy row {seq} {digest}".encode("ascii")).hex()


def _legacy_seals(db: Database) -> dict[int, str]:
    has = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_legacy_seals'").fetchone()
    if not has:
        return {}
    return {int(seq): str(tag) for seq, tag in db.execute("SELECT seq, tag FROM audit_legacy_seals")}


def _fits_other_seq(row: tuple, limit: int, key: bytes, legacy: int) -> bool:
    seq, at, actor, counter_id, action, detail, prev_hash, stored = row
    try:
        return any(
            (row_hash(other, at, actor, counter_id, action, detail, prev_hash) if other <= legacy
             else keyed_row_hash(key, other, at, actor, counter_id, action, detail, prev_hash)) == stored
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


def _anchors(db: Database) -> dict[int, list[str]]:
    """Every (seq, hash) of the chain that another table of the file carries: the outbox's
    ``audit.appended`` events (seq/hash), any outbox payload with ``audit_seq``/``audit_hash``
    (issuance transitions), and the day-close records."""
    out: dict[int, list[str]] = {}

    def add(seq: Any, digest: Any) -> None:
        if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 1 and isinstance(digest, str):
            out.setdefault(seq, []).append(digest)

    for type_, payload in db.execute("SELECT type, payload FROM outbox"):
        try:
            value = json.loads(payload)
        except (ValueError, TypeError):
            continue
        if not isinstance(value, dict):
            continue
        if type_ == OUTBOX_TYPE:
            add(value.get("seq"), value.get("hash"))
        if "audit_seq" in value:
            add(value.get("audit_seq"), value.get("audit_hash"))
    has_day_close = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'day_closes'").fetchone()
    if has_day_close:
        for seq, digest in db.execute("SELECT audit_seq, audit_hash FROM day_closes"):
            add(seq, digest)
    return out


def _refuse_personal_data(detail_json: str, actor: str) -> None:
    """Audit rows are kept forever and cannot be purged: a name, an ID number or a phone number
    must never get in. The log mask recognises them; anything it would change is refused."""
    for text in (detail_json, actor):
        if mask(text) != text:
            raise ValueError("audit detail and actor must not contain personal data (names, ID or phone numbers)")
