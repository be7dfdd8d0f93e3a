"""The third-generation certificate step, the card simulated in process and the real ledger (its CA) on
loopback: the key pair made in the card, certificates checked against the pinned CA, written and read
back, possession proved with the holder's PIN; offline the step waits and another counter finishes it;
a lost card's certificate is on the CRL."""

from __future__ import annotations

import shutil

import pytest

from counter_app.card.apdu import Apdu
from counter_app.card.errors import PinNotVerified
from counter_app.card.pki import KeyUsage, PkiApplication
from counter_app.card.profile import load_profile
from counter_app.card.ssc import SscCard
from counter_app.crypto import sm2
from counter_app.crypto.x509 import load_certificate, load_crl, verify_certificate
from counter_app.domain.issuance import CertificateState, IssuanceAction, IssuanceState
from counter_app.domain.pin import PinPolicy, pin_buffer
from counter_app.services.card_services import CardServices, CardServiceSettings, CardStatus
from counter_app.services.certificates import CertificateService
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from tests.card_services.conftest import OPERATOR
from tests.unit.card_inprocess import InProcessConnection

HOLDER_PIN = "135790"


def printed_card(counter, encoder, applicant) -> str:
    """An issuance of ``counter`` up to ``printed`` on the card in ``encoder`` (a number from its blocks)."""
    intake = IntakeService(counter.store)
    issuance_id = intake.open_application(OPERATOR, applicant)
    intake.accept_photo(OPERATOR, issuance_id, None)
    EncodingService(counter.store, encoder, EncoderSettings(profile=load_profile(), write_photo=False)).encode(
        OPERATOR, issuance_id)
    issuances = IssuanceService(counter.store)
    for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING):
        issuances.advance(issuance_id, action, OPERATOR.actor)
    return issuance_id


def services(counter, encoder) -> tuple[CardServices, CertificateService]:
    cards = CardServices(counter.store, encoder, CardServiceSettings(load_profile(), PinPolicy()))
    return cards, CertificateService(counter.store, cards, counter.sync_service().client)


def pki_on(encoder) -> PkiApplication:
    from devices.vcard.card_os import VirtualCard

    card = SscCard(InProcessConnection(VirtualCard(encoder.card_path)), load_profile())
    pki = PkiApplication(card)
    pki.select()
    return pki


def test_the_full_step_at_hand_over_on_a_freshly_personalized_card(counter, encoder, applicant):
    issuance_id = printed_card(counter, encoder, applicant)
    _, certificates = services(counter, encoder)
    card_id = IssuanceService(counter.store).get(issuance_id).card_id

    pinned_before = certificates.pinned_ca()  # installed by the technician (make_counter)
    found_id, certified, pending = certificates.set_holder_pin_and_certify(
        OPERATOR, pin_buffer(HOLDER_PIN), card_id=card_id)
    assert pinned_before is not None and pending is None and found_id == issuance_id
    assert certificates.pinned_ca().der == pinned_before.der
    assert certified.key_generated
    done = IssuanceService(counter.store).hand_over(OPERATOR, issuance_id, certificate_step=True)
    assert done.state is IssuanceState.ISSUED and done.certificate_state is CertificateState.ISSUED

    pki = pki_on(encoder)
    der = pki.read_certificate(KeyUsage.SIGN)
    cert = load_certificate(der)
    verify_certificate(cert, certificates.pinned_ca())
    assert cert.subject_cn == done.card_number
    assert applicant.document_number not in repr(cert.subject)  # a blind index, never the ID number
    assert cert.public_key == pki.read_public_key(KeyUsage.SIGN)
    for private in (0x0012, 0x0014):  # the private key files answer 6982 to any read
        pki.card.select_ef(private)
        assert pki.card.transmit(Apdu(0x00, 0xB0, 0x00, 0x00, le=32)).sw == 0x6982

    check = certificates.verify(OPERATOR, pin_buffer(HOLDER_PIN))
    assert check.chain and check.possession and check.revoked is False
    events = [t for (t,) in counter.store.db.execute("SELECT type FROM outbox ORDER BY seq")]
    assert "card.certificate_issued" in events


def test_the_card_refuses_to_sign_without_the_pin(counter, encoder, applicant):
    issuance_id = printed_card(counter, encoder, applicant)
    _, certificates = services(counter, encoder)
    certificates.set_holder_pin_and_certify(OPERATOR, pin_buffer(HOLDER_PIN),
                                            card_id=IssuanceService(counter.store).get(issuance_id).card_id)
    pki = pki_on(encoder)
    with pytest.raises(PinNotVerified):
        pki.sign_digest(bytes(32))
    pki.verify_pin(pin_buffer(HOLDER_PIN))
    key = pki.read_public_key(KeyUsage.SIGN)
    message = b"challenge from the service hall"
    assert sm2.verify(key, message, pki.sign_digest(sm2.message_digest(key, message)))


def test_offline_the_step_waits_and_another_counter_finishes_it(ledger, make_counter, encoder, applicant):
    first = make_counter("C001")
    issuance_id = printed_card(first, encoder, applicant)
    _, certificates = services(first, encoder)
    ledger.stop()
    _, certified, pending = certificates.set_holder_pin_and_certify(
        OPERATOR, pin_buffer(HOLDER_PIN), card_id=IssuanceService(first.store).get(issuance_id).card_id)
    assert certified is None and pending is not None
    issuances = IssuanceService(first.store)
    done = issuances.hand_over(OPERATOR, issuance_id, certificate_step=True)
    assert done.certificate_pending  # issued: the holder has the card; the certificates wait
    assert [i.id for i in issuances.list_certificate_pending()] == [issuance_id]
    key_made_offline = pki_on(encoder).read_public_key(KeyUsage.SIGN)
    assert key_made_offline is not None

    ledger.start()
    first.sync_service().sync_once()  # the hand-over reaches the ledger: the card is active there
    # the district index key is provisioned alike on every counter of a district (docs/security.md)
    keys = first.paths.keys_dir.parent.parent / "counter-C002" / "keys"
    keys.mkdir(parents=True)
    shutil.copy2(first.paths.keys_dir / "district-index.key", keys / "district-index.key")
    other = make_counter("C002")
    _, elsewhere = services(other, encoder)
    finished = elsewhere.issue(OPERATOR, pin_buffer(HOLDER_PIN))
    assert not finished.key_generated  # the key the card made offline was certified
    assert finished.issuance_id is None  # the other counter has no issuance of this card
    assert load_certificate(pki_on(encoder).read_certificate(KeyUsage.SIGN)).public_key == key_made_offline


def test_a_lost_cards_certificate_is_on_the_crl(counter, encoder, applicant):
    issuance_id = printed_card(counter, encoder, applicant)
    cards, certificates = services(counter, encoder)
    _, certified, _ = certificates.set_holder_pin_and_certify(
        OPERATOR, pin_buffer(HOLDER_PIN), card_id=IssuanceService(counter.store).get(issuance_id).card_id)
    done = IssuanceService(counter.store).hand_over(OPERATOR, issuance_id, certificate_step=True)
    cards.set_status(OPERATOR, done.card_number, CardStatus.LOSS, "holder_request")
    counter.sync_service().sync_once()

    with counter.sync_service().client() as client:
        crl = load_crl(client.fetch_crl())
    assert crl.is_revoked(int(certified.sign_serial, 16))
    assert crl.revocation(int(certified.sign_serial, 16)).reason == "key_compromise"
    assert certificates.verify(OPERATOR, pin_buffer(HOLDER_PIN)).revoked is True


def test_certificates_from_another_ca_are_refused_until_the_ledgers_is_installed(
        counter, encoder, applicant, tmp_path):
    import datetime as dt

    from central_ledger.ca import _create_ca_files
    from counter_app.services.ca_trust import CaTrust
    from counter_app.services.certificates import PINNED_CA_KEY, CaNotInstalled, UntrustedCa

    printed_card(counter, encoder, applicant)
    cards, certificates = services(counter, encoder)
    cards.set_holder_pin(OPERATOR, pin_buffer(HOLDER_PIN))
    other_ca = _create_ca_files(tmp_path / "other-ca", "其他 CA", dt.datetime.now(dt.UTC))
    ledger_ca = certificates.pinned_ca()
    with counter.store.transaction() as db:  # this counter trusts another CA than the ledger's
        db.execute("UPDATE settings_kv SET value = ? WHERE key = ?", (other_ca.certificate_der.hex(), PINNED_CA_KEY))
    with pytest.raises(UntrustedCa) as refused:
        certificates.issue(OPERATOR, pin_buffer(HOLDER_PIN))
    assert "ca install" in refused.value.message("en")
    assert pki_on(encoder).read_certificate(KeyUsage.SIGN) is None  # nothing written

    key_before = pki_on(encoder).read_public_key(KeyUsage.SIGN)  # made by the refused run, kept for the next
    forgotten = certificates.forget_pinned_ca(OPERATOR)
    assert forgotten is not None and certificates.pinned_ca() is None
    with pytest.raises(CaNotInstalled) as stopped:  # none installed: the step stops, naming the command
        certificates.issue(OPERATOR, pin_buffer(HOLDER_PIN))
    assert "counter-app ca install --file" in stopped.value.message("en")
    assert pki_on(encoder).read_public_key(KeyUsage.SIGN) == key_before  # stopped before touching the card
    CaTrust(counter.store).install(OPERATOR, ledger_ca.der)
    assert certificates.issue(OPERATOR, pin_buffer(HOLDER_PIN)).card_number
    assert certificates.pinned_ca().der == ledger_ca.der
