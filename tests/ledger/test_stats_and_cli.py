"""The command line: counters add/list/disable and stats, run as the real `central-ledger` program."""

from __future__ import annotations

import json

import pytest

from tests.ledger.conftest import run_cli
from tests.ledger.signing import CounterKey, events


def test_counters_add_prints_a_one_time_token_as_json(db_url):
    r = run_cli("counters", "add", "--db", db_url, "--id", "C001", "--name", "一号窗口", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["counter_id"] == "C001"
    assert len(out["token"]) >= 32


def test_adding_a_counter_twice_is_refused(db_url):
    run_cli("counters", "add", "--db", db_url, "--id", "C001", "--name", "一号窗口")
    r = run_cli("counters", "add", "--db", db_url, "--id", "C001", "--name", "again")
    assert r.returncode == 1
    assert "C001" in r.stderr


def test_counters_list_and_disable(db_url):
    run_cli("counters", "add", "--db", db_url, "--id", "C001", "--name", "一号窗口")
    assert run_cli("counters", "disable", "--db", db_url, "--id", "C001").returncode == 0
    listed = json.loads(run_cli("counters", "list", "--db", db_url, "--json").stdout)
    assert [(c["counter_id"], c["status"]) for c in listed] == [("C001", "disabled")]


def test_disabling_an_unknown_counter_fails(db_url):
    assert run_cli("counters", "disable", "--db", db_url, "--id", "NOPE").returncode == 1


def test_stats_json_has_events_issuances_counters_and_last_contact(counter, client, db_url):
    client.post("/v1/events/batches", json=counter.signed(events=events(1, 3)))

    r = run_cli("stats", "--db", db_url, "--json")

    assert r.returncode == 0, r.stderr
    stats = json.loads(r.stdout)
    assert {"events", "issuances_by_state", "counters", "last_contact"} <= stats.keys()
    assert stats["events"] == 3
    assert stats["issuances_by_state"] == {"applicant_ok": 3}
    assert stats["counters"] == 1
    assert stats["last_contact"]["C001"] is not None


def test_a_bad_database_url_is_a_usage_error(tmp_path):
    r = run_cli("stats", "--db", "mysql://nowhere/ledger")
    assert r.returncode == 2
    assert "mysql" in r.stderr


@pytest.mark.parametrize("bad_id", ["", "a b", "x" * 65, "柜台"])
def test_counter_ids_are_plain_identifiers(db_url, bad_id):
    assert run_cli("counters", "add", "--db", db_url, "--id", bad_id, "--name", "n").returncode == 2


def test_the_counter_can_register_with_the_printed_token(db_url, storage, client):
    token = json.loads(run_cli("counters", "add", "--db", db_url, "--id", "C009", "--name", "n", "--json").stdout)
    r = client.post("/v1/counters/register", json=CounterKey("C009").registration(token["token"]))
    assert r.status_code == 201
