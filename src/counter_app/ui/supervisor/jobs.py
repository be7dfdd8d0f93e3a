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


def job_receive(session: Session, count: int, first: str, last: str, note: str, **batch):
    """``batch``: bank_code, batch_number, chip_type, vendor (StockService.receive)."""
    def job(ctx: DbContext, _report: Report):
        return ctx.services.stock.receive(session, count, first, last, note, **batch)
    return job


def job_close_day(session: Session, counted: int, day: dt.date | None = None, cash_counted_fen: int | None = None,
                  counted_by_bank: dict | None = None):
    def job(ctx: DbContext, _report: Report):
        return ctx.services.dayclose.close(session, counted, day, cash_counted_fen=cash_counted_fen,
                                           counted_by_bank=counted_by_bank)
    return job


def job_dayclose_preview(session: Session, day: dt.date | None = None, cash_counted_fen: int | None = None,
                         counted_by_bank: dict | None = None):
    """The close of day's figures (fees, stock by bank) without closing."""
    def job(ctx: DbContext, _report: Report):
        return ctx.services.dayclose.preview(session, day, cash_counted_fen=cash_counted_fen,
                                             counted_by_bank=counted_by_bank)
    return job


def job_by_bank(session: Session, first: dt.date, last: dt.date | None = None):
    """The range's cards per co-issuing bank and the stock reconciliation by bank."""
    def job(ctx: DbContext, _report: Report):
        return (ctx.services.reports.by_bank(session, first, last),
                ctx.services.stock.reconcile_by_bank(session))
    return job


def job_ratings(session: Session, first: dt.date, last: dt.date):
    """好差评 of the range: by clerk, by day, the latest reasons."""
    def job(ctx: DbContext, _report: Report):
        ratings = ctx.services.ratings
        return (ratings.by_clerk(session, first, last), ratings.by_day(session, first, last),
                ratings.recent(session, first, last))
    return job


def job_history(day: dt.date):
    """The issuances created on ``day`` (local), newest first, for the history and its reprints."""
    def job(ctx: DbContext, _report: Report):
        return list(reversed(ctx.services.issuances.list_for_day(day)))
    return job


def job_papers(issuance_id: str):
    def job(ctx: DbContext, _report: Report):
        return ctx.services.papers.history(issuance_id)
    return job


def job_print_paper(session: Session, issuance_id: str, kind: str):
    """Print (or reprint: marked 补打) an A4 paper of the issuance; returns the print result and the history."""
    def job(ctx: DbContext, _report: Report):
        result = ctx.services.papers.print(session, issuance_id, kind)
        return result, ctx.services.papers.history(issuance_id)
    return job


def job_export(session: Session, first: dt.date, last: dt.date, fmt: str, path: Path, title: str):
    """Compute the report and write it (CSV/XLSX here; the PDF is painted in the GUI thread,
    where Qt's painting lives: this job returns the rows for it)."""
    def job(ctx: DbContext, _report: Report):
        from counter_app.services import report_export

        report = ctx.services.reports.daily(session, first, last)
        rows = report_export.report_rows(report)
        # Per day of the range: its close when it was closed (fees with the cash counted, banks), else its fees
        # so far; then the ratings. Each has its own XLSX sheet.
        dayclose = ctx.services.dayclose
        for day, fees in dayclose.fees_between(session, first, last).items():
            close = dayclose.closed(session, day)
            rows += (report_export.dayclose_rows(close, ctx.services.settings) if close is not None
                     else report_export.fee_rows(fees, day.isoformat()))
        ratings = ctx.services.ratings
        rows += report_export.rating_rows(ratings.by_clerk(session, first, last), ratings.by_day(session, first, last))
        if fmt == "csv":
            report_export.write_csv(rows, path)
        elif fmt == "xlsx":
            report_export.write_xlsx(rows, path, title)
        return rows
    return job


def job_hall_summary(session: Session, day: dt.date):
    """The ledger's figures of ``day`` for this counter's hall (a network call: it runs here, off the GUI
    thread); raises the sync errors (not enrolled, unreachable, refused: ``no_hall``) for the page to say."""
    def job(ctx: DbContext, _report: Report):
        from counter_app.services.sync import SyncService

        return SyncService(ctx.store, ctx.settings, ctx.paths).hall_summary(session, day)
    return job
