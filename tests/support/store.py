"""The counter database of one test, and the sample applicant."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from counter_app.domain.applicant import Applicant
from counter_app.store.database import Store

SAMPLE_APPLICANT = Path(__file__).resolve().parents[1] / "data" / "applicant.json"


def open_fresh_store(root: Path) -> Store:
    """A newly created, fully migrated database under ``root/db`` (with its backups directory)."""
    return Store.open(root / "db" / "counter.sqlite3", backups_dir=root / "db" / "backups")


def fresh_store_at(root: Path) -> Iterator[Store]:
    """:func:`open_fresh_store`, closed when the generator finishes (the body of the ``fresh_store`` fixture)."""
    store = open_fresh_store(root)
    try:
        yield store
    finally:
        store.close()


def sample_applicant() -> Applicant:
    """The applicant of ``tests/data/applicant.json``."""
    with SAMPLE_APPLICANT.open(encoding="utf-8") as f:
        return Applicant.from_dict(json.load(f))
