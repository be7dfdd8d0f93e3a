"""The PC/SC side the checks and the APDU console talk to, behind a small interface.

:class:`SystemPcsc` is pcscd through :mod:`counter_app.card.pcsc` (the only pyscard user). Tests
give an in-process port over ``devices.vcard`` objects with the same two methods. Connections are
opened *shared*: a diagnostic must never take the card from under a running write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from counter_app.card import errors as card_errors
from counter_app.card.connection import SmartCardConnection


class PcscPort(Protocol):
    def list_readers(self) -> list[str]:
        """Reader names; raises PcscUnavailable when the service does not answer."""
        ...

    def connect(self, reader: str) -> SmartCardConnection:
        """The card in ``reader`` (exact name); raises NoCard, ReaderNotFound, PcscUnavailable."""
        ...


class SystemPcsc:
    """The machine's pcscd."""

    def list_readers(self) -> list[str]:
        from counter_app.card import pcsc

        return pcsc.list_readers()

    def connect(self, reader: str) -> SmartCardConnection:
        from counter_app.card.pcsc import PcscConnection

        return PcscConnection(reader, exclusive=False)


@dataclass(frozen=True)
class ReaderRoles:
    """The configured names (or patterns) of the encoder's two slots."""

    card: str
    psam: str

    @classmethod
    def from_settings(cls, settings) -> ReaderRoles:
        return cls(str(settings["card.reader"]), str(settings["card.psam_reader"]))


def resolve(port: PcscPort, wanted: str) -> str:
    """The reader meant by ``wanted`` (exact, glob or substring); raises ReaderNotFound/PcscUnavailable."""
    from counter_app.card.pcsc import match_reader

    return match_reader(wanted, port.list_readers())


def open_reader(port: PcscPort, wanted: str) -> SmartCardConnection:
    return port.connect(resolve(port, wanted))


ABSENT = (card_errors.NoCard, card_errors.CardRemoved)
