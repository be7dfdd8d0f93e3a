"""A posted card's activation (central_ledger.online_cards): the application posted → activated, the card
not_activated → active, the person's older card replaced; refused unless posted."""

from __future__ import annotations

import pytest

from central_ledger import online_apps
from central_ledger.ledger import Ledger
from central_ledger.online_cards import (
    CardNotActivatable,
    NotPosted,
    UnknownApplication,
    activate_posted_card,
)
from tests.online_ledger.support import (
    NOW,
    PERSON,
    allocate,
    card_number,
    derive,
    insert,
    issued,
    progress,
)

LATER = "2026-12-09T03:00:00.000000+00:00"


def _posted(storage, *, application="replacement", old_status="active"):
    """A postal application made by counter CC (card centre) and posted; the person's older card on file."""
    Ledger(storage).add_counter("CC", "制卡中心")
    old, new = card_number(1), card_number(2)
    with storage.transaction(write=True) as tx:
        allocate(tx, "CC", new)
        tx.execute("INSERT INTO cards (card_number, person_index, status, counter_id, issuance_id, issued_at,"
                   " status_changed_at) VALUES (?, ?, ?, 'OLD', 'I-0', ?, ?)", (old, PERSON, old_status, NOW, NOW))
    row = insert(storage, status=online_apps.APPROVED, collection="post", application=application)
    conflicts = derive(storage,
                       progress("CC", row.app_id, "in_production", issuance_id="I-9", card_number=new),
                       # no replaces_card_number, application_type "new": the old card is left to activation
                       issued("CC", "I-9", new, application=application, application_type="new",
                              online_application=row.app_id),
                       progress("CC", row.app_id, "posted", issuance_id="I-9", card_number=new,
                                tracking_number="SF1234567890"))
    assert [c.kind for c in conflicts] in ([], ["second_active_card"])
    return row, old, new


def _card(storage, number):
    with storage.transaction() as tx:
        return tx.one("SELECT status FROM cards WHERE card_number = ?", (number,))["status"]


def test_activation_makes_the_card_active_and_replaces_the_older_card(storage):
    row, old, new = _posted(storage)
    assert _card(storage, new) == "not_activated"
    with storage.transaction(write=True) as tx:
        done = activate_posted_card(tx, row.app_id, now=LATER, by_whom="citizen")
    assert done.status == online_apps.ACTIVATED
    assert (_card(storage, new), _card(storage, old)) == ("active", "replaced")
    with storage.transaction() as tx:
        last = online_apps.history(tx, row.app_id)[-1]
    assert last["status"] == "activated" and last["by_whom"] == "citizen"
    assert last["detail"] == {"card_number": new, "replaced": [old]}


def test_activating_twice_is_a_no_op(storage):
    row, _, new = _posted(storage)
    for _ in range(2):
        with storage.transaction(write=True) as tx:
            assert activate_posted_card(tx, row.app_id, now=LATER, by_whom="citizen").status == "activated"
    with storage.transaction() as tx:
        assert [h["status"] for h in online_apps.history(tx, row.app_id)].count("activated") == 1


def test_a_new_card_replaces_nothing(storage):
    row, old, new = _posted(storage, application="new")
    with storage.transaction(write=True) as tx:
        activate_posted_card(tx, row.app_id, now=LATER, by_whom="citizen")
    assert (_card(storage, new), _card(storage, old)) == ("active", "active")


def test_only_a_posted_application_is_activated(storage):
    row = insert(storage, status=online_apps.APPROVED, collection="post")
    with storage.transaction(write=True) as tx, pytest.raises(NotPosted) as refused:
        activate_posted_card(tx, row.app_id, now=LATER, by_whom="citizen")
    assert (refused.value.code, refused.value.status) == ("not_posted", "approved")
    with storage.transaction(write=True) as tx, pytest.raises(UnknownApplication):
        activate_posted_card(tx, "WA00000000000", now=LATER, by_whom="citizen")


def test_a_lost_card_is_not_activated(storage):
    row, _, new = _posted(storage)
    with storage.transaction(write=True) as tx:
        tx.execute("UPDATE cards SET status = 'lost' WHERE card_number = ?", (new,))
    with storage.transaction(write=True) as tx, pytest.raises(CardNotActivatable) as refused:
        activate_posted_card(tx, row.app_id, now=LATER, by_whom="citizen")
    assert refused.value.card_status == "lost"
    with storage.transaction() as tx:
        assert online_apps.get(tx, row.app_id).status == "posted"
