"""The applicant's phone over real HTTP (``central-ledger serve`` on loopback): the QR link opens a page with the
amount and a 支付 button whose form pays the order; a wrong token, a paid, cancelled or expired order refused.
The CLI pays and lists orders for demonstrations."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx
import pytest

from tests.ledger.cardmgmt_support import ORDERS
from tests.ledger.conftest import run_cli, start_server
from tests.ledger.signing import CounterKey

ORDER = {"order_id": "0B6C1C8E2F5E4A57-1", "amount_fen": 2050, "subject": "社保卡补换卡费 0B6C1C8E2F5E4A57"}


class Form(HTMLParser):
    """The page's form: its method, action and button."""

    def __init__(self):
        super().__init__()
        self.form: dict | None = None
        self.buttons: list[str] = []
        self._in_button = False

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.form = dict(attrs)
        self._in_button = tag == "button"

    def handle_data(self, data):
        if self._in_button and data.strip():
            self.buttons.append(data.strip())


def _serve(tmp_path, db_url, *args):
    server = start_server(db_url, tmp_path / "server.log", *args)
    token = json.loads(run_cli("counters", "add", "--db", db_url, "--id", "C001", "--name", "窗口", "--json").stdout)
    key = CounterKey("C001")
    assert httpx.post(f"{server.base_url}/v1/counters/register", json=key.registration(token["token"])).status_code \
        == 201
    return server, key


@pytest.fixture
def served(tmp_path, db_url):
    server, key = _serve(tmp_path, db_url, "--payment-timeout", "3")
    yield server, key
    server.process.terminate()
    server.process.wait(timeout=20)


def _order(server, key, **extra) -> dict:
    r = httpx.post(f"{server.base_url}{ORDERS}", json=key.signed(**{**ORDER, **extra}), timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_phone_opens_the_link_presses_pay_and_the_counter_sees_it_paid(served):
    server, key = served
    order = _order(server, key)
    assert order["qr_payload"].startswith(f"{server.base_url}/pay/{ORDER['order_id']}?t=")

    page = httpx.get(order["qr_payload"], timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "¥20.50" in page.text and ORDER["subject"] in page.text
    form = Form()
    form.feed(page.text)
    assert form.form["method"] == "post" and form.buttons == ["支付"]

    paid = httpx.post(urljoin(order["qr_payload"], form.form["action"]), data={"pay": "1"}, timeout=30)
    assert paid.status_code == 200 and "支付成功" in paid.text

    status = httpx.post(f"{server.base_url}{ORDERS}/status", json=key.signed(order_id=ORDER["order_id"]),
                        timeout=30).json()
    assert status["status"] == "paid" and status["paid_at"]
    again = httpx.post(order["qr_payload"], timeout=30)
    assert again.status_code == 409  # paid once only


def test_a_wrong_token_or_an_unknown_order_is_refused(served):
    server, key = served
    order = _order(server, key)
    wrong = re.sub(r"t=.*$", "t=not-the-token", order["qr_payload"])
    assert httpx.get(wrong, timeout=30).status_code == 403
    assert httpx.post(wrong, timeout=30).status_code == 403
    assert httpx.get(f"{server.base_url}/pay/NOPE-1?t=abc", timeout=30).status_code == 404
    assert httpx.get(f"{server.base_url}/pay/{ORDER['order_id']}", timeout=30).status_code == 422  # no token


def test_an_expired_order_cannot_be_paid(served):
    server, key = served
    order = _order(server, key)
    deadline = time.monotonic() + 60
    while httpx.post(f"{server.base_url}{ORDERS}/status", json=key.signed(order_id=ORDER["order_id"]),
                     timeout=30).json()["status"] != "expired":  # --payment-timeout 3: a bounded wait
        assert time.monotonic() < deadline, "the order never expired"
        time.sleep(0.2)
    page = httpx.get(order["qr_payload"], timeout=30)
    form = Form()
    form.feed(page.text)
    assert page.status_code == 200 and form.form is None and form.buttons == [] and "过期" in page.text
    assert httpx.post(order["qr_payload"], timeout=30).status_code == 410


def test_the_cli_pays_and_lists_orders(served):
    server, key = served
    _order(server, key)
    listed = run_cli("payment", "list", "--db", server.db, "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["order_id"], row["status"], row["counter_id"]) == (ORDER["order_id"], "pending", "C001")
    paid = run_cli("payment", "pay", ORDER["order_id"], "--db", server.db)
    assert paid.returncode == 0, paid.stderr
    assert "paid" in paid.stdout
    status = httpx.post(f"{server.base_url}{ORDERS}/status", json=key.signed(order_id=ORDER["order_id"]),
                        timeout=30).json()
    assert status["status"] == "paid"
    again = run_cli("payment", "pay", ORDER["order_id"], "--db", server.db, "--json")
    assert again.returncode == 1 and json.loads(again.stdout)["error"] == "order_not_pending"
    unknown = run_cli("payment", "pay", "NOPE-1", "--db", server.db)
    assert unknown.returncode == 1 and "NOPE-1" in unknown.stderr


def test_the_public_url_of_serve_is_the_base_of_the_qr_link(tmp_path, db_url):
    server, key = _serve(tmp_path, db_url, "--public-url", "https://ledger.example.gov.cn:8443/")
    try:
        assert _order(server, key)["qr_payload"].startswith(
            f"https://ledger.example.gov.cn:8443/pay/{ORDER['order_id']}?t=")
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)


@pytest.mark.parametrize("option", [["--payment-timeout", "0"], ["--public-url", "ledger.example.gov.cn"]])
def test_serve_refuses_a_bad_payment_option(tmp_path, option):
    r = run_cli("serve", "--db", str(tmp_path / "l.sqlite3"), "--port", "1", *option)
    assert r.returncode == 2 and option[0] in r.stderr
