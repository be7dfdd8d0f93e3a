"""APDU traffic: logged at level TRAFFIC (5, below DEBUG, as in yubikit) and kept for the last run, masked.

What never reaches a log line or a saved trace:
- PINs (VERIFY ``00 20``, CHANGE PIN ``80 5E``, RELOAD/UNBLOCK PIN ``84 24``): the data field;
- cryptograms and MACs: the data of EXTERNAL AUTHENTICATE, the answer of INTERNAL AUTHENTICATE and of
  the PSAM's CIPHER DATA; anything a key-loading command carries;
- personal data: UPDATE/READ RECORD and UPDATE/READ BINARY data while a personal-data file (EF06, EF08 by
  default) is selected. The tracer follows SELECT to know which file that is.

Masked bytes become ``**`` so that lengths stay visible. The header (CLA INS P1 P2 Lc) and status words
stay in clear: that is what a technician needs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from counter_app.card.connection import SmartCardConnection

TRAFFIC = 5
logging.addLevelName(TRAFFIC, "TRAFFIC")
log = logging.getLogger("counter_app.card.traffic")

# (CLA & 0xF0 ignored for secure messaging variants, INS) whose command data is always secret
_SECRET_COMMAND_INS = {
    0x20,  # VERIFY PIN
    0x24,  # CHANGE REFERENCE DATA / RELOAD PIN (84 24)
    0x2C,  # RESET RETRY COUNTER (unblock PIN)
    0x5E,  # CHANGE PIN (80 5E)
    0x82,  # EXTERNAL AUTHENTICATE: cryptogram
    0xD4,  # WRITE KEY
    0xFA,  # PSAM CIPHER DATA: the plain data to encrypt
}
# INS whose answer is always secret
_SECRET_RESPONSE_INS = {0x88, 0xFA}  # INTERNAL AUTHENTICATE cryptogram, PSAM CIPHER DATA result
_RECORD_OR_BINARY_INS = {0xB0, 0xB2, 0xD6, 0xDC}
_SELECT = 0xA4
_GET_RESPONSE = 0xC0


def _stars(n: int) -> str:
    return "**" * n


class ApduMasker:
    """Stateful: knows the selected file, to mask the data of personal-data files."""

    def __init__(self, personal_files: Iterable[int] = (0xEF06, 0xEF08)):
        self.personal_files = frozenset(personal_files)
        self.current_file: int | None = None
        self._last_ins: int | None = None
        self._mask_response = False

    def command(self, apdu: bytes) -> str:
        if len(apdu) >= 2 and apdu[1] == _GET_RESPONSE:
            return apdu.hex().upper()  # the rest of the previous answer: keep that answer's masking
        if len(apdu) < 5:
            self._last_ins, self._mask_response = (apdu[1] if len(apdu) > 1 else None), False
            return apdu.hex().upper()
        cla, ins, p1, p2, lc = apdu[:5]
        data = apdu[5:5 + lc] if len(apdu) > 5 else b""
        tail = apdu[5 + len(data):]
        self._last_ins = ins
        if ins == _SELECT:
            if p1 == 0x02 or (p1 == 0x00 and len(data) == 2):
                self.current_file = int.from_bytes(data, "big") if len(data) == 2 else None
            else:
                self.current_file = None  # an application: no EF selected any more
        personal = self.current_file in self.personal_files and ins in _RECORD_OR_BINARY_INS
        # by SFI (READ BINARY P1 bit 8, READ RECORD P2 bits 8-4): a short EF id we do not map; mask to be safe
        if (ins in (0xB0, 0xD6) and p1 & 0x80) or (ins in (0xB2, 0xDC) and p2 >> 3):
            personal = True
        self._mask_response = ins in _SECRET_RESPONSE_INS or personal
        if len(apdu) == 5:  # header + Le
            return apdu.hex().upper()
        secret = ins in _SECRET_COMMAND_INS or personal
        body = _stars(len(data)) if secret else data.hex().upper()
        return bytes([cla, ins, p1, p2, lc]).hex().upper() + body + tail.hex().upper()

    def response(self, data: bytes) -> str:
        return _stars(len(data)) if self._mask_response else data.hex().upper()


@dataclass(frozen=True, slots=True)
class TraceEntry:
    time: float           # seconds since the epoch
    device: str           # "card" or "psam"
    direction: str        # ">>" command, "<<" response
    hex: str              # masked
    sw: int | None = None
    duration_ms: float | None = None

    def line(self) -> str:
        stamp = time.strftime("%H:%M:%S", time.localtime(self.time)) + f".{int(self.time * 1000) % 1000:03d}"
        sw = f" SW={self.sw:04X}" if self.sw is not None else ""
        dur = f" ({self.duration_ms:.1f} ms)" if self.duration_ms is not None else ""
        return f"{stamp} {self.device:<4} {self.direction} {self.hex}{sw}{dur}"


class TraceRecorder:
    """Keeps the masked trace of the last run (``start()`` begins a new one). Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[TraceEntry] = []
        self.label = ""

    def start(self, label: str = "") -> None:
        with self._lock:
            self._entries = []
            self.label = label

    def add(self, entry: TraceEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> list[TraceEntry]:
        with self._lock:
            return list(self._entries)

    def as_text(self) -> str:
        head = [f"# {self.label}"] if self.label else []
        return "\n".join(head + [e.line() for e in self.entries]) + "\n"

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.as_text(), encoding="utf-8")
        return path


class TracingConnection:
    """Wraps a connection: every exchange is logged at TRAFFIC and recorded, masked."""

    def __init__(self, inner: SmartCardConnection, device: str, recorder: TraceRecorder | None = None,
                 masker: ApduMasker | None = None):
        self.inner = inner
        self.device = device
        self.recorder = recorder
        self.masker = masker or ApduMasker()
        self.count = 0

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        shown = self.masker.command(apdu)
        t0 = time.time()
        if self.recorder:
            self.recorder.add(TraceEntry(t0, self.device, ">>", shown))
        log.log(TRAFFIC, "%s >> %s", self.device, shown)
        self.count += 1
        data, sw = self.inner.send_and_receive(apdu)  # CardRemoved etc. propagate; the command stays recorded
        ms = (time.time() - t0) * 1000
        answer = self.masker.response(data)
        if self.recorder:
            self.recorder.add(TraceEntry(time.time(), self.device, "<<", answer, sw, ms))
        log.log(TRAFFIC, "%s << %s %04X (%.1f ms)", self.device, answer, sw, ms)
        return data, sw

    def close(self) -> None:
        self.inner.close()
