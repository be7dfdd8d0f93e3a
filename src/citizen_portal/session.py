"""The portal's cookies: a signed session (no server-side table), the identity being checked, and CSRF.

- ``portal_pending`` (10 minutes): between "send me a code" and "here is the code": the purpose and the sealed
  draft ``{"id_number", "name", "mobile"}``.
- ``portal_session`` (:data:`SESSION_MINUTES`): after a right code: ``mi`` (mobile index), ``ii`` (ID index),
  ``purpose``, ``exp`` and the same sealed draft (the application form needs the ID number and name; the cookie
  never carries them in clear).
- ``portal_csrf``: a random double-submit token; every form repeats it in the hidden field ``csrf_token`` and
  every POST is refused without it (compared in constant time).

A signed value is ``base64url(JSON) "." base64url(HMAC-SM3(key, kind "|" JSON))``, the key derived from the seal
key's MAC key (``hmac_sm3(mac, b"citizen-portal:cookie")``): a cookie cannot be forged or moved between kinds.
Cookies are HttpOnly, SameSite=Strict, Path=/apply, and Secure when the request came over https.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from central_ledger.crypto import hmac_sm3
from central_ledger.seal import SealError, SealKey

SESSION_COOKIE = "portal_session"
PENDING_COOKIE = "portal_pending"
CSRF_COOKIE = "portal_csrf"
CSRF_FIELD = "csrf_token"
SESSION_MINUTES = 30
PENDING_MINUTES = 10
COOKIE_PATH = "/apply"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Draft:
    """Who is asking (as typed, normalised): what the sealed part of the cookies holds."""

    id_number: str
    name: str
    mobile: str


@dataclass(frozen=True)
class Session:
    mobile_index: str
    id_index: str
    purpose: str
    expires: dt.datetime
    draft: Draft


class Signer:
    def __init__(self, seal: SealKey):
        self.seal = seal
        self._key = hmac_sm3(seal.mac, b"citizen-portal:cookie")

    def _sign(self, kind: str, payload: dict[str, Any]) -> str:
        body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
        tag = hmac_sm3(self._key, kind.encode("ascii") + b"|" + body)
        return f"{_b64(body)}.{_b64(tag)}"

    def _open(self, kind: str, text: str | None, now: dt.datetime) -> dict[str, Any] | None:
        if not text or text.count(".") != 1 or len(text) > 3000:
            return None
        body_text, tag_text = text.split(".")
        try:
            body, tag = _unb64(body_text), _unb64(tag_text)
        except (ValueError, UnicodeEncodeError):
            return None
        if not hmac.compare_digest(tag, hmac_sm3(self._key, kind.encode("ascii") + b"|" + body)):
            return None
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict) or float(payload["exp"]) <= now.timestamp():
                return None
        except (ValueError, KeyError, TypeError):
            return None
        return payload

    def _seal_draft(self, draft: Draft) -> str:
        return self.seal.seal_text(json.dumps({"id_number": draft.id_number, "name": draft.name,
                                               "mobile": draft.mobile}, ensure_ascii=False))

    def _unseal_draft(self, sealed: Any) -> Draft | None:
        try:
            d = json.loads(self.seal.unseal_text(str(sealed)))
            return Draft(str(d["id_number"]), str(d["name"]), str(d["mobile"]))
        except (SealError, ValueError, KeyError, TypeError):
            return None

    # -- the two kinds ---------------------------------------------------------------------------------------

    def pending(self, draft: Draft, purpose: str, now: dt.datetime) -> str:
        exp = (now + dt.timedelta(minutes=PENDING_MINUTES)).timestamp()
        return self._sign("pending", {"purpose": purpose, "d": self._seal_draft(draft), "exp": exp})

    def open_pending(self, text: str | None, now: dt.datetime) -> tuple[Draft, str] | None:
        payload = self._open("pending", text, now)
        draft = self._unseal_draft(payload.get("d")) if payload else None
        if payload is None or draft is None:
            return None
        return draft, str(payload.get("purpose"))

    def session(self, draft: Draft, purpose: str, now: dt.datetime) -> str:
        exp = (now + dt.timedelta(minutes=SESSION_MINUTES)).timestamp()
        return self._sign("session", {"mi": self.seal.mobile_index(draft.mobile),
                                      "ii": self.seal.id_index(draft.id_number), "purpose": purpose,
                                      "d": self._seal_draft(draft), "exp": exp})

    def open_session(self, text: str | None, now: dt.datetime) -> Session | None:
        payload = self._open("session", text, now)
        draft = self._unseal_draft(payload.get("d")) if payload else None
        if payload is None or draft is None:
            return None
        if payload.get("mi") != self.seal.mobile_index(draft.mobile) or \
                payload.get("ii") != self.seal.id_index(draft.id_number):
            return None
        return Session(str(payload["mi"]), str(payload["ii"]), str(payload.get("purpose")),
                       dt.datetime.fromtimestamp(float(payload["exp"]), dt.UTC), draft)


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(cookie: str | None, form_value: str | None) -> bool:
    expected, given = cookie or "", form_value or ""
    return len(expected) >= 32 and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
