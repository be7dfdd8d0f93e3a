"""The close of day from the command line (check, close, show and its XLSX with the fees and banks sheets) and
the rows of the exports, over the seeded days. The command line's counter is not enrolled: its payment gateway
(the ledger's) cannot be asked, so the QR payments are reported unchecked."""

from __future__ import annotations

import json
import time

import pytest

from counter_app.cli import main
from counter_app.paths import AppPaths
from counter_app.services import report_export
from counter_app.services.dayclose import DayCloseService
from counter_app.store.database import open_store
from tests.reports.history import DAY, TZ

from .seeded import SETTINGS, seed, supervisor


@pytest.fixture
def china_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("china_time")
def test_check_close_and_show_the_day_from_the_command_line(capsys, tmp_path):
    with open_store(AppPaths.resolve()) as store:
        seed(store)
    assert main(["dayclose", "check", "--date", "2025-03-10", "--cash-yuan", "35"]) == 1
    out = capsys.readouterr().out
    assert "现金 3 笔 60.00 元" in out and "现金短款 5.00 元：实点 35.00 元，应有 40.00 元。" in out
    assert "扫码收费 40.00 元未能与支付平台核对（无法连接）。" in out
    assert "102 中国工商银行：入库 30，已用 6，作废 1，账面 23；当日发卡 4，废卡 1" in out
    assert main(["dayclose", "close", "--date", "2025-03-10", "--counted", "39", "--cash-yuan", "40",
                 "--bank-count", "102=23", "--bank-count", "103=16", "--json"]) == 1  # QR unchecked, all else right
    closed = json.loads(capsys.readouterr().out)
    assert closed["balanced"] and closed["totals"]["fees"]["cash_difference_fen"] == 0
    assert closed["problems"] == ["扫码收费 40.00 元未能与支付平台核对（无法连接）。"]
    out_file = tmp_path / "close.xlsx"
    assert main(["dayclose", "show", "--date", "2025-03-10", "--format", "xlsx", "--out", str(out_file)]) == 0
    from openpyxl import load_workbook

    book = load_workbook(out_file)
    assert book.sheetnames == ["report", "dayclose", "fees", "banks"]
    fees = {(r[0], r[1]): r[2] for r in book["fees"].iter_rows(min_row=3, values_only=True)}
    assert fees[("fees", "cash_yuan")] == "60.00" and fees[("fees.waived", "elderly")] == 1
    assert fees[("fees.refunded", "cash_yuan")] == "20.00"
    banks = {r[1]: r[2] for r in book["banks"].iter_rows(min_row=3, values_only=True)}
    assert banks["103.expected_on_hand"] == 16 and banks["102.issued_today"] == 4
    assert main(["dayclose", "show", "--date", "2025-03-09"]) != 0  # not closed


def test_the_export_rows_of_fees_banks_and_ratings_in_csv_and_pdf(fresh_store, tmp_path):
    _ids, gw, clock = seed(fresh_store)
    close = DayCloseService(fresh_store, SETTINGS, tz=TZ, clock=clock, gateway=lambda: gw).close(
        supervisor(clock), 39, DAY, cash_counted_fen=3500)
    rows = report_export.dayclose_rows(close, SETTINGS)
    text = report_export.to_csv(rows)
    assert "fees,cash_counted_yuan,35.00,2025-03-10" in text and "fees,reconciles,no,2025-03-10" in text
    assert "fees.problem,zh,现金短款 5.00 元：实点 35.00 元，应有 40.00 元。,2025-03-10" in text
    assert "bank,102.expected_on_hand,23,中国工商银行" in text
    assert report_export.write_pdf(rows, tmp_path / "close.pdf", "日结 2025-03-10").stat().st_size > 1000
