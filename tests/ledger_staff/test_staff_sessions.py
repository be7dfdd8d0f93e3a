"""Console sessions: only the cookie's SM3 hash is stored, each session has its CSRF token, an idle session ends
after idle_minutes (a used one lives on), signing out and disabling the account end it."""

from __future__ import annotations

from central_ledger.crypto import sm3_hex
from central_ledger.principal import AUDITOR, DISTRICT_ADMIN, HALL_SUPERVISOR, Principal
from tests.ledger_staff.conftest import PASSWORD


def _signed_in(directory, username="admin1", role=DISTRICT_ADMIN, hall=None):
    directory.add(username, role, hall, PASSWORD)
    return directory.create_session(directory.verify_login(username, PASSWORD, None))


def test_the_database_holds_the_cookies_hash_not_the_cookie(directory, storage):
    cookie, csrf = _signed_in(directory)
    assert len(cookie) >= 43 and len(csrf) >= 43 and cookie != csrf
    with storage.transaction() as tx:
        rows = tx.all("SELECT session_hash, csrf_token FROM staff_sessions")
    assert rows == [{"session_hash": sm3_hex(cookie.encode()), "csrf_token": csrf}]
    assert directory.session(cookie) == (Principal("admin1", DISTRICT_ADMIN, None), csrf)
    assert directory.session(sm3_hex(cookie.encode())) is None  # the stored hash is no cookie
    assert directory.session("") is None and directory.session("made-up") is None


def test_idle_timeout_counts_from_the_last_use(directory, clock, options):
    cookie, _ = _signed_in(directory)
    for _ in range(3):  # used every 14 minutes: lives on past idle_minutes in all
        clock.advance(minutes=options.idle_minutes - 1)
        assert directory.session(cookie) is not None
    clock.advance(minutes=options.idle_minutes, seconds=1)
    assert directory.session(cookie) is None
    clock.advance(seconds=1)
    assert directory.session(cookie) is None  # ended for good, not revived
    assert any(e["action"] == "session_expired" for e in directory.audit_entries())


def test_sign_out_ends_the_session(directory):
    cookie, _ = _signed_in(directory)
    other, _ = directory.create_session(Principal("admin1", DISTRICT_ADMIN))
    directory.end_session(cookie, "10.0.0.2")
    assert directory.session(cookie) is None
    assert directory.session(other) is not None  # another browser stays signed in
    directory.end_session(cookie)  # twice: nothing happens
    assert [e["action"] for e in directory.audit_entries()].count("logout") == 1


def test_disabling_the_account_ends_its_sessions_and_role_changes_apply(directory, storage, hall):
    cookie, _ = _signed_in(directory, "sup1", HALL_SUPERVISOR, hall)
    assert directory.session(cookie)[0].hall_id == "H1"
    with storage.transaction(write=True) as tx:  # as a later admin page would change the role
        tx.execute("UPDATE staff SET role = ?, hall_id = NULL WHERE username = ?", (AUDITOR, "sup1"))
    assert directory.session(cookie)[0] == Principal("sup1", AUDITOR, None)
    directory.disable("sup1")
    assert directory.session(cookie) is None
    directory.enable("sup1")
    assert directory.session(cookie) is None  # enabling does not bring the old session back
