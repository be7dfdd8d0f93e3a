"""Personalization against a scripted card and PSAM: the exact APDU order of the spec's "Writing a card".

The card's and PSAM's cryptographic answers are computed here from test master keys with the spec's
formulas, so the script checks the terminal's cryptograms byte for byte.
"""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app import crypto
from counter_app.card.connection import Exchange, ScriptedConnection
from counter_app.card.errors import CardHoldsOtherPerson, KeyBlocked, PsamKeyMismatch, SecondGenerationCard
from counter_app.card.personalize import Step, personalize
from counter_app.card.profile import load_profile
from counter_app.card.records import CardPersonalData, encode_records

PROFILE = load_profile()
CARD_ID = bytes.fromhex("421303D1560000050123456789ABCDEF")
AID = PROFILE.ssse_aid.hex().upper()
FCI = bytes.fromhex("6F19840F") + PROFILE.ssse_aid + bytes.fromhex("A5069F0C03") + bytes.fromhex("860103")
MASTER = {role: bytes([i + 1]) * 16 for i, role in enumerate(("internal_auth", "read", "write_holder", "write_issuer"))}
CHALLENGES = [bytes([0x10 + i]) * 8 for i in range(16)]
OK = bytes.fromhex("9000")
DATA = CardPersonalData(
    social_security_number="42130319900307123X", chip_name="张三", sex="1", ethnicity="01", birthplace="421303",
    birth_date=dt.date(1990, 3, 7), issue_date=dt.date(2026, 1, 15), expiry_date=dt.date(2036, 1, 15),
    card_number="X00000019",
)


def card_key(role: str) -> bytes:
    return crypto.card_key(MASTER[role], CARD_ID)


def internal_auth_answer(apdu: bytes) -> bytes:
    pf, src = apdu[5:13], apdu[13:21]
    return crypto.auth_cryptogram(card_key("internal_auth"), pf, src) + OK


class PsamScript:
    """Builds the PSAM's side: terminal number, then one DELIVER KEY + CIPHER DATA per authentication."""

    def __init__(self, masters=MASTER):
        self.masters = masters
        self.key = b""
        self.steps = [Exchange("00B0960006", bytes.fromhex("000000000001") + OK, "terminal number")]

    def auth(self, role: str) -> None:
        ref = getattr(PROFILE, f"key_{role}").psam
        p1 = (3 << 5) | ref.key_type

        def deliver(apdu: bytes) -> bytes:
            region, card, process = apdu[5:13], apdu[13:21], apdu[21:29]
            k = crypto.diversify(crypto.diversify(self.masters[role], region), card)
            self.key = crypto.diversify(k, process)
            return OK

        def cipher(apdu: bytes) -> bytes:
            return crypto.sm4_encrypt(self.key, apdu[5:], padding="none") + OK

        region_card = (crypto.region_factor(CARD_ID) + crypto.card_factor(CARD_ID)).hex()
        self.steps += [Exchange(f"801A{p1:02X}{ref.index:02X}18{region_card}" + ".." * 8, deliver, f"DELIVER KEY {role}"),
                       Exchange("80FA000010" + ".." * 8 + "8000000000000000", cipher, "CIPHER DATA")]


class CardScript:
    def __init__(self):
        self.steps: list[Exchange] = []
        self.challenge = iter(CHALLENGES)

    def add(self, expect: str, answer, note: str = "") -> None:
        self.steps.append(Exchange(expect, answer if callable(answer) else bytes.fromhex(answer), note))

    def identify(self, version: bytes = b"3.00") -> None:
        self.add(f"00A404000F{AID}", (FCI + OK).hex(), "SELECT SSSE")
        self.add("00A4020002EF05", "9000")
        self.add("00B2010412", "0110" + CARD_ID.hex() + "9000", "EF05/1 card id")
        self.add("00B2030406", "0304" + version.hex() + "9000", "EF05/3 version")

    def external_auth(self, role: str, answer: str = "9000") -> None:
        pf, src = next(self.challenge), next(self.challenge)
        crypt = crypto.auth_cryptogram(card_key(role), pf, src)
        self.add("0084000008", (pf + OK).hex())
        self.add("0084000008", (src + OK).hex())
        key_id = getattr(PROFILE, f"key_{role}").card_key_id
        self.add(f"008200{key_id:02X}10{crypt.hex()}{src.hex()}", answer, f"EXTERNAL AUTHENTICATE {role}")


def full_script(holder_ssn_on_card: str | None = None):
    card, psam = CardScript(), PsamScript()
    card.identify()
    card.add("0088000010" + ".." * 16, internal_auth_answer, "INTERNAL AUTHENTICATE")
    psam.auth("internal_auth")
    card.external_auth("read")
    psam.auth("read")
    card.add("00B207040B", "6A83", "EF05/7 card number: not written")
    card.add("00A4020002EF06", "9000")
    if holder_ssn_on_card:
        card.add("00B2010414", "0812" + holder_ssn_on_card.encode().hex() + "9000")
    else:
        card.add("00B2010414", "6A83")
    card.add("00B2020420", "6A83")
    return card, psam


def test_full_personalization_follows_the_spec_order():
    card, psam = full_script()
    card.external_auth("write_holder")
    psam.auth("write_holder")
    records = encode_records(DATA, PROFILE)
    for spec, raw in records[:7]:
        card.add(f"00DC{spec.number:02X}04{len(raw):02X}{raw.hex()}", "9000", f"UPDATE EF06/{spec.number}")
    card.external_auth("write_issuer")
    psam.auth("write_issuer")
    card.add("00A4020002EF05", "9000")
    for spec, raw in records[7:]:
        card.add(f"00DC{spec.number:02X}04{len(raw):02X}{raw.hex()}", "9000", f"UPDATE EF05/{spec.number}")
    card.external_auth("read")
    psam.auth("read")
    card.add("00A4020002EF06", "9000")
    for spec, raw in records[:7]:
        card.add(f"00B2{spec.number:02X}04{spec.length + 2:02X}", raw.hex() + "9000", f"READ EF06/{spec.number}")
    card.add("00A4020002EF05", "9000")
    for spec, raw in records[7:]:
        card.add(f"00B2{spec.number:02X}04{spec.length + 2:02X}", raw.hex() + "9000", f"READ EF05/{spec.number}")

    card_conn, psam_conn = ScriptedConnection(card.steps), ScriptedConnection(psam.steps)
    steps: list[Step] = []
    result = personalize(card_conn, psam_conn, DATA, PROFILE, on_progress=lambda s, i, n: steps.append(s))
    assert card_conn.done and psam_conn.done
    assert result.card_id == CARD_ID.hex().upper()
    assert result.apdus == len(card.steps) and result.terminal_number == "000000000001"
    assert not result.restarted
    assert steps == [s for s in Step if s is not Step.WRITE_PHOTO]


def test_another_persons_card_is_refused_before_any_write():
    card, psam = full_script(holder_ssn_on_card="110101199001011237")
    with pytest.raises(CardHoldsOtherPerson) as err:
        personalize(ScriptedConnection(card.steps), ScriptedConnection(psam.steps), DATA, PROFILE)
    assert "其他人" in err.value.message("zh")


def test_wrong_psam_keys_stop_at_internal_authentication():
    card, _ = full_script()
    psam = PsamScript(masters={**MASTER, "internal_auth": b"\x99" * 16})
    psam.auth("internal_auth")
    card_conn = ScriptedConnection(card.steps)
    with pytest.raises(PsamKeyMismatch):
        personalize(card_conn, ScriptedConnection(psam.steps), DATA, PROFILE)
    assert not any(apdu[1] == 0x82 for apdu in card_conn.sent)  # no external authentication was tried


def test_second_generation_card_is_refused_by_name():
    card = CardScript()
    card.identify(version=b"2.00")
    with pytest.raises(SecondGenerationCard) as err:
        personalize(ScriptedConnection(card.steps), ScriptedConnection([]), DATA, PROFILE)
    assert "二代" in err.value.message("zh")


def test_a_blocked_key_is_reported_as_such():
    card, psam = full_script()
    card.external_auth("write_holder", answer="6983")
    psam.auth("write_holder")
    with pytest.raises(KeyBlocked) as err:
        personalize(ScriptedConnection(card.steps), ScriptedConnection(psam.steps), DATA, PROFILE)
    assert err.value.key_id == 0x04
