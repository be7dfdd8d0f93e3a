"""An invalid ID number is reported under the field and "Next" stays disabled until it is fixed."""

from __future__ import annotations

from counter_app.services.flow import FlowStep
from tests.support.gui import TIMEOUT_MS, fill_applicant, log_in, wait_step


def test_a_wrong_check_digit_shows_the_message_and_blocks_next(qtbot, shell):
    main = log_in(qtbot, shell)
    main.new_application()
    flow = main.flow
    wait_step(qtbot, flow, FlowStep.APPLICANT)
    page = flow.applicant_page
    fill_applicant(page, {"document_number": "421303199003070018"})  # check digit should be 9
    qtbot.waitUntil(lambda: page.errors["document_number"].isVisible(), timeout=TIMEOUT_MS)
    assert "校验" in page.errors["document_number"].text()
    assert not flow.next_button.isEnabled()
    assert not page.try_submit()  # Ctrl+Enter or Enter does not go on either
    assert flow.view.step is FlowStep.APPLICANT and flow.view.issuance is None

    page.set_values({"document_number": "421303199003070019"})
    qtbot.waitUntil(lambda: flow.next_button.isEnabled(), timeout=TIMEOUT_MS)
    assert not page.errors["document_number"].isVisible()


def test_sex_and_birth_date_are_filled_from_the_number(qtbot, shell):
    main = log_in(qtbot, shell)
    main.new_application()
    wait_step(qtbot, main.flow, FlowStep.APPLICANT)
    page = main.flow.applicant_page
    page.set_values({"document_number": "11010519491231002X"})
    assert page.sex.currentData() == "2" and page.birth_date.text() == "1949-12-31"
    assert page.birthplace.text() == "110105"


def test_a_reader_typing_like_a_keyboard_fills_the_fields(qtbot, shell):
    main = log_in(qtbot, shell)
    main.new_application()
    wait_step(qtbot, main.flow, FlowStep.APPLICANT)
    page = main.flow.applicant_page
    qtbot.keyClicks(page.scan, "421303199003070019")  # a reader set to send the number only
    qtbot.keyClick(page.scan, "\r")
    assert page.document_number.text() == "421303199003070019"
    assert page.sex.currentData() == "1" and page.birth_date.text() == "1990-03-07"

    # A reader that sends the whole record (QTest cannot type Chinese keys: the text is inserted).
    page.scan.setText("张三|男|汉|19900307|湖北省随州市曾都区青年路1号|421303199003070019")
    qtbot.keyClick(page.scan, "\r")
    assert page.name.text() == "张三" and page.ethnicity.currentData() == "01"
    assert page.address.text() == "湖北省随州市曾都区青年路1号"
    assert page.valid
