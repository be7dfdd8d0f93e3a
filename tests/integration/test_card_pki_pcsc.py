"""The card's PKI application through the real PC/SC stack: pcscd, the vpcd driver, pyscard, the simulated
card and PSAM. A blank card is personalized first (through the counter's command line, as at the counter),
then counter_app.card.pki does what the issuance will: key 07, an on-card signing pair, a signature after
the holder's PIN, the encryption pair from an envelope, and both certificates. What the chip holds is
read from its own card file, so a mistake shared by the terminal and the card cannot pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.card.apdu import Apdu
from counter_app.card.errors import PinNotVerified
from counter_app.card.personalize import identify
from counter_app.card.pin import change_pin
from counter_app.card.pki import KeyUsage, PkiApplication
from counter_app.card.profile import load_profile
from counter_app.card.psam import Psam
from counter_app.card.ssc import SscCard
from counter_app.crypto import sm2
from counter_app.domain.pin import pin_buffer
from tests.unit.sm2_envelope import make_envelope

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = ROOT / "tests" / "data" / "applicant.json"
PROFILE = load_profile()
INITIAL_PIN, HOLDER_PIN = "123456", "135790"
SIGN_CERTIFICATE = bytes.fromhex("30820203") + bytes((7 * i) % 256 for i in range(0x203))  # 519 bytes
ENC_CERTIFICATE = bytes.fromhex("308180") + bytes(range(0x80))


def counter_app(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def pki_files(card_file: Path) -> dict[str, bytes]:
    files = json.loads(card_file.read_text())["files"]
    return {fid: bytes.fromhex(files[fid]["data"]) for fid in ("0012", "0013", "0014", "0015", "0018", "0019")}


@pytest.fixture
def encoder(devices, blank_card, tmp_path):
    """The personalized card and the PSAM over pcscd: (SscCard, Psam, card file)."""
    from counter_app.card.pcsc import DEFAULT_CARD_READER, DEFAULT_PSAM_READER, PcscConnection

    proc = counter_app(tmp_path / "counter", "card", "personalize", "--applicant", str(APPLICANT),
                       "--card-number", "X00000019")
    assert proc.returncode == 0, proc.stderr
    card_conn, psam_conn = PcscConnection(DEFAULT_CARD_READER), PcscConnection(DEFAULT_PSAM_READER)
    try:
        yield SscCard(card_conn, PROFILE), Psam(psam_conn, PROFILE), blank_card
    finally:
        card_conn.close()
        psam_conn.close()


def test_on_card_keys_signature_and_certificates_over_pcscd(encoder):
    card, psam, card_file = encoder
    card_id = identify(card, PROFILE).card_id
    change_pin(card, pin_buffer(INITIAL_PIN), pin_buffer(HOLDER_PIN))  # the holder's own PIN, in SSSE

    pki = PkiApplication(card)
    pki.select()
    pki.authenticate(psam, card_id)
    public = pki.generate_sign_keypair()
    chip = pki_files(card_file)
    assert chip["0013"] == public and sm2.public_key_of(chip["0012"]) == public

    card.select_ef(0x0012)  # the private key never crosses the wire
    assert card.transmit(Apdu(0x00, 0xB0, 0x00, 0x00, le=32)).sw == 0x6982

    message = "社会保障卡签名测试".encode()
    e = sm2.message_digest(public, message)
    with pytest.raises(PinNotVerified):
        pki.sign_digest(e)
    pki.verify_pin(pin_buffer(HOLDER_PIN))  # the card's one PIN, verified inside the ADF
    assert sm2.verify(pki.read_public_key(KeyUsage.SIGN), message, pki.sign_digest(e))

    envelope = make_envelope(public)
    pki.import_enc_keypair(envelope.data)
    assert pki.read_public_key(KeyUsage.ENC) == envelope.enc_pair.public_key

    pki.write_certificate(KeyUsage.SIGN, SIGN_CERTIFICATE)
    pki.write_certificate(KeyUsage.ENC, ENC_CERTIFICATE)
    assert pki.read_certificate(KeyUsage.SIGN) == SIGN_CERTIFICATE
    assert pki.read_certificate(KeyUsage.ENC) == ENC_CERTIFICATE
    chip = pki_files(card_file)
    assert chip["0018"][: len(SIGN_CERTIFICATE)] == SIGN_CERTIFICATE and not any(chip["0018"][len(SIGN_CERTIFICATE):])
    assert chip["0019"][: len(ENC_CERTIFICATE)] == ENC_CERTIFICATE
    assert sm2.public_key_of(chip["0014"]) == chip["0015"] == envelope.enc_pair.public_key
