"""The console over the ledger on PostgreSQL (the production engine): every page and export renders the seeded
figures there too (the session's throwaway cluster of tests/pg.py; missing PostgreSQL fails under CI)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from central_ledger.app import create_app
from central_ledger.console.routes import PAGES
from central_ledger.context import ConsoleOptions
from central_ledger.storage import Storage
from tests.console.conftest import NOW, Clock, sign_in
from tests.console.seed import BEIJING, Expected, seed
from tests.console.test_console_pages import cells


@pytest.fixture(scope="module")
def pg_seeded(pg_cluster) -> Iterator[tuple[Storage, Expected]]:
    storage = Storage.open(pg_cluster.create_database())
    expected = seed(storage, NOW, BEIJING)
    yield storage, expected
    storage.close()


@pytest.fixture
def admin(pg_seeded) -> Iterator[TestClient]:
    app = create_app(pg_seeded[0], clock=Clock(NOW), timezone=BEIJING, console=ConsoleOptions())
    with TestClient(app, base_url="https://testserver") as c:
        yield sign_in(c, "admin")


def test_every_page_and_export_on_postgresql(admin):
    for page in PAGES:
        assert admin.get(f"/console/{page}").status_code == 200, page
        assert admin.get(f"/console/export/{page}.xlsx").status_code == 200, page


def test_the_days_figures_on_postgresql(admin, pg_seeded):
    expected = pg_seeded[1]
    html = admin.get(f"/console/today?date={expected.day}").text
    tiles = dict(re.findall(r'<div class="label">(.*?)</div><div class="value">(.*?)</div>', html))
    assert int(tiles["发卡"]) == expected.district["cards_issued"]
    assert int(tiles["三代卡（新办+换代）"]) == expected.district["third_generation"]
    for cid, figures in expected.by_counter.items():
        row = next(r for r in cells(html, "by_counter") if r[0] == cid)
        assert int(row[3]) == figures["cards_issued"]
    board = {r[1]: r[0] for r in cells(admin.get("/console/counters").text, "counters")}
    assert board == {"C001": "正常", "C002": "注意", "C003": "故障"}
