"""The counter's contactless reader: the check after a chip write, and reading a tapped card's public data.

A third-generation card must answer on both interfaces. After the contact write and its read-back, the
chip write (:class:`~counter_app.services.encoding.EncodingService`) reads the card once more on the
contactless reader (setting ``card.contactless_reader``) before the issuance counts as encoded, so a
card whose antenna or contactless side is dead never reaches the printer:

- :func:`check_after_write` reads the UID and the public identification data there
  (:func:`counter_app.card.contactless.read_public`) and compares them with what the contact write
  left: the same 卡识别码 and the card number just written. It returns a :class:`ContactlessCheck`,
  ``passed`` (with the UID) or ``skipped`` when the counter has no contactless reader, and raises
  :class:`ContactlessCheckFailed` (a card error with its zh/en message) otherwise.
- :meth:`ContactlessCheck.recorded` is what the issuance keeps: the ``finish_encoding`` event's detail
  and the outbox payload (``interfaces``: ``{"contact": "verified", "contactless": "verified"|"skipped"}``,
  ``contactless_uid``), so the ledger sees which interfaces answered.

The reader is a port (:class:`ContactlessReader`); :class:`PcscContactlessReader` is the real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from counter_app.card import errors as card_errors
from counter_app.card.connection import SmartCardConnection
from counter_app.card.contactless import ContactlessReading, read_public
from counter_app.card.errors import CardError
from counter_app.card.profile import CardProfile
from counter_app.card.trace import TraceRecorder

PASSED, SKIPPED = "verified", "skipped"


class ContactlessReader(Protocol):
    """The counter's contactless reader."""

    name: str

    def open(self) -> SmartCardConnection: ...


class PcscContactlessReader:
    """The contactless reader through pcscd (a name or pattern, as ``card.reader``)."""

    def __init__(self, name: str):
        self.name = name

    def open(self) -> SmartCardConnection:
        from counter_app.card import pcsc

        return pcsc.connect(self.name)


def reader_from_settings(settings) -> PcscContactlessReader | None:
    """The reader the setting ``card.contactless_reader`` names; None when it is empty (no such reader)."""
    name = str(settings["card.contactless_reader"] or "").strip()
    return PcscContactlessReader(name) if name else None


class ContactlessCheckFailed(CardError):
    """The card did not pass the contactless check after its write: it must not be printed."""

    def __init__(self, zh_reason: str, en_reason: str):
        self.zh_reason, self.en_reason = zh_reason, en_reason
        super().__init__(
            f"非接触检查未通过：{zh_reason}。芯片已用接触方式写好，但卡片在非接触读卡器上不能正确应答，"
            f"不能打印发放；请把卡放好后重试写卡，仍不通过则作废此卡。",
            f"the contactless check failed: {en_reason}. The chip was written through its contacts but does not "
            f"answer correctly on the contactless reader, so it must not be printed; place the card properly and "
            f"retry the write, or spoil the card if it fails again.",
        )


class NoContactlessReader(CardError):
    """A contactless read asked for on a counter without a contactless reader."""

    zh = "本柜台未设置非接触读卡器（设置 card.contactless_reader）"
    en = "this counter has no contactless reader (setting card.contactless_reader)"


@dataclass(frozen=True)
class ContactlessCheck:
    """The outcome of the contactless check of one written card."""

    status: str            # PASSED or SKIPPED
    reader: str = ""
    uid: str = ""          # hex; "" when skipped

    @property
    def skipped(self) -> bool:
        return self.status == SKIPPED

    def interfaces(self) -> dict[str, str]:
        return {"contact": PASSED, "contactless": self.status}

    def recorded(self) -> dict[str, Any]:
        """The fields the issuance's event and outbox payload keep."""
        out: dict[str, Any] = {"interfaces": self.interfaces()}
        if self.uid:
            out["contactless_uid"] = self.uid
        return out

    def outbox_fields(self, _db: object, _after: object, _now: object) -> dict[str, Any]:
        """:meth:`recorded`, as the transition's ``in_transaction`` hook adds it to the outbox payload."""
        return self.recorded()


SKIPPED_CHECK = ContactlessCheck(SKIPPED)


def read_tapped(reader: ContactlessReader, profile: CardProfile,
                recorder: TraceRecorder | None = None) -> ContactlessReading:
    """The public data of the card on the contactless reader (the connection closed again)."""
    conn = reader.open()
    try:
        return read_public(conn, profile, recorder)
    finally:
        conn.close()


def check_after_write(reader: ContactlessReader | None, profile: CardProfile, *, card_id: str, card_number: str,
                      recorder: TraceRecorder | None = None) -> ContactlessCheck:
    """Read the just-written card on the contactless reader and compare it with the contact write."""
    if reader is None:
        return SKIPPED_CHECK
    try:
        reading = read_tapped(reader, profile, recorder)
    except (card_errors.NoCard, card_errors.CardRemoved) as exc:
        raise ContactlessCheckFailed("非接触读卡器上没有卡片应答", "no card answers on the contactless reader") from exc
    except card_errors.ReaderNotFound as exc:
        raise ContactlessCheckFailed(f"找不到非接触读卡器 {reader.name}（设置 card.contactless_reader）",
                                     f"contactless reader {reader.name!r} not found (setting "
                                     f"card.contactless_reader)") from exc
    except CardError as exc:
        raise ContactlessCheckFailed(f"非接触读卡出错（{exc.message('zh')}）",
                                     f"the contactless read failed ({exc.message('en')})") from exc
    if reading.card_id.upper() != card_id.upper():
        raise ContactlessCheckFailed(
            f"非接触读到的卡识别码 {reading.card_id or '（无）'} 不是刚写的卡 {card_id}",
            f"the contactless side shows card id {reading.card_id or '(none)'}, not the card just written ({card_id})")
    if reading.card_number != card_number:
        raise ContactlessCheckFailed(
            f"非接触读到的卡号 {reading.card_number or '（空）'} 与写入的 {card_number} 不同",
            f"the contactless side shows card number {reading.card_number or '(empty)'}, not {card_number} as written")
    return ContactlessCheck(PASSED, reader.name, reading.uid_hex)
