"""The card printer paused when the card goes to it (the CUPS queue stopped, as ``cupsdisable`` does): the
window shows the print failure, the clerk resumes the printer (``cupsenable``) and reprints from the window,
the face comes out of cups-pdf, and the chip is not written again."""

from __future__ import annotations

import subprocess

from tests.gui_devices.support import (
    DEVICE_TIMEOUT_MS,
    IssuanceState,
    assert_chip_is,
    assert_face,
    chip_of,
    close_shell,
    history,
    intended_chip,
    log_in,
    new_pdf,
    through_photo,
    wait_step,
)


def test_a_paused_printer_shows_the_failure_and_the_reprint_prints_without_writing_again(qtbot, real_counter):
    from counter_app.services.flow import Choice, FlowStep

    subprocess.run(["cupsdisable", "-r", "ribbon out", real_counter.queue], check=True)
    pdfs_before = real_counter.pdfs()
    shell = real_counter.start()
    try:
        main = log_in(qtbot, shell)
        flow = through_photo(qtbot, main)
        card, blank = real_counter.insert_blank()
        flow.primary_action()
        wait_step(qtbot, flow, FlowStep.PRINT, IssuanceState.PRINT_FAILED)
        assert "暂停" in flow.print_page.message.text(), flow.print_page.message.text()
        assert flow.print_page.choices.primary() is Choice.REPRINT
        main.refresh_status()
        qtbot.waitUntil(lambda: main.status.printer.level == "error", timeout=DEVICE_TIMEOUT_MS)
        assert real_counter.pdfs() == pdfs_before
        encoded = flow.view.issuance
        written = chip_of(card)

        subprocess.run(["cupsenable", real_counter.queue], check=True)
        flow.primary_action()  # Enter: reprint
        wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED, timeout=DEVICE_TIMEOUT_MS)
        printed = flow.view.issuance
        main.refresh_status()
        qtbot.waitUntil(lambda: main.status.printer.level == "ok", timeout=DEVICE_TIMEOUT_MS)
    finally:
        close_shell(shell)

    assert (printed.card_id, printed.card_number) == (encoded.card_id, encoded.card_number)
    assert_face(new_pdf(qtbot, real_counter, pdfs_before), printed)
    actions = history(real_counter.paths, printed.id)
    assert actions[-4:] == ["start_printing", "fail_printing", "reprint", "finish_printing"]
    assert actions.count("start_encoding") == 1 and actions.count("finish_encoding") == 1
    assert chip_of(card) == written  # not one byte of the chip changed with the reprint
    assert_chip_is(blank, card, intended_chip(real_counter.paths, printed))
