"""Who is asking, for the console's pages and the district API: sessions, bearer tokens and CSRF (issue 21).

The pages and the API ask these functions, never the cookies or headers themselves:

- :func:`principal_from_request`: the staff member behind a request (``Authorization: Bearer T`` first, else the
  ``ledger_session`` cookie), or None; :func:`require_principal` raises 401 ``unauthenticated`` instead.
- :func:`start_session` after :meth:`StaffDirectory.verify_login` (the login page), :func:`end_session` on logout.
- Every form carries a hidden field ``csrf_token`` filled with :func:`csrf_token_for`, and every POST handler
  calls :func:`check_csrf` with that field's value before doing anything. Inside a session the token is the
  session's synchroniser token (stored with it). The login form has no session yet: it is protected by a
  double-submit cookie ``ledger_login_csrf`` whose value the form must repeat; :func:`csrf_token_for` makes that
  cookie's value when there is none, and :func:`install` (or :func:`set_login_csrf_cookie` in the handler) sets
  the cookie on the response.

Cookies are HttpOnly, SameSite=Strict, Path=/ and Secure unless ``ctx.console.secure_cookies`` is False (plain
HTTP demos). The session cookie has no expiry date: the browser drops it when closed, the ledger after
``ctx.console.idle_minutes`` without use.
"""

from __future__ import annotations

import hmac
import secrets
import weakref
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request, Response

from central_ledger.context import AppContext
from central_ledger.ledger import LedgerError
from central_ledger.principal import Principal
from central_ledger.staff import StaffDirectory

SESSION_COOKIE = "ledger_session"
LOGIN_CSRF_COOKIE = "ledger_login_csrf"
CSRF_FIELD = "csrf_token"
LOGIN_CSRF_SECONDS = 3600  # how long a login page stays usable

_directories: dict[int, StaffDirectory] = {}


def directory(ctx: AppContext) -> StaffDirectory:
    """The :class:`StaffDirectory` of this app (one per context, made on first use, with the context's clock and
    console options)."""
    found = _directories.get(id(ctx))
    if found is None or found.storage is not ctx.storage:
        found = StaffDirectory(ctx.storage, ctx.clock, ctx.console)
        _directories[id(ctx)] = found
        weakref.finalize(ctx, _directories.pop, id(ctx), None)
    return found


def _client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _resolve(request: Request, ctx: AppContext) -> tuple[Principal | None, str | None, str]:
    """(principal, session CSRF token or None, how: "bearer" | "session" | "none"), once per request."""
    cached = getattr(request.state, "_ledger_auth", None)
    if cached is not None:
        return cached
    token = _bearer(request)
    if token is not None:
        # An Authorization header decides alone: a wrong token is not rescued by a cookie.
        result = (directory(ctx).principal_of_token(token) if token else None, None, "bearer")
    else:
        found = directory(ctx).session(request.cookies.get(SESSION_COOKIE, ""))
        result = (found[0], found[1], "session") if found else (None, None, "none")
    request.state._ledger_auth = result
    return result


def principal_from_request(request: Request, ctx: AppContext) -> Principal | None:
    """The staff member behind ``request``: from ``Authorization: Bearer T`` when the header is there (None if
    the token is unknown, expired or its account disabled), else from the ``ledger_session`` cookie (None if
    there is none or the session ended or idled out; a live session's last use is touched). Resolved once per
    request (cached on ``request.state``)."""
    return _resolve(request, ctx)[0]


def require_principal(request: Request, ctx: AppContext) -> Principal:
    """:func:`principal_from_request` or LedgerError(401, "unauthenticated") (the API answers it as JSON; the
    pages redirect to the login page instead)."""
    principal = principal_from_request(request, ctx)
    if principal is None:
        raise LedgerError(401, "unauthenticated", "请先登录（或提供有效的令牌）",
                          "sign in first (or give a valid bearer token)")
    return principal


def csrf_token_for(request: Request, ctx: AppContext) -> str:
    """The value of the hidden ``csrf_token`` field for a form on this page.

    In a session: the session's token. Without one (the login page): the ``ledger_login_csrf`` cookie's value,
    or a new one, remembered on ``request.state`` so that :func:`install`'s middleware (or
    :func:`set_login_csrf_cookie`) sets the cookie on the response."""
    principal, csrf, how = _resolve(request, ctx)
    if how == "session" and principal is not None and csrf:
        return csrf
    pending = getattr(request.state, "_ledger_login_csrf", None)
    if pending:
        return pending
    existing = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if len(existing) >= 32:
        return existing
    fresh = secrets.token_urlsafe(32)
    request.state._ledger_login_csrf = fresh
    return fresh


def check_csrf(request: Request, ctx: AppContext, form_value: str | None) -> None:
    """Refuse a form post whose ``csrf_token`` is not this session's token (or, without a session, not the
    ``ledger_login_csrf`` cookie's value): LedgerError(403, "csrf_failed"). Compared in constant time. A request
    with a bearer token passes: browsers never send that header by themselves, so it cannot be forged."""
    principal, csrf, how = _resolve(request, ctx)
    if how == "bearer":
        return
    if how == "session" and principal is not None and csrf:
        expected = csrf
    else:
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    given = form_value or ""
    if len(expected) < 32 or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise LedgerError(403, "csrf_failed", "表单已失效或来源不明，请重新打开页面后再提交",
                          "the form expired or did not come from this console: open the page again and resend")


def _cookie_flags(ctx: AppContext) -> dict:
    return {"httponly": True, "samesite": "strict", "path": "/", "secure": ctx.console.secure_cookies}


def set_login_csrf_cookie(request: Request, response: Response, ctx: AppContext) -> None:
    """Set the ``ledger_login_csrf`` cookie when :func:`csrf_token_for` made a new login token for this request
    (no-op otherwise). :func:`install` calls it for every response; call it yourself only without it."""
    fresh = getattr(request.state, "_ledger_login_csrf", None)
    if fresh:
        response.set_cookie(LOGIN_CSRF_COOKIE, fresh, max_age=LOGIN_CSRF_SECONDS, **_cookie_flags(ctx))


def start_session(response: Response, ctx: AppContext, principal: Principal) -> None:
    """Begin a console session for a person :meth:`StaffDirectory.verify_login` accepted: a new session (never
    one the browser brought: no fixation), its ``ledger_session`` cookie set on ``response``, and the login page's
    CSRF cookie dropped."""
    cookie, _csrf = directory(ctx).create_session(principal)
    response.set_cookie(SESSION_COOKIE, cookie, **_cookie_flags(ctx))
    response.delete_cookie(LOGIN_CSRF_COOKIE, **_cookie_flags(ctx))


def end_session(request: Request, response: Response, ctx: AppContext) -> None:
    """Sign out: end the request's session in the ledger (audited) and clear its cookie on ``response``."""
    directory(ctx).end_session(request.cookies.get(SESSION_COOKIE, ""), _client_address(request))
    response.delete_cookie(SESSION_COOKIE, **_cookie_flags(ctx))
    request.state._ledger_auth = (None, None, "none")


def install(app: FastAPI, ctx: AppContext) -> None:
    """Add the middleware that sets the login CSRF cookie whenever a page asked :func:`csrf_token_for` for a new
    one. Call once, from the console's ``add_routes``."""

    @app.middleware("http")
    async def _login_csrf_cookie(request: Request, call_next):  # noqa: ANN001, ANN202 - Starlette's signature
        response = await call_next(request)
        set_login_csrf_cookie(request, response, ctx)
        return response


async def read_form(request: Request, max_bytes: int = 64 * 1024) -> dict[str, str]:
    """The fields of an ``application/x-www-form-urlencoded`` post (the console's forms), last value of each
    name winning; without python-multipart (not a dependency of the ledger). LedgerError 413 past
    ``max_bytes``, 415 for another content type (file uploads are read by their own handlers)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("", "application/x-www-form-urlencoded"):
        raise LedgerError(415, "unsupported_media_type", "表单格式不支持", "unsupported form encoding")
    body = await request.body()
    if len(body) > max_bytes:
        raise LedgerError(413, "body_too_large", "表单过大", "the form is too large")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=200)
    except (UnicodeDecodeError, ValueError) as exc:
        raise LedgerError(422, "malformed_request", "表单无法解析", "the form cannot be read") from exc
    return dict(pairs)


def client_address(request: Request) -> str | None:
    """The client's address as the ledger sees it (for the audit of sign-ins)."""
    return _client_address(request)
