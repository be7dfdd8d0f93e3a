"""The district admin replaces the population table from the coverage page (multipart upload with the CSRF token):
a good CSV or XLSX replaces it and the coverage follows; a bad row is refused with its row number and nothing
changes."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook

from tests.console.conftest import csrf_of


def upload(client, name: str, content: bytes, kind: str = "text/csv"):
    token = csrf_of(client.get("/console/coverage").text)
    return client.post("/console/coverage/population", data={"csrf_token": token},
                       files={"file": (name, content, kind)})


def residents_of(html: str, township: str) -> str:
    row = re.search(rf"<td[^>]*>{township}</td>\s*<td[^>]*>([\d,]+)</td>", html)
    assert row, township
    return row.group(1)


def test_a_bad_row_is_refused_with_its_number_and_nothing_changes(as_role):
    client = as_role("admin")
    bad = "乡镇代码,乡镇名称,常住人口\n420302001,城关镇,1200\n420302002,东城街道,很多\n".encode()
    r = upload(client, "人口.csv", bad)
    assert r.status_code == 400
    assert "导入被拒绝" in r.text and "第 3 行" in r.text
    assert residents_of(client.get("/console/coverage").text, "城关镇") == "1,000"


def test_a_csv_with_chinese_headers_and_a_bom_replaces_the_table(as_role):
    client = as_role("admin")
    good = "\ufeff乡镇代码,乡镇名称,常住人口,二代卡持卡人数\n420302001,城关镇,1200,700\n420302009,新区,300,0\n"
    r = upload(client, "人口普查.csv", good.encode("utf-8"))
    assert r.status_code == 200, r.text
    assert "已导入 2 个乡镇" in r.text
    html = client.get("/console/coverage").text
    assert residents_of(html, "城关镇") == "1,200" and residents_of(html, "新区") == "300"
    assert "北郊镇" not in html


def test_an_xlsx_is_accepted_too(as_role):
    book = Workbook()
    sheet = book.active
    sheet.append(["township_code", "township_name", "residents", "second_generation_holders"])
    sheet.append(["420302001", "城关镇", 1000, 600])
    sheet.append(["420302002", "东城街道", 800, 500])
    buf = io.BytesIO()
    book.save(buf)
    client = as_role("admin")
    r = upload(client, "population.xlsx", buf.getvalue(),
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert r.status_code == 200, r.text
    assert residents_of(client.get("/console/coverage").text, "东城街道") == "800"


def test_the_refusal_in_english(as_role):
    client = as_role("admin")
    client.get("/console/coverage?lang=en")
    r = upload(client, "p.csv", b"township_code,township_name,residents\nabc,x,1\n")
    assert r.status_code == 400
    assert "row 2" in r.text and "Import refused" in r.text
