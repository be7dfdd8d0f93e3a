"""One-time SMS codes: sent, checked, limited.

- A code is 6 random digits, valid :data:`CODE_MINUTES` minutes, for one purpose (``apply``, ``status``,
  ``activate``); the table ``sms_codes`` keeps only ``SealKey.code_hash(mobile_index, code)``.
- At most :data:`MAX_CODES_PER_HOUR` codes per mobile number in any hour (:class:`CodeRefused` ``too_many``).
- :data:`MAX_WRONG` wrong codes (counted over the mobile's codes not yet used or burnt) start a cool-down of
  :data:`COOLDOWN_MINUTES` minutes (table ``sms_cooldowns``): no code is sent nor accepted until it ends, and the
  codes sent before it are burnt (``used_at`` set).
- A right code is used once; the mobile's other codes for the same purpose are burnt with it.

Nothing here knows about ID numbers: a code is about a mobile number only, so no answer of this module can tell
whether an ID number is known.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets

from central_ledger.seal import SealKey
from central_ledger.sms import SmsError, SmsGateway
from central_ledger.storage import Storage, Tx

CODE_MINUTES = 10
MAX_CODES_PER_HOUR = 5
MAX_WRONG = 3
COOLDOWN_MINUTES = 15
PURPOSES = ("apply", "status", "activate")


class CodeRefused(Exception):
    """Why no code was sent or the code was not accepted: ``key`` names the page's message (``cooldown``,
    ``too_many``, ``sms_failed``, ``wrong_code``, ``no_code``, ``bad_code``), ``minutes`` and ``left`` fill it."""

    def __init__(self, key: str, *, minutes: int = 0, left: int = 0):
        super().__init__(key)
        self.key, self.minutes, self.left = key, minutes, left


def iso(t: dt.datetime) -> str:
    """The ledger's time stamps: UTC, ISO 8601 with microseconds (compared as text)."""
    return t.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _cooldown_minutes(tx: Tx, mobile_index: str, now: dt.datetime) -> int:
    row = tx.one("SELECT until FROM sms_cooldowns WHERE mobile_index = ?", (mobile_index,))
    if row is None:
        return 0
    left = (dt.datetime.fromisoformat(row["until"]) - now).total_seconds()
    return max(1, math.ceil(left / 60)) if left > 0 else 0


def issue(storage: Storage, seal: SealKey, sms: SmsGateway, mobile: str, purpose: str, now: dt.datetime) -> None:
    """Send a new code to ``mobile`` for ``purpose``, or raise :class:`CodeRefused` (cool-down, the hourly
    limit, the gateway refusing: then the code is not kept and does not count)."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    mobile_index = seal.mobile_index(mobile)
    code = f"{secrets.randbelow(10 ** 6):06d}"
    code_hash = seal.code_hash(mobile_index, code)
    refused: CodeRefused | None = None
    with storage.transaction(write=True) as tx:
        minutes = _cooldown_minutes(tx, mobile_index, now)
        if minutes:
            refused = CodeRefused("cooldown", minutes=minutes)
        else:
            sent = tx.one("SELECT COUNT(*) AS n, MIN(sent_at) AS first FROM sms_codes"
                          " WHERE mobile_index = ? AND sent_at > ?",
                          (mobile_index, iso(now - dt.timedelta(hours=1))))
            if sent and int(sent["n"] or 0) >= MAX_CODES_PER_HOUR:
                first = dt.datetime.fromisoformat(sent["first"])
                wait = (first + dt.timedelta(hours=1) - now).total_seconds()
                refused = CodeRefused("too_many", minutes=max(1, math.ceil(wait / 60)))
            else:
                tx.execute("INSERT INTO sms_codes (mobile_index, purpose, code_hash, sent_at, expires_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           (mobile_index, purpose, code_hash, iso(now),
                            iso(now + dt.timedelta(minutes=CODE_MINUTES))))
    if refused is not None:
        raise refused
    try:
        sms.send(mobile, "code", {"code": code, "minutes": CODE_MINUTES})
    except SmsError as exc:
        with storage.transaction(write=True) as tx:
            tx.execute("DELETE FROM sms_codes WHERE mobile_index = ? AND code_hash = ? AND sent_at = ?",
                       (mobile_index, code_hash, iso(now)))
        raise CodeRefused("sms_failed") from exc


def verify(storage: Storage, seal: SealKey, mobile: str, purpose: str, code: str, now: dt.datetime) -> None:
    """Accept ``code`` for ``mobile`` and ``purpose`` (it is then used up), or raise :class:`CodeRefused`:
    ``cooldown`` (also when this wrong code started one), ``wrong_code`` (with the attempts ``left``),
    ``no_code`` (none valid: send a new one), ``bad_code`` (not six digits; not counted)."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise CodeRefused("bad_code")
    mobile_index = seal.mobile_index(mobile)
    given = seal.code_hash(mobile_index, code)
    refused: CodeRefused | None = None
    with storage.transaction(write=True) as tx:
        minutes = _cooldown_minutes(tx, mobile_index, now)
        if minutes:
            refused = CodeRefused("cooldown", minutes=minutes)
        else:
            rows = tx.all("SELECT id, purpose, code_hash, expires_at, wrong_attempts FROM sms_codes"
                          " WHERE mobile_index = ? AND used_at IS NULL AND sent_at > ? ORDER BY sent_at DESC",
                          (mobile_index, iso(now - dt.timedelta(hours=1))))
            live = [r for r in rows if r["purpose"] == purpose and r["expires_at"] > iso(now)]
            if any(secrets.compare_digest(r["code_hash"], given) for r in live):
                tx.execute("UPDATE sms_codes SET used_at = ? WHERE mobile_index = ? AND purpose = ?"
                           " AND used_at IS NULL", (iso(now), mobile_index, purpose))
            elif not live:
                refused = CodeRefused("no_code")
            else:
                tx.execute("UPDATE sms_codes SET wrong_attempts = wrong_attempts + 1 WHERE id = ?", (live[0]["id"],))
                wrong = sum(int(r["wrong_attempts"]) for r in rows) + 1
                if wrong >= MAX_WRONG:
                    until = iso(now + dt.timedelta(minutes=COOLDOWN_MINUTES))
                    tx.execute("INSERT INTO sms_cooldowns (mobile_index, until) VALUES (?, ?)"
                               " ON CONFLICT (mobile_index) DO UPDATE SET until = excluded.until",
                               (mobile_index, until))
                    tx.execute("UPDATE sms_codes SET used_at = ? WHERE mobile_index = ? AND used_at IS NULL",
                               (iso(now), mobile_index))
                    refused = CodeRefused("cooldown", minutes=COOLDOWN_MINUTES)
                else:
                    refused = CodeRefused("wrong_code", left=MAX_WRONG - wrong)
    if refused is not None:
        raise refused
