"""The PKI application of the simulated SSC 3.0 card (ADF SS.CERT.ADF1): its three key commands.

README.md, "PKI application", is the contract; in short:

- GENERATE SM2 KEY PAIR ``80 46 00 01 00``: after external authentication with key 07; a fresh signing
  pair, d into 0012, ``04 ‖ x ‖ y`` into 0013 and as the answer. It erases the encryption pair (0014/0015)
  and both certificates (0018/0019): they belonged to the old key.
- PSO COMPUTE DIGITAL SIGNATURE ``00 2A 9E 9A 20 <e> 00``: after VERIFY PIN; ``r ‖ s`` over the digest e the
  terminal computed (SM3(Z ‖ M)).
- IMPORT ENCRYPTION KEY PAIR ``80 D4 00 02 D2 <envelope>``: after external authentication with key 07; the
  envelope is ``C1 ‖ C3 ‖ C2`` (SM2 encryption of a 16-byte SM4 key k to the signing public key, 113 bytes),
  ``SM4-ECB(k, d_enc)`` (32 bytes), ``P_enc`` (65 bytes). Stored only when d_enc·G equals P_enc.

Checks in one order for all three: P1-P2 (6A86), length (6700), security state (6982), the key they need
(6A88), then the data (6A80). Outside the PKI ADF they answer 6985. READ/UPDATE BINARY of the PKI files
go through the card's generic transparent-file commands with the access rules of layout.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from devices.vcard import layout, sm2
from devices.vcard.apdu import SW, CardStatus, Command, answer
from devices.vcard.cardfile import empty_binary
from devices.vcard.layout import EF0012, EF0013, EF0014, EF0015, PKI_CERTIFICATE_FILES
from devices.vcard.sm4 import sm4_ecb_decrypt

if TYPE_CHECKING:
    from devices.vcard.card_os import VirtualCard

P2_SIGNING_PAIR = 0x01
P2_ENCRYPTION_PAIR = 0x02
PSO_SIGN_P1P2 = (0x9E, 0x9A)
DIGEST_SIZE = 32
SM4_KEY_SIZE = 16
ENCRYPTED_KEY_SIZE = sm2.PUBLIC_KEY_SIZE + sm2.SIZE + SM4_KEY_SIZE  # C1 ‖ C3 ‖ C2 = 113
ENVELOPE_SIZE = ENCRYPTED_KEY_SIZE + sm2.SIZE + sm2.PUBLIC_KEY_SIZE  # + SM4(k, d_enc) + P_enc = 210


def generate_key_pair(card: VirtualCard, cmd: Command) -> bytes:
    _in_pki_adf(card)
    if (cmd.p1, cmd.p2) != (0x00, P2_SIGNING_PAIR):
        raise CardStatus(SW.WRONG_P1P2)
    if cmd.data:
        raise CardStatus(SW.WRONG_LENGTH)
    _require_pki_key(card)
    pair = sm2.generate_keypair()
    files = card.content.binaries
    files[EF0012.name] = bytearray(pair.private.to_bytes(sm2.SIZE, "big"))
    files[EF0013.name] = bytearray(pair.public)
    # The encryption pair and both certificates were bound to the old signing key: gone with it.
    for ef in (EF0014, EF0015, *PKI_CERTIFICATE_FILES):
        files[ef.name] = empty_binary(ef)
    card.save()
    return answer(pair.public)


def compute_digital_signature(card: VirtualCard, cmd: Command) -> bytes:
    _in_pki_adf(card)
    if (cmd.p1, cmd.p2) != PSO_SIGN_P1P2:
        raise CardStatus(SW.WRONG_P1P2)
    if len(cmd.data) != DIGEST_SIZE:
        raise CardStatus(SW.WRONG_LENGTH)
    if not card.pin_verified:
        raise CardStatus(SW.SECURITY_NOT_SATISFIED)
    d = _private_key(card, EF0012)
    return answer(sm2.sign_digest(d, cmd.data))


def import_encryption_key_pair(card: VirtualCard, cmd: Command) -> bytes:
    _in_pki_adf(card)
    if (cmd.p1, cmd.p2) != (0x00, P2_ENCRYPTION_PAIR):
        raise CardStatus(SW.WRONG_P1P2)
    if len(cmd.data) != ENVELOPE_SIZE:
        raise CardStatus(SW.WRONG_LENGTH)
    _require_pki_key(card)
    d_sign = _private_key(card, EF0012)
    encrypted_key = cmd.data[:ENCRYPTED_KEY_SIZE]
    wrapped = cmd.data[ENCRYPTED_KEY_SIZE : ENCRYPTED_KEY_SIZE + sm2.SIZE]
    public = cmd.data[ENCRYPTED_KEY_SIZE + sm2.SIZE :]
    try:
        k = sm2.decrypt_c1c3c2(d_sign, encrypted_key)
        d_enc = int.from_bytes(sm4_ecb_decrypt(k, wrapped), "big")
        point = sm2.decode_point(public)
    except sm2.Sm2Error as exc:
        raise CardStatus(SW.WRONG_DATA) from exc
    if not 1 <= d_enc <= sm2.N - 2 or sm2.multiply(d_enc, sm2.G) != point:
        raise CardStatus(SW.WRONG_DATA)  # the pair does not belong together: nothing is stored
    files = card.content.binaries
    files[EF0014.name] = bytearray(d_enc.to_bytes(sm2.SIZE, "big"))
    files[EF0015.name] = bytearray(public)
    card.save()
    return answer()


def _in_pki_adf(card: VirtualCard) -> None:
    if card.current_df is not layout.PKI_ADF:
        raise CardStatus(SW.CONDITIONS_NOT_SATISFIED)


def _require_pki_key(card: VirtualCard) -> None:
    if layout.KEY_PKI not in card.authenticated:
        raise CardStatus(SW.SECURITY_NOT_SATISFIED)


def _private_key(card: VirtualCard, ef: layout.Ef) -> int:
    data = card.content.binaries[ef.name]
    if not data:
        raise CardStatus(SW.REFERENCE_NOT_FOUND)
    return int.from_bytes(data, "big")


__all__ = ["compute_digital_signature", "generate_key_pair", "import_encryption_key_pair"]
