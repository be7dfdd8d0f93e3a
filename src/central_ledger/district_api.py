"""``/v1/district/...``: the district's figures as JSON, under the rights of the staff member asking.

Authenticated by a bearer token (``Authorization: Bearer T``, printed by ``central-ledger staff token``) or the
console's session cookie (:func:`central_ledger.console.auth.require_principal`): none is 401
``unauthenticated``. What a person may read is :class:`central_ledger.principal.Principal`'s rule: an admin or
an auditor reads the district and every hall; a hall supervisor reads their own hall (asking for the district
answers their hall), and another hall is 403 ``forbidden``. Every route only reads.

The figures are :class:`central_ledger.district.DistrictFigures`' (the shapes in
:mod:`central_ledger.district_models`, documented in docs/ledger-api.md). The handlers are plain functions, so
FastAPI runs them in its thread pool: the database is never read on the event loop.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, Query, Request

from central_ledger.context import AppContext
from central_ledger.district import DistrictFigures
from central_ledger.district_models import (
    BoardResponse,
    CoverageResponse,
    DaySummaryResponse,
    ExceptionsResponse,
    StockResponse,
    YearResponse,
)
from central_ledger.ledger import LedgerError
from central_ledger.models import ErrorResponse
from central_ledger.principal import Principal

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "unauthenticated: no valid bearer token or console session"},
    403: {"model": ErrorResponse, "description": "forbidden: a hall this person may not read"},
    404: {"model": ErrorResponse, "description": "hall_not_found"},
    422: {"model": ErrorResponse, "description": "malformed_request: a parameter of the wrong shape"},
    429: {"model": ErrorResponse, "description": "rate_limited: wait Retry-After seconds"},
}
HallQuery = Query(None, min_length=1, max_length=64, description="a hall id (default: all the person may read)")
DateQuery = Query(..., description="YYYY-MM-DD, a local day of the district's time zone")
YearQuery = Query(..., ge=2000, le=2100)
AsOfQuery = Query(None, description="default: today (31 December of a past year)")


def forbidden(hall: str | None) -> LedgerError:
    return LedgerError(403, "forbidden", f"无权查看大厅 {hall} 的数据" if hall else "无权查看全区数据",
                       f"not allowed to read hall {hall}" if hall else "not allowed to read the district")


def scope(principal: Principal, hall: str | None) -> str | None:
    """The hall whose figures answer a request for ``hall`` (None: the district), or 403."""
    if hall is not None and not principal.may_read_hall(hall):
        raise forbidden(hall)
    return principal.hall_scope(hall)


def add_routes(app: FastAPI, ctx: AppContext) -> None:
    """Add this module's routes to the ledger's app."""
    from central_ledger.console.auth import require_principal

    figures = DistrictFigures(ctx.storage, ctx.tz, ctx.clock)

    def asked(request: Request, hall: str | None) -> str | None:
        return scope(require_principal(request, ctx), hall)

    @app.get("/v1/district/summary", response_model=DaySummaryResponse, tags=["district"], responses=_ERRORS)
    def district_summary(request: Request, date: dt.date = DateQuery,
                         hall: str | None = HallQuery) -> dict[str, Any]:
        """A day's figures (issuances started that day) in total, per type, counter and hall, and the year's
        targets to date."""
        return figures.summary(date, asked(request, hall)).as_dict()

    @app.get("/v1/district/counters", response_model=BoardResponse, tags=["district"], responses=_ERRORS)
    def district_counters(request: Request, hall: str | None = HallQuery) -> dict[str, Any]:
        """The counter board: each counter's light (green/amber/red), why, and its last heartbeat."""
        hall = asked(request, hall)
        return {"generated_at": figures.generated_at(), "hall": hall,
                "counters": [c.as_dict() for c in figures.board(hall)]}

    @app.get("/v1/district/year", response_model=YearResponse, tags=["district"], responses=_ERRORS)
    def district_year(request: Request, year: int = YearQuery,
                      hall: str | None = HallQuery,
                      as_of: dt.date | None = AsOfQuery) -> dict[str, Any]:
        """The year against its targets: cumulative issued cards per day, the target line, the projection to
        the year's end at the run rate, monthly figures."""
        return figures.year(year, as_of, asked(request, hall)).as_dict()

    @app.get("/v1/district/coverage", response_model=CoverageResponse, tags=["district"], responses=_ERRORS)
    def district_coverage(request: Request) -> dict[str, Any]:
        """Residents holding an active card per township, from the imported population table."""
        require_principal(request, ctx)
        return figures.coverage().as_dict()

    @app.get("/v1/district/stock", response_model=StockResponse, tags=["district"], responses=_ERRORS)
    def district_stock(request: Request, hall: str | None = HallQuery) -> dict[str, Any]:
        """Card stock per counter and hall from the latest heartbeats, reconciled with the ledger's counts."""
        return figures.stock(asked(request, hall)).as_dict()

    @app.get("/v1/district/exceptions", response_model=ExceptionsResponse, tags=["district"], responses=_ERRORS)
    def district_exceptions(request: Request, date: dt.date = DateQuery,
                            hall: str | None = HallQuery) -> dict[str, Any]:
        """A day's spoiled and reprinted issuances and the open conflict-queue entries of the counters in scope."""
        return figures.exceptions(date, asked(request, hall)).as_dict()
