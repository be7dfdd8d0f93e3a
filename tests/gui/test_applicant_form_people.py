"""The applicant page's form logic for issue 20, without widgets: a guardian needed below the age of the
settings, the scans each section needs (the service's MissingScan message), the ID validity parsed, and an
Applicant with a guardian, an agent, the bank and the codes making the same form again (from_applicant)."""

from __future__ import annotations

import datetime as dt

from counter_app.domain.people import AttachmentKind, Relation, Representative, RepresentativeRole
from counter_app.ui.clerk.applicant_form import ApplicantForm, RepresentativeForm, card_validity

TODAY = dt.date(2026, 12, 3)
CHILD = "421303201805150029"
MOTHER = "421303198804120026"
AGENT = "110101198507200030"


def child_form(**over) -> ApplicantForm:
    form = ApplicantForm(document_number=CHILD, name="张小雨", phone="13800138000", **over)
    form.fill_from_number()
    return form


def codes(form: ApplicantForm) -> list[str]:
    return [p.code for p in form.problems(ethnicity_other_code="97", today=TODAY)]


def test_a_minor_needs_a_guardian_and_one_of_the_two_scans():
    form = child_form()
    assert form.needs_guardian(TODAY)
    assert codes(form) == ["applicant.guardian_required", "people.scan_missing"]
    form.guardian = RepresentativeForm("李娟", "01", MOTHER, "mother")
    assert codes(form) == ["people.scan_missing"]
    form.scans = {AttachmentKind.BIRTH_CERTIFICATE: b"%PDF-1"}
    assert codes(form) == []
    applicant, problems = form.to_applicant()
    assert not problems and applicant.guardian == Representative(
        RepresentativeRole.GUARDIAN, "李娟", "01", MOTHER, Relation.MOTHER)


def test_the_age_limit_is_the_forms_setting():
    form = child_form(guardian_below_age=8)
    assert not form.needs_guardian(TODAY) and codes(form) == []


def test_a_guardian_relation_must_be_a_guardians():
    form = child_form(guardian=RepresentativeForm("李娟", "01", MOTHER, "spouse"),
                      scans={AttachmentKind.HOUSEHOLD_REGISTER: b"\xff\xd8\xff"})
    assert codes(form) == ["applicant.guardian_relation"]


def test_an_agent_needs_the_power_of_attorney_and_only_what_is_needed_is_stored():
    form = ApplicantForm(document_number="421303199003070019", name="张三", sex="1", birth_date="1990-03-07",
                         birthplace="421303", agent_enabled=True)
    assert codes(form) == ["form.agent_missing", "people.scan_missing"]
    form.agent = RepresentativeForm("李四", "01", AGENT, "other")
    form.scans = {AttachmentKind.POWER_OF_ATTORNEY: b"%PDF-1", AttachmentKind.HOUSEHOLD_REGISTER: b"%PDF-2"}
    assert codes(form) == []
    assert form.scan_list() == [(AttachmentKind.POWER_OF_ATTORNEY, b"%PDF-1")]  # no guardian for an adult


def test_an_applicant_with_everything_makes_the_same_form_again():
    form = child_form(occupation="X", household_type="20", bank_code="105", id_valid_from="2020-01-01",
                      id_valid_to="2030-01-01", issuing_authority="随州市公安局曾都分局",
                      guardian=RepresentativeForm("李娟", "01", MOTHER, "mother", "13900139000", True),
                      agent_enabled=True, agent=RepresentativeForm("李四", "01", AGENT, "relative"))
    applicant, problems = form.to_applicant()
    assert not problems
    again = ApplicantForm.from_applicant(applicant).to_applicant()[0]
    assert again == applicant
    assert applicant.to_dict()["guardian"]["from_idcard"] is True


def test_validity_dates_are_parsed_and_long_term_has_no_end():
    form = ApplicantForm(id_valid_from="2015-1-1", id_valid_to="x")
    assert {p.field for p in form.to_applicant()[1]} >= {"id_valid_from", "id_valid_to"}
    form = ApplicantForm(document_number="421303199003070019", name="张三", sex="1", birth_date="1990-03-07",
                         birthplace="421303", id_valid_from="2015-01-01", id_valid_to="ignored",
                         id_valid_long_term=True)
    applicant, problems = form.to_applicant()
    assert not problems and applicant.id_valid_to is None and applicant.id_valid_long_term


def test_card_validity_reads_the_cards_own_fields():
    from counter_app.idcard.model import LONG_TERM

    class Card:
        valid_from, valid_to, issuer = dt.date(2015, 1, 1), LONG_TERM, " 随州市公安局 "

    assert card_validity(Card()) == {"id_valid_from": "2015-01-01", "id_valid_to": "", "id_valid_long_term": "1",
                                     "issuing_authority": "随州市公安局"}
