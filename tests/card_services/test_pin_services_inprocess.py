"""PIN services over the simulated card and PSAM in process (no pcscd): hand-over change, verify for use,
blocking after three wrong PINs, reset through the PSAM with secure messaging, and what is refused."""

from __future__ import annotations

import pytest

from counter_app.card.apdu import Apdu
from counter_app.card.errors import PinBlocked, PsamKeyMismatch, SecureMessagingError, WrongPin
from counter_app.card.personalize import identify
from counter_app.card.pin import build_reload_command
from counter_app.card.profile import load_profile
from counter_app.card.psam import Psam
from counter_app.card.ssc import SscCard, internal_authenticate, raise_for_sw
from counter_app.card.sw import SW
from counter_app.domain.pin import InitialPinNotUsable, WeakPin, pin_buffer
from counter_app.services.card_services import AUDIT_PIN_RESET, HolderMismatch, PinResetReason
from counter_app.store.audit import AuditLog
from tests.card_services.conftest import OPERATOR, FakeEncoder, card_services, personalize

ID_NUMBER = "421303199003070019"


def test_the_initial_pin_is_refused_for_use_without_reaching_the_card(fresh_store, encoder):
    svc = card_services(fresh_store, encoder)
    with pytest.raises(InitialPinNotUsable) as refused:
        svc.verify_pin(OPERATOR, pin_buffer("123456"))
    assert "初始密码" in refused.value.message("zh")
    assert svc.pin_tries_left(OPERATOR) == 3  # no try spent


def test_weak_pins_are_refused_before_the_card_is_touched(fresh_store, encoder):
    svc = card_services(fresh_store, encoder)
    for weak in ("111111", "654321", "123456", "12345"):
        with pytest.raises(WeakPin):
            svc.change_pin(OPERATOR, pin_buffer("123456"), pin_buffer(weak))
    assert svc.pin_tries_left(OPERATOR) == 3
    svc.change_pin(OPERATOR, pin_buffer("123456"), pin_buffer("135790"))  # still the initial PIN


def test_change_then_verify_then_three_wrong_pins_block_it(fresh_store, encoder):
    svc = card_services(fresh_store, encoder)
    old, new = pin_buffer("123456"), pin_buffer("135790")
    svc.change_pin(OPERATOR, old, new)
    assert old == bytearray() and new == bytearray()  # the service wiped both buffers
    svc.verify_pin(OPERATOR, pin_buffer("135790"))
    for left in (2, 1):
        with pytest.raises(WrongPin) as wrong:
            svc.verify_pin(OPERATOR, pin_buffer("975310"))
        assert wrong.value.tries_left == left  # 63C2, 63C1
    with pytest.raises(PinBlocked) as third:  # 63C0: the third wrong PIN blocks it there and then
        svc.verify_pin(OPERATOR, pin_buffer("975310"))
    assert "重置" in third.value.message("zh") and "PSAM" in third.value.message("zh")
    assert "reset" in third.value.message("en") and "PSAM" in third.value.message("en")
    assert svc.pin_tries_left(OPERATOR) == 0
    with pytest.raises(PinBlocked):  # 6983
        svc.verify_pin(OPERATOR, pin_buffer("135790"))


def test_the_third_wrong_old_pin_of_a_change_says_blocked(fresh_store, encoder):
    svc = card_services(fresh_store, encoder)
    for _ in range(2):
        with pytest.raises(WrongPin):
            svc.change_pin(OPERATOR, pin_buffer("975310"), pin_buffer("135790"))
    with pytest.raises(PinBlocked):
        svc.change_pin(OPERATOR, pin_buffer("975310"), pin_buffer("135790"))


def test_a_blocked_pin_is_reset_through_the_psam_and_audited(fresh_store, encoder, applicant):
    personalize(fresh_store, encoder, applicant)
    svc = card_services(fresh_store, encoder)
    for _ in range(2):
        with pytest.raises(WrongPin):
            svc.verify_pin(OPERATOR, pin_buffer("975310"))
    with pytest.raises(PinBlocked):
        svc.verify_pin(OPERATOR, pin_buffer("975310"))
    outcome = svc.reset_pin(OPERATOR, pin_buffer("246813"), id_number=ID_NUMBER, reason=PinResetReason.BLOCKED)
    assert outcome.card_number == "X00000019"
    svc.verify_pin(OPERATOR, pin_buffer("246813"))
    rows = [e for e in AuditLog.entries(fresh_store.db) if e.action == AUDIT_PIN_RESET]
    assert rows[-1].detail == {"card_number": "X00000019", "reason": "blocked", "clerk": OPERATOR.actor}


def test_a_reset_needs_the_id_number_on_the_card(fresh_store, encoder, applicant):
    personalize(fresh_store, encoder, applicant)
    svc = card_services(fresh_store, encoder)
    with pytest.raises(HolderMismatch):
        svc.reset_pin(OPERATOR, pin_buffer("246813"), id_number="11010519491231002X")
    svc.change_pin(OPERATOR, pin_buffer("123456"), pin_buffer("135790"))  # the PIN was not reloaded


def test_a_reset_with_a_wrong_psam_fails_and_leaves_the_card_as_it_was(fresh_store, encoder, applicant, vdevices):
    from devices.vcard import stock

    personalize(fresh_store, encoder, applicant)
    paths, _ = vdevices
    wrong = FakeEncoder(encoder.card_path, stock.ensure_psam(paths, wrong=True))
    with pytest.raises(PsamKeyMismatch) as refused:
        card_services(fresh_store, wrong).reset_pin(OPERATOR, pin_buffer("246813"), id_number=ID_NUMBER)
    assert "PSAM" in refused.value.message("zh")
    svc = card_services(fresh_store, encoder)
    assert svc.pin_tries_left(OPERATOR) == 3
    svc.change_pin(OPERATOR, pin_buffer("123456"), pin_buffer("135790"))  # still the old PIN
    assert not [e for e in AuditLog.entries(fresh_store.db) if e.action == AUDIT_PIN_RESET]


def test_the_card_checks_the_secure_messaging_mac(encoder):
    profile = load_profile()
    card = SscCard(encoder.open_card(), profile)
    psam = Psam(encoder.open_psam(), profile)
    card_id = identify(card, profile).card_id
    internal_authenticate(card, psam, profile.key_internal_auth, card_id)
    command = build_reload_command(card, psam, card_id, pin_buffer("246813"))
    data = bytearray(command.apdu.data)
    data[-1] ^= 0x01  # one MAC bit flipped
    resp = card.transmit(Apdu(0x84, 0x24, 0x00, 0x00, bytes(data)))
    assert resp.sw == SW.SECURE_MESSAGING_WRONG  # 6988
    with pytest.raises(SecureMessagingError):
        raise_for_sw(resp, "RELOAD PIN")
