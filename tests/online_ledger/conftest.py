"""Fixtures of the online applications' ledger tests: the ledger's storage on SQLite and on PostgreSQL (the
session's cluster, tests/pg.py), imported from tests/ledger/conftest.py as tests/district does."""

from __future__ import annotations

from tests.ledger.conftest import db_url, storage  # noqa: F401 - the fixtures, param'd over both engines
