"""Secure PIN entry on the reader's own keypad: PC/SC part 10 (``FEATURE_VERIFY_PIN_DIRECT``,
``FEATURE_MODIFY_PIN_DIRECT`` through ``SCardControl``).

With such a reader the PIN goes from the holder's fingers to the card without passing through the PC:
the host sends the reader an APDU *template* and a structure saying where and how to put the digits;
the reader collects them on its keypad, builds the APDU, sends it to the card and gives back the card's
answer. The host never sees the PIN, so it cannot check it against the PIN policy (the issue's weak-PIN
rules): with a reader PIN pad that is the card system's job, and the counter says so in the guide.

How the structures are filled for this card (PC/SC part 10 v2.02, §2.5.2/§2.5.3; CCID §6.1.11):

- PINs are BCD, left-justified (``00 20 00 00 Lc <BCD>``, ``80 5E 01 00 Lc <old> FF <new>``), of the
  fixed length of the PIN policy (6 digits by default → 3 bytes): ``bmFormatString`` = system unit bytes,
  PIN position 0 (or the new PIN's offset), left justify, BCD; ``bmPINBlockString`` = block size in
  bytes, no length field; ``wPINMaxExtraDigit`` = min and max both the policy's length; validation by
  the OK key. The template's PIN bytes are ``FF`` (an odd length leaves the padding F nibble).
- At hand-over the old PIN is the stock's initial PIN, a setting the holder does not know: the host
  writes it into the CHANGE PIN template and asks the reader for the new PIN and its confirmation only
  (``bConfirmPIN`` = 01: confirmation, no current-PIN entry).

The reader answers the card's response APDU, or one of part 10's own status words: 6400 (timeout),
6401 (cancelled on the keypad), 6402 (the two new PINs differ), 6403 (wrong length). This module has no
pyscard: the connection's ``control(code, data)`` (:class:`counter_app.card.pcsc.PcscConnection`) is the
border, and a connection without it (the simulated vpcd reader, which has no keypad) has no PIN pad.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from counter_app.card.apdu import Apdu, ResponseApdu
from counter_app.card.errors import CardError
from counter_app.card.ssc import raise_for_sw
from counter_app.card.sw import SW
from counter_app.domain.pin import to_bcd, wipe

FEATURE_VERIFY_PIN_DIRECT = 0x06
FEATURE_MODIFY_PIN_DIRECT = 0x07

SW_ENTRY_TIMEOUT, SW_ENTRY_CANCELLED, SW_ENTRY_MISMATCH, SW_ENTRY_LENGTH = 0x6400, 0x6401, 0x6402, 0x6403

TIMEOUT_SECONDS = 30          # bTimerOut / bTimerOut2: the holder gets 30 s per entry
LANG_ZH_CN = 0x0804           # wLangId of the reader's own prompts (a reader without Chinese ignores it)


@runtime_checkable
class ControllableConnection(Protocol):
    """A card connection that can also talk to the reader (``SCardControl``)."""

    def control(self, code: int, data: bytes) -> bytes: ...

    def control_code(self, function: int) -> int: ...


class PinEntryError(CardError):
    """The holder's entry on the reader's keypad did not reach the card."""


class PinEntryTimeout(PinEntryError):
    zh = "持卡人未在规定时间内输入密码，请重新开始。"
    en = "the holder did not type the PIN in time; start again"


class PinEntryCancelled(PinEntryError):
    zh = "持卡人在密码键盘上取消了输入。"
    en = "the holder cancelled the entry on the PIN pad"


class PinEntryMismatch(PinEntryError):
    zh = "两次输入的新密码不一致，请重新设置。"
    en = "the two new PINs typed differ; set the PIN again"


class PinEntryLength(PinEntryError):
    zh = "输入的密码位数不对。"
    en = "the PIN typed has the wrong number of digits"


_ENTRY_ERRORS: dict[int, type[PinEntryError]] = {
    SW_ENTRY_TIMEOUT: PinEntryTimeout, SW_ENTRY_CANCELLED: PinEntryCancelled,
    SW_ENTRY_MISMATCH: PinEntryMismatch, SW_ENTRY_LENGTH: PinEntryLength,
}


def parse_features(tlv: bytes) -> dict[int, int]:
    """The answer of ``CM_IOCTL_GET_FEATURE_REQUEST``: tag (1) ‖ 04 ‖ control code (4, big-endian)…"""
    features: dict[int, int] = {}
    i = 0
    while i + 2 <= len(tlv):
        tag, length = tlv[i], tlv[i + 1]
        value = tlv[i + 2:i + 2 + length]
        if length == 4 and len(value) == 4:
            features[tag] = int.from_bytes(value, "big")
        i += 2 + length
    return features


def _format_string(pin_offset: int) -> int:
    # b7 = 1: positions in bytes; b6..b3: PIN position; b2 = 0: left justify; b1..b0 = 01: BCD
    return 0x80 | ((pin_offset & 0x0F) << 3) | 0x01


def _block_bytes(length: int) -> int:
    return (length + 1) // 2


def verify_structure(template: Apdu, length: int, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    """PIN_VERIFY_STRUCTURE for ``template`` (a VERIFY with FF where the PIN goes, at data offset 0)."""
    apdu = template.to_bytes()
    return struct.pack(
        "<BBBBBHBBHB3sI", timeout, timeout, _format_string(0), _block_bytes(length) & 0x0F, 0x00,
        (length << 8) | length, 0x02, 0x01, LANG_ZH_CN, 0x00, b"\x00\x00\x00", len(apdu)) + apdu


def modify_structure(template: Apdu, length: int, new_offset: int, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    """PIN_MODIFY_STRUCTURE for a CHANGE PIN whose old PIN the host already put in ``template``:
    the reader asks for the new PIN and its confirmation and inserts it at ``new_offset``."""
    apdu = template.to_bytes()
    return struct.pack(
        "<BBBBBBBHBBBHBBB3sI", timeout, timeout, _format_string(0), _block_bytes(length) & 0x0F, 0x00,
        0x00, new_offset, (length << 8) | length, 0x01, 0x02, 0x02, LANG_ZH_CN, 0x00, 0x01, 0x02,
        b"\x00\x00\x00", len(apdu)) + apdu


@dataclass(frozen=True)
class ReaderPinPad:
    """The PIN features one reader offers (control codes by part 10 feature tag)."""

    connection: ControllableConnection
    verify_code: int | None
    modify_code: int | None

    @classmethod
    def detect(cls, connection: object) -> ReaderPinPad | None:
        """The reader's PIN pad, or None when the reader has none (or cannot say: vpcd, a plain reader)."""
        if not isinstance(connection, ControllableConnection):
            return None
        try:
            answer = connection.control(connection.control_code(3400), b"")  # CM_IOCTL_GET_FEATURE_REQUEST
        except CardError:
            return None
        features = parse_features(answer)
        pad = cls(connection, features.get(FEATURE_VERIFY_PIN_DIRECT), features.get(FEATURE_MODIFY_PIN_DIRECT))
        return pad if pad.verify_code is not None or pad.modify_code is not None else None

    def verify(self, length: int) -> None:
        """VERIFY with the PIN typed on the keypad; WrongPin/PinBlocked/PinEntry… as the card or reader says."""
        if self.verify_code is None:
            raise PinEntryError("读卡器不支持在密码键盘上校验密码。", "the reader cannot verify a PIN on its keypad")
        template = Apdu(0x00, 0x20, 0x00, 0x00, b"\xFF" * _block_bytes(length))
        self._run(self.verify_code, verify_structure(template, length), "VERIFY (PIN pad)")

    def change_from(self, old: bytearray, length: int) -> None:
        """CHANGE PIN from ``old`` (wiped; the initial PIN at hand-over) to a new PIN typed twice on the keypad."""
        if self.modify_code is None:
            raise PinEntryError("读卡器不支持在密码键盘上修改密码。", "the reader cannot change a PIN on its keypad")
        data = to_bcd(old)
        wipe(old)
        new_offset = len(data) + 1
        data += b"\xFF" + b"\xFF" * _block_bytes(length)
        try:
            structure = modify_structure(Apdu(0x80, 0x5E, 0x01, 0x00, bytes(data)), length, new_offset)
        finally:
            wipe(data)
        self._run(self.modify_code, structure, "CHANGE PIN (PIN pad)")

    def _run(self, code: int, structure: bytes, what: str) -> None:
        answer = self.connection.control(code, structure)
        if len(answer) < 2:
            raise PinEntryError("读卡器密码键盘没有返回结果。", "the reader's PIN pad gave no answer")
        sw = int.from_bytes(answer[-2:], "big")
        if sw in _ENTRY_ERRORS:
            raise _ENTRY_ERRORS[sw]()
        raise_for_sw(ResponseApdu(answer[:-2], sw), what, pin=True)
        if sw != SW.OK:  # raise_for_sw handles the known ones; anything else is still a failure
            raise PinEntryError(f"读卡器返回 {sw:04X}。", f"the reader answered {sw:04X}")


__all__ = [
    "FEATURE_MODIFY_PIN_DIRECT", "FEATURE_VERIFY_PIN_DIRECT", "PinEntryCancelled", "PinEntryError",
    "PinEntryLength", "PinEntryMismatch", "PinEntryTimeout", "ReaderPinPad", "modify_structure",
    "parse_features", "verify_structure",
]
