"""The card status tab's 激活 for a 未启用 card: an agent collected it (prepared through the services on the
counter's own store); the clerk looks the card up, 激活 shows, the holder chooses their PIN on the pad facing
them (or on the reader's keypad) and the card is 正常 — the card work on the device worker, the GUI never
waiting on it. An active card shows no 激活."""

from __future__ import annotations

from dataclasses import replace

from counter_app.card.profile import load_profile
from counter_app.domain.issuance import IssuanceAction
from counter_app.domain.pin import pin_buffer
from counter_app.services.card_services import CardStatus
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.database import Store
from tests.activation.conftest import AGENT, card_services
from tests.card_services.conftest import OPERATOR
from tests.support.gui import HOLDER_PIN, TIMEOUT_MS, log_in, pad_types


def hand_over(counter, encoder, applicant, *, by_agent: bool) -> str:
    """A card written for ``applicant`` in the encoder, printed and handed over; it stays in the encoder."""
    paths, _settings = counter
    encoder.insert_blank()
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        intake = IntakeService(store)
        issuance_id = intake.open_application(OPERATOR, applicant)
        intake.accept_photo(OPERATOR, issuance_id, None)
        EncodingService(store, encoder, EncoderSettings(profile=load_profile(), write_photo=False)).encode(
            OPERATOR, issuance_id)
        issuances = IssuanceService(store)
        for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING):
            issuances.advance(issuance_id, action, OPERATOR.actor)
        if not by_agent:
            card_services(store, encoder).set_holder_pin(OPERATOR, pin_buffer(HOLDER_PIN))
        return issuances.hand_over(OPERATOR, issuance_id, by_agent=by_agent).card_number


def status_tab(qtbot, shell, number: str, status: CardStatus):
    main = log_in(qtbot, shell)
    main.home.card_services_button.click()
    page = main.card_services
    tab = page.status_tab
    page.tabs.setCurrentWidget(tab)
    tab.set_card_number(number)
    qtbot.waitUntil(lambda: tab.current is status and not tab.busy, timeout=TIMEOUT_MS)
    return tab


def test_the_holder_activates_a_card_an_agent_collected(qtbot, shell, counter, encoder, applicant):
    number = hand_over(counter, encoder, replace(applicant, agent=AGENT), by_agent=True)
    tab = status_tab(qtbot, shell, number, CardStatus.NOT_ACTIVATED)
    assert tab.activate_button.isVisible() and tab.activate_button.isEnabled()
    assert "尚未启用" in tab.message.text()

    tab.activate_button.click()
    qtbot.waitUntil(lambda: tab.pin_pad is not None and tab.pin_pad.isVisible(), timeout=TIMEOUT_MS)
    pad_types(tab.pin_pad, HOLDER_PIN)  # new PIN
    pad_types(tab.pin_pad, HOLDER_PIN)  # confirmed
    qtbot.waitUntil(lambda: not tab.busy and tab.current is CardStatus.ACTIVE, timeout=TIMEOUT_MS)
    assert "已激活" in tab.message.text() and not tab.activate_button.isVisible()
    paths, _settings = counter
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        card_services(store, encoder).verify_pin(OPERATOR, pin_buffer(HOLDER_PIN))


def test_on_the_readers_keypad(qtbot, shell, counter, encoder, applicant):
    number = hand_over(counter, encoder, replace(applicant, agent=AGENT), by_agent=True)
    tab = status_tab(qtbot, shell, number, CardStatus.NOT_ACTIVATED)
    encoder.keypad = [HOLDER_PIN, HOLDER_PIN]
    tab.activate_button.click()
    qtbot.waitUntil(lambda: not tab.busy and tab.current is CardStatus.ACTIVE, timeout=TIMEOUT_MS)
    assert tab.pin_pad is None and encoder.pin_entries  # the PIN went to the reader, never to this PC


def test_an_active_card_offers_no_activation(qtbot, shell, counter, encoder, applicant):
    number = hand_over(counter, encoder, applicant, by_agent=False)
    tab = status_tab(qtbot, shell, number, CardStatus.ACTIVE)
    assert not tab.activate_button.isVisible()
