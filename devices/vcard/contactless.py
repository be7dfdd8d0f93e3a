"""The contactless side of the simulated dual-interface card: ISO 14443 type A through a PC/SC reader.

A third-generation social security card is a dual-interface chip: the encoder talks to it through its
contacts, a contactless reader through its antenna. :class:`ContactlessInterface` puts one
:class:`~devices.vcard.card_os.VirtualCard` on a vpcd slot as a contactless reader would show it:

- the ATR a PC/SC part 3 reader builds for an ISO 14443-4 type A card (:func:`contactless_atr`):
  ``3B 8n 80 01`` + the historical bytes of the card's ATS + TCK; our ATS carries the historical
  bytes of the contact ATR, as dual-interface cards usually do;
- the reader's own pseudo-APDU GET DATA ``FF CA 00 00 Le`` answered with the card's UID
  (:func:`uid_of`: 7 bytes, stable per card) and ``FF CA 01 00 Le`` with the ATS historical bytes;
- every other APDU handed to the same card object on its contactless interface, where the card OS
  applies the contactless access rule (``docs/card-profile.md``, "Contactless interface"): the
  public identification records readable, everything else refused.

The same card can sit in the encoder's contact slot at the same time (``card insert --contactless``):
the content is one, each interface has its own security state (a VERIFY on one does not open the
other), as on a real dual-interface chip.
"""

from __future__ import annotations

import hashlib
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING

from devices.vcard.apdu import SW, answer

if TYPE_CHECKING:
    from devices.vcard.card_os import VirtualCard

CLA_READER = 0xFF  # PC/SC part 3 pseudo-APDUs, answered by the reader, never sent to the card
INS_GET_DATA = 0xCA
UID_MANUFACTURER = 0x56  # [ours] 'V': the simulation's own first UID byte, no registered IC maker
CASCADE_TAG = 0x88


def historical_bytes(atr: bytes) -> bytes:
    """The historical bytes of an ISO/IEC 7816-3 ATR (walks T0 and the TDi chain)."""
    if len(atr) < 2:
        raise ValueError("ATR too short")
    count = atr[1] & 0x0F
    y, i = atr[1] >> 4, 2
    while True:
        present = bin(y & 0x0F).count("1")
        td_index = i + present - 1 if y & 0x08 else None
        i += present
        if td_index is None:
            break
        y = atr[td_index] >> 4
    hist = atr[i : i + count]
    if len(hist) != count:
        raise ValueError("ATR shorter than its historical bytes")
    return bytes(hist)


def contactless_atr(historical: bytes) -> bytes:
    """The ATR PC/SC part 3 (3.1.3.2.3.1) builds for an ISO 14443-4 type A card from its ATS.

    TS ``3B``; T0 ``8n`` (TD1 follows, n historical bytes); TD1 ``80`` (TD2 follows, T=0);
    TD2 ``01`` (T=1); the ATS historical bytes T1..Tk; TCK, the XOR of T0 up to the last byte."""
    if len(historical) > 15:
        raise ValueError("at most 15 historical bytes")
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    return b"\x3b" + body + bytes([reduce(lambda a, b: a ^ b, body, 0)])


def uid_of(chip_id: str) -> bytes:
    """A 7-byte (double size) ISO 14443-3 UID, stable per card: derived from the chip's serial.

    UID0 is our manufacturer byte; UID3 is never the cascade tag 88 (ISO 14443-3 forbids it)."""
    digest = bytearray(hashlib.sha256(b"vcard-uid:" + chip_id.encode()).digest()[:7])
    digest[0] = UID_MANUFACTURER
    if digest[3] == CASCADE_TAG:
        digest[3] ^= 0x01
    return bytes(digest)


class ContactlessInterface:
    """One card as a contactless reader's slot sees it (a ``SimulatedChip`` for :class:`VpcdSlot`)."""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card
        self.uid = uid_of(card.content.chip_id)
        self.historical = historical_bytes(card.content.atr)
        self._atr = contactless_atr(self.historical)

    @property
    def path(self) -> Path:
        return self.card.path

    @property
    def atr(self) -> bytes:
        return self._atr

    def reset(self) -> bytes:
        self.card.reset_interface(contactless=True)
        return self._atr

    def power_off(self) -> None:
        self.card.power_off_interface(contactless=True)

    def process(self, apdu: bytes) -> bytes:
        if len(apdu) >= 4 and apdu[0] == CLA_READER:
            return self._reader_command(bytes(apdu))
        return self.card.process(apdu, contactless=True)

    def _reader_command(self, apdu: bytes) -> bytes:
        """PC/SC part 3 GET DATA: P1 00 the UID, P1 01 the ATS historical bytes; Le 00 = all of it."""
        ins, p1, p2 = apdu[1], apdu[2], apdu[3]
        if ins != INS_GET_DATA:
            return answer(sw=SW.INS_NOT_SUPPORTED)
        if p2 != 0x00 or p1 not in (0x00, 0x01):
            return answer(sw=SW.WRONG_P1P2)
        data = self.uid if p1 == 0x00 else self.historical
        le = apdu[4] if len(apdu) == 5 else 0
        if le and le < len(data):
            return answer(sw=0x6C00 | len(data))  # wrong Le: the right one in SW2
        return answer(data)
