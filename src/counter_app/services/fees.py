"""Fees (placeholder of issue 20: the fee part replaces this module)."""

from __future__ import annotations


class FeeService:
    def __init__(self, store, settings, *, gateway=None, card_management=None):
        self._store, self._settings = store, settings
        self.write_check = None
