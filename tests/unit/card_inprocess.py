"""Moved to :mod:`tests.support.card_inprocess`; this name stays for the tests that import it from here."""

from tests.support.card_inprocess import InProcessConnection  # noqa: F401
