"""Client side of the ledger protocol for tests: an SM2 key pair and signed request bodies.

Written from docs/ledger-api.md with gmssl only (not with ``central_ledger`` nor ``counter_app``), so the tests
check the server against the documented protocol rather than against its own code.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from gmssl import sm2, sm3

CURVE = sm2.default_ecc_table
N = int(CURVE["n"], 16)


def canonical_json(obj: Any) -> bytes:
    """docs/ledger-api.md, "Canonical JSON"."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def now_rfc3339() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def person_index(id_number: str, pepper: str = "test-district-pepper") -> str:
    """A blind index as the docs recommend: SM3 of the pepper and the upper-case ID number, lowercase hex."""
    return sm3.sm3_hash(list(f"ssc-person-index:v1:{pepper}:{id_number.upper()}".encode()))


@dataclass
class CounterKey:
    """A counter's SM2 key pair, made locally as the counter does at enrollment."""

    counter_id: str
    private_hex: str = field(repr=False, default="")
    public_hex: str = ""  # 04 || x || y

    def __post_init__(self) -> None:
        if not self.private_hex:
            self.private_hex = f"{secrets.randbelow(N - 2) + 1:064x}"
        if not self.public_hex:
            crypt = sm2.CryptSM2(private_key=self.private_hex, public_key="")
            self.public_hex = "04" + crypt._kg(int(self.private_hex, 16), CURVE["g"])  # gmssl's scalar multiply

    def sign(self, body: dict[str, Any]) -> str:
        """SM2 with SM3 (Z for user ID 1234567812345678) over the canonical JSON of ``body`` minus "signature"."""
        crypt = sm2.CryptSM2(private_key=self.private_hex, public_key="")
        crypt.public_key = self.public_hex[2:]  # not through __init__: its lstrip("04") eats digits of x
        message = canonical_json({k: v for k, v in body.items() if k != "signature"})
        while True:
            sig = crypt.sign_with_sm3(message, f"{secrets.randbelow(N - 1) + 1:064x}")
            if sig:
                return sig

    def signed(self, **fields: Any) -> dict[str, Any]:
        """A signed request body: counter_id, a fresh request_id and sent_at unless given, and the fields."""
        body: dict[str, Any] = {"counter_id": self.counter_id, "request_id": str(uuid.uuid4()),
                                "sent_at": now_rfc3339(), **fields}
        body["signature"] = self.sign(body)
        return body

    def registration(self, token: str) -> dict[str, Any]:
        return self.signed(token=token, public_key=self.public_hex)


def event(seq: int, type_: str = "issuance.transition", payload: dict[str, Any] | None = None,
          issuance_id: str | None = "iss-1", event_id: str | None = None) -> dict[str, Any]:
    return {"seq": seq, "event_id": event_id or str(uuid.uuid4()), "type": type_,
            "occurred_at": "2024-05-01T08:30:00+08:00", "issuance_id": issuance_id,
            "payload": payload if payload is not None else {"to_state": "applicant_ok"}}


def events(first: int, last: int) -> list[dict[str, Any]]:
    """Consecutive plain events first..last (inclusive), each for its own issuance."""
    return [event(s, issuance_id=f"iss-{s}") for s in range(first, last + 1)]
