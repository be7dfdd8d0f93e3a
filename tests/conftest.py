"""Shared test set-up: Qt offscreen, and no test ever touches the real user's counter data."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_counter_data(tmp_path, monkeypatch):
    """Each test gets its own counter data directory (database, keys, logs, settings)."""
    data = tmp_path / "counter-data"
    monkeypatch.setenv("COUNTER_APP_DATA", str(data))
    return data


@pytest.fixture
def data_dir(_isolated_counter_data):
    return _isolated_counter_data
