"""The ATRs of the simulated cards [ours]: plausible T=1 ATRs whose historical bytes name the card.

Layout: TS=3B, T0=8A (TD1 present, 10 historical bytes), TD1=81 (TD2 present, T=1),
TD2=31 (TA3 and TB3 present, T=1), TA3=FE (IFSC 254), TB3=45 (BWI 4, CWI 5),
10 historical bytes, TCK (XOR of T0 up to the last historical byte, required when T=1 is offered).
"""

from __future__ import annotations

from functools import reduce

HISTORICAL_SSC3 = b"VSSC3.00\x00\x00"
HISTORICAL_SSC2 = b"VSSC2.00\x00\x00"
HISTORICAL_NON_SSC = b"VJAVACRD\x00\x00"
HISTORICAL_PSAM = b"VPSAM1.0\x00\x00"


def t1_atr(historical: bytes) -> bytes:
    """Build the T=1 ATR above around up to 15 historical bytes, with its check byte."""
    if len(historical) > 15:
        raise ValueError("at most 15 historical bytes")
    body = bytes([0x80 | len(historical), 0x81, 0x31, 0xFE, 0x45]) + historical
    tck = reduce(lambda a, b: a ^ b, body, 0)
    return b"\x3b" + body + bytes([tck])


ATR_BY_KIND = {
    "ssc3": t1_atr(HISTORICAL_SSC3),
    "ssc2": t1_atr(HISTORICAL_SSC2),
    "non_ssc": t1_atr(HISTORICAL_NON_SSC),
    "psam": t1_atr(HISTORICAL_PSAM),
}
