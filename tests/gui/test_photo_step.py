"""PhotoStep driven as a clerk would: live demo camera, capture, checks, adjust the crop, accept."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from counter_app.photo.geometry import CropRect  # noqa: E402
from counter_app.photo.sources import DemoCameraSource  # noqa: E402
from counter_app.photo.widget import PhotoStep  # noqa: E402

TIMEOUT_MS = 20_000


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


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
