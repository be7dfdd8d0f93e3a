"""Internal and external authentication between the simulated card and PSAM: they agree, and they count."""

from __future__ import annotations

import os

from devices.vcard.card_os import VirtualCard
from tests.unit.vcard_helpers import (
    SELECT_SSSE,
    card_id_cached,
    external_auth,
    new_devices,
    ok,
    psam_cryptogram,
    sw,
)

GET_CHALLENGE = bytes.fromhex("0084000008")


def internal_auth_matches(card, psam) -> bool:
    pf, source = os.urandom(8), os.urandom(8)
    answer = ok(card, bytes.fromhex("0088000010") + pf + source)
    return answer == psam_cryptogram(psam, 0x01, card_id_cached(card), pf, source)


def test_internal_authentication_card_and_psam_compute_the_same_cryptogram(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    assert internal_auth_matches(card, psam)


def test_internal_authentication_exposes_a_psam_with_wrong_keys_without_burning_tries(tmp_path):
    card, wrong_psam = new_devices(tmp_path, wrong_psam=True)
    ok(card, SELECT_SSSE)
    assert not internal_auth_matches(card, wrong_psam)
    assert all(k.tries == k.max_tries for k in card.content.keys.values())


def test_external_authentication_with_each_key_succeeds_with_the_psam(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    for kid in (0x0A, 0x04, 0x05):
        assert external_auth(card, psam, kid) == 0x9000
    assert card.authenticated == {0x0A, 0x04, 0x05}


def test_a_wrong_cryptogram_counts_down_and_blocks_the_key_at_zero(tmp_path):
    card, wrong_psam = new_devices(tmp_path, wrong_psam=True)
    ok(card, SELECT_SSSE)
    assert [external_auth(card, wrong_psam, 0x0A) for _ in range(4)] == [0x63C2, 0x63C1, 0x63C0, 0x6983]
    assert card.content.keys[0x0A].tries == 0
    assert card.content.keys[0x04].tries == 3  # other keys are untouched


def test_a_blocked_key_stays_blocked_for_the_right_cryptogram_and_after_reinsertion(tmp_path):
    card, wrong_psam = new_devices(tmp_path, wrong_psam=True)
    ok(card, SELECT_SSSE)
    for _ in range(3):
        external_auth(card, wrong_psam, 0x04)
    _, right_psam = new_devices(tmp_path)  # same state dir: the right keys
    again = VirtualCard(card.path)  # removed and inserted again: counters are in the card file
    again.reset()
    ok(again, SELECT_SSSE)
    assert external_auth(again, right_psam, 0x04) == 0x6983


def test_success_resets_the_retry_counter(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    ok(card, GET_CHALLENGE)
    source = ok(card, GET_CHALLENGE)
    assert sw(card.process(bytes.fromhex("0082000A10") + bytes(8) + source)) == 0x63C2
    assert external_auth(card, psam, 0x0A) == 0x9000
    assert card.content.keys[0x0A].tries == 3


def test_external_authentication_needs_two_fresh_challenges(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    cid = card_id_cached(card)
    assert sw(card.process(bytes.fromhex("0082000A10") + bytes(16))) == 0x6984
    pf, source = ok(card, GET_CHALLENGE), ok(card, GET_CHALLENGE)
    crypt = psam_cryptogram(psam, 0x0A, cid, pf, source)
    assert sw(card.process(bytes.fromhex("0082000A10") + crypt + os.urandom(8))) == 0x6984  # not its source
    # the attempt consumed the challenges: the right cryptogram is now too late
    assert sw(card.process(bytes.fromhex("0082000A10") + crypt + source)) == 0x6984
    assert card.content.keys[0x0A].tries == 3  # a stale challenge is not a wrong key


def test_a_16_byte_challenge_counts_as_process_factor_then_source(tmp_path):
    card, psam = new_devices(tmp_path)
    ok(card, SELECT_SSSE)
    challenge = ok(card, bytes.fromhex("0084000010"))
    crypt = psam_cryptogram(psam, 0x0A, card_id_cached(card), challenge[:8], challenge[8:])
    assert sw(card.process(bytes.fromhex("0082000A10") + crypt + challenge[8:])) == 0x9000


def test_keys_are_found_only_in_the_ssse_and_pki_applications(tmp_path):
    card, _ = new_devices(tmp_path)
    assert sw(card.process(bytes.fromhex("0088000010") + bytes(16))) == 0x6A88  # MF selected after reset
    ok(card, SELECT_SSSE)
    assert sw(card.process(bytes.fromhex("0082000810") + bytes(16))) == 0x6A88  # no key 08
