"""Rows of ``card_certificates``: the certificates this counter wrote to a card, one per card number
and kind (``sign``, ``enc``).

A repository only: it neither opens transactions nor checks certificates; call it inside a store
transaction (reads also work outside one).
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from counter_app.store.clock import to_db_time

SIGN = "sign"
ENC = "enc"


class CardCertificateRepository:
    def __init__(self, db: Database):
        self.db = db

    def record(self, card_number: str, kind: str, *, serial: str, card_id: str, issuance_id: str | None,
               der: bytes, at: dt.datetime, actor: str) -> None:
        """Keep the certificate of ``kind`` written to the card (replacing an earlier one of that kind;
        an issuance id already noted is kept when none is given)."""
        self.db.execute(
            "INSERT INTO card_certificates (card_number, kind, serial, card_id, issuance_id, certificate,"
            " written_at, written_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (card_number, kind) DO"
            " UPDATE SET serial = excluded.serial, card_id = excluded.card_id,"
            " issuance_id = COALESCE(excluded.issuance_id, issuance_id), certificate = excluded.certificate,"
            " written_at = excluded.written_at, written_by = excluded.written_by",
            (card_number, kind, serial, card_id, issuance_id, der, to_db_time(at), actor))

    def sign_serial(self, card_number: str) -> str | None:
        """The serial (hex) of the signing certificate written to this card number, or None."""
        row = self.db.execute("SELECT serial FROM card_certificates WHERE card_number = ? AND kind = ?",
                              (card_number, SIGN)).fetchone()
        return row[0] if row else None

    def has_sign_certificate(self, card_number: str | None, card_id: str | None) -> bool:
        """Whether a signing certificate was written here to this very chip (card number and 卡识别码)."""
        row = self.db.execute("SELECT 1 FROM card_certificates WHERE card_number = ? AND card_id = ?"
                              " AND kind = ?", (card_number, card_id, SIGN)).fetchone()
        return row is not None
