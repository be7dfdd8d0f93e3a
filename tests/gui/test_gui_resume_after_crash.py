"""The app stopped in the middle of a chip write: after the restart the home page offers the
issuance, and "continue" reads the card back and completes it, with the same card number."""

from __future__ import annotations

import datetime as dt

from card_inprocess import InProcessConnection
from gui_support import TIMEOUT_MS, close_shell, log_in, wait_step

from counter_app.card.errors import CardRemoved
from counter_app.card.personalize import personalize
from counter_app.card.profile import load_profile
from counter_app.card.records import CardPersonalData
from counter_app.domain.applicant import Applicant
from counter_app.domain.issuance import IssuanceAction, IssuanceState
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.database import Store
from devices.vcard.card_os import VirtualCard
from devices.vcard.psam import VirtualPsam

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator


def crashed_mid_write(paths, encoder, applicant) -> str:
    """What a killed app leaves: an issuance in ``encoding`` and a half-written card in the slot."""
    with Store.open(paths.database) as store:
        intake = IntakeService(store)
        iid = intake.open_application(OPERATOR, applicant)
        intake.accept_photo(OPERATOR, iid, None)
        IssuanceService(store).advance(iid, IssuanceAction.START_ENCODING, "clerk1", card_number="X00000019")
    card = encoder.insert_blank()
    data = CardPersonalData.from_applicant(applicant, "X00000019", dt.date.today())
    try:
        personalize(InProcessConnection(VirtualCard(card), remove_after=25),
                    InProcessConnection(VirtualPsam(encoder.psam)), data, load_profile())
    except CardRemoved:
        pass
    return iid


def test_restart_resumes_an_interrupted_write(qtbot, counter, encoder, printer, backends):
    from counter_app.ui.app import Shell, make_context

    paths, settings = counter
    applicant = Applicant.from_dict({
        "document_type": "01", "document_number": "421303199003070019", "name": "张三", "sex": "1",
        "ethnicity": "01", "birth_date": "1990-03-07", "birthplace": "421303"})
    iid = crashed_mid_write(paths, encoder, applicant)

    shell = Shell(make_context(paths, settings, "zh", backends))  # the restarted app
    shell.ctx.start_sync = lambda: None
    shell.start()
    try:
        main = log_in(qtbot, shell)
        qtbot.waitUntil(lambda: bool(main.home.issuances), timeout=TIMEOUT_MS)
        first = main.home.issuances[0]
        assert first.id == iid and first.state is IssuanceState.ENCODING
        assert main.home.continue_button.isEnabled()
        main.home.continue_selected()
        from counter_app.services.flow import FlowStep

        wait_step(qtbot, main.flow, FlowStep.HANDOVER, IssuanceState.PRINTED)
        done = main.flow.view.issuance
        assert done.id == iid and done.card_number == "X00000019"
        with Store.open(paths.database) as store:
            actions = [e.action for e in IssuanceService(store).history(iid)]
        assert IssuanceAction.FINISH_ENCODING in actions and IssuanceAction.FAIL_ENCODING not in actions
    finally:
        close_shell(shell)
