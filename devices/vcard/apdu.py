"""Command APDU parsing and status words, as seen from the card side.

Only short APDUs (ISO/IEC 7816-4 cases 1-4); the simulated cards are T=1 cards and answer data directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class SW(IntEnum):
    """The status words the simulated cards answer (names as in the spec)."""

    OK = 0x9000
    END_OF_FILE = 0x6282
    WRONG_LENGTH = 0x6700
    INCOMPATIBLE_FILE = 0x6981
    SECURITY_NOT_SATISFIED = 0x6982
    BLOCKED = 0x6983
    RANDOM_INVALID = 0x6984
    CONDITIONS_NOT_SATISFIED = 0x6985
    NO_CURRENT_EF = 0x6986
    MAC_WRONG = 0x6988
    WRONG_DATA = 0x6A80
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    RECORD_NOT_FOUND = 0x6A83
    NOT_ENOUGH_MEMORY = 0x6A84
    WRONG_P1P2 = 0x6A86
    REFERENCE_NOT_FOUND = 0x6A88
    WRONG_PARAMETERS = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00


def tries_left(n: int) -> int:
    """63Cx: a wrong secret, x tries left."""
    return 0x63C0 | (n & 0x0F)


class CardStatus(Exception):
    """Raised inside a command handler to answer a status word without data."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"{sw:04X}")
        self.sw = sw


@dataclass(frozen=True)
class Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None  # None: no Le field; 0 means 256

    @classmethod
    def parse(cls, apdu: bytes) -> Command:
        """Parse a short APDU; raise CardStatus(6700) when its length fields do not add up."""
        if len(apdu) < 4:
            raise CardStatus(SW.WRONG_LENGTH)
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if not body:
            return cls(cla, ins, p1, p2, b"", None)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, b"", body[0])
        lc = body[0]
        if lc == 0:  # extended length: not supported by these cards
            raise CardStatus(SW.WRONG_LENGTH)
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, bytes(body[1:]), None)
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, bytes(body[1 : 1 + lc]), body[1 + lc])
        raise CardStatus(SW.WRONG_LENGTH)


def answer(data: bytes = b"", sw: int = SW.OK) -> bytes:
    return bytes(data) + sw.to_bytes(2, "big")
