"""ISO/IEC 7816-3 answer-to-reset, decoded for the technician: convention, protocols, historical bytes.

Pure: bytes in, :class:`AtrInfo` out. A malformed ATR is not an exception but ``problems`` (the
technician wants to see what is wrong with it, not a traceback).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce


@dataclass(frozen=True)
class AtrInfo:
    atr: bytes
    convention: str                      # direct | inverse | invalid
    protocols: tuple[int, ...]           # T=0, T=1, … offered
    interface: dict[str, int] = field(default_factory=dict)   # TA1, TB1, TC1, TD1, TA2, …
    historical: bytes = b""
    tck: int | None = None
    tck_ok: bool | None = None
    problems: tuple[str, ...] = ()

    @property
    def historical_text(self) -> str:
        """The printable ASCII of the historical bytes (card makers often put a name there)."""
        return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in self.historical)

    def as_dict(self) -> dict:
        return {"atr": self.atr.hex().upper(), "convention": self.convention,
                "protocols": [f"T={p}" for p in self.protocols],
                "interface_bytes": {k: f"{v:02X}" for k, v in self.interface.items()},
                "historical_bytes": self.historical.hex().upper(), "historical_text": self.historical_text,
                "tck_ok": self.tck_ok, "problems": list(self.problems)}


def decode_atr(atr: bytes) -> AtrInfo:
    problems: list[str] = []
    if len(atr) < 2:
        return AtrInfo(atr, "invalid", (), problems=("ATR shorter than 2 bytes",))
    convention = {0x3B: "direct", 0x3F: "inverse"}.get(atr[0], "invalid")
    if convention == "invalid":
        problems.append(f"TS {atr[0]:02X} is neither 3B nor 3F")
    t0 = atr[1]
    k = t0 & 0x0F
    y = t0 >> 4
    i, level = 2, 1
    interface: dict[str, int] = {}
    protocols: list[int] = []
    while True:
        for bit, letter in ((0x1, "A"), (0x2, "B"), (0x4, "C")):
            if y & bit:
                if i >= len(atr):
                    problems.append(f"T{letter}{level} missing")
                    break
                interface[f"T{letter}{level}"] = atr[i]
                i += 1
        if not y & 0x8:
            break
        if i >= len(atr):
            problems.append(f"TD{level} missing")
            break
        td = atr[i]
        interface[f"TD{level}"] = td
        i += 1
        if td & 0x0F not in protocols:
            protocols.append(td & 0x0F)
        y = td >> 4
        level += 1
    if not protocols:
        protocols.append(0)  # no TD1: T=0 only
    historical = atr[i:i + k]
    if len(historical) < k:
        problems.append(f"{k} historical bytes announced, {len(historical)} present")
    i += len(historical)
    tck = tck_ok = None
    needs_tck = any(p != 0 for p in protocols)
    if i < len(atr):
        tck = atr[i]
        tck_ok = reduce(lambda a, b: a ^ b, atr[1:i + 1], 0) == 0
        if not tck_ok:
            problems.append("TCK check byte wrong")
        if i + 1 < len(atr):
            problems.append(f"{len(atr) - i - 1} bytes after the ATR")
    elif needs_tck:
        problems.append("TCK missing although a protocol other than T=0 is offered")
        tck_ok = False
    return AtrInfo(atr, convention, tuple(protocols), interface, bytes(historical), tck, tck_ok, tuple(problems))
