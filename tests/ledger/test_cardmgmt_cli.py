"""The admin's card-management commands: ``person add`` (blind indexes given, or computed from the ID number and
name with the district key exactly as the counter computes them; a photo on file), ``person mark-deceased``,
``person show``, ``banks list|add`` and ``bank activated``, with the CLI's exit codes."""

from __future__ import annotations

import json

import pytest

from central_ledger.cardmgmt import CardManagementSystem
from tests.ledger.cardmgmt_support import COMPLETION, PERSON, PREOPEN, account, ask, completion
from tests.ledger.conftest import run_cli

ID_NUMBER, NAME = "42130319900307001X", "王小明"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"


@pytest.fixture
def index_key_file(tmp_path):
    """The district index key as the counter holds it (configured for this test's counter code)."""
    from counter_app.store import sealing
    from counter_app.store.datakeys import INDEX_KEY_FILE

    sealing.configure_for(tmp_path / "counter-keys")
    return tmp_path / "counter-keys" / INDEX_KEY_FILE


def _json(result) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_person_add_computes_the_counters_blind_indexes(db_url, index_key_file, tmp_path):
    from counter_app.store.sealing import name_index, person_index

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(JPEG)
    typed = " ４２１３０３１９９００３０７００１ｘ "  # full-width digits, a lower-case x: one normaliser
    person = _json(run_cli("person", "add", "--db", db_url, "--id-number", typed, "--name", NAME,
                           "--index-key-file", str(index_key_file), "--photo", str(photo), "--json"))
    assert person["person_index"] == person_index(ID_NUMBER) and person["name_index"] == name_index(NAME)
    assert person["photo_on_file"] is True and person["created"] is True
    shown = _json(run_cli("person", "show", "--db", db_url, "--id-number", ID_NUMBER,
                          "--index-key-file", str(index_key_file), "--json"))
    assert shown["person_index"] == person_index(ID_NUMBER)
    assert ID_NUMBER not in json.dumps(shown)  # the number is used, never kept


def test_person_add_by_index_and_mark_deceased(db_url, storage, counter, client):
    added = run_cli("person", "add", "--db", db_url, "--person-index", PERSON.upper(), "--name-index", "c" * 64)
    assert added.returncode == 0, added.stderr
    assert "registered" in added.stdout
    assert ask(client, counter, PERSON, "replacement", name_index="c" * 64)["answer"] == "0"
    dead = run_cli("person", "mark-deceased", "--db", db_url, "--person-index", PERSON)
    assert dead.returncode == 0, dead.stderr
    assert ask(client, counter, PERSON, "replacement") == {"answer": "4", "detail": "deceased"}
    assert CardManagementSystem(storage).person(PERSON)["deceased_at"]


@pytest.mark.parametrize("args", [
    ["--id-number", ID_NUMBER],                                   # no key file to compute the index with
    ["--person-index", "0" * 63],                                 # not 64 hex
    ["--person-index", PERSON, "--name", NAME],                   # a clear name goes with --id-number only
])
def test_person_add_usage_errors_exit_2(db_url, args):
    assert run_cli("person", "add", "--db", db_url, *args).returncode == 2


def test_a_bad_key_file_or_photo_is_refused(db_url, tmp_path):
    short = tmp_path / "short.key"
    short.write_bytes(b"\x01" * 16)
    r = run_cli("person", "add", "--db", db_url, "--id-number", ID_NUMBER, "--index-key-file", str(short))
    assert r.returncode == 2 and "index key" in r.stderr
    png = tmp_path / "p.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    r = run_cli("person", "add", "--db", db_url, "--person-index", PERSON, "--photo", str(png), "--json")
    assert r.returncode == 1 and json.loads(r.stdout)["error"] == "bad_photo"


def test_person_show_of_an_unknown_person_exits_1(db_url):
    assert run_cli("person", "show", "--db", db_url, "--person-index", PERSON).returncode == 1


def test_banks_list_and_add(db_url):
    codes = [b["code"] for b in _json(run_cli("banks", "list", "--db", db_url, "--json"))]
    assert codes == ["102", "103", "105"]
    added = _json(run_cli("banks", "add", "--db", db_url, "--code", "301", "--name", "交通银行", "--bin", "622260",
                          "--bin", "622262", "--json"))
    assert added == {"code": "301", "name": "交通银行", "bins": ["622260", "622262"]}
    text = run_cli("banks", "list", "--db", db_url)
    assert "301\t交通银行\tBIN 622260,622262" in text.stdout
    again = run_cli("banks", "add", "--db", db_url, "--code", "301", "--name", "x", "--bin", "622260", "--json")
    assert again.returncode == 1 and json.loads(again.stdout)["error"] == "bank_exists"
    assert run_cli("banks", "add", "--db", db_url, "--code", "302", "--name", "x", "--bin", "6a").returncode == 1


def test_bank_activated_records_the_financial_application(db_url, counter, client, storage):
    preopen_id = client.post(PREOPEN, json=counter.signed(request_id="preopen-iss-1", person_index=PERSON,
                                                          bank_code="102", issuance_id="iss-1")).json()["preopen_id"]
    assert client.post(COMPLETION, json=counter.signed(**completion(
        "iss-1", bank_account=account(), preopen_id=preopen_id))).status_code == 200
    done = _json(run_cli("bank", "activated", "--db", db_url, "--card-number", "L00000011", "--json"))
    assert done["application"] == "financial" and done["bank_code"] == "102"
    assert account() not in json.dumps(done)
    with storage.transaction() as tx:
        assert tx.one("SELECT activated_by FROM card_activations WHERE card_number = 'L00000011'") == \
            {"activated_by": "bank:102"}
    none = run_cli("bank", "activated", "--db", db_url, "--card-number", "L00000029")
    assert none.returncode == 1 and "L00000029" in none.stderr
