"""An in-process PC/SC port over the simulated card and PSAM of ``devices/vcard``: the two encoder
slots as named readers, a card or PSAM file in each (or none), and a switch for the service itself.
The fast tests of the checks run on it; tests/diagnostics/test_*_pcscd.py run the same over pcscd."""

from __future__ import annotations

from pathlib import Path

from counter_app.card.errors import NoCard, PcscUnavailable, ReaderNotFound
from devices.state import StatePaths
from devices.vcard import stock
from devices.vcard.card_os import VirtualCard
from devices.vcard.psam import VirtualPsam
from tests.support.card_inprocess import InProcessConnection

CARD_READER, PSAM_READER = "Virtual PCD 00 00", "Virtual PCD 00 01"


class InProcessPcsc:
    """``card``/``psam``: the file in each slot (None: empty); ``running``: pcscd up or not."""

    def __init__(self, state_dir: Path):
        self.paths = StatePaths.resolve(state_dir)
        self.psam: Path | None = stock.ensure_psam(self.paths)
        self.card: Path | None = None
        self.running = True
        self.readers = [CARD_READER, PSAM_READER]
        self.opened = 0

    # --- the devices CLI's verbs --------------------------------------------------------------------

    def insert_blank(self, kind: str = "ssc3") -> Path:
        self.card = stock.make_blank(1, self.paths, kind=kind)[0]
        return self.card

    def wrong_psam(self) -> None:
        self.psam = stock.ensure_psam(self.paths, wrong=True)

    # --- PcscPort -------------------------------------------------------------------------------------

    def list_readers(self) -> list[str]:
        if not self.running:
            raise PcscUnavailable()
        return list(self.readers)

    def connect(self, reader: str):
        if not self.running:
            raise PcscUnavailable()
        if reader not in self.readers:
            raise ReaderNotFound(reader, self.readers)
        self.opened += 1
        if reader == CARD_READER:
            if self.card is None:
                raise NoCard()
            return InProcessConnection(VirtualCard(self.card))
        if self.psam is None:
            raise NoCard()
        return InProcessConnection(VirtualPsam(self.psam))
