"""`counter-app report daily|year` and `counter-app stock receive|count|status`, as the local operator."""

from __future__ import annotations

import json
import time

import pytest

from counter_app.cli import main
from counter_app.paths import AppPaths
from counter_app.store.database import open_store

from .history import write_history


@pytest.fixture(autouse=True)
def _china_time(monkeypatch):
    """The history is written in UTC+8 and the command line reports the machine's local days."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def history(clock):
    with open_store(AppPaths.resolve()) as store:
        return write_history(store, clock)


def test_daily_json_has_the_day_and_its_totals(history, capsys):
    assert main(["report", "daily", "--date", "2025-03-10", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["date"] == "2025-03-10" and report["issued"] == 11 and report["spoiled"] == 1
    assert report["by_state"]["cancelled"] == 2 and report["by_clerk"]["clerk-b"]["issued"] == 3


def test_daily_csv_and_xlsx_files(history, tmp_path, capsys):
    assert main(["report", "daily", "--date", "2025-03-10", "--format", "csv", "--out", str(tmp_path / "d.csv")]) == 0
    assert "summary,issued,11," in (tmp_path / "d.csv").read_text(encoding="utf-8-sig")
    assert main(["report", "daily", "--date", "2025-03-10", "--format", "xlsx", "--out", str(tmp_path / "d.xlsx")]) == 0
    assert (tmp_path / "d.xlsx").stat().st_size > 0


def test_year_json(history, capsys):
    assert main(["report", "year", "--year", "2025", "--json"]) == 0
    view = json.loads(capsys.readouterr().out)
    assert view["all_cards"] == 15 and view["new_ssc3"] == 13
    assert view["cards_progress"]["target"] == 120000


def test_stock_receive_count_and_status(history, capsys):
    assert main(["stock", "receive", "--count", "50", "--bank", "102", "--json"]) == 0
    assert main(["stock", "status", "--json"]) == 0
    capsys.readouterr()
    assert main(["stock", "count", "--counted", "30", "--json"]) == 1  # differs: exit 1, still recorded
    count = json.loads(capsys.readouterr().out)
    assert (count["expected"], count["difference"]) == (33, -3)
    assert main(["stock", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["last_count"]["difference"] == -3 and status["expected_on_hand"] == 33
