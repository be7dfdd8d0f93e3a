"""The district admin's decisions on the conflict queue (:mod:`central_ledger.ownership`).

``accept`` applies the queued effect as if the counter had been allowed (the certificates are issued, the
status changed, the old card replaced, the card recorded under its number), ``reject`` drops it; both are
recorded with who decided, when, and an optional note. A decided entry is never decided again. The finality of
lost, cancelled and replaced cards holds even for an accepted entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from central_ledger import ownership
from central_ledger.ca import CertificateAuthority
from central_ledger.ca import CertificateRequest as CaRequest
from central_ledger.derive import Deriver, StoredEvent
from central_ledger.ledger import Ledger, LedgerError, iso, utc_now
from central_ledger.storage import Storage, Tx


def list_entries(storage: Storage, *, include_decided: bool = False) -> list[dict[str, Any]]:
    with storage.transaction() as tx:
        return ownership.entries(tx, include_decided=include_decided)


def _open_entry(tx: Tx, queue_id: int) -> dict[str, Any]:
    found = ownership.entry(tx, queue_id)
    if found is None:
        raise LedgerError(404, "unknown_conflict", f"没有冲突 {queue_id}", f"no conflict {queue_id}")
    if found["status"] != ownership.OPEN:
        raise LedgerError(409, "conflict_decided", f"冲突 {queue_id} 已于 {found['decided_at']} 由 "
                          f"{found['decided_by']} 处理（{found['status']}）",
                          f"conflict {queue_id} was already decided ({found['status']}) by {found['decided_by']} "
                          f"at {found['decided_at']}")
    return found


def _event(tx: Tx, counter_id: str, seq: int) -> StoredEvent:
    r = tx.one("SELECT counter_id, seq, event_id, type, occurred_at, issuance_id, payload, content_hash FROM events"
               " WHERE counter_id = ? AND seq = ?", (counter_id, seq))
    return StoredEvent(r["counter_id"], int(r["seq"]), r["event_id"], r["type"], r["occurred_at"], r["issuance_id"],
                       json.loads(r["payload"]), r["content_hash"])


def resolve(storage: Storage, queue_id: int, *, accept: bool, by: str, note: str | None = None,
            ca: CertificateAuthority | None = None,
            clock: Callable[[], datetime] = utc_now) -> dict[str, Any]:
    """Accept or reject one open entry; returns the decided entry (with ``outcome``)."""
    if not by.strip():
        raise LedgerError(422, "decided_by_missing", "须写明处理人", "say who decides (--by)")
    now = iso(clock())
    with storage.transaction() as tx:
        found = _open_entry(tx, queue_id)
    if accept and found["action"] == ownership.CERTIFICATE_REQUEST:
        if ca is None:
            raise LedgerError(422, "ca_needed", "接受证书请求需要 CA", "accepting a certificate request needs the CA")
        answer = ca.issue(CaRequest(**found["effect"]), trusted=True)  # its own transaction, idempotent
        outcome: dict[str, Any] = {"sign_serial": answer["sign_serial"], "enc_serial": answer["enc_serial"]}
        with storage.transaction(write=True) as tx:
            tx.lock_intake()
            _open_entry(tx, queue_id)
            ownership.decide(tx, queue_id, ownership.ACCEPTED, by, note, outcome, now)
    else:
        with storage.transaction(write=True) as tx:
            tx.lock_intake()  # like intake: derived state and certificates change together
            _open_entry(tx, queue_id)
            outcome = {}
            if accept:
                deriver = Deriver(tx, now, trusted=True)
                ev = _event(tx, found["counter_id"], int(found["seq"]))
                deriver.apply_queued(ev, found["action"], found["effect"])
                Ledger._record(tx, deriver.conflicts, now)
                outcome = {"conflicts": [{"kind": c.kind, **c.detail} for c in deriver.conflicts]}
            ownership.decide(tx, queue_id, ownership.ACCEPTED if accept else ownership.REJECTED, by, note,
                             outcome, now)
    with storage.transaction() as tx:
        return ownership.entry(tx, queue_id)  # type: ignore[return-value]
