"""Times as the store writes them: UTC, ISO 8601, fixed width, so text order is time order."""

from __future__ import annotations

import datetime as dt

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_db_time(moment: dt.datetime) -> str:
    """``2025-03-07T08:15:00.000000Z``. A naive datetime is refused: it would be ambiguous."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass a timezone-aware time")
    return moment.astimezone(dt.UTC).strftime(_FORMAT)


def from_db_time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, _FORMAT).replace(tzinfo=dt.UTC)
