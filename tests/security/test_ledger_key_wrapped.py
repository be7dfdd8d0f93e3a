"""The counter's ledger signing key is kept like the data keys: wrapped by the key-encryption key of
the OS key store when there is one (else in a 0600 file, as the data keys are), and an old key file
in clear is wrapped on its first load. The audit key sits in the data-key file, wrapped the same way."""

from __future__ import annotations

import json
import stat

import pytest

from counter_app.crypto import sm2
from counter_app.store import datakeys
from counter_app.store.datakeys import KeyDirectory, KeyFileError
from counter_app.sync import keys
from tests.security.test_data_keys import MemoryKeyring


@pytest.fixture
def ring(monkeypatch):
    ring = MemoryKeyring()
    monkeypatch.setattr(datakeys, "usable_keyring", lambda: ring)
    return ring


def test_with_a_key_store_the_signing_key_file_holds_only_a_wrapped_key(tmp_path, ring):
    keys_dir = tmp_path / "keys"
    pair = keys.create_key(keys_dir)
    text = keys.key_path(keys_dir).read_text()
    assert pair.private_hex() not in text
    assert json.loads(text)["protection"] == "keyring"
    assert stat.S_IMODE(keys.key_path(keys_dir).stat().st_mode) == 0o600
    assert keys.load_key(keys_dir) == pair
    ring.entries.clear()  # the key store lost the wrapping key: refused, never a fresh key
    with pytest.raises(KeyFileError):
        keys.load_key(keys_dir)


def test_an_old_clear_key_file_is_wrapped_on_first_load(tmp_path, ring):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    old = sm2.generate_keypair()
    keys.key_path(keys_dir).write_text(old.private_hex() + "\n")  # what earlier versions wrote
    assert keys.load_key(keys_dir).public_key == old.public_key
    text = keys.key_path(keys_dir).read_text()
    assert old.private_hex() not in text and json.loads(text)["protection"] == "keyring"
    assert stat.S_IMODE(keys.key_path(keys_dir).stat().st_mode) == 0o600
    assert keys.load_key(keys_dir).public_key == old.public_key  # and opens again


def test_without_a_key_store_it_is_kept_as_the_data_keys_are(tmp_path):
    keys_dir = tmp_path / "keys"
    pair = keys.create_key(keys_dir)
    assert json.loads(keys.key_path(keys_dir).read_text())["protection"] == "file"
    assert stat.S_IMODE(keys.key_path(keys_dir).stat().st_mode) == 0o600
    assert keys.load_key(keys_dir) == pair
    with pytest.raises(FileExistsError):
        keys.create_key(keys_dir)  # never replaced


def test_a_damaged_key_file_is_refused_clearly(tmp_path):
    keys_dir = tmp_path / "keys"
    keys.create_key(keys_dir)
    keys.key_path(keys_dir).write_text("{not json")
    with pytest.raises(KeyFileError) as refused:
        keys.load_key(keys_dir)
    assert str(keys.key_path(keys_dir)) in refused.value.message("en")


def test_the_audit_key_is_wrapped_in_the_data_key_file(tmp_path, ring):
    directory = KeyDirectory(tmp_path / "keys")
    loaded = directory.load()
    assert len(loaded.audit_key) == 32
    assert loaded.audit_key.hex() not in directory.data_keys_file.read_text()
    assert KeyDirectory(tmp_path / "keys").load().audit_key == loaded.audit_key
