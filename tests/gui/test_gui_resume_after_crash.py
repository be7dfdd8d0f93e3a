"""The app stopped in the middle of a chip write: after the restart the home page offers the
issuance, and "continue" reads the card back and completes it, with the same card number.

The crash is checked, not assumed: the write must really have been cut off (the chip holds part of the
record set), and the finished chip must hold exactly what this issuance was meant to write, field by field."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

import pytest

from counter_app.card.errors import CardRemoved
from counter_app.card.personalize import CardReading, personalize, read_card
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
from tests.support.card_inprocess import InProcessConnection
from tests.support.gui import TIMEOUT_MS, close_shell, log_in, wait_step

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator
TORN_AFTER_APDUS = 25  # into the record writes: identification and authentication take about twenty


def read_back(encoder) -> CardReading:
    """The card in the encoder as the counter reads it (卡内查询), through the PSAM."""
    return read_card(InProcessConnection(VirtualCard(encoder.card)), InProcessConnection(VirtualPsam(encoder.psam)),
                     load_profile())


def crashed_mid_write(paths, encoder, applicant) -> tuple[str, CardPersonalData]:
    """What a killed app leaves: an issuance in ``encoding`` and a half-written card in the slot.
    Returns the issuance and what its chip is meant to hold."""
    with Store.open(paths.database) as store:
        intake = IntakeService(store)
        iid = intake.open_application(OPERATOR, applicant)
        intake.accept_photo(OPERATOR, iid, None)
        IssuanceService(store).advance(iid, IssuanceAction.START_ENCODING, "clerk1", card_number="X00000019")
    card = encoder.insert_blank()
    intended = CardPersonalData.from_applicant(applicant, "X00000019", dt.date.today())
    with pytest.raises(CardRemoved):
        personalize(InProcessConnection(VirtualCard(card), remove_after=TORN_AFTER_APDUS),
                    InProcessConnection(VirtualPsam(encoder.psam)), intended, load_profile())
    return iid, intended


def written_fields(data: CardPersonalData) -> set[str]:
    """The fields the chip holds a value for (an unwritten record decodes to "" and None)."""
    return {f.name for f in fields(data) if getattr(data, f.name) not in ("", None)}


def test_restart_resumes_an_interrupted_write(qtbot, counter, encoder, printer, backends):
    from counter_app.ui.app import Shell, make_context

    paths, settings = counter
    applicant = Applicant.from_dict({
        "document_type": "01", "document_number": "421303199003070019", "name": "张三", "sex": "1",
        "ethnicity": "01", "birth_date": "1990-03-07", "birthplace": "421303"})
    iid, intended = crashed_mid_write(paths, encoder, applicant)
    torn = read_back(encoder)
    # the write really was interrupted: some records are on the chip, not all of them
    assert not torn.blank and torn.data != intended
    assert written_fields(torn.data) < written_fields(intended)

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
        # exactly the intended content, on the same chip
        finished = read_back(encoder)
        assert finished.data == intended
        assert finished.identity.card_id == torn.identity.card_id
        assert done.card_id == finished.identity.card_id_hex
    finally:
        close_shell(shell)
