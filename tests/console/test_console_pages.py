"""Each console page renders the seeded district's figures: the sums the counters' own daily reports show (counted
by hand in tests/console/seed.py), the silent counter red, the targets, the coverage, the stock and exceptions."""

from __future__ import annotations

import re

import pytest

from central_ledger.console.routes import PAGES


def cells(html: str, table: str) -> list[list[str]]:
    """The text of each body row of the table ``data-table=table``."""
    block = re.search(rf'<table class="figures" data-table="{table}">(.*?)</table>', html, re.S)
    assert block, f"no table {table}"
    body = block.group(1).split("<tbody>")[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def row_of(rows: list[list[str]], first: str) -> list[str]:
    return next(r for r in rows if first in r)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_for_the_admin(as_role, page):
    r = as_role("admin").get(f"/console/{page}")
    assert r.status_code == 200
    assert "<nav" in r.text and 'class="active"' in r.text


def test_today_shows_the_days_sums_per_district_hall_and_counter(as_role, expected):
    html = as_role("admin").get(f"/console/today?date={expected.day.isoformat()}").text
    d = expected.district
    tiles = dict(re.findall(r'<div class="label">(.*?)</div><div class="value">(.*?)</div>', html))
    assert tiles["发卡"] == str(d["cards_issued"])
    assert tiles["三代卡（新办+换代）"] == str(d["third_generation"])
    assert tiles["废卡"] == str(d["spoiled"]) and tiles["补打"] == str(d["reprints"])
    assert tiles["办理中"] == str(d["in_progress"])
    assert tiles["异常"] == str(expected.exceptions["spoiled"] + expected.exceptions["reprinted"])
    avg = int(d["average_issuance_seconds"] + 0.5)
    assert tiles["平均用时"] == f"{avg // 60} 分 {avg % 60:02d} 秒"
    columns = ("cards_issued", "third_generation", "spoiled", "reprints")
    for cid, figures in expected.by_counter.items():
        row = row_of(cells(html, "by_counter"), cid)
        assert [int(x) for x in row[3:7]] == [figures[k] for k in columns], cid
        assert int(row[8]) == figures["cancelled"] and int(row[9]) == figures["in_progress"]
    for hall, name in (("H1", "城区服务大厅"), ("H2", "东城服务大厅")):
        row = row_of(cells(html, "by_hall"), name)
        assert [int(x) for x in row[1:5]] == [expected.by_hall[hall][k] for k in columns]
    types = dict((r[0], int(r[1])) for r in cells(html, "by_type"))
    assert types == {"新办": 4, "补换": 4, "到期换卡": 1, "换代（二代换三代）": 2}


def test_an_earlier_day_has_other_figures_and_a_bad_date_is_a_400(as_role):
    client = as_role("admin")
    assert client.get("/console/today?date=2025-06-01").status_code == 200
    r = client.get("/console/today?date=yesterday")
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text


def test_the_board_shows_the_silent_counter_red_and_why(as_role, expected):
    html = as_role("admin").get("/console/counters").text
    rows = cells(html, "counters")
    for cid, light in expected.lights.items():
        assert row_of(rows, cid)[0] == {"green": "正常", "amber": "注意", "red": "故障"}[light], cid
    assert "20 分钟未同步" in row_of(rows, "C003")[4]
    assert rows[0][1] == "C003"  # red first
    assert '<meta http-equiv="refresh" content="60">' in html


def test_targets_show_the_year_to_date_and_the_chart_series(as_role, expected):
    html = as_role("admin").get("/console/targets").text
    rows = cells(html, "targets")
    third, every = row_of(rows, "三代卡（新办+换代）"), row_of(rows, "全部发卡")
    assert third[1] == "70,000" and every[1] == "120,000"
    assert int(third[2].replace(",", "")) == expected.year_third_generation
    assert int(every[2].replace(",", "")) == expected.year_issued
    assert '/console/static/vendor/echarts.min.js' in html
    assert '"cumulative' not in html  # the series carry points, named in the page's language
    assert "累计完成" in html and "目标线" in html and "预计" in html


def test_coverage_per_township_from_the_population_table(as_role, expected):
    html = as_role("admin").get("/console/coverage").text
    rows = cells(html, "coverage")
    town = row_of(rows, "城关镇")
    third = expected.active_by_township["420302001"]
    assert int(town[2].replace(",", "")) == 1000
    assert int(town[4]) == third
    holders = int(town[6].replace(",", ""))
    assert holders <= 1000 and town[7] == f"{holders / 1000 * 100:.2f}%"
    assert row_of(rows, "未知乡镇")[4] == str(expected.active_by_township[None])
    assert 'action="/console/coverage/population"' in html  # the admin's upload form


def test_stock_shows_the_differences_it_found(as_role):
    rows = cells(as_role("admin").get("/console/stock").text, "stock")
    c003 = row_of(rows, "C003 东城 1 号窗口")
    assert c003[7] == "-2"  # on hand two short of received − used − spoiled
    assert row_of(rows, "C001 城区 1 号窗口")[7] == "0"


def test_exceptions_list_the_days_spoiled_and_reprinted(as_role, expected):
    rows = cells(as_role("admin").get(f"/console/exceptions?date={expected.day}").text, "exceptions")
    kinds = sorted(r[1] for r in rows)
    assert kinds == ["废卡", "补打"]


def test_a_hall_without_targets_of_its_own_shows_none(as_role):
    html = as_role("sup1").get("/console/targets").text
    assert "本大厅未设年度目标" in html
    assert "70,000" not in html  # the district's target is not shown as the hall's
