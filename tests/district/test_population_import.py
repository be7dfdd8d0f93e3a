"""``central-ledger population import``: CSV in UTF-8 with or without a BOM, English or Chinese headers, XLSX;
a bad row is refused with its row number and nothing of the file is imported (the table stays as it was)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from central_ledger.ledger import LedgerError
from central_ledger.population import import_population, population_rows

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "population.csv"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "central_ledger", *args], capture_output=True, text=True, cwd=REPO,
                          env=dict(os.environ), timeout=120)


def _table(storage):
    return [(r["township_code"], r["township_name"], r["residents"], r["second_generation_holders"])
            for r in population_rows(storage)]


def test_a_csv_with_a_bom_and_chinese_headers(storage, tmp_path):
    f = tmp_path / "人口.csv"
    f.write_bytes("\ufeff乡镇代码,乡镇名称,常住人口,二代卡持卡人数\r\n421303001,南郊街道,\"86,500\",80100\r\n"
                  "421303002,北郊街道,79200,\r\n\r\n".encode())
    result = import_population(storage, f, by="admin")
    assert (result.rows, result.residents, result.second_generation_holders) == (2, 165700, 80100)
    assert _table(storage) == [("421303001", "南郊街道", 86500, 80100), ("421303002", "北郊街道", 79200, 0)]
    with storage.transaction() as tx:
        audit = tx.one("SELECT username, action, detail FROM staff_audit WHERE action = 'population_import'")
    assert audit["username"] == "admin" and json.loads(audit["detail"])["rows"] == 2


def test_english_headers_without_bom_replace_the_table(storage, tmp_path):
    import_population(storage, DEMO)
    assert len(_table(storage)) == 8
    f = tmp_path / "p.csv"
    f.write_text("township_name,township_code,residents\n西城,421303009,1000\n", encoding="utf-8")
    result = import_population(storage, f)
    assert result.replaced == 8
    assert _table(storage) == [("421303009", "西城", 1000, 0)]


def test_an_xlsx(storage, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["乡镇代码", "乡镇名称", "常住人口", "二代卡持卡人数"])
    sheet.append([421303001, "南郊街道", 86500, 80100])  # codes typed as numbers, as Excel keeps them
    sheet.append(["421303002", "北郊街道", 79200.0, 73900])
    f = tmp_path / "population.xlsx"
    book.save(f)
    import_population(storage, f)
    assert _table(storage) == [("421303001", "南郊街道", 86500, 80100), ("421303002", "北郊街道", 79200, 73900)]


@pytest.mark.parametrize("bad_line, what", [
    ("42130300X,东城,100,0", "township code"),
    ("421303003,东城,很多,0", "whole number"),
    ("421303003,东城,100,200", "exceed"),
    ("421303001,重复,100,0", "repeats row 2"),
    (",东城,100,0", "township code"),
], ids=["code", "residents", "second-over-residents", "duplicate", "empty-code"])
def test_a_bad_row_is_refused_by_number_and_nothing_is_imported(storage, tmp_path, bad_line, what):
    import_population(storage, DEMO)
    before = _table(storage)
    f = tmp_path / "bad.csv"
    f.write_text(f"乡镇代码,乡镇名称,常住人口,二代卡持卡人数\n421303001,南郊街道,86500,80100\n{bad_line}\n",
                 encoding="utf-8")
    with pytest.raises(LedgerError) as refused:
        import_population(storage, f)
    assert refused.value.extra["row"] == 3
    assert "row 3" in refused.value.message and what in refused.value.message
    assert "第 3 行" in refused.value.message
    assert _table(storage) == before


def test_missing_column_and_not_utf8(storage, tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("乡镇代码,常住人口\n421303001,100\n", encoding="utf-8")
    with pytest.raises(LedgerError, match="township_name"):
        import_population(storage, f)
    f.write_bytes("乡镇代码,乡镇名称,常住人口\n421303001,南郊,100\n".encode("gb18030"))
    with pytest.raises(LedgerError, match="UTF-8"):
        import_population(storage, f)
    assert _table(storage) == []


def test_the_command_line(db_url, tmp_path):
    r = _cli("population", "import", str(DEMO), "--db", db_url, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["rows"] == 8
    bad = tmp_path / "bad.csv"
    bad.write_text("township_code,township_name,residents\n421303001,a,10\n421303002,b,-5\n", encoding="utf-8")
    r = _cli("population", "import", str(bad), "--db", db_url)
    assert r.returncode == 1 and "row 3" in r.stderr and "第 3 行" in r.stderr
    r = _cli("population", "show", "--db", db_url, "--json")
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 8
