"""The card-management system's eligibility answers in the clerk's window: each refusal (1 person unknown,
2 name differs, 3 an application pending, 4 not allowed: deceased or already holding an active card) is
shown in plain words on the applicant page, and nothing is written: no issuance, the form kept as typed."""

from __future__ import annotations

import pytest

from counter_app.cardmgmt.port import EligibilityAnswer, EligibilityResult
from counter_app.services.flow import FlowStep
from counter_app.store.database import Store
from tests.support import fake_cardmgmt
from tests.support.gui import SAMPLE, TIMEOUT_MS, fill_applicant, log_in, wait_step


@pytest.fixture
def counter(counter):
    paths, settings = counter
    settings.set("cardmgmt.enabled", True)
    settings.set("cardmgmt.adapter", "tests.support.fake_cardmgmt:factory")
    settings.save()
    fake_cardmgmt.reset()
    yield counter
    fake_cardmgmt.reset()


def issuances(paths) -> int:
    with Store.open(paths.database) as store:
        return store.db.execute("SELECT COUNT(*) FROM issuances").fetchone()[0]


@pytest.mark.parametrize(("answer", "detail", "words"), [
    (EligibilityAnswer.PERSON_UNKNOWN, None, "查无此人"),
    (EligibilityAnswer.NAME_DIFFERS, None, "姓名与卡管系统登记不一致"),
    (EligibilityAnswer.APPLICATION_PENDING, "case-elsewhere", "已有在办申请"),
    (EligibilityAnswer.NOT_ALLOWED, "deceased", "已登记死亡"),
    (EligibilityAnswer.NOT_ALLOWED, "has_active_card", "已持有有效社保卡"),
])
def test_a_refusal_is_shown_in_plain_words_and_nothing_is_written(qtbot, shell, counter, answer, detail, words):
    from counter_app.store.sealing import person_index

    paths, _settings = counter
    main = log_in(qtbot, shell)
    flow = main.flow
    main.new_application()
    wait_step(qtbot, flow, FlowStep.APPLICANT)
    fake_cardmgmt.SYSTEM.answers[person_index(SAMPLE["document_number"])] = EligibilityResult(answer, detail)
    fill_applicant(flow.applicant_page)
    flow.next_button.click()
    qtbot.waitUntil(lambda: words in flow.message.text(), timeout=TIMEOUT_MS)
    assert flow.view.step is FlowStep.APPLICANT and flow.view.issuance is None
    assert flow.message.property("error") is True
    assert issuances(paths) == 0
    assert flow.applicant_page.document_number.text() == SAMPLE["document_number"]  # nothing lost
    assert fake_cardmgmt.SYSTEM.queries  # it was asked


def test_an_eligible_applicant_goes_on_to_the_photo(qtbot, shell, counter):
    main = log_in(qtbot, shell)
    flow = main.flow
    main.new_application()
    wait_step(qtbot, flow, FlowStep.APPLICANT)
    fill_applicant(flow.applicant_page)
    flow.next_button.click()
    wait_step(qtbot, flow, FlowStep.PHOTO)
    (query,) = fake_cardmgmt.SYSTEM.queries
    assert query.application_type == "new" and len(query.person_index) == 64 and len(query.name_index) == 64
