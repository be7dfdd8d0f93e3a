"""The camera check says what the photo page will do: a production start with no camera is told
so, with the fix; the demo camera counts only when the app runs as the demo."""

from __future__ import annotations

from counter_app.diagnostics import camera_checks
from counter_app.diagnostics.result import Verdict
from counter_app.diagnostics.runner import run_checks

WEBCAM = [{"device": "/dev/video0", "name": "USB Camera"}]


def test_no_camera_in_production_is_a_warning_that_says_import_from_file_and_how_to_fix():
    r = camera_checks.check_camera("", [])
    assert r.verdict is Verdict.WARNING
    assert "No camera found" in r.advice_en and "import" in r.advice_en and "Connect a USB camera" in r.advice_en
    assert "未找到相机" in r.advice_zh and r.measured["demo_mode"] is False


def test_the_demo_camera_outside_the_demo_is_a_fault_with_the_fix():
    r = camera_checks.check_camera("demo", WEBCAM)
    assert r.verdict is Verdict.FAULT
    assert "not running as the demo" in r.advice_en and "Set photo.camera to a real camera" in r.advice_en


def test_in_demo_mode_the_demo_camera_stands_in():
    assert camera_checks.check_camera("", [], demo=True).verdict is Verdict.OK
    r = camera_checks.check_camera("demo", [], demo=True)
    assert r.verdict is Verdict.OK and r.measured["demo"] is True


def test_a_real_camera_is_ok_in_both_modes():
    assert camera_checks.check_camera("", WEBCAM).verdict is Verdict.OK
    assert camera_checks.check_camera("USB Camera", WEBCAM, demo=True).verdict is Verdict.OK


def test_the_runner_passes_demo_mode_from_the_settings(env, settings):
    settings.set("photo.camera", "demo")
    [r] = run_checks(env, families=("camera",))
    assert r.name == camera_checks.DEVICES and r.verdict is Verdict.FAULT
    settings.set("demo.enabled", True)
    [r] = run_checks(env, families=("camera",))
    assert r.verdict is Verdict.OK
