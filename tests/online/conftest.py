"""Fixtures of the online applications' cross-service tests: the ledger's storage on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.ledger.conftest import db_url, storage  # noqa: F401 - the fixtures, param'd over both engines
