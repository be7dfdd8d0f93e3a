"""The PC/SC, card and PSAM checks over the simulated devices in this process: the healthy encoder,
and each way it breaks (service down, no card, a card of another kind, no PSAM, a PSAM with other keys)."""

from __future__ import annotations

from counter_app.card.profile import load_profile
from counter_app.diagnostics.pcsc_checks import check_card, check_readers, check_service
from counter_app.diagnostics.psam_checks import check_psam, check_psam_auth
from counter_app.diagnostics.readers import ReaderRoles
from counter_app.diagnostics.result import Verdict
from tests.diagnostics.inprocess import CARD_READER, PSAM_READER

ROLES = ReaderRoles(CARD_READER, PSAM_READER)
PROFILE = load_profile()


def verdicts(results):
    return {r.name: r.verdict for r in results}


def test_a_healthy_encoder_with_a_blank_card_passes_every_check(pcsc):
    pcsc.insert_blank()
    assert check_service(pcsc).verdict is Verdict.OK
    readers = check_readers(pcsc, ROLES)
    assert readers.ok and (readers.measured["encoder"], readers.measured["psam"]) == (CARD_READER, PSAM_READER)
    card = check_card(pcsc, ROLES, PROFILE)
    assert verdicts(card) == {"card.present": Verdict.OK, "card.atr": Verdict.OK, "card.type": Verdict.OK}
    assert card[1].measured["protocols"] == ["T=1"]
    assert card[2].measured["type"] == "ssc3"
    psam = check_psam(pcsc, ROLES, PROFILE)
    assert psam.ok and psam.measured["terminal_number"].isdigit()
    auth = check_psam_auth(pcsc, ROLES, PROFILE)
    assert auth.ok and auth.measured["keys_match"] is True


def test_the_service_down_is_a_fault_that_tells_how_to_start_it_and_the_rest_says_why_it_did_not_run(pcsc):
    pcsc.running = False
    service = check_service(pcsc)
    assert service.verdict is Verdict.FAULT and "pcscd" in service.advice_zh
    assert check_readers(pcsc, ROLES).measured == {"skipped": "pcsc.service"}
    assert check_psam(pcsc, ROLES, PROFILE).measured == {"skipped": "pcsc.service"}


def test_a_missing_psam_reader_names_the_readers_there_are(pcsc):
    pcsc.readers = [CARD_READER]
    result = check_readers(pcsc, ROLES)
    assert result.verdict is Verdict.FAULT
    assert result.measured["readers"] == [CARD_READER] and result.measured["psam"] is None


def test_no_card_is_a_warning_asking_for_a_test_card(pcsc):
    card = check_card(pcsc, ROLES, PROFILE)
    assert card[0].verdict is Verdict.WARNING and card[0].measured["present"] is False
    auth = check_psam_auth(pcsc, ROLES, PROFILE)
    assert auth.verdict is Verdict.WARNING and "测试卡" in auth.advice_zh


def test_an_unknown_card_is_a_fault_and_a_second_generation_card_a_warning(pcsc):
    pcsc.insert_blank(kind="non_ssc")
    unknown = check_card(pcsc, ROLES, PROFILE)[2]
    assert (unknown.verdict, unknown.measured["type"]) == (Verdict.FAULT, "unknown")
    pcsc.insert_blank(kind="ssc2")
    second = check_card(pcsc, ROLES, PROFILE)
    assert second[1].measured["historical_text"].startswith("VSSC2")
    assert (second[2].verdict, second[2].measured["type"]) == (Verdict.WARNING, "ssc2")


def test_a_removed_psam_is_a_fault(pcsc):
    pcsc.insert_blank()
    pcsc.psam = None
    result = check_psam(pcsc, ROLES, PROFILE)
    assert result.verdict is Verdict.FAULT and result.measured["present"] is False


def test_a_psam_with_the_wrong_keys_fails_the_authentication_test_without_spending_a_retry(pcsc):
    card = pcsc.insert_blank()
    before = card.read_bytes()
    pcsc.wrong_psam()
    assert check_psam(pcsc, ROLES, PROFILE).ok  # it is a PSAM, it answers: only its keys are wrong
    result = check_psam_auth(pcsc, ROLES, PROFILE)
    assert result.verdict is Verdict.FAULT and result.measured["keys_match"] is False
    assert card.read_bytes() == before  # the chip file, retry counters included, is as it was
