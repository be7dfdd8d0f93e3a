"""A minor's application on the applicant page (issue 20): under people.guardian_below_age the guardian's
section appears, required; the guardian's ID card, laid after 读取监护人身份证, fills the guardian and not the
applicant; the household register or birth certificate scan is required (a file that is not a JPEG, PNG or PDF
is refused); "Next" stays disabled until all of it is there; the applicant opened carries the guardian and the
page hands the scan over for RepresentativeService.attach_scan."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.domain.people import AttachmentKind, Relation, RepresentativeRole
from counter_app.services.flow import FlowStep
from tests.gui.test_gui_idcard_fill import StandInWatch, card
from tests.support.gui import PHOTO, SAMPLE, TIMEOUT_MS, log_in, wait_step

CHILD = "421303201805150029"   # born 2018-05-15: under 16
MOTHER = "421303198804120026"


@pytest.fixture
def reader(backends):
    watch = StandInWatch()
    backends.make_idcard_watch = watch.make
    return watch


def open_page(qtbot, shell, reader):
    main = log_in(qtbot, shell)
    main.new_application()
    wait_step(qtbot, main.flow, FlowStep.APPLICANT)
    qtbot.waitUntil(reader.started.is_set, timeout=TIMEOUT_MS)
    return main, main.flow.applicant_page


def problem_codes(page) -> set[str]:
    return {p.code for p in page.problems()}


def test_a_minor_needs_a_guardian_read_from_their_id_card_and_a_scan(qtbot, shell, reader):
    main, page = open_page(qtbot, shell, reader)
    flow = main.flow
    page.set_values({**SAMPLE, "document_number": CHILD, "name": "张小雨"})
    assert page.birth_date.text() == "2018-05-15"
    assert page.guardian_section.isVisible()
    assert not page.valid and not flow.next_button.isEnabled()
    assert {"applicant.guardian_required", "people.scan_missing"} <= problem_codes(page)
    assert "监护人" in page.guardian_section.error.text()          # shown at once: the section is the cue
    assert "户口簿" in page.guardian_section.scan_error.text()

    page.guardian_section.read_button.click()
    assert page.idcard_message.isVisible() and "监护人" in page.idcard_message.text()
    reader.lay(card(name="李娟", sex="2", birth_date=dt.date(1988, 4, 12), id_number=MOTHER))
    qtbot.waitUntil(lambda: page.guardian_section.name.text() == "李娟", timeout=TIMEOUT_MS)
    assert page.guardian_section.document_number.text() == MOTHER
    assert page.guardian_section.card_mark.isVisible() and not page.guardian_section.read_button.isChecked()
    assert page.name.text() == "张小雨" and page.document_number.text() == CHILD  # the applicant untouched
    assert not page.card_fields
    assert "form.guardian_relation" in problem_codes(page) and not page.valid

    page.set_values({"guardian_relation": "mother"})
    assert problem_codes(page) == {"people.scan_missing"} and not flow.next_button.isEnabled()

    assert page.guardian_section.scan.import_file(PHOTO)
    assert page.guardian_section.scan.kind is AttachmentKind.HOUSEHOLD_REGISTER
    assert page.valid and flow.next_button.isEnabled(), page.problems()
    assert [k for k, _d in page.scans()] == [AttachmentKind.HOUSEHOLD_REGISTER]

    flow.next_button.click()
    wait_step(qtbot, flow, FlowStep.PHOTO)
    guardian = flow.view.issuance.applicant.guardian
    assert guardian is not None and guardian.role is RepresentativeRole.GUARDIAN
    assert (guardian.name, guardian.document_type, guardian.document_number, guardian.relation) == (
        "李娟", "01", MOTHER, Relation.MOTHER)
    assert guardian.from_idcard

    # The flow stored the scan with the application as it opened (sealed, like photos).
    issuance_id, stored = flow.view.issuance.id, []

    def scans(ctx, _report):
        reps = ctx.services.representatives
        reps.check_ready(issuance_id, ctx.services.issuances.get(issuance_id).applicant)
        return [(a.kind, a.data) for a in reps.scans(issuance_id)]

    main.ctx.db.call(scans, stored.extend, lambda exc: stored.append(exc))
    qtbot.waitUntil(lambda: bool(stored), timeout=TIMEOUT_MS)
    assert stored == [(AttachmentKind.HOUSEHOLD_REGISTER, PHOTO.read_bytes())]


def test_the_birth_certificate_will_do_and_a_text_file_is_refused(qtbot, shell, reader, tmp_path):
    _main, page = open_page(qtbot, shell, reader)
    page.set_values({**SAMPLE, "document_number": CHILD, "name": "张小雨", "guardian_name": "李娟",
                     "guardian_document_number": MOTHER, "guardian_relation": "mother"})
    assert problem_codes(page) == {"people.scan_missing"}
    text = tmp_path / "note.txt"
    text.write_text("not a scan")
    scan = page.guardian_section.scan
    assert not scan.import_file(text)
    assert "JPEG" in scan.status.text() and scan.scan() is None and not page.valid
    page.set_values({"guardian_scan_kind": "birth_certificate", "guardian_scan": str(PHOTO)})
    assert page.valid and [k for k, _d in page.scans()] == [AttachmentKind.BIRTH_CERTIFICATE]
    assert not page.guardian_section.read_button.isChecked()
    guardian = page.read_form().to_applicant()[0].guardian
    assert guardian is not None and not guardian.from_idcard  # typed in, not read


def test_an_adult_has_no_guardian_section_and_a_corrected_birth_date_drops_it(qtbot, shell, reader):
    _main, page = open_page(qtbot, shell, reader)
    page.set_values(SAMPLE)
    assert not page.guardian_section.isVisible() and page.valid
    page.set_values({"document_number": CHILD})
    assert page.guardian_section.isVisible() and not page.valid
    page.set_values({"guardian_name": "李娟", "guardian_document_number": MOTHER, "guardian_relation": "mother",
                     "guardian_scan": PHOTO.read_bytes()})
    assert page.valid
    page.set_values({"document_number": SAMPLE["document_number"], "birth_date": "1990-03-07"})
    assert not page.guardian_section.isVisible() and page.valid
    applicant = page.read_form().to_applicant()[0]
    assert applicant.guardian is None and page.scans() == []  # nothing of a guardian kept for an adult


def test_the_age_limit_comes_from_the_settings(qtbot, shell, reader, counter):
    _paths, settings = counter
    main, page = open_page(qtbot, shell, reader)
    assert page.read_form().guardian_below_age == settings["people.guardian_below_age"] == 16
    page.set_values({**SAMPLE, "document_number": CHILD})
    assert "16" in page.guardian_section.title()


def test_the_next_application_starts_without_the_last_guardian(qtbot, shell, reader):
    _main, page = open_page(qtbot, shell, reader)
    page.set_values({**SAMPLE, "document_number": CHILD, "guardian_name": "李娟", "guardian_scan": str(PHOTO)})
    page.guardian_section.read_button.click()
    assert page._card_target == "guardian"
    page.clear()
    assert page._card_target is None and not page.guardian_section.read_button.isChecked()
    assert page.guardian_section.name.text() == "" and page.guardian_section.scan.scan() is None
    assert not page.guardian_section.isVisible() and not page.agent_box.isChecked()
    reader.lay(card())                                  # the next card is the applicant's again
    qtbot.waitUntil(lambda: page.name.text() == "张三", timeout=TIMEOUT_MS)
    assert page.guardian_section.name.text() == ""


def test_enter_leads_the_clerk_through_the_guardians_section(qtbot, shell, reader):
    from PySide6.QtCore import Qt

    _main, page = open_page(qtbot, shell, reader)
    page.set_values({**SAMPLE, "document_number": CHILD})
    page.phone.setFocus()
    qtbot.keyClick(page.phone, Qt.Key.Key_Return)
    section = page.guardian_section
    assert section.name.hasFocus()
    section.name.setText("李娟")
    qtbot.keyClick(section.name, Qt.Key.Key_Return)
    assert section.document_number.hasFocus()
    section.document_number.setText(MOTHER)
    qtbot.keyClick(section.document_number, Qt.Key.Key_Return)
    assert section.relation.hasFocus()
