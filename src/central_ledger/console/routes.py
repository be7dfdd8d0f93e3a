"""The console's routes under ``/console/``: sign-in, the six pages, their XLSX/PDF exports, the population upload.

Every page needs a signed-in staff member (:mod:`central_ledger.console.auth`); without one the browser is sent to
``/console/login``. What a page may show follows :class:`central_ledger.principal.Principal`: a hall supervisor's
pages are their hall's (another hall: a 403 page), an auditor reads all and is offered no form, and every POST
checks the form's CSRF token before anything else. The figures come from :mod:`central_ledger.district`, the same
ones ``/v1/district/...`` answers, so the pages and the API cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from central_ledger.console import i18n, online, tables, views
from central_ledger.context import AppContext
from central_ledger.ledger import LedgerError
from central_ledger.principal import Principal
from central_ledger.staff import StaffError

HERE = Path(__file__).resolve().parent
NOTICES = frozenset({"logged_out", "session_expired"})  # what ?notice= may say on the login page (no free text)
PAGES = ("today", "counters", "targets", "coverage", "stock", "exceptions")
MAX_UPLOAD = 5 * 1024 * 1024
# Every page: never framed (no clickjacking of the forms), scripts and styles from the console itself only (the
# vendored ECharts among them; it sets inline styles), figures not kept in shared caches.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
                               "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["stamp"] = lambda text: _stamp(str(text))


class Refused(Exception):
    """A console refusal shown as a page (403 hall/role/CSRF, 400 bad input) instead of the API's JSON."""

    def __init__(self, status: int, key: str):
        super().__init__(key)
        self.status = status
        self.key = key


def _auth():
    from central_ledger.console import auth  # helper A's module: sessions, CSRF, the staff directory

    return auth


def _figures(ctx: AppContext):
    from central_ledger.district import DistrictFigures

    return DistrictFigures(ctx.storage, ctx.tz, ctx.clock)


def _plain(obj: Any) -> Any:
    """A figures dataclass as its JSON dict (the API's shape); dicts and lists as they are."""
    if hasattr(obj, "as_dict"):
        return obj.as_dict()
    if isinstance(obj, list):
        return [_plain(o) for o in obj]
    return obj


def halls_by_id(ctx: AppContext) -> dict[str, str]:
    """hall_id → name, for the hall picker and the tables (:mod:`central_ledger.halls`)."""
    from central_ledger.halls import list_halls

    return {h.hall_id: h.name for h in list_halls(ctx.storage)}


def add_routes(app: FastAPI, ctx: AppContext) -> None:
    """Add the console's routes and its static files (the vendored ECharts among them) to the ledger's app."""
    app.mount("/console/static", StaticFiles(directory=str(HERE / "static")), name="console-static")
    _auth().install(app, ctx)  # sets the login page's CSRF cookie whenever a page made one

    def language(request: Request) -> str:
        return i18n.pick_language(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE))

    def render(request: Request, template: str, status: int = 200, **data: Any) -> HTMLResponse:
        lang = language(request)
        t = i18n.translator(lang)
        html = _env.get_template(template).render(t=t, lang=lang, request=request, path=request.url.path,
                                                  lang_url=_with_query(request, lang=t("lang_other_code")), **data)
        response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
        if request.query_params.get("lang") in i18n.LANGUAGES:
            response.set_cookie(i18n.COOKIE, lang, max_age=365 * 86400, path="/console", samesite="strict",
                                httponly=True)
        return response

    def refused(request: Request, principal: Principal | None, status: int, key: str) -> HTMLResponse:
        heading = {403: "csrf_failed_title" if key == "csrf_failed" else "forbidden_title", 404: "not_found"}.get(
            status, "bad_request")
        return render(request, "error.html", status=status, principal=principal, message_key=key, heading=heading,
                      nav=principal is not None, csrf_token=_csrf(request, principal), page="error",
                      halls=halls_by_id(ctx) if principal is not None else {})

    def _csrf(request: Request, principal: Principal | None) -> str:
        return _auth().csrf_token_for(request, ctx) if principal is not None else ""

    async def signed_in(request: Request) -> Principal | None:
        return await run_in_threadpool(_auth().principal_from_request, request, ctx)

    def to_login(request: Request) -> RedirectResponse:
        """To the login page, then back; a browser that still brings a session cookie is told it timed out."""
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        expired = "&notice=session_expired" if request.cookies.get(_auth().SESSION_COOKIE) else ""
        return RedirectResponse(f"/console/login?next={quote(target)}{expired}", status_code=303)

    def scope(request: Request, principal: Principal) -> str | None:
        asked = request.query_params.get("hall") or None
        if not principal.may_read_hall(asked) and asked is not None:
            raise Refused(403, "forbidden_hall")
        return principal.hall_scope(asked)

    def day_of(request: Request) -> dt.date:
        raw = request.query_params.get("date")
        if not raw:
            return ctx.clock().astimezone(ctx.tz).date()
        try:
            return dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise Refused(400, "bad_date") from exc

    # ---- pages -------------------------------------------------------------------------------------------------

    def build(page: str, request: Request, principal: Principal, t: Callable[..., str]) -> tuple[views.PageData,
                                                                                                  dict[str, Any]]:
        """The page's data and its filters (what the template's form shows again)."""
        hall = scope(request, principal)
        halls = halls_by_id(ctx)
        figs = _figures(ctx)
        filters: dict[str, Any] = {"hall": hall}
        if page == "today":
            day = day_of(request)
            filters["date"] = day.isoformat()
            summary = _plain(figs.summary(day, hall))
            exc = _exception_rows(_plain(figs.exceptions(day, hall)))
            data = views.today(summary, exc, t, halls, district_scope=hall is None)
        elif page == "counters":
            board = {"counters": _plain(figs.board(hall)), "generated_at": figs.generated_at()}
            data = views.counters(board, t, halls, language(request))
        elif page == "targets":
            year = _year_of(request, figs.today().year)
            filters["year"] = year
            data = views.targets(_plain(figs.year(year, hall=hall)), t, year, district_scope=hall is None)
        elif page == "coverage":
            data = views.coverage(_plain(figs.coverage()), t, ctx.tz)
        elif page == "stock":
            data = views.stock(_plain(figs.stock(hall)), t, halls, ctx.tz)
        else:
            day = day_of(request)
            filters["date"] = day.isoformat()
            raw = _plain(figs.exceptions(day, hall))
            data = views.exceptions(_exception_rows(raw), t, halls, lang=language(request),
                                    generated_at=raw.get("generated_at", "") if isinstance(raw, dict) else "")
        filters["_halls"] = halls
        return data, filters

    async def built(page: str, request: Request) -> Response | tuple[Principal, Callable[..., str],
                                                                     views.PageData, dict[str, Any]]:
        """The signed-in person, the translator, the page's data and filters, built off the event loop; or the
        response to give instead (the login page, or the refusal page in the page's language)."""
        principal = await signed_in(request)
        if principal is None:
            return to_login(request)
        t = i18n.translator(language(request))
        try:
            data, filters = await run_in_threadpool(build, page, request, principal, t)
        except Refused as exc:
            return refused(request, principal, exc.status, exc.key)
        except LedgerError as exc:  # an unknown hall (404) and the like
            return refused(request, principal, exc.status, exc.code)
        return principal, t, data, filters

    async def page_response(page: str, request: Request, extra: dict[str, Any] | None = None,
                            status: int = 200) -> Response:
        outcome = await built(page, request)
        if isinstance(outcome, Response):
            return outcome
        principal, _t, data, filters = outcome
        halls = filters.pop("_halls")
        visible = {k: v for k, v in halls.items() if principal.may_read_hall(k)}
        export_query = urlencode({k: v for k, v in filters.items() if v is not None})
        return render(request, f"{page}.html", status=status, principal=principal, page=page, data=data,
                      filters=filters, halls=visible, nav=True, csrf_token=_csrf(request, principal),
                      export_query=export_query, chart_json=json.dumps(data.chart, ensure_ascii=False)
                      if data.chart else "null", **(extra or {}))

    for name in PAGES:
        def make(page: str):
            async def show(request: Request) -> Response:
                return await page_response(page, request)

            show.__name__ = f"console_{page}"
            show.__doc__ = f"The console's {page} page (HTML)."
            return show

        app.add_api_route(f"/console/{name}", make(name), methods=["GET"], response_class=HTMLResponse,
                          include_in_schema=False)

    async def export(request: Request, page: str, fmt: str) -> Response:
        """A page's tables as XLSX or PDF, with the same filters and rights as the page."""
        if page not in PAGES or fmt not in ("xlsx", "pdf"):
            return refused(request, None, 404, "not_found")
        outcome = await built(page, request)
        if isinstance(outcome, Response):
            return outcome
        _principal, t, data, filters = outcome
        halls = filters.pop("_halls")
        scope_text = t("district") if filters.get("hall") is None else halls.get(filters["hall"], filters["hall"])
        when = filters.get("date") or filters.get("year") or ctx.clock().astimezone(ctx.tz).date().isoformat()
        title = f"{t('app_title')} · {data.title} · {scope_text} · {when}"
        stamp = data.generated_at or ctx.clock().astimezone(ctx.tz).isoformat(timespec="seconds")
        generated = f"{t('generated_at')}{t('kv_sep')}{_stamp(stamp)}"
        writer = tables.to_xlsx if fmt == "xlsx" else tables.to_pdf
        body = await run_in_threadpool(writer, title, data.tables, generated)
        media = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt == "xlsx"
                 else "application/pdf")
        filename = f"console-{page}-{filters.get('hall') or 'district'}-{when}.{fmt}"
        return Response(body, media_type=media,
                        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'})

    app.add_api_route("/console/export/{page}.{fmt}", export, methods=["GET"], include_in_schema=False)

    @app.get("/console", include_in_schema=False)
    @app.get("/console/", include_in_schema=False)
    async def console_home(request: Request) -> Response:
        """The console starts on today's page."""
        return RedirectResponse("/console/today", status_code=303)

    # ---- sign-in -----------------------------------------------------------------------------------------------

    @app.get("/console/login", include_in_schema=False)
    async def login_page(request: Request) -> Response:
        """The sign-in form (its CSRF token comes through the pre-session cookie)."""
        principal = await signed_in(request)
        if principal is not None:
            return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
        notice = request.query_params.get("notice")
        return login_form(request, message=None, notice=notice if notice in NOTICES else None)

    def login_form(request: Request, message: str | None, notice: str | None, status: int = 200,
                   username: str = "") -> Response:
        response = render(request, "login.html", status=status, principal=None, nav=False, message=message,
                          notice=notice, username=username, next=_safe_next(request.query_params.get("next")),
                          csrf_token=_auth().csrf_token_for(request, ctx))
        return response

    @app.post("/console/login", include_in_schema=False)
    async def login_submit(request: Request) -> Response:
        """Check the CSRF token, then the password (lockout and the wording of refusals are the directory's)."""
        auth = _auth()
        try:
            form = await auth.read_form(request)
            auth.check_csrf(request, ctx, str(form.get("csrf_token") or ""))
        except LedgerError:
            return refused(request, None, 403, "csrf_failed")
        username = str(form.get("username") or "").strip()
        password = str(form.get("password") or "")
        address = request.client.host if request.client else None
        lang = language(request)
        try:
            principal = await run_in_threadpool(auth.directory(ctx).verify_login, username, password, address)
        except StaffError as exc:  # its zh/en message says what (wrong password, locked for so many minutes)
            return login_form(request, message=getattr(exc, lang, exc.message), notice=None, status=exc.status,
                              username=username)
        response = RedirectResponse(_safe_next(str(form.get("next") or "")), status_code=303)
        await run_in_threadpool(auth.start_session, response, ctx, principal)
        return response

    @app.post("/console/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        """End the session (a POST with the session's CSRF token, so that no link can sign anyone out)."""
        auth = _auth()
        principal = await signed_in(request)
        try:
            form = await auth.read_form(request)
            auth.check_csrf(request, ctx, str(form.get("csrf_token") or ""))
        except LedgerError:
            return refused(request, principal, 403, "csrf_failed")
        response = RedirectResponse("/console/login?notice=logged_out", status_code=303)
        await run_in_threadpool(auth.end_session, request, response, ctx)
        return response

    # ---- the population upload (district admin) ---------------------------------------------------------------

    @app.post("/console/coverage/population", include_in_schema=False)
    async def population_upload(request: Request) -> Response:
        """Replace the population table from an uploaded CSV/XLSX (multipart, CSRF, the district admin only)."""
        auth = _auth()
        principal = await signed_in(request)
        if principal is None:
            return to_login(request)
        body = await request.body()
        if len(body) > MAX_UPLOAD + 64 * 1024:
            return refused(request, principal, 413, "upload_too_large")
        fields, files = multipart_form(request.headers.get("content-type", ""), body)
        try:
            auth.check_csrf(request, ctx, fields.get("csrf_token", ""))
        except LedgerError:
            return refused(request, principal, 403, "csrf_failed")
        if not principal.may_change:
            return refused(request, principal, 403, "forbidden_role")
        if "file" not in files or not files["file"][1]:
            return refused(request, principal, 400, "upload_missing")
        filename, content = files["file"]
        outcome = await run_in_threadpool(_import_population, ctx, principal, content, filename,
                                          i18n.translator(language(request)), language(request))
        if outcome.get("refused"):
            return await page_response("coverage", request, {"upload_refused": outcome["refused"]}, status=400)
        return await page_response("coverage", request, {"upload_done": outcome.get("count", 0)})

    online.add_routes(app, ctx, online.Kit(render, refused, signed_in, to_login, _csrf, language))

    @app.get("/console/{rest:path}", include_in_schema=False)
    async def console_not_found(request: Request, rest: str) -> Response:
        """Any other address under the console: its own 404 page (not the API's JSON)."""
        return refused(request, await signed_in(request), 404, "not_found")

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return refused(request, None, exc.status, exc.key)


def _import_population(ctx: AppContext, principal: Principal, content: bytes, filename: str, t, lang: str
                       ) -> dict[str, Any]:
    """:func:`central_ledger.population.import_population` over the uploaded bytes (written to a private
    temporary file under the upload's own base name, which the table records as its source)."""
    import tempfile

    from central_ledger import population

    if len(content) > MAX_UPLOAD:
        return {"refused": [{"row": "—", "problem": t("upload_too_large")}]}
    name = Path(filename.replace("\\", "/")).name.strip() or "population.csv"
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')[:120] or "population.csv"
    with tempfile.TemporaryDirectory(prefix="population-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            result = population.import_population(ctx.storage, path, by=principal.username, clock=ctx.clock)
        except LedgerError as exc:
            row = exc.extra.get("row")
            return {"refused": [{"row": "—" if row is None else row, "problem": _in_language(exc, lang)}]}
    return {"count": result.rows}


def _in_language(exc: LedgerError, lang: str) -> str:
    """One language of a LedgerError's "zh / en" message."""
    zh, sep, en = exc.message.partition(" / ")
    if not sep:
        return exc.message
    return en if lang == "en" else zh


def _exception_rows(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The day's exceptions as one list (spoiled, reprinted, conflicts), in time order."""
    rows = [*raw.get("spoiled", []), *raw.get("reprinted", []), *raw.get("conflicts", [])]
    return sorted(rows, key=lambda r: (r.get("at") or "", r.get("counter_id") or ""))


def _year_of(request: Request, default: int) -> int:
    raw = request.query_params.get("year")
    if not raw:
        return default
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise Refused(400, "bad_year")
    return int(raw)


def _stamp(text: str) -> str:
    """An ISO time as people read it: '2026-03-02 14:30:00' (the district's local time, as generated)."""
    return text.replace("T", " ")[:19]


def _safe_next(target: str | None) -> str:
    """Only a path inside the console (no open redirect to another site)."""
    if target and target.startswith("/console/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/console/today"


def _with_query(request: Request, **changes: str) -> str:
    query = dict(request.query_params)
    query.update(changes)
    return f"{request.url.path}?{urlencode(query)}"
def multipart_form(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """The fields and files of a ``multipart/form-data`` body, parsed with the standard library's MIME parser
    (the ledger does not depend on python-multipart). Anything else parses as empty (and so fails CSRF)."""
    if not content_type.lower().startswith("multipart/form-data"):
        return {}, {}
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\nMIME-Version: 1.0\r\n\r\n" + body)
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if not message.is_multipart():
        return fields, files
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        data = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[str(name)] = (filename, data)
        else:
            fields[str(name)] = data.decode(part.get_content_charset() or "utf-8", errors="replace")
    return fields, files
