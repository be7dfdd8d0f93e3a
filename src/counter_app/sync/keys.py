"""The counter's SM2 key pair for signing ledger requests: made here, kept here, never sent.

The private key is kept in ``AppPaths.keys_dir/ledger-sm2.key`` (0600 in a 0700 directory),
wrapped exactly like the data keys: with the key-encryption key the OS key store holds when the
counter has one, otherwise in clear in that private file (the same choice as ``data-keys.json``,
:meth:`KeyDirectory.wrap_secret`). The file is written atomically, so a crash leaves either no
key or the whole key. A key file of the old form (64 hex characters in clear) is wrapped on its
first load. Only the public key (``04 || x || y``) goes to the ledger, at enrollment.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from counter_app.crypto import sm2
from counter_app.crypto.sm2 import Sm2KeyPair
from counter_app.store.datakeys import KeyDirectory, KeyFileError

log = logging.getLogger(__name__)

KEY_FILE_NAME = "ledger-sm2.key"
_create_lock = threading.Lock()


def key_path(keys_dir: Path) -> Path:
    return Path(keys_dir) / KEY_FILE_NAME


def load_key(keys_dir: Path) -> Sm2KeyPair | None:
    """The counter's key pair, or None when there is none yet. Raises :class:`KeyFileError` for a
    damaged file or one the key-encryption key does not open."""
    path = key_path(keys_dir)
    if not path.exists():
        return None
    directory = KeyDirectory(Path(keys_dir))
    text = path.read_text(encoding="ascii", errors="replace").strip()
    if _is_plain_hex(text):
        private = bytes.fromhex(text)
        directory.write_private(path, _record(directory, private))  # migrate: wrap the old clear file
        log.info("the ledger signing key in %s is now wrapped like the data keys", path)
    else:
        try:
            record = json.loads(text)
        except ValueError as exc:
            raise KeyFileError(path, "damaged") from exc
        if not isinstance(record, dict):
            raise KeyFileError(path, "damaged")
        private = directory.unwrap_secret(record, path=path)
    if len(private) != 32:
        raise KeyFileError(path, "not an SM2 private key")
    return Sm2KeyPair(private, sm2.public_key_of(private))


def create_key(keys_dir: Path) -> Sm2KeyPair:
    """Make a fresh key pair and store its private half, wrapped. Refuses to overwrite a key."""
    directory = KeyDirectory(Path(keys_dir))
    path = key_path(keys_dir)
    with _create_lock:
        if path.exists():
            raise FileExistsError(path)
        pair = sm2.generate_keypair()
        data = _record(directory, pair.private_key)
        # Written beside and linked into place: fails if a key appeared meanwhile (another
        # process), so a key is never replaced silently.
        tmp = path.with_name(f".{path.name}-{os.getpid()}")
        directory.write_private(tmp, data)
        try:
            os.link(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return pair


def discard_key(keys_dir: Path) -> None:
    """Remove a key whose registration the ledger refused (it was never used)."""
    key_path(keys_dir).unlink(missing_ok=True)


def _record(directory: KeyDirectory, private: bytes) -> bytes:
    return (json.dumps(directory.wrap_secret(private), sort_keys=True) + "\n").encode("ascii")


def _is_plain_hex(text: str) -> bool:
    if len(text) != 64:
        return False
    try:
        bytes.fromhex(text)
    except ValueError:
        return False
    return True
