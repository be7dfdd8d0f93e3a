"""Blank card stock per co-issuing bank: batches received per bank (batch number, chip type, vendor), cards taken
from the applicant's bank's stock, the reconciliation and the day's totals split by bank, over a seeded history."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from counter_app.cli import main
from counter_app.services.auth import Role, Session
from counter_app.services.reports import BankTotals, ReportService
from counter_app.services.stock import BankStockStatus, StockProblem, StockService
from counter_app.settings import Settings
from counter_app.store.bank_accounts import BankAccountRepository
from counter_app.store.stock import UNRECORDED_NOTE, StockRepository
from tests.reports.history import DAY, TZ, Clock, write_history

NOW = dt.datetime(2025, 3, 10, 18, 0, tzinfo=TZ)
BOSS = Session(None, "boss", Role.SUPERVISOR, "C01", NOW, NOW, idle_limit=dt.timedelta(days=3650), clock=lambda: NOW)
SETTINGS = Settings(None)  # the default banks: 102 ICBC, 103 ABC, 105 CCB


def _stock(store, settings=SETTINGS):
    return StockService(store, settings, clock=lambda: NOW)


def test_a_batch_is_received_for_one_bank_with_its_batch_number_chip_type_and_vendor(fresh_store):
    batch = _stock(fresh_store).receive(BOSS, 200, note="DN-7", bank_code="103", batch_number="2025-0310-01",
                                       chip_type="FM1280", vendor="恒宝")
    assert (batch.bank_code, batch.batch_number, batch.chip_type, batch.vendor) == ("103", "2025-0310-01",
                                                                                   "FM1280", "恒宝")
    assert _stock(fresh_store).status(BOSS).batches == [batch]


def test_the_bank_is_required_when_banks_are_configured_and_must_be_one_of_them(fresh_store):
    with pytest.raises(StockProblem) as err:
        _stock(fresh_store).receive(BOSS, 10)
    assert err.value.problem.code == "stock.bank_required" and "102 中国工商银行" in err.value.message("zh")
    with pytest.raises(StockProblem) as err:
        _stock(fresh_store).receive(BOSS, 10, bank_code="999")
    assert err.value.problem.code == "stock.unknown_bank" and "999" in err.value.message("en")
    assert _stock(fresh_store, Settings(None, {"banks.list": []})).receive(BOSS, 10).bank_code is None
    assert _stock(fresh_store).status(BOSS).received == 10  # the refused ones recorded nothing


def _seeded(store):
    """The reports' history (15 issued, 1 spoiled, 1 cancelled with its card) with these banks: 102 took 12 cards
    (10 from its first batch of 10, 2 from the second), 103 took 3, 105 took one though no delivery of 105 was
    entered, one issued card has no known bank; a batch of 5 received before banks."""
    ids = write_history(store, Clock())
    stock = _stock(store)
    first = stock.receive(BOSS, 10, bank_code="102", batch_number="A")
    second = stock.receive(BOSS, 20, bank_code="102", batch_number="B")
    abc = stock.receive(BOSS, 15, bank_code="103", batch_number="C")
    StockService(store, clock=lambda: NOW).receive(BOSS, 5, note="before banks")
    issued = ids["issued"]  # 10 of DAY, then 4 of the day before
    taken = [stock.take_card(i, "102") for i in issued[:11] + ids["cancelled_with_card"]]
    assert taken == [first.id] * 10 + [second.id] * 2
    assert [stock.take_card(i, "103") for i in issued[11:13] + ids["spoiled"]] == [abc.id] * 3
    assert stock.take_card(issued[0], "103") == first.id  # once per issuance: a retry keeps its card
    unrecorded = stock.take_card(issued[13], "105")
    assert StockRepository(store.db).batch(unrecorded).count == 0
    return ids


def test_reconciliation_by_bank_adds_up_to_the_whole_stock(fresh_store):
    _seeded(fresh_store)
    lines = _stock(fresh_store).reconcile_by_bank(BOSS)
    figures = {line.bank_code: (line.received, line.used, line.spoiled, line.expected_on_hand) for line in lines}
    assert figures == {"102": (30, 11, 1, 18), "103": (15, 2, 1, 12), "105": (0, 1, 0, -1), None: (5, 1, 0, 4)}
    assert [line.bank_name for line in lines] == ["中国工商银行", "中国农业银行", "中国建设银行", ""]
    assert [b.batch_number for b in lines[0].batches] == ["A", "B"]
    assert [(b.count, b.note) for b in lines[2].batches] == [(0, UNRECORDED_NOTE)]  # 105: taken, never entered
    total = _stock(fresh_store).status(BOSS)
    assert (total.received, total.used, total.spoiled, total.expected_on_hand) == (50, 15, 2, 33)
    assert sum(line.expected_on_hand for line in lines) == total.expected_on_hand
    assert isinstance(lines[0], BankStockStatus) and json.dumps(lines[0].as_dict())


def test_the_days_totals_split_by_bank(fresh_store):
    _seeded(fresh_store)
    reports = ReportService(fresh_store, SETTINGS, tz=TZ, clock=lambda: NOW)
    lines = reports.by_bank(BOSS, DAY)
    assert lines == [BankTotals("102", "中国工商银行", 10, 0, 0), BankTotals("103", "中国农业银行", 0, 1, 0),
                     BankTotals("105", "中国建设银行", 0, 0, 0), BankTotals(None, "", 1, 0, 0)]
    daily = reports.compute_daily(DAY)
    assert sum(line.issued for line in lines) == daily.issued and sum(line.spoiled for line in lines) == daily.spoiled
    week = reports.compute_by_bank(DAY - dt.timedelta(days=1), DAY)
    assert [(line.bank_code, line.issued) for line in week] == [("102", 11), ("103", 2), ("105", 1), (None, 1)]


def test_the_stock_command_line_receives_per_bank_and_reconciles_by_bank(capsys):
    assert main(["stock", "receive", "--count", "40", "--bank", "105", "--batch", "B-9", "--chip-type", "THC20",
                 "--vendor", "华大", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert (got["bank_code"], got["batch_number"], got["chip_type"], got["vendor"]) == ("105", "B-9", "THC20", "华大")
    assert main(["stock", "receive", "--count", "40", "--json"]) != 0
    assert main(["stock", "receive", "--count", "40", "--bank", "999"]) != 0
    assert "999" in capsys.readouterr().err
    assert main(["stock", "status", "--by-bank", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["total"]["received"] == 40
    assert [(line["bank_code"], line["received"]) for line in status["by_bank"]] == [("102", 0), ("103", 0),
                                                                                     ("105", 40)]
    assert main(["--lang", "en", "stock", "status", "--by-bank"]) == 0
    assert "105 中国建设银行: received 40" in capsys.readouterr().out


def test_an_issuance_known_only_by_the_account_on_its_chip_counts_for_that_bank(fresh_store):
    ids = write_history(fresh_store, Clock())
    with fresh_store.transaction() as db:
        BankAccountRepository(db).record(ids["reprinted"][0], "105", "6217001234567890123")
    lines = ReportService(fresh_store, SETTINGS, tz=TZ, clock=lambda: NOW).compute_by_bank(DAY)
    assert [(line.bank_code, line.issued) for line in lines] == [("102", 0), ("103", 0), ("105", 1), (None, 10)]
