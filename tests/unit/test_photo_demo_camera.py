"""The simulated camera of devices/camera: still frames played as a stream, processable as photos;
used by the app in demo mode only (make demo, counter-app --demo, demo.enabled), never imported by a
production start."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from itertools import islice

import pytest

from counter_app.photo import process_photo
from counter_app.settings import Settings
from devices.camera.player import iter_frames, load_frames


def test_the_demo_frames_are_rgb_and_loop_forever():
    frames = load_frames()
    assert frames and all(rgb.ndim == 3 and rgb.shape[2] == 3 for _, rgb in frames)
    names = [name for name, _ in islice(iter_frames(), 2 * len(frames) + 1)]
    assert names[: len(frames)] == names[len(frames): 2 * len(frames)]


def test_a_demo_frame_makes_a_card_photo_that_passes():
    _, rgb = load_frames()[0]
    assert process_photo(rgb).ok


# --- the demo stays in the demo ---------------------------------------------------------------


def _settings(**values) -> Settings:
    s = Settings(None)
    for key, value in values.items():
        s.set(key.replace("__", "."), value)
    return s


@pytest.fixture
def no_camera_attached(monkeypatch):
    from counter_app.ui import camera

    monkeypatch.setattr(camera, "available_cameras", lambda: [])


@pytest.fixture
def qapp_offscreen(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def test_production_without_a_camera_has_no_camera_not_the_demo_one(no_camera_attached, qapp_offscreen):
    from counter_app.ui.backends import default_camera

    assert default_camera(_settings()) is None
    assert default_camera(_settings(photo__camera="demo")) is None  # "demo" means nothing outside the demo


def test_demo_mode_without_a_camera_plays_the_demo_frames(no_camera_attached, qapp_offscreen):
    from counter_app.ui.backends import default_camera
    from counter_app.ui.camera import DemoCameraSource

    assert isinstance(default_camera(_settings(demo__enabled=True)), DemoCameraSource)
    assert isinstance(default_camera(_settings(demo__enabled=True, photo__camera="demo")), DemoCameraSource)


def test_the_demo_camera_says_clearly_when_devices_is_not_installed(monkeypatch, qapp_offscreen):
    from counter_app.photo.sources import DemoCameraUnavailable
    from counter_app.ui.backends import default_camera
    from counter_app.ui.camera import DemoCameraSource

    monkeypatch.setitem(sys.modules, "devices.camera.player", None)  # import now raises ImportError
    with pytest.raises(DemoCameraUnavailable) as err:
        DemoCameraSource()
    assert "devices" in err.value.message("en") and "演示相机不可用" in err.value.message("zh")
    assert default_camera(_settings(demo__enabled=True, photo__camera="demo")) is None  # no crash of the page


def test_the_blank_card_insertion_is_the_demos_alone(monkeypatch):
    from counter_app.ui.backends import ENV_DEMO_AUTOINSERT, Backends

    monkeypatch.setenv(ENV_DEMO_AUTOINSERT, "python -m devices card insert --blank")
    assert Backends.for_settings(_settings()).demo_autoinsert is None
    assert Backends().demo_autoinsert is None
    assert Backends.for_settings(_settings(demo__enabled=True)).demo_autoinsert == "python -m devices card insert --blank"


def test_a_production_start_never_imports_devices(tmp_path):
    """The photo page's camera, the backends and the diagnostics of a production start, in a
    fresh interpreter: `devices` (the simulated hardware, absent from the frozen app) stays unloaded."""
    code = textwrap.dedent('''
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from counter_app.settings import Settings
        from counter_app.ui.backends import Backends, default_camera
        from counter_app.diagnostics.camera_checks import check_camera
        s = Settings(None)
        default_camera(s); Backends.for_settings(s)
        s.set("photo.camera", "demo"); default_camera(s)
        check_camera("", []); check_camera("demo", [])
        loaded = sorted(m for m in sys.modules if m == "devices" or m.startswith("devices."))
        print("LOADED", loaded)
    ''')
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert "LOADED []" in out.stdout, out.stdout


def test_the_global_demo_option_turns_demo_mode_on_for_the_run_only(tmp_path):
    from counter_app.cli import CliContext, build_parser
    from counter_app.paths import AppPaths

    assert build_parser().parse_args(["--demo", "diag"]).demo is True
    assert build_parser().parse_args(["diag"]).demo is False
    config = tmp_path / "settings.toml"
    config.write_text('[photo]\ncamera = ""\n', encoding="utf-8")
    paths = AppPaths.resolve(tmp_path / "data")
    assert CliContext("zh", paths, config_file=str(config), demo=True).settings["demo.enabled"] is True
    assert CliContext("zh", paths, config_file=str(config)).settings["demo.enabled"] is False
    assert "demo" not in config.read_text(encoding="utf-8")
