"""counter_app.card.pki, the terminal side of the card's PKI application, over the simulated card and
PSAM in process: select, authenticate with key 07, generate, sign after the PIN, import the encryption
pair, write and read back the certificates; each refusal as its precise exception."""

from __future__ import annotations

import pytest

from counter_app.card.errors import (
    KeyEnvelopeRefused,
    NoPkiApplication,
    PinNotVerified,
    PkiKeyMissing,
    PsamKeyMismatch,
    SecurityStatusNotSatisfied,
)
from counter_app.card.personalize import identify
from counter_app.card.pki import KeyUsage, PkiApplication
from counter_app.card.profile import load_profile
from counter_app.card.psam import Psam
from counter_app.card.ssc import SscCard
from counter_app.card.trace import TraceRecorder
from counter_app.crypto import sm2
from counter_app.domain.pin import pin_buffer
from devices.state import StatePaths
from devices.vcard import stock
from devices.vcard.card_os import VirtualCard
from devices.vcard.psam import VirtualPsam
from tests.unit.card_inprocess import InProcessConnection
from tests.unit.sm2_envelope import make_envelope

PROFILE = load_profile()
CERTIFICATE = bytes.fromhex("308201F4") + bytes(i % 251 for i in range(0x1F4))  # 504 bytes: three chunks


class Encoder:
    """A blank card and a PSAM of one stock, powered up; the card's identity read as the counter does."""

    def __init__(self, tmp_path, kind: str = "ssc3", wrong_psam: bool = False):
        paths = StatePaths.resolve(tmp_path / "devices-state")
        (self.card_path,) = stock.make_blank(1, paths, kind=kind)
        self.trace = TraceRecorder()
        self.card = SscCard(InProcessConnection(VirtualCard(self.card_path)), PROFILE, self.trace)
        self.psam = Psam(InProcessConnection(VirtualPsam(stock.ensure_psam(paths, wrong=wrong_psam))), PROFILE)
        self.pki = PkiApplication(self.card)

    def open_pki(self) -> PkiApplication:
        """As the counter will: identify the card in SSSE, then select the ADF and authenticate there."""
        card_id = identify(self.card, PROFILE).card_id
        self.pki.select()
        self.pki.authenticate(self.psam, card_id)
        return self.pki


def test_generate_read_back_and_sign_after_the_pin(tmp_path):
    pki = Encoder(tmp_path).open_pki()
    public = pki.generate_sign_keypair()
    assert len(public) == 65 and public[0] == 0x04
    assert pki.read_public_key(KeyUsage.SIGN) == public
    assert pki.read_public_key(KeyUsage.ENC) is None
    message = b"to be signed by the card"
    e = sm2.message_digest(public, message)
    with pytest.raises(PinNotVerified):
        pki.sign_digest(e)
    pki.verify_pin(pin_buffer("123456"))
    assert sm2.verify(public, message, pki.sign_digest(e))


def test_without_key_07_nothing_can_be_generated_or_written(tmp_path):
    encoder = Encoder(tmp_path)
    identify(encoder.card, PROFILE)
    encoder.pki.select()  # no authentication in the ADF
    with pytest.raises(SecurityStatusNotSatisfied):
        encoder.pki.generate_sign_keypair()
    with pytest.raises(SecurityStatusNotSatisfied):
        encoder.pki.write_certificate(KeyUsage.SIGN, CERTIFICATE)


def test_signing_or_importing_on_a_card_without_a_signing_key_is_pki_key_missing(tmp_path):
    pki = Encoder(tmp_path).open_pki()
    with pytest.raises(PkiKeyMissing):
        pki.import_enc_keypair(make_envelope(sm2.generate_keypair().public_key).data)
    pki.verify_pin(pin_buffer("123456"))
    with pytest.raises(PkiKeyMissing):
        pki.sign_digest(bytes(32))


def test_the_encryption_pair_is_imported_from_the_envelope_and_a_foreign_envelope_refused(tmp_path):
    pki = Encoder(tmp_path).open_pki()
    public = pki.generate_sign_keypair()
    with pytest.raises(KeyEnvelopeRefused):
        pki.import_enc_keypair(make_envelope(sm2.generate_keypair().public_key).data)
    assert pki.read_public_key(KeyUsage.ENC) is None
    envelope = make_envelope(public)
    pki.import_enc_keypair(envelope.data)
    assert pki.read_public_key(KeyUsage.ENC) == envelope.enc_pair.public_key


def test_certificates_are_written_in_chunks_and_read_back_byte_for_byte(tmp_path):
    encoder = Encoder(tmp_path)
    pki = encoder.open_pki()
    pki.generate_sign_keypair()
    assert pki.read_certificate(KeyUsage.SIGN) is None
    assert pki.write_certificate(KeyUsage.SIGN, CERTIFICATE) == 3  # 240 + 240 + 24 bytes
    short = bytes.fromhex("3003020101")
    pki.write_certificate(KeyUsage.ENC, short)
    assert pki.read_certificate(KeyUsage.SIGN) == CERTIFICATE
    assert pki.read_certificate(KeyUsage.ENC) == short
    pki.generate_sign_keypair()  # a new key: its old certificates are gone
    assert pki.read_certificate(KeyUsage.SIGN) is None and pki.read_certificate(KeyUsage.ENC) is None


def test_a_psam_with_other_keys_is_found_before_key_07_loses_a_try(tmp_path):
    encoder = Encoder(tmp_path, wrong_psam=True)
    with pytest.raises(PsamKeyMismatch):
        encoder.open_pki()
    assert VirtualCard(encoder.card_path).content.keys[0x07].tries == 3


def test_a_second_generation_card_has_no_pki_application(tmp_path):
    encoder = Encoder(tmp_path, kind="ssc2")
    with pytest.raises(NoPkiApplication):
        encoder.pki.select()


def test_the_trace_shows_the_pki_commands_and_masks_the_pin(tmp_path):
    encoder = Encoder(tmp_path)
    pki = encoder.open_pki()
    public = pki.generate_sign_keypair()
    pki.verify_pin(pin_buffer("123456"))
    pki.sign_digest(sm2.message_digest(public, b"m"))
    text = encoder.trace.as_text()
    assert "00A404000C53532E434552542E41444631" in text and "8046000100" in text
    assert "00200000031234" not in text and "0020000003******" in text
    assert public.hex().upper() in text  # a public key is not a secret
