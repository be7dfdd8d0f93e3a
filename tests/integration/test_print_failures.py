"""When the card printer cannot print: the clerk is told in words, the issuance says print_failed,
and the card is printed again only through the reprint path (never encoded again)."""

from __future__ import annotations

import pytest

from counter_app.domain.issuance import IssuanceState
from counter_app.services.auth import Session
from counter_app.services.issuance import IssuanceService
from counter_app.services.printing import NotPrintable
from devices.printer import queue
from tests.integration.printing_fixtures import *  # noqa: F403  (the fixtures)

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator

S = IssuanceState


def actions(store, iid):
    return [e.action for e in IssuanceService(store).history(iid)]


def test_a_paused_printer_fails_the_print_in_words_and_a_reprint_prints_it(healthy_queue, encoded_issuance,
                                                                            print_service, store):
    name, _ = healthy_queue
    service = print_service(name)
    iid = encoded_issuance()
    queue.stop_queue(name, "ribbon out")
    outcome = service.print_card(OPERATOR, iid)
    assert (outcome.state, outcome.issuance_state, outcome.output) == ("failed", S.PRINT_FAILED, None)
    assert "暂停" in outcome.zh and "paused" in outcome.en
    with pytest.raises(NotPrintable):
        service.print_card(OPERATOR, iid)  # a second print needs the reprint path
    queue.start_queue(name)
    again = service.print_card(OPERATOR, iid, reprint=True)
    assert (again.state, again.issuance_state) == ("completed", S.PRINTED)
    assert actions(store, iid)[-4:] == ["start_printing", "fail_printing", "reprint", "finish_printing"]
    assert "start_encoding" in actions(store, iid) and actions(store, iid).count("start_encoding") == 1


def test_a_printer_that_rejects_jobs_is_reported(healthy_queue, encoded_issuance, print_service):
    name, _ = healthy_queue
    queue.reject(name, "card hopper empty")
    outcome = print_service(name).print_card(OPERATOR, encoded_issuance())
    assert (outcome.state, outcome.issuance_state) == ("failed", S.PRINT_FAILED)
    assert "不接受" in outcome.zh and "does not accept" in outcome.en


def test_a_deleted_printer_is_reported(healthy_queue, encoded_issuance, print_service):
    name, _ = healthy_queue
    queue.down(name)
    outcome = print_service(name).print_card(OPERATOR, encoded_issuance())
    assert (outcome.state, outcome.issuance_state, outcome.error_code) == ("failed", S.PRINT_FAILED,
                                                                           "print.printer_not_found")


def test_a_printed_card_is_not_printed_twice(healthy_queue, encoded_issuance, print_service):
    name, _ = healthy_queue
    service = print_service(name)
    iid = encoded_issuance()
    assert service.print_card(OPERATOR, iid).state == "completed"
    with pytest.raises(NotPrintable):
        service.print_card(OPERATOR, iid, reprint=True)


def test_a_card_damaged_in_the_printer_is_spoiled_with_its_chip_identity(healthy_queue, encoded_issuance,
                                                                         print_service, store):
    name, _ = healthy_queue
    service = print_service(name)
    iid = encoded_issuance()
    queue.stop_queue(name, "jam")
    service.print_card(OPERATOR, iid)
    before = IssuanceService(store).get(iid)
    spoiled = service.spoil(OPERATOR, iid, "卡片在打印机中卡住损坏")
    assert (spoiled.card_number, spoiled.card_id, spoiled.atr) == (before.card_number, before.card_id, before.atr)
    assert before.card_number in spoiled.message("zh") and "void" in spoiled.message("en")
    after = IssuanceService(store).get(iid)
    assert after.state is S.SPOILED and after.failure_reason == "卡片在打印机中卡住损坏"
    event = IssuanceService(store).history(iid)[-1]
    assert event.detail["card_number_void"] == before.card_number and event.detail["spoiled_card_id"] == before.card_id
