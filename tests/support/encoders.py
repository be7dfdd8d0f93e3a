"""The encoder's two slots (card and PSAM) as the app's ``Encoder`` interface sees them (``open_card``,
``open_psam``), over the simulated SSC 3.0 card and PSAM of ``devices/vcard`` run in this process.

- :class:`InProcessEncoder`: one card file and one PSAM file; ``tear_after=k`` pulls the card out after it
  answered k APDUs of the next ``open_card`` (and pushes it back in for the one after).
- :class:`SlotEncoder`: a slot the test fills and empties as a clerk would (``insert_blank``, ``remove``);
  an empty slot raises ``NoCard``; ``tear_after`` pulls the card out for good.
- :class:`PortEncoder`: the two slots as named readers of a PC/SC-like port (``connect(reader)``).

With ``keypad`` set (a list of what the holder types, one string per entry, or "CANCEL"), the card slot of
the first two is a reader with its own keypad (PC/SC part 10, :mod:`tests.support.pinpad_reader`): the app
finds the keypad through the reader's feature list, as on hardware; ``pin_entries`` collects the PIN
structures the host sent to the reader.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from counter_app.card.errors import CardRemoved, NoCard
from counter_app.services.encoding import PcscEncoder
from tests.support.card_inprocess import InProcessConnection
from tests.support.pinpad_reader import PinPadReaderConnection

CARD_READER, PSAM_READER = "Virtual PCD 00 00", "Virtual PCD 00 01"


class InProcessEncoder:
    """The encoder's two slots over in-process devices; ``tear_after`` pulls the card after k APDUs."""

    def __init__(self, card_path: Path, psam_path: Path, *, keypad: list[str] | None = None):
        self.card_path, self.psam_path = card_path, psam_path
        self.tear_after: int | None = None
        self.keypad = keypad
        self.pin_entries: list[bytes] = []

    def open_card(self):
        from devices.vcard.card_os import VirtualCard

        if self.keypad is not None:
            return _keypad_reader(VirtualCard(self.card_path), self)
        conn = InProcessConnection(VirtualCard(self.card_path), self.tear_after)
        self.tear_after = None  # a pulled card is pushed back in for the next run
        return conn

    def open_psam(self):
        from devices.vcard.psam import VirtualPsam

        return InProcessConnection(VirtualPsam(self.psam_path))


def make_inprocess_encoder(paths) -> InProcessEncoder:
    """A blank card of a new stock and the stock's PSAM (``paths``: a ``devices.state.StatePaths``)."""
    from devices.vcard import stock

    return InProcessEncoder(stock.make_blank(1, paths)[0], stock.ensure_psam(paths))


class SlotEncoder:
    """The encoder's two slots over in-process devices. ``insert``/``remove`` as a clerk would;
    ``tear_after=k`` pulls the card out after it answered k more APDUs (it stays out). Each change of
    the slot is a card event for the app's card watch (``watch``, as ``Backends.make_card_watch``),
    as pcscd would send one: the app never opens the card to see whether it is there."""

    def __init__(self, paths, blanks: int = 6):
        from devices.vcard import stock

        self.paths = paths
        self.psam = stock.ensure_psam(paths)
        stock.make_blank(blanks, paths)
        self._card: Path | None = None
        self.tear_after: int | None = None
        self._lock = threading.Lock()
        self._watchers: list = []
        self.keypad: list[str] | None = None
        self.pin_entries: list[bytes] = []

    @property
    def card(self) -> Path | None:
        return self._card

    @card.setter
    def card(self, card: Path | None) -> None:
        was, self._card = self._card, card
        if (was is None) != (card is None):
            for watcher in list(self._watchers):
                watcher.changed(card is not None)

    def watch(self, settings, callback) -> SlotWatch:
        """The card events of this slot, as ``Backends.make_card_watch(settings, callback)``."""
        return SlotWatch(self, str(settings["card.reader"]), callback)

    def insert_blank(self) -> Path:
        from devices.vcard import stock

        self.card = stock.next_blank(self.paths)
        return self.card

    def insert(self, card: Path) -> None:
        self.card = card

    def remove(self) -> None:
        self.card = None

    def open_card(self):
        from devices.vcard.card_os import VirtualCard

        with self._lock:
            if self.card is None:
                raise NoCard()
            if self.keypad is not None:
                return _keypad_reader(VirtualCard(self.card), self)
            return _TearingConnection(VirtualCard(self.card), self)

    def open_psam(self):
        from devices.vcard.psam import VirtualPsam

        return InProcessConnection(VirtualPsam(self.psam))


class SlotWatch:
    """A :class:`SlotEncoder`'s card events as ``ReaderWatcher`` delivers them (start, stop, check)."""

    def __init__(self, encoder: SlotEncoder, reader: str, callback):
        self.encoder, self.reader, self.callback = encoder, reader, callback

    def changed(self, present: bool) -> None:
        from counter_app.card.pcsc import ReaderEvent

        self.callback(ReaderEvent("card_inserted" if present else "card_removed", self.reader))

    def start(self) -> bool:
        from counter_app.card.pcsc import ReaderEvent

        self.encoder._watchers.append(self)
        self.callback(ReaderEvent("reader_added", self.reader))
        self.changed(self.encoder.card is not None)  # as pyscard's monitor: the state it starts in
        return True

    def stop(self) -> None:
        if self in self.encoder._watchers:
            self.encoder._watchers.remove(self)

    def check(self) -> None:
        pass


class _TearingConnection(InProcessConnection):
    """Takes the encoder's ``tear_after`` with its first APDU (a bare presence check sends none)."""

    def __init__(self, device, encoder: SlotEncoder):
        super().__init__(device, None)
        self.encoder = encoder

    def send_and_receive(self, apdu: bytes):
        if self.count == 0 and self.remove_after is None:
            self.remove_after, self.encoder.tear_after = self.encoder.tear_after, None
        try:
            return super().send_and_receive(apdu)
        except Exception:
            self.encoder.card = None  # the card is out of the slot now
            raise


def _keypad_reader(card, encoder) -> PinPadReaderConnection:
    """The card in a keypad reader that takes the holder's entries from ``encoder.keypad``."""
    reader = PinPadReaderConnection(card, encoder.keypad)
    reader.structures = encoder.pin_entries
    return reader


class PortEncoder:
    """The encoder over a PC/SC-like port: ``port.connect(reader)`` for the card and the PSAM reader."""

    def __init__(self, port, card_reader: str = CARD_READER, psam_reader: str = PSAM_READER):
        self.port, self.card_reader, self.psam_reader = port, card_reader, psam_reader

    def open_card(self):
        return self.port.connect(self.card_reader)

    def open_psam(self):
        return self.port.connect(self.psam_reader)



class PatientEncoder(PcscEncoder):
    """A PC/SC encoder that waits (bounded, 10 s) for pcscd to notice a card that was just put back, as
    the GUI waits for the insert event."""

    def open_card(self):
        deadline = time.monotonic() + 10
        while True:
            try:
                return super().open_card()
            except (NoCard, CardRemoved):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
