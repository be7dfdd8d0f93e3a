"""The card's PKI application (ADF ``SS.CERT.ADF1``), terminal side: on-card SM2 keys and certificates.

What the counter does with it after the SSSE records are written (issue 12, the PKI contract):

1. :meth:`PkiApplication.select` (SELECT the ADF; a card without it raises :class:`NoPkiApplication`).
   Selecting it ends the security state of SSSE: authenticate again inside the ADF.
2. :meth:`PkiApplication.authenticate` with the PSAM: internal authentication first (a PSAM with other
   keys fails before any retry counter is spent), then external authentication with card key 07
   (the profile's ``pki`` key role).
3. :meth:`PkiApplication.generate_sign_keypair` → the 65-byte public key ``04 ‖ x ‖ y``; the private key
   never leaves the card (file 0012 answers 6982 to any read). Generating again replaces the pair and
   erases the encryption pair and both certificates on the card.
4. The ledger CA certifies the public key and answers an envelope holding the encryption key pair;
   :meth:`PkiApplication.import_enc_keypair` hands it to the card (210 bytes; refused with
   :class:`KeyEnvelopeRefused` when it does not belong to this card's signing key: nothing stored).
5. :meth:`PkiApplication.write_certificate` for ``KeyUsage.SIGN`` and ``KeyUsage.ENC`` (DER, chunks of
   240 bytes), :meth:`PkiApplication.read_certificate` to read back (``None`` for a blank file).

Signing (:meth:`PkiApplication.sign_digest`) needs the holder's PIN verified in the same session
(:meth:`PkiApplication.verify_pin`, inside the ADF); the digest e = SM3(Z ‖ M) is computed by the caller,
e.g. ``counter_app.crypto.sm2.message_digest(public_key, message)`` (Z for ID ``1234567812345678``).

Nothing private crosses the wire except the PIN, which the trace masks already (VERIFY data); the digest,
the public keys, the envelope (encrypted to the card) and the certificates are not secret.
"""

from __future__ import annotations

from enum import StrEnum

from counter_app.card.apdu import Apdu, ResponseApdu
from counter_app.card.errors import (
    ApduError,
    CertificateUnreadable,
    KeyEnvelopeRefused,
    NoPkiApplication,
    PinNotVerified,
    PkiKeyMissing,
)
from counter_app.card.pin import verify_pin as _verify_pin
from counter_app.card.profile import KeyRole, ProfileError
from counter_app.card.psam import Psam
from counter_app.card.ssc import SscCard, external_authenticate, internal_authenticate, raise_for_sw
from counter_app.card.sw import SW

PKI_ADF_AID = bytes.fromhex("53532E434552542E41444631")  # "SS.CERT.ADF1" [obs]

INS_SELECT, INS_READ_BINARY = 0xA4, 0xB0
INS_GENERATE_KEY_PAIR, INS_PSO, INS_IMPORT_KEY_PAIR = 0x46, 0x2A, 0xD4
P2_SIGNING_PAIR, P2_ENCRYPTION_PAIR = 0x01, 0x02
PSO_SIGN_P1, PSO_SIGN_P2 = 0x9E, 0x9A  # PSO COMPUTE DIGITAL SIGNATURE

PUBLIC_KEY_SIZE = 65  # 04 ‖ x ‖ y
SIGNATURE_SIZE = 64  # r ‖ s
DIGEST_SIZE = 32
ENVELOPE_SIZE = 210  # C1 65 ‖ C3 32 ‖ C2 16 ‖ SM4(k, d_enc) 32 ‖ P_enc 65
CERTIFICATE_FILE_SIZE = 2048
CERTIFICATE_CHUNK = 240  # bytes per UPDATE BINARY / READ BINARY
_DER_HEADER_PEEK = 4  # 30 82 LL LL: enough for any length that fits the file

# A SELECT answer that means "no such application here" rather than a broken exchange.
_NO_APPLICATION = {SW.FILE_NOT_FOUND, SW.FUNCTION_NOT_SUPPORTED, SW.INCORRECT_PARAMETERS, SW.WRONG_P1P2_IN_DATA,
                   SW.WRONG_P1P2, SW.INS_NOT_SUPPORTED, SW.CLA_NOT_SUPPORTED}


class KeyUsage(StrEnum):
    """Which of the card's two key pairs (and certificates)."""

    SIGN = "sign"
    ENC = "enc"


PUBLIC_KEY_FILE = {KeyUsage.SIGN: 0x0013, KeyUsage.ENC: 0x0015}
PRIVATE_KEY_FILE = {KeyUsage.SIGN: 0x0012, KeyUsage.ENC: 0x0014}  # never readable; named for tests and docs
CERTIFICATE_FILE = {KeyUsage.SIGN: 0x0018, KeyUsage.ENC: 0x0019}


def pki_key_role(card: SscCard) -> KeyRole:
    """The PKI management key (07) of the card's profile."""
    role = card.profile.key_pki
    if role is None:
        raise ProfileError(f"card profile {card.profile.name} has no 'pki' key (keys.pki and psam.keys.pki)")
    return role


class PkiApplication:
    """The PKI ADF of one powered card, over the card's :class:`SscCard` (its connection, trace and
    status-word handling). Not thread-safe: the device thread that owns the card owns this too."""

    def __init__(self, card: SscCard):
        self.card = card

    # --- selection and security state ---------------------------------------------------------------

    def select(self) -> None:
        """SELECT the ADF by AID. Ends any security state of the DF selected before (SSSE's keys, PIN)."""
        resp = self.card.transmit(Apdu(0x00, INS_SELECT, 0x04, 0x00, PKI_ADF_AID))
        if resp.sw in _NO_APPLICATION:
            raise NoPkiApplication()
        raise_for_sw(resp, "SELECT PKI ADF")
        self.card.selected_file = None

    def authenticate(self, psam: Psam, card_id: bytes) -> None:
        """Internal authentication (card genuine, PSAM keys right), then external authentication with
        key 07: what GENERATE, IMPORT and the certificate writes need. ``card_id``: the 卡识别码
        (16 bytes, EF05 record 1, e.g. ``personalize.identify(card, profile).card_id``)."""
        role = pki_key_role(self.card)
        internal_authenticate(self.card, psam, self.card.profile.key_internal_auth, card_id)
        external_authenticate(self.card, psam, role, card_id)

    def verify_pin(self, pin: bytearray) -> None:
        """VERIFY inside the ADF (the card's one PIN and tries counter); the buffer is the caller's to
        wipe. Raises WrongPin / PinBlocked as in SSSE."""
        _verify_pin(self.card, pin)

    # --- keys -------------------------------------------------------------------------------------------

    def generate_sign_keypair(self) -> bytes:
        """GENERATE SM2 KEY PAIR (``80 46 00 01 00``): the new signing public key, 65 bytes ``04 ‖ x ‖ y``.

        Needs :meth:`authenticate` (SecurityStatusNotSatisfied otherwise). Replaces an existing pair and
        erases the encryption pair and both certificates."""
        resp = self.card.transmit(Apdu(0x80, INS_GENERATE_KEY_PAIR, 0x00, P2_SIGNING_PAIR, le=256))
        raise_for_sw(resp, "GENERATE SM2 KEY PAIR")
        return _public_key(resp.data, "GENERATE SM2 KEY PAIR")

    def read_public_key(self, which: KeyUsage) -> bytes | None:
        """The public key of ``which`` pair (65 bytes), or None when the card has no such pair yet (6A88)."""
        fid = PUBLIC_KEY_FILE[KeyUsage(which)]
        self.card.select_ef(fid)
        resp = self.card.transmit(Apdu(0x00, INS_READ_BINARY, 0x00, 0x00, le=PUBLIC_KEY_SIZE))
        if resp.sw == SW.REFERENCED_DATA_NOT_FOUND:
            return None
        raise_for_sw(resp, f"READ BINARY {fid:04X}")
        return _public_key(resp.data, f"READ BINARY {fid:04X}")

    def sign_digest(self, e: bytes) -> bytes:
        """PSO COMPUTE DIGITAL SIGNATURE (``00 2A 9E 9A 20 e 00``): ``r ‖ s`` (64 bytes) over the 32-byte
        digest ``e`` = SM3(Z ‖ M). Raises PinNotVerified (6982) without :meth:`verify_pin` in this
        session, PkiKeyMissing (6A88) when no signing pair was generated."""
        if len(e) != DIGEST_SIZE:
            raise ValueError(f"the digest to sign is {DIGEST_SIZE} bytes (SM3), not {len(e)}")
        resp = self.card.transmit(Apdu(0x00, INS_PSO, PSO_SIGN_P1, PSO_SIGN_P2, bytes(e), le=256))
        _raise_pki(resp, "PSO COMPUTE DIGITAL SIGNATURE", security=PinNotVerified)
        if len(resp.data) != SIGNATURE_SIZE:
            raise ApduError(SW.WRONG_LENGTH, resp.data,
                            f"PSO COMPUTE DIGITAL SIGNATURE answered {len(resp.data)} bytes, not {SIGNATURE_SIZE}")
        return resp.data

    def import_enc_keypair(self, envelope: bytes) -> None:
        """IMPORT ENCRYPTION KEY PAIR (``80 D4 00 02 D2 envelope``): the ledger's 210-byte envelope.

        Needs :meth:`authenticate` and a signing pair (PkiKeyMissing otherwise). KeyEnvelopeRefused (6A80):
        the envelope is not for this card's signing key or its pair does not match; nothing was stored."""
        if len(envelope) != ENVELOPE_SIZE:
            raise ValueError(f"the key envelope is {ENVELOPE_SIZE} bytes, not {len(envelope)}")
        resp = self.card.transmit(Apdu(0x80, INS_IMPORT_KEY_PAIR, 0x00, P2_ENCRYPTION_PAIR, bytes(envelope)))
        _raise_pki(resp, "IMPORT ENCRYPTION KEY PAIR", wrong_data=KeyEnvelopeRefused)

    # --- certificates -------------------------------------------------------------------------------

    def write_certificate(self, which: KeyUsage, der: bytes) -> int:
        """UPDATE BINARY the DER certificate into 0018 (SIGN) or 0019 (ENC) from offset 0, in chunks of
        240 bytes; returns the APDUs sent. Needs :meth:`authenticate`. Bytes of a longer earlier
        certificate beyond the new one stay, harmlessly: a reader takes the length from the DER header."""
        if not der or der[0] != 0x30 or _der_total_length(der) != len(der):
            raise ValueError("a certificate is one DER SEQUENCE")
        if len(der) > CERTIFICATE_FILE_SIZE:
            raise ValueError(f"the certificate ({len(der)} bytes) exceeds the card file ({CERTIFICATE_FILE_SIZE})")
        return self.card.update_binary(CERTIFICATE_FILE[KeyUsage(which)], der, CERTIFICATE_CHUNK)

    def read_certificate(self, which: KeyUsage) -> bytes | None:
        """The DER certificate in 0018/0019 (length from its DER header), or None for a blank file."""
        usage = KeyUsage(which)
        fid = CERTIFICATE_FILE[usage]
        head = self.card.read_binary(fid, _DER_HEADER_PEEK, CERTIFICATE_CHUNK)
        if not head or head[0] == 0x00:
            return None
        total = _der_total_length(head)
        if total is None or total > CERTIFICATE_FILE_SIZE:
            raise CertificateUnreadable(usage.value)
        rest = self.card.read_binary(fid, total - len(head), CERTIFICATE_CHUNK, offset=len(head))
        der = head + rest
        if len(der) != total:
            raise CertificateUnreadable(usage.value)
        return der


def _raise_pki(resp: ResponseApdu, command: str, *, security: type[Exception] | None = None,
               wrong_data: type[Exception] | None = None) -> None:
    """raise_for_sw with the PKI meanings of 6982 (when given), 6A88 and 6A80 (when given)."""
    if resp.sw == SW.SECURITY_STATUS_NOT_SATISFIED and security is not None:
        raise security()
    if resp.sw == SW.REFERENCED_DATA_NOT_FOUND:
        raise PkiKeyMissing()
    if resp.sw == SW.INCORRECT_PARAMETERS and wrong_data is not None:
        raise wrong_data()
    raise_for_sw(resp, command)


def _public_key(data: bytes, command: str) -> bytes:
    if len(data) != PUBLIC_KEY_SIZE or data[0] != 0x04:
        raise ApduError(SW.WRONG_LENGTH, data, f"{command} answered no 65-byte 04 ‖ x ‖ y public key")
    return data


def _der_total_length(data: bytes) -> int | None:
    """Header + content length of the DER SEQUENCE starting ``data``; None when the header is not DER."""
    if len(data) < 2 or data[0] != 0x30:
        return None
    first = data[1]
    if first < 0x80:
        return 2 + first
    n = first & 0x7F
    if n not in (1, 2) or len(data) < 2 + n:
        return None
    return 2 + n + int.from_bytes(data[2:2 + n], "big")


__all__ = [
    "CERTIFICATE_FILE", "CERTIFICATE_FILE_SIZE", "ENVELOPE_SIZE", "PKI_ADF_AID", "PRIVATE_KEY_FILE",
    "PUBLIC_KEY_FILE", "KeyUsage", "PkiApplication", "pki_key_role",
]
