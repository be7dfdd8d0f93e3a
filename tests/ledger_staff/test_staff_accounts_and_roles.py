"""Staff accounts: the three roles, a hall supervisor's hall, password rules, the stored scrypt form, the list."""

from __future__ import annotations

import json

import pytest

from central_ledger.principal import AUDITOR, DISTRICT_ADMIN, HALL_SUPERVISOR, Principal
from central_ledger.staff import StaffError, verify_password
from tests.ledger_staff.conftest import PASSWORD


def test_each_role_signs_in_as_its_principal(directory, hall):
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    directory.add("sup1", HALL_SUPERVISOR, hall, PASSWORD)
    directory.add("audit1", AUDITOR, None, PASSWORD)

    assert directory.verify_login("admin1", PASSWORD, "10.0.0.1") == Principal("admin1", DISTRICT_ADMIN, None)
    sup = directory.verify_login("sup1", PASSWORD, "10.0.0.1")
    assert sup == Principal("sup1", HALL_SUPERVISOR, "H1")
    assert sup.may_read_hall("H1") and not sup.may_read_hall("H2") and not sup.may_change
    assert not directory.verify_login("audit1", PASSWORD, None).may_change


def test_a_hall_supervisor_needs_an_existing_hall_and_the_others_none(directory, hall):
    with pytest.raises(StaffError) as exc:
        directory.add("sup1", HALL_SUPERVISOR, None, PASSWORD)
    assert exc.value.code == "hall_required"
    with pytest.raises(StaffError) as exc:
        directory.add("sup1", HALL_SUPERVISOR, "NOPE", PASSWORD)
    assert exc.value.code == "unknown_hall" and exc.value.status == 404
    with pytest.raises(StaffError) as exc:
        directory.add("admin1", DISTRICT_ADMIN, hall, PASSWORD)
    assert exc.value.code == "hall_not_allowed"
    assert directory.list() == []


@pytest.mark.parametrize("password, code", [("short1234", "weak_password"), (" leading space1", "weak_password"),
                                            ("aaaaaaaaaaaa", "weak_password")])
def test_weak_passwords_are_refused_in_both_languages(directory, password, code):
    with pytest.raises(StaffError) as exc:
        directory.add("admin1", DISTRICT_ADMIN, None, password)
    assert exc.value.code == code and exc.value.zh and exc.value.en and " / " in exc.value.message


def test_unknown_role_bad_name_and_duplicates_are_refused(directory):
    for username, role, code in [("admin1", "root", "bad_role"), ("-x", DISTRICT_ADMIN, "bad_username"),
                                 ("", DISTRICT_ADMIN, "bad_username")]:
        with pytest.raises(StaffError) as exc:
            directory.add(username, role, None, PASSWORD)
        assert exc.value.code == code
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    with pytest.raises(StaffError) as exc:
        directory.add("admin1", AUDITOR, None, PASSWORD)
    assert exc.value.code == "staff_exists" and exc.value.status == 409


def test_passwords_are_stored_in_the_counters_scrypt_form(directory, storage):
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    with storage.transaction() as tx:
        stored = tx.one("SELECT password_hash FROM staff WHERE username = ?", ("admin1",))["password_hash"]
    assert stored.startswith("scrypt$15$8$1$") and PASSWORD not in stored
    assert verify_password(PASSWORD, stored) and not verify_password(PASSWORD + "x", stored)
    # The counter's own hasher verifies it too: the same stored form on both sides.
    from counter_app.services.passwords import verify_password as counter_verify

    assert counter_verify(PASSWORD, stored)


def test_list_disable_enable_and_the_audit(directory, hall):
    directory.add("sup1", HALL_SUPERVISOR, hall, PASSWORD, by="admin1")
    directory.add("admin1", DISTRICT_ADMIN, None, PASSWORD)
    directory.disable("sup1")
    listed = {m.username: m for m in directory.list()}
    assert [*listed] == ["admin1", "sup1"]
    assert listed["sup1"].status == "disabled" and listed["sup1"].hall_id == "H1"
    assert "password_hash" not in listed["sup1"].as_json()
    directory.enable("sup1")
    assert directory.member("sup1").status == "active"
    with pytest.raises(StaffError) as exc:
        directory.disable("ghost")
    assert exc.value.code == "unknown_staff"

    actions = [(e["username"], e["action"], json.loads(e["detail"])) for e in reversed(directory.audit_entries())]
    assert actions == [("admin1", "staff_add", {"username": "sup1", "role": HALL_SUPERVISOR, "hall_id": "H1"}),
                       (None, "staff_add", {"username": "admin1", "role": DISTRICT_ADMIN, "hall_id": None}),
                       (None, "staff_disable", {"username": "sup1"}),
                       (None, "staff_enable", {"username": "sup1"})]
