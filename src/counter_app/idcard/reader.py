"""The ID card reader over a serial port (pyserial): find, select and read a card, with the timeouts and
retries a real reader needs.

- **No answer**: each command has its own deadline (:class:`Timeouts`; a read takes the card about a second).
  A command that gets no answer is sent again ``retries`` times, then :class:`IdCardReaderSilent`.
- **A damaged answer** (bad check byte, wrong length, garbage): the input is flushed and the command sent
  again; damaged ``retries + 1`` times in a row is :class:`IdCardFrameError`.
- **A card lifted mid-read** (the answer stops half-way, or SW3 ``41``): the reader looks for the card again;
  gone is :class:`IdCardLifted`, still there is one more read.
- **The port gone** (a USB reader unplugged): :class:`IdCardReaderNotFound`; the port is closed and opened
  again on the next command, so a watcher carries on once the reader is plugged back in.

The port is ``serial_for_url``'s, so tests pass a pseudo-terminal's path and the simulated reader of
``devices/idcard`` answers. An empty port means: try every serial port pyserial lists (USB-serial first) and
keep the first that answers the SAM status command.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import serial
from serial.tools import list_ports

from counter_app.idcard import protocol as p
from counter_app.idcard.errors import (
    IdCardFrameError,
    IdCardLifted,
    IdCardReaderFault,
    IdCardReaderNotFound,
    IdCardReaderSilent,
    IdCardUnreadable,
    NoIdCard,
)
from counter_app.idcard.model import IdCardData, card_from_blocks

log = logging.getLogger(__name__)

DEFAULT_BAUDRATE = 115200

try:  # POSIX: pyserial's flush of a vanished port raises termios.error (not an OSError)
    import termios

    _PORT_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, termios.error)
except ImportError:  # Windows
    _PORT_ERRORS = (serial.SerialException, OSError)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds to wait for each kind of answer. A reader answers the SAM, find and select commands within
    some tens of milliseconds; a read takes the card about one second (the photo is 1 KiB over the card's
    radio link), a read with fingerprints a little more."""

    command: float = 0.5
    read: float = 3.0
    fingerprint_read: float = 4.0

    def scaled(self, factor: float) -> Timeouts:
        return Timeouts(self.command * factor, self.read * factor, self.fingerprint_read * factor)


class _NoAnswer(Exception):
    """Nothing, or only part of a frame, came back before the deadline."""

    def __init__(self, got: int):
        self.got = got
        super().__init__(f"{got} bytes before the deadline")


class IdCardReader:
    """One ID card reader on one serial port. Thread-safe (one command at a time); open on first use."""

    def __init__(self, port: str = "", *, baudrate: int = DEFAULT_BAUDRATE, timeouts: Timeouts = Timeouts(),
                 retries: int = 2, open_port: Callable[..., serial.SerialBase] | None = None):
        self.port = port
        self.baudrate = baudrate
        self.timeouts = timeouts
        self.retries = retries
        self._open_port = open_port or _open_serial
        self._serial: serial.SerialBase | None = None
        self._lock = threading.RLock()

    # --- the port ------------------------------------------------------------------------------------

    def open(self) -> IdCardReader:
        with self._lock:
            if self._serial is None:
                if not self.port:
                    self.port = detect_port(baudrate=self.baudrate, timeouts=self.timeouts,
                                            open_port=self._open_port)
                try:
                    self._serial = self._open_port(self.port, self.baudrate)
                except (serial.SerialException, OSError, ValueError) as exc:
                    raise IdCardReaderNotFound(self.port, str(exc)) from exc
        return self

    def close(self) -> None:
        with self._lock:
            if self._serial is not None:
                try:
                    self._serial.close()
                finally:
                    self._serial = None

    def __enter__(self) -> IdCardReader:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the commands --------------------------------------------------------------------------------

    def sam_status(self) -> None:
        """The reader's SAM works (SW3 90); :class:`IdCardReaderFault` otherwise."""
        answer = self.transact(p.SAM_STATUS, self.timeouts.command)
        if answer.sw3 != p.SW3_OK:
            raise _fault(answer.sw3)

    def sam_id(self) -> str:
        """The SAM's serial number as readers print it (for diagnostics); empty when the reader has none."""
        answer = self.transact(p.SAM_ID, self.timeouts.command)
        if answer.sw3 != p.SW3_OK or len(answer.data) < 16:
            return ""
        d = answer.data
        return (f"{d[1]:02d}.{d[0]:02d}-{int.from_bytes(d[2:6], 'little')}-"
                f"{int.from_bytes(d[6:10], 'little'):010d}-{int.from_bytes(d[10:14], 'little'):010d}")

    def find_card(self) -> bool:
        """Whether a card not yet read lies on the reader (SW3 9F; 80 is none)."""
        answer = self.transact(p.FIND_CARD, self.timeouts.command)
        if answer.sw3 in (p.SW3_FOUND, p.SW3_OK):
            return True
        if answer.sw3 == p.SW3_NOT_FOUND:
            return False
        raise _fault(answer.sw3)

    def select_card(self) -> bool:
        """Select the card found (SW3 90); False when it is gone (81)."""
        answer = self.transact(p.SELECT_CARD, self.timeouts.command)
        if answer.sw3 == p.SW3_OK:
            return True
        if answer.sw3 in (p.SW3_SELECT_FAILED, p.SW3_NOT_FOUND):
            return False
        raise _fault(answer.sw3)

    def card_present(self) -> bool:
        """Whether any card lies on the reader, read or not: a found card, or one that is still selectable
        (a reader does not "find" a card again after it was read until it is lifted and laid anew)."""
        return self.find_card() or self.select_card()

    def read_card(self, *, fingerprint: bool = False, attempts: int = 2, found: bool = False) -> IdCardData:
        """Find, select and read the card on the reader. :class:`NoIdCard` when there is none,
        :class:`IdCardLifted` when it went away during the read. ``found``: the caller's find card just
        answered 9F (the watcher), so the card is selected at once."""
        with self._lock:
            if not found and not self.card_present():
                raise NoIdCard()
            for attempt in range(attempts):
                if not self.select_card():
                    raise IdCardLifted() if attempt else NoIdCard()
                try:
                    return self._read(fingerprint)
                except _CardGone:
                    log.info("ID card read interrupted (attempt %d)", attempt + 1)
                    if not self.card_present():
                        raise IdCardLifted() from None
            raise IdCardLifted()

    def _read(self, fingerprint: bool) -> IdCardData:
        command = p.READ_TEXT_PHOTO_FINGERPRINT if fingerprint else p.READ_TEXT_PHOTO
        timeout = self.timeouts.fingerprint_read if fingerprint else self.timeouts.read
        answer = self.transact(command, timeout, partial_is_gone=True)  # _CardGone goes to read_card
        if answer.sw3 == p.SW3_READ_FAILED:
            raise _CardGone()
        if answer.sw3 == p.SW3_COMMAND and fingerprint:
            return self._read(False)  # a reader without fingerprint support: text and photo only
        if answer.sw3 != p.SW3_OK:
            raise _fault(answer.sw3)
        try:
            blocks = p.split_read(answer.data, fingerprint=fingerprint)
            return card_from_blocks(blocks.text, blocks.photo, blocks.fingerprint)
        except p.FrameError as exc:
            raise IdCardUnreadable("证件数据损坏", f"damaged card data ({exc})") from exc

    # --- one command and its answer ------------------------------------------------------------------

    def transact(self, command: tuple[int, int], timeout_s: float, data: bytes = b"", *,
                 partial_is_gone: bool = False) -> p.Answer:
        """Send ``command`` and return its answer, retrying a silent or damaged one ``retries`` times.
        ``partial_is_gone``: an answer that stops half-way means the card was lifted (a read), not a retry."""
        frame = p.build_command(command, data)
        with self._lock:
            port = self.open()._port()
            damaged: str | None = None
            silent = 0
            for _attempt in range(self.retries + 1):
                try:
                    port.reset_input_buffer()
                    port.write(frame)
                    port.flush()
                    return p.parse_answer(self._receive(port, timeout_s))
                except _PORT_ERRORS as exc:
                    # The port went away (a USB reader unplugged): closed, so that the next use opens it anew.
                    self.close()
                    raise IdCardReaderNotFound(self.port, str(exc)) from exc
                except _NoAnswer as exc:
                    if exc.got and partial_is_gone:
                        raise _CardGone() from exc
                    silent += 1
                    log.info("ID card reader: no answer to %02X %02X (%s)", *command, exc)
                except p.FrameError as exc:
                    damaged = str(exc)
                    log.info("ID card reader: damaged answer to %02X %02X (%s)", *command, exc)
                    # A late tail of the damaged frame must not be taken for the next answer.
                    time.sleep(0.02)
            if silent == self.retries + 1:
                raise IdCardReaderSilent(self.port)
            raise IdCardFrameError(damaged or "", self.port)

    def _port(self) -> serial.SerialBase:
        assert self._serial is not None
        return self._serial

    @staticmethod
    def _receive(port: serial.SerialBase, timeout_s: float) -> bytes:
        """One frame: skip to the preamble, read the length, then the rest, all before the deadline."""
        deadline = time.monotonic() + timeout_s
        buf = bytearray()

        def fill(n: int) -> None:
            while len(buf) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _NoAnswer(len(buf))
                port.timeout = min(left, 0.1)
                buf.extend(port.read(n - len(buf)))

        fill(p.HEADER_LEN)
        while buf[: len(p.PREAMBLE)] != p.PREAMBLE:  # garbage before the frame (line noise, a stale tail)
            idx = buf.find(p.PREAMBLE[:1], 1)
            del buf[: idx if idx > 0 else len(buf)]
            fill(p.HEADER_LEN)
        fill(p.HEADER_LEN + p.body_length(bytes(buf[: p.HEADER_LEN])))
        return bytes(buf)


class _CardGone(Exception):
    """The read stopped: the card left the reader's field (the caller looks whether it is still there)."""


def _fault(sw3: int) -> Exception:
    zh, en = p.SW3_TEXT.get(sw3, ("未知状态", "unknown status"))
    if sw3 in (p.SW3_CARD_AUTH, p.SW3_SAM_AUTH, p.SW3_INFO_CHECK, p.SW3_CARD_TYPE, p.SW3_NO_CONTENT):
        return IdCardUnreadable(zh, en)
    return IdCardReaderFault(sw3, zh, en)


def _open_serial(port: str, baudrate: int) -> serial.SerialBase:
    # 8N1, no flow control: what GA 450 readers use. The timeout is set per read by _receive.
    return serial.serial_for_url(port, baudrate=baudrate, bytesize=8, parity="N", stopbits=1, timeout=0.1)


# --- finding the reader -------------------------------------------------------------------------------

def candidate_ports(ports: Iterable | None = None) -> list[str]:
    """The serial ports to try, USB-serial adapters (where readers sit) first."""
    listed = list(list_ports.comports() if ports is None else ports)

    def rank(info) -> tuple[int, str]:
        dev = str(info.device)
        usb = getattr(info, "vid", None) is not None or "USB" in dev or "ACM" in dev
        return (0 if usb else 1, dev)

    return [str(info.device) for info in sorted(listed, key=rank)]


def detect_port(*, baudrate: int = DEFAULT_BAUDRATE, timeouts: Timeouts = Timeouts(),
                open_port: Callable[..., serial.SerialBase] | None = None, ports: Iterable[str] | None = None) -> str:
    """The first serial port whose device answers the SAM status command; :class:`IdCardReaderNotFound`."""
    tried = list(ports) if ports is not None else candidate_ports()
    for dev in tried:
        probe = IdCardReader(dev, baudrate=baudrate, timeouts=timeouts, retries=0, open_port=open_port)
        try:
            probe.open()
            probe.transact(p.SAM_STATUS, timeouts.command)
            return dev
        except Exception as exc:  # anything on another port (a modem, a scanner) just means: not this one
            log.debug("no ID card reader on %s: %s", dev, exc)
        finally:
            probe.close()
    raise IdCardReaderNotFound("", tried=tried)
