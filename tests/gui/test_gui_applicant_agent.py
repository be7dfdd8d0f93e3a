"""An adult's application through an agent (代办) on the applicant page (issue 20): ticking 代办 opens the agent's
section, which is then required (name, document, relation) with the power of attorney's scan; the agent's ID
card, laid after 读取代办人身份证, fills the agent; the scan is taken with the camera (the demo camera here) and
becomes a JPEG; unticking 代办 drops the agent and its scan; the applicant opened carries the agent."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.domain.people import AttachmentKind, Relation, RepresentativeRole
from counter_app.services.flow import FlowStep
from tests.gui.test_gui_idcard_fill import StandInWatch, card
from tests.support.gui import PHOTO, SAMPLE, TIMEOUT_MS, log_in, wait_step

AGENT = "110101198507200030"


@pytest.fixture
def reader(backends):
    watch = StandInWatch()
    backends.make_idcard_watch = watch.make
    return watch


@pytest.fixture
def camera(backends):
    """The demo camera for the scans (the photo page's camera: Backends.make_camera)."""
    from counter_app.ui.camera import DemoCameraSource

    made = []

    def make(_settings):
        made.append(DemoCameraSource(fps=20))
        return made[-1]

    backends.make_camera = make
    return made


def open_page(qtbot, shell, reader):
    main = log_in(qtbot, shell)
    main.new_application()
    wait_step(qtbot, main.flow, FlowStep.APPLICANT)
    qtbot.waitUntil(reader.started.is_set, timeout=TIMEOUT_MS)
    return main, main.flow.applicant_page


def codes(page) -> set[str]:
    return {p.code for p in page.problems()}


def test_an_agent_read_from_their_id_card_with_the_power_of_attorney_from_the_camera(qtbot, shell, reader, camera):
    main, page = open_page(qtbot, shell, reader)
    flow = main.flow
    page.set_values(SAMPLE)
    assert page.valid and not page.agent_section.isVisible()
    page.agent_box.setChecked(True)
    assert page.agent_section.isVisible() and not page.valid and not flow.next_button.isEnabled()
    assert codes(page) == {"form.agent_missing", "people.scan_missing"}
    assert "授权委托书" in page.agent_section.scan_error.text()

    page.agent_section.read_button.click()
    reader.lay(card(name="李四", id_number=AGENT, birth_date=dt.date(1985, 7, 20)))
    qtbot.waitUntil(lambda: page.agent_section.name.text() == "李四", timeout=TIMEOUT_MS)
    assert page.agent_section.document_number.text() == AGENT and page.name.text() == SAMPLE["name"]
    page.set_values({"agent_relation": "relative", "agent_acts": "collect"})
    assert codes(page) == {"people.scan_missing"}

    scan = page.agent_section.scan
    assert scan.kind is AttachmentKind.POWER_OF_ATTORNEY
    scan.camera_button.click()                       # the camera's picture in the thumbnail
    assert scan.source is camera[0] and scan.camera_button.text() == "拍下"
    qtbot.waitUntil(lambda: camera[0].latest_rgb() is not None, timeout=TIMEOUT_MS)
    scan.camera_button.click()                       # taken: the camera stops
    assert scan.source is None and not camera[0]._timer.isActive()
    kind, data = scan.scan()
    assert kind is AttachmentKind.POWER_OF_ATTORNEY and data.startswith(b"\xff\xd8\xff")
    assert page.valid and flow.next_button.isEnabled(), page.problems()
    assert page.values()["agent_acts"] == "collect"

    flow.next_button.click()
    wait_step(qtbot, flow, FlowStep.PHOTO)
    applicant = flow.view.issuance.applicant
    assert applicant.guardian is None
    agent = applicant.agent
    assert agent.role is RepresentativeRole.AGENT and agent.relation is Relation.RELATIVE
    assert (agent.name, agent.document_number, agent.from_idcard) == ("李四", AGENT, True)
    assert page.scans() == [(AttachmentKind.POWER_OF_ATTORNEY, data)]


def test_an_agent_typed_in_with_a_file_and_unticking_drops_it(qtbot, shell, reader):
    _main, page = open_page(qtbot, shell, reader)
    page.set_values({**SAMPLE, "agent": "1", "agent_name": "李四", "agent_document_number": AGENT})
    assert codes(page) == {"form.agent_relation", "people.scan_missing"}
    page.set_values({"agent_relation": "other", "agent_scan": str(PHOTO)})
    assert page.valid
    page.set_values({"agent_document_number": "110101198507200031"})   # a wrong check digit
    assert not page.valid and page.agent_section.error.isVisible()
    assert any(p.field == "agent" for p in page.problems())
    page.agent_box.setChecked(False)
    assert not page.agent_section.isVisible() and page.valid
    assert page.read_form().to_applicant()[0].agent is None and page.scans() == []


def test_without_a_camera_the_scan_says_so_and_offers_the_file(qtbot, shell, reader, backends):
    backends.make_camera = lambda _s: None
    _main, page = open_page(qtbot, shell, reader)
    page.agent_box.setChecked(True)
    scan = page.agent_section.scan
    scan.camera_button.click()
    assert "未找到相机" in scan.status.text() and scan.source is None and scan.scan() is None
