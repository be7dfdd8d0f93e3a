"""PhotoStep driven as a clerk would: live demo camera, capture, checks, adjust the crop, accept;
a photo with checks that could not be measured waits for the clerk's confirmed manual crop; without
a camera the page says so and the file import works."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.realparts import need_module

need_module("pytestqt")

from counter_app.photo.geometry import CropRect  # noqa: E402
from counter_app.ui.camera import DemoCameraSource  # noqa: E402
from counter_app.ui.clerk.photo_page import PhotoStep  # noqa: E402

TIMEOUT_MS = 20_000
DEMO_FRAME = Path(__file__).resolve().parents[2] / "devices" / "camera" / "frames" / "astronaut.jpg"


@pytest.fixture
def step(qtbot):
    widget = PhotoStep(DemoCameraSource(fps=20), lang="en")
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    widget.start()
    yield widget
    widget.shutdown()


def test_capture_then_accept_emits_the_photo(step, qtbot):
    qtbot.waitUntil(lambda: step.source.latest_rgb() is not None, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS):
        qtbot.mouseClick(step.capture_button, _left())
    assert step.result.ok
    assert step.accept_button.isEnabled()
    assert step.checks.count() == len(step.result.checks)
    assert step.view.crop == step.result.crop
    with qtbot.waitSignal(step.accepted, timeout=TIMEOUT_MS) as accepted:
        qtbot.mouseClick(step.accept_button, _left())
    photo = accepted.args[0]
    assert (photo.width, photo.height) == (358, 441) and len(photo.chip_jpeg) <= 4096


def test_a_bad_manual_crop_is_judged_again_and_blocks_accept(step, qtbot):
    qtbot.waitUntil(lambda: step.source.latest_rgb() is not None, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS):
        step.capture()
    c = step.result.crop
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS) as done:
        step.set_manual_crop(CropRect(c.cx - c.w, c.cy - c.h, 2 * c.w, 2 * c.h))  # far too wide
    result = done.args[0]
    assert result.manual and not result.ok
    assert result.check("geometry.face_width").verdict == "fail"
    assert not step.accept_button.isEnabled()


def test_zooming_the_crop_reprocesses_with_the_aspect_locked(step, qtbot):
    qtbot.waitUntil(lambda: step.source.latest_rgb() is not None, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS):
        step.capture()
    before = step.result.crop
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS) as done:
        step.view.zoom(1.05)
    after = done.args[0].crop
    assert after.w > before.w and after.w / after.h == pytest.approx(before.w / before.h)


def test_importing_a_broken_file_shows_the_message(step, qtbot, tmp_path):
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with qtbot.waitSignal(step.failed, timeout=TIMEOUT_MS) as failed:
        step.import_file(str(bad))
    assert "damaged" in failed.args[0] or "not an image" in failed.args[0]
    assert step.status.text() == failed.args[0]
    assert not step.accept_button.isEnabled()


def _sunglasses_file(tmp_path):
    """The demo frame with dark glasses over the eyes: the face is found, the eyes are not."""
    import cv2
    import numpy as np
    from PIL import Image

    from counter_app.photo.detect import detect_faces

    rgb = np.array(Image.open(DEMO_FRAME).convert("RGB"))
    face = detect_faces(rgb)[0]
    rx, ry = int(0.13 * face.box.w), int(0.08 * face.box.w)
    for ex, ey in (face.left_eye, face.right_eye):
        cv2.ellipse(rgb, (int(ex), int(ey)), (rx, ry), 0, 0, 360, (20, 20, 25), -1)
    path = tmp_path / "glasses.png"
    Image.fromarray(rgb).save(path)
    return path


def test_a_photo_with_unmeasured_checks_is_refused_until_the_clerk_confirms_the_crop(step, qtbot, tmp_path):
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS) as done:
        step.import_file(str(_sunglasses_file(tmp_path)))
    result = done.args[0]
    assert result.needs_confirmation and not result.failures and not result.ok
    assert {c.code for c in result.not_measured} == {"geometry.eye_x", "geometry.eye_line"}
    assert not step.accept_button.isEnabled() and step.confirm_button.isEnabled()
    assert "could not be measured" in step.status.text() and "Confirm manual crop" in step.status.text()
    marks = [step.checks.item(i).text() for i in range(step.checks.count())]
    assert sum(m.startswith("?") for m in marks) == 2
    with qtbot.assertNotEmitted(step.accepted):
        step.accept()  # F8 before the confirmation does nothing
        qtbot.wait(50)

    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS) as done:
        qtbot.mouseClick(step.confirm_button, _left())
    confirmed = done.args[0]
    assert confirmed.ok and confirmed.manual and confirmed.confirmed and confirmed.crop == result.crop
    assert step.accept_button.isEnabled() and not step.confirm_button.isEnabled()
    with qtbot.waitSignal(step.accepted, timeout=TIMEOUT_MS) as accepted:
        qtbot.mouseClick(step.accept_button, _left())
    assert accepted.args[0].confirmed


def test_moving_the_crop_after_confirming_asks_for_confirmation_again(step, qtbot, tmp_path):
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS):
        step.import_file(str(_sunglasses_file(tmp_path)))
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS):
        step.confirm_manual_crop()
    assert step.accept_button.isEnabled()
    c = step.result.crop
    with qtbot.waitSignal(step.processed, timeout=TIMEOUT_MS) as done:
        step.set_manual_crop(CropRect(c.x + 2, c.y, c.w, c.h))
    assert done.args[0].needs_confirmation and not step.accept_button.isEnabled()


def test_without_a_camera_the_page_says_so_and_the_file_import_works(qtbot):
    widget = PhotoStep(None, lang="en")
    qtbot.addWidget(widget)
    widget.show()
    widget.start()
    try:
        assert "No camera found" in widget.status.text() and "Import file" in widget.status.text()
        assert not widget.capture_button.isEnabled() and widget.import_button.isEnabled()
        with qtbot.waitSignal(widget.processed, timeout=TIMEOUT_MS) as done:
            widget.import_file(str(DEMO_FRAME))
        assert done.args[0].ok and widget.accept_button.isEnabled()
        assert not widget.capture_button.isEnabled()  # still no camera after the run
    finally:
        widget.shutdown()


def _page_as_started(qtbot, monkeypatch, demo: bool):
    """The clerk's photo page with the camera the app would choose, no camera attached."""
    from counter_app.settings import Settings
    from counter_app.ui import camera
    from counter_app.ui.backends import default_camera
    from counter_app.ui.clerk.pages import PhotoPage

    monkeypatch.setattr(camera, "available_cameras", lambda: [])
    settings = Settings(None)
    settings.set("demo.enabled", demo)
    widget = PhotoStep(default_camera(settings), lang="en")
    page = PhotoPage(widget)
    qtbot.addWidget(page)
    page.show()
    widget.start()
    return page, widget


def test_a_production_start_without_a_camera_says_so_and_offers_the_import(qtbot, monkeypatch):
    page, widget = _page_as_started(qtbot, monkeypatch, demo=False)
    try:
        assert widget.source is None
        assert "No camera found" in widget.status.text()
        assert widget.import_button.isVisible() and widget.import_button.isEnabled()
        assert not widget.capture_button.isEnabled()
        with qtbot.waitSignal(widget.processed, timeout=TIMEOUT_MS) as done:
            widget.import_file(str(DEMO_FRAME))
        assert done.args[0].ok
    finally:
        widget.shutdown()


def test_in_demo_mode_the_page_shows_the_demo_camera(qtbot, monkeypatch):
    page, widget = _page_as_started(qtbot, monkeypatch, demo=True)
    try:
        assert isinstance(widget.source, DemoCameraSource) and widget.capture_button.isEnabled()
        qtbot.waitUntil(lambda: widget.source.latest_rgb() is not None, timeout=TIMEOUT_MS)
    finally:
        widget.shutdown()


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
