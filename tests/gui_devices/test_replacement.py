"""A replacement through the window on the real devices: the holder's first card was issued here; they come
back with it damaged, the clerk opens a replacement (application type 补换卡, reason 12 损坏) for the same
person, a new blank card is written and printed, and at the hand-over the earlier card becomes final
(``replaced``) and the hand-over tells the ledger which card it replaces."""

from __future__ import annotations

import json

from tests.gui_devices.support import (
    HOLDER_PIN,
    IssuanceState,
    assert_face,
    chip_differences,
    chip_of,
    close_shell,
    history,
    intended_chip,
    issue_through_window,
    log_in,
    new_pdf,
)


def card_status(paths, number: str) -> tuple[str, int] | None:
    from counter_app.store.database import Store

    with Store.open(paths.database) as store:
        return store.db.execute("SELECT status, final FROM card_statuses WHERE card_number = ?", (number,)).fetchone()


def hand_over_event(paths, issuance_id: str) -> dict:
    from counter_app.store.database import Store
    from counter_app.store.outbox import OutboxRepository

    with Store.open(paths.database) as store:
        events = OutboxRepository(store.db).for_issuance(issuance_id)
    return next(e.payload for e in reversed(events) if e.payload.get("to_state") == "issued")


def test_a_damaged_card_is_replaced_through_the_window_and_the_earlier_card_is_final(qtbot, real_counter):
    shell = real_counter.start()
    try:
        main = log_in(qtbot, shell)
        first = issue_through_window(qtbot, main, real_counter)
        assert first.issuance.applicant.application_type.value == "new"
        assert card_status(real_counter.paths, first.issuance.card_number) in (None, ("active", 0))
        real_counter.devices.run("card", "remove")  # the damaged card stays with the clerk

        pdfs_before = real_counter.pdfs()
        second = issue_through_window(qtbot, main, real_counter,
                                      {"application_type": "replacement", "reason": "12"})
    finally:
        close_shell(shell)

    old, new = first.issuance, second.issuance
    assert new.state is IssuanceState.ISSUED and new.id != old.id
    assert (new.applicant.application_type.value, new.applicant.reason.value) == ("replacement", "12")
    assert new.applicant.document_number == old.applicant.document_number
    assert new.card_number != old.card_number and new.card_id != old.card_id
    # the earlier card is final now, and the ledger hears of it from the replacement's hand-over
    assert card_status(real_counter.paths, old.card_number) == ("replaced", 1)
    assert card_status(real_counter.paths, new.card_number) in (None, ("active", 0))
    event = hand_over_event(real_counter.paths, new.id)
    assert (event["application_type"], event["reason"], event["replaces_card_number"]) == \
        ("replacement", "12", old.card_number), json.dumps(event, ensure_ascii=False)
    assert "replaces_card_number" not in hand_over_event(real_counter.paths, old.id)
    # the new card: its own chip with its own card number, its face printed; the old card as it was
    assert not chip_differences(second.blank, second.written, intended_chip(real_counter.paths, new))
    assert (chip_of(second.card).records, chip_of(second.card).pin.digits) == (second.written.records, HOLDER_PIN)
    assert_face(new_pdf(qtbot, real_counter, pdfs_before), new)
    assert chip_of(first.card).records == first.written.records
    assert history(real_counter.paths, new.id)[-1] == "hand_over"
