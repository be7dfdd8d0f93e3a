"""A replacement after a formal loss, through the window on the real devices: the holder's card issued here is
reported lost on the card services page (卡状态 → 挂失, confirmed: a final status), which opens the replacement
application (reason 11 挂失补卡) with the holder's data; the clerk continues it in the issuance flow from the
photo on, a new blank card is written over pcscd and printed into cups-pdf, and handed over. The lost card
stays ``loss`` (final; the ledger revokes its certificate for that), it is not turned into ``replaced``."""

from __future__ import annotations

from tests.gui_devices.support import (
    DEVICE_TIMEOUT_MS,
    HOLDER_PIN,
    TIMEOUT_MS,
    IssuanceState,
    assert_face,
    chip_differences,
    chip_of,
    close_shell,
    intended_chip,
    issue_through_window,
    log_in,
    new_pdf,
    set_holder_pin,
    settle_fee_if_due,
    wait_step,
)


def statuses(paths, number: str):
    from counter_app.store.database import Store

    with Store.open(paths.database) as store:
        status = store.db.execute("SELECT status, final FROM card_statuses WHERE card_number = ?",
                                  (number,)).fetchone()
        events = [t for (t,) in store.db.execute("SELECT type FROM outbox WHERE payload LIKE ?", (f"%{number}%",))]
    return status, events


def test_a_lost_card_is_reported_and_its_replacement_issued_through_the_window(qtbot, real_counter):
    from PySide6.QtWidgets import QMessageBox

    from counter_app.services.card_services import CardStatus
    from counter_app.services.flow import FlowStep
    from tests.support.gui import PHOTO

    shell = real_counter.start()
    try:
        main = log_in(qtbot, shell)
        first = issue_through_window(qtbot, main, real_counter)
        real_counter.devices.run("card", "remove")  # the holder lost it

        main.home.card_services_button.click()
        page = main.card_services
        tab = page.status_tab
        page.tabs.setCurrentWidget(tab)
        tab.set_card_number(first.issuance.card_number)
        qtbot.waitUntil(lambda: tab.current is CardStatus.ACTIVE and not tab.busy, timeout=TIMEOUT_MS)
        tab.select(CardStatus.LOSS, "lost")
        tab.change_button.click()
        assert tab.confirm_dialog is not None
        tab.confirm_dialog.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: not tab.busy and tab.current is CardStatus.LOSS, timeout=TIMEOUT_MS)
        assert tab.replacement_button.isVisible()
        tab.replacement_button.click()  # the replacement application, at its photo step

        flow = main.flow
        wait_step(qtbot, flow, FlowStep.PHOTO, IssuanceState.APPLICANT_OK)
        opened = flow.view.issuance
        assert (opened.id, opened.applicant.application_type.value, opened.applicant.reason.value) == \
            (tab.replacement_id, "replacement", "11")
        assert opened.applicant.document_number == first.issuance.applicant.document_number
        with qtbot.waitSignal(flow.photo_step.processed, timeout=TIMEOUT_MS):
            flow.photo_step.import_file(str(PHOTO))
        flow.photo_step.accept_button.click()
        wait_step(qtbot, flow, FlowStep.REVIEW)
        pdfs_before = real_counter.pdfs()
        card, blank = real_counter.insert_blank()
        flow.primary_action()
        settle_fee_if_due(qtbot, flow)
        wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED, timeout=DEVICE_TIMEOUT_MS)
        written = chip_of(card)
        set_holder_pin(qtbot, flow, timeout=DEVICE_TIMEOUT_MS)
        flow.primary_action()
        wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED)
        new = flow.view.issuance
    finally:
        close_shell(shell)

    old = first.issuance
    assert new.id == opened.id and new.card_number != old.card_number and new.card_id != old.card_id
    assert not chip_differences(blank, written, intended_chip(real_counter.paths, new))
    assert chip_of(card).pin.digits == HOLDER_PIN
    assert_face(new_pdf(qtbot, real_counter, pdfs_before), new)
    status, events = statuses(real_counter.paths, old.card_number)
    assert status == ("loss", 1)  # final, and not overwritten by the replacement's hand-over
    assert "card.status_changed" in events  # how the ledger learns of the loss
