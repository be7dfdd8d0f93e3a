"""The counter's SM2 key pair for signing ledger requests: made here, kept here, never sent.

The private key is a file of 64 hex characters under ``AppPaths.keys_dir`` with mode 0600 (the
directory is 0700), written atomically so that a crash leaves either no key or the whole key.
Only the public key (``04 || x || y``) goes to the ledger, at enrollment.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from counter_app.crypto import sm2
from counter_app.crypto.sm2 import Sm2KeyPair

KEY_FILE_NAME = "ledger-sm2.key"


def key_path(keys_dir: Path) -> Path:
    return keys_dir / KEY_FILE_NAME


def load_key(keys_dir: Path) -> Sm2KeyPair | None:
    """The counter's key pair, or None when there is none yet."""
    path = key_path(keys_dir)
    if not path.exists():
        return None
    private = bytes.fromhex(path.read_text(encoding="ascii").strip())
    return Sm2KeyPair(private, sm2.public_key_of(private))


def create_key(keys_dir: Path) -> Sm2KeyPair:
    """Make a fresh key pair and store its private half (0600). Refuses to overwrite a key."""
    keys_dir.mkdir(parents=True, exist_ok=True)
    try:
        keys_dir.chmod(0o700)
    except OSError:
        pass
    path = key_path(keys_dir)
    if path.exists():
        raise FileExistsError(path)
    pair = sm2.generate_keypair()
    fd, tmp = tempfile.mkstemp(dir=keys_dir, prefix=".key-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(pair.private_hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.link(tmp, path)  # fails if a key appeared meanwhile: never replace a key silently
    finally:
        Path(tmp).unlink(missing_ok=True)
    return pair


def discard_key(keys_dir: Path) -> None:
    """Remove a key whose registration the ledger refused (it was never used)."""
    key_path(keys_dir).unlink(missing_ok=True)
