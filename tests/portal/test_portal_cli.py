"""``citizen-portal serve``'s refusals before it listens: exit 2 with a message naming the problem."""

from __future__ import annotations

import pytest

from citizen_portal.cli import main


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "seal.key"
    path.write_text("ab" * 32 + "\n")
    return path


def test_no_database(monkeypatch, key, capsys):
    monkeypatch.delenv("CENTRAL_LEDGER_DB", raising=False)
    assert main(["serve", "--seal-key-file", str(key), "--sms-file", "x.jsonl"]) == 2
    assert "--db" in capsys.readouterr().err


def test_a_bad_or_missing_seal_key(tmp_path, capsys):
    bad = tmp_path / "bad.key"
    bad.write_text("short")
    for path in (bad, tmp_path / "none.key"):
        assert main(["serve", "--db", str(tmp_path / "l.sqlite3"), "--seal-key-file", str(path),
                     "--sms-file", "x.jsonl"]) == 2
        assert "seal key" in capsys.readouterr().err


def test_no_sms_gateway_or_a_plain_http_one(tmp_path, key, capsys):
    assert main(["serve", "--db", str(tmp_path / "l.sqlite3"), "--seal-key-file", str(key)]) == 2
    assert "--sms-file" in capsys.readouterr().err
    (tmp_path / "sms.key").write_text("k")
    assert main(["serve", "--db", str(tmp_path / "l.sqlite3"), "--seal-key-file", str(key),
                 "--sms-url", "http://sms.example.com/send", "--sms-key-file", str(tmp_path / "sms.key")]) == 2
    assert "https" in capsys.readouterr().err


def test_an_unknown_time_zone(tmp_path, key, capsys):
    assert main(["serve", "--db", str(tmp_path / "l.sqlite3"), "--seal-key-file", str(key), "--sms-file",
                 "x.jsonl", "--timezone", "Mars/Olympus"]) == 2
    assert "time zone" in capsys.readouterr().err


def test_an_unusable_database_url(tmp_path, key, capsys):
    assert main(["serve", "--db", "mysql://x", "--seal-key-file", str(key), "--sms-file", "x.jsonl"]) == 2
    assert "unsupported database URL" in capsys.readouterr().err
