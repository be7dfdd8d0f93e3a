"""A minor applies through a guardian who brings the household register page (or birth certificate); an adult
through an agent with a power of attorney. The scans are stored sealed with the application when it opens;
a missing scan keeps the flow on the form with nothing written. An agent whose power of attorney covers the
application only (``acts = "apply"``) is not offered the collection."""

from __future__ import annotations

import dataclasses
import datetime as dt

from counter_app.domain.idnumbers import mod11_2_check_char
from counter_app.domain.people import AttachmentKind, Relation, Representative, RepresentativeRole
from counter_app.services.flow import Choice, FlowStep
from counter_app.store.attachments import AttachmentRepository
from tests.support.store import sample_applicant

JPEG = b"\xff\xd8\xff\xe0" + b"scan" * 100
MOTHER = Representative(RepresentativeRole.GUARDIAN, "李母亲", "01", "11010519491231002X", Relation.MOTHER,
                        from_idcard=True)
AGENT = Representative(RepresentativeRole.AGENT, "王代办", "01", "11010519491231002X", Relation.OTHER,
                       acts="apply")


def minor(age_years: int = 10):
    a = sample_applicant()
    birth = dt.date.today().replace(year=dt.date.today().year - age_years) - dt.timedelta(days=30)
    body = a.document_number[:6] + birth.strftime("%Y%m%d") + a.document_number[14:17]
    return dataclasses.replace(a, document_number=body + mod11_2_check_char(body), birth_date=birth, guardian=MOTHER)


def issuance_count(services) -> int:
    return services.store.db.execute("SELECT COUNT(*) FROM issuances").fetchone()[0]


def test_a_minor_with_a_guardian_and_the_household_register_opens_with_the_scan_stored(flow, services):
    flow.new()
    view = flow.submit_applicant(minor(), ((AttachmentKind.HOUSEHOLD_REGISTER, JPEG),))
    assert view.error is None, view.zh
    assert view.step is FlowStep.PHOTO and view.issuance.applicant.guardian == MOTHER
    assert AttachmentRepository(services.store.db).kinds(view.issuance.id) == {AttachmentKind.HOUSEHOLD_REGISTER}


def test_a_minor_without_the_scan_writes_nothing(flow, services):
    flow.new()
    view = flow.submit_applicant(minor(), ())
    assert view.step is FlowStep.APPLICANT and view.issuance is None and "缺少扫描件" in view.zh
    assert issuance_count(services) == 0


def test_a_minor_without_a_guardian_is_refused(flow, services):
    flow.new()
    view = flow.submit_applicant(dataclasses.replace(minor(), guardian=None),
                                 ((AttachmentKind.BIRTH_CERTIFICATE, JPEG),))
    assert view.step is FlowStep.APPLICANT and "监护人" in view.zh and issuance_count(services) == 0


def test_an_agent_who_only_applies_is_not_offered_the_collection(flow, services, encoder, printer):
    flow.new()
    view = flow.submit_applicant(dataclasses.replace(sample_applicant(), agent=AGENT),
                                 ((AttachmentKind.POWER_OF_ATTORNEY, JPEG),))
    assert view.error is None, view.zh
    flow.accept_photo(None)
    flow.confirm_review()
    encoder.insert_blank()
    flow.encode()
    view = flow.print_card()
    assert view.issuance.state.value == "printed" and Choice.HAND_OVER_TO_AGENT not in view.choices
    assert flow.hand_over(by_agent=True).error is not None
