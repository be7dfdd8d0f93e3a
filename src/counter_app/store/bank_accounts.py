"""The ``card_bank_accounts`` table (migration 9): the bank account number read from each written chip.

The account (the financial application's PAN) is personal data: it is sealed under the district data key
for its row, like an issuance's personal data; only the masked form is kept clear. No transactions
opened here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.clock import from_db_time, to_db_time, utc_now
from counter_app.store.sealed_blob import SealContext
from counter_app.store.sealing import seal, unseal


@dataclass(frozen=True, slots=True)
class BankAccountRecord:
    issuance_id: str
    bank_code: str
    account: str
    account_masked: str
    read_at: dt.datetime


def mask_account(account: str) -> str:
    """The first six digits (the BIN) and the last four, the rest as ``*``."""
    if len(account) <= 10:
        return "*" * max(0, len(account) - 4) + account[-4:]
    return account[:6] + "*" * (len(account) - 10) + account[-4:]


def sealed_at(issuance_id: str) -> SealContext:
    return SealContext("card_bank_accounts", "account", str(issuance_id))


class BankAccountRepository:
    def __init__(self, db: Database):
        self.db = db

    def record(self, issuance_id: str, bank_code: str, account: str,
               at: dt.datetime | None = None) -> BankAccountRecord:
        """Keep the account read from ``issuance_id``'s chip (a later read of the same issuance replaces it:
        a rewritten card carries the account of its new chip)."""
        read_at = at or utc_now()
        masked = mask_account(account)
        self.db.execute(
            "INSERT INTO card_bank_accounts (issuance_id, bank_code, account_sealed, account_masked, read_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (issuance_id) DO UPDATE SET bank_code = excluded.bank_code,"
            " account_sealed = excluded.account_sealed, account_masked = excluded.account_masked,"
            " read_at = excluded.read_at",
            (issuance_id, bank_code, seal(account.encode("ascii"), sealed_at(issuance_id)), masked,
             to_db_time(read_at)))
        return BankAccountRecord(issuance_id, bank_code, account, masked, from_db_time(to_db_time(read_at)))

    def get(self, issuance_id: str) -> BankAccountRecord | None:
        row = self.db.execute(
            "SELECT bank_code, account_sealed, account_masked, read_at FROM card_bank_accounts"
            " WHERE issuance_id = ?", (issuance_id,)).fetchone()
        if not row:
            return None
        account = unseal(row[1], sealed_at(issuance_id)).decode("ascii")
        return BankAccountRecord(issuance_id, row[0], account, row[2], from_db_time(row[3]))
