"""Fixtures of the unit tests: a fresh counter database per test, and the sample applicant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app.domain.applicant import Applicant
from counter_app.store.database import Store

SAMPLE_APPLICANT = Path(__file__).resolve().parents[1] / "data" / "applicant.json"


@pytest.fixture
def fresh_store(tmp_path):
    """A newly created, fully migrated database file of its own, closed after the test."""
    store = Store.open(tmp_path / "db" / "counter.sqlite3", backups_dir=tmp_path / "db" / "backups")
    yield store
    store.close()


@pytest.fixture
def applicant() -> Applicant:
    with SAMPLE_APPLICANT.open(encoding="utf-8") as f:
        return Applicant.from_dict(json.load(f))
