"""(placeholder: filled in by issue 21's work)"""

from __future__ import annotations

from fastapi import FastAPI

from central_ledger.context import AppContext


def add_routes(app: FastAPI, ctx: AppContext) -> None:
    """Add this module's routes to the ledger's app."""
