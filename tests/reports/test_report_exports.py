"""Each export opened back — the CSV parsed, the XLSX read with openpyxl, the PDF's text with
pdftotext — says the same numbers as the report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess

import pytest

from counter_app.services import report_export
from counter_app.services.reports import ReportService

from .history import DAY, TZ, write_history


@pytest.fixture
def report(fresh_store, clock, boss):
    write_history(fresh_store, clock)
    clock.now = dt.datetime(2025, 3, 10, 18, 0, tzinfo=TZ)
    return ReportService(fresh_store, tz=TZ, clock=clock).daily(boss, DAY)


def _figures(rows) -> dict[tuple[str, str], str]:
    return {(str(r[0]), str(r[1])): str(r[2]) for r in rows}


def test_csv_parses_back_to_the_same_figures(report, tmp_path):
    path = report_export.write_csv(report_export.report_rows(report), tmp_path / "day.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["section", "key", "value", "detail"]
    figures = _figures(rows[1:])
    assert figures[("summary", "issued")] == "11" and figures[("summary", "spoiled")] == "1"
    assert figures[("by_state", "cancelled")] == "2"
    assert figures[("by_clerk.issued", "clerk-a")] == "8"


def test_xlsx_reads_back_with_openpyxl(report, tmp_path):
    from openpyxl import load_workbook

    path = report_export.write_xlsx(report_export.report_rows(report), tmp_path / "day.xlsx", "日报 2025-03-10")
    sheet = load_workbook(path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "日报 2025-03-10"
    figures = _figures(values[2:])
    assert figures[("summary", "created")] == "15" and figures[("by_type", "upgrade")] == "3"


def test_no_clear_id_number_in_any_export(report, fresh_store):
    from counter_app.services.issuance import IssuanceService

    text = report_export.to_csv(report_export.report_rows(report))
    service = IssuanceService(fresh_store)
    numbers = [service.get(i).applicant.document_number
               for (i,) in fresh_store.db.execute("SELECT id FROM issuances").fetchall()]
    assert numbers and not any(n in text for n in numbers)
    assert "*" * 10 in text  # the spoiled card's number, masked


def test_the_pdf_text_holds_the_figures(report, tmp_path):
    rows = report_export.report_rows(report)
    path = report_export.write_pdf(rows, tmp_path / "day.pdf", "制卡日报 2025-03-10")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "2025-03-10" in text
    assert any(line.endswith("issued 11") for line in lines)
    assert any(line.endswith("created 15") for line in lines)
    assert any("clerk-a 8" in line for line in lines)
