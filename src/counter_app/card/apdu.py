"""Command and response APDUs (ISO 7816-4 short form) and the processor chain that sends them.

The chain, from the top: :class:`LeRetryProcessor` (6Cxx → resend with the right Le) →
:class:`GetResponseProcessor` (61xx → GET RESPONSE until done) → :class:`TransportProcessor`
(bytes over a :class:`~counter_app.card.connection.SmartCardConnection`, traced). A secure-messaging
layer, when one is needed, slots in above them, as in yubikit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from counter_app.card.connection import SmartCardConnection
from counter_app.card.errors import ApduError
from counter_app.card.sw import SW, SW1_MORE_DATA, SW1_WRONG_LE

INS_GET_RESPONSE = 0xC0
MAX_GET_RESPONSE_ROUNDS = 64  # 64 × 256 bytes is far beyond any SSC answer: a card looping is broken


@dataclass(frozen=True, slots=True)
class Apdu:
    """One short command APDU. ``le=None`` sends no Le; ``le=256`` is encoded as 00."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ValueError(f"APDU {name} out of range: {getattr(self, name)}")
        if len(self.data) > 255:
            raise ValueError(f"short APDU data is at most 255 bytes, not {len(self.data)}")
        if self.le is not None and not 0 <= self.le <= 256:
            raise ValueError(f"short APDU Le is 0..256, not {self.le}")

    def to_bytes(self) -> bytes:
        out = bytes([self.cla, self.ins, self.p1, self.p2])
        if self.data:
            out += bytes([len(self.data)]) + self.data
        if self.le is not None:
            out += bytes([self.le & 0xFF])  # 256 → 00
        return out

    @classmethod
    def parse(cls, raw: bytes) -> Apdu:
        """The inverse of :meth:`to_bytes` for the four short cases (used by the trace and tests)."""
        if len(raw) < 4:
            raise ValueError("an APDU has at least 4 bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        lc = body[0]
        data = body[1:1 + lc]
        if len(data) != lc or len(body) not in (1 + lc, 2 + lc):
            raise ValueError("APDU length does not match its Lc")
        le = (body[1 + lc] or 256) if len(body) == 2 + lc else None
        return cls(cla, ins, p1, p2, data, le)

    def with_le(self, le: int) -> Apdu:
        return Apdu(self.cla, self.ins, self.p1, self.p2, self.data, le)


@dataclass(frozen=True, slots=True)
class ResponseApdu:
    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    @property
    def ok(self) -> bool:
        return self.sw == SW.OK

    @classmethod
    def parse(cls, raw: bytes) -> ResponseApdu:
        if len(raw) < 2:
            raise ValueError("a response APDU has at least the 2 status bytes")
        return cls(raw[:-2], int.from_bytes(raw[-2:], "big"))

    def to_bytes(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")


class ApduProcessor(Protocol):
    def send_apdu(self, apdu: Apdu) -> ResponseApdu: ...


class TransportProcessor:
    """The bottom of the chain: one APDU out, one answer back, through the connection."""

    def __init__(self, connection: SmartCardConnection):
        self.connection = connection

    def send_apdu(self, apdu: Apdu) -> ResponseApdu:
        data, sw = self.connection.send_and_receive(apdu.to_bytes())
        return ResponseApdu(data, sw)


class GetResponseProcessor:
    """61xx: the card holds xx more bytes; fetch them with GET RESPONSE and join them up."""

    def __init__(self, inner: ApduProcessor, cla: int = 0x00):
        self.inner = inner
        self.cla = cla

    def send_apdu(self, apdu: Apdu) -> ResponseApdu:
        resp = self.inner.send_apdu(apdu)
        data = resp.data
        rounds = 0
        while resp.sw1 == SW1_MORE_DATA:
            rounds += 1
            if rounds > MAX_GET_RESPONSE_ROUNDS:
                raise ApduError(resp.sw, command="GET RESPONSE (endless)")
            resp = self.inner.send_apdu(Apdu(self.cla, INS_GET_RESPONSE, 0, 0, le=resp.sw2 or 256))
            data += resp.data
        return ResponseApdu(data, resp.sw)


class LeRetryProcessor:
    """6Cxx: wrong Le; send the same command again once with Le = xx."""

    def __init__(self, inner: ApduProcessor):
        self.inner = inner

    def send_apdu(self, apdu: Apdu) -> ResponseApdu:
        resp = self.inner.send_apdu(apdu)
        if resp.sw1 == SW1_WRONG_LE:
            resp = self.inner.send_apdu(apdu.with_le(resp.sw2 or 256))
        return resp


def default_chain(connection: SmartCardConnection) -> ApduProcessor:
    return LeRetryProcessor(GetResponseProcessor(TransportProcessor(connection)))
