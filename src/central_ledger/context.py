"""What the ledger's route modules share: one object built by :func:`central_ledger.app.create_app`.

Each group of routes (heartbeats, the district API, the console) has an ``add_routes(app, ctx)`` of its own, so
that app.py stays the list of what the ledger serves and each module owns its part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from central_ledger.ledger import Counter, Ledger
from central_ledger.seal import SealKey
from central_ledger.sms import SmsGateway
from central_ledger.storage import Storage

# The district's days are Beijing time unless the ledger is told otherwise (serve --timezone).
DEFAULT_TIMEZONE = "Asia/Shanghai"


def district_timezone(name: str | None = None) -> dt.tzinfo:
    """The named zone (IANA name, or ``+08:00``-style offset), Beijing time by default."""
    name = name or DEFAULT_TIMEZONE
    if name[:1] in "+-" and ":" in name:
        sign = 1 if name[0] == "+" else -1
        hours, minutes = name[1:].split(":")
        return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))
    try:
        return ZoneInfo(name)
    except Exception:  # no tz database on this machine: Beijing time has had no DST since 1991
        if name == DEFAULT_TIMEZONE:
            return dt.timezone(dt.timedelta(hours=8), DEFAULT_TIMEZONE)
        raise


@dataclass(frozen=True)
class ConsoleOptions:
    """The web console's session rules (serve --console-idle-minutes, --insecure-cookies)."""

    idle_minutes: int = 15
    secure_cookies: bool = True      # False only for plain-HTTP demos: browsers keep Secure cookies on localhost
    max_failed_logins: int = 5
    lockout_minutes: int = 15


@dataclass(frozen=True)
class AppContext:
    storage: Storage
    ledger: Ledger
    clock: Callable[[], dt.datetime]
    tz: dt.tzinfo
    authenticated: Callable[[dict[str, Any]], Awaitable[Counter]]  # a signed request's counter, rate-limited
    console: ConsoleOptions = field(default_factory=ConsoleOptions)
    seal_key: SealKey | None = None   # online applications (serve --seal-key-file): their routes only with one
    sms: SmsGateway | None = None     # text messages to citizens (serve --sms-file / --sms-url)
