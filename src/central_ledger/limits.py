"""Abuse limits of the ledger's HTTP API: body size, JSON values that have no safe meaning, request rates.

One ASGI middleware (:class:`GuardMiddleware`), in front of the FastAPI app, so that nothing reaches parsing
that should not:

- **Body size.** A body over ``max_body_bytes`` (2 MB by default; a batch of 1000 events is far below) is
  answered 413 ``request_too_large`` before it is parsed: at once from its ``Content-Length``, and for a body
  without one (chunked) as soon as the bytes counted pass the limit. At most the limit is held in memory; the
  rest of an oversized body is never read (uvicorn closes the connection after the answer, and an HTTP client
  such as httpx still reads the answer it got while writing).
- **JSON values.** A lone UTF-16 surrogate (``"\\ud800"``, which no UTF-8 text can hold), an integer beyond
  ±(2^53 − 1) (not exact in every JSON implementation, and the signature covers its exact text), a non-finite
  number or nesting deeper than ``MAX_DEPTH`` anywhere in the body answer 422 ``malformed_request``, never
  a 500.
- **Rates.** A token bucket per client address (here, before the body is read) and one per counter (after its
  signature is checked, :meth:`Limiter.check_counter`); an empty bucket answers 429 ``rate_limited`` with
  ``Retry-After``. In memory, per process. Behind a TLS proxy the client address is the proxy's unless uvicorn
  is told to trust its ``X-Forwarded-For`` (``central-ledger serve --forwarded-allow-ips``).
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1
MAX_DEPTH = 64


@dataclass(frozen=True)
class Limits:
    """Configurable limits (``central-ledger serve`` options). A rate of 0 switches that limit off.

    The defaults are far above what a counter does (one batch, block or lookup at a time, a few per second at
    most while catching up) and what the tests do, and low enough that a flood from one address is cut."""

    max_body_bytes: int = 2 * 1024 * 1024
    per_address_rate: float = 20.0  # requests per second, sustained
    per_address_burst: int = 400
    per_counter_rate: float = 10.0
    per_counter_burst: int = 200
    crl_cache_seconds: float = 300.0


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"rate limited, retry after {retry_after} s")
        self.retry_after = retry_after


class TokenBuckets:
    """Token buckets by key: ``rate`` tokens a second up to ``burst``; each request takes one."""

    _PRUNE_AT = 10_000

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        """Take a token for ``key`` or raise :class:`RateLimited` with the seconds until one is there."""
        if self.rate <= 0:
            return
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                raise RateLimited(max(1, math.ceil((1.0 - tokens) / self.rate)))
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self._PRUNE_AT:
                self._prune(now)

    def _prune(self, now: float) -> None:
        full = [k for k, (t, at) in self._buckets.items() if t + (now - at) * self.rate >= self.burst]
        for k in full:
            del self._buckets[k]


class Limiter:
    """The rate limits of one app: per client address and per counter."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic):
        self.limits = limits
        self.by_address = TokenBuckets(limits.per_address_rate, limits.per_address_burst, clock)
        self.by_counter = TokenBuckets(limits.per_counter_rate, limits.per_counter_burst, clock)

    def check_counter(self, counter_id: str) -> None:
        self.by_counter.take(counter_id)


class UnsafeJson(ValueError):
    """A JSON value the ledger does not take (lone surrogate, unsafe integer, non-finite number, too deep)."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 16 or abs(int(text)) > MAX_SAFE_INTEGER:
        raise UnsafeJson(f"integer beyond ±(2^53 − 1): {text[:40]}")
    return int(text)


def _constant(name: str) -> Any:
    raise UnsafeJson(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise UnsafeJson(f"number out of range: {text[:40]}")
    return value


def check_json(body: bytes) -> None:
    """Raise :class:`UnsafeJson` for a body that parses but holds a value the ledger refuses; return quietly
    for a body that is fine or is not JSON at all (the app answers that one as malformed)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        value = json.loads(text, parse_int=_int, parse_constant=_constant, parse_float=_float)
    except RecursionError as exc:
        raise UnsafeJson("nested too deeply") from exc
    except ValueError as exc:  # includes UnsafeJson raised by the hooks
        if isinstance(exc, UnsafeJson):
            raise
        return
    _walk(value, 0)


def _walk(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise UnsafeJson("nested too deeply")
    if isinstance(value, str):
        _text(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            _text(k)
            _walk(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _walk(v, depth + 1)


def _text(s: str) -> None:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UnsafeJson("a lone surrogate in a string") from exc


def _json_response(status: int, body: dict[str, Any], extra_headers: list[tuple[bytes, bytes]] = ()):
    content = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
    return {"type": "http.response.start", "status": status, "headers": headers + list(extra_headers)}, \
        {"type": "http.response.body", "body": content}


def too_large_body(limit: int) -> dict[str, Any]:
    return {"error": "request_too_large",
            "message": f"请求体超过 {limit} 字节 / the request body exceeds {limit} bytes", "max_bytes": limit}


def rate_limited_body(retry_after: int) -> dict[str, Any]:
    return {"error": "rate_limited", "message": f"请求过于频繁，请 {retry_after} 秒后重试 / too many requests, "
                                                f"retry in {retry_after} s", "retry_after": retry_after}


class GuardMiddleware:
    """Pure ASGI middleware: rate per address, body size, JSON sanity; the body is handed on to the app."""

    def __init__(self, app, limiter: Limiter):
        self.app = app
        self.limiter = limiter
        self.limits = limiter.limits

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = client[0] if client else "unknown"
        try:
            self.limiter.by_address.take(address)
        except RateLimited as exc:
            await self._answer(send, 429, rate_limited_body(exc.retry_after),
                               [(b"retry-after", str(exc.retry_after).encode())])
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        limit = self.limits.max_body_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._answer(send, 413, too_large_body(limit), [(b"connection", b"close")])
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._answer(send, 413, too_large_body(limit), [(b"connection", b"close")])
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            check_json(body)
        except UnsafeJson as exc:
            await self._answer(send, 422, {"error": "malformed_request",
                                           "message": f"请求含有不能接受的值 / malformed request: {exc}"})
            return
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _answer(send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]] = ()) -> None:
        start, content = _json_response(status, body, headers)
        await send(start)
        await send(content)


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
