"""Hand-over to the holder: the card is 未启用 from the chip write until the holder, having set their own
PIN, takes it; then it is 正常 and both the completion and the activation are queued for card management."""

from __future__ import annotations

from counter_app.domain.card_status import CardStatus
from counter_app.domain.pin import pin_buffer
from counter_app.services.issuance import IssuanceService
from tests.activation.conftest import HOLDER_PIN, card_services, outbox, printed, reports
from tests.card_services.conftest import OPERATOR


def test_the_holders_hand_over_makes_the_card_active_and_queues_completion_and_activation(
        fresh_store, encoder, with_agent):
    issuance_id = printed(fresh_store, encoder, with_agent)
    issuances = IssuanceService(fresh_store)
    number = issuances.get(issuance_id).card_number
    svc = card_services(fresh_store, encoder)
    assert svc.status(OPERATOR, number) is CardStatus.NOT_ACTIVATED  # written, not handed over yet
    assert reports(fresh_store) == []

    svc.set_holder_pin(OPERATOR, pin_buffer(HOLDER_PIN), card_id=issuances.get(issuance_id).card_id)
    issuances.hand_over(OPERATOR, issuance_id)  # an agent is recorded, yet the holder took it

    assert svc.status(OPERATOR, number) is CardStatus.ACTIVE
    queued = reports(fresh_store)
    assert [r["kind"] for r in queued] == ["completion", "activation"]
    assert queued[0]["issuance_id"] == issuance_id and queued[0]["card_number"] == number
    activated = queued[1]
    assert {k: activated[k] for k in ("card_number", "issuance_id", "application", "by")} == {
        "card_number": number, "issuance_id": issuance_id, "application": "social_security", "by": "holder"}
    assert activated["activated_at"].startswith("2026-") and activated["report_id"]
    hand_over = outbox(fresh_store, "issuance.transition")[-1]
    assert hand_over["to_state"] == "issued"
    assert (hand_over["collected_by"], hand_over["card_status"]) == ("holder", "active")
    change = fresh_store.db.execute("SELECT from_status, to_status, reason FROM card_status_changes"
                                    " WHERE card_number = ?", (number,)).fetchall()
    assert change == [("not_activated", "active", "handed_to_holder")]
