"""The devices daemon: holds the vpcd slots and obeys one-line JSON requests on a local Unix socket.

Started detached by `python -m devices up` (`python -m devices _daemon`); one per state directory.
Requests: {"op": "status" | "card_insert" (path, contactless) | "card_remove" | "card_tear" (after) |
"card_tap" (path, or none: the card in the encoder) | "card_untap" |
"psam_insert" (path) | "psam_remove" | "shutdown" | "ping" | "idcard_*" (devices/idcard/service.py)}; answers {"ok": true, ...} or
{"ok": false, "error": "..."}. Each request is answered at once (inserts wait briefly for the driver).

Slots: the encoder's card slot and PSAM slot, and the counter's contactless reader. ``card_insert`` with
``contactless`` puts the card in the encoder where its contactless coupler reaches it too (both slots hold
the same card object, a dual-interface card); ``card_tap`` lays a card on the contactless reader alone;
``card_remove`` takes the card out of the encoder, and off the contactless slot when it is the same card.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import threading
import time
from pathlib import Path

from devices.idcard.service import IdCardService
from devices.state import StatePaths
from devices.vcard.card_os import VirtualCard
from devices.vcard.cardfile import CardFileError
from devices.vcard.contactless import ContactlessInterface
from devices.vcard.psam import PsamFileError, VirtualPsam
from devices.vpcd import CARD_SLOT, CONTACTLESS_SLOT, PSAM_SLOT, VpcdSlot

log = logging.getLogger("devices.daemon")
CONNECT_WAIT_S = 3.0


def socket_path(paths: StatePaths) -> Path:
    return paths.run / "control.sock"


def pid_path(paths: StatePaths) -> Path:
    return paths.run / "daemon.pid"


class DevicesDaemon:
    def __init__(self, paths: StatePaths) -> None:
        self.paths = paths
        self.card = VpcdSlot(CARD_SLOT)
        self.psam = VpcdSlot(PSAM_SLOT)
        self.contactless = VpcdSlot(CONTACTLESS_SLOT)
        self.idcard = IdCardService(paths)  # the simulated ID card reader (a pty pair; devices/idcard)
        self.last_card: str | None = None
        self._stop = threading.Event()

    def handle(self, req: dict) -> dict:
        op = req.get("op")
        try:
            if op == "ping":
                return {"ok": True, "pid": os.getpid()}
            if str(op).startswith("idcard_"):
                return self.idcard.handle(req)
            if op == "status":
                return {"ok": True, **self.status()}
            if op == "card_insert":
                chip = VirtualCard(Path(req["path"]))
                if self._contactless_holds(self.card.chip):
                    self.contactless.remove()  # the card taken out of the encoder leaves its coupler too
                self.card.insert(chip)
                self.last_card = str(chip.path)
                if req.get("contactless"):
                    self.contactless.insert(ContactlessInterface(chip))
                    _wait_connected(self.contactless)
                return {"ok": True, "connected": _wait_connected(self.card), **self.status()}
            if op == "card_remove":
                if self._contactless_holds(self.card.chip):
                    self.contactless.remove()
                self.card.remove()
                return {"ok": True, **self.status()}
            if op == "card_tap":
                if req.get("path"):
                    chip = VirtualCard(Path(req["path"]))
                elif isinstance(self.card.chip, VirtualCard):
                    chip = self.card.chip
                else:
                    return {"ok": False, "error": "no card in the encoder: say which card to tap (--file F)"}
                self.contactless.insert(ContactlessInterface(chip))
                return {"ok": True, "connected": _wait_connected(self.contactless), **self.status()}
            if op == "card_untap":
                self.contactless.remove()
                return {"ok": True, **self.status()}
            if op == "card_tear":
                if self.card.chip is None:
                    return {"ok": False, "error": "no card in the user-card slot"}
                # a card torn out of the encoder leaves the contactless coupler with it
                same = self._contactless_holds(self.card.chip)
                self.card.on_torn = self.contactless.remove if same else None
                self.card.tear_after(int(req["after"]))
                return {"ok": True, **self.status()}
            if op == "psam_insert":
                self.psam.insert(VirtualPsam(Path(req["path"])))
                return {"ok": True, "connected": _wait_connected(self.psam), **self.status()}
            if op == "psam_remove":
                self.psam.remove()
                return {"ok": True, **self.status()}
            if op == "shutdown":
                self._stop.set()
                return {"ok": True}
            return {"ok": False, "error": f"unknown op {op!r}"}
        except (CardFileError, PsamFileError, KeyError, ValueError, OSError) as exc:
            return {"ok": False, "error": str(exc)}

    def status(self) -> dict:
        card, psam, contactless = self.card.status(), self.psam.status(), self.contactless.status()
        chip = self.card.chip
        if isinstance(chip, VirtualCard):  # the bank's application on the card in the encoder (or None)
            app = chip.content.financial
            card["financial"] = app.to_json() if app is not None else None
        psam_label = None
        if isinstance(self.psam.chip, VirtualPsam):
            psam_label = self.psam.chip.label
        return {
            "daemon_pid": os.getpid(),
            "card": card,
            "last_card": self.last_card,
            "idcard": self.idcard.status(),
            "psam": {**psam, "label": psam_label},
            "contactless": {**contactless, "same_as_card": self._contactless_holds(self.card.chip)},
        }

    def _contactless_holds(self, chip: object) -> bool:
        """Whether the contactless slot holds ``chip`` (the card object in the encoder)."""
        held = self.contactless.chip
        return chip is not None and isinstance(held, ContactlessInterface) and held.card is chip

    def serve(self) -> None:
        path = socket_path(self.paths)
        path.unlink(missing_ok=True)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(path))
        os.chmod(path, 0o600)
        server.listen(8)
        server.settimeout(0.2)
        self.idcard.start()
        pid_path(self.paths).write_text(f"{os.getpid()}\n")
        log.info("devices daemon %d listening on %s", os.getpid(), path)
        try:
            while not self._stop.is_set():
                try:
                    conn, _ = server.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=self._client, args=(conn,), daemon=True).start()
        finally:
            server.close()
            path.unlink(missing_ok=True)
            self.card.remove()
            self.contactless.remove()
            self.psam.remove()
            self.idcard.stop()
            pid_path(self.paths).unlink(missing_ok=True)
            log.info("devices daemon stopped")

    def _client(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(30)
            try:
                line = conn.makefile("rb").readline()
                reply = self.handle(json.loads(line))
            except (OSError, ValueError) as exc:
                reply = {"ok": False, "error": f"bad request: {exc}"}
            try:
                conn.sendall(json.dumps(reply).encode() + b"\n")
            except OSError:
                pass

    def stop(self, *_args: object) -> None:
        self._stop.set()


def _wait_connected(slot: VpcdSlot) -> bool:
    """Give the driver a moment to accept the card, so that a caller sees it present when we answer."""
    deadline = time.monotonic() + CONNECT_WAIT_S
    while time.monotonic() < deadline:
        if slot.status()["connected"]:
            return True
        time.sleep(0.05)
    return False


def run_daemon(paths: StatePaths, psam_file: Path | None) -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", force=True
    )
    daemon = DevicesDaemon(paths)
    signal.signal(signal.SIGTERM, daemon.stop)
    signal.signal(signal.SIGINT, daemon.stop)
    if psam_file is not None:
        daemon.psam.insert(VirtualPsam(psam_file))
    daemon.serve()
