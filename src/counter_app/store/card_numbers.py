"""The counter's blocks of card numbers, handed out by the ledger ahead of time.

Card numbers must be unique across all counters also while offline, so a counter never makes
one up: it takes the next unused number of a block the ledger allocated to it. A block is
``first_number`` (a full 9-character number) and ``count``; its i-th number has the body of
``first_number`` with the trailing run of digits increased by i (same width) and a freshly
computed check character. A number once taken is never given out again, even if the card it
went to is spoiled: ``next_index`` only moves forward, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.domain.cardids import make_card_number

_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")


def nth_card_number(first_number: str, index: int) -> str:
    """The ``index``-th number (from 0) of a block starting at ``first_number``."""
    body = first_number[:8]
    m = _TRAILING_DIGITS.match(body)
    if m is None:
        raise ValueError(f"card number block {first_number!r} has no digits to count with")
    prefix, digits = m.groups()
    value = int(digits) + index
    if len(str(value)) > len(digits):
        raise ValueError(f"card number block {first_number!r} overflows at index {index}")
    return make_card_number(f"{prefix}{value:0{len(digits)}d}")


@dataclass(frozen=True, slots=True)
class CardNumberStock:
    blocks: int
    remaining: int


class CardNumberBlocks:
    """Repository over ``card_number_blocks``; call inside a store transaction."""

    def __init__(self, db: Database):
        self._db = db

    def add_block(self, ledger_block_id: str, first_number: str, count: int, *, at: dt.datetime) -> bool:
        """Record a block the ledger allocated; a block already known is ignored (returns False)."""
        nth_card_number(first_number, count - 1)  # refuse a block that cannot be counted through
        cur = self._db.execute(
            "INSERT INTO card_number_blocks (ledger_block_id, first_number, count, next_index, received_at) "
            "VALUES (?, ?, ?, 0, ?) ON CONFLICT (ledger_block_id) DO NOTHING",
            [ledger_block_id, first_number, count, at.isoformat()],
        )
        return cur.rowcount == 1

    def take_next(self) -> str | None:
        """The next unused number, oldest block first, or None when every block is used up."""
        row = self._db.execute(
            "SELECT id, first_number, next_index FROM card_number_blocks WHERE next_index < count "
            "ORDER BY id LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        block_id, first_number, index = row
        self._db.execute("UPDATE card_number_blocks SET next_index = next_index + 1 WHERE id = ?", [block_id])
        return nth_card_number(first_number, index)

    def blocks_with_id_prefix(self, prefix: str) -> list[tuple[str, int]]:
        """``(first_number, count)`` of the blocks whose ledger block id starts with ``prefix``."""
        rows = self._db.execute("SELECT first_number, count FROM card_number_blocks WHERE ledger_block_id LIKE ?",
                                (f"{prefix}%",)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def stock(self) -> CardNumberStock:
        blocks, remaining = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(count - next_index), 0) FROM card_number_blocks"
        ).fetchone()
        return CardNumberStock(blocks=blocks, remaining=remaining)
