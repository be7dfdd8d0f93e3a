"""Database-worker jobs of the supervisor's desk: each runs in the database thread with its Store.

The widgets never touch the store: they submit these to ``ctx.db`` and get the values back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def job_daily(session, first: dt.date, last: dt.date | None = None):
    def job(ctx, _report):
        from counter_app.services.reports import ReportService

        return ReportService(ctx.store, ctx.settings).daily(session, first, last)
    return job


def job_year(session, year: int | None = None):
    def job(ctx, _report):
        from counter_app.services.reports import ReportService

        return ReportService(ctx.store, ctx.settings).year(session, year)
    return job


def job_exceptions(session):
    def job(ctx, _report):
        from counter_app.services.exceptions import ExceptionService

        return ExceptionService(ctx.store).open_items(session)
    return job


def job_decide(session, keys: list[str], approve: bool, reason: str, password: str | None):
    def job(ctx, _report):
        from counter_app.services.exceptions import ExceptionService

        return ExceptionService(ctx.store).decide(session, keys, approve, reason, password)
    return job


def job_stock(session):
    def job(ctx, _report):
        from counter_app.services.stock import StockService

        return StockService(ctx.store, ctx.settings).status(session)
    return job


def job_receive(session, count: int, first: str, last: str, note: str):
    def job(ctx, _report):
        from counter_app.services.stock import StockService

        return StockService(ctx.store, ctx.settings).receive(session, count, first, last, note)
    return job


def job_close_day(session, counted: int, day: dt.date | None = None):
    def job(ctx, _report):
        from counter_app.services.dayclose import DayCloseService

        return DayCloseService(ctx.store, ctx.settings).close(session, counted, day)
    return job


def job_export(session, first: dt.date, last: dt.date, fmt: str, path: Path, title: str):
    """Compute the report and write it (CSV/XLSX here; the PDF is painted in the GUI thread,
    where Qt's painting lives: this job returns the rows for it)."""
    def job(ctx, _report):
        from counter_app.services import report_export
        from counter_app.services.reports import ReportService

        report = ReportService(ctx.store, ctx.settings).daily(session, first, last)
        rows = report_export.report_rows(report)
        if fmt == "csv":
            report_export.write_csv(rows, path)
        elif fmt == "xlsx":
            report_export.write_xlsx(rows, path, title)
        return rows
    return job
