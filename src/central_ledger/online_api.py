"""The counters' side of online applications (docs/online-applications.md): what a hall's counters collect on a
day, one application found at any counter, and the card centre's postal queue.

All three routes are signed like every counter request and answer :class:`Application`: the record with its
sealed columns opened (the applicant as the counter's own ``Applicant.to_dict()``, the mobile number, the photo
as base64 JPEG, the postal address), so that the counter starts its prefilled flow from it and keeps it, sealed
in its own database, to work offline. They exist only when the ledger has a seal key (``serve
--seal-key-file``): without it nothing could be opened.

- ``POST /v1/online/due`` ``{"day"}``: the hall's collections on that day (approved, in production or ready).
  The hall is the counter's own (``counters.hall_id``), never taken from the request; a counter in no hall is 404
  ``no_hall``.
- ``POST /v1/online/lookup`` with exactly one of ``id_number``, ``qr_token``, ``app_id``: the open application of
  any hall ("finish at any counter"), or 404 ``not_found``. The ID number is found through its blind index.
- ``POST /v1/online/postal`` ``{"limit"}``: approved postal applications, oldest first.

Progress comes back as outbox events (``online_application.progress``, :mod:`central_ledger.derive`).
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Request
from pydantic import BaseModel, Field, StrictInt, StrictStr, model_validator
from starlette.concurrency import run_in_threadpool

from central_ledger import online_apps
from central_ledger.context import AppContext
from central_ledger.ledger import Counter, LedgerError
from central_ledger.models import SIGNED_ERRORS, ErrorResponse, SignedRequest
from central_ledger.online_apps import OnlineApplicationRow
from central_ledger.seal import SealError, SealKey

log = logging.getLogger(__name__)

MAX_POSTAL = 50
DUE_STATUSES = (online_apps.APPROVED, online_apps.IN_PRODUCTION, online_apps.READY)

Day = Annotated[StrictStr, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", examples=["2026-12-08"],
                                 description="the collection day (YYYY-MM-DD, the district's calendar)")]
IdNumber = Annotated[StrictStr, Field(pattern=r"^([0-9]{17}[0-9Xx]|[0-9]{15})$", examples=["42030219900307201X"],
                                      description="the applicant's ID number (never stored: its blind index is "
                                                  "looked up)")]
QrToken = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9_-]{16,64}$",
                                     examples=["q3Xv0mRk2b9TnWc4YpLs7uEa1dHf8gJz"],
                                     description="what the status page's QR code carries")]
AppId = Annotated[StrictStr, Field(pattern=r"^WA[0-9]{10}[0-9X]$", examples=["WA20261206014"],
                                   description="the application number: WA, 10 digits, a check character")]


class DueRequest(SignedRequest):
    """The counter's hall's online applications for collection on ``day``."""

    day: Day


class LookupRequest(SignedRequest):
    """One open application, by exactly one of: the ID number, the status page's QR token, the application
    number."""

    id_number: IdNumber | None = None
    qr_token: QrToken | None = None
    app_id: AppId | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> LookupRequest:
        given = [k for k in ("id_number", "qr_token", "app_id") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of id_number, qr_token, app_id")
        return self


class PostalRequest(SignedRequest):
    """The card centre's queue: approved postal applications, oldest first."""

    limit: Annotated[StrictInt, Field(ge=1, le=MAX_POSTAL, examples=[20])] = 20


class Application(BaseModel):
    """An online application as a counter works from it (the sealed columns opened)."""

    app_id: str = Field(examples=["WA20261206014"])
    qr_token: str
    application: Literal["new", "replacement", "renewal", "upgrade"]
    reason: str | None = Field(description="补换卡原因 code of a replacement (11 lost, 12 damaged, 80 renewal)")
    collection: Literal["hall", "post"]
    hall_id: str | None = Field(examples=["H1"])
    collect_day: str | None = Field(examples=["2026-12-08"])
    status: str = Field(examples=["approved"])
    applicant: dict[str, Any] = Field(description="the counter's Applicant.to_dict(): document_number, name, "
                                                  "sex, ethnicity, birth_date, birthplace, address, ...")
    mobile: str = Field(examples=["13907195528"])
    photo_jpeg: str | None = Field(description="the card photo, base64 JPEG (as the portal's checks left it)")
    postal_address: str | None = Field(description="collection = post: where the card is sent")


class ApplicationList(BaseModel):
    applications: list[Application]


def application(key: SealKey, row: OnlineApplicationRow) -> dict[str, Any]:
    """The row as the API answers it: sealed columns opened."""
    try:
        identity = json.loads(key.unseal_text(row.identity))
        photo = key.unseal(row.photo) if row.photo else None
        address = key.unseal_text(row.postal_address) if row.postal_address else None
    except (SealError, ValueError) as exc:
        log.error("online application %s cannot be opened with this seal key: %s", row.app_id, exc)
        raise LedgerError(503, "seal_key_mismatch", "线上申请无法解封：封存密钥与申办服务不一致",
                          "the online application cannot be opened: the seal key differs from the portal's") from exc
    return {"app_id": row.app_id, "qr_token": row.qr_token, "application": row.application, "reason": row.reason,
            "collection": row.collection, "hall_id": row.hall_id, "collect_day": row.collect_day,
            "status": row.status, "applicant": identity.get("applicant") or {}, "mobile": identity.get("mobile", ""),
            "photo_jpeg": base64.b64encode(photo).decode("ascii") if photo is not None else None,
            "postal_address": address}


def due(ctx: AppContext, key: SealKey, counter: Counter, day: str) -> dict[str, Any]:
    with ctx.storage.transaction() as tx:
        found = tx.one("SELECT hall_id FROM counters WHERE counter_id = ?", (counter.counter_id,))
        hall = found["hall_id"] if found else None
        if not hall:
            raise LedgerError(404, "no_hall", "本柜台未归属任何服务大厅（central-ledger counters set-hall）",
                              "this counter belongs to no hall (central-ledger counters set-hall)")
        marks = ", ".join("?" * len(DUE_STATUSES))
        rows = online_apps.where(tx, f"collection = 'hall' AND hall_id = ? AND collect_day = ? AND status IN ({marks})",
                                 (hall, day, *DUE_STATUSES))
    return {"applications": [application(key, r) for r in rows]}


def lookup(ctx: AppContext, key: SealKey, body: LookupRequest) -> dict[str, Any]:
    with ctx.storage.transaction() as tx:
        if body.id_number is not None:
            rows = online_apps.by_id_index(tx, key.id_index(body.id_number), open_only=True)
            row = rows[0] if rows else None
        elif body.qr_token is not None:
            row = online_apps.by_qr_token(tx, body.qr_token)
        else:
            row = online_apps.get(tx, body.app_id or "")
    if row is None or row.status not in online_apps.OPEN_STATUSES:
        raise LedgerError(404, "not_found", "未找到进行中的线上申请", "no open online application found")
    return application(key, row)


def postal(ctx: AppContext, key: SealKey, limit: int) -> dict[str, Any]:
    with ctx.storage.transaction() as tx:
        rows = online_apps.where(tx, "collection = 'post' AND status = ?", (online_apps.APPROVED,),
                                 order=f"created_at, app_id LIMIT {int(limit)}")
    return {"applications": [application(key, r) for r in rows]}


def add_routes(app: FastAPI, ctx: AppContext) -> None:
    """Add the ``/v1/online`` routes (the caller adds them only when ``ctx.seal_key`` is set)."""
    key = ctx.seal_key
    if key is None:
        raise ValueError("the online routes need the seal key")

    @app.post("/v1/online/due", response_model=ApplicationList, tags=["online applications"],
              responses={**SIGNED_ERRORS, 404: {"model": ErrorResponse,
                                          "description": "no_hall: the counter belongs to no hall"}})
    async def online_due(body: DueRequest, request: Request) -> dict[str, Any]:
        """The counter's hall's online applications collected on ``day`` (approved, in production, ready)."""
        raw = await request.json()  # validated by the model above; the signature covers it as sent
        counter = await ctx.authenticated(raw)
        return await run_in_threadpool(due, ctx, key, counter, body.day)

    @app.post("/v1/online/lookup", response_model=Application, tags=["online applications"],
              responses={**SIGNED_ERRORS, 404: {"model": ErrorResponse,
                                          "description": "not_found: no open application so named"}})
    async def online_lookup(body: LookupRequest, request: Request) -> dict[str, Any]:
        """One open application of any hall, by ID number, QR token or application number."""
        raw = await request.json()
        await ctx.authenticated(raw)
        return await run_in_threadpool(lookup, ctx, key, body)

    @app.post("/v1/online/postal", response_model=ApplicationList, tags=["online applications"],
              responses=SIGNED_ERRORS)
    async def online_postal(body: PostalRequest, request: Request) -> dict[str, Any]:
        """Approved postal applications, oldest first (the card centre's batch)."""
        raw = await request.json()
        await ctx.authenticated(raw)
        return await run_in_threadpool(postal, ctx, key, body.limit)
