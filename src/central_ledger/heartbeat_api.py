"""The counters' side of the district's view: the heartbeat each sync carries, and the hall's figures a counter's
supervisor desk shows.

``POST /v1/counters/heartbeat`` (signed like every counter request): software version, the device lights
(encoder, PSAM, printer, camera, ID-card reader), the outbox backlog and the age of its oldest event, and the card
stock on hand. The ledger keeps the last one per counter (table ``heartbeats``: what the counter board and the stock
table read) and answers with the district's townships from the population table, so that the counter can name an
applicant's township from the address (coverage per township) without a second request.

``POST /v1/counters/hall-summary`` (signed): the day's figures of the hall the counter belongs to, the same answer
as ``GET /v1/district/summary?date=D&hall=H`` for a hall supervisor. A counter reads its own hall and nothing else:
the hall comes from the ledger's ``counters.hall_id``, never from the request. A counter in no hall is 404
``no_hall``.

The handlers check the signature in the thread pool (as every signed route) and do the database work there too.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Request
from pydantic import BaseModel, Field, StrictInt, StrictStr
from starlette.concurrency import run_in_threadpool

from central_ledger.context import AppContext
from central_ledger.crypto import canonical_json
from central_ledger.district import DistrictFigures
from central_ledger.district_models import DaySummaryResponse
from central_ledger.ledger import Counter, LedgerError, iso
from central_ledger.models import SIGNED_ERRORS, ErrorResponse, SignedRequest, _Request

DeviceState = Literal["ok", "warning", "error", "absent", "unknown"]
Count = Annotated[StrictInt, Field(ge=0, le=2**31 - 1)]

class DeviceLights(_Request):
    """Each device's state as the counter's status bar shows it: ``absent`` = not configured or not connected,
    ``unknown`` = not probed yet."""

    encoder: DeviceState = "unknown"
    psam: DeviceState = "unknown"
    printer: DeviceState = "unknown"
    camera: DeviceState = "unknown"
    id_reader: DeviceState = "unknown"


class StockOnHand(_Request):
    """The counter's blank-card stock: received, used (written into an issued card), spoiled, on hand."""

    received: Count
    used: Count
    spoiled: Count
    on_hand: Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]


class HeartbeatRequest(SignedRequest):
    """A counter's health, sent with its sync passes (at most about once a minute)."""

    software_version: Annotated[StrictStr, Field(min_length=1, max_length=64, examples=["1.4.0"])]
    devices: DeviceLights
    outbox_backlog: Count = Field(description="outbox events not yet acknowledged by the ledger")
    oldest_event_age_seconds: Annotated[float, Field(ge=0, le=10**9)] | None = Field(
        default=None, description="how long the oldest unacknowledged event has waited; null with an empty outbox")
    stock: StockOnHand | None = Field(default=None, description="null when the counter keeps no stock book")


class Township(BaseModel):
    code: str
    name: str


class HeartbeatResponse(BaseModel):
    received_at: str = Field(description="when the ledger stored the heartbeat (RFC 3339)")
    townships: list[Township] = Field(description="the district's townships (population table), by code")


class HallSummaryRequest(SignedRequest):
    """The day's figures of the counter's own hall."""

    date: Annotated[StrictStr, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", examples=["2026-12-04"],
                                     description="a local day of the district's time zone")]


def store_heartbeat(ctx: AppContext, counter: Counter, raw: dict[str, Any]) -> dict[str, Any]:
    """Keep ``raw`` as the counter's latest heartbeat (the signature and envelope left out of ``payload``) and
    count it as contact; answer with the district's townships."""
    now = iso(ctx.clock())
    body = {k: v for k, v in raw.items() if k not in ("signature", "request_id", "counter_id")}
    devices = canonical_json(raw["devices"]).decode()
    stock = canonical_json(raw["stock"]).decode() if raw.get("stock") is not None else None
    age = raw.get("oldest_event_age_seconds")
    values = (now, raw["software_version"], devices, raw["outbox_backlog"],
              float(age) if age is not None else None, stock, canonical_json(body).decode())
    with ctx.storage.transaction(write=True) as tx:
        tx.execute(
            "INSERT INTO heartbeats (received_at, software_version, devices, outbox_backlog,"
            " oldest_event_age_seconds, stock, payload, counter_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (counter_id) DO UPDATE SET received_at = excluded.received_at,"
            " software_version = excluded.software_version, devices = excluded.devices,"
            " outbox_backlog = excluded.outbox_backlog, oldest_event_age_seconds = excluded.oldest_event_age_seconds,"
            " stock = excluded.stock, payload = excluded.payload", (*values, counter.counter_id))
        tx.execute("UPDATE counters SET last_contact_at = ? WHERE counter_id = ?", (now, counter.counter_id))
        townships = [{"code": r["township_code"], "name": r["township_name"]}
                     for r in tx.all("SELECT township_code, township_name FROM population ORDER BY township_code")]
    return {"received_at": now, "townships": townships}


def hall_summary(ctx: AppContext, figures: DistrictFigures, counter: Counter, day_text: str) -> dict[str, Any]:
    """The day summary of the counter's hall (404 ``no_hall`` for a counter in none)."""
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError as exc:
        raise LedgerError(422, "malformed_request", f"日期无效：{day_text}", f"not a date: {day_text}") from exc
    with ctx.storage.transaction() as tx:
        row = tx.one("SELECT hall_id FROM counters WHERE counter_id = ?", (counter.counter_id,))
    hall = row["hall_id"] if row else None
    if not hall:
        raise LedgerError(404, "no_hall", "本柜台未归属任何服务大厅（central-ledger counters set-hall）",
                          "this counter belongs to no hall (central-ledger counters set-hall)")
    return figures.summary(day, hall).as_dict()


def add_routes(app: FastAPI, ctx: AppContext) -> None:
    """Add this module's routes to the ledger's app."""
    figures = DistrictFigures(ctx.storage, ctx.tz, ctx.clock)

    @app.post("/v1/counters/heartbeat", response_model=HeartbeatResponse, tags=["counters"], responses=SIGNED_ERRORS)
    async def heartbeat(body: HeartbeatRequest, request: Request) -> dict[str, Any]:
        """Keep the counter's latest health report (device lights, backlog, stock); answer with the townships."""
        raw = await request.json()  # validated by the model above; the signature covers it as sent
        counter = await ctx.authenticated(raw)
        return await run_in_threadpool(store_heartbeat, ctx, counter, raw)

    @app.post("/v1/counters/hall-summary", response_model=DaySummaryResponse, tags=["counters"],
              responses={**SIGNED_ERRORS, 404: {"model": ErrorResponse,
                                          "description": "no_hall: the counter belongs to no hall"}})
    async def counter_hall_summary(body: HallSummaryRequest, request: Request) -> dict[str, Any]:
        """The day's figures of the hall this counter belongs to (for its supervisor desk)."""
        raw = await request.json()  # validated by the model above; the signature covers it as sent
        counter = await ctx.authenticated(raw)
        return await run_in_threadpool(hall_summary, ctx, figures, counter, body.date)

