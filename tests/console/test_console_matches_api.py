"""The console and the JSON API answer the same figures under the same rights: the today page's tiles against
``GET /v1/district/summary`` with a bearer token, and the board's lights against ``GET /v1/district/counters``."""

from __future__ import annotations

import re

from central_ledger.console import auth
from tests.console.test_console_pages import cells


def test_the_today_page_and_the_summary_api_agree(app, as_role, expected):
    client = as_role("admin")
    ctx = app.state.context
    token = auth.directory(ctx).issue_token("admin", hours=1)
    api = client.get(f"/v1/district/summary?date={expected.day}", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200, api.text
    body = api.json()
    html = client.get(f"/console/today?date={expected.day}").text
    tiles = dict(re.findall(r'<div class="label">(.*?)</div><div class="value">(.*?)</div>', html))
    assert int(tiles["发卡"]) == body["cards_issued"] == expected.district["cards_issued"]
    assert int(tiles["三代卡（新办+换代）"]) == body["third_generation"] == expected.district["third_generation"]
    assert int(tiles["废卡"]) == body["spoiled"] and int(tiles["补打"]) == body["reprints"]
    for c in body["by_counter"]:
        row = next(r for r in cells(html, "by_counter") if r[0] == c["counter_id"])
        assert int(row[3]) == c["cards_issued"] and int(row[4]) == c["third_generation"]


def test_the_board_and_the_counters_api_agree_for_a_hall_supervisor(app, as_role):
    client = as_role("sup2")
    token = auth.directory(app.state.context).issue_token("sup2", hours=1)
    api = client.get("/v1/district/counters", headers={"Authorization": f"Bearer {token}"}).json()
    board = {r[1]: r[0] for r in cells(client.get("/console/counters").text, "counters")}
    lights = {"green": "正常", "amber": "注意", "red": "故障"}
    assert board == {c["counter_id"]: lights[c["light"]] for c in api["counters"]} == {"C003": "故障"}
    refused = client.get("/v1/district/counters?hall=H1", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403
    assert client.get("/console/counters?hall=H1").status_code == 403
