"""The keys that protect personal data at rest, and where they are kept.

Two kinds of key, for two different jobs:

- **Data keys** (one active per counter, 32 random bytes: 16 for SM4, 16 for HMAC-SM3) encrypt
  the personal data and photos in the database (:mod:`counter_app.store.sealing`). They live in
  ``keys_dir/data-keys.json`` — never in the database. Each has an 8-byte id that every sealed
  blob carries, so ``db rekey`` can tell rows under the old key from rows under the new one, and
  a crash half-way through a rotation leaves every row readable (the file holds both keys until
  the rotation has committed).
- **The district index key** (32 bytes, ``keys_dir/district-index.key``) keys the blind index of
  document numbers (HMAC-SM3). It is the same on *every counter of a district*, so that the
  ledger can match one person's issuances across counters; the technician installs the file the
  district issued (``counter-app keys install-index --file F``; raw 32 bytes or 64 hex
  characters). When it is missing a counter refuses to start (:class:`IndexKeyMissing`): a random
  key would silently break duplicate detection across counters. Only the demo
  (:func:`allow_new_index_key`) and the test suite (``COUNTER_APP_TEST_MODE=1``) make one up.
- **The audit key** (32 bytes, in ``data-keys.json`` beside the data keys, wrapped like them) keys
  the audit chain's HMAC-SM3 (:mod:`counter_app.store.audit`), so that somebody with only the
  database file cannot recompute the chain. Made on the first start that lacks it.
- **Other secrets** — the ledger signing key (:mod:`counter_app.sync.keys`) — are wrapped with the
  same key-encryption key by :meth:`KeyDirectory.wrap_secret` and kept in their own file.

Protection of the key file: where the OS has a usable key store (``keyring``: Secret Service,
macOS Keychain, Windows Credential Locker), a random key-encryption key is kept there and the
data keys in the file are wrapped with it (SM4-CBC + HMAC-SM3), so a copy of the disk alone does
not open the data. Where there is none (a headless Linux counter, CI), the data keys are in the
file in clear and the file is readable only by the app's user (0600 in a 0700 directory); the
choice is logged once. A file records which protection it uses and keeps it: a counter never
switches silently between the two. ``COUNTER_APP_KEYRING=off`` forbids the OS key store (tests
must never write into a developer's real keyring).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from counter_app.domain.problems import Problem
from counter_app.store.errors import StoreError
from counter_app.store.sealed_blob import (  # noqa: F401 - DataKey and the sizes re-exported
    DATA_KEY_BYTES,
    KEY_ID_BYTES,
    DataKey,
    seal_with,
    unseal_with,
)

log = logging.getLogger(__name__)

DATA_KEYS_FILE = "data-keys.json"
INDEX_KEY_FILE = "district-index.key"
KEYRING_SERVICE = "counter-app"
ENV_KEYRING = "COUNTER_APP_KEYRING"  # "off" forbids the OS key store
INDEX_KEY_BYTES = 32
AUDIT_KEY_BYTES = 32
ENV_TEST_MODE = "COUNTER_APP_TEST_MODE"  # "1": the test suite, which may create an index key
_FORMAT = 1


class KeyProtection(StrEnum):
    KEYRING = "keyring"  # data keys wrapped by a key-encryption key kept in the OS key store
    FILE = "file"        # data keys in a file only the app's user may read


class KeyFileError(StoreError):
    """A key file that is damaged, or whose wrapping key the OS key store no longer has."""

    def __init__(self, path: Path, detail: str):
        self.path = path
        super().__init__(
            Problem(
                "store.key_file",
                f"无法读取数据密钥文件 {path}（{detail}）。没有它就无法读取本柜台保存的个人信息；"
                f"请联系技术人员从密钥备份恢复。",
                f"Cannot read the data key file {path} ({detail}). Without it the personal data "
                f"kept by this counter cannot be read; ask a technician to restore it from the key backup.",
            )
        )


class IndexKeyMissing(StoreError):
    """No district index key on a counter that may not make one up (production)."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(Problem(
            "store.index_key_missing",
            f"缺少本区的人员索引密钥 {path}，柜台不能启动：随机生成的密钥会使各柜台之间的重复办理检查失效。"
            f"请技术人员用 counter-app keys install-index --file <密钥文件> 安装区里下发的密钥。",
            f"The district index key {path} is missing, so the counter does not start: a random key "
            f"would silently break duplicate detection across the district's counters. A technician "
            f"installs the key issued by the district with counter-app keys install-index --file <key file>.",
        ))


class IndexKeyConflict(StoreError):
    """Installing an index key over a different one already in use."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(Problem(
            "store.index_key_conflict",
            f"本柜台已安装了另一把人员索引密钥 {path}，不会被替换（替换会使已保存的索引失效）。",
            f"This counter already has a different district index key {path}; it is not replaced "
            f"(the stored indices would no longer match).",
        ))


_new_index_key_allowed = False


def allow_new_index_key(allowed: bool = True) -> None:
    """Let this process create a missing district index key at random: the demo (``demo.enabled``
    / ``--demo``) calls it at start. Production never does."""
    global _new_index_key_allowed
    _new_index_key_allowed = bool(allowed)


def new_index_key_allowed() -> bool:
    return _new_index_key_allowed or os.environ.get(ENV_TEST_MODE, "") == "1"


def require_index_key(keys_dir: Path) -> None:
    """Raise :class:`IndexKeyMissing` when the counter has no district index key and may not make
    one up: what the app checks before it starts (the GUI; every command opening the store meets
    the same refusal in :meth:`KeyDirectory.load_index_key`)."""
    path = Path(keys_dir) / INDEX_KEY_FILE
    if not path.exists() and not new_index_key_allowed():
        raise IndexKeyMissing(path)


def parse_index_key(raw: bytes) -> bytes | None:
    """32 raw bytes or 64 hex characters (white space around them ignored), else None."""
    text = raw.strip()
    if len(text) == 2 * INDEX_KEY_BYTES:
        try:
            return bytes.fromhex(text.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            pass
    return bytes(raw) if len(raw) == INDEX_KEY_BYTES else None


@dataclass(frozen=True, slots=True)
class SealingKeys:
    """Everything :mod:`counter_app.store.sealing` needs: the active data key (new seals), every
    data key still in the file (to open older rows), and the district index key."""

    keys_dir: Path
    active: DataKey
    known: tuple[DataKey, ...]
    index_key: bytes = field(repr=False)
    protection: KeyProtection
    audit_key: bytes = field(default=b"", repr=False)  # HMAC-SM3 key of the audit chain

    def by_id(self, key_id: bytes) -> DataKey | None:
        return next((k for k in self.known if k.key_id == key_id), None)


# --- the OS key store ----------------------------------------------------------------------------

_announced: set[str] = set()
_announce_lock = threading.Lock()


def _log_once(key: str, level: int, message: str, *args: object) -> None:
    with _announce_lock:
        if key in _announced:
            return
        _announced.add(key)
    log.log(level, message, *args)


def usable_keyring():
    """The OS key store backend when one is usable, else None (no ``keyring`` package, only the
    'fail' backend, or forbidden by ``COUNTER_APP_KEYRING=off``)."""
    if os.environ.get(ENV_KEYRING, "").lower() in ("off", "0", "no", "false"):
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration must not stop the counter
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return backend


# --- the key files -------------------------------------------------------------------------------

class KeyDirectory:
    """Reads and writes the key files of one counter's ``keys_dir`` (0700; files 0600)."""

    def __init__(self, keys_dir: Path):
        self.keys_dir = Path(keys_dir)

    @property
    def data_keys_file(self) -> Path:
        return self.keys_dir / DATA_KEYS_FILE

    @property
    def index_key_file(self) -> Path:
        return self.keys_dir / INDEX_KEY_FILE

    def load(self, *, create: bool = True) -> SealingKeys:
        """The counter's keys, creating the missing ones when ``create`` (a new counter) — except
        the district index key, which only the demo and tests may create (:func:`allow_new_index_key`)."""
        self._ensure_dir()
        index_key = self.load_index_key(create=create)  # first: a refused start makes no other key
        doc, protection, kek = self._doc(create=create)
        audit_key = self._audit_key(doc, kek, create=create)
        known = tuple(
            DataKey.from_bytes(bytes.fromhex(kid), self._unwrap(blob, kek, kid))
            for kid, blob in doc["keys"].items()
        )
        active_id = bytes.fromhex(doc["active"])
        active = next((k for k in known if k.key_id == active_id), None)
        if active is None:
            raise KeyFileError(self.data_keys_file, "the active key is not in the file")
        return SealingKeys(self.keys_dir, active, known, index_key, protection, audit_key)

    def _doc(self, *, create: bool) -> tuple[dict, KeyProtection, bytes | None]:
        self._ensure_dir()
        doc = self._read_doc()
        if doc is None:
            if not create:
                raise KeyFileError(self.data_keys_file, "missing")
            doc = self._new_doc()
        protection, kek = self._kek(doc)
        return doc, protection, kek

    def _audit_key(self, doc: dict, kek: bytes | None, *, create: bool) -> bytes:
        """The audit chain's HMAC key (32 bytes), wrapped in the file like the data keys; made
        when missing (a counter from before the keyed chain gets one on its first start)."""
        entry = doc.get("audit_key")
        if entry is None:
            if not create:
                return b""
            key_id = secrets.token_hex(KEY_ID_BYTES)
            doc["audit_key"] = {"id": key_id,
                                "key": self._wrap(secrets.token_bytes(AUDIT_KEY_BYTES), kek, key_id)}
            self._write_json(self.data_keys_file, doc)
            entry = doc["audit_key"]
        try:
            return self._unwrap(str(entry["key"]), kek, str(entry["id"]))
        except (KeyError, TypeError) as exc:
            raise KeyFileError(self.data_keys_file, "the audit key entry is damaged") from exc

    # --- other secrets wrapped with the same key-encryption key (the ledger signing key) -------

    def wrap_secret(self, material: bytes) -> dict:
        """``material`` wrapped as the data keys are (with the OS key store's KEK, or in clear in a
        0600 file when the counter has none): a JSON-ready record for another key file."""
        doc, protection, kek = self._doc(create=True)
        key_id = secrets.token_hex(KEY_ID_BYTES)
        return {"format": _FORMAT, "protection": protection.value, "key_id": key_id,
                "wrapped": self._wrap(bytes(material), kek, key_id)}

    def unwrap_secret(self, record: dict, *, path: Path) -> bytes:
        """The material of a record :meth:`wrap_secret` made; :class:`KeyFileError` naming ``path``."""
        doc, protection, kek = self._doc(create=False)
        try:
            if record.get("format") != _FORMAT or record.get("protection") != protection.value:
                raise KeyFileError(path, "wrapped with another protection than the data keys")
            return self._unwrap(str(record["wrapped"]), kek, str(record["key_id"]))
        except (KeyError, TypeError, AttributeError) as exc:
            raise KeyFileError(path, "damaged") from exc
        except KeyFileError as exc:
            if exc.path == path:
                raise
            raise KeyFileError(path, "does not open with this counter's key-encryption key") from exc

    def write_private(self, path: Path, data: bytes) -> None:
        """Write a key file atomically, 0600 from the first byte (for other key modules)."""
        self._write_bytes(path, data)

    def install_index_key(self, source: Path) -> bytes:
        """Copy the district index key the technician was given (32 raw bytes or 64 hex characters)
        into this counter's key directory; refuses a malformed file and never replaces a different key."""
        raw = Path(source).read_bytes()
        key = parse_index_key(raw)
        if key is None:
            raise KeyFileError(Path(source), f"expected {INDEX_KEY_BYTES} bytes or {2 * INDEX_KEY_BYTES} hex characters")
        if self.index_key_file.exists():
            current = parse_index_key(self.index_key_file.read_bytes())
            if current == key:
                return key
            raise IndexKeyConflict(self.index_key_file)
        self._write_bytes(self.index_key_file, key)
        return key

    def add_key(self, key: DataKey) -> None:
        """Write ``key`` into the file beside the existing ones (not yet active)."""
        doc = self._read_doc()
        if doc is None:
            raise KeyFileError(self.data_keys_file, "missing")
        _, kek = self._kek(doc)
        doc["keys"][key.key_id.hex()] = self._wrap(key.material, kek, key.key_id.hex())
        self._write_json(self.data_keys_file, doc)

    def activate_only(self, key_id: bytes) -> None:
        """Make ``key_id`` the active key and forget every other one (end of a rotation)."""
        doc = self._read_doc()
        if doc is None or key_id.hex() not in doc["keys"]:
            raise KeyFileError(self.data_keys_file, "the new key is not in the file")
        doc["active"] = key_id.hex()
        doc["keys"] = {key_id.hex(): doc["keys"][key_id.hex()]}
        doc["rotated_at"] = dt.datetime.now(dt.UTC).isoformat()
        self._write_json(self.data_keys_file, doc)

    def load_index_key(self, *, create: bool = True) -> bytes:
        """The district index key. A missing one is created at random only where that is harmless
        (the demo, the tests: :func:`new_index_key_allowed`); a counter in production refuses to
        start with :class:`IndexKeyMissing`, because a random key silently breaks duplicate
        detection across the district's counters."""
        path = self.index_key_file
        if not path.exists():
            if not create:
                raise KeyFileError(path, "missing")
            if not new_index_key_allowed():
                raise IndexKeyMissing(path)
            log.warning(
                "district index key %s was missing and has been created at random: person indices "
                "of this counter will not match other counters' until the district key is provisioned",
                path,
            )
            self._write_bytes(path, secrets.token_bytes(INDEX_KEY_BYTES))
        self._tighten(path)
        key = parse_index_key(path.read_bytes())
        if key is None:
            raise KeyFileError(path, f"expected {INDEX_KEY_BYTES} bytes or {2 * INDEX_KEY_BYTES} hex characters")
        return key

    # --- wrapping ------------------------------------------------------------------------------

    def _new_doc(self) -> dict:
        backend = usable_keyring()
        protection = KeyProtection.KEYRING if backend is not None else KeyProtection.FILE
        doc = {"format": _FORMAT, "protection": protection.value, "kek_name": None,
               "created_at": dt.datetime.now(dt.UTC).isoformat(), "active": None, "keys": {}}
        kek = None
        if backend is not None:
            doc["kek_name"] = f"data-kek:{secrets.token_hex(8)}"
            kek = secrets.token_bytes(DATA_KEY_BYTES)
            backend.set_password(KEYRING_SERVICE, doc["kek_name"], kek.hex())
        key = DataKey.generate()
        doc["active"] = key.key_id.hex()
        doc["keys"][key.key_id.hex()] = self._wrap(key.material, kek, key.key_id.hex())
        self._write_json(self.data_keys_file, doc)
        return doc

    def _kek(self, doc: dict) -> tuple[KeyProtection, bytes | None]:
        protection = KeyProtection(doc.get("protection", "file"))
        if protection is KeyProtection.FILE:
            _log_once(f"file:{self.keys_dir}", logging.WARNING,
                      "no OS key store in use: the data key is kept in %s, readable only by this user",
                      self.data_keys_file)
            return protection, None
        backend = usable_keyring()
        if backend is None:
            raise KeyFileError(self.data_keys_file, "the OS key store that wraps the data key is not available")
        stored = backend.get_password(KEYRING_SERVICE, doc["kek_name"])
        if not stored:
            raise KeyFileError(self.data_keys_file, "the OS key store no longer holds the wrapping key")
        _log_once(f"keyring:{self.keys_dir}", logging.INFO,
                  "the data key in %s is wrapped by a key in the OS key store", self.data_keys_file)
        return protection, bytes.fromhex(stored)

    def _wrap(self, material: bytes, kek: bytes | None, key_id_hex: str) -> str:
        if kek is None:
            return material.hex()
        wrapping = DataKey.from_bytes(bytes.fromhex(key_id_hex), kek)
        return seal_with(wrapping, material).hex()

    def _unwrap(self, blob: str, kek: bytes | None, key_id_hex: str) -> bytes:
        try:
            if kek is None:
                return bytes.fromhex(blob)
            return unseal_with(DataKey.from_bytes(bytes.fromhex(key_id_hex), kek), bytes.fromhex(blob))
        except (ValueError, StoreError) as exc:
            raise KeyFileError(self.data_keys_file, f"key {key_id_hex} does not open") from exc

    # --- files ---------------------------------------------------------------------------------

    def _ensure_dir(self) -> None:
        self.keys_dir.mkdir(parents=True, exist_ok=True)
        try:
            self.keys_dir.chmod(0o700)
        except OSError:
            pass

    def _read_doc(self) -> dict | None:
        path = self.data_keys_file
        if not path.exists():
            return None
        self._tighten(path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if doc.get("format") != _FORMAT or not isinstance(doc.get("keys"), dict):
                raise ValueError("unknown format")
            return doc
        except ValueError as exc:
            raise KeyFileError(path, str(exc)) from exc

    @staticmethod
    def _tighten(path: Path) -> None:
        """A key file others can read is fixed at once, and said so."""
        try:
            mode = path.stat().st_mode & 0o777
            if mode & 0o077:
                log.warning("key file %s had mode %o; set to 600", path, mode)
                path.chmod(0o600)
        except OSError:
            pass

    def _write_json(self, path: Path, doc: dict) -> None:
        self._write_bytes(path, json.dumps(doc, indent=2, sort_keys=True).encode("utf-8"))

    def _write_bytes(self, path: Path, data: bytes) -> None:
        """Atomically, created 0600 from the first byte (never briefly readable by others)."""
        self._ensure_dir()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
