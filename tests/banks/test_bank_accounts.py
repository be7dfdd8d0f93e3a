"""Banks from settings, the bank of a PAN, and the bank account repository (sealed, masked)."""

from __future__ import annotations

import dataclasses
import random

from counter_app.domain.applicant import ApplicationType
from counter_app.domain.banks import bank_by_code, bank_of_pan, banks_from_settings
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.seed import random_applicant
from counter_app.settings import Settings
from counter_app.store.bank_accounts import BankAccountRepository, mask_account


def test_banks_from_settings_and_bank_of_pan():
    banks = banks_from_settings(Settings(None))
    assert bank_by_code("102", banks).bins == ("621226",)
    assert bank_of_pan("6212261234567890123", banks).code == "102"
    assert bank_of_pan("6228481234567890123", banks).code == "103"
    assert bank_of_pan("4000001234567890", banks) is None


def test_account_recorded_sealed_and_masked(fresh_store):
    applicant = dataclasses.replace(random_applicant(random.Random(3)), application_type=ApplicationType.NEW,
                                    reason=None)
    issuance = IntakeService(fresh_store).open_application(Session.local_operator(), applicant)
    issuance_id = getattr(issuance, "id", issuance)
    with fresh_store.transaction() as db:
        BankAccountRepository(db).record(issuance_id, "102", "6212261234567890123")
    with fresh_store.transaction() as db:
        got = BankAccountRepository(db).get(issuance_id)
        raw = db.execute("SELECT account_sealed FROM card_bank_accounts").fetchone()[0]
    assert got.account == "6212261234567890123" and got.bank_code == "102"
    assert got.account_masked == mask_account(got.account) == "621226*********0123"
    assert b"6212261234567890123" not in raw
