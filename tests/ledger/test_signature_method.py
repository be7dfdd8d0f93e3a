"""The ledger's signature check is gmssl's SM2 "sign_with_sm3 / verify_with_sm3" method, byte for byte."""

from __future__ import annotations

from gmssl import sm2

from central_ledger.crypto import canonical_json, is_valid_public_key, verify_signature
from tests.ledger.signing import CounterKey, events


def _gmssl_verify(key: CounterKey, message: bytes, signature: str) -> bool:
    crypt = sm2.CryptSM2(private_key=None, public_key="")
    crypt.public_key = key.public_hex[2:]
    return bool(crypt.verify_with_sm3(signature, message))


def test_the_ledger_accepts_exactly_what_gmssl_verify_with_sm3_accepts():
    key, other = CounterKey("C001"), CounterKey("C001")
    body = key.signed(events=events(1, 3), note="中文 and ASCII")
    message = canonical_json({k: v for k, v in body.items() if k != "signature"})

    assert verify_signature(key.public_hex, message, body["signature"]) is True
    assert _gmssl_verify(key, message, body["signature"]) is True
    assert verify_signature(other.public_hex, message, body["signature"]) is False
    assert verify_signature(key.public_hex, message + b" ", body["signature"]) is False


def test_canonical_json_sorts_keys_drops_spaces_and_keeps_utf8():
    assert canonical_json({"b": 1, "a": {"y": "窗口", "x": [1, 2]}}) == '{"a":{"x":[1,2],"y":"窗口"},"b":1}'.encode()


def test_public_keys_off_the_curve_are_refused():
    key = CounterKey("C001")
    assert is_valid_public_key(key.public_hex)
    assert not is_valid_public_key(key.public_hex[:-1] + ("0" if key.public_hex[-1] != "0" else "1"))
    assert not is_valid_public_key("04" + "00" * 64)
