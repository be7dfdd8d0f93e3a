"""The ledger's HTTP/JSON API as the counter calls it, written against ``docs/ledger-api.md``.

Every signed request is the canonical JSON of its fields (sorted keys, no spaces, UTF-8) signed with
the counter's SM2 key (SM3 with Z for the default user ID, ``r || s`` as 128 hex); each request and
each retry is signed afresh with a new ``sent_at``. The body is sent as exactly those canonical bytes
plus the signature, so what the ledger verifies is byte for byte what was signed.

Answers are sorted into three outcomes: the parsed JSON of a 2xx; :class:`LedgerUnavailable` for a
network error, a timeout, a 5xx (with ``Retry-After`` when given), a 429 or a 2xx that is not the JSON
object the contract promises (a proxy in between); :class:`LedgerRefused` for any other 4xx.

Transport security: ``https://`` is verified (certificate chain and host name) against the CA file of the
setting ``ledger.tls_ca_file`` alone — the district's own CA, so a certificate from any public CA is not
enough — or against the system's CAs when it is empty; plain ``http://`` is accepted only to this machine
(loopback) unless the setting ``ledger.allow_plain_http`` says otherwise.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import ipaddress
import json
import re
import ssl
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from counter_app.crypto import sm2
from counter_app.crypto.sm2 import Sm2KeyPair
from counter_app.domain.online_application import BadOnlineApplication, OnlineApplication
from counter_app.domain.problems import Problem
from counter_app.sync.errors import (
    BadLedgerUrl,
    InsecureLedgerUrl,
    LedgerRefused,
    LedgerUnavailable,
    SyncError,
)

BATCHES_PATH = "/v1/events/batches"
REGISTER_PATH = "/v1/counters/register"
BLOCKS_PATH = "/v1/card-numbers/blocks"
LOOKUP_PATH = "/v1/persons/lookup"
HEALTH_PATH = "/v1/health"
CERTIFICATES_PATH = "/v1/certificates"
CRL_PATH = "/v1/ca/crl"
CA_CERTIFICATE_PATH = "/v1/ca/certificate"
HEARTBEAT_PATH = "/v1/counters/heartbeat"
HALL_SUMMARY_PATH = "/v1/counters/hall-summary"
ONLINE_DUE_PATH = "/v1/online/due"
ONLINE_LOOKUP_PATH = "/v1/online/lookup"
ONLINE_POSTAL_PATH = "/v1/online/postal"
_CERTIFICATE_FIELDS = ("sign_certificate", "enc_certificate", "ca_certificate")
_ENVELOPE_HEX_LENGTH = 420


class TlsCaFileUnusable(SyncError):
    """``ledger.tls_ca_file`` names a file that is missing or holds no CA certificate."""

    def __init__(self, path: str, cause: Exception):
        super().__init__(Problem(
            "sync.tls_ca_file",
            f"设置 ledger.tls_ca_file 指定的台账 TLS 根证书文件不可用（{path}：{cause}）：请技术员检查该文件。",
            f"The ledger TLS CA file of the setting ledger.tls_ca_file cannot be used ({path}: {cause}): "
            f"a technician checks the file."))


def canonical_json(obj: Any) -> bytes:
    """docs/ledger-api.md, "Canonical JSON": the bytes that are signed."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def rfc3339(moment: dt.datetime) -> str:
    """``2024-05-01T08:30:00.123Z``: UTC with a zone, as the contract requires."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_ledger_url(url: str, *, allow_plain_http: bool = False) -> str:
    """The ledger's base URL without a trailing slash; refuses plain HTTP to another machine."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadLedgerUrl(url)
    if parts.scheme == "http" and not allow_plain_http and not is_loopback(parts.hostname):
        raise InsecureLedgerUrl(url)
    return url.strip().rstrip("/")


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_hex(value: object, length: int | None = None) -> bool:
    """A non-empty, even-length string of hex digits (of exactly ``length`` characters when given)."""
    return (isinstance(value, str) and re.fullmatch(r"(?:[0-9a-fA-F]{2})+", value) is not None
            and (length is None or len(value) == length))


def _application(data: Any, route: str) -> OnlineApplication:
    """An ``Application`` of the answer; a malformed one is the ledger's fault (a proxy, a wrong version)."""
    try:
        return OnlineApplication.from_json(data)
    except BadOnlineApplication as exc:
        raise LedgerUnavailable(f"online {route} answer: {exc.problem.en}") from exc


def _applications(answer: dict[str, Any], route: str) -> list[OnlineApplication]:
    items = answer.get("applications")
    if not isinstance(items, list):
        raise LedgerUnavailable(f"online {route} answer without applications")
    return [_application(item, route) for item in items]


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class LedgerClient:
    """Signed calls to one ledger for one counter. Not thread-safe: one client per thread.

    ``key`` may be None for calls that need no signature (health). ``transport`` is for tests.
    """

    def __init__(
        self,
        base_url: str,
        *,
        counter_id: str,
        key: Sm2KeyPair | None,
        tls_ca_file: str | None = None,
        allow_plain_http: bool = False,
        timeout: float = 30.0,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = check_ledger_url(base_url, allow_plain_http=allow_plain_http)
        self.counter_id = counter_id
        self._key = key
        self._clock = clock
        self.timeout = timeout
        verify: ssl.SSLContext | bool = True
        if tls_ca_file:  # only the CA(s) of this file sign the ledger's certificate (the system's are not asked)
            try:
                verify = ssl.create_default_context(cafile=tls_ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise TlsCaFileUnusable(tls_ca_file, exc) from None
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, verify=verify, transport=transport,
                                  headers={"Accept": "application/json"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LedgerClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- endpoints ---------------------------------------------------------------------------

    def health(self, *, timeout: float | None = None) -> dict[str, Any]:
        return self._send("GET", HEALTH_PATH, None, timeout)

    def register(self, token: str) -> dict[str, Any]:
        """Register this counter's public key with its one-time token (signed with the new key).

        Without a ``counter_id`` the token names the counter: the answer's ``counter_id`` is this counter's."""
        assert self._key is not None
        answer = self._signed(REGISTER_PATH, {"token": token, "public_key": self._key.public_key.hex()})
        if not isinstance(answer.get("counter_id"), str) or not answer["counter_id"] \
                or (self.counter_id and answer["counter_id"] != self.counter_id):
            raise LedgerUnavailable("registration answer without this counter's counter_id")
        return answer

    def post_batch(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        """Send consecutive events; the answer holds ``acknowledged_seq`` and ``conflicts``."""
        answer = self._signed(BATCHES_PATH, {"events": events})
        if not isinstance(answer.get("acknowledged_seq"), int) or not isinstance(answer.get("conflicts"), list):
            raise LedgerUnavailable("answer without acknowledged_seq")
        return answer

    def request_block(self, request_id: str, count: int) -> dict[str, Any]:
        """A block of ``count`` card numbers; the same ``request_id`` gets the same block again."""
        answer = self._signed(BLOCKS_PATH, {"count": count}, request_id=request_id)
        numbers = answer.get("numbers")
        if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers) or \
                not isinstance(answer.get("block_id"), str):
            raise LedgerUnavailable("card-number block answer without block_id or numbers")
        return answer

    def lookup_person(self, person_index: str, *, timeout: float | None = None) -> dict[str, Any]:
        return self._signed(LOOKUP_PATH, {"person_index": person_index}, timeout=timeout)

    def audit_head(self, *, timeout: float | None = None) -> dict[str, Any]:
        """The highest audit-chain position (``audit_seq``, ``audit_hash``) the ledger received from
        this counter, with ``event_seq`` and ``recorded_at`` (all None when it has seen none): the
        anchor ``audit verify`` compares the local chain with (signed: only the common fields)."""
        answer = self._signed("/v1/counters/audit-head", {}, timeout=timeout)
        seq, digest = answer.get("audit_seq"), answer.get("audit_hash")
        if (seq is None) != (digest is None) or (seq is not None and (
                not isinstance(seq, int) or isinstance(seq, bool) or seq < 1 or not isinstance(digest, str))):
            raise LedgerUnavailable("audit-head answer without a matching audit_seq and audit_hash")
        return answer

    def heartbeat(self, report: dict[str, Any], *, timeout: float | None = None) -> dict[str, Any]:
        """Send this counter's health (``software_version``, ``devices``, ``outbox_backlog``,
        ``oldest_event_age_seconds``, ``stock``); the answer holds the district's ``townships``."""
        answer = self._signed(HEARTBEAT_PATH, report, timeout=timeout)
        if not isinstance(answer.get("townships"), list) or not isinstance(answer.get("received_at"), str):
            raise LedgerUnavailable("heartbeat answer without received_at and townships")
        return answer

    def hall_summary(self, day: dt.date, *, timeout: float | None = None) -> dict[str, Any]:
        """The figures of ``day`` for this counter's hall, as ``GET /v1/district/summary`` answers them."""
        answer = self._signed(HALL_SUMMARY_PATH, {"date": day.isoformat()}, timeout=timeout)
        if answer.get("date") != day.isoformat() or not isinstance(answer.get("by_counter"), list) \
                or not isinstance(answer.get("cards_issued"), int):
            raise LedgerUnavailable("hall-summary answer without the day's totals and counters")
        return answer

    # --- online applications (docs/online-applications.md, "The counters' API") ---------------------

    def online_due(self, day: dt.date, *, timeout: float | None = None) -> list[OnlineApplication]:
        """This counter's hall's online applications for collection on ``day`` (approved, in production, ready)."""
        answer = self._signed(ONLINE_DUE_PATH, {"day": day.isoformat()}, timeout=timeout)
        return _applications(answer, "due")

    def online_lookup(self, *, id_number: str | None = None, qr_token: str | None = None,
                      app_id: str | None = None, timeout: float | None = None) -> OnlineApplication | None:
        """The district's application found by exactly one of the three keys; None for a 404 ``not_found``."""
        given = {name: value for name, value in (("id_number", id_number), ("qr_token", qr_token),
                                                 ("app_id", app_id)) if value is not None}
        if len(given) != 1:
            raise ValueError("online_lookup takes exactly one of id_number, qr_token, app_id")
        try:
            answer = self._signed(ONLINE_LOOKUP_PATH, given, timeout=timeout)
        except LedgerRefused as exc:
            if exc.status == 404 and exc.code == "not_found":
                return None
            raise
        return _application(answer, "lookup")

    def online_postal(self, limit: int, *, timeout: float | None = None) -> list[OnlineApplication]:
        """Approved postal applications, oldest first, at most ``limit`` of them."""
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ValueError("limit must be a positive int")
        answer = self._signed(ONLINE_POSTAL_PATH, {"limit": limit}, timeout=timeout)
        return _applications(answer, "postal")

    def request_certificates(self, card_number: str, card_id: str, holder_index: str, sign_public_key: bytes,
                             *, request_id: str | None = None) -> dict[str, Any]:
        """The card's signing and encryption certificates and its enveloped encryption key (PKI contract).

        ``sign_public_key`` is the card's 65-byte ``04 || x || y``; ``holder_index`` the blind person index
        (never the clear ID number). The same card number and key get the same answer again, so a lost answer
        is retried safely. The answer is returned raw (base64 DER certificates, hex envelope and serials) once
        its shape is checked; a 409 ``card_not_active`` comes as :class:`LedgerRefused`.
        """
        answer = self._signed(CERTIFICATES_PATH, {"card_number": card_number, "card_id": card_id,
                                                  "holder_index": holder_index,
                                                  "sign_public_key": sign_public_key.hex()}, request_id=request_id)
        for name in _CERTIFICATE_FIELDS:
            value = answer.get(name)
            try:
                if not isinstance(value, str) or not base64.b64decode(value, validate=True):
                    raise ValueError(name)
            except (binascii.Error, ValueError) as exc:
                raise LedgerUnavailable(f"certificate answer without a base64 {name}") from exc
        envelope = answer.get("enc_key_envelope")
        if not _is_hex(envelope, _ENVELOPE_HEX_LENGTH):
            raise LedgerUnavailable("certificate answer without a 210-byte enc_key_envelope")
        if not _is_hex(answer.get("sign_serial")) or not _is_hex(answer.get("enc_serial")):
            raise LedgerUnavailable("certificate answer without serials")
        return answer

    def fetch_crl(self, *, timeout: float | None = None) -> bytes:
        """The CA's current CRL, DER (not verified here: see :func:`counter_app.crypto.x509.verify_crl`)."""
        der = self._get_bytes(CRL_PATH, timeout)
        if not der.startswith(b"\x30"):
            raise LedgerUnavailable("the CRL answer is not DER")
        return der

    def fetch_ca_certificate(self, *, timeout: float | None = None) -> bytes:
        """The ledger CA's certificate, PEM. Trust it only as configured by the technician (pin it)."""
        pem = self._get_bytes(CA_CERTIFICATE_PATH, timeout)
        if b"-----BEGIN CERTIFICATE-----" not in pem:
            raise LedgerUnavailable("the CA certificate answer is not PEM")
        return pem

    # --- plumbing ----------------------------------------------------------------------------

    def _get_bytes(self, path: str, timeout: float | None) -> bytes:
        """An unsigned GET whose 2xx body is binary (not JSON); errors sorted as in :meth:`_send`."""
        try:
            response = self._http.request("GET", path, headers={"Accept": "*/*"},
                                          timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT)
        except httpx.TimeoutException as exc:
            raise LedgerUnavailable(f"timeout: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise LedgerUnavailable(f"{type(exc).__name__}: {exc}") from exc
        status = response.status_code
        if 200 <= status < 300 and response.content:
            return response.content
        self._raise_for(response)
        raise LedgerUnavailable(f"unexpected answer HTTP {status}", status=status)

    @staticmethod
    def _raise_for(response: httpx.Response) -> None:
        """Raise :class:`LedgerUnavailable` for a 5xx or 429, :class:`LedgerRefused` for another 4xx."""
        status = response.status_code
        if status >= 500 or status == 429:
            raise LedgerUnavailable(f"HTTP {status}", status=status,
                                    retry_after=_retry_after(response.headers.get("Retry-After")))
        if 400 <= status < 500:
            try:
                answer = response.json()
            except ValueError:
                answer = None
            if not isinstance(answer, dict):
                answer = {"error": f"http_{status}", "message": response.text[:200]}
            raise LedgerRefused(status, str(answer.get("error") or f"http_{status}"),
                                str(answer.get("message") or ""), answer)


    def _signed(self, path: str, fields: dict[str, Any], *, request_id: str | None = None,
                timeout: float | None = None) -> dict[str, Any]:
        if self._key is None:
            raise ValueError("signed request without a key")
        body: dict[str, Any] = {"request_id": request_id or str(uuid.uuid4()), "sent_at": rfc3339(self._clock()),
                                **fields}
        if self.counter_id:  # only a registration may go without (the token names the counter)
            body["counter_id"] = self.counter_id
        signed_input = canonical_json(body)
        body["signature"] = sm2.sign(self._key.private_key, signed_input, public_key=self._key.public_key).hex()
        return self._send("POST", path, canonical_json(body), timeout)

    def _send(self, method: str, path: str, content: bytes | None, timeout: float | None) -> dict[str, Any]:
        try:
            response = self._http.request(
                method, path, content=content,
                headers={"Content-Type": "application/json"} if content is not None else None,
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.TimeoutException as exc:
            raise LedgerUnavailable(f"timeout: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise LedgerUnavailable(f"{type(exc).__name__}: {exc}") from exc
        status = response.status_code
        if status >= 500 or status == 429:
            raise LedgerUnavailable(f"HTTP {status}", status=status,
                                    retry_after=_retry_after(response.headers.get("Retry-After")))
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if 400 <= status < 500:
            if not isinstance(answer, dict):
                answer = {"error": f"http_{status}", "message": response.text[:200]}
            raise LedgerRefused(status, str(answer.get("error") or f"http_{status}"),
                                str(answer.get("message") or ""), answer)
        if not isinstance(answer, dict) or not 200 <= status < 300:
            raise LedgerUnavailable(f"unexpected answer HTTP {status}", status=status)
        return answer
