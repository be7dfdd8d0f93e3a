"""A card-management adapter for GUI tests, loaded the way a provincial one is (``cardmgmt.adapter =
"tests.support.fake_cardmgmt:factory"``): every counter service of the process asks the one
:data:`SYSTEM`, whose answers a test sets per person."""

from __future__ import annotations

from counter_app.cardmgmt.fake import InMemoryCardManagement

SYSTEM = InMemoryCardManagement()


def factory(_settings, _ledger_factory) -> InMemoryCardManagement:
    return SYSTEM


def reset() -> InMemoryCardManagement:
    SYSTEM.answers.clear()
    SYSTEM.queries.clear()
    SYSTEM.reports.clear()
    SYSTEM.preopenings.clear()
    SYSTEM.reachable = True
    return SYSTEM
