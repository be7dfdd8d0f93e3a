"""Issue 17: a failed login with an unknown user name records the name's length and a keyed digest
(HMAC-SM3, key derived from the district index key), never its text — a password typed into the name field
must not land in the audit trail, which is kept forever."""

from __future__ import annotations

import json

import pytest

from counter_app.crypto import sm3
from counter_app.services.login import LoginFailed, attempted_name_digest
from counter_app.store.audit import AuditLog
from counter_app.store.sealing import active_keys, hmac_sm3

TYPED = "Tr0ub4dor&3 secret"  # a password typed into the name field


def _failures(store):
    return [e for e in AuditLog.entries(store.db) if e.action == "auth.login_failed" and e.actor == "anonymous"]


def test_the_typed_name_is_not_in_the_audit_trail(store, auth, people):
    with pytest.raises(LoginFailed):
        auth.login(TYPED, "whatever")
    (entry,) = _failures(store)
    assert TYPED not in json.dumps(entry.detail, ensure_ascii=False)
    assert "Tr0ub4dor" not in json.dumps(entry.detail, ensure_ascii=False)
    assert "username" not in entry.detail
    assert entry.detail["username_length"] == len(TYPED)
    assert len(entry.detail["username_hmac"]) == 32 and entry.detail["reason"] == "unknown_user"
    raw = store.db.execute("SELECT group_concat(detail, ' ') FROM audit_log").fetchone()[0]
    assert "Tr0ub4dor" not in raw


def test_the_digest_tells_repeated_attempts_apart_and_is_keyed(store, auth, people):
    for typed in (TYPED, TYPED, "someone-else"):
        with pytest.raises(LoginFailed):
            auth.login(typed, "whatever")
    a, b, c = (e.detail["username_hmac"] for e in _failures(store))
    assert a == b != c
    key = hmac_sm3(active_keys().index_key, b"counter-app/audit/attempted-login-name/v1")
    assert a == hmac_sm3(key, TYPED.encode()).hex()[:32]  # exactly what docs/security.md says
    assert a != sm3(TYPED.encode()).hex()[:32]  # not an unkeyed hash anyone can recompute


def test_full_width_and_surrounding_spaces_give_the_same_digest(store):
    assert attempted_name_digest("ｗａｎｇ ") == attempted_name_digest("wang")
    assert attempted_name_digest("wang") != attempted_name_digest("wang2")
