"""The card-key arithmetic of the SSC 3.0 profile ([ours] in docs/spec ssc3-card.md, "Keys and cryptograms").

At the counter the PSAM does this work; the functions here exist so that tests and tools can compute
the same values independently (and to compute secure-messaging MACs with a session key).
"""

from __future__ import annotations

from counter_app.crypto.backends import Backend, sm4_cbc, sm4_ecb
from counter_app.crypto.padding import Padding, pad


def _not(data: bytes) -> bytes:
    return bytes(b ^ 0xFF for b in data)


def diversify(parent_key: bytes, factor: bytes, backend: Backend | str | None = None) -> bytes:
    """One diversification step: ``SM4_enc(parent, f || ~f)`` with an 8-byte factor."""
    if len(factor) != 8:
        raise ValueError(f"diversification factor must be 8 bytes, not {len(factor)}")
    return sm4_ecb(parent_key, factor + _not(factor), encrypt=True, backend=backend)


def region_factor(card_id: bytes) -> bytes:
    """The region code of the 卡识别码 (its first 3 bytes, 6 BCD digits) padded with FF to 8 bytes."""
    if len(card_id) != 16:
        raise ValueError("卡识别码 must be 16 bytes")
    return card_id[:3] + b"\xff" * 5


def card_factor(card_id: bytes) -> bytes:
    """The last 8 bytes of the 卡识别码."""
    if len(card_id) != 16:
        raise ValueError("卡识别码 must be 16 bytes")
    return card_id[8:]


def card_key(master_key: bytes, card_id: bytes, backend: Backend | str | None = None) -> bytes:
    """Two levels: ``step(step(master, region factor), card factor)``."""
    return diversify(diversify(master_key, region_factor(card_id), backend), card_factor(card_id), backend)


def process_key(card_key_: bytes, process_factor: bytes, backend: Backend | str | None = None) -> bytes:
    return diversify(card_key_, process_factor, backend)


def cryptogram(process_key_: bytes, source: bytes, backend: Backend | str | None = None) -> bytes:
    """First 8 bytes of ``SM4_enc(process key, source || 80 00 … 00)`` (source: 8 bytes)."""
    if len(source) != 8:
        raise ValueError(f"authentication source must be 8 bytes, not {len(source)}")
    return sm4_ecb(process_key_, pad(source, Padding.ISO9797_M2), encrypt=True, backend=backend)[:8]


def auth_cryptogram(card_key_: bytes, process_factor: bytes, source: bytes,
                    backend: Backend | str | None = None) -> bytes:
    """The cryptogram of one (internal or external) authentication."""
    return cryptogram(process_key(card_key_, process_factor, backend), source, backend)


def secure_messaging_mac(key: bytes, challenge: bytes, data: bytes, backend: Backend | str | None = None) -> bytes:
    """SM4-CBC over ``data || 80 00…`` with the 16-byte card challenge as IV; the 4-byte MAC is the XOR
    of the four 4-byte words of the last cipher block."""
    if len(challenge) != 16:
        raise ValueError(f"the secure-messaging IV is the 16-byte card challenge, not {len(challenge)} bytes")
    last = sm4_cbc(key, challenge, pad(data, Padding.ISO9797_M2), encrypt=True, backend=backend)[-16:]
    mac = bytearray(4)
    for i in range(0, 16, 4):
        for j in range(4):
            mac[j] ^= last[i + j]
    return bytes(mac)
