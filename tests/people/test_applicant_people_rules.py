"""Issue 20's applicant rules: a guardian for a minor, the agent's document, ID validity, code tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from counter_app.domain.applicant import Applicant
from counter_app.domain.people import Relation, Representative, RepresentativeRole
from counter_app.domain.validation import validate_applicant

TODAY = dt.date(2026, 6, 1)
SAMPLE = Path(__file__).parents[1] / "data" / "applicant.json"


@pytest.fixture
def applicant() -> Applicant:
    return Applicant.from_dict(json.loads(SAMPLE.read_text(encoding="utf-8")))


def _codes(applicant, **kwargs):
    return [(p.code, p.field) for p in validate_applicant(applicant, today=TODAY, **kwargs)]


def _guardian(applicant, relation=Relation.MOTHER, number=None):
    return Representative(RepresentativeRole.GUARDIAN, "王芳", "01", number or applicant.document_number, relation)


def test_a_minor_without_guardian_is_refused_with_a_clear_message(applicant):
    # The sample is an adult: an age limit of 150 makes them a "minor" without needing a child's ID number.
    problems = validate_applicant(applicant, today=TODAY, guardian_below_age=150)
    assert [(p.code, p.field) for p in problems] == [("applicant.guardian_required", "guardian")]
    assert "监护人" in problems[0].zh and "guardian" in problems[0].en
    assert _codes(applicant) == []  # the default limit (16) keeps existing callers unchanged


def test_a_minor_with_a_guardian_is_accepted_and_the_guardian_checked(applicant):
    assert _codes(dataclasses.replace(applicant, guardian=_guardian(applicant)), guardian_below_age=150) == []
    wrong = dataclasses.replace(applicant, guardian=_guardian(applicant, Relation.SPOUSE))
    assert _codes(wrong, guardian_below_age=150) == [("applicant.guardian_relation", "guardian")]
    bad_number = dataclasses.replace(applicant, guardian=_guardian(applicant, number="110101199001011234"))
    assert ("guardian" in {f for _, f in _codes(bad_number, guardian_below_age=150)})


def test_the_agents_document_must_be_valid(applicant):
    agent = Representative(RepresentativeRole.AGENT, "李四", "01", "110101199001011234", Relation.RELATIVE)
    assert {f for _, f in _codes(dataclasses.replace(applicant, agent=agent))} == {"agent"}


def test_id_validity_and_code_tables(applicant):
    assert _codes(dataclasses.replace(applicant, id_valid_from=dt.date(2020, 1, 1),
                                      id_valid_to=dt.date(2019, 1, 1))) == [
        ("applicant.id_validity", "id_valid_to"), ("applicant.id_expired", "id_valid_to")]
    assert _codes(dataclasses.replace(applicant, id_valid_from=dt.date(2020, 1, 1),
                                      id_valid_to=dt.date(2040, 1, 1))) == []
    assert _codes(dataclasses.replace(applicant, occupation="X", household_type="30")) == []
    assert _codes(dataclasses.replace(applicant, occupation="9", household_type="40")) == [
        ("applicant.occupation", "occupation"), ("applicant.household_type", "household_type")]
