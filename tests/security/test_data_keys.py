"""Where the data key lives: the OS key store when there is one, else a file only the app's user reads."""

from __future__ import annotations

import json
import stat

import pytest

from counter_app.store import datakeys
from counter_app.store.datakeys import KeyDirectory, KeyFileError, KeyProtection


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_without_a_key_store_the_key_file_is_private(store, paths):
    keys_file = paths.keys_dir / datakeys.DATA_KEYS_FILE
    assert _mode(paths.keys_dir) == 0o700
    assert _mode(keys_file) == 0o600
    assert _mode(paths.keys_dir / datakeys.INDEX_KEY_FILE) == 0o600
    assert json.loads(keys_file.read_text())["protection"] == "file"


def test_a_key_file_made_readable_is_tightened_again(store, paths):
    keys_file = paths.keys_dir / datakeys.DATA_KEYS_FILE
    keys_file.chmod(0o644)
    KeyDirectory(paths.keys_dir).load()
    assert _mode(keys_file) == 0o600


class MemoryKeyring:
    """A usable OS key store, in memory (keyring's backend interface, the part we call)."""

    priority = 5

    def __init__(self):
        self.entries = {}

    def set_password(self, service, name, value):
        self.entries[(service, name)] = value

    def get_password(self, service, name):
        return self.entries.get((service, name))


def test_with_a_key_store_the_file_holds_only_a_wrapped_key(tmp_path, monkeypatch):
    ring = MemoryKeyring()
    monkeypatch.setattr(datakeys, "usable_keyring", lambda: ring)
    directory = KeyDirectory(tmp_path / "keys")
    keys = directory.load()
    assert keys.protection is KeyProtection.KEYRING
    doc = json.loads(directory.data_keys_file.read_text())
    assert keys.active.material.hex() not in directory.data_keys_file.read_text()
    assert len(ring.entries) == 1 and doc["kek_name"].startswith("data-kek:")
    assert KeyDirectory(tmp_path / "keys").load().active == keys.active  # opens again

    ring.entries.clear()  # the key store lost the wrapping key: say so, never invent a new one
    with pytest.raises(KeyFileError):
        KeyDirectory(tmp_path / "keys").load()


def test_the_headless_machine_has_no_usable_key_store(monkeypatch):
    monkeypatch.setenv("COUNTER_APP_KEYRING", "off")
    assert datakeys.usable_keyring() is None


def test_a_missing_index_key_is_created_with_a_warning(tmp_path, caplog):
    KeyDirectory(tmp_path / "keys").load()
    assert "district index key" in caplog.text
