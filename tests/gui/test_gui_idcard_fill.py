"""The applicant page and the ID card reader (over an in-process stand-in watcher that calls back from its
own thread, as IdCardWatcher does): laying the card fills the page; the card's fields are marked and
read-only; an override is recorded in the audit (field names, not values); an expired card is refused for a
new application and fills nothing; lifting the card keeps what it filled."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from counter_app.idcard.model import LONG_TERM, IdCardData
from counter_app.services.flow import FlowStep
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.database import open_store
from tests.support.gui import TIMEOUT_MS, log_in, wait_step

NUMBER = "421303199003070019"


def card(**over) -> IdCardData:
    values = dict(name="张三", sex="1", ethnicity="01", birth_date=dt.date(1990, 3, 7),
                  address="湖北省随州市曾都区西城办事处1号", id_number=NUMBER, issuer="随州市公安局曾都分局",
                  valid_from=dt.date(2015, 1, 1), valid_to=LONG_TERM, photo=b"\x01" * 1024)
    values.update(over)
    return IdCardData(**values)


class StandInWatch:
    """What Backends.make_idcard_watch returns, driven by the test: lay() and lift() call back on a thread."""

    def __init__(self):
        self.on_card = self.on_lifted = self.on_error = None
        self.started = threading.Event()
        self.stopped = False

    def make(self, _settings, on_card, on_lifted, on_error):
        self.on_card, self.on_lifted, self.on_error = on_card, on_lifted, on_error
        return self

    def start(self):
        self.started.set()

    def stop(self):
        self.stopped = True

    def _on_thread(self, fn, *args):
        t = threading.Thread(target=fn, args=args)
        t.start()
        t.join()

    def lay(self, c: IdCardData) -> None:
        self._on_thread(self.on_card, c)

    def lift(self) -> None:
        self._on_thread(self.on_lifted)


@pytest.fixture
def reader(backends):
    watch = StandInWatch()
    backends.make_idcard_watch = watch.make
    return watch


def applicant_page(qtbot, shell, reader):
    main = log_in(qtbot, shell)
    main.new_application()
    wait_step(qtbot, main.flow, FlowStep.APPLICANT)
    qtbot.waitUntil(reader.started.is_set, timeout=TIMEOUT_MS)
    return main.flow.applicant_page


def test_laying_the_card_fills_the_page_marked_and_read_only(qtbot, shell, reader):
    page = applicant_page(qtbot, shell, reader)
    reader.lay(card())
    qtbot.waitUntil(lambda: page.name.text() == "张三", timeout=TIMEOUT_MS)
    assert page.document_number.text() == NUMBER
    assert page.sex.currentData() == "1" and page.birth_date.text() == "1990-03-07"
    assert page.ethnicity.currentData() == "01" and page.address.text().startswith("湖北省")
    assert page.nationality.text() == "CHN" and page.birthplace.text() == "421303"
    assert page.valid and page.phone.hasFocus()
    assert page.card_fields >= {"name", "document_number", "sex", "birth_date", "ethnicity", "address"}
    assert page.idcard_badge.isVisible() and page.idcard_override.isVisible()
    for key in page.card_fields:
        w = page.widgets[key]
        assert w.property("fromCard") is True and "身份证" in w.toolTip(), key
        assert (w.isReadOnly() if hasattr(w, "isReadOnly") else not w.isEnabled()), key
    assert not page.phone.isReadOnly() and page.application_type.isEnabled()  # not from the card


def test_lifting_the_card_keeps_what_it_filled(qtbot, shell, reader):
    page = applicant_page(qtbot, shell, reader)
    reader.lay(card())
    qtbot.waitUntil(lambda: page.name.text() == "张三", timeout=TIMEOUT_MS)
    reader.lift()
    qtbot.wait(50)
    assert page.name.text() == "张三" and page.document_number.text() == NUMBER and page.valid
    assert page.name.isReadOnly()


def test_an_expired_card_is_refused_and_fills_nothing(qtbot, shell, reader):
    page = applicant_page(qtbot, shell, reader)
    reader.lay(card(valid_from=dt.date(2005, 1, 1), valid_to=dt.date(2015, 1, 1)))
    qtbot.waitUntil(page.idcard_message.isVisible, timeout=TIMEOUT_MS)
    assert "过期" in page.idcard_message.text() or "有效期" in page.idcard_message.text(), page.idcard_message.text()
    assert page.name.text() == "" and page.document_number.text() == "" and not page.card_fields
    assert not page.name.isReadOnly() and not page.valid


def test_an_override_is_recorded_in_the_audit_by_field_name(qtbot, shell, reader, counter):
    page = applicant_page(qtbot, shell, reader)
    reader.lay(card())
    qtbot.waitUntil(lambda: page.name.text() == "张三", timeout=TIMEOUT_MS)
    page.idcard_override.setChecked(True)
    assert not page.name.isReadOnly() and page.sex.isEnabled()
    page.address.setText("湖北省随州市曾都区东城办事处2号")
    assert page.overridden() == ("address",)
    assert page.try_submit()
    wait_step(qtbot, shell.main.flow, FlowStep.PHOTO)

    paths, _settings = counter

    def recorded():
        store = open_store(paths)
        try:
            return [e for e in AuditLog.entries(store.db, limit=10_000) if e.action == AuditAction.IDCARD_OVERRIDE]
        finally:
            store.close()
    qtbot.waitUntil(lambda: bool(recorded()), timeout=TIMEOUT_MS)
    (entry,) = recorded()
    assert entry.detail["fields"] == ["address"]
    assert "东城" not in str(entry.detail) and NUMBER not in str(entry.detail)


def test_the_next_application_starts_empty_without_the_last_cards_locks(qtbot, shell, reader):
    page = applicant_page(qtbot, shell, reader)
    reader.lay(card())
    qtbot.waitUntil(lambda: page.name.text() == "张三", timeout=TIMEOUT_MS)
    main = shell.main
    main.flow.home_button.click()  # Esc: back home without going on
    main.new_application()
    wait_step(qtbot, main.flow, FlowStep.APPLICANT)
    assert page.name.text() == "" and page.document_number.text() == "" and not page.card_fields
    assert not page.name.isReadOnly() and page.sex.isEnabled() and not page.idcard_badge.isVisible()
    assert page.nationality.text() == "CHN" and not page.valid
    reader.lay(card(name="李四"))  # the next applicant's card fills it again
    qtbot.waitUntil(lambda: page.name.text() == "李四", timeout=TIMEOUT_MS)
    assert page.name.isReadOnly()


def test_a_card_laid_on_the_home_page_fills_the_next_application(qtbot, shell, reader):
    page = applicant_page(qtbot, shell, reader)
    main = shell.main
    main.flow.home_button.click()
    qtbot.waitUntil(lambda: not page.isVisible(), timeout=TIMEOUT_MS)
    reader.lay(card())  # the applicant hands over their ID card before the clerk starts the application
    qtbot.wait(50)
    assert page.name.text() == ""
    main.new_application()
    wait_step(qtbot, main.flow, FlowStep.APPLICANT)
    assert page.name.text() == "张三" and page.name.isReadOnly() and page.valid


def test_a_card_lifted_during_its_read_says_so_and_fills_nothing(qtbot, shell, reader):
    from counter_app.idcard.errors import IdCardLifted

    page = applicant_page(qtbot, shell, reader)
    reader._on_thread(reader.on_error, IdCardLifted())
    qtbot.waitUntil(page.idcard_message.isVisible, timeout=TIMEOUT_MS)
    assert "放回" in page.idcard_message.text() and page.name.text() == ""
