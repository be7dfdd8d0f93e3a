"""The terminal side of the PSAM in the encoder's second slot: it derives card keys and computes
cryptograms and MACs, so that the issuer's master keys never reach the counter PC.

Commands (PBOC style, spec "Keys and cryptograms"):
- READ BINARY of SFI 16: the 6-byte BCD terminal number;
- DELIVER KEY ``80 1A P1 P2 Lc factors``: P1 = levels << 5 | key type, P2 = key index, 8 bytes of factor
  per level; leaves a temporary key in the PSAM;
- CIPHER DATA ``80 FA P1 00 Lc data``: P1 00 encrypts with the temporary key, 05 computes a MAC over one
  command (07 first, 03 next, 01 last for longer data).
"""

from __future__ import annotations

from counter_app.card.apdu import Apdu, ApduProcessor, default_chain
from counter_app.card.connection import SmartCardConnection
from counter_app.card.errors import ApduError, CardRemoved, NoCard, PsamKeyMismatch, PsamMissing
from counter_app.card.profile import CardProfile, KeyRole, PsamKeyRef
from counter_app.card.sw import SW
from counter_app.card.tlv import TlvError, decode_cn
from counter_app.card.trace import ApduMasker, TraceRecorder, TracingConnection
from counter_app.crypto import Padding, card_factor, pad, region_factor

INS_DELIVER_KEY, INS_CIPHER_DATA, INS_READ_BINARY = 0x1A, 0xFA, 0xB0
CIPHER_ENCRYPT = 0x00
MAC_SINGLE, MAC_FIRST, MAC_NEXT, MAC_LAST = 0x05, 0x07, 0x03, 0x01
MAX_CIPHER_DATA = 0xF0  # bytes per CIPHER DATA command: a multiple of 16, at most 240 (devices/vcard README)


class Psam:
    """One PSAM on its own connection. Not thread-safe: one device thread owns it."""

    def __init__(self, connection: SmartCardConnection, profile: CardProfile,
                 recorder: TraceRecorder | None = None):
        self.profile = profile
        self.traced = TracingConnection(connection, "psam", recorder, ApduMasker(()))
        self.processor: ApduProcessor = default_chain(self.traced)

    @property
    def apdu_count(self) -> int:
        return self.traced.count

    def _send(self, apdu: Apdu, command: str) -> bytes:
        try:
            resp = self.processor.send_apdu(apdu)
        except (NoCard, CardRemoved) as exc:
            raise PsamMissing() from exc
        if resp.sw == SW.REFERENCED_DATA_NOT_FOUND and apdu.ins == INS_DELIVER_KEY:
            raise PsamKeyMismatch()  # the PSAM has no such master key: not the PSAM of this card stock
        if resp.sw != SW.OK:
            raise ApduError(resp.sw, resp.data, f"PSAM {command}")
        return resp.data

    def terminal_number(self) -> str:
        """The 12-digit terminal number (READ BINARY of SFI 16, 6 bytes BCD)."""
        sfi = self.profile.psam_terminal_number_sfi
        try:
            raw = self._send(Apdu(0x00, INS_READ_BINARY, 0x80 | sfi, 0x00, le=6), "READ BINARY terminal number")
        except ApduError as exc:  # whatever sits in the PSAM slot, it is not a PSAM we can use
            raise PsamMissing() from exc
        try:
            return decode_cn(raw)
        except TlvError:
            return raw.hex().upper()

    def deliver_key(self, key: PsamKeyRef, factors: list[bytes]) -> None:
        if not 1 <= len(factors) <= 7 or any(len(f) != 8 for f in factors):
            raise ValueError("DELIVER KEY takes 1 to 7 factors of 8 bytes")
        p1 = (len(factors) << 5) | (key.key_type & 0x1F)
        self._send(Apdu(0x80, INS_DELIVER_KEY, p1, key.index, b"".join(factors)), "DELIVER KEY")

    def encrypt(self, data: bytes) -> bytes:
        """Encrypt (already padded) data with the temporary key."""
        return self._send(Apdu(0x80, INS_CIPHER_DATA, CIPHER_ENCRYPT, 0x00, data), "CIPHER DATA")

    def card_key_factors(self, card_id: bytes) -> list[bytes]:
        """Diversification factors of the card key: region, then card (provincial keys, two levels)."""
        if self.profile.psam_levels == 1:  # city keys: one level, the card factor
            return [card_factor(card_id)]
        return [region_factor(card_id), card_factor(card_id)]

    def auth_cryptogram(self, role: KeyRole, card_id: bytes, process_factor: bytes, source: bytes) -> bytes:
        """The 8-byte cryptogram of one authentication with the card key of ``role``."""
        self.deliver_key(role.psam, self.card_key_factors(card_id) + [process_factor])
        out = self.encrypt(pad(source, Padding.ISO9797_M2))
        if len(out) < 8:
            raise ApduError(SW.WRONG_LENGTH, out, "PSAM CIPHER DATA answered too little")
        return out[:8]

    def mac(self, role: KeyRole, card_id: bytes, iv: bytes, data: bytes, session_factor: bytes | None = None) -> bytes:
        """A secure-messaging MAC (4 bytes) over ``data`` with IV ``iv`` (the card challenge)."""
        factors = self.card_key_factors(card_id) + ([session_factor] if session_factor else [])
        self.deliver_key(role.psam, factors)
        stream = iv + pad(data, Padding.ISO9797_M2)  # the first command carries the IV before the data
        if len(stream) <= MAX_CIPHER_DATA:
            out = self._send(Apdu(0x80, INS_CIPHER_DATA, MAC_SINGLE, 0x00, stream), "CIPHER DATA MAC")
        else:
            chunks = [stream[i:i + MAX_CIPHER_DATA] for i in range(0, len(stream), MAX_CIPHER_DATA)]
            out = b""
            for i, chunk in enumerate(chunks):
                p1 = MAC_FIRST if i == 0 else (MAC_LAST if i == len(chunks) - 1 else MAC_NEXT)
                out = self._send(Apdu(0x80, INS_CIPHER_DATA, p1, 0x00, chunk), "CIPHER DATA MAC")
        return out[:4]
