"""The simulated card's PKI application (ADF SS.CERT.ADF1), APDU by APDU, in process.

Signatures are checked with the counter's gmssl-based SM2 and envelopes are built with gmssl
(tests/unit/sm2_envelope.py), while the card computes with its own arithmetic and OpenSSL's SM3/SM4.
"""

from __future__ import annotations

from counter_app.crypto import sm2
from devices.vcard.card_os import VirtualCard
from tests.unit.sm2_envelope import make_envelope
from tests.unit.vcard_helpers import SELECT_SSSE, data, external_auth, new_devices, ok, sw

SELECT_PKI_DDF = bytes.fromhex("00A404000C504B492EC9E7BBE1B1A3D5CF")
SELECT_PKI_ADF = bytes.fromhex("00A404000C53532E434552542E41444631")
GENERATE = bytes.fromhex("8046000100")
VERIFY_INITIAL_PIN = bytes.fromhex("0020000003123456")
KEY_PKI, KEY_READ = 0x07, 0x0A


def select(fid: int) -> bytes:
    return bytes([0x00, 0xA4, 0x02, 0x00, 0x02]) + fid.to_bytes(2, "big")


def read_binary(card, fid: int, le: int = 0) -> bytes:
    ok(card, select(fid))
    return card.process(bytes([0x00, 0xB0, 0x00, 0x00, le]))


def pso_sign(e: bytes) -> bytes:
    return bytes([0x00, 0x2A, 0x9E, 0x9A, len(e)]) + e + b"\x00"


def import_pair(envelope: bytes) -> bytes:
    return bytes([0x80, 0xD4, 0x00, 0x02, len(envelope)]) + envelope


def stored(card, name: str) -> bytes:
    """A PKI file straight from the card file (what the chip holds, whatever the commands allow)."""
    return bytes(VirtualCard(card.path).content.binaries[name])


def card_with_signing_key(tmp_path):
    """A blank card in its PKI ADF, authenticated with key 07, holding a fresh signing pair."""
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_PKI_ADF)
    assert external_auth(card, psam, KEY_PKI) == 0x9000
    return card, psam, ok(card, GENERATE)


def test_generate_needs_external_authentication_with_key_07(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_PKI_ADF)
    assert sw(card.process(GENERATE)) == 0x6982
    assert external_auth(card, psam, KEY_READ) == 0x9000  # the card's one key set works in the ADF …
    assert sw(card.process(GENERATE)) == 0x6982  # … but only key 07 allows generating
    assert external_auth(card, psam, KEY_PKI) == 0x9000
    public = ok(card, GENERATE)
    assert len(public) == 65 and public[0] == 0x04
    assert stored(card, "0013") == public
    assert sm2.public_key_of(stored(card, "0012")) == public  # d·G: the private key is the pair's


def test_the_private_key_files_are_never_read_or_written(tmp_path):
    card, _, _ = card_with_signing_key(tmp_path)
    assert sw(read_binary(card, 0x0012)) == 0x6982
    assert sw(read_binary(card, 0x0014)) == 0x6982
    for fid in (0x0012, 0x0013, 0x0014, 0x0015):  # key files change only through GENERATE and IMPORT
        ok(card, select(fid))
        assert sw(card.process(bytes.fromhex("00D6000001AA"))) == 0x6982


def test_the_public_key_is_free_to_read_and_missing_before_generation(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_PKI_ADF)
    assert sw(read_binary(card, 0x0013)) == 0x6A88
    assert sw(read_binary(card, 0x0015)) == 0x6A88
    assert external_auth(card, psam, KEY_PKI) == 0x9000
    public = ok(card, GENERATE)
    card.reset()
    ok(card, SELECT_PKI_ADF)
    assert data(read_binary(card, 0x0013, 65)) == public  # no authentication needed
    assert sw(read_binary(card, 0x0015)) == 0x6A88  # no encryption pair yet


def test_the_card_signs_a_digest_only_after_the_pin_is_verified(tmp_path):
    card, _, public = card_with_signing_key(tmp_path)
    message = "社会保障卡 PKI".encode()
    e = sm2.message_digest(public, message)  # SM3(Z ‖ M), Z for ID 1234567812345678
    assert sw(card.process(pso_sign(e))) == 0x6982
    ok(card, VERIFY_INITIAL_PIN)
    signature = ok(card, pso_sign(e))
    assert len(signature) == 64
    assert sm2.verify(public, message, signature)
    assert not sm2.verify(public, b"another message", signature)
    assert sw(card.process(pso_sign(e[:31]))) == 0x6700
    ok(card, SELECT_SSSE)
    ok(card, SELECT_PKI_ADF)  # another DF and back: the verified PIN is gone
    assert sw(card.process(pso_sign(e))) == 0x6982


def test_signing_without_a_key_pair_answers_6a88(tmp_path):
    card, _ = new_devices(tmp_path)
    ok(card, SELECT_PKI_ADF)
    ok(card, VERIFY_INITIAL_PIN)
    assert sw(card.process(pso_sign(bytes(32)))) == 0x6A88


def test_an_envelope_for_the_signing_key_stores_the_encryption_pair(tmp_path):
    card, _, public = card_with_signing_key(tmp_path)
    envelope = make_envelope(public)
    ok(card, import_pair(envelope.data))
    assert stored(card, "0015") == envelope.enc_pair.public_key
    assert sm2.public_key_of(stored(card, "0014")) == envelope.enc_pair.public_key  # d_enc·G = P_enc
    assert data(read_binary(card, 0x0015, 65)) == envelope.enc_pair.public_key
    assert stored(card, "0013") == public  # the signing pair stays


def test_an_envelope_that_does_not_check_out_is_refused_and_nothing_is_stored(tmp_path):
    card, _, public = card_with_signing_key(tmp_path)
    good = make_envelope(public).data
    wrong_c3 = bytearray(good)
    wrong_c3[65] ^= 0x01  # C3 follows the 65 bytes of C1
    assert sw(card.process(import_pair(bytes(wrong_c3)))) == 0x6A80
    other_public = sm2.generate_keypair().public_key
    mismatched = good[:145] + other_public  # P_enc of another pair: d_enc·G differs
    assert sw(card.process(import_pair(mismatched))) == 0x6A80
    for_another_card = make_envelope(sm2.generate_keypair().public_key).data
    assert sw(card.process(import_pair(for_another_card))) == 0x6A80
    assert sw(card.process(import_pair(good[:209]))) == 0x6700
    assert stored(card, "0014") == b"" and stored(card, "0015") == b""


def test_importing_needs_key_07_and_a_signing_key(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_PKI_ADF)
    envelope = make_envelope(sm2.generate_keypair().public_key).data
    assert sw(card.process(import_pair(envelope))) == 0x6982
    assert external_auth(card, psam, KEY_PKI) == 0x9000
    assert sw(card.process(import_pair(envelope))) == 0x6A88  # nothing generated yet


def test_certificates_are_written_after_key_07_and_read_freely(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_PKI_ADF)
    certificate = bytes.fromhex("3082012C") + bytes(range(256))[:0x12C]
    ok(card, select(0x0018))
    assert sw(card.process(bytes([0x00, 0xD6, 0x00, 0x00, 16]) + certificate[:16])) == 0x6982
    assert external_auth(card, psam, KEY_PKI) == 0x9000
    ok(card, select(0x0018))
    for offset in range(0, len(certificate), 240):
        chunk = certificate[offset : offset + 240]
        ok(card, bytes([0x00, 0xD6, offset >> 8, offset & 0xFF, len(chunk)]) + chunk)
    card.reset()
    ok(card, SELECT_PKI_ADF)
    ok(card, select(0x0018))
    read = ok(card, bytes.fromhex("00B00000F0")) + ok(card, bytes.fromhex("00B000F0F0"))
    assert read[: len(certificate)] == certificate and not any(read[len(certificate) :])
    assert len(stored(card, "0019")) == 2048 and not any(stored(card, "0019"))


def test_generating_again_replaces_the_pair_and_erases_what_belonged_to_the_old_one(tmp_path):
    card, psam, first = card_with_signing_key(tmp_path)
    ok(card, import_pair(make_envelope(first).data))
    for fid in (0x0018, 0x0019):
        ok(card, select(fid))
        ok(card, bytes.fromhex("00D6000004300200AA"))  # a 4-byte DER stand-in
    second = ok(card, GENERATE)
    assert second != first and stored(card, "0013") == second
    assert stored(card, "0014") == b"" and stored(card, "0015") == b""
    assert not any(stored(card, "0018")) and not any(stored(card, "0019"))
    assert sw(read_binary(card, 0x0015)) == 0x6A88


def test_pki_commands_answer_6985_outside_the_adf(tmp_path):
    card, _ = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    assert sw(card.process(GENERATE)) == 0x6985
    ok(card, SELECT_PKI_DDF)
    assert sw(card.process(pso_sign(bytes(32)))) == 0x6985


def test_second_generation_and_non_ssc_cards_have_no_pki_application(tmp_path):
    for kind in ("ssc2", "non_ssc"):
        card, _ = new_devices(tmp_path / kind, kind=kind)
        assert sw(card.process(SELECT_PKI_DDF)) == 0x6A82
        assert sw(card.process(SELECT_PKI_ADF)) == 0x6A82
        assert "0012" not in card.content.binaries


def test_the_key_pairs_survive_removal(tmp_path):
    card, _, public = card_with_signing_key(tmp_path)
    again = VirtualCard(card.path)  # the card pulled out and put back: a new power-up from its file
    again.reset()
    ok(again, SELECT_PKI_ADF)
    assert data(read_binary(again, 0x0013, 65)) == public
    ok(again, VERIFY_INITIAL_PIN)
    e = sm2.message_digest(public, b"after removal")
    assert sm2.verify(public, b"after removal", ok(again, pso_sign(e)))
