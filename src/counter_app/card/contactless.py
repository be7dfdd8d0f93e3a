"""The card on a contactless reader (ISO 14443 through PC/SC): its UID and its public identification data.

A third-generation card is dual-interface. On the contactless interface it answers only its public
identification records (EF05 records 1-4 and 7: 卡识别码, 卡类别, 规范版本, 初始化机构编号, 卡号) and refuses
the holder's data, the PIN and every write (``docs/card-profile.md``, "Contactless interface"). What the
counter reads there needs no PSAM:

- :func:`read_uid`: the PC/SC part 3 GET DATA pseudo-APDU ``FF CA 00 00 00``, answered by the reader;
- :func:`read_public`: the UID, then SELECT SSSE and the public records, then the UID again (the same
  card answered throughout);
- :func:`probe_protected`: the status word of one read that must be refused there (EF06 record 1).

No services here: the check after a write (:mod:`counter_app.services.contactless`) and the technician's
diagnostics build on these.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.card.apdu import Apdu
from counter_app.card.connection import SmartCardConnection
from counter_app.card.errors import CardError
from counter_app.card.profile import CardProfile
from counter_app.card.records import decode_value
from counter_app.card.ssc import SscCard
from counter_app.card.trace import TraceRecorder

GET_UID = bytes.fromhex("FFCA000000")
PUBLIC_FIELDS = ("card_id", "card_type", "spec_version", "init_org", "card_number")
PROTECTED_FIELD = "social_security_number"  # EF06: must never answer on the contactless interface
SW_OK = 0x9000


class ContactlessUidUnavailable(CardError):
    """The reader did not answer GET DATA (UID): not a contactless reader, or no card in its field."""

    def __init__(self, sw: int):
        self.sw = sw
        super().__init__(f"非接触读卡器读不到卡片 UID（状态字 {sw:04X}）",
                         f"the contactless reader gave no card UID (status word {sw:04X})")


class ContactlessCardChanged(CardError):
    """The UID changed during one read: another card came into the field."""

    def __init__(self) -> None:
        super().__init__("读取过程中非接触读卡器上的卡片换了，请只放一张卡",
                         "another card entered the contactless reader's field during the read; use one card")


@dataclass(frozen=True)
class ContactlessReading:
    """What the card shows without contact. Texts are "" where the card was never written."""

    uid: bytes
    atr: bytes
    card_id: str       # 卡识别码, 32 hex characters
    card_type: str
    spec_version: str
    init_org: str      # hex
    card_number: str   # "" on a blank card

    @property
    def uid_hex(self) -> str:
        return self.uid.hex().upper()


def read_uid(conn: SmartCardConnection) -> bytes:
    data, sw = conn.send_and_receive(GET_UID)
    if sw != SW_OK or not data:
        raise ContactlessUidUnavailable(sw)
    return bytes(data)


def read_public(conn: SmartCardConnection, profile: CardProfile,
                recorder: TraceRecorder | None = None) -> ContactlessReading:
    """The UID and the public identification records, with the UID read again at the end."""
    uid = read_uid(conn)
    card = SscCard(conn, profile, recorder)
    card.select_ssse()
    values: dict[str, str] = {}
    for field in PUBLIC_FIELDS:
        spec = profile.record(field)
        raw = card.read_record(spec.file_id, spec.number, spec.length)
        if field in ("card_id", "init_org"):
            values[field] = raw[2:].hex().upper() if len(raw) > 2 else ""
        else:
            values[field] = decode_value(spec, raw).strip()
    if read_uid(conn) != uid:
        raise ContactlessCardChanged()
    return ContactlessReading(uid, conn.atr, values["card_id"], values["card_type"], values["spec_version"],
                              values["init_org"], values["card_number"])


def probe_protected(conn: SmartCardConnection, profile: CardProfile) -> int:
    """The status word of a read of the holder's data (EF06) over this connection: on the contactless
    interface it must be a refusal (6982), never 9000."""
    card = SscCard(conn, profile)
    card.select_ssse()
    spec = profile.record(PROTECTED_FIELD)
    card.select_ef(spec.file_id)
    return card.transmit(Apdu(0x00, 0xB2, spec.number, 0x04, le=256)).sw
