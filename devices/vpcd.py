"""The card side of the vpcd protocol: plugs a VirtualCard or VirtualPsam into one pcscd reader slot.

The `vsmartcard-vpcd` driver inside pcscd listens on localhost, one TCP port per slot (35963 + slot). A virtual
card is a TCP client; being connected means "card present". Every message either way is a 2-byte big-endian
length and a payload. From the driver, a 1-byte payload is a control code (0 power off, 1 power on, 2 reset,
4 get ATR: only the last one is answered, with the ATR); a longer payload is a command APDU, answered with the
response APDU. Closing the connection is pulling the card.

A `VpcdSlot` owns one connection on its own thread. While a card is inserted it keeps (re)connecting, so a card
inserted before pcscd is up, or across a pcscd restart, appears as soon as the driver listens.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

log = logging.getLogger("devices.vpcd")

HOST = "127.0.0.1"
BASE_PORT = 35963
CARD_SLOT, PSAM_SLOT = 0, 1
# The counter's contactless reader: the first slot of the second vpcd entry (devices/pcscd.py), port 35965.
CONTACTLESS_SLOT = 2

CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0, 1, 2, 4
RECONNECT_DELAY_S = 0.2
# pcscd polls a reader's card presence every 400 ms: a card pulled and put back (or swapped) faster than
# that would look to pcscd as if it never left, with a stale ATR and power state. So a new connection
# waits until this long after the last one ended, as a hand swapping cards would.
SWAP_GAP_S = 1.0


class SimulatedChip(Protocol):
    path: Path

    def reset(self) -> bytes: ...
    def power_off(self) -> None: ...
    def process(self, apdu: bytes) -> bytes: ...


class VpcdSlot:
    """One reader slot: empty, or holding a chip that is (or is trying to be) connected to the driver."""

    def __init__(self, slot: int, host: str = HOST, port: int | None = None) -> None:
        self.slot = slot
        self.host = host
        self.port = port if port is not None else BASE_PORT + slot
        self._lock = threading.Lock()
        self._chip: SimulatedChip | None = None
        self._generation = 0  # bumped on every insert/remove: a stale thread sees it and ends
        self._sock: socket.socket | None = None
        self._connected = False
        self._tear_after: int | None = None
        self.on_torn: Callable[[], None] | None = None  # called (no lock held) after a tear pulled the card
        self._last_drop = float("-inf")  # monotonic time the last connection ended
        self.apdus = 0  # answered APDUs since insertion (status only)

    # -- control (any thread) ------------------------------------------------------------------------------

    def insert(self, chip: SimulatedChip) -> None:
        """Put `chip` into the slot (replacing whatever was there)."""
        self.remove()
        with self._lock:
            self._generation += 1
            self._chip = chip
            self._tear_after = None
            self.apdus = 0
            gen = self._generation
        threading.Thread(target=self._run, args=(gen,), name=f"vpcd-slot{self.slot}", daemon=True).start()

    def remove(self) -> None:
        """Pull the card: the connection closes, pcscd sees the slot empty. Idempotent."""
        with self._lock:
            self._drop_locked()

    def tear_after(self, k: int) -> None:
        """Answer `k` more APDUs, then pull the card (k = 0: pull it now)."""
        with self._lock:
            if self._chip is None:
                return
            if k > 0:
                self._tear_after = k
                return
            self._drop_locked()
        if self.on_torn is not None:
            self.on_torn()

    def status(self) -> dict:
        with self._lock:
            return {
                "slot": self.slot,
                "port": self.port,
                "present": self._chip is not None,
                "connected": self._connected,
                "file": str(self._chip.path) if self._chip is not None else None,
                "tear_after": self._tear_after,
                "apdus": self.apdus,
            }

    @property
    def chip(self) -> SimulatedChip | None:
        return self._chip

    def _drop_locked(self) -> None:
        self._generation += 1
        chip, self._chip = self._chip, None
        self._tear_after = None
        if chip is not None:
            chip.power_off()
        if self._sock is not None:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._sock.close()
            self._sock = None
            self._last_drop = time.monotonic()
        self._connected = False

    # -- the connection thread -----------------------------------------------------------------------------

    def _current(self, gen: int) -> bool:
        return self._generation == gen

    def _run(self, gen: int) -> None:
        while True:
            with self._lock:
                if not self._current(gen):
                    return
                gap = self._last_drop + SWAP_GAP_S - time.monotonic()
            if gap > 0:
                time.sleep(gap)
                continue
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2.0)
            except OSError:
                time.sleep(RECONNECT_DELAY_S)  # the driver is not listening (yet): pcscd down or starting
                continue
            sock.settimeout(None)
            _low_latency(sock)
            with self._lock:
                if not self._current(gen):
                    sock.close()
                    return
                self._sock, self._connected = sock, True
            log.info("slot %d: connected to vpcd port %d", self.slot, self.port)
            try:
                self._serve(sock, gen)
            except OSError as exc:
                log.info("slot %d: connection ended: %s", self.slot, exc)
            with self._lock:
                if self._sock is sock:
                    self._sock, self._connected = None, False
                    self._last_drop = time.monotonic()
                    sock.close()
                if not self._current(gen):
                    return
                if self._chip is not None:
                    self._chip.power_off()
            time.sleep(RECONNECT_DELAY_S)  # the driver went away (pcscd stopped): try again

    def _serve(self, sock: socket.socket, gen: int) -> None:
        while True:
            msg = _recv_msg(sock)
            if msg is None:
                return
            with self._lock:
                if not self._current(gen) or self._chip is None:
                    return
                chip = self._chip
                if len(msg) == 1:
                    reply = self._control(chip, msg[0])
                else:
                    reply = chip.process(msg)
                    self.apdus += 1
                    log.debug("slot %d: %s -> %s", self.slot, msg[:4].hex(), reply[-2:].hex())
            if reply is not None:
                _send_msg(sock, reply)
            torn = False
            if len(msg) > 1:
                with self._lock:
                    if self._current(gen) and self._tear_after is not None:
                        self._tear_after -= 1
                        if self._tear_after <= 0:
                            log.info("slot %d: card torn", self.slot)
                            self._drop_locked()
                            torn = True
                if torn:
                    if self.on_torn is not None:
                        self.on_torn()
                    return

    @staticmethod
    def _control(chip: SimulatedChip, code: int) -> bytes | None:
        if code == CTRL_OFF:
            chip.power_off()
        elif code in (CTRL_ON, CTRL_RESET):
            chip.reset()
        elif code == CTRL_ATR:
            return _atr_of(chip)
        else:
            log.warning("unknown vpcd control code %d", code)
        return None


def _atr_of(chip: SimulatedChip) -> bytes:
    atr = getattr(chip, "atr", None)
    return atr if isinstance(atr, bytes) else chip.reset()


def _low_latency(sock: socket.socket) -> None:
    """No Nagle on our side; and see :func:`_quickack`."""
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    _quickack(sock)


def _quickack(sock: socket.socket) -> None:
    """The vpcd driver writes a message's 2-byte length and its body in two writes; with Nagle on its
    side, the body waits for our ACK of the length, which Linux delays by ~40 ms. Acknowledging at
    once (re-armed after every read, as Linux clears it) takes each APDU from ~44 ms to well under 1 ms."""
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)
        except OSError:
            pass


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        part = sock.recv(n - len(buf))
        _quickack(sock)
        if not part:
            return None
        buf += part
    return bytes(buf)


def _recv_msg(sock: socket.socket) -> bytes | None:
    head = _recv_exact(sock, 2)
    if head is None:
        return None
    (length,) = struct.unpack(">H", head)
    return _recv_exact(sock, length) if length else b""


def _send_msg(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)
