"""A keyboard-wedge reader types the ID number then Enter: Enter goes to the first field still empty
or invalid in the order of the form (the name, after the number filled sex, birth date and
birthplace), and the problems are listed in that order too, so a missing name is never hidden behind
a birth-date problem."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counter_app.services.flow import FlowStep
from counter_app.ui.clerk.applicant_form import ApplicantForm
from tests.support.gui import TIMEOUT_MS, log_in, wait_step

NUMBER = "421303199003070019"


def applicant_page(qtbot, shell):
    main = log_in(qtbot, shell)
    main.new_application()
    wait_step(qtbot, main.flow, FlowStep.APPLICANT)
    page = main.flow.applicant_page
    main.activateWindow()
    return page


def test_enter_after_the_number_typed_by_a_reader_goes_to_the_name(qtbot, shell):
    page = applicant_page(qtbot, shell)
    page.document_number.setFocus()
    qtbot.waitUntil(page.document_number.hasFocus, timeout=TIMEOUT_MS)
    qtbot.keyClicks(page.document_number, NUMBER)   # the reader types like a keyboard …
    qtbot.keyClick(page.document_number, Qt.Key.Key_Return)  # … and ends with Enter

    assert page.birth_date.text() == "1990-03-07" and page.sex.currentData() == "1"
    assert page.birthplace.text() == "421303"
    qtbot.waitUntil(page.name.hasFocus, timeout=TIMEOUT_MS)  # not the birth date it has just filled
    assert page.errors["name"].isVisible() and page.errors["name"].text()
    assert not page.errors["birth_date"].isVisible()
    assert page.problems()[0].field == "name"


def test_enter_after_a_swipe_into_the_scan_box_goes_to_the_name(qtbot, shell):
    page = applicant_page(qtbot, shell)
    page.scan.setFocus()
    qtbot.keyClicks(page.scan, NUMBER)
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    assert page.document_number.text() == NUMBER and page.birth_date.text() == "1990-03-07"
    qtbot.waitUntil(page.name.hasFocus, timeout=TIMEOUT_MS)


def test_a_missing_name_is_listed_before_a_birth_date_problem(qtbot, shell):
    page = applicant_page(qtbot, shell)
    page.set_values({"document_number": NUMBER})
    page.birth_date.setText("1990-13-45")  # not a date: the form cannot even make an applicant
    fields = [p.field for p in page.problems()]
    assert fields[0] == "name" and "birth_date" in fields, fields
    page.enter_pressed()
    qtbot.waitUntil(page.name.hasFocus, timeout=TIMEOUT_MS)

    page.name.setText("张三")
    page.enter_pressed()
    qtbot.waitUntil(page.birth_date.hasFocus, timeout=TIMEOUT_MS)  # the next problem, in form order
    assert [p.field for p in page.problems()] == ["birth_date"]


def test_the_form_lists_its_problems_in_the_order_of_its_fields():
    """Qt-free: the form's problems follow the page's field order, parse problems included."""
    form = ApplicantForm(document_number=NUMBER, sex="2", birth_date="1990-02-30", birthplace="421303")
    fields = [p.field for p in form.problems(ethnicity_other_code="97")]
    assert fields == ["name", "sex", "birth_date"], fields
    form = ApplicantForm(document_number=NUMBER, birth_date="1990-03-07", sex="1", birthplace="421303")
    assert [p.field for p in form.problems(ethnicity_other_code="97")] == ["name"]
