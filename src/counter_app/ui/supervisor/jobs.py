"""Database-worker jobs of the supervisor's desk: each runs in the database thread with its
:class:`~counter_app.ui.context.DbContext`, whose services (built once per thread) it asks.

The widgets never touch the store: they submit these to ``ctx.db`` and get the values back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from counter_app.services.auth import Session
    from counter_app.ui.context import DbContext, Report


def job_daily(session: Session, first: dt.date, last: dt.date | None = None):
    def job(ctx: DbContext, _report: Report):
        return ctx.services.reports.daily(session, first, last)
    return job


def job_year(session: Session, year: int | None = None):
    def job(ctx: DbContext, _report: Report):
        return ctx.services.reports.year(session, year)
    return job


def job_exceptions(session: Session):
    def job(ctx: DbContext, _report: Report):
        return ctx.services.exceptions.open_items(session)
    return job


def job_decide(session: Session, keys: list[str], approve: bool, reason: str, password: str | None):
    def job(ctx: DbContext, _report: Report):
        return ctx.services.exceptions.decide(session, keys, approve, reason, password)
    return job


def job_stock(session: Session):
    def job(ctx: DbContext, _report: Report):
        return ctx.services.stock.status(session)
    return job


def job_receive(session: Session, count: int, first: str, last: str, note: str):
    def job(ctx: DbContext, _report: Report):
        return ctx.services.stock.receive(session, count, first, last, note)
    return job


def job_close_day(session: Session, counted: int, day: dt.date | None = None):
    def job(ctx: DbContext, _report: Report):
        return ctx.services.dayclose.close(session, counted, day)
    return job


def job_export(session: Session, first: dt.date, last: dt.date, fmt: str, path: Path, title: str):
    """Compute the report and write it (CSV/XLSX here; the PDF is painted in the GUI thread,
    where Qt's painting lives: this job returns the rows for it)."""
    def job(ctx: DbContext, _report: Report):
        from counter_app.services import report_export

        report = ctx.services.reports.daily(session, first, last)
        rows = report_export.report_rows(report)
        if fmt == "csv":
            report_export.write_csv(rows, path)
        elif fmt == "xlsx":
            report_export.write_xlsx(rows, path, title)
        return rows
    return job
