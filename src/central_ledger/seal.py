"""The online applications' seal: what the citizens' portal takes in (ID number, name, photo, address, mobile)
is stored sealed, so that the ledger's database never holds it in clear (the same scan as the counter's database,
tests/online/test_no_clear_personal_data.py).

A sealed value is the text ``s1.`` + base64url(IV (16) ‖ SM4-CBC ciphertext (PKCS #7) ‖ HMAC-SM3 tag (32)), the
tag over ``s1`` ‖ IV ‖ ciphertext (encrypt-then-MAC). Lookups go through blind indexes (HMAC-SM3 under a third
key), so an ID number can be found without being stored.

The seal key is a file of 32 random bytes (or 64 hex characters) outside the database: ``central-ledger serve
--seal-key-file`` and ``citizen-portal serve --seal-key-file`` name the same file. From it three keys are derived
(HMAC-SM3 of the master and a label): SM4, the tag's MAC key, and the index key. Keeping the file off the database
host is what makes a stolen database dump useless.
"""

from __future__ import annotations

import base64
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from central_ledger.crypto import hmac_sm3

SEAL_KEY_BYTES = 32
_PREFIX = "s1."
_IV = 16
_TAG = 32


class SealError(ValueError):
    """A sealed value that is damaged or was sealed under another key."""


@dataclass(frozen=True)
class SealKey:
    enc: bytes
    mac: bytes
    index: bytes

    @classmethod
    def from_master(cls, master: bytes) -> SealKey:
        if len(master) != SEAL_KEY_BYTES:
            raise ValueError("the seal key must be 32 bytes")
        return cls(enc=hmac_sm3(master, b"online-seal:enc")[:16], mac=hmac_sm3(master, b"online-seal:mac"),
                   index=hmac_sm3(master, b"online-seal:index"))

    @classmethod
    def load(cls, path: str | Path, *, create: bool = False) -> SealKey:
        """The key in ``path`` (32 raw bytes or 64 hex characters); with ``create``, a new random key is written
        there first when the file does not exist (the demo and the tests; production installs its own)."""
        path = Path(path)
        if create and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_bytes(SEAL_KEY_BYTES).hex() + "\n")
        raw = path.read_bytes()
        text = raw.strip()
        if len(text) == 2 * SEAL_KEY_BYTES:
            try:
                return cls.from_master(bytes.fromhex(text.decode("ascii")))
            except (UnicodeDecodeError, ValueError):
                pass
        if len(raw) == SEAL_KEY_BYTES:
            return cls.from_master(raw)
        raise ValueError(f"封存密钥文件须为 32 字节或 64 个十六进制字符 / the seal key file must hold 32 bytes or "
                         f"64 hex characters: {path}")

    # -- sealing --------------------------------------------------------------------------------------------

    def seal(self, plain: bytes) -> str:
        iv = secrets.token_bytes(_IV)
        padder = padding.PKCS7(128).padder()
        body = padder.update(plain) + padder.finalize()
        enc = Cipher(algorithms.SM4(self.enc), modes.CBC(iv)).encryptor()
        ct = enc.update(body) + enc.finalize()
        tag = hmac_sm3(self.mac, b"s1" + iv + ct)
        return _PREFIX + base64.urlsafe_b64encode(iv + ct + tag).decode("ascii")

    def unseal(self, sealed: str) -> bytes:
        if not isinstance(sealed, str) or not sealed.startswith(_PREFIX):
            raise SealError("not a sealed value")
        try:
            blob = base64.urlsafe_b64decode(sealed[len(_PREFIX):].encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise SealError("not a sealed value") from exc
        if len(blob) < _IV + 16 + _TAG or (len(blob) - _IV - _TAG) % 16:
            raise SealError("sealed value has the wrong length")
        iv, ct, tag = blob[:_IV], blob[_IV:-_TAG], blob[-_TAG:]
        if not hmac.compare_digest(tag, hmac_sm3(self.mac, b"s1" + iv + ct)):
            raise SealError("sealed value damaged or sealed under another key")
        dec = Cipher(algorithms.SM4(self.enc), modes.CBC(iv)).decryptor()
        body = dec.update(ct) + dec.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(body) + unpadder.finalize()

    def seal_text(self, text: str) -> str:
        return self.seal(text.encode("utf-8"))

    def unseal_text(self, sealed: str) -> str:
        return self.unseal(sealed).decode("utf-8")

    # -- blind indexes --------------------------------------------------------------------------------------

    def id_index(self, id_number: str) -> str:
        """Blind index of an ID number (stripped, ASCII upper case: a trailing ``x`` is the same person)."""
        return hmac_sm3(self.index, b"id:" + id_number.strip().upper().encode("utf-8")).hex()

    def mobile_index(self, mobile: str) -> str:
        return hmac_sm3(self.index, b"mobile:" + mobile.strip().encode("utf-8")).hex()

    def code_hash(self, mobile_index: str, code: str) -> str:
        return hmac_sm3(self.index, f"code:{mobile_index}:{code}".encode()).hex()
