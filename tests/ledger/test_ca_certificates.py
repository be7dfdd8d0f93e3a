"""POST /v1/certificates: a 3.0 card's signing key is certified, and it gets an encryption key pair with its
certificate; asking again gives the same answer; a new key supersedes the old certificates; a card the ledger
knows as lost, cancelled or replaced gets none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from central_ledger.ca import CERT_VALIDITY
from counter_app.crypto import x509
from tests.ledger import ca_support
from tests.ledger.ca_support import Card, LedgerDriver, der

ca, ca_client, driver = ca_support.ca, ca_support.ca_client, ca_support.driver  # the fixtures used here


def test_a_card_gets_a_signing_and_an_encryption_certificate_from_the_ca(driver: LedgerDriver):
    card = driver.card()
    answer = driver.certificates(card)

    ca_cert = x509.load_certificate(der(answer["ca_certificate"]))
    assert ca_cert == x509.load_certificate(driver.ca_pem())
    sign = x509.load_certificate(der(answer["sign_certificate"]))
    enc = x509.load_certificate(der(answer["enc_certificate"]))
    for cert in (sign, enc):
        x509.verify_certificate(cert, ca_cert)
        assert cert.subject_cn == card.number
        assert cert.subject_serial_number == card.holder_index
        assert cert.subject["organizational_unit_name"] == "社会保障卡"
        assert cert.subject["organization_name"] == ca_cert.subject["organization_name"]
        assert cert.subject["country_name"] == "CN"
        assert cert.authority_key_id == ca_cert.subject_key_id
        assert not cert.is_ca

    assert sign.public_key == card.public_key
    assert sign.key_usage == {"digital_signature", "non_repudiation"}
    assert enc.key_usage == {"key_encipherment", "data_encipherment"}
    assert enc.public_key == bytes.fromhex(answer["enc_key_envelope"])[-65:]  # the envelope ends with P_enc
    assert (sign.serial_hex, enc.serial_hex) == (answer["sign_serial"], answer["enc_serial"])
    assert len(answer["enc_key_envelope"]) == 420


def test_serials_are_16_random_positive_bytes(driver: LedgerDriver):
    answers = [driver.certificates(driver.card()) for _ in range(3)]
    serials = [a[k] for a in answers for k in ("sign_serial", "enc_serial")]
    assert len(set(serials)) == 6
    for s in serials:
        assert len(s) == 32 and 0 < int(s, 16) < 2**127


def test_certificates_are_valid_from_five_minutes_ago_for_ten_years(driver: LedgerDriver):
    before = datetime.now(UTC).replace(microsecond=0)
    sign = x509.load_certificate(der(driver.certificates(driver.card())["sign_certificate"]))
    after = datetime.now(UTC)
    assert before - timedelta(minutes=5) <= sign.not_before <= after - timedelta(minutes=5)
    assert before + CERT_VALIDITY <= sign.not_after + timedelta(minutes=5)
    assert sign.not_after <= after + CERT_VALIDITY


def test_the_subject_holds_the_blind_index_never_a_clear_id_number(driver: LedgerDriver, storage):
    card = driver.card()
    r = driver.request_certificates(card, holder_index=card.holder_id_number)
    assert r.status_code == 422 and r.json()["error"] == "malformed_request"
    with storage.transaction() as tx:
        assert tx.one("SELECT COUNT(*) AS n FROM certificates")["n"] == 0

    answer = driver.certificates(card)
    for name in ("sign_certificate", "enc_certificate"):
        assert card.holder_id_number.encode() not in der(answer[name])


def test_asking_again_for_the_same_key_gives_the_same_answer(driver: LedgerDriver, storage):
    card = driver.card()
    first = driver.certificates(card)
    again = driver.certificates(card)  # a lost answer, retried with a fresh request_id and signature
    assert again == first
    with storage.transaction() as tx:
        assert tx.one("SELECT COUNT(*) AS n FROM certificates WHERE status = 'valid'")["n"] == 2


def test_a_new_key_for_the_same_card_supersedes_its_earlier_certificates(driver: LedgerDriver, storage):
    card = driver.card()
    old = driver.certificates(card)
    card.new_key()
    new = driver.certificates(card)
    assert new["sign_serial"] != old["sign_serial"]
    with storage.transaction() as tx:
        rows = {r["serial"]: r for r in tx.all("SELECT serial, status, reason FROM certificates")}
    for serial in (old["sign_serial"], old["enc_serial"]):
        assert (rows[serial]["status"], rows[serial]["reason"]) == ("revoked", "superseded")
    for serial in (new["sign_serial"], new["enc_serial"]):
        assert rows[serial]["status"] == "valid"


def test_the_old_key_of_a_superseded_pair_gets_nothing_back(driver: LedgerDriver):
    card = driver.card()
    driver.certificates(card)
    old_key = card.private_key
    card.new_key()
    driver.certificates(card)
    card.private_key = old_key
    r = driver.request_certificates(card)
    assert r.status_code == 409 and r.json()["error"] == "certificates_revoked"


def test_a_card_the_ledger_has_not_seen_issued_yet_gets_certificates(driver: LedgerDriver):
    # Certificates are made at hand-over, usually before the counter's "issued" event reaches the ledger.
    assert driver.request_certificates(driver.card()).status_code == 200


def test_a_lost_card_gets_no_certificates(driver: LedgerDriver):
    card = driver.card()
    driver.issued(card)
    driver.status_changed(card, "lost")
    r = driver.request_certificates(card)
    assert r.status_code == 409
    assert r.json()["error"] == "card_not_active" and r.json()["card_status"] == "lost"


def test_cancelled_and_replaced_cards_get_no_certificates(driver: LedgerDriver):
    cancelled, replaced = driver.card(), driver.card()
    driver.issued(cancelled)
    driver.status_changed(cancelled, 9)
    driver.issued(replaced)
    driver.issued(driver.card(holder_id_number=replaced.holder_id_number), replaces=replaced.number)
    for card in (cancelled, replaced):
        r = driver.request_certificates(card)
        assert (r.status_code, r.json()["error"]) == (409, "card_not_active")


def test_a_card_the_ledger_holds_for_another_holder_is_refused(driver: LedgerDriver):
    card = driver.card()
    driver.issued(card)
    r = driver.request_certificates(card, holder_index=Card("X", holder_id_number="110105194912310021")
                                    .holder_index)
    assert (r.status_code, r.json()["error"]) == (409, "card_holder_mismatch")


def test_malformed_requests_are_refused_before_anything_is_issued(driver: LedgerDriver):
    card = driver.card()
    wrong_check = card.number[:8] + ("0" if card.number[8] != "0" else "1")
    off_curve = "04" + "00" * 31 + "07" + "00" * 32  # (7, 0) is not on the curve
    cases = [({"card_number": wrong_check}, "invalid_card_number"),
             ({"sign_public_key": off_curve}, "bad_public_key"),
             ({"card_id": "12"}, "malformed_request"),
             ({"sign_public_key": card.public_key.hex()[2:]}, "malformed_request")]
    for override, code in cases:
        r = driver.request_certificates(card, **override)
        assert (r.status_code, r.json()["error"]) == (422, code), override


def test_the_request_is_signed_like_every_counter_request(driver: LedgerDriver):
    card = driver.card()
    body = driver.key.signed(card_number=card.number, card_id=card.card_id, holder_index=card.holder_index,
                             sign_public_key=card.public_key.hex())
    body["card_id"] = Card(card.number).card_id  # changed after signing
    r = driver.client.post("/v1/certificates", json=body)
    assert (r.status_code, r.json()["error"]) == (401, "bad_signature")


def test_the_endpoints_are_described_in_the_openapi_document_and_the_api_doc(ca_client):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "ledger-api.md").read_text(encoding="utf-8")
    for endpoint in ("`POST /v1/certificates`", "`GET /v1/ca/crl`", "`GET /v1/ca/certificate`", "`card_not_active`",
                     "`card_holder_mismatch`", "`certificates_revoked`", "`bad_public_key`"):
        assert endpoint in doc
    paths = ca_client.get("/openapi.json").json()["paths"]
    assert "post" in paths["/v1/certificates"]
    assert "application/pkix-crl" in paths["/v1/ca/crl"]["get"]["responses"]["200"]["content"]
    assert "application/x-pem-file" in paths["/v1/ca/certificate"]["get"]["responses"]["200"]["content"]
