"""``counter-app db migrate|check``: create and upgrade the database, inspect it, fail clearly."""

from __future__ import annotations

import json
import sqlite3
import sys
import types

import pytest

from counter_app.cli import db as db_commands
from counter_app.cli import main
from counter_app.store.schema import latest_version


@pytest.fixture(autouse=True)
def only_the_db_commands(monkeypatch):
    """The command line with just the ``db`` group, independent of the other groups' state."""
    monkeypatch.setitem(sys.modules, "counter_app.cli.commands", types.SimpleNamespace(MODULES=[db_commands]))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_migrate_creates_the_database_and_reports_the_version(tmp_path, capsys):
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "db", "migrate", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["schema_version"] == latest_version()
    assert [m["version"] for m in report["applied"]] == list(range(1, latest_version() + 1))
    assert (tmp_path / "counter.sqlite3").is_file()


def test_migrate_again_applies_nothing(tmp_path, capsys):
    run(capsys, "--data-dir", str(tmp_path), "db", "migrate")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "db", "migrate", "--json")
    assert code == 0 and json.loads(out)["applied"] == []
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "--lang", "en", "db", "migrate")
    assert code == 0 and "up to date" in out


def test_check_of_a_healthy_database_passes(tmp_path, capsys):
    run(capsys, "--data-dir", str(tmp_path), "db", "migrate")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "db", "check", "--json")
    report = json.loads(out)
    assert code == 0
    assert report["ok"] is True and report["integrity"] == "ok"
    assert report["schema_version"] == report["expected_version"] == latest_version()


def test_check_without_a_database_says_how_to_create_one(tmp_path, capsys):
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "--lang", "en", "db", "check")
    assert code == 1
    assert "db migrate" in out
    assert not (tmp_path / "counter.sqlite3").exists()  # check never creates the file


def test_check_reports_a_database_newer_than_the_program(tmp_path, capsys):
    run(capsys, "--data-dir", str(tmp_path), "db", "migrate")
    with sqlite3.connect(tmp_path / "counter.sqlite3") as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01T00:00:00.000000Z')")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "db", "check", "--json")
    assert code == 1 and json.loads(out)["schema_version"] == 99


@pytest.mark.parametrize("command", ["migrate", "check"])
def test_a_file_that_is_not_a_database_gives_a_clear_message(tmp_path, capsys, command):
    (tmp_path / "counter.sqlite3").write_bytes(b"this is a spreadsheet, not a database\n" * 200)
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "db", command)
    assert code == 1
    assert "Traceback" not in out + err
    assert "数据库文件" in out + err and "损坏" in out + err


def test_a_damaged_database_fails_the_check(tmp_path, capsys):
    run(capsys, "--data-dir", str(tmp_path), "db", "migrate")
    path = tmp_path / "counter.sqlite3"
    data = bytearray(path.read_bytes())
    page = 4096
    data[2 * page: 6 * page] = b"\xa5" * (4 * page)  # scribble over schema and table pages
    path.write_bytes(bytes(data))
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "--lang", "en", "db", "check", "--json")
    assert code == 1
    assert json.loads(out)["ok"] is False
    assert "Traceback" not in err
