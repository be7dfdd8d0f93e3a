"""The pre-personalised financial application of the simulated card (a PBOC / UnionPay debit application).

A co-issued social security card carries, beside the SSC applications, the bank's debit application,
personalised by the card factory for one bank before the card reaches the counter: the counter only reads
its account number (PAN) after the write, the way a terminal reads it (README, "Financial application"):

- ``00 A4 04 00 08 A000000333010101`` answers the FCI ``6F [84 AID] [A5 [50 label]]``;
- ``00 B2 01 0C 00`` (READ RECORD, SFI 1, record 1) answers ``70 [5A PAN] [5F24 expiry] [5F34 sequence]``:
  the PAN as BCD padded with F to 10 bytes, the expiry YYMMDD as 3 BCD bytes, the PAN sequence number 1 BCD byte.

The banks and their BINs mirror the counter's default ``banks.list`` (102 ICBC, 103 ABC, 105 CCB) but are the
simulation's own table: ``devices`` never imports ``counter_app``. Every PAN is 19 digits, starts with the
bank's BIN, ends with its Luhn check digit and is unique in the stock (:func:`new_pan`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Container
from dataclasses import dataclass

AID_FINANCIAL = bytes.fromhex("A000000333010101")  # UnionPay debit [obs]
LABEL = "PBOC DEBIT"  # [ours] application label (tag 50)
PAN_LENGTH = 19
SFI_RECORDS = 1  # the application's record file [ours: the one record terminals read first]
DEFAULT_BANK = "102"
NO_BANK = "none"  # `card insert --bank none`: a card without a financial application
EXPIRY_YEARS = 10


@dataclass(frozen=True)
class SimBank:
    code: str
    name: str
    bin: str


BANKS: dict[str, SimBank] = {b.code: b for b in (
    SimBank("102", "中国工商银行", "621226"),
    SimBank("103", "中国农业银行", "622848"),
    SimBank("105", "中国建设银行", "621700"),
)}


@dataclass(frozen=True)
class FinancialApp:
    """What the card factory personalised: the bank, its account number and the card's expiry."""

    bank_code: str
    pan: str
    expiry: str  # YYMMDD
    sequence: int = 1
    label: str = LABEL

    def to_json(self) -> dict:
        return {"bank_code": self.bank_code, "pan": self.pan, "expiry": self.expiry, "sequence": self.sequence,
                "label": self.label}

    @classmethod
    def from_json(cls, obj: dict | None) -> FinancialApp | None:
        if obj is None:
            return None
        pan, expiry = str(obj["pan"]), str(obj["expiry"])
        if not (pan.isdigit() and 12 <= len(pan) <= 19) or not (expiry.isdigit() and len(expiry) == 6):
            raise ValueError(f"financial application: bad PAN or expiry ({pan!r}, {expiry!r})")
        return cls(str(obj["bank_code"]), pan, expiry, int(obj.get("sequence", 1)), str(obj.get("label", LABEL)))

    # --- what the card answers -------------------------------------------------------------------------------

    def fci(self) -> bytes:
        label = self.label.encode("ascii")
        prop = _tlv(0x50, label)
        return _tlv(0x6F, _tlv(0x84, AID_FINANCIAL) + _tlv(0xA5, prop))

    def record(self) -> bytes:
        """SFI 1 record 1: template 70 with the PAN, its expiry and sequence number."""
        pan = bytes.fromhex(self.pan + "F" * (20 - len(self.pan)))
        body = _tlv(0x5A, pan) + _tlv(0x5F24, bytes.fromhex(self.expiry)) + _tlv(0x5F34, bytes.fromhex(
            f"{self.sequence:02d}"))
        return _tlv(0x70, body)


def bank(code: str) -> SimBank:
    """The simulated bank of ``code``; ValueError naming the known codes otherwise."""
    try:
        return BANKS[code]
    except KeyError:
        known = ", ".join(sorted(BANKS))
        raise ValueError(f"unknown bank {code!r}: the simulated banks are {known} (or {NO_BANK})") from None


def luhn_digit(body: str) -> str:
    """The check digit that makes ``body + digit`` Luhn-valid."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled: the digit next to the check digit, then every other one
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(pan: str) -> bool:
    return len(pan) >= 2 and pan.isdigit() and luhn_digit(pan[:-1]) == pan[-1]


def new_pan(bank_code: str, taken: Container[str] = ()) -> str:
    """A fresh 19-digit Luhn-valid PAN of ``bank_code``'s BIN, not in ``taken``."""
    prefix = bank(bank_code).bin
    while True:
        body = prefix + "".join(str(secrets.randbelow(10)) for _ in range(PAN_LENGTH - 1 - len(prefix)))
        pan = body + luhn_digit(body)
        if pan not in taken:
            return pan


def new_app(bank_code: str, taken: Container[str] = (), today: dt.date | None = None) -> FinancialApp:
    """The financial application a card factory personalises for ``bank_code`` (expiry: the end of the month,
    ten years on)."""
    today = today or dt.date.today()
    year = today.year + EXPIRY_YEARS
    last_day = (dt.date(year + (today.month == 12), today.month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return FinancialApp(bank_code, new_pan(bank_code, taken), f"{year % 100:02d}{today.month:02d}{last_day:02d}")


def _tlv(tag: int, value: bytes) -> bytes:
    tag_bytes = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    if len(value) < 0x80:
        return tag_bytes + bytes([len(value)]) + value
    return tag_bytes + bytes([0x81, len(value)]) + value
