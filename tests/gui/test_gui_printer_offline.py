"""The printer is offline when the card goes to it: the clerk sees why, fixes it, and reprints
(the chip is not written again)."""

from __future__ import annotations

from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import Choice, FlowStep
from tests.support.gui import TIMEOUT_MS, log_in, through_photo, wait_step


def test_printer_offline_then_back_is_a_reprint(qtbot, shell, encoder, printer):
    main = log_in(qtbot, shell)
    printer.offline = True
    main.refresh_status()
    flow = through_photo(qtbot, main)
    encoder.insert_blank()
    flow.primary_action()
    wait_step(qtbot, flow, FlowStep.PRINT, IssuanceState.PRINT_FAILED)
    assert "暂停" in flow.print_page.message.text() or "offline" in flow.print_page.message.text()
    assert flow.print_page.choices.primary() is Choice.REPRINT
    qtbot.waitUntil(lambda: main.status.printer.level == "error", timeout=TIMEOUT_MS)
    card_id = flow.view.issuance.card_id

    printer.offline = False
    flow.primary_action()  # Enter: reprint
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
    assert flow.view.issuance.card_id == card_id and len(printer.jobs) == 1
