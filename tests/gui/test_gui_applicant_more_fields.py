"""More of the applicant on the applicant page (issue 20): the co-issuing bank (banks.list, banks.default
preselected, its code stored), occupation and household type (the code tables), the ID card's validity and
issuing authority filled from the reader (marked, read-only until the override, like the card's other fields),
editable and validated with the domain's messages; every value round-trips through set_values/values into the
Applicant the flow opens."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.idcard.model import LONG_TERM
from counter_app.services.flow import FlowStep
from tests.gui.test_gui_idcard_fill import StandInWatch, card
from tests.support.gui import SAMPLE, TIMEOUT_MS, log_in, wait_step


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


def submit(qtbot, main):
    flow = main.flow
    assert flow.next_button.isEnabled(), flow.applicant_page.problems()
    flow.next_button.click()
    wait_step(qtbot, flow, FlowStep.PHOTO)
    return flow.view.issuance.applicant


def test_the_bank_combo_lists_the_banks_preselects_the_default_and_stores_the_code(qtbot, shell, reader):
    main, page = open_page(qtbot, shell, reader)
    combo = page.bank_code
    assert [combo.itemData(i) for i in range(combo.count())] == ["102", "103", "105"]
    assert combo.itemText(0) == "102 中国工商银行"
    assert combo.currentData() == "102"                     # banks.default
    page.set_values(SAMPLE)
    assert submit(qtbot, main).bank_code == "102"


def test_another_bank_chosen_is_stored_and_the_next_applicant_starts_at_the_default(qtbot, shell, reader):
    main, page = open_page(qtbot, shell, reader)
    page.set_values({**SAMPLE, "bank_code": "105"})
    assert submit(qtbot, main).bank_code == "105"
    page.clear()
    assert page.bank_code.currentData() == "102"


def test_the_default_bank_comes_from_the_settings(qtbot, shell, reader, counter):
    _paths, settings = counter
    settings.set("banks.default", "103")
    main, page = open_page(qtbot, shell, reader)
    assert page.bank_code.currentData() == "103"


def test_validity_and_issuing_authority_filled_from_the_reader(qtbot, shell, reader):
    main, page = open_page(qtbot, shell, reader)
    reader.lay(card(valid_from=dt.date(2015, 1, 1), valid_to=LONG_TERM, issuer="随州市公安局曾都分局"))
    qtbot.waitUntil(lambda: page.name.text() == "张三", timeout=TIMEOUT_MS)
    assert page.id_valid_from.text() == "2015-01-01" and page.id_valid_long_term.isChecked()
    assert page.id_valid_to.text() == "" and not page.id_valid_to.isEnabled()
    assert page.issuing_authority.text() == "随州市公安局曾都分局"
    assert {"id_valid_from", "id_valid_to", "issuing_authority"} <= page.card_fields
    assert page.issuing_authority.isReadOnly() and not page.id_valid_long_term.isEnabled()
    assert page._labels["issuing_authority"].text().startswith("▣ ")
    page.idcard_override.setChecked(True)               # editable, like every field from the card
    assert not page.issuing_authority.isReadOnly() and page.id_valid_long_term.isEnabled()
    page.idcard_override.setChecked(False)
    applicant = submit(qtbot, main)
    assert applicant.id_valid_from == dt.date(2015, 1, 1) and applicant.id_valid_long_term
    assert applicant.id_valid_to is None and applicant.issuing_authority == "随州市公安局曾都分局"


def test_a_dated_card_fills_its_end_of_validity(qtbot, shell, reader):
    _main, page = open_page(qtbot, shell, reader)
    reader.lay(card(valid_from=dt.date(2020, 6, 1), valid_to=dt.date(2040, 6, 1), issuer="北京市公安局东城分局"))
    qtbot.waitUntil(lambda: page.name.text() == "张三", timeout=TIMEOUT_MS)
    assert page.id_valid_to.text() == "2040-06-01" and not page.id_valid_long_term.isChecked()
    assert page.id_valid_to.isReadOnly() and page.valid
    applicant = page.read_form().to_applicant()[0]
    assert (applicant.id_valid_from, applicant.id_valid_to) == (dt.date(2020, 6, 1), dt.date(2040, 6, 1))


def test_validity_typed_in_is_checked_with_the_domains_messages(qtbot, shell, reader):
    _main, page = open_page(qtbot, shell, reader)
    page.set_values({**SAMPLE, "id_valid_from": "2020-06-01", "id_valid_to": "2019-01-01"})
    assert not page.valid
    assert "截止日期须晚于起始日期" in page.errors["id_valid_to"].text() and page.errors["id_valid_to"].isVisible()
    page.set_values({"id_valid_to": "2021-06-01"})
    assert "已过有效期" in page.errors["id_valid_to"].text()
    page.set_values({"id_valid_to": "2021/13/01"})
    assert "年-月-日" in page.errors["id_valid_to"].text() and not page.valid
    page.set_values({"id_valid_long_term": "1"})
    assert page.valid and not page.errors["id_valid_to"].isVisible()
    page.set_values({"id_valid_from": "soon"})
    assert "年-月-日" in page.errors["id_valid_from"].text() and not page.valid


def test_occupation_household_type_and_every_value_round_trip(qtbot, shell, reader):
    main, page = open_page(qtbot, shell, reader)
    assert page.occupation.count() == 10 and page.household_type.count() == 4   # （未填） and the tables
    values = {**SAMPLE, "occupation": "2", "household_type": "30", "bank_code": "103",
              "id_valid_from": "2015-01-01", "id_valid_to": "2035-01-01", "issuing_authority": "随州市公安局",
              "agent": "1", "agent_name": "李四", "agent_document_type": "01",
              "agent_document_number": "110101198507200030", "agent_relation": "spouse", "agent_phone": "13900139000",
              "agent_acts": "apply"}
    page.set_values(values)
    got = page.values()
    assert {k: got[k] for k in values} == values
    page.set_values({"agent_scan": b"%PDF-1.4 power of attorney"})
    applicant = submit(qtbot, main)
    assert (applicant.occupation, applicant.household_type, applicant.bank_code) == ("2", "30", "103")
    assert applicant.agent.phone == "13900139000" and applicant.agent.relation.value == "spouse"
    assert applicant.id_valid_to == dt.date(2035, 1, 1) and applicant.issuing_authority == "随州市公安局"
    assert page.agent_section.scan.thumb.text() == "PDF"
