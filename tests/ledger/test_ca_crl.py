"""GET /v1/ca/crl: the CA's revocation list. A card reported lost, cancelled or replaced has its certificates on
it (revoked in the very transaction that takes the event), with the reason; the list is signed by the CA."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter_app.crypto import x509
from tests.ledger import ca_support
from tests.ledger.ca_support import LedgerDriver

ca, ca_client, driver = ca_support.ca, ca_support.ca_client, ca_support.driver  # the fixtures used here


def current_crl(driver: LedgerDriver) -> x509.Crl:
    crl = x509.load_crl(driver.crl())
    x509.verify_crl(crl, x509.load_certificate(driver.ca_pem()))
    return crl


def test_a_new_ca_publishes_an_empty_signed_crl_valid_for_a_day(driver: LedgerDriver):
    crl = current_crl(driver)
    assert crl.revoked == ()
    assert crl.next_update - crl.this_update == timedelta(days=1)
    assert crl.authority_key_id == x509.load_certificate(driver.ca_pem()).subject_key_id


def test_the_crl_is_served_from_cache_and_renumbered_when_a_certificate_is_revoked(driver: LedgerDriver):
    numbers = [current_crl(driver).crl_number for _ in range(3)]
    assert len(set(numbers)) == 1  # nothing revoked meanwhile: the same signed CRL
    card = driver.card()
    answer = driver.certificates(card)
    driver.issued(card)
    driver.status_changed(card, "lost")
    after = current_crl(driver)
    assert after.crl_number > numbers[0]
    assert after.is_revoked(int(answer["sign_serial"], 16))


@pytest.mark.parametrize(("status", "reason"), [("lost", "key_compromise"), (2, "key_compromise"),
                                                ("cancelled", "cessation_of_operation"),
                                                (9, "cessation_of_operation")])
def test_a_lost_or_cancelled_card_has_both_certificates_on_the_crl(driver: LedgerDriver, status, reason):
    card, other = driver.card(), driver.card()
    answer = driver.certificates(card)
    kept = driver.certificates(other)
    driver.issued(card)
    driver.issued(other)
    driver.status_changed(card, status)

    crl = current_crl(driver)
    for serial in (answer["sign_serial"], answer["enc_serial"]):
        assert crl.revocation(int(serial, 16)).reason == reason
    assert not crl.is_revoked(int(kept["sign_serial"], 16))


def test_a_replaced_card_has_its_certificates_revoked_when_the_replacement_is_issued(driver: LedgerDriver):
    old = driver.card()
    answer = driver.certificates(old)
    driver.issued(old)
    driver.issued(driver.card(holder_id_number=old.holder_id_number), replaces=old.number)
    assert current_crl(driver).revocation(int(answer["sign_serial"], 16)).reason == "cessation_of_operation"


def test_a_replacement_without_the_old_number_revokes_the_holders_active_cards(driver: LedgerDriver):
    old = driver.card()
    answer = driver.certificates(old)
    driver.issued(old)
    new = driver.card(holder_id_number=old.holder_id_number)
    driver.send("issuance.transition", {"to_state": "issued", "card_number": new.number,
                                        "person_index": new.holder_index, "application_type": "replacement"},
                issuance_id="iss-replacement")
    assert current_crl(driver).is_revoked(int(answer["sign_serial"], 16))


def test_a_loss_reported_before_the_issued_event_still_revokes(driver: LedgerDriver):
    card = driver.card()
    answer = driver.certificates(card)
    driver.status_changed(card, "lost")  # the ledger has not seen this card issued yet
    assert current_crl(driver).is_revoked(int(answer["enc_serial"], 16))


def test_a_locked_card_keeps_its_certificates(driver: LedgerDriver):
    card = driver.card()
    answer = driver.certificates(card)
    driver.issued(card)
    driver.status_changed(card, "locked")
    assert not current_crl(driver).is_revoked(int(answer["sign_serial"], 16))


def test_a_superseded_key_is_on_the_crl_as_superseded(driver: LedgerDriver):
    card = driver.card()
    old = driver.certificates(card)
    card.new_key()
    driver.certificates(card)
    assert current_crl(driver).revocation(int(old["sign_serial"], 16)).reason == "superseded"


def test_revocation_is_part_of_the_batch_that_reports_the_loss(driver: LedgerDriver, storage):
    card = driver.card()
    answer = driver.certificates(card)
    driver.issued(card)
    driver.status_changed(card, "lost")
    with storage.transaction() as tx:
        row = tx.one("SELECT status, reason, revoked_at FROM certificates WHERE serial = ?",
                     (answer["sign_serial"],))
        card_row = tx.one("SELECT status, status_changed_at FROM cards WHERE card_number = ?", (card.number,))
    assert (row["status"], row["reason"]) == ("revoked", "key_compromise")
    assert row["revoked_at"] == card_row["status_changed_at"]  # the same transaction's time


def test_the_crl_is_served_unsigned_without_a_counter(ca_client):
    r = ca_client.get("/v1/ca/crl")
    assert r.status_code == 200 and r.content[:1] == b"\x30"
