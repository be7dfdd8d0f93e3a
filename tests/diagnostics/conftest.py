"""Fixtures of the diagnostics tests.

Fast tests use :class:`tests.diagnostics.inprocess.InProcessPcsc` (the simulated card OS in this
process). Tests that take ``devices`` (tests/support/fixtures.py; in ``*_pcscd.py``) run over the real
pcscd with the simulated encoder brought up once per session, and are marked ``pcsc`` by that fixture;
run them under the devices lock: ``flock /tmp/devices.lock .venv/bin/python -m pytest tests/diagnostics -q``.
"""

from __future__ import annotations

import pytest

from counter_app.paths import AppPaths
from counter_app.settings import Settings
from counter_app.store.database import Store
from tests.diagnostics.inprocess import InProcessPcsc


@pytest.fixture
def pcsc(tmp_path) -> InProcessPcsc:
    return InProcessPcsc(tmp_path / "devices-state")


@pytest.fixture
def counter_paths(tmp_path) -> AppPaths:
    """A counter data directory with a migrated database."""
    paths = AppPaths.resolve(tmp_path / "counter").ensure()
    Store.open(paths.database, backups_dir=paths.backups_dir).close()
    return paths


@pytest.fixture
def settings(counter_paths) -> Settings:
    s = Settings(counter_paths.settings_file)
    s.set("ledger.url", "http://127.0.0.1:9")  # discard port: nothing listens
    s.save()
    return s


@pytest.fixture
def env(settings, counter_paths, pcsc):
    from counter_app.diagnostics.runner import DiagnosticsEnvironment

    return DiagnosticsEnvironment(settings, counter_paths, pcsc=pcsc, camera_devices=[])
