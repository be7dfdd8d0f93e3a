"""The simulated ID card reader: a thread answering the reader protocol on a pseudo-terminal's master side.

The app opens the slave side (``port``, e.g. ``/dev/pts/7``; a stable symlink beside the state is kept) as it
would open ``/dev/ttyUSB0``. Frames: ``AA AA AA 96 69``, two length bytes, ``CMD PARA data`` in and
``00 00 SW3 data`` out, an XOR check byte over the length bytes to the last data byte.

Like a real reader: find card answers 9F once for a card laid down and 80 after it was read (until it is
lifted and laid again); select answers 90 while a card lies there (81 when none); read answers 41 without a
selected card. Faults on demand (``fault``): ``bad-check`` (the next answers' check byte is wrong),
``silent`` (no answer at all), ``lift-mid-read`` (the next read's answer stops half-way and the card is gone).
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
import tty
from pathlib import Path

from devices.idcard import cards

log = logging.getLogger("devices.idcard")

PREAMBLE = bytes.fromhex("AAAAAA9669")
FAULTS = ("bad-check", "silent", "lift-mid-read")
BYTE_TIME_S = 10 / 115200  # one byte at 115200 baud, 8N1


def _xor(data: bytes) -> int:
    out = 0
    for b in data:
        out ^= b
    return out


def answer_frame(sw3: int, data: bytes = b"") -> bytes:
    body = bytes([0x00, 0x00, sw3]) + data
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([_xor(length + body)])


class SimulatedIdCardReader:
    """One simulated reader. ``start()`` opens the pty pair and serves; ``stop()`` closes it."""

    def __init__(self, link: Path | None = None, *, read_delay_s: float = 0.05) -> None:
        self.link = link
        self.read_delay_s = read_delay_s  # a real card takes about a second; the tests need not wait that long
        self.port: str | None = None
        self.card: dict | None = None
        self.card_file: str | None = None
        self.faults: dict[str, int] = {}  # fault -> answers left (-1: until cleared)
        self.commands: list[tuple[int, int]] = []  # every well-formed command received, for tests
        self._found = False  # the card was found since it was laid (a reader finds a card once)
        self._selected = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._master = self._slave = -1

    # --- the hand at the reader ----------------------------------------------------------------------

    def put(self, card: dict, source: str | None = None) -> None:
        cards.check(card)
        with self._lock:
            self.card, self.card_file = dict(card), source
            self._found = self._selected = False

    def lift(self) -> None:
        with self._lock:
            self.card = self.card_file = None
            self._found = self._selected = False

    def fault(self, kind: str, times: int = 1) -> None:
        if kind == "clear":
            with self._lock:
                self.faults.clear()
            return
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r} (one of {', '.join(FAULTS)}, clear)")
        with self._lock:
            self.faults[kind] = times if times > 0 else -1

    def status(self) -> dict:
        with self._lock:
            return {"port": self.port, "link": str(self.link) if self.link else None, "present": self.card is not None,
                    "file": self.card_file, "name": (self.card or {}).get("name"),
                    "faults": dict(self.faults)}

    # --- serving ---------------------------------------------------------------------------------------

    def start(self) -> SimulatedIdCardReader:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no line discipline: bytes pass as they are
        tty.setraw(self._master)
        self.port = os.ttyname(self._slave)
        if self.link is not None:
            self.link.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.link.with_name(self.link.name + ".tmp")
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(self.port)
            os.replace(tmp, self.link)
        self._thread = threading.Thread(target=self._serve, name="idcard-sim", daemon=True)
        self._thread.start()
        log.info("simulated ID card reader on %s", self.port)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        for fd in (self._master, self._slave):
            if fd >= 0:
                os.close(fd)
        self._master = self._slave = -1
        if self.link is not None and self.link.is_symlink():
            self.link.unlink()

    def _serve(self) -> None:
        buf = bytearray()
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self._master, 4096)
            except OSError:  # EIO while nobody has the slave open: keep waiting
                time.sleep(0.05)
                continue
            buf += chunk
            while True:
                frame = _take_frame(buf)
                if frame is None:
                    break
                self._answer(frame)

    def _answer(self, frame: bytes) -> None:
        if frame is _BAD:
            self._send(answer_frame(0x10))  # the command's check byte is wrong
            return
        cmd, para, data = frame[7], frame[8], frame[9:-1]
        self.commands.append((cmd, para))
        if self._take_fault("silent"):
            return
        out = self._reply(cmd, para, data)
        if out is None:
            return
        if self._take_fault("bad-check"):
            out = out[:-1] + bytes([out[-1] ^ 0xFF])
        self._send(out)

    def _reply(self, cmd: int, para: int, data: bytes) -> bytes | None:
        with self._lock:
            card = self.card
            if (cmd, para) == (0x11, 0xFF):
                return answer_frame(0x90)
            if (cmd, para) == (0x12, 0xFF):  # SAM id: 16 bytes
                return answer_frame(0x90, bytes.fromhex("0502") + (1234).to_bytes(4, "little")
                                    + (20261203).to_bytes(4, "little") + (42).to_bytes(4, "little") + b"\0\0")
            if (cmd, para) == (0x20, 0x01):
                if card is None or self._found:
                    return answer_frame(0x80)
                self._found = True
                return answer_frame(0x9F, b"\x00\x00\x00\x00")
            if (cmd, para) == (0x20, 0x02):
                if card is None:
                    return answer_frame(0x81)
                self._selected = True
                return answer_frame(0x90, bytes(8))
            if (cmd, para) not in ((0x30, 0x01), (0x30, 0x10)):
                return answer_frame(0x21)  # a command this reader does not know
            if card is None or not self._selected:
                return answer_frame(0x41)
            lifted = self._take_fault_locked("lift-mid-read")
            if lifted:
                self.card = self.card_file = None
                self._found = self._selected = False
        time.sleep(self.read_delay_s)  # the card's radio link: a real read takes about a second
        text, photo = cards.text_block(card), cards.photo_blob(card)
        lens = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
        blocks = text + photo
        if para == 0x10:
            fp = cards.fingerprint_blob(card)
            lens += len(fp).to_bytes(2, "big")
            blocks += fp
        out = answer_frame(0x90, lens + blocks)
        if lifted:  # the card left the field: the reader's answer stops half-way
            self._send(out[: len(out) // 2])
            return None
        return out

    def _take_fault(self, kind: str) -> bool:
        with self._lock:
            return self._take_fault_locked(kind)

    def _take_fault_locked(self, kind: str) -> bool:
        left = self.faults.get(kind, 0)
        if left == 0:
            return False
        if left > 0:
            if left == 1:
                del self.faults[kind]
            else:
                self.faults[kind] = left - 1
        return True

    def _send(self, data: bytes) -> None:
        try:
            os.write(self._master, data)
        except OSError as exc:
            log.info("ID card reader: answer not sent (%s)", exc)


_BAD = b"bad"


def _take_frame(buf: bytearray) -> bytes | None:
    """The next complete command frame in ``buf`` (removed from it); ``_BAD`` for one with a bad check byte;
    None when more bytes are needed. Bytes before a preamble are dropped."""
    start = buf.find(PREAMBLE)
    if start < 0:
        del buf[: max(0, len(buf) - len(PREAMBLE) + 1)]
        return None
    del buf[:start]
    if len(buf) < 7:
        return None
    n = int.from_bytes(buf[5:7], "big")
    if n < 3 or n > 4096:
        del buf[:len(PREAMBLE)]
        return _BAD
    if len(buf) < 7 + n:
        return None
    frame = bytes(buf[: 7 + n])
    del buf[: 7 + n]
    return frame if _xor(frame[5:-1]) == frame[-1] else _BAD
