"""A card reader with a keypad, in process: what a PC/SC part 10 reader does with the host's structures.

It wraps the simulated card like :class:`tests.support.card_inprocess.InProcessConnection` and answers
``control()``: ``CM_IOCTL_GET_FEATURE_REQUEST`` lists VERIFY_PIN_DIRECT and MODIFY_PIN_DIRECT; those two
read the PIN_VERIFY/PIN_MODIFY structure the way a CCID reader does (offsets, BCD, block size, confirmation),
take the digits from ``keypad`` (what the holder types, one string per entry, or "CANCEL"), build the APDU
and send it to the card. The host side (``counter_app.card.pinpad``) never sees those digits.
"""

from __future__ import annotations

import struct

from tests.support.card_inprocess import InProcessConnection

IOCTL_BASE = 0x42000000
VERIFY_CODE, MODIFY_CODE = IOCTL_BASE + 0x3506, IOCTL_BASE + 0x3507


class PinPadReaderConnection(InProcessConnection):
    def __init__(self, device, keypad: list[str]):
        super().__init__(device)
        self.keypad = keypad  # shared: each new connection goes on with what the holder types next
        self.structures: list[bytes] = []  # what the host sent, for the tests to look at

    def control_code(self, function: int) -> int:
        return IOCTL_BASE + function

    def control(self, code: int, data: bytes) -> bytes:
        if code == IOCTL_BASE + 3400:
            return bytes([0x06, 4]) + VERIFY_CODE.to_bytes(4, "big") + bytes([0x07, 4]) + MODIFY_CODE.to_bytes(4, "big")
        self.structures.append(bytes(data))
        if code == VERIFY_CODE:
            fmt, block = data[2], data[3]
            (length,) = struct.unpack_from("<I", data, 15)
            apdu = bytearray(data[19:19 + length])
            entry = self._entry()
            if entry is None:
                return b"\x64\x01"
            _insert(apdu, 5 + ((fmt >> 3) & 0x0F), block & 0x0F, entry)
        elif code == MODIFY_CODE:
            block, new_offset, confirm = data[3], data[6], data[9]
            (length,) = struct.unpack_from("<I", data, 20)
            apdu = bytearray(data[24:24 + length])
            new = self._entry()
            if new is None:
                return b"\x64\x01"
            again = self._entry() if confirm & 0x01 else new
            if again is None:
                return b"\x64\x01"
            if new != again:
                return b"\x64\x02"
            _insert(apdu, 5 + new_offset, block & 0x0F, new)
        else:
            raise AssertionError(f"unknown control code {code:08X}")
        rsp = self.device.process(bytes(apdu))
        return rsp

    def _entry(self) -> str | None:
        typed = self.keypad.pop(0)
        return None if typed == "CANCEL" else typed


def _insert(apdu: bytearray, at: int, size: int, digits: str) -> None:
    nibbles = [int(c) for c in digits] + [0xF] * (2 * size - len(digits))
    for i in range(size):
        apdu[at + i] = (nibbles[2 * i] << 4) | nibbles[2 * i + 1]
