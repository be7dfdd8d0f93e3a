"""Every page's tables export to XLSX (opened again with openpyxl, numbers as numbers) and to PDF (its text read
back with poppler's pdftotext: the Chinese comes out as Chinese, so the CJK font covers it)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from central_ledger.console.routes import PAGES
from tests.realparts import need


@pytest.mark.parametrize("page", PAGES)
def test_each_page_exports_to_xlsx(as_role, page):
    r = as_role("admin").get(f"/console/export/{page}.xlsx")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames


def test_the_today_xlsx_holds_the_counters_numbers(as_role, expected):
    r = as_role("admin").get(f"/console/export/today.xlsx?date={expected.day}")
    book = load_workbook(io.BytesIO(r.content))
    sheet = book["各柜台"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    c001 = next(r for r in rows if r[0] == "C001")
    assert c001[header.index("发卡")] == expected.by_counter["C001"]["cards_issued"]
    assert isinstance(c001[header.index("废卡")], int)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_exports_to_pdf_with_its_chinese_text(as_role, page, tmp_path):
    need(shutil.which("pdftotext"), "pdftotext (poppler-utils) is not installed")
    r = as_role("admin").get(f"/console/export/{page}.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    path = tmp_path / f"{page}.pdf"
    path.write_bytes(r.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "区社保卡中心" in text
    assert {"today": "城区服务大厅", "counters": "东城 1 号窗口", "targets": "全部发卡", "coverage": "城关镇",
            "stock": "结存", "exceptions": "补打"}[page] in text


def test_the_english_export_is_in_english(as_role, tmp_path):
    need(shutil.which("pdftotext"), "pdftotext (poppler-utils) is not installed")
    r = as_role("admin").get("/console/export/counters.pdf?lang=en")
    path = tmp_path / "c.pdf"
    path.write_bytes(r.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Counter board" in text and "no sync for 20 minutes" in text
