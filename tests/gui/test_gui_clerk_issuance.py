"""A clerk logs in and issues a card from the home page to the hand-over, keyboard first; before the
hand-over the holder sets their own PIN on the pad facing them."""

from __future__ import annotations

from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import FlowStep
from tests.support.gui import TIMEOUT_MS, log_in, set_holder_pin, through_photo, wait_step


def test_login_then_issue_a_card_to_the_hand_over(qtbot, shell, encoder, printer):
    main = log_in(qtbot, shell)
    assert main.home is not None and main.stack.currentWidget() is main.home
    flow = through_photo(qtbot, main)

    flow.primary_action()  # Enter on the review page: go and write the card
    qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=TIMEOUT_MS)
    encoder.insert_blank()  # the write starts by itself once the card is in
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)  # printed automatically after the write
    assert printer.jobs and flow.encode_page.progress.value() == flow.encode_page.progress.maximum()

    set_holder_pin(qtbot, flow)  # Enter opens the holder's pad; the PIN goes to the card in the encoder
    flow.primary_action()  # Enter: confirm the hand-over
    wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED)
    issued = flow.view.issuance
    assert issued.card_number == "X00000019" and issued.card_id

    flow.primary_action()  # back home: the issuance is listed as issued
    qtbot.waitUntil(lambda: bool(main.home.issuances) and main.home.issuances[0].state is IssuanceState.ISSUED,
                    timeout=TIMEOUT_MS)
