"""The card pulled out in the middle of the chip write (``devices card tear --after K``: the simulated card
leaves the reader after K more APDUs, over the real pcscd), the app closed and started again on the same data
directory: the chip is left half-written, the restarted window offers the issuance, and continuing with the
same card completes it, with exactly the intended content on the chip."""

from __future__ import annotations

from tests.gui_devices.support import (
    DEVICE_TIMEOUT_MS,
    IssuanceState,
    assert_chip_is,
    chip_differences,
    chip_of,
    close_shell,
    history,
    intended_chip,
    log_in,
    through_photo,
    wait_step,
)

# A run on a blank card is about 40 APDUs to the card: selects and reads, authentications, 7 holder records,
# the photo in chunks, 3 issuer records, the read-back. After 20 the holder's records are on the card and
# the photo is being written; the card number (issuer records) is not yet.
TEAR_AFTER = 20


def test_a_card_pulled_mid_write_is_completed_after_a_restart(qtbot, real_counter):
    from counter_app.card.errors import CardRemoved, NoCard
    from counter_app.services.flow import FlowStep

    card, blank = real_counter.insert_blank()
    shell = real_counter.start()
    try:
        main = log_in(qtbot, shell)
        flow = through_photo(qtbot, main)
        real_counter.devices.run("card", "tear", "--after", str(TEAR_AFTER))
        flow.primary_action()
        qtbot.waitUntil(lambda: flow.view.issuance.state is IssuanceState.ENCODE_FAILED, timeout=DEVICE_TIMEOUT_MS)
        assert isinstance(flow.view.error, CardRemoved | NoCard), flow.view.error
        assert "拔出" in flow.encode_page.message.text()
        # the window waits for the card to come back; the clerk closes the app instead
        qtbot.waitUntil(lambda: "插入" in flow.encode_page.prompt.text(), timeout=DEVICE_TIMEOUT_MS)
        failed = flow.view.issuance
    finally:
        close_shell(shell)  # the clerk closes the app

    # The write really was interrupted: some of the intended elements are on the chip, not all of them.
    intended = intended_chip(real_counter.paths, failed)
    torn = chip_of(card)
    missing = chip_differences(blank, torn, intended)
    written = [key for key, record in intended.records.items()  # changed from the blank, to the intended value
               if bytes(torn.records[key[0]][key[1] - 1]) == record != bytes(blank.records[key[0]][key[1] - 1])]
    assert missing and written, (missing, written)
    assert bytes(torn.records["EF05"][6]) != intended.records[("EF05", 7)]  # no card number on the chip yet
    assert real_counter.devices.run("status")["card"].get("present") is not True

    real_counter.devices.run("card", "insert", "--last")  # the same card, back in the encoder
    shell = real_counter.start()  # the app started again, on the same data directory
    try:
        main = log_in(qtbot, shell)
        qtbot.waitUntil(lambda: any(i.id == failed.id for i in main.home.issuances), timeout=DEVICE_TIMEOUT_MS)
        row = next(i for i, iss in enumerate(main.home.issuances) if iss.id == failed.id)
        assert main.home.issuances[row].state is IssuanceState.ENCODE_FAILED
        main.home.table.selectRow(row)
        assert main.home.continue_button.isEnabled()
        main.home.continue_selected()
        flow = main.flow
        wait_step(qtbot, flow, FlowStep.ENCODE, IssuanceState.ENCODE_FAILED)
        flow.primary_action()  # Enter: write again, on the same card
        wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
        done = flow.view.issuance
    finally:
        close_shell(shell)

    assert (done.id, done.card_number) == (failed.id, failed.card_number)
    assert_chip_is(blank, card, intended_chip(real_counter.paths, done))
    actions = history(real_counter.paths, done.id)
    assert actions.count("start_encoding") == 1 and "fail_encoding" in actions and "retry_encoding" in actions
    assert actions[-3:] == ["finish_encoding", "start_printing", "finish_printing"]
