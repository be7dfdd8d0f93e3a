"""A card pulled out in the middle of the write: put back, the write goes on and finishes."""

from __future__ import annotations

from counter_app.card.errors import CardRemoved
from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import FlowStep
from tests.support.gui import TIMEOUT_MS, log_in, through_photo, wait_step


def test_the_card_pulled_during_encoding_and_put_back_is_finished(qtbot, shell, encoder):
    main = log_in(qtbot, shell)
    flow = through_photo(qtbot, main)
    card = encoder.insert_blank()
    encoder.tear_after = 20  # the clerk pulls the card after 20 APDUs
    flow.primary_action()
    qtbot.waitUntil(lambda: flow.view.issuance.state is IssuanceState.ENCODE_FAILED, timeout=TIMEOUT_MS)
    assert isinstance(flow.view.error, CardRemoved)
    assert "拔出" in flow.encode_page.message.text()
    qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=TIMEOUT_MS)

    encoder.insert(card)  # the same card, back in the slot
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
    assert flow.view.issuance.card_id


def test_in_the_demo_a_resumed_write_waits_for_the_same_card_instead_of_inserting_a_blank(
        qtbot, shell, encoder, backends, tmp_path):
    """The demo's auto-insert puts a *blank* card in: after a write began on a chip it must not run, or the
    resume would meet another card (refused: the number may only be on the chip the write began on)."""
    marker = tmp_path / "autoinsert.log"
    backends.demo_autoinsert = f"sh -c 'echo inserted >> {marker}'"
    main = log_in(qtbot, shell)
    flow = through_photo(qtbot, main)
    card = encoder.insert_blank()
    encoder.tear_after = 20
    flow.primary_action()
    qtbot.waitUntil(lambda: flow.view.issuance.state is IssuanceState.ENCODE_FAILED, timeout=TIMEOUT_MS)
    assert flow.view.issuance.card_id  # the chip the write began on
    qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=TIMEOUT_MS)
    encoder.insert(card)
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
    assert marker.read_text().count("inserted") == 1  # only for the first write


def test_another_card_put_in_after_the_pull_is_refused_and_left_blank(qtbot, shell, encoder):
    """The window's resume and `issuance resume` are one service function: only the chip the write began on."""
    from counter_app.card.errors import DifferentCard
    from counter_app.services.flow import Choice

    main = log_in(qtbot, shell)
    flow = through_photo(qtbot, main)
    card = encoder.insert_blank()
    encoder.tear_after = 20
    flow.primary_action()
    qtbot.waitUntil(lambda: flow.view.issuance.state is IssuanceState.ENCODE_FAILED, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=TIMEOUT_MS)

    other = encoder.insert_blank()  # not the card the write began on
    blank = other.read_bytes()
    qtbot.waitUntil(lambda: isinstance(flow.view.error, DifferentCard) and not flow.busy, timeout=TIMEOUT_MS)
    assert "不是本次制卡开始时的那张卡" in flow.encode_page.message.text()
    assert other.read_bytes() == blank and flow.view.issuance.state is IssuanceState.ENCODE_FAILED

    encoder.insert(card)
    flow.choose(Choice.RETRY)
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
