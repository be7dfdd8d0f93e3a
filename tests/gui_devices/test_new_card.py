"""A new card start to finish through the window, on the real pcscd and the real print path: the clerk logs
in, enters the applicant, imports the photo, the chip is written and read back over pcscd, the face is
printed by QPrinter into the cups-pdf queue, the holder sets their PIN on the pad, the card is handed over."""

from __future__ import annotations

from tests.gui_devices.support import (
    DEVICE_TIMEOUT_MS,
    HOLDER_PIN,
    IssuanceState,
    assert_chip_is,
    assert_face,
    chip_of,
    close_shell,
    history,
    intended_chip,
    log_in,
    new_pdf,
    set_holder_pin,
    through_photo,
    wait_step,
)


def test_a_new_card_is_issued_through_the_window_on_the_real_devices(qtbot, real_counter):
    from counter_app.services.flow import FlowStep

    pdfs_before = real_counter.pdfs()
    shell = real_counter.start()
    try:
        main = log_in(qtbot, shell)
        flow = through_photo(qtbot, main)
        card, blank = real_counter.insert_blank()
        flow.primary_action()  # review confirmed: the write starts once the encoder sees the card
        wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
        printed = flow.view.issuance
        assert printed.card_id and printed.card_number
        # written and read back over pcscd: exactly what the database says, nothing else touched
        assert_chip_is(blank, card, intended_chip(real_counter.paths, printed))
        written = chip_of(card)
        set_holder_pin(qtbot, flow, timeout=DEVICE_TIMEOUT_MS)  # over pcscd, on the card in the encoder
        flow.primary_action()  # hand over
        wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED)
        issued = flow.view.issuance
    finally:
        close_shell(shell)

    assert (issued.id, issued.card_number, issued.card_id) == (printed.id, printed.card_number, printed.card_id)
    after = chip_of(card)
    assert (after.records, after.binaries["EF08"]) == (written.records, written.binaries["EF08"])
    assert after.pin.digits == HOLDER_PIN != written.pin.digits  # the holder's own PIN, set on the card
    assert_face(new_pdf(qtbot, real_counter, pdfs_before), issued)
    assert history(real_counter.paths, issued.id)[-6:] == [
        "accept_photo", "start_encoding", "finish_encoding", "start_printing", "finish_printing", "hand_over"]
