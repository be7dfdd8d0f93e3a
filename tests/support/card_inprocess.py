"""A SmartCardConnection over the simulated devices of devices/vcard, for in-process card tests.

Tests build this themselves: the app never imports ``devices``.
"""

from __future__ import annotations

from counter_app.card.errors import CardRemoved


class InProcessConnection:
    """A SmartCardConnection over a devices.vcard object; ``remove_after=k`` tears after k APDUs."""

    def __init__(self, device, remove_after: int | None = None):
        self.device = device
        self._atr = device.reset()
        self.remove_after = remove_after
        self.count = 0

    @property
    def atr(self) -> bytes:
        return self._atr

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        if self.remove_after is not None and self.count >= self.remove_after:
            raise CardRemoved()
        self.count += 1
        rsp = self.device.process(apdu)
        return rsp[:-2], int.from_bytes(rsp[-2:], "big")

    def close(self) -> None:
        pass
