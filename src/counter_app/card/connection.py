"""The one interface between the card protocol and a reader: bytes out, (data, status word) back.

As in yubikit, nothing above this line knows about pyscard. :mod:`counter_app.card.pcsc` gives the real
connection; :class:`ScriptedConnection` plays a recorded conversation in tests; tests that talk to the
simulated card OS wrap ``devices.vcard`` in a few lines of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from counter_app.card.errors import CardRemoved


@runtime_checkable
class SmartCardConnection(Protocol):
    """A powered, connected card. ``send_and_receive`` raises CardRemoved/NoCard/PcscUnavailable."""

    @property
    def atr(self) -> bytes: ...

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]: ...

    def close(self) -> None: ...


class ScriptMismatch(AssertionError):
    """The code under test sent something other than the script expected."""


Response = bytes | Callable[[bytes], bytes]


@dataclass
class Exchange:
    """One expected command and its answer (data + SW as bytes, or a function of the command).

    ``expect`` is a hex pattern: spaces are ignored, ``..`` matches any one byte and a trailing ``*``
    any rest (random challenges and cryptograms are never known in advance).
    """

    expect: str
    answer: Response
    note: str = ""

    def matches(self, apdu: bytes) -> bool:
        pattern = self.expect.replace(" ", "").upper()
        rest = pattern.endswith("*")
        pattern = pattern.rstrip("*")
        regex = "".join("[0-9A-F]{2}" if pattern[i:i + 2] == ".." else re.escape(pattern[i:i + 2])
                        for i in range(0, len(pattern), 2))
        return re.fullmatch(regex + (".*" if rest else ""), apdu.hex().upper()) is not None


class ScriptedConnection:
    """Plays a list of :class:`Exchange` in order and fails loudly on anything unexpected.

    ``remove_after=k`` makes the k+1-th APDU raise :class:`CardRemoved` (tearing tests).
    """

    def __init__(self, script: Iterable[Exchange | tuple], atr: bytes = bytes.fromhex("3B00"),
                 remove_after: int | None = None):
        self.script = [e if isinstance(e, Exchange) else Exchange(*e) for e in script]
        self._atr = atr
        self.sent: list[bytes] = []
        self.remove_after = remove_after
        self.closed = False

    @property
    def atr(self) -> bytes:
        return self._atr

    @property
    def done(self) -> bool:
        return len(self.sent) == len(self.script)

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        if self.remove_after is not None and len(self.sent) >= self.remove_after:
            raise CardRemoved()
        i = len(self.sent)
        if i >= len(self.script):
            raise ScriptMismatch(f"unexpected APDU #{i + 1} after the end of the script: {apdu.hex().upper()}")
        step = self.script[i]
        if not step.matches(apdu):
            raise ScriptMismatch(f"APDU #{i + 1} {step.note}: expected {step.expect}, got {apdu.hex().upper()}")
        self.sent.append(apdu)
        answer = step.answer(apdu) if callable(step.answer) else step.answer
        if len(answer) < 2:
            raise ScriptMismatch(f"script answer #{i + 1} lacks a status word")
        return answer[:-2], int.from_bytes(answer[-2:], "big")

    def close(self) -> None:
        self.closed = True
