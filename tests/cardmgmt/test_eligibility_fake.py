"""Card management with the in-memory system: each eligibility answer refuses before anything is written,
a pending local issuance refuses as answer 3, the outage policy, the bank pre-opening before the claim and
the relay of queued reports."""

from __future__ import annotations

import random

import pytest

from counter_app.cardmgmt.fake import InMemoryCardManagement
from counter_app.cardmgmt.port import EligibilityAnswer, EligibilityResult, NotEligible
from counter_app.services.auth import Session
from counter_app.services.card_management import (
    BankPreopenRefused,
    CardManagementService,
    CardManagementUnreachable,
)
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.services.seed import random_applicant
from counter_app.store.cardmgmt_queue import ReportQueue
from counter_app.store.sealing import name_index, person_index

OPERATOR = Session.local_operator()


def _setup(store, **kw):
    fake = InMemoryCardManagement()
    service = CardManagementService(store, fake, region_code="421303", **kw)
    return fake, service, IntakeService(store, eligibility=service.check_eligibility)


def _count(store) -> int:
    return store.db.execute("SELECT COUNT(*) FROM issuances").fetchone()[0]


@pytest.mark.parametrize("answer, detail, words", [
    ("1", None, "查无此人"), ("2", None, "姓名与卡管系统登记不一致"), ("3", "X1", "已有在办申请"),
    ("4", "deceased", "已登记死亡"), ("4", "has_active_card", "请办理补换卡")])
def test_each_refusal_writes_nothing(fresh_store, answer, detail, words):
    fake, _, intake = _setup(fresh_store)
    applicant = random_applicant(random.Random(3))
    fake.answers[person_index(applicant.document_number)] = EligibilityResult(EligibilityAnswer(answer), detail)
    with pytest.raises(NotEligible) as caught:
        intake.open_application(OPERATOR, applicant)
    assert words in caught.value.message("zh") and caught.value.message("en")
    assert _count(fresh_store) == 0
    assert fake.queries[0].name_index == name_index(applicant.name) and fake.queries[0].region_code == "421303"


def test_ok_opens_and_local_pending_refuses_as_answer_3(fresh_store):
    fake, _, intake = _setup(fresh_store)
    applicant = random_applicant(random.Random(4))
    issuance_id = intake.open_application(OPERATOR, applicant)
    with pytest.raises(NotEligible) as caught:
        intake.open_application(OPERATOR, applicant)
    assert caught.value.answer is EligibilityAnswer.APPLICATION_PENDING and caught.value.detail == issuance_id
    # the system was asked both times (it had not heard of the first yet); this counter answers 3 itself
    assert _count(fresh_store) == 1 and len(fake.queries) == 2


def test_unreachable_refuses_unless_policy_allows(fresh_store):
    fake, _, intake = _setup(fresh_store)
    fake.reachable = False
    with pytest.raises(CardManagementUnreachable) as caught:
        intake.open_application(OPERATOR, random_applicant(random.Random(5)))
    assert "卡管系统无法连接" in caught.value.message("zh")
    assert _count(fresh_store) == 0
    fake2, _, intake2 = _setup(fresh_store, when_unreachable="allow")
    fake2.reachable = False
    intake2.open_application(OPERATOR, random_applicant(random.Random(5)))
    assert _count(fresh_store) == 1


def test_preopen_before_claim_once_per_issuance_and_refused_offline(fresh_store):
    import dataclasses

    fake, service, intake = _setup(fresh_store)
    applicant = dataclasses.replace(random_applicant(random.Random(6)), bank_code="102")
    issuance_id = intake.open_application(OPERATOR, applicant)
    issuance = IssuanceService(fresh_store).get(issuance_id)
    service.write_check.before_claim(issuance)
    service.write_check.before_claim(issuance)
    assert list(fake.preopenings) == [f"preopen-{issuance_id}"]
    fake.reachable = False
    other = dataclasses.replace(random_applicant(random.Random(7)), bank_code="103")
    fake.reachable = True
    other_id = intake.open_application(OPERATOR, other)
    fake.reachable = False
    with pytest.raises(BankPreopenRefused):
        service.write_check.before_claim(IssuanceService(fresh_store).get(other_id))
    # no bank chosen: nothing asked
    plain_id = None
    fake.reachable = True
    plain_id = intake.open_application(OPERATOR, dataclasses.replace(random_applicant(random.Random(8)), bank_code=""))
    fake.reachable = False
    service.write_check.before_claim(IssuanceService(fresh_store).get(plain_id))


def test_relay_sends_queued_reports_and_retries_after_outage(fresh_store):
    fake, service, intake = _setup(fresh_store)
    issuance_id = intake.open_application(OPERATOR, random_applicant(random.Random(9)))
    issuance = IssuanceService(fresh_store).get(issuance_id)
    with fresh_store.transaction() as db:
        report_id = CardManagementService.queue_completion(db, issuance)
        assert CardManagementService.queue_completion(db, issuance) is None
        ReportQueue(db).add("activation", {"card_number": "X", "application": "ssc", "activated_at": "t",
                                           "by": "holder"})
    fake.reachable = False
    assert service.send_reports() == 0
    fake.reachable = True
    assert service.send_reports() == 2
    assert [k for k, _ in fake.reports] == ["completion", "activation"]
    assert fake.reports[0][1]["report_id"] == report_id and fake.reports[0][1]["bank_account"] is None
    assert service.send_reports() == 0
