"""``db rekey`` re-seals the scanned papers (``attachments``: several per issuance, each sealed at its issuance)
and the bank account read from the chip (``card_bank_accounts``): once the old key is retired, both still open."""

from __future__ import annotations

import datetime as dt

from counter_app.domain.people import AttachmentKind
from counter_app.services.rekey import RekeyService
from counter_app.store import sealing
from counter_app.store.attachments import AttachmentRepository
from counter_app.store.bank_accounts import BankAccountRepository
from counter_app.store.datakeys import KeyDirectory
from tests.security.conftest import issue_card

NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)
ACCOUNT = "6217000010001234567"


def test_papers_and_bank_accounts_follow_the_new_key(store, paths, applicants, operator):
    issuance_id = issue_card(store, applicants[0], "B0000001")
    with store.transaction() as db:
        papers = AttachmentRepository(db)
        papers.add(issuance_id, AttachmentKind.HOUSEHOLD_REGISTER, b"page one", NOW, "clerk")
        papers.add(issuance_id, AttachmentKind.POWER_OF_ATTORNEY, b"page two", NOW, "clerk")
        BankAccountRepository(db).record(issuance_id, "105", ACCOUNT, NOW)
    old = sealing.active_keys().active.key_id

    RekeyService(store).rekey(operator)

    new = sealing.active_keys().active.key_id
    blobs = [r[0] for r in store.db.execute("SELECT sealed FROM attachments").fetchall()]
    blobs += [r[0] for r in store.db.execute("SELECT account_sealed FROM card_bank_accounts").fetchall()]
    assert len(blobs) == 3 and {sealing.key_id_of(b) for b in blobs} == {new} and new != old
    # As a fresh process sees them: only the new key is known, and each paper keeps its own content.
    sealing.configure(KeyDirectory(paths.keys_dir).load(create=False))
    assert [a.data for a in AttachmentRepository(store.db).for_issuance(issuance_id)] == [b"page one", b"page two"]
    assert BankAccountRepository(store.db).get(issuance_id).account == ACCOUNT
