"""The photo age rule (``people.photo_from_age``): a child below it gets a card without a photo, an older
applicant cannot skip the photo."""

from __future__ import annotations

import dataclasses
import datetime as dt

from counter_app.domain.people import AttachmentKind, Relation, Representative, RepresentativeRole
from counter_app.services.flow import FlowStep, photo_needed
from tests.support.store import sample_applicant

MOTHER = Representative(RepresentativeRole.GUARDIAN, "李母亲", "01", "11010519491231002X", Relation.MOTHER)


def child(age_years: int):
    a = sample_applicant()
    birth = dt.date.today().replace(year=dt.date.today().year - age_years) - dt.timedelta(days=30)
    number = a.document_number[:6] + birth.strftime("%Y%m%d") + a.document_number[14:17]
    from counter_app.domain.idnumbers import mod11_2_check_char

    return dataclasses.replace(a, document_number=number + mod11_2_check_char(number), birth_date=birth)


def test_a_child_below_the_photo_age_gets_a_card_without_a_photo(flow, services):
    services.settings.set("people.photo_from_age", 6)
    applicant = dataclasses.replace(child(4), guardian=MOTHER)
    assert not photo_needed(applicant, services.settings)
    flow.new()
    view = flow.submit_applicant(applicant, ((AttachmentKind.BIRTH_CERTIFICATE, b"\xff\xd8\xff\xe0scan"),))
    assert view.error is None, view.zh
    view = flow.skip_photo()
    assert view.error is None and view.step is FlowStep.REVIEW


def test_an_older_applicant_cannot_skip_the_photo(flow, services):
    services.settings.set("people.photo_from_age", 6)
    flow.new()
    flow.submit_applicant(sample_applicant())
    view = flow.skip_photo()
    assert view.error is not None and view.step is FlowStep.PHOTO and "照片" in view.zh
