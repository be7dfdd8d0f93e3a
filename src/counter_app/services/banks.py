"""Co-issuing banks (placeholder of issue 20: the bank part replaces this module)."""

from __future__ import annotations


class BankService:
    def __init__(self, store, settings):
        self._store, self._settings = store, settings
        self.write_check = None
