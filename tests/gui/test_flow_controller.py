"""The clerk's flow without widgets: which page each state opens, which choices a failure offers,
what a reader typing like a keyboard fills (``counter_app.services.flow`` and
``counter_app.ui.clerk.applicant_form``, no Qt involved)."""

from __future__ import annotations

import datetime as dt

from counter_app.card.errors import CardNotBlank, CardRemoved, VerifyMismatch
from counter_app.domain.applicant import Applicant
from counter_app.domain.issuance import Issuance, IssuanceState
from counter_app.services.flow import Choice, FlowStep, choices_for, step_for_state
from counter_app.ui.clerk.applicant_form import ApplicantForm, parse_scan

S = IssuanceState
APPLICANT = Applicant.from_dict({"document_type": "01", "document_number": "421303199003070019", "name": "张三",
                                 "sex": "1", "ethnicity": "01", "birth_date": "1990-03-07", "birthplace": "421303"})


def issuance(state: IssuanceState) -> Issuance:
    now = dt.datetime.now(dt.UTC)
    return Issuance("i-1", state, APPLICANT, now, now, 1)


def test_each_state_reopens_at_its_page():
    assert step_for_state(S.APPLICANT_OK) is FlowStep.PHOTO
    assert step_for_state(S.PHOTO_OK) is FlowStep.REVIEW
    assert step_for_state(S.ENCODING) is FlowStep.ENCODE  # after a crash: read the card back first
    assert step_for_state(S.PRINT_FAILED) is FlowStep.PRINT
    assert step_for_state(S.PRINTED) is FlowStep.HANDOVER
    assert step_for_state(S.ISSUED) is FlowStep.DONE


def test_a_refused_card_suggests_another_card_and_a_failed_write_a_retry():
    assert choices_for(issuance(S.ENCODE_FAILED), CardNotBlank())[0] is Choice.ANOTHER_CARD
    assert choices_for(issuance(S.ENCODE_FAILED), VerifyMismatch("EF05"))[0] is Choice.RETRY
    assert Choice.SPOIL in choices_for(issuance(S.ENCODE_FAILED), CardRemoved())


def test_a_print_failure_is_repeated_as_a_print_and_never_as_a_write():
    choices = choices_for(issuance(S.PRINT_FAILED))
    assert choices[0] is Choice.REPRINT
    assert Choice.RETRY not in choices and Choice.START_ENCODING not in choices


def test_finished_issuances_cannot_be_cancelled():
    assert Choice.CANCEL not in choices_for(issuance(S.ISSUED))
    assert choices_for(issuance(S.SPOILED)) == (Choice.RESTART,)


def test_the_id_number_fills_sex_birth_date_and_birthplace_but_keeps_what_the_clerk_typed():
    form = ApplicantForm(document_number="11010519491231002X")
    assert form.fill_from_number() == {"sex": "2", "birth_date": "1949-12-31", "birthplace": "110105"}
    form.birthplace = "110101"  # typed over by the clerk
    form.document_number = "421303199003070019"
    changed = form.fill_from_number()
    assert changed["sex"] == "1" and "birthplace" not in changed


def test_a_reader_record_is_parsed_in_any_order():
    values = parse_scan("421303199003070019,张三,男,汉族,1990年3月7日")
    assert values == {"document_number": "421303199003070019", "document_type": "01", "name": "张三",
                      "sex": "1", "ethnicity": "01", "birth_date": "1990-03-07"}
    assert parse_scan("hello") == {}
