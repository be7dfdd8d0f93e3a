"""A new card through the window on a counter with a contactless reader: the card in the encoder is reached by
the contactless reader too (``card insert --contactless``), the chip is written over the contacts, read again
without contact before printing, and the issuance records that both interfaces answered."""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.issuance import IssuanceState
from counter_app.store.database import Store
from tests.gui_devices.support import close_shell, log_in, through_photo, wait_step

CONTACTLESS_READER = "Virtual PCD Contactless 00 00"


def test_the_written_card_is_read_without_contact_before_it_is_printed(qtbot, real_counter):
    from counter_app.services.flow import FlowStep
    from counter_app.store.issuances import IssuanceEventRepository

    real_counter.settings.set("card.contactless_reader", CONTACTLESS_READER)
    real_counter.settings.save()
    shell = real_counter.start()
    try:
        main = log_in(qtbot, shell)
        flow = through_photo(qtbot, main)
        card = Path(real_counter.devices.run("card", "insert", "--blank", "--contactless")["card"]["file"])
        flow.primary_action()  # the write starts once the encoder sees the card
        wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
        printed = flow.view.issuance
    finally:
        close_shell(shell)
        real_counter.devices.run("card", "remove")
    assert card.exists() and printed.card_number
    with Store.open(real_counter.paths.database) as store:
        detail = next(e.detail for e in IssuanceEventRepository(store.db).for_issuance(printed.id)
                      if e.action == "finish_encoding")
    assert detail["interfaces"] == {"contact": "verified", "contactless": "verified"}
    assert len(detail["contactless_uid"]) == 14
