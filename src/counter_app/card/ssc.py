"""The SSC application on a card connection: SELECT, records, binary, challenges and authentications.

:class:`SscCard` speaks APDUs and turns status words into the precise exceptions of
:mod:`counter_app.card.errors`; :func:`internal_authenticate` and :func:`external_authenticate` run
the two authentications of the profile together with the PSAM.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from counter_app.card.apdu import Apdu, ApduProcessor, ResponseApdu, default_chain
from counter_app.card.connection import SmartCardConnection
from counter_app.card.errors import (
    ApduError,
    AuthenticationFailed,
    CardLocked,
    KeyBlocked,
    NotSscCard,
    PinBlocked,
    PsamKeyMismatch,
    SecureMessagingError,
    SecurityStatusNotSatisfied,
    WrongPin,
)
from counter_app.card.profile import CardProfile, KeyRole
from counter_app.card.psam import Psam
from counter_app.card.sw import SW, is_counter, tries_left
from counter_app.card.tlv import TlvError, find_ber
from counter_app.card.trace import ApduMasker, TraceRecorder, TracingConnection

INS_SELECT, INS_READ_RECORD, INS_UPDATE_RECORD = 0xA4, 0xB2, 0xDC
INS_READ_BINARY, INS_UPDATE_BINARY = 0xB0, 0xD6
INS_GET_CHALLENGE, INS_INTERNAL_AUTH, INS_EXTERNAL_AUTH, INS_VERIFY = 0x84, 0x88, 0x82, 0x20
TAG_ALGORITHM_TEMPLATE = 0x9F0C
ALGORITHM_NAMES = {0x01: "DES", 0x03: "SM4"}


@dataclass(frozen=True, slots=True)
class SelectInfo:
    fci: bytes
    algorithm: int  # 0x03 SM4, 0x01 DES

    @property
    def algorithm_name(self) -> str:
        return ALGORITHM_NAMES.get(self.algorithm, f"{self.algorithm:02X}")


def algorithm_of_fci(fci: bytes, default: int) -> int:
    """The algorithm byte of ``9F0C 03 86 01 xx`` in a SELECT answer; ``default`` when absent.

    Parsed as BER-TLV first; an FCI whose outer lengths do not add up (seen on cards whose A5 template
    length is off by one) is searched for the ``9F0C 03 86 01`` sequence instead.
    """
    if not fci:
        return default
    try:
        node = find_ber(fci, TAG_ALGORITHM_TEMPLATE)
        if node is not None:
            inner = find_ber(node.value, 0x86)
            return inner.value[0] if inner is not None and len(inner.value) == 1 else default
    except TlvError:
        pass
    at = fci.find(bytes.fromhex("9F0C038601"))
    if at >= 0 and at + 5 < len(fci):
        return fci[at + 5]
    return default


def raise_for_sw(resp: ResponseApdu, command: str, *, key_id: int | None = None, pin: bool = False) -> None:
    """Raise the precise exception for a status word other than 9000."""
    sw = resp.sw
    if sw == SW.OK:
        return
    if sw == SW.APPLICATION_LOCKED:
        raise CardLocked()
    if sw == SW.SECURITY_STATUS_NOT_SATISFIED:
        raise SecurityStatusNotSatisfied()
    if sw == SW.SECURE_MESSAGING_WRONG:
        raise SecureMessagingError()
    if sw == SW.AUTH_METHOD_BLOCKED:
        raise PinBlocked() if pin else KeyBlocked(key_id)
    if is_counter(sw):
        left = tries_left(sw) or 0
        if pin:
            # 63C0 answers the wrong PIN that used the last try: the PIN is blocked from this moment
            raise PinBlocked() if left == 0 else WrongPin(left)
        if key_id is not None:
            if left == 0:
                raise KeyBlocked(key_id)
            raise AuthenticationFailed(key_id, left)
    raise ApduError(sw, resp.data, command)


class SscCard:
    """The SSSE application of one powered card. Not thread-safe: one device thread owns it."""

    def __init__(self, connection: SmartCardConnection, profile: CardProfile,
                 recorder: TraceRecorder | None = None):
        self.profile = profile
        self.traced = TracingConnection(connection, "card", recorder, ApduMasker(profile.personal_files))
        self.processor: ApduProcessor = default_chain(self.traced)
        self.connection = connection
        self.selected_file: int | None = None

    @property
    def atr(self) -> bytes:
        return self.connection.atr

    @property
    def apdu_count(self) -> int:
        return self.traced.count

    def transmit(self, apdu: Apdu) -> ResponseApdu:
        return self.processor.send_apdu(apdu)

    def _send(self, apdu: Apdu, command: str, **kw) -> bytes:
        resp = self.transmit(apdu)
        raise_for_sw(resp, command, **kw)
        return resp.data

    # --- selection ------------------------------------------------------------------------------

    def select_ssse(self) -> SelectInfo:
        resp = self.transmit(Apdu(0x00, INS_SELECT, 0x04, 0x00, self.profile.ssse_aid))
        if resp.sw in (SW.FILE_NOT_FOUND, SW.FUNCTION_NOT_SUPPORTED, SW.INCORRECT_PARAMETERS,
                       SW.INS_NOT_SUPPORTED, SW.CLA_NOT_SUPPORTED, SW.WRONG_P1P2):
            raise NotSscCard()
        raise_for_sw(resp, "SELECT SSSE")
        self.selected_file = None
        return SelectInfo(resp.data, algorithm_of_fci(resp.data, self.profile.algorithm_when_absent))

    def select_ef(self, file_id: int) -> None:
        if self.selected_file == file_id:
            return
        self._send(Apdu(0x00, INS_SELECT, 0x02, 0x00, file_id.to_bytes(2, "big")), f"SELECT {file_id:04X}")
        self.selected_file = file_id

    # --- records and binary -----------------------------------------------------------------------

    def read_record(self, file_id: int, number: int, length: int | None = None) -> bytes:
        """One record (the whole TLV); b"" when the record does not exist yet (6A83)."""
        self.select_ef(file_id)
        le = min(256, length + 2) if length is not None else 256
        resp = self.transmit(Apdu(0x00, INS_READ_RECORD, number, 0x04, le=le))
        if resp.sw == SW.RECORD_NOT_FOUND:
            return b""
        raise_for_sw(resp, f"READ RECORD {file_id:04X}/{number}")
        return resp.data

    def update_record(self, file_id: int, number: int, record: bytes) -> None:
        self.select_ef(file_id)
        self._send(Apdu(0x00, INS_UPDATE_RECORD, number, 0x04, record), f"UPDATE RECORD {file_id:04X}/{number}")

    def update_binary(self, file_id: int, data: bytes, chunk: int, offset: int = 0) -> int:
        """Write ``data`` at ``offset`` in chunks of at most ``chunk`` bytes; returns the APDUs sent."""
        self.select_ef(file_id)
        n = 0
        for pos in range(0, len(data), chunk):
            at = offset + pos
            if at > 0x7FFF:
                raise ValueError("UPDATE BINARY offset beyond 15 bits")
            self._send(Apdu(0x00, INS_UPDATE_BINARY, at >> 8, at & 0xFF, data[pos:pos + chunk]),
                       f"UPDATE BINARY {file_id:04X}@{at}")
            n += 1
        return n

    def read_binary(self, file_id: int, length: int, chunk: int = 256, offset: int = 0) -> bytes:
        """Up to ``length`` bytes from ``offset``; stops early at the end of the file (6282/6B00)."""
        self.select_ef(file_id)
        out = bytearray()
        while len(out) < length:
            at = offset + len(out)
            want = min(chunk, length - len(out))
            resp = self.transmit(Apdu(0x00, INS_READ_BINARY, at >> 8, at & 0xFF, le=want))
            if resp.sw in (SW.WRONG_P1P2, SW.INCORRECT_PARAMETERS) and not resp.data:
                break  # offset past the end
            if resp.sw == SW.WARNING_DATA_MAY_BE_CORRUPTED or (resp.sw == SW.OK and len(resp.data) < want):
                out += resp.data  # end of file reached
                break
            raise_for_sw(resp, f"READ BINARY {file_id:04X}@{at}")
            out += resp.data
        return bytes(out)

    # --- authentication -------------------------------------------------------------------------------

    def get_challenge(self, length: int = 8) -> bytes:
        data = self._send(Apdu(0x00, INS_GET_CHALLENGE, 0x00, 0x00, le=length), "GET CHALLENGE")
        if len(data) != length:
            raise ApduError(SW.WRONG_LENGTH, data, f"GET CHALLENGE answered {len(data)} bytes, not {length}")
        return data

    def internal_authenticate_raw(self, p2: int, process_factor: bytes, source: bytes) -> bytes:
        """``00 88 00 <p2> 10 pf src`` → the card's 8-byte cryptogram."""
        return self._send(Apdu(0x00, INS_INTERNAL_AUTH, 0x00, p2, process_factor + source), "INTERNAL AUTHENTICATE")

    def external_authenticate_raw(self, key_id: int, cryptogram: bytes, source: bytes) -> None:
        self._send(Apdu(0x00, INS_EXTERNAL_AUTH, 0x00, key_id, cryptogram + source),
                   "EXTERNAL AUTHENTICATE", key_id=key_id)

    def verify_pin(self, pin_bcd: bytes) -> None:
        self._send(Apdu(0x00, INS_VERIFY, 0x00, 0x00, pin_bcd), "VERIFY", pin=True)


def internal_authenticate(card: SscCard, psam: Psam, role: KeyRole, card_id: bytes) -> None:
    """The card proves it holds the key the PSAM derives: our random process factor and source, its
    cryptogram, compared with the PSAM's. A mismatch means the PSAM has other keys (PsamKeyMismatch),
    found before any external authentication could spend the card's retry counters."""
    process_factor, source = secrets.token_bytes(8), secrets.token_bytes(8)
    answer = card.internal_authenticate_raw(card.profile.internal_auth_p2, process_factor, source)
    expected = psam.auth_cryptogram(role, card_id, process_factor, source)
    if len(answer) < 8 or not hmac.compare_digest(answer[:8], expected):
        raise PsamKeyMismatch()


def external_authenticate(card: SscCard, psam: Psam, role: KeyRole, card_id: bytes) -> None:
    """GET CHALLENGE twice (process factor, then source); the PSAM computes the cryptogram."""
    process_factor = card.get_challenge(8)
    source = card.get_challenge(8)
    cryptogram = psam.auth_cryptogram(role, card_id, process_factor, source)
    card.external_authenticate_raw(role.card_key_id, cryptogram, source)
