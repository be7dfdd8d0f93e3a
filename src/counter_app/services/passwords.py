"""Password hashing (scrypt, memory-hard, from the standard library) and generated passwords.

Stored form: ``scrypt$<log2 n>$<r>$<p>$<salt b64>$<hash b64>``, so the cost can be raised later
and old hashes still verify (:func:`needs_rehash` tells when to re-hash at the next login).
n = 2^15, r = 8 uses 32 MiB per hash: costly to guess in bulk, about 0.1 s on a counter PC.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

LOG2_N = 15
R = 8
P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32
_MAXMEM = 128 * 1024 * 1024
MIN_LENGTH = 10
# No 0/O, 1/l/I: a generated password is read off a screen and typed at a counter.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def hash_password(password: str, *, log2_n: int | None = None) -> str:
    log2_n = LOG2_N if log2_n is None else log2_n
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(password, salt, log2_n, R, P)
    return "$".join(("scrypt", str(log2_n), str(R), str(P), _b64(salt), _b64(digest)))


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; False for a wrong password or a malformed hash."""
    try:
        scheme, log2_n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(log2_n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str) -> bool:
    parts = stored.split("$")
    return len(parts) != 6 or parts[0] != "scrypt" or parts[1:4] != [str(LOG2_N), str(R), str(P)]


def generate_password(length: int = 12) -> str:
    """A random password of the unambiguous alphabet, with at least one digit."""
    while True:
        pw = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in pw) and any(c.isalpha() for c in pw):
            return pw


def weakness(password: str) -> tuple[str, str] | None:
    """Why ``password`` is refused (zh, en), or None."""
    if len(password) < MIN_LENGTH:
        return (f"密码至少 {MIN_LENGTH} 个字符。", f"A password has at least {MIN_LENGTH} characters.")
    if password.strip() != password:
        return ("密码首尾不能有空格。", "A password cannot start or end with a space.")
    if len(set(password)) < 4:
        return ("密码过于简单。", "The password is too simple.")
    return None


# A hash of nothing in particular: verifying against it costs what a real check costs, so an
# unknown user name answers as slowly as a wrong password (no user enumeration by timing).
_DUMMY_HASH: str | None = None


def dummy_verify(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    verify_password(password, _DUMMY_HASH)


def _scrypt(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=1 << log2_n, r=r, p=p,
                          maxmem=_MAXMEM, dklen=_HASH_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
