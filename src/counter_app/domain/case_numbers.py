"""The case number (业务受理号) printed on the papers, shown to the applicant and linked to fees and ratings.

One per issuance, derived from its id so that it needs no counter of its own and is the same on every
machine that knows the issuance: the first 16 hexadecimal digits of the issuance's UUID, upper case
(``3F2A9C0D5E7B4A11``). 64 random bits: a district issuing a million cards a year would see a clash
about once in eighteen thousand years.
"""

from __future__ import annotations

import re
import uuid

_CASE = re.compile(r"^[0-9A-F]{16}$")


def case_number(issuance_id: str) -> str:
    """The case number of ``issuance_id`` (a UUID in any of its usual spellings)."""
    return uuid.UUID(str(issuance_id)).hex[:16].upper()


def is_case_number(text: str) -> bool:
    return bool(_CASE.match(text.strip().upper()))
