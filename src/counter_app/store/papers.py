"""The ``papers_printed`` table (migration 12): each A4 paper printed for an issuance. No transactions here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time


@dataclass(frozen=True, slots=True)
class PrintedPaper:
    issuance_id: str
    kind: str
    reprint: bool
    printer: str
    job_id: int | None
    printed_at: dt.datetime
    printed_by: str


class PaperRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, paper: PrintedPaper) -> None:
        self.db.execute(
            "INSERT INTO papers_printed (issuance_id, kind, reprint, printer, job_id, printed_at, printed_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (paper.issuance_id, paper.kind, int(paper.reprint), paper.printer, paper.job_id,
             to_db_time(paper.printed_at), paper.printed_by))

    def of_issuance(self, issuance_id: str) -> list[PrintedPaper]:
        rows = self.db.execute(
            "SELECT issuance_id, kind, reprint, printer, job_id, printed_at, printed_by FROM papers_printed"
            " WHERE issuance_id = ? ORDER BY id", (issuance_id,)).fetchall()
        return [PrintedPaper(r[0], r[1], bool(r[2]), r[3], r[4], from_db_time(r[5]), r[6]) for r in rows]
