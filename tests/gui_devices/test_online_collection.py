"""An online application collected at the counter, on the demo devices and the real ledger.

The ledger (``central-ledger serve`` on loopback, with the seal key of the online applications) holds an approved
renewal for collection at this counter's hall today, inserted through ``central_ledger.online_apps`` as the
citizens' portal leaves it (applicant, mobile and the card-standard photo sealed). At the counter: the clerk's home
lists it under 线上申请（今日领取）; the applicant's QR code is scanned (a keyboard-wedge scanner: its characters
typed into the home at once count as one scan, its Enter as one key); the flow opens on the review with the
application's data and photo; the applicant's ID card laid on the demo reader (the devices daemon's pty) is
checked against the application and the write starts by itself on the blank card in the encoder (the simulated
card over pcscd/vpcd); the face is printed to CUPS-PDF; the holder sets their PIN and the card is handed over.

Measured: the wall time from the scan to the hand-over (at most 60 s) and the clerk's keys (at most 8; the
holder's PIN on the pad facing them is not counted, as in tests/gui/test_gui_keystrokes.py). Afterwards the
counter syncs and the ledger's application is ``collected``, with the card number the counter wrote.

The ledger, the counter and the clerk's part are tests/gui_devices/online_support.py's (shared with
test_online_journey.py, the same application made through the portal and the console).
"""

from __future__ import annotations

from tests.gui_devices.online_support import (  # noqa: F401  (the fixtures online_counter, online_ledger)
    assert_collected_in_time_and_card_made,
    collect_at_counter,
    online_counter,
    online_ledger,
    sync_counter,
)


def test_an_online_application_is_collected_in_a_minute_with_few_keys(qtbot, online_counter, online_ledger,  # noqa: F811
                                                                      tmp_path):
    from tests.online_counter.samples import card_photo

    row = online_ledger.approved_application(card_photo())
    counter = online_counter
    done = collect_at_counter(qtbot, counter, row.app_id, row.qr_token, tmp_path)

    # at most 60 s and 8 keys; the card: the application's applicant and photo on the chip, the face printed
    assert_collected_in_time_and_card_made(qtbot, counter, done)
    # the ledger hears of it through the outbox: collected, with the card number written here
    sync_counter(counter)
    assert online_ledger.status_of(row.app_id) == ("collected", done.issued.card_number)
