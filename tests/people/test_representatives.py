"""Which scans an application needs, the checks on a scan, and check_ready."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlite_utils import Database

from counter_app.domain.applicant import Applicant
from counter_app.domain.people import AttachmentKind, Relation, Representative, RepresentativeRole
from counter_app.services.representatives import MissingScan, RepresentativeService, ScanRefused
from counter_app.settings import Settings
from counter_app.store import sealing
from counter_app.store.schema import MIGRATIONS

SAMPLE = Path(__file__).parents[1] / "data" / "applicant.json"


class _Store:
    def __init__(self, db):
        self.db = db

    @contextlib.contextmanager
    def transaction(self):
        yield self.db


@pytest.fixture
def service(tmp_path, monkeypatch):
    monkeypatch.setattr(sealing, "_active", sealing._active)
    sealing.configure_for(tmp_path / "keys")
    db = Database(sqlite3.connect(":memory:"))
    for migration in MIGRATIONS:
        migration.apply(db)
    settings = Settings(None)
    settings.set("people.guardian_below_age", 150)  # the sample counts as a minor
    return RepresentativeService(_Store(db), settings, clock=lambda: dt.datetime(2026, 6, 1, tzinfo=dt.UTC))


def test_a_minor_needs_a_household_register_or_birth_certificate(service):
    applicant = Applicant.from_dict(json.loads(SAMPLE.read_text(encoding="utf-8")))
    session = SimpleNamespace(actor="clerk1")
    with pytest.raises(MissingScan):
        service.check_ready("I1", applicant)
    with pytest.raises(ScanRefused):
        service.attach_scan(session, "I1", AttachmentKind.HOUSEHOLD_REGISTER, b"GIF89a...")
    service.attach_scan(session, "I1", AttachmentKind.HOUSEHOLD_REGISTER, b"%PDF-1.7 scan")
    service.check_ready("I1", applicant)
    agent = Representative(RepresentativeRole.AGENT, "李四", "01", applicant.document_number, Relation.RELATIVE)
    with pytest.raises(MissingScan):
        service.check_ready("I1", dataclasses.replace(applicant, agent=agent))
    assert [s.kind for s in service.scans("I1")] == [AttachmentKind.HOUSEHOLD_REGISTER]
