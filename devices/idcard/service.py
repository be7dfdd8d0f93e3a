"""The simulated ID card reader inside the devices daemon: its requests and its status.

Requests (one-line JSON on the daemon's socket, like the others): ``idcard_put`` (``card``: the card's
fields, ``source``: its file or example name), ``idcard_lift``, ``idcard_fault`` (``kind``: bad-check |
silent | lift-mid-read | clear, ``times``: answers it lasts, 0 until cleared), ``idcard_status``.
The reader's port is a pseudo-terminal's slave side; ``<state>/run/idcard-tty`` links to it.
"""

from __future__ import annotations

from devices.idcard.cards import CardFileError
from devices.idcard.reader import SimulatedIdCardReader
from devices.state import StatePaths


def link_path(paths: StatePaths):
    return paths.run / "idcard-tty"


class IdCardService:
    def __init__(self, paths: StatePaths) -> None:
        self.reader = SimulatedIdCardReader(link_path(paths), read_delay_s=0.3)

    def start(self) -> None:
        self.reader.start()

    def stop(self) -> None:
        self.reader.stop()

    def status(self) -> dict:
        return self.reader.status()

    def handle(self, req: dict) -> dict:
        op = req.get("op")
        try:
            if op == "idcard_put":
                self.reader.put(req["card"], req.get("source"))
            elif op == "idcard_lift":
                self.reader.lift()
            elif op == "idcard_fault":
                self.reader.fault(str(req["kind"]), int(req.get("times", 1)))
            elif op != "idcard_status":
                return {"ok": False, "error": f"unknown op {op!r}"}
        except (CardFileError, KeyError, ValueError, TypeError) as exc:
            return {"ok": False, "error": str(exc)}
        return {"ok": True, "idcard": self.status()}
