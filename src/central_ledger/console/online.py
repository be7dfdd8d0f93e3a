"""The console's review of online applications (docs/online-applications.md): ``/console/online``, the queue,
and ``/console/online/{app_id}``, one application with its photo and the reviewer's three forms.

Who sees what (:class:`central_ledger.principal.Principal`): the district admin every application; an auditor
every application and no form; a hall supervisor the hall collections of their own hall and nothing else (not
the postal ones, not another hall's: a 403 page). The admin and a hall supervisor decide: approve, reject the
photo (a ``photo_*`` reason code: the citizen sends a new photo) or reject the data (another code: final).

A decision is written with :func:`central_ledger.online_apps.set_status` (``by_whom`` = the username, and the
``reviewed_by``/``reviewed_at`` columns) and a ``staff_audit`` row in one transaction; the citizen is told by text
message through the configured gateway after the commit (a gateway that fails is reported on the page; the
decision stands). The photo is shown inline as a ``data:`` URI of a page sent with ``Cache-Control: no-store``
(the console's headers), so it is never kept by a cache. Sealed columns are opened here with the ledger's seal
key; without one (``serve`` with no ``--seal-key-file``) the pages say that online applications are not
configured.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from central_ledger import online_apps
from central_ledger.context import AppContext
from central_ledger.crypto import canonical_json
from central_ledger.halls import list_halls
from central_ledger.ledger import LedgerError, iso
from central_ledger.online_apps import OnlineApplicationRow
from central_ledger.principal import AUDITOR, Principal
from central_ledger.seal import SealError, SealKey
from central_ledger.sms import SmsError, masked_mobile

log = logging.getLogger(__name__)

QUEUE_LIMIT = 300
DECISIONS = ("approve", "reject_photo", "reject_data")
DATA_REASONS = tuple(code for code in online_apps.REASON_CODES if code not in online_apps.PHOTO_REASONS)
PHOTO_REASONS = tuple(code for code in online_apps.REASON_CODES if code in online_apps.PHOTO_REASONS)
DONE_NOTICES = frozenset({"approved", "photo_rejected", "rejected"})


@dataclass(frozen=True)
class Kit:
    """What the console's routes module lends these pages: its renderer, refusal page, sign-in and CSRF."""

    render: Callable[..., HTMLResponse]
    refused: Callable[..., HTMLResponse]
    signed_in: Callable[[Request], Awaitable[Principal | None]]
    to_login: Callable[[Request], Response]
    csrf: Callable[[Request, Principal | None], str]
    language: Callable[[Request], str]


class Refusal(Exception):
    def __init__(self, status: int, key: str):
        super().__init__(key)
        self.status, self.key = status, key


def may_decide(principal: Principal) -> bool:
    return principal.role != AUDITOR


def visible(principal: Principal, row: OnlineApplicationRow) -> bool:
    """The admin and the auditor see every application; a hall supervisor their hall's collections only."""
    if principal.sees_all_halls:
        return True
    return row.collection == "hall" and row.hall_id is not None and row.hall_id == principal.hall_id


def masked_id(id_number: str) -> str:
    """First 6 and last 4 characters (the region and the check), the rest as asterisks."""
    if len(id_number) <= 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def _identity(key: SealKey, row: OnlineApplicationRow) -> dict[str, Any]:
    try:
        return json.loads(key.unseal_text(row.identity))
    except (SealError, ValueError):
        log.error("online application %s cannot be opened with this seal key", row.app_id)
        return {"applicant": {}, "mobile": ""}


# ---- data -------------------------------------------------------------------------------------------------

def queue(ctx: AppContext, principal: Principal, status: str | None) -> list[dict[str, Any]]:
    """The queue rows the person may see: submitted first, then the rest, oldest first within each."""
    key = _key(ctx)
    condition, params = "1 = 1", []
    if status:
        condition, params = "status = ?", [status]
    if not principal.sees_all_halls:
        condition += " AND collection = 'hall' AND hall_id = ?"
        params.append(principal.hall_id or "")
    with ctx.storage.transaction() as tx:
        rows = online_apps.where(tx, condition, tuple(params),
                                 order="CASE WHEN status = 'submitted' THEN 0 ELSE 1 END, created_at, app_id"
                                       f" LIMIT {QUEUE_LIMIT}")
    return [{"row": r, "name": (_identity(key, r).get("applicant") or {}).get("name", "")} for r in rows]


def detail(ctx: AppContext, principal: Principal, app_id: str) -> dict[str, Any]:
    key = _key(ctx)
    with ctx.storage.transaction() as tx:
        row = online_apps.get(tx, app_id) if online_apps.is_app_id(app_id) else None
        if row is None:
            raise Refusal(404, "online_not_found")
        if not visible(principal, row):
            raise Refusal(403, "forbidden_hall")
        story = online_apps.history(tx, app_id)
    identity = _identity(key, row)
    applicant = identity.get("applicant") or {}
    photo = key.unseal(row.photo) if row.photo else None
    return {
        "row": row, "name": applicant.get("name", ""), "masked_id": masked_id(str(applicant.get("document_number", ""))),
        "mobile": masked_mobile(str(identity.get("mobile", ""))), "applicant": applicant,
        "photo_uri": "data:image/jpeg;base64," + base64.b64encode(photo).decode("ascii") if photo else None,
        "photo_checks": json.loads(row.photo_checks) if row.photo_checks else [],
        "postal_address": key.unseal_text(row.postal_address) if row.postal_address else None,
        "history": story,
    }


def decide(ctx: AppContext, principal: Principal, app_id: str, decision: str, reason_code: str | None,
           address: str | None) -> tuple[OnlineApplicationRow, dict[str, Any]]:
    """Apply the reviewer's decision (one transaction with its staff_audit row); returns the row and the text
    message to send after the commit."""
    key = _key(ctx)
    if decision not in DECISIONS:
        raise Refusal(400, "online_bad_decision")
    if decision == "reject_photo" and reason_code not in PHOTO_REASONS:
        raise Refusal(400, "online_reason_needed")
    if decision == "reject_data" and reason_code not in DATA_REASONS:
        raise Refusal(400, "online_reason_needed")
    to_status = {"approve": online_apps.APPROVED, "reject_photo": online_apps.PHOTO_REJECTED,
                 "reject_data": online_apps.REJECTED}[decision]
    code = None if decision == "approve" else reason_code
    now = iso(ctx.clock())
    with ctx.storage.transaction(write=True) as tx:
        row = online_apps.get(tx, app_id) if online_apps.is_app_id(app_id) else None
        if row is None:
            raise Refusal(404, "online_not_found")
        if not visible(principal, row):
            raise Refusal(403, "forbidden_hall")
        if row.status != online_apps.SUBMITTED:
            raise Refusal(409, "online_already_decided")
        updated = online_apps.set_status(tx, app_id, to_status, by_whom=principal.username, now=now,
                                         reason_code=code, reviewed_by=principal.username, reviewed_at=now)
        tx.execute("INSERT INTO staff_audit (username, action, detail, address, at) VALUES (?, ?, ?, ?, ?)",
                   (principal.username, "online_review",
                    canonical_json({"app_id": app_id, "decision": to_status, "reason_code": code}).decode("utf-8"),
                    address, now))
        hall = tx.one("SELECT name FROM halls WHERE hall_id = ?", (row.hall_id,)) if row.hall_id else None
    mobile = str(_identity(key, updated).get("mobile", ""))
    if to_status == online_apps.APPROVED:
        if updated.collection == "hall":
            place = hall["name"] if hall else (updated.hall_id or "")
            next_step = f"请于 {updated.collect_day} 携带身份证到{place}领取，现场即办。"
        else:
            next_step = "社保卡制作完成后将邮寄到您填写的地址，寄出时短信告知快递单号。"
        message = {"mobile": mobile, "template": "approved", "params": {"app_id": app_id, "next": next_step}}
    else:
        reason = online_apps.REASON_CODES[code or "data_other"][0]
        message = {"mobile": mobile, "template": "rejected", "params": {"app_id": app_id, "reason": reason}}
    return updated, message


def _key(ctx: AppContext) -> SealKey:
    if ctx.seal_key is None:
        raise Refusal(404, "online_not_configured")
    return ctx.seal_key


def _halls(ctx: AppContext) -> dict[str, str]:
    return {h.hall_id: h.name for h in list_halls(ctx.storage)}


def _tell(ctx: AppContext, message: dict[str, Any]) -> bool:
    """Send the decision's text message (after the commit); False when there is no gateway or it failed."""
    if ctx.sms is None or not message["mobile"]:
        log.warning("online review: no SMS gateway configured, %s not sent", message["template"])
        return False
    try:
        ctx.sms.send(message["mobile"], message["template"], message["params"])
    except SmsError as exc:
        log.error("online review: the %s message was not sent: %s", message["template"], exc)
        return False
    return True


# ---- routes -----------------------------------------------------------------------------------------------

def add_routes(app: FastAPI, ctx: AppContext, kit: Kit) -> None:
    """The review pages (before the console's catch-all 404 route)."""
    from central_ledger.console import auth

    def page(request: Request, principal: Principal, template: str, **data: Any) -> HTMLResponse:
        return kit.render(request, template, principal=principal, page="online", nav=True,
                          csrf_token=kit.csrf(request, principal), halls=_halls(ctx), filters={},
                          statuses=online_apps.STATUSES, reasons=online_apps.REASON_CODES,
                          photo_reasons=PHOTO_REASONS, data_reasons=DATA_REASONS, lang_code=kit.language(request),
                          may_decide=may_decide(principal), **data)

    @app.get("/console/online", include_in_schema=False)
    async def online_queue(request: Request) -> Response:
        """The review queue (HTML): submitted first, oldest first; ``?status=`` filters."""
        principal = await kit.signed_in(request)
        if principal is None:
            return kit.to_login(request)
        status = request.query_params.get("status") or None
        if status is not None and status not in online_apps.STATUSES:
            return kit.refused(request, principal, 400, "online_bad_status")
        try:
            rows = await run_in_threadpool(queue, ctx, principal, status)
        except Refusal as exc:
            return kit.refused(request, principal, exc.status, exc.key)
        return page(request, principal, "online_queue.html", rows=rows, status_filter=status or "",
                    limit=QUEUE_LIMIT)

    @app.get("/console/online/{app_id}", include_in_schema=False)
    async def online_detail(request: Request, app_id: str) -> Response:
        """One application: photo, name, masked ID number, type, collection, history and the forms."""
        principal = await kit.signed_in(request)
        if principal is None:
            return kit.to_login(request)
        try:
            found = await run_in_threadpool(detail, ctx, principal, app_id)
        except Refusal as exc:
            return kit.refused(request, principal, exc.status, exc.key)
        done = request.query_params.get("done")
        return page(request, principal, "online_detail.html", app=found,
                    done=done if done in DONE_NOTICES else None, sms_failed=request.query_params.get("sms") == "0")

    @app.post("/console/online/{app_id}/decide", include_in_schema=False)
    async def online_decide(request: Request, app_id: str) -> Response:
        """The reviewer's decision (CSRF first; the admin or the hall's supervisor; never an auditor)."""
        principal = await kit.signed_in(request)
        if principal is None:
            return kit.to_login(request)
        try:
            form = await auth.read_form(request)
            auth.check_csrf(request, ctx, str(form.get("csrf_token") or ""))
        except LedgerError:
            return kit.refused(request, principal, 403, "csrf_failed")
        if not may_decide(principal):
            return kit.refused(request, principal, 403, "forbidden_role")
        decision = str(form.get("decision") or "")
        reason = str(form.get("reason_code") or "") or None
        try:
            updated, message = await run_in_threadpool(decide, ctx, principal, app_id, decision, reason,
                                                       auth.client_address(request))
        except Refusal as exc:
            return kit.refused(request, principal, exc.status, exc.key)
        sent = await run_in_threadpool(_tell, ctx, message)
        query = urlencode({"done": updated.status, **({} if sent else {"sms": "0"})})
        return RedirectResponse(f"/console/online/{app_id}?{query}", status_code=303)
