"""Card management (placeholder of issue 20: the card-management part replaces this module)."""

from __future__ import annotations


class CardManagementService:
    write_check = None

    @classmethod
    def from_settings(cls, store, settings, ledger):
        return None
