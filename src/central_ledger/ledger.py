"""The ledger's use cases over the storage layer: enrollment, authentication, event intake, card-number blocks,
person lookup and statistics. HTTP lives in app.py and the command line in cli.py; both call this.
"""

from __future__ import annotations

import json
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from central_ledger.crypto import (
    CanonicalJsonError,
    canonical_json,
    card_check_char,
    is_valid_public_key,
    sm3_hex,
    verify_signature,
)
from central_ledger.derive import ACTIVE, NOT_ACTIVATED, Deriver, FoundConflict, StoredEvent
from central_ledger.storage import Storage, Tx

log = logging.getLogger("central_ledger")

DEFAULT_CLOCK_SKEW = timedelta(seconds=300)
DEFAULT_TOKEN_VALIDITY = timedelta(hours=72)
DEFAULT_CARD_PREFIX = "L"
_CHUNK = 500


class LedgerError(Exception):
    """A refusal with an HTTP status, a stable error code, a bilingual message and optional extra fields."""

    def __init__(self, status: int, code: str, zh: str, en: str, **extra: Any):
        super().__init__(f"{zh} / {en}")
        self.status = status
        self.code = code
        self.message = f"{zh} / {en}"
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


def _bad_signature() -> LedgerError:
    return LedgerError(401, "bad_signature", "签名无效", "invalid signature")


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def _token_hash(token: str) -> str:
    return sm3_hex(token.encode("utf-8"))


@dataclass(frozen=True)
class Counter:
    counter_id: str
    name: str
    status: str
    public_key: str | None
    acknowledged_seq: int


class Ledger:
    """All operations of the ledger. ``clock`` is injectable so tests can check the timestamp window."""

    def __init__(self, storage: Storage, *, clock: Callable[[], datetime] = utc_now,
                 max_clock_skew: timedelta = DEFAULT_CLOCK_SKEW, card_prefix: str = DEFAULT_CARD_PREFIX):
        if not (1 <= len(card_prefix) <= 3 and card_prefix.isascii() and card_prefix.isalpha()
                and card_prefix.isupper()):
            raise ValueError("card-number prefix must be 1 to 3 capital letters")
        self.storage = storage
        self.clock = clock
        self.max_clock_skew = max_clock_skew
        self.card_prefix = card_prefix

    def _now(self) -> str:
        return iso(self.clock())

    # -- counters (CLI) -----------------------------------------------------------------------------------

    def add_counter(self, counter_id: str, name: str, validity: timedelta = DEFAULT_TOKEN_VALIDITY,
                    hall_id: str | None = None) -> str:
        """Enroll a counter, in hall ``hall_id`` when given (it must exist); returns its one-time token (only its
        SM3 hash is stored)."""
        token = secrets.token_urlsafe(32)
        while token.startswith("-"):  # would be read as an option after `counter-app enroll --token`
            token = secrets.token_urlsafe(32)
        with self.storage.transaction(write=True) as tx:
            if tx.one("SELECT 1 AS x FROM counters WHERE counter_id = ?", (counter_id,)):
                raise LedgerError(409, "counter_exists", f"柜台 {counter_id} 已存在", f"counter {counter_id} exists")
            if hall_id is not None and not tx.one("SELECT 1 AS x FROM halls WHERE hall_id = ?", (hall_id,)):
                raise LedgerError(404, "unknown_hall", f"没有大厅 {hall_id}", f"no hall {hall_id}")
            tx.execute("INSERT INTO counters (counter_id, name, status, token_hash, token_expires_at, created_at,"
                       " hall_id) VALUES (?, ?, 'enrolled', ?, ?, ?, ?)",
                       (counter_id, name, _token_hash(token), iso(self.clock() + validity), self._now(), hall_id))
        return token

    def disable_counter(self, counter_id: str) -> None:
        with self.storage.transaction(write=True) as tx:
            n = tx.execute("UPDATE counters SET status = 'disabled', disabled_at = ?, token_hash = NULL"
                           " WHERE counter_id = ?", (self._now(), counter_id))
            if n == 0:
                raise LedgerError(404, "unknown_counter", f"没有柜台 {counter_id}", f"no counter {counter_id}")

    def list_counters(self) -> list[dict[str, Any]]:
        with self.storage.transaction() as tx:
            return tx.all("SELECT counter_id, name, status, acknowledged_seq, created_at, registered_at,"
                          " disabled_at, last_contact_at, hall_id FROM counters ORDER BY counter_id")

    # -- authentication -----------------------------------------------------------------------------------

    def _signed_input(self, raw: dict[str, Any]) -> bytes:
        try:
            return canonical_json({k: v for k, v in raw.items() if k != "signature"})
        except CanonicalJsonError as exc:
            raise LedgerError(422, "malformed_request", "请求含有非法数值", "request holds NaN or infinity") from exc

    def _check_window(self, sent_at: str) -> None:
        try:
            sent = datetime.fromisoformat(sent_at)
        except ValueError as exc:
            raise LedgerError(422, "malformed_request", "sent_at 不是时间", "sent_at is not a time") from exc
        if abs(self.clock() - sent) > self.max_clock_skew:
            raise LedgerError(401, "stale_request", "请求时间超出允许范围（检查柜台时钟）",
                              "request time outside the allowed window (check the counter's clock)")

    def authenticate(self, raw: dict[str, Any]) -> Counter:
        """Check a signed request: known and registered counter, valid signature, fresh time, not disabled."""
        message = self._signed_input(raw)
        counter_id = raw["counter_id"]
        with self.storage.transaction() as tx:
            row = tx.one("SELECT counter_id, name, status, public_key, acknowledged_seq FROM counters"
                         " WHERE counter_id = ?", (counter_id,))
        if row is None:
            # The same answer as a bad signature, so that counter ids cannot be probed from outside.
            log.warning("signed request refused: unknown counter %r (answered as bad_signature)", counter_id[:64])
            raise _bad_signature()
        if row["public_key"] is None:
            if row["status"] == "disabled":
                raise LedgerError(403, "counter_disabled", "此柜台已停用", "this counter is disabled")
            raise LedgerError(401, "counter_not_registered", "柜台尚未登记公钥", "the counter has not registered a key")
        if not verify_signature(row["public_key"], message, raw["signature"]):
            log.warning("signed request refused: bad signature from counter %s", counter_id)
            raise _bad_signature()
        self._check_window(raw["sent_at"])
        if row["status"] == "disabled":
            raise LedgerError(403, "counter_disabled", "此柜台已停用", "this counter is disabled")
        return Counter(row["counter_id"], row["name"], row["status"], row["public_key"], int(row["acknowledged_seq"]))

    def register(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Register the counter's public key with its one-time token; the request is signed with the new key."""
        message = self._signed_input(raw)
        public_key = raw["public_key"].lower()
        if not is_valid_public_key(public_key):
            raise LedgerError(422, "bad_public_key", "公钥不在 SM2 曲线上", "the public key is not on the SM2 curve")
        if not verify_signature(public_key, message, raw["signature"]):
            raise LedgerError(401, "bad_signature", "签名无效（须用新私钥签名）",
                              "invalid signature (sign with the new private key)")
        self._check_window(raw["sent_at"])
        now = self._now()
        # The token belongs to one counter, so it names the counter; a counter id sent with it is a check.
        counter_id = raw.get("counter_id")
        with self.storage.transaction(write=True) as tx:
            owner = tx.one("SELECT counter_id, name, status, token_expires_at FROM counters WHERE token_hash = ?",
                           (_token_hash(raw["token"]),))
            if owner is not None and owner["token_expires_at"] <= now:
                owner = None
            row = owner if counter_id is None else tx.one("SELECT counter_id, name, status FROM counters"
                                                          " WHERE counter_id = ?", (counter_id,))
            if row is not None and row["status"] == "disabled":
                raise LedgerError(403, "counter_disabled", "此柜台已停用", "this counter is disabled")
            if owner is not None and counter_id is not None and owner["counter_id"] != counter_id:
                raise LedgerError(409, "counter_id_mismatch",
                                  f"此登记令牌属于柜台 {owner['counter_id']}，不是 {counter_id}",
                                  f"this enrollment token belongs to counter {owner['counter_id']}, not {counter_id}",
                                  token_counter_id=owner["counter_id"])
            if owner is None:
                raise LedgerError(401, "invalid_token", "登记令牌无效、已用过或已过期",
                                  "the enrollment token is invalid, used or expired")
            tx.execute("UPDATE counters SET public_key = ?, status = 'active', token_hash = NULL,"
                       " token_expires_at = NULL, registered_at = ?, last_contact_at = ? WHERE counter_id = ?",
                       (public_key, now, now, owner["counter_id"]))
        return {"counter_id": owner["counter_id"], "name": owner["name"], "registered_at": now}

    # -- event intake -------------------------------------------------------------------------------------

    def intake(self, counter: Counter, events: list[dict[str, Any]]) -> dict[str, Any]:
        """Store a batch once per (counter, seq) in one transaction; see docs/ledger-api.md for the answers."""
        stored = [StoredEvent(counter.counter_id, e["seq"], e["event_id"].lower(), e["type"], e["occurred_at"],
                              e["issuance_id"], e["payload"], sm3_hex(self._event_bytes(e))) for e in events]
        now = self._now()
        clashes: list[FoundConflict] = []
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            row = tx.one("SELECT status, acknowledged_seq FROM counters WHERE counter_id = ?", (counter.counter_id,))
            if row["status"] == "disabled":  # disabled while this request was in flight
                raise LedgerError(403, "counter_disabled", "此柜台已停用", "this counter is disabled")
            ack = int(row["acknowledged_seq"])
            held = [e for e in stored if e.seq <= ack]
            new = [e for e in stored if e.seq > ack]
            if held:
                have = {r["seq"]: r for r in tx.all(
                    "SELECT seq, event_id, content_hash FROM events WHERE counter_id = ? AND seq BETWEEN ? AND ?",
                    (counter.counter_id, held[0].seq, held[-1].seq))}
                clashes += [FoundConflict("sequence_conflict", e, {"stored_event_id": have[e.seq]["event_id"],
                                                                   "stored_hash": have[e.seq]["content_hash"],
                                                                   "sent_hash": e.content_hash})
                            for e in held if have[e.seq]["content_hash"] != e.content_hash]
            if new and new[0].seq != ack + 1 and not clashes:
                raise LedgerError(409, "sequence_gap", f"缺少事件：账本期待序号 {ack + 1}",
                                  f"events missing: the ledger expects seq {ack + 1}",
                                  expected_seq=ack + 1, acknowledged_seq=ack)
            if new and not clashes:
                clashes += self._reused_event_ids(tx, new)
            if not clashes and new:
                tx.executemany(
                    "INSERT INTO events (counter_id, seq, event_id, type, occurred_at, issuance_id, payload,"
                    " content_hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(e.counter_id, e.seq, e.event_id, e.type, e.occurred_at, e.issuance_id,
                      canonical_json(e.payload).decode("utf-8"), e.content_hash, now) for e in new])
                ack = new[-1].seq
                self._record(tx, Deriver(tx, now).apply(new), now)
                self._note_audit_head(tx, counter.counter_id, new, now)
            if not clashes:
                tx.execute("UPDATE counters SET acknowledged_seq = ?, last_contact_at = ? WHERE counter_id = ?",
                           (ack, now, counter.counter_id))
                reported = self._conflicts_for(tx, counter.counter_id, stored)
        if clashes:
            with self.storage.transaction(write=True) as tx:
                self._record(tx, clashes, now)
                reported = self._conflicts_for(tx, counter.counter_id, [c.event for c in clashes],
                                               kinds=("sequence_conflict", "event_id_reused"))
            raise LedgerError(409, "sequence_conflict", "同一序号的事件内容不同，整批被拒绝并已记录",
                              "an event differs from the one stored under its seq (or reuses an event id); "
                              "the batch was refused and the conflict recorded",
                              expected_seq=ack + 1, acknowledged_seq=ack, conflicts=reported)
        queued = sorted({c["seq"] for c in reported if "queue_id" in c["detail"] and c["seq"] is not None})
        return {"counter_id": counter.counter_id, "acknowledged_seq": ack, "expected_seq": ack + 1,
                "stored": len(new), "duplicates": len(held), "conflicts": reported, "queued": queued}

    @staticmethod
    def _note_audit_head(tx: Tx, counter_id: str, events: list[StoredEvent], now: str) -> None:
        """Keep the highest audit_seq (with its hash) the counter's issuance transitions carried; never back."""
        best: StoredEvent | None = None
        for e in events:
            seq, digest = e.payload.get("audit_seq"), e.payload.get("audit_hash")
            if e.type == "issuance.transition" and type(seq) is int and isinstance(digest, str) and digest \
                    and (best is None or seq > best.payload["audit_seq"]):
                best = e
        if best is None:
            return
        seq, digest = best.payload["audit_seq"], best.payload["audit_hash"][:200]
        row = tx.one("SELECT audit_seq FROM audit_heads WHERE counter_id = ?", (counter_id,))
        if row is None:
            tx.execute("INSERT INTO audit_heads (counter_id, audit_seq, audit_hash, event_seq, recorded_at)"
                       " VALUES (?, ?, ?, ?, ?)", (counter_id, seq, digest, best.seq, now))
        elif seq > int(row["audit_seq"]):
            tx.execute("UPDATE audit_heads SET audit_seq = ?, audit_hash = ?, event_seq = ?, recorded_at = ?"
                       " WHERE counter_id = ?", (seq, digest, best.seq, now, counter_id))

    def audit_head(self, counter: Counter) -> dict[str, Any]:
        """The highest audit-chain position this counter's events carried (nulls when none yet)."""
        now = self._now()
        with self.storage.transaction(write=True) as tx:
            row = tx.one("SELECT audit_seq, audit_hash, event_seq, recorded_at FROM audit_heads"
                         " WHERE counter_id = ?", (counter.counter_id,))
            tx.execute("UPDATE counters SET last_contact_at = ? WHERE counter_id = ?", (now, counter.counter_id))
        if row is None:
            return {"counter_id": counter.counter_id, "audit_seq": None, "audit_hash": None, "event_seq": None,
                    "recorded_at": None}
        return {"counter_id": counter.counter_id, "audit_seq": int(row["audit_seq"]), "audit_hash": row["audit_hash"],
                "event_seq": int(row["event_seq"]), "recorded_at": row["recorded_at"]}

    @staticmethod
    def _event_bytes(e: dict[str, Any]) -> bytes:
        return canonical_json({k: e[k] for k in ("seq", "event_id", "type", "occurred_at", "issuance_id",
                                                 "payload")})

    def _reused_event_ids(self, tx: Tx, new: list[StoredEvent]) -> list[FoundConflict]:
        found: list[FoundConflict] = []
        by_id = {e.event_id: e for e in new}
        if len(by_id) != len(new):
            seen: set[str] = set()
            for e in new:
                if e.event_id in seen:
                    found.append(FoundConflict("event_id_reused", e, {"within_batch": True}))
                seen.add(e.event_id)
        ids = list(by_id)
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for r in tx.all(f"SELECT event_id, counter_id, seq FROM events WHERE event_id IN ({marks})", chunk):
                found.append(FoundConflict("event_id_reused", by_id[r["event_id"]],
                                           {"stored_counter_id": r["counter_id"], "stored_seq": r["seq"]}))
        return found

    @staticmethod
    def _record(tx: Tx, conflicts: list[FoundConflict], now: str) -> None:
        tx.executemany(
            "INSERT INTO conflicts (counter_id, seq, event_id, kind, event_hash, detail, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(c.event.counter_id, c.event.seq, c.event.event_id, c.kind, c.event.content_hash,
              canonical_json(c.detail).decode("utf-8"), now) for c in conflicts])

    @staticmethod
    def _conflicts_for(tx: Tx, counter_id: str, events: list[StoredEvent],
                       kinds: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        """Conflicts recorded for these events (so that a repeated batch reports them again)."""
        if not events:
            return []
        hashes = {(e.seq, e.content_hash) for e in events}
        rows = tx.all("SELECT kind, counter_id, seq, event_id, event_hash, detail, recorded_at FROM conflicts"
                      " WHERE counter_id = ? AND seq BETWEEN ? AND ? ORDER BY seq, id",
                      (counter_id, min(e.seq for e in events), max(e.seq for e in events)))
        return [{"kind": r["kind"], "counter_id": r["counter_id"], "seq": r["seq"], "event_id": r["event_id"],
                 "detail": json.loads(r["detail"]), "recorded_at": r["recorded_at"]}
                for r in rows if (r["seq"], r["event_hash"]) in hashes and (kinds is None or r["kind"] in kinds)]

    # -- card numbers -------------------------------------------------------------------------------------

    def allocate_block(self, counter: Counter, request_id: str, count: int) -> dict[str, Any]:
        """A block of fresh card numbers for this counter; the same request_id gives the same block again."""
        request_id = request_id.lower()
        digits = 8 - len(self.card_prefix)
        with self.storage.transaction(write=True) as tx:
            block = tx.one("SELECT block_id, first_value, count, allocated_at FROM card_blocks"
                           " WHERE counter_id = ? AND request_id = ?", (counter.counter_id, request_id))
            if block is not None:
                if block["count"] != count:
                    raise LedgerError(409, "request_reused", "request_id 已用于另一数量的号段",
                                      "request_id already used for a block of another size")
                numbers = tx.all("SELECT card_number FROM card_numbers WHERE block_id = ? ORDER BY card_number",
                                 (block["block_id"],))
                return {"block_id": block["block_id"], "counter_id": counter.counter_id,
                        "numbers": [n["card_number"] for n in numbers], "allocated_at": block["allocated_at"]}
            row = tx.one("UPDATE card_number_sequence SET next_value = next_value + ? WHERE name = 'default'"
                         " RETURNING next_value", (count,))
            first = int(row["next_value"]) - count
            if first + count - 1 >= 10**digits:
                raise LedgerError(503, "card_numbers_exhausted", "卡号已用尽", "card numbers are exhausted")
            now = self._now()
            block_id = str(uuid.uuid4())
            numbers = []
            for v in range(first, first + count):
                body = f"{self.card_prefix}{v:0{digits}d}"
                numbers.append(body + card_check_char(body))
            tx.execute("INSERT INTO card_blocks (block_id, counter_id, request_id, first_value, count, allocated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)", (block_id, counter.counter_id, request_id, first, count, now))
            tx.executemany("INSERT INTO card_numbers (card_number, counter_id, block_id, status, allocated_at)"
                           " VALUES (?, ?, ?, 'allocated', ?)",
                           [(n, counter.counter_id, block_id, now) for n in numbers])
            tx.execute("UPDATE counters SET last_contact_at = ? WHERE counter_id = ?", (now, counter.counter_id))
        return {"block_id": block_id, "counter_id": counter.counter_id, "numbers": numbers, "allocated_at": now}

    # -- person lookup ------------------------------------------------------------------------------------

    def lookup_person(self, counter: Counter, person_index: str) -> dict[str, Any]:
        with self.storage.transaction(write=True) as tx:
            # a card posted or collected by an agent and not yet activated is the person's card all the same
            # (the one-active-card rule, docs/online-applications.md): a second new card is refused for it too
            cards = tx.all("SELECT card_number, counter_id, issued_at, status FROM cards WHERE person_index = ?"
                           " AND status IN (?, ?) ORDER BY issued_at, card_number",
                           (person_index, ACTIVE, NOT_ACTIVATED))
            tx.execute("UPDATE counters SET last_contact_at = ? WHERE counter_id = ?",
                       (self._now(), counter.counter_id))
        return {"person_index": person_index, "has_active_card": bool(cards), "active_cards": cards}

    # -- statistics ---------------------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        with self.storage.transaction() as tx:
            events = tx.one("SELECT COUNT(*) AS n FROM events")["n"]
            by_state = {r["state"]: int(r["n"]) for r in tx.all(
                "SELECT state, COUNT(*) AS n FROM issuances GROUP BY state ORDER BY state")}
            counters = tx.all("SELECT counter_id, last_contact_at FROM counters ORDER BY counter_id")
            conflicts = tx.one("SELECT COUNT(*) AS n FROM conflicts")["n"]
            queued = tx.one("SELECT COUNT(*) AS n FROM conflict_queue WHERE status = 'open'")["n"]
            active = tx.one("SELECT COUNT(*) AS n FROM cards WHERE status = ?", (ACTIVE,))["n"]
        return {"events": int(events), "issuances_by_state": by_state, "counters": len(counters),
                "last_contact": {c["counter_id"]: c["last_contact_at"] for c in counters},
                "conflicts": int(conflicts), "open_queued_conflicts": int(queued), "active_cards": int(active)}
