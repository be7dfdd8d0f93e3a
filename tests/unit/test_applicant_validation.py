"""Whether an applicant may go on to a card: every rule, each problem pointing at its field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from counter_app.domain.applicant import Applicant, ApplicationType, DocumentType, ReplacementReason
from counter_app.domain.idnumbers import mod11_2_check_char
from counter_app.domain.validation import normalize_applicant, validate_applicant

TODAY = dt.date(2026, 6, 1)
SAMPLE = Path(__file__).parents[1] / "data" / "applicant.json"


@pytest.fixture
def applicant() -> Applicant:
    return Applicant.from_dict(json.loads(SAMPLE.read_text(encoding="utf-8")))


def problems_of(applicant, **changes):
    return validate_applicant(dataclasses.replace(applicant, **changes), today=TODAY)


def codes_and_fields(problems):
    return [(p.code, p.field) for p in problems]


def test_the_sample_applicant_is_valid(applicant):
    assert validate_applicant(applicant, today=TODAY) == ()


# --- the document number ----------------------------------------------------------------------------------


def test_a_wrong_id_number_points_at_document_number(applicant):
    assert codes_and_fields(problems_of(applicant, document_number="421303199003070018")) == [
        ("id.checksum", "document_number")]


def test_resident_id_type_accepts_a_residence_permit_number(applicant):
    body = "81000019900307001"
    assert problems_of(applicant, document_number=body + mod11_2_check_char(body)) == ()


def test_foreign_permanent_residence_numbers_of_both_versions(applicant):
    body = "94376019900307001"
    foreigner = dict(document_type=DocumentType.FOREIGN_PERMANENT, nationality="SYR", ethnicity="97", birthplace="")
    assert problems_of(applicant, document_number=body + mod11_2_check_char(body), **foreigner) == ()
    assert problems_of(applicant, document_number="SYR420001234567", **foreigner) == ()


def test_a_2017_foreign_number_must_match_the_nationality(applicant):
    problems = problems_of(applicant, document_type=DocumentType.FOREIGN_PERMANENT,
                           document_number="USA420001234567", nationality="CAN")
    assert codes_and_fields(problems) == [("applicant.nationality_mismatch", "nationality")]


@pytest.mark.parametrize("doc", [DocumentType.MILITARY_OFFICER, DocumentType.ARMED_POLICE,
                                 DocumentType.FOREIGN_PASSPORT, DocumentType.OTHER])
def test_other_documents_need_a_sane_number(applicant, doc):
    nat = "USA" if doc is DocumentType.FOREIGN_PASSPORT else "CHN"
    assert problems_of(applicant, document_type=doc, document_number="南字第123456号", nationality=nat) == ()
    assert codes_and_fields(problems_of(applicant, document_type=doc, document_number=" ", nationality=nat)) == [
        ("document.empty", "document_number")]
    assert codes_and_fields(problems_of(applicant, document_type=doc, document_number="A1😀", nationality=nat)) == [
        ("document.chars", "document_number")]
    assert codes_and_fields(problems_of(applicant, document_type=doc, document_number="1" * 33, nationality=nat)) == [
        ("document.length", "document_number")]


# --- what the number says against what the clerk typed -------------------------------------------------------


def test_sex_that_contradicts_the_number(applicant):
    problems = problems_of(applicant, sex="2")
    assert codes_and_fields(problems) == [("applicant.sex_mismatch", "sex")]
    assert "第 17 位表示男" in problems[0].zh


def test_birth_date_that_contradicts_the_number(applicant):
    problems = problems_of(applicant, birth_date=dt.date(1990, 7, 3))
    assert codes_and_fields(problems) == [("applicant.birth_date_mismatch", "birth_date")]
    assert "1990-03-07" in problems[0].zh


def test_invalid_sex_code(applicant):
    assert codes_and_fields(problems_of(applicant, sex="M")) == [("applicant.sex", "sex")]


def test_birth_date_in_the_future_for_a_document_without_a_date(applicant):
    problems = problems_of(applicant, document_type=DocumentType.OTHER, document_number="X123",
                           birth_date=dt.date(2030, 1, 1))
    assert codes_and_fields(problems) == [("applicant.birth_date_future", "birth_date")]


# --- names -------------------------------------------------------------------------------------------------------


def test_name_problems_point_at_name(applicant):
    assert codes_and_fields(problems_of(applicant, name="张3")) == [("name.digit", "name")]


def test_a_rare_character_needs_an_approved_chip_name(applicant):
    assert codes_and_fields(problems_of(applicant, name="王䶮")) == [("name.needs_substitute", "chip_name")]
    assert problems_of(applicant, name="王䶮", chip_name="王岩") == ()
    assert codes_and_fields(problems_of(applicant, name="王䶮", chip_name="王?")) == [
        ("name.substitute_placeholder", "chip_name")]


def test_a_chip_name_is_only_for_names_outside_gbk(applicant):
    assert codes_and_fields(problems_of(applicant, chip_name="张三")) == [
        ("applicant.chip_name_unexpected", "chip_name")]


# --- codes ---------------------------------------------------------------------------------------------------------


def test_ethnicity_code_and_the_provincial_convention_for_other(applicant):
    assert codes_and_fields(problems_of(applicant, ethnicity="57")) == [("applicant.ethnicity", "ethnicity")]
    changed = dataclasses.replace(applicant, ethnicity="99")
    assert validate_applicant(changed, today=TODAY, ethnicity_other_code="99") == ()
    assert validate_applicant(changed, today=TODAY) != ()


@pytest.mark.parametrize("code", ["42130", "4213031", "999999", "42x303", ""])
def test_birthplace_must_be_a_region_code(applicant, code):
    assert codes_and_fields(problems_of(applicant, birthplace=code)) == [("applicant.birthplace", "birthplace")]


def test_nationality_rules(applicant):
    assert codes_and_fields(problems_of(applicant, nationality="chn")) == [("applicant.nationality", "nationality")]
    assert codes_and_fields(problems_of(applicant, nationality="USA")) == [("applicant.nationality", "nationality")]
    assert codes_and_fields(problems_of(applicant, document_type=DocumentType.FOREIGN_PASSPORT,
                                        document_number="E12345678")) == [("applicant.nationality", "nationality")]


def test_phone_is_optional_but_checked_when_given(applicant):
    assert problems_of(applicant, phone="") == ()
    assert codes_and_fields(problems_of(applicant, phone="12345")) == [("phone.mobile", "phone")]


def test_control_characters_in_the_address(applicant):
    assert codes_and_fields(problems_of(applicant, address="青年路\x001号")) == [
        ("applicant.address_chars", "address")]


# --- application type and reason -------------------------------------------------------------------------------------


@pytest.mark.parametrize("app_type,reason,code", [
    (ApplicationType.NEW, None, None),
    (ApplicationType.NEW, ReplacementReason.LOST, "applicant.reason_unexpected"),
    (ApplicationType.REPLACEMENT, None, "applicant.reason_missing"),
    (ApplicationType.REPLACEMENT, ReplacementReason.LOST, None),
    (ApplicationType.REPLACEMENT, ReplacementReason.DAMAGED, None),
    (ApplicationType.REPLACEMENT, ReplacementReason.MINOR_TO_ADULT, None),
    (ApplicationType.REPLACEMENT, ReplacementReason.ID_DATA_CHANGED, None),
    (ApplicationType.REPLACEMENT, ReplacementReason.BANK_CHANGED, None),
    (ApplicationType.REPLACEMENT, ReplacementReason.OTHER, None),
    (ApplicationType.REPLACEMENT, ReplacementReason.RENEWAL, "applicant.reason_mismatch"),
    (ApplicationType.RENEWAL, ReplacementReason.RENEWAL, None),
    (ApplicationType.RENEWAL, None, "applicant.reason_missing"),
    (ApplicationType.UPGRADE, ReplacementReason.RENEWAL, None),
    (ApplicationType.UPGRADE, ReplacementReason.LOST, "applicant.reason_mismatch"),
])
def test_reason_goes_with_the_application_type(applicant, app_type, reason, code):
    problems = problems_of(applicant, application_type=app_type, reason=reason)
    assert codes_and_fields(problems) == ([] if code is None else [(code, "reason")])


# --- everything at once, and normalisation ----------------------------------------------------------------------------


def test_all_problems_are_reported_at_once(applicant):
    problems = problems_of(applicant, sex="2", ethnicity="00", birthplace="000000", phone="x",
                           application_type=ApplicationType.REPLACEMENT)
    assert {p.field for p in problems} == {"sex", "ethnicity", "birthplace", "phone", "reason"}
    assert all(p.zh and p.en for p in problems)


def test_normalize_applicant_gives_the_stored_form(applicant):
    typed = dataclasses.replace(applicant, document_number=" 421303 19900307 0019 ", name=" 阿依古丽 • 买买提 ",
                                phone="+86 138-0013-8000")
    stored = normalize_applicant(typed)
    assert stored.document_number == "421303199003070019"
    assert stored.name == "阿依古丽·买买提"
    assert stored.phone == "13800138000"
    assert validate_applicant(stored, today=TODAY) == ()
