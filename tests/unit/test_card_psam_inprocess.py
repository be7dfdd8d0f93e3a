"""The terminal side of the PSAM against the simulated PSAM: terminal number, cryptograms, MACs, wrong slot."""

from __future__ import annotations

import os

import pytest

from counter_app import crypto
from counter_app.card.errors import PsamKeyMismatch, PsamMissing
from counter_app.card.profile import load_profile
from counter_app.card.psam import Psam
from devices.state import StatePaths  # noqa: E402
from devices.vcard import stock  # noqa: E402
from devices.vcard.card_os import VirtualCard  # noqa: E402
from devices.vcard.psam import VirtualPsam  # noqa: E402
from tests.support.card_inprocess import InProcessConnection

PROFILE = load_profile()
CARD_ID = bytes.fromhex("421303D1560000050123456789ABCDEF")


@pytest.fixture
def paths(tmp_path):
    return StatePaths.resolve(tmp_path / "devices-state")


def psam(path) -> Psam:
    return Psam(InProcessConnection(VirtualPsam(path)), PROFILE)


def test_terminal_number(paths):
    assert psam(stock.ensure_psam(paths)).terminal_number() == stock.DEFAULT_TERMINAL


def test_cryptogram_matches_the_formula_with_the_master_key(paths):
    masters = stock.master_keys(paths)
    pf, src = os.urandom(8), os.urandom(8)
    got = psam(stock.ensure_psam(paths)).auth_cryptogram(PROFILE.key_read, CARD_ID, pf, src)
    assert got == crypto.auth_cryptogram(crypto.card_key(masters[0x0A], CARD_ID), pf, src)


@pytest.mark.parametrize("length", [5, 16, 300])  # one command, and a first/next/last chain
def test_mac_matches_the_secure_messaging_formula(paths, length):
    masters = stock.master_keys(paths)
    iv, data, session = os.urandom(16), os.urandom(length), os.urandom(8)
    got = psam(stock.ensure_psam(paths)).mac(PROFILE.key_write_holder, CARD_ID, iv, data, session_factor=session)
    key = crypto.diversify(crypto.card_key(masters[0x04], CARD_ID), session)
    assert got == crypto.secure_messaging_mac(key, iv, data)


def test_a_user_card_in_the_psam_slot_is_no_psam(paths):
    card = VirtualCard(stock.make_blank(1, paths)[0])
    with pytest.raises(PsamMissing):
        Psam(InProcessConnection(card), PROFILE).terminal_number()


def test_a_psam_without_the_key_is_a_key_mismatch(paths):
    from dataclasses import replace

    from counter_app.card.profile import KeyRole, PsamKeyRef

    unknown = replace(PROFILE.key_read, psam=PsamKeyRef(0x1F, 0x7E))
    assert isinstance(unknown, KeyRole)
    with pytest.raises(PsamKeyMismatch):
        psam(stock.ensure_psam(paths)).auth_cryptogram(unknown, CARD_ID, bytes(8), bytes(8))
