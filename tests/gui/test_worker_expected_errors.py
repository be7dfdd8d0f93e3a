"""The worker boundary logs an error with a message for the clerk (a ``UserFacingError``: here an unreadable
photo) as one warning line, and an unexpected one with its full traceback."""

from __future__ import annotations

import logging

from counter_app.photo.errors import PhotoError
from counter_app.ui.workers import ThreadWorker


def _run_failing(qtbot, exc: BaseException) -> BaseException:
    worker = ThreadWorker("test", lambda: None)
    failed: list[BaseException] = []

    def job(_ctx, _progress):
        raise exc

    try:
        worker.call(job, on_failed=failed.append)
        qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    finally:
        worker.stop()
    return failed[0]


def test_an_unreadable_photo_is_logged_as_one_line(qtbot, caplog):
    caplog.set_level(logging.WARNING, logger="counter_app.ui.workers")
    error = PhotoError("unreadable", "无法读取照片", "the photo cannot be read")
    assert _run_failing(qtbot, error) is error
    [record] = [r for r in caplog.records if r.name == "counter_app.ui.workers"]
    assert record.levelno == logging.WARNING and record.exc_info is None


def test_an_unexpected_error_is_logged_with_its_traceback(qtbot, caplog):
    caplog.set_level(logging.WARNING, logger="counter_app.ui.workers")
    _run_failing(qtbot, ValueError("a bug"))
    [record] = [r for r in caplog.records if r.name == "counter_app.ui.workers"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
