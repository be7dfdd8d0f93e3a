"""How an ID number is shown where it is not the clerk's working data: one rule, one helper.

Reports, receipts, the command line's lists and the clerk's home list show a document number only to
recognise it, never in full: the first 4 and the last 4 characters are kept and everything between is
``*`` (``421303199003070019`` → ``4213**********0019``); a number of 8 characters or fewer is all ``*``
(keeping 4 + 4 of it would show it whole). The log mask (:mod:`counter_app.logmask`) keeps the same
characters of the ID numbers it finds in free text.

The home list used to keep the first 6 (the whole region code); the stricter 4 + 4 is the rule now.
"""

from __future__ import annotations

KEEP_START = 4
KEEP_END = 4


def mask_id_number(number: str | None) -> str:
    """The masked display form of a document number (stripped, upper-case): ``4213**********0019``."""
    n = (number or "").strip().upper()
    if len(n) <= KEEP_START + KEEP_END:
        return "*" * len(n)
    return n[:KEEP_START] + "*" * (len(n) - KEEP_START - KEEP_END) + n[-KEEP_END:]
