"""The citizens' pages under ``/apply/``: server-rendered forms that work without JavaScript, phone first.

    GET  /apply/                  who are you (ID number, name, mobile) → POST /apply/code
    POST /apply/code              a code by SMS (limits, cool-down) → the code page
    POST /apply/verify            the code → the signed session → /apply/form or /apply/status
    GET  /apply/form              the application form (type, address, photo, hall and day, or the post)
    POST /apply/submit            multipart: checked with the counter's rules and photo code → inserted
    GET  /apply/status            without a session: ID number + mobile → a code; with one: the status page
    POST /apply/photo             multipart: a new photo after photo_rejected → submitted
    POST /apply/activate/code     a code (purpose activate) for a posted card → the code page
    POST /apply/activate          the code → the card activated
    POST /apply/logout            the session cookie dropped

Every POST checks the double-submit CSRF token first. Every page has the same security headers (no script at
all, nothing from elsewhere, never framed, not cached). Refusals are pages in the page's language, never JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from central_ledger import online_apps
from central_ledger.context import district_timezone
from central_ledger.seal import SealKey
from central_ledger.sms import SmsError, SmsGateway, masked_mobile
from central_ledger.storage import Storage, Tx
from citizen_portal import codes, forms, i18n
from citizen_portal.session import (
    COOKIE_PATH,
    CSRF_COOKIE,
    CSRF_FIELD,
    PENDING_COOKIE,
    PENDING_MINUTES,
    SESSION_COOKIE,
    SESSION_MINUTES,
    Draft,
    Session,
    Signer,
    csrf_ok,
    new_csrf,
)
from counter_app.domain.problems import Problem, pick

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
BOOKING_DAYS = 30
NOTICES = frozenset({"submitted", "photo_sent", "activated", "open"})
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

_env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def masked_id(number: str) -> str:
    return number[:4] + "*" * (len(number) - 8) + number[-4:] if len(number) > 8 else "*" * len(number)


def create_app(storage: Storage, seal: SealKey, sms: SmsGateway, *,
               clock: Callable[[], dt.datetime] = _utc_now, timezone: dt.tzinfo | None = None) -> FastAPI:
    """The portal over ``storage`` (migrated already: ``Storage.open`` does it)."""
    tz = timezone or district_timezone()
    signer = Signer(seal)
    app = FastAPI(title="citizen-portal", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/apply/static", StaticFiles(directory=str(HERE / "static")), name="portal-static")

    # ---- helpers ---------------------------------------------------------------------------------------------

    def language(request: Request) -> str:
        return i18n.pick_language(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE))

    def flags(request: Request) -> dict[str, Any]:
        return {"httponly": True, "samesite": "strict", "path": COOKIE_PATH, "secure": request.url.scheme == "https"}

    def csrf_token(request: Request) -> str:
        existing = request.cookies.get(CSRF_COOKIE, "")
        if len(existing) >= 32:
            return existing
        fresh = getattr(request.state, "portal_csrf", None) or new_csrf()
        request.state.portal_csrf = fresh
        return fresh

    def lang_url(request: Request, lang: str) -> str:
        query = dict(request.query_params)
        query["lang"] = lang
        path = request.url.path if request.method == "GET" else "/apply/"
        return f"{path}?{urlencode(query)}"

    def render(request: Request, template: str, status: int = 200, **data: Any) -> HTMLResponse:
        lang = language(request)
        t = i18n.translator(lang)
        token = csrf_token(request)
        html = _env.get_template(template).render(t=t, lang=lang, csrf_token=token, csrf_field=CSRF_FIELD,
                                                  lang_url=lang_url(request, t("lang_other_code")), **data)
        response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
        if getattr(request.state, "portal_csrf", None):
            response.set_cookie(CSRF_COOKIE, token, **flags(request))
        if request.query_params.get("lang") in i18n.LANGUAGES:
            response.set_cookie(i18n.COOKIE, lang, max_age=365 * 86400, **flags(request))
        return response

    def message(request: Request, key: str, status: int, *, back: str = "/apply/", **fields: Any) -> HTMLResponse:
        return render(request, "message.html", status=status, key=key, fields=fields, back=back)

    def redirect(target: str) -> RedirectResponse:
        return RedirectResponse(target, status_code=303, headers=SECURITY_HEADERS)

    def problem_texts(request: Request, problems: list[Problem]) -> list[str]:
        lang = language(request)
        return [p.message(lang) for p in problems]

    def session_of(request: Request) -> Session | None:
        return signer.open_session(request.cookies.get(SESSION_COOKIE), clock())

    def today() -> dt.date:
        return clock().astimezone(tz).date()

    def bookable_days() -> list[dt.date]:
        first = today()
        days = (first + dt.timedelta(days=n) for n in range(1, BOOKING_DAYS + 1))
        return [d for d in days if d.weekday() < 5]

    def halls() -> list[dict[str, str]]:
        with storage.transaction() as tx:
            return tx.all("SELECT hall_id, name FROM halls ORDER BY hall_id")

    async def read_form(request: Request) -> dict[str, str] | Response:
        try:
            body = await forms.read_body(request, forms.MAX_FORM_BYTES)
        except forms.TooLarge:
            return message(request, "bad_request", 413)
        except forms.BadForm:
            return message(request, "bad_request", 400)
        form = forms.urlencoded(request.headers.get("content-type", ""), body)
        if not csrf_ok(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
            return message(request, "csrf_failed", 403)
        return form

    async def read_upload(request: Request, back: str) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]] | Response:
        try:
            body = await forms.read_body(request, forms.MAX_UPLOAD_BODY)
        except forms.TooLarge:
            response = message(request, "too_large", 413, back=back)
            response.headers["Connection"] = "close"
            return response
        except forms.BadForm:
            return message(request, "bad_request", 400, back=back)
        fields, files = await run_in_threadpool(forms.multipart, request.headers.get("content-type", ""), body)
        if not csrf_ok(request.cookies.get(CSRF_COOKIE), fields.get(CSRF_FIELD)):
            return message(request, "csrf_failed", 403, back=back)
        return fields, files

    def own_applications(tx: Tx, session: Session) -> list[online_apps.OnlineApplicationRow]:
        return [r for r in online_apps.by_id_index(tx, session.id_index) if r.mobile_index == session.mobile_index]

    def open_state(session: Session) -> str | None:
        """``"mine"``: this mobile's open application; ``"elsewhere"``: one made with another mobile."""
        with storage.transaction() as tx:
            found = online_apps.by_id_index(tx, session.id_index, open_only=True)
        if not found:
            return None
        return "mine" if any(r.mobile_index == session.mobile_index for r in found) else "elsewhere"

    def send_sms(mobile: str, template: str, params: dict[str, Any]) -> None:
        try:
            sms.send(mobile, template, params)
        except SmsError as exc:  # the application is kept; the status page says the same
            log.warning("sms %s not sent: %s", template, exc)

    def code_refused(request: Request, exc: codes.CodeRefused, retry: dict[str, Any]) -> HTMLResponse:
        if exc.key in ("too_many", "cooldown"):
            return message(request, exc.key, 429, minutes=exc.minutes)
        if exc.key == "sms_failed":
            return message(request, "sms_failed", 503)
        return render(request, "code.html", status=400, error=i18n.translator(language(request))(
            exc.key, left=exc.left), **retry)

    # ---- identity and codes ----------------------------------------------------------------------------------

    def identify(request: Request, purpose: str, values: dict[str, str] | None = None,
                 problems: list[str] | None = None, status: int = 200) -> HTMLResponse:
        return render(request, "identify.html", status=status, purpose=purpose, values=values or {},
                      problems=problems or [], page="identify-" + purpose)

    @app.get("/", include_in_schema=False)
    @app.get("/apply", include_in_schema=False)
    async def home_redirect() -> Response:
        return redirect("/apply/")

    @app.get("/apply/health", include_in_schema=False)
    async def health() -> Response:
        return JSONResponse({"ok": True})

    @app.get("/apply/", include_in_schema=False)
    async def start(request: Request) -> Response:
        return identify(request, "apply")

    def code_page(request: Request, mobile: str, action: str, resend_action: str, status: int = 200,
                  title: str = "code_title") -> HTMLResponse:
        return render(request, "code.html", status=status, mobile=masked_mobile(mobile), minutes=codes.CODE_MINUTES,
                      action=action, resend_action=resend_action, title=title, error=None)

    @app.post("/apply/code", include_in_schema=False)
    async def send_code(request: Request) -> Response:
        form = await read_form(request)
        if isinstance(form, Response):
            return form
        now = clock()
        if form.get("resend"):
            pending = signer.open_pending(request.cookies.get(PENDING_COOKIE), now)
            if pending is None:
                return message(request, "expired", 400)
            draft, purpose = pending
        else:
            purpose = form.get("purpose") if form.get("purpose") in ("apply", "status") else "apply"
            (id_number, name, mobile), problems = forms.check_identity(
                form.get("id_number", ""), form.get("name", ""), form.get("mobile", ""),
                need_name=purpose == "apply", today=today())
            if problems:
                values = {k: form.get(k, "")[:100] for k in ("id_number", "name", "mobile")}
                return identify(request, purpose, values, problem_texts(request, problems), status=422)
            draft = Draft(id_number, name, mobile)
        try:
            await run_in_threadpool(codes.issue, storage, seal, sms, draft.mobile, purpose, now)
        except codes.CodeRefused as exc:
            return code_refused(request, exc, {})
        response = code_page(request, draft.mobile, "/apply/verify", "/apply/code")
        response.set_cookie(PENDING_COOKIE, signer.pending(draft, purpose, now), max_age=PENDING_MINUTES * 60,
                            **flags(request))
        return response

    @app.post("/apply/verify", include_in_schema=False)
    async def verify_code(request: Request) -> Response:
        form = await read_form(request)
        if isinstance(form, Response):
            return form
        now = clock()
        pending = signer.open_pending(request.cookies.get(PENDING_COOKIE), now)
        if pending is None:
            return message(request, "expired", 400)
        draft, purpose = pending
        try:
            await run_in_threadpool(codes.verify, storage, seal, draft.mobile, purpose, form.get("code", ""), now)
        except codes.CodeRefused as exc:
            return code_refused(request, exc, {"mobile": masked_mobile(draft.mobile), "minutes": codes.CODE_MINUTES,
                                               "action": "/apply/verify", "resend_action": "/apply/code",
                                               "title": "code_title"})
        response = redirect("/apply/form" if purpose == "apply" else "/apply/status")
        response.set_cookie(SESSION_COOKIE, signer.session(draft, purpose, now), max_age=SESSION_MINUTES * 60,
                            **flags(request))
        response.delete_cookie(PENDING_COOKIE, **flags(request))
        return response

    @app.post("/apply/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        form = await read_form(request)
        if isinstance(form, Response):
            return form
        response = redirect("/apply/")
        response.delete_cookie(SESSION_COOKIE, **flags(request))
        return response

    # ---- the application form ----------------------------------------------------------------------------------

    def form_page(request: Request, session: Session, values: dict[str, str] | None = None,
                  problems: list[str] | None = None, photo_problems: list[str] | None = None,
                  status: int = 200) -> HTMLResponse:
        t = i18n.translator(language(request))
        days = [(d.isoformat(), f"{d.isoformat()} {t('weekday_' + str(d.weekday()))}") for d in bookable_days()]
        return render(request, "form.html", status=status, values=values or {"kind": "lost", "collection": "hall"},
                      problems=problems or [], photo_problems=photo_problems or [], halls=halls(), days=days,
                      kinds=list(forms.KINDS), name=session.draft.name, id_masked=masked_id(session.draft.id_number),
                      mobile=masked_mobile(session.draft.mobile), page="form", signed_in=True,
                      max_mb=forms.MAX_PHOTO_BYTES // (1024 * 1024))

    def open_refusal(request: Request, state: str | None) -> Response | None:
        if state == "mine":
            return redirect("/apply/status?notice=open")
        if state == "elsewhere":
            return message(request, "open_elsewhere", 409, back="/apply/status")
        return None

    @app.get("/apply/form", include_in_schema=False)
    async def application_form(request: Request) -> Response:
        session = session_of(request)
        if session is None or session.purpose != "apply":
            return redirect("/apply/")
        refusal = open_refusal(request, await run_in_threadpool(open_state, session))
        return refusal or form_page(request, session)

    @app.post("/apply/submit", include_in_schema=False)
    async def submit(request: Request) -> Response:
        session = session_of(request)
        if session is None or session.purpose != "apply":
            # the body is not read: a stale tab gets the same page whatever it sent
            return message(request, "expired", 401)
        upload = await read_upload(request, "/apply/form")
        if isinstance(upload, Response):
            return upload
        fields, files = upload
        refusal = open_refusal(request, await run_in_threadpool(open_state, session))
        if refusal is not None:
            return refusal
        return await run_in_threadpool(_submit, request, session, fields, files)

    def _submit(request: Request, session: Session, fields: dict[str, str],
                files: dict[str, tuple[str, bytes]]) -> Response:
        t = i18n.translator(language(request))
        draft = session.draft
        values = {k: fields.get(k, "")[:300] for k in ("kind", "address", "collection", "hall_id", "collect_day",
                                                       "postal_address")}
        applicant, problems = forms.applicant_of(draft.id_number, draft.name, draft.mobile, values["address"],
                                                 values["kind"], today())
        texts = problem_texts(request, problems)
        collection = values["collection"]
        hall_id = collect_day = postal_address = postal_township = None
        if collection == "hall":
            known = {h["hall_id"] for h in halls()}
            if values["hall_id"] not in known:
                texts.append(t("bad_hall"))
            else:
                hall_id = values["hall_id"]
            if values["collect_day"] not in {d.isoformat() for d in bookable_days()}:
                texts.append(t("bad_day"))
            else:
                collect_day = values["collect_day"]
        elif collection == "post":
            postal_address = " ".join((values["postal_address"] or values["address"]).split())
            with storage.transaction() as tx:
                township = forms.township_of_address(postal_address, forms.district_townships(tx))
            if township is None or any(ord(ch) < 32 for ch in postal_address):
                texts.append(t("bad_postal"))
            else:
                postal_township = township.code
        else:
            texts.append(t("bad_collection"))
        lang = language(request)
        photo = forms.check_photo(files.get("photo", ("", b""))[1])
        photo_texts = [pick(lang, zh, en) for zh, en in photo.reasons]
        if texts or not photo.ok or applicant is None:
            return form_page(request, session, values, texts, photo_texts, status=422)
        now = codes.iso(clock())
        identity = json.dumps({"applicant": applicant.to_dict(), "mobile": draft.mobile}, ensure_ascii=False)
        row = online_apps.OnlineApplicationRow(
            app_id=online_apps.new_app_id(), id_index=session.id_index, mobile_index=session.mobile_index,
            identity=seal.seal_text(identity), photo=seal.seal(photo.jpeg or b""), photo_checks=photo.checks_json,
            application=applicant.application_type.value, reason=applicant.reason.value if applicant.reason else None,
            collection=collection, hall_id=hall_id, collect_day=collect_day,
            postal_address=seal.seal_text(postal_address) if postal_address else None,
            postal_township=postal_township, status=online_apps.SUBMITTED, reason_code=None, reviewed_by=None,
            reviewed_at=None, counter_id=None, issuance_id=None, card_number=None, tracking_number=None,
            qr_token=online_apps.new_qr_token(), created_at=now, updated_at=now)
        with storage.transaction(write=True) as tx:
            tx.lock_intake()
            if online_apps.by_id_index(tx, session.id_index, open_only=True):  # a second tab, at the same time
                raced = True
            else:
                raced = False
                online_apps.insert(tx, row, by_whom="citizen")
        if raced:
            return redirect("/apply/status?notice=open")
        send_sms(draft.mobile, "submitted", {"app_id": row.app_id})
        return redirect("/apply/status?notice=submitted")

    # ---- the status page ----------------------------------------------------------------------------------------

    def status_page(request: Request, session: Session, *, photo_problems: list[str] | None = None,
                    status: int = 200) -> HTMLResponse:
        lang = language(request)
        t = i18n.translator(lang)
        with storage.transaction() as tx:
            mine = own_applications(tx, session)
            row = mine[0] if mine else None
            history = online_apps.history(tx, row.app_id) if row else []
            hall_names = {h["hall_id"]: h["name"] for h in tx.all("SELECT hall_id, name FROM halls")}
            townships = {tw.code: tw.name for tw in forms.district_townships(tx)}
        notice = request.query_params.get("notice")
        data: dict[str, Any] = {"row": None, "notice": notice if notice in NOTICES else None, "page": "status",
                                "signed_in": True, "photo_problems": photo_problems or [],
                                "id_masked": masked_id(session.draft.id_number),
                                "elsewhere": False, "max_mb": forms.MAX_PHOTO_BYTES // (1024 * 1024)}
        if row is None:
            with storage.transaction() as tx:
                data["elsewhere"] = bool(online_apps.by_id_index(tx, session.id_index, open_only=True))
            return render(request, "status.html", status=status, **data)
        steps = []
        for h in history:
            when = dt.datetime.fromisoformat(h["at"]).astimezone(tz).strftime("%Y-%m-%d %H:%M")
            extra = []
            if h["reason_code"] in online_apps.REASON_CODES:
                zh, en = online_apps.REASON_CODES[h["reason_code"]]
                extra.append(t("reason", reason=pick(lang, zh, en)))
            tracking = (h["detail"] or {}).get("tracking_number") or (
                row.tracking_number if h["status"] == online_apps.POSTED else None)
            if h["status"] == online_apps.POSTED and tracking:
                extra.append(t("tracking", tracking=tracking))
            label = t("hist_photo_rejected" if h["status"] == online_apps.PHOTO_REJECTED else "st_" + h["status"])
            steps.append({"status": h["status"], "label": label, "at": when, "extra": extra})
        reason_text = None
        if row.reason_code in online_apps.REASON_CODES and row.status in (online_apps.PHOTO_REJECTED,
                                                                          online_apps.REJECTED):
            zh, en = online_apps.REASON_CODES[row.reason_code]
            reason_text = pick(lang, zh, en)
        if row.collection == "hall":
            day = dt.date.fromisoformat(row.collect_day) if row.collect_day else None
            day_text = f"{day.isoformat()} {t('weekday_' + str(day.weekday()))}" if day else ""
            collection = [t("collect_at", hall=hall_names.get(row.hall_id or "", row.hall_id or "")),
                          t("collect_day", day=day_text)]
        else:
            township = townships.get(row.postal_township or "", row.postal_township or "")
            collection = [t("post_to", township=township) if township else t("post_home")]
        data.update(row=row, steps=list(reversed(steps)), status_label=t("st_" + row.status), reason_text=reason_text,
                    collection=collection, qr_svg=_qr_svg(row.qr_token) if row.status in online_apps.OPEN_STATUSES
                    and row.status not in (online_apps.PHOTO_REJECTED, online_apps.POSTED) else None,
                    tracking=row.tracking_number)
        return render(request, "status.html", status=status, **data)

    @app.get("/apply/status", include_in_schema=False)
    async def status(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return identify(request, "status")
        return await run_in_threadpool(status_page, request, session)

    def latest(session: Session) -> online_apps.OnlineApplicationRow | None:
        with storage.transaction() as tx:
            mine = own_applications(tx, session)
        return mine[0] if mine else None

    @app.post("/apply/photo", include_in_schema=False)
    async def new_photo(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return message(request, "expired", 401, back="/apply/status")
        upload = await read_upload(request, "/apply/status")
        if isinstance(upload, Response):
            return upload
        _fields, files = upload
        row = await run_in_threadpool(latest, session)
        if row is None or row.status != online_apps.PHOTO_REJECTED:
            return message(request, "not_your_step", 409, back="/apply/status")
        photo = await run_in_threadpool(forms.check_photo, files.get("photo", ("", b""))[1])
        if not photo.ok:
            lang = language(request)
            texts = [pick(lang, zh, en) for zh, en in photo.reasons]
            return await run_in_threadpool(lambda: status_page(request, session, photo_problems=texts, status=422))

        def store() -> None:
            with storage.transaction(write=True) as tx:
                online_apps.set_status(tx, row.app_id, online_apps.SUBMITTED, by_whom="citizen",
                                       now=codes.iso(clock()), photo=seal.seal(photo.jpeg or b""),
                                       photo_checks=photo.checks_json)

        try:
            await run_in_threadpool(store)
        except online_apps.TransitionRefused:
            return message(request, "not_your_step", 409, back="/apply/status")
        return redirect("/apply/status?notice=photo_sent")

    # ---- a posted card's receipt ------------------------------------------------------------------------------

    def posted_or_refusal(request: Request) -> tuple[Session, online_apps.OnlineApplicationRow] | Response:
        session = session_of(request)
        if session is None:
            return message(request, "expired", 401, back="/apply/status")
        row = latest(session)
        if row is None or row.status != online_apps.POSTED:
            return message(request, "not_your_step", 409, back="/apply/status")
        return session, row

    activate_retry = {"action": "/apply/activate", "resend_action": "/apply/activate/code",
                      "title": "activate_code_title", "minutes": codes.CODE_MINUTES}

    @app.post("/apply/activate/code", include_in_schema=False)
    async def activate_code(request: Request) -> Response:
        form = await read_form(request)
        if isinstance(form, Response):
            return form
        found = await run_in_threadpool(posted_or_refusal, request)
        if isinstance(found, Response):
            return found
        session, _row = found
        try:
            await run_in_threadpool(codes.issue, storage, seal, sms, session.draft.mobile, "activate", clock())
        except codes.CodeRefused as exc:
            return code_refused(request, exc, {**activate_retry, "mobile": masked_mobile(session.draft.mobile)})
        return code_page(request, session.draft.mobile, "/apply/activate", "/apply/activate/code",
                         title="activate_code_title")

    @app.post("/apply/activate", include_in_schema=False)
    async def activate(request: Request) -> Response:
        form = await read_form(request)
        if isinstance(form, Response):
            return form
        found = await run_in_threadpool(posted_or_refusal, request)
        if isinstance(found, Response):
            return found
        session, row = found
        now = clock()
        try:
            await run_in_threadpool(codes.verify, storage, seal, session.draft.mobile, "activate",
                                    form.get("code", ""), now)
        except codes.CodeRefused as exc:
            return code_refused(request, exc, {**activate_retry, "mobile": masked_mobile(session.draft.mobile)})

        def store() -> None:
            with storage.transaction(write=True) as tx:
                activate_posted(tx, row.app_id, now)

        from central_ledger.online_cards import ActivationRefused

        try:
            await run_in_threadpool(store)
        except (ActivationRefused, online_apps.TransitionRefused) as exc:
            log.warning("activation of %s refused: %s", row.app_id, exc)
            return message(request, "not_activatable", 409, back="/apply/status")
        send_sms(session.draft.mobile, "activated", {"app_id": row.app_id})
        return redirect("/apply/status?notice=activated")

    # ---- the rest -------------------------------------------------------------------------------------------------

    @app.get("/apply/{rest:path}", include_in_schema=False)
    async def not_found(request: Request, rest: str) -> Response:
        return message(request, "not_found", 404)

    return app


def activate_posted(tx: Tx, app_id: str, now: dt.datetime) -> None:
    """The holder confirmed receipt: ``central_ledger.online_cards.activate_posted_card`` (the application
    ``activated`` and the card ``active``)."""
    from central_ledger.online_cards import activate_posted_card

    activate_posted_card(tx, app_id, now=codes.iso(now), by_whom="citizen")


def _qr_svg(token: str) -> str:
    import segno

    return segno.make(token, error="m").svg_inline(scale=6, border=2, dark="#000", light="#fff", omitsize=True)
