"""The reports of a collection by an agent and of the holder's later activation, relayed to the real ledger
(``central-ledger serve`` on loopback, SQLite then PostgreSQL) through the counter's card-management port as
the sync pass relays them: the completion, the social-security application's activation by the holder, and
the status change 未启用 → 正常 with its national code."""

from __future__ import annotations

from dataclasses import replace

from counter_app.cardmgmt.ledger import LedgerCardManagement
from counter_app.domain.pin import pin_buffer
from counter_app.services.card_management import CardManagementService
from counter_app.services.issuance import IssuanceService
from counter_app.store.cardmgmt_queue import ReportQueue
from tests.activation.conftest import AGENT, HOLDER_PIN, activation, printed
from tests.card_services.conftest import OPERATOR
from tests.sync.conftest import counter, ledger, make_counter  # noqa: F401 - the fixtures


def test_collection_and_activation_reach_the_ledger(counter, ledger, encoder, applicant):  # noqa: F811
    store = counter.store
    issuance_id = printed(store, encoder, replace(applicant, agent=AGENT), "X00000027")
    number = IssuanceService(store).hand_over(OPERATOR, issuance_id, by_agent=True).card_number
    activation(store, encoder).activate(OPERATOR, number, pin_buffer(HOLDER_PIN))

    relay = CardManagementService(store, LedgerCardManagement(counter.sync_service().client, timeout=10.0))
    assert relay.send_reports() == 3 and ReportQueue(store.db).pending() == []
    assert ledger.query("SELECT issuance_id, card_number FROM card_completions") == [(issuance_id, number)]
    assert ledger.query("SELECT card_number, application, issuance_id, activated_by FROM card_activations") == [
        (number, "social_security", issuance_id, "holder")]
    assert ledger.query("SELECT card_number, status, status_code, previous, reason FROM card_status_reports") == [
        (number, "active", "1", "not_activated", "holder_activation")]
