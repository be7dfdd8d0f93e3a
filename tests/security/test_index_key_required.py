"""Outside the demo and the tests, a counter without the district index key refuses to start.

A random index key (what the counter used to make silently) gives person indices no other counter
of the district shares, so duplicate detection across counters breaks without anybody noticing.
The technician installs the district's key with ``counter-app keys install-index --file F``.
"""

from __future__ import annotations

import pytest

from counter_app.cli import main
from counter_app.paths import AppPaths
from counter_app.store import datakeys
from counter_app.store.database import Store
from counter_app.store.datakeys import IndexKeyMissing, KeyDirectory


@pytest.fixture
def production(monkeypatch):
    """No test mode, no demo: what a counter in a district runs as."""
    monkeypatch.delenv("COUNTER_APP_TEST_MODE", raising=False)
    monkeypatch.setattr(datakeys, "_new_index_key_allowed", False)


@pytest.fixture
def counter(data_dir):
    return AppPaths.resolve(data_dir).ensure()


def test_the_store_does_not_open_without_the_index_key(production, counter):
    with pytest.raises(IndexKeyMissing) as refused:
        Store.open(counter.database)
    assert "keys install-index" in refused.value.message("zh")
    assert "keys install-index" in refused.value.message("en")
    assert not KeyDirectory(counter.keys_dir).index_key_file.exists()  # nothing made up
    assert not KeyDirectory(counter.keys_dir).data_keys_file.exists()  # nor any other key


def test_a_command_says_which_command_installs_it_without_a_traceback(production, counter, capsys):
    assert main(["--lang", "en", "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "district index key" in err and "counter-app keys install-index --file" in err
    assert "Traceback" not in err
    assert main(["audit", "verify"]) == 1
    assert "人员索引密钥" in capsys.readouterr().err


def test_the_gui_does_not_start_without_it(production, counter, capsys, monkeypatch):
    import counter_app.cli.gui as gui

    monkeypatch.setattr(gui, "run_gui", lambda args, ctx: pytest.fail("the GUI started"))
    assert main(["--lang", "en"]) == 1
    assert "keys install-index" in capsys.readouterr().err


def test_the_technician_installs_it_and_the_counter_starts(production, counter, tmp_path, capsys):
    issued = tmp_path / "district.key"
    issued.write_text("ab" * 32 + "\n")
    assert main(["--lang", "en", "keys", "install-index", "--file", str(issued)]) == 0
    assert KeyDirectory(counter.keys_dir).load_index_key(create=False) == bytes.fromhex("ab" * 32)
    assert main(["--lang", "en", "audit", "verify", "--local"]) == 0
    # a different key is never put over the installed one
    other = tmp_path / "other.key"
    other.write_bytes(b"\x01" * 32)
    capsys.readouterr()
    assert main(["--lang", "en", "keys", "install-index", "--file", str(other)]) == 1
    assert "not replaced" in capsys.readouterr().err
    assert KeyDirectory(counter.keys_dir).load_index_key(create=False) == bytes.fromhex("ab" * 32)


def test_a_malformed_key_file_is_refused(production, counter, tmp_path, capsys):
    bad = tmp_path / "bad.key"
    bad.write_text("not a key")
    assert main(["--lang", "en", "keys", "install-index", "--file", str(bad)]) == 1
    assert "64 hex characters" in capsys.readouterr().err
    assert not KeyDirectory(counter.keys_dir).index_key_file.exists()


def test_the_demo_may_still_make_one(production, counter, capsys):
    assert main(["--demo", "--lang", "en", "audit", "verify", "--local"]) == 0
    assert KeyDirectory(counter.keys_dir).index_key_file.exists()


def test_db_migrate_stops_before_any_step(production, counter, capsys):
    assert main(["--lang", "en", "db", "migrate"]) == 1
    err = capsys.readouterr().err
    assert "keys install-index" in err and "rolled back" not in err
    assert not counter.database.exists() or counter.database.stat().st_size == 0
