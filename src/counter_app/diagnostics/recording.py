"""Record and replay of card sessions, for bug reports.

:class:`RecordingConnection` wraps any connection and keeps each exchange, masked as the traces are
(PINs, cryptograms and personal data become ``**``), with its timing. A :class:`Recording` saves
as JSON. :class:`ReplayConnection` is a :class:`~counter_app.card.connection.SmartCardConnection`
that answers from a recording — a virtual reader on which support runs the same code that failed
at the counter. Masked command bytes match anything; masked answer bytes are played as ``00``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from counter_app.card.connection import Exchange, SmartCardConnection
from counter_app.card.errors import CardError
from counter_app.card.trace import ApduMasker

FORMAT = 1


@dataclass(frozen=True)
class RecordedExchange:
    command: str      # masked hex: ``**`` for each hidden byte
    response: str     # masked hex of the data
    sw: int
    ms: float

    def as_dict(self) -> dict:
        return {"command": self.command, "response": self.response, "sw": f"{self.sw:04X}", "ms": round(self.ms, 3)}


@dataclass
class Recording:
    device: str
    reader: str
    atr: str
    exchanges: list[RecordedExchange] = field(default_factory=list)
    recorded_at: str = ""

    def as_dict(self) -> dict:
        return {"format": FORMAT, "device": self.device, "reader": self.reader, "atr": self.atr,
                "recorded_at": self.recorded_at, "exchanges": [e.as_dict() for e in self.exchanges]}

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), indent=1), encoding="utf-8")
        return path

    @classmethod
    def from_dict(cls, doc: dict) -> Recording:
        if doc.get("format") != FORMAT:
            raise ValueError(f"unsupported recording format {doc.get('format')!r}")
        return cls(str(doc["device"]), str(doc["reader"]), str(doc["atr"]),
                   [RecordedExchange(str(e["command"]), str(e["response"]), int(e["sw"], 16), float(e.get("ms", 0)))
                    for e in doc["exchanges"]], str(doc.get("recorded_at", "")))

    @classmethod
    def load(cls, path: str | Path) -> Recording:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


class RecordingConnection:
    """Passes everything through to ``inner`` and records it, masked."""

    def __init__(self, inner: SmartCardConnection, *, device: str = "card", reader: str = "",
                 masker: ApduMasker | None = None):
        self.inner = inner
        self.masker = masker or ApduMasker()
        self.recording = Recording(device, reader, inner.atr.hex().upper(),
                                   recorded_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"))

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        shown = self.masker.command(apdu)
        t0 = time.perf_counter()
        data, sw = self.inner.send_and_receive(apdu)
        ms = (time.perf_counter() - t0) * 1000
        self.recording.exchanges.append(RecordedExchange(shown, self.masker.response(data), sw, ms))
        return data, sw

    def close(self) -> None:
        self.inner.close()


class ReplayMismatch(CardError):
    """The replayed code sent something the recording does not hold at this point."""

    def __init__(self, index: int, expected: str, got: str):
        self.index, self.expected, self.got = index, expected, got
        super().__init__(f"回放不一致：第 {index + 1} 条指令应为 {expected}，实际为 {got}",
                         f"replay mismatch at APDU #{index + 1}: recorded {expected}, sent {got}")


class ReplayConnection:
    """A virtual reader answering from a :class:`Recording`, in order."""

    def __init__(self, recording: Recording):
        self.recording = recording
        self._atr = bytes.fromhex(recording.atr)
        self.position = 0
        self.closed = False

    @property
    def atr(self) -> bytes:
        return self._atr

    @property
    def done(self) -> bool:
        return self.position == len(self.recording.exchanges)

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        from counter_app.card.errors import CardRemoved

        if self.position >= len(self.recording.exchanges):
            raise CardRemoved()  # the recorded session ended there: as if the card was pulled
        step = self.recording.exchanges[self.position]
        if not Exchange(step.command.replace("**", ".."), b"").matches(apdu):
            raise ReplayMismatch(self.position, step.command, apdu.hex().upper())
        self.position += 1
        return bytes.fromhex(step.response.replace("**", "00")), step.sw

    def close(self) -> None:
        self.closed = True
