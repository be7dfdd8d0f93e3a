"""The ledger's HTTP/JSON API (FastAPI): ``create_app(storage)`` builds it; ``central-ledger serve`` runs it.

Signed requests are validated twice on purpose: the pydantic model checks the shape (and documents it in
/openapi.json), and the signature is checked over the JSON exactly as received (``request.json()``), never over
a re-serialised model, so that what is verified is what the counter signed.
"""

from __future__ import annotations

from datetime import timedelta, tzinfo
from typing import Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from central_ledger import __version__, district_api, heartbeat_api, online_api
from central_ledger.ca import CertificateAuthority
from central_ledger.ca import CertificateRequest as CaRequest
from central_ledger.cardmgmt import CardManagementSystem
from central_ledger.console import routes as console_routes
from central_ledger.context import AppContext, ConsoleOptions, district_timezone
from central_ledger.ledger import (
    DEFAULT_CARD_PREFIX,
    DEFAULT_CLOCK_SKEW,
    Counter,
    Ledger,
    LedgerError,
    iso,
    utc_now,
)
from central_ledger.limits import GuardMiddleware, Limiter, Limits, RateLimited
from central_ledger.models import SIGNED_ERRORS as _SIGNED_ERRORS
from central_ledger.models import (
    ActivationRequest,
    AuditHeadRequest,
    AuditHeadResponse,
    BatchResponse,
    CardBlockRequest,
    CardBlockResponse,
    CardStatusRequest,
    CertificateRequest,
    CertificateResponse,
    CompletionRequest,
    CompletionResponse,
    EligibilityRequest,
    EligibilityResponse,
    ErrorResponse,
    EventBatchRequest,
    FeeRequest,
    HealthResponse,
    OrderCreateRequest,
    OrderRequest,
    OrderResponse,
    PersonLookupRequest,
    PersonLookupResponse,
    PhotoRequest,
    PhotoResponse,
    PreopenRequest,
    PreopenResponse,
    RecordedResponse,
    RefundRequest,
    RegisterRequest,
    RegisterResponse,
)
from central_ledger.payments import (
    DEFAULT_PAYMENT_TIMEOUT,
    PaymentGateway,
    PayRefused,
    render_page,
    render_refusal,
)
from central_ledger.seal import SealKey
from central_ledger.sms import SmsGateway
from central_ledger.storage import Storage


async def _raw(request: Request) -> dict[str, Any]:
    raw = await request.json()  # already parsed (and cached) by FastAPI for the model: the bytes as sent
    if not isinstance(raw, dict):
        raise LedgerError(422, "malformed_request", "请求体须为 JSON 对象", "the body must be a JSON object")
    return raw


def create_app(storage: Storage, *, clock=utc_now, max_clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
               card_prefix: str = DEFAULT_CARD_PREFIX, ca: CertificateAuthority | None = None,
               limits: Limits | None = None, require_known_persons: bool = False,
               payment_timeout: timedelta = DEFAULT_PAYMENT_TIMEOUT, public_url: str | None = None,
               timezone: tzinfo | None = None, console: ConsoleOptions | None = None,
               seal_key: SealKey | None = None, sms: SmsGateway | None = None) -> FastAPI:
    """The ASGI application over an open :class:`Storage` (the caller owns and closes the storage).

    The certificate endpoints exist only with a ``ca`` (``central-ledger serve`` always opens one). ``limits``
    (body size, rates, CRL cache: :mod:`central_ledger.limits`) default to :class:`Limits`. The card-management
    system answers a new card of an unknown person with 1 under ``require_known_persons``; payment orders expire
    after ``payment_timeout``; their QR links start with ``public_url`` (default: the request's own base URL).
    The district's days (figures, console) are days in ``timezone`` (Beijing time by default); ``console`` holds
    the web console's session rules. Online applications (their ``/v1/online`` routes and the console's review
    pages) need the ``seal_key`` that opens their sealed columns; ``sms`` tells citizens of review decisions.
    """
    ledger = Ledger(storage, clock=clock, max_clock_skew=max_clock_skew, card_prefix=card_prefix)
    limits = limits or Limits()
    limiter = Limiter(limits)

    async def authenticated(raw: dict[str, Any]) -> Counter:
        """The signed request's counter, within its rate limit."""
        counter = await run_in_threadpool(ledger.authenticate, raw)
        try:
            limiter.check_counter(counter.counter_id)
        except RateLimited as exc:
            raise LedgerError(429, "rate_limited", f"请求过于频繁，请 {exc.retry_after} 秒后重试",
                              f"too many requests, retry in {exc.retry_after} s",
                              retry_after=exc.retry_after) from exc
        return counter

    app = FastAPI(
        title="Central ledger",
        version=__version__,
        description="Reference central ledger for social-security-card counters: counter registration, signed "
                    "event intake, card-number blocks, person lookup, the reference card-management system and "
                    "payment gateway. See docs/ledger-api.md.",
    )
    app.state.ledger = ledger
    app.state.limiter = limiter
    app.add_middleware(GuardMiddleware, limiter=limiter)
    if ca is not None:
        ca.crl_cache_seconds = limits.crl_cache_seconds

    @app.exception_handler(LedgerError)
    async def _ledger_error(_request: Request, exc: LedgerError) -> JSONResponse:
        headers = {"Retry-After": str(exc.extra["retry_after"])} if "retry_after" in exc.extra else None
        return JSONResponse(status_code=exc.status, content=jsonable_encoder(exc.body()), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _malformed(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                  for e in exc.errors()]
        return JSONResponse(status_code=422, content={
            "error": "malformed_request", "message": "请求格式不正确 / malformed request", "detail": errors})

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # a body FastAPI cannot even decode (not UTF-8): malformed like any other
            return JSONResponse(status_code=422, content={
                "error": "malformed_request", "message": f"请求格式不正确 / malformed request: {exc.detail}"})
        return JSONResponse(status_code=exc.status_code, headers=getattr(exc, "headers", None),
                            content={"error": f"http_{exc.status_code}", "message": str(exc.detail)})

    @app.get("/v1/health", response_model=HealthResponse, tags=["service"])
    async def health() -> dict[str, Any]:
        """Liveness: answers without touching the database."""
        return {"status": "ok", "time": iso(clock()), "version": __version__}

    @app.post("/v1/counters/register", response_model=RegisterResponse, status_code=201, tags=["counters"],
              responses={**_SIGNED_ERRORS, 401: {"model": ErrorResponse, "description": "bad_signature, "
                         "invalid_token (unknown, used or expired), stale_request"},
                         409: {"model": ErrorResponse, "description": "counter_id_mismatch: the token belongs to "
                               "another counter (token_counter_id)"}})
    async def register(body: RegisterRequest, request: Request) -> dict[str, Any]:
        """Register the counter's SM2 public key with its one-time enrollment token (signed with the new key)."""
        raw = await _raw(request)
        return await run_in_threadpool(ledger.register, raw)

    @app.post("/v1/events/batches", response_model=BatchResponse, tags=["events"],
              responses={**_SIGNED_ERRORS, 409: {"model": ErrorResponse,
                                                 "description": "sequence_gap, sequence_conflict"}})
    async def post_batch(body: EventBatchRequest, request: Request) -> dict[str, Any]:
        """Store a signed batch of outbox events; answers with the highest contiguous seq the ledger holds."""
        raw = await _raw(request)
        counter = await authenticated(raw)
        return await run_in_threadpool(ledger.intake, counter, raw["events"])

    @app.post("/v1/card-numbers/blocks", response_model=CardBlockResponse, tags=["card numbers"],
              responses={**_SIGNED_ERRORS, 409: {"model": ErrorResponse, "description": "request_reused"},
                         503: {"model": ErrorResponse, "description": "card_numbers_exhausted"}})
    async def card_block(body: CardBlockRequest, request: Request) -> dict[str, Any]:
        """Allocate a block of card numbers to the counter (idempotent per request_id)."""
        raw = await _raw(request)
        counter = await authenticated(raw)
        return await run_in_threadpool(ledger.allocate_block, counter, body.request_id, body.count)

    @app.post("/v1/persons/lookup", response_model=PersonLookupResponse, tags=["persons"],
              responses=_SIGNED_ERRORS)
    async def person_lookup(body: PersonLookupRequest, request: Request) -> dict[str, Any]:
        """Whether a person (by blind index) holds an active card: new card or replacement."""
        raw = await _raw(request)
        counter = await authenticated(raw)
        return await run_in_threadpool(ledger.lookup_person, counter, body.person_index)

    @app.post("/v1/counters/audit-head", response_model=AuditHeadResponse, tags=["counters"],
              responses=_SIGNED_ERRORS)
    async def audit_head(body: AuditHeadRequest, request: Request) -> dict[str, Any]:
        """The highest audit-chain position (audit_seq, audit_hash) this counter's events carried."""
        raw = await _raw(request)
        counter = await authenticated(raw)
        return await run_in_threadpool(ledger.audit_head, counter)

    if ca is not None:
        _add_ca_routes(app, authenticated, ca)
    cms = CardManagementSystem(storage, clock=clock, require_known_persons=require_known_persons)
    payments = PaymentGateway(storage, clock=clock, timeout=payment_timeout)
    app.state.cardmgmt, app.state.payments = cms, payments
    _add_cardmgmt_routes(app, authenticated, cms)
    _add_payment_routes(app, authenticated, payments, public_url)
    ctx = AppContext(storage=storage, ledger=ledger, clock=clock, tz=timezone or district_timezone(),
                     authenticated=authenticated, console=console or ConsoleOptions(), seal_key=seal_key, sms=sms)
    app.state.context = ctx
    heartbeat_api.add_routes(app, ctx)
    district_api.add_routes(app, ctx)
    if seal_key is not None:
        online_api.add_routes(app, ctx)
    console_routes.add_routes(app, ctx)
    return app


def _add_ca_routes(app: FastAPI, authenticated, ca: CertificateAuthority) -> None:
    @app.post("/v1/certificates", response_model=CertificateResponse, tags=["certificates"],
              responses={**_SIGNED_ERRORS,
                         409: {"model": ErrorResponse, "description": "card_not_yours (queued for the district "
                                                                      "admin: queue_id), card_not_active, "
                                                                      "card_holder_mismatch, certificates_revoked"},
                         422: {"model": ErrorResponse, "description": "malformed_request, invalid_card_number, "
                                                                      "bad_public_key"}})
    async def certificates(body: CertificateRequest, request: Request) -> dict[str, Any]:
        """Signing and encryption certificates for a card's PKI application, with the enveloped encryption key.

        Idempotent per (card_number, sign_public_key); a new signing key supersedes the card's earlier
        certificates; a card the ledger knows as not active is refused."""
        raw = await _raw(request)
        counter = await authenticated(raw)
        return await run_in_threadpool(ca.issue, CaRequest(
            counter_id=counter.counter_id, request_id=body.request_id.lower(), card_number=body.card_number,
            card_id=body.card_id.upper(), holder_index=body.holder_index,
            sign_public_key=body.sign_public_key.lower()))

    @app.get("/v1/ca/crl", response_class=Response, tags=["certificates"],
             responses={200: {"content": {"application/pkix-crl": {}},
                              "description": "the current CRL v2, DER, signed by the CA"}})
    async def crl() -> Response:
        """The current certificate revocation list (thisUpdate now, nextUpdate in one day)."""
        der = await run_in_threadpool(ca.crl)
        return Response(content=der, media_type="application/pkix-crl")

    @app.get("/v1/ca/certificate", response_class=Response, tags=["certificates"],
             responses={200: {"content": {"application/x-pem-file": {}}, "description": "the CA certificate, PEM"}})
    async def ca_certificate() -> Response:
        """The CA certificate (PEM): the trust anchor for the cards' certificates and the CRL."""
        return Response(content=ca.certificate_pem(), media_type="application/x-pem-file")


def _refusals(**codes: str) -> dict[int | str, dict[str, Any]]:
    """The common refusals of signed requests and these (status=description)."""
    return {**_SIGNED_ERRORS, **{int(k[1:]): {"model": ErrorResponse, "description": v} for k, v in codes.items()}}


def _add_cardmgmt_routes(app: FastAPI, authenticated, cms: CardManagementSystem) -> None:
    """``/v1/cardmgmt/*``: the reference card-management system (central_ledger/cardmgmt.py)."""

    @app.post("/v1/cardmgmt/eligibility", response_model=EligibilityResponse, tags=["card management"],
              responses=_SIGNED_ERRORS)
    async def eligibility(body: EligibilityRequest, request: Request) -> dict[str, Any]:
        """May the person apply: answer 0 (yes) or 1..4 (person unknown, name differs, application pending,
        not allowed: deceased or has_active_card), from what the ledger knows."""
        counter = await authenticated(await _raw(request))
        return await run_in_threadpool(cms.eligibility, counter, body.person_index, body.name_index,
                                       body.application_type)

    @app.post("/v1/cardmgmt/photo", response_model=PhotoResponse, tags=["card management"],
              responses=_SIGNED_ERRORS)
    async def photo(body: PhotoRequest, request: Request) -> dict[str, Any]:
        """The person's photo on file (stored by an admin), if any."""
        await authenticated(await _raw(request))
        return await run_in_threadpool(cms.photo, body.person_index)

    @app.post("/v1/cardmgmt/bank/preopen", response_model=PreopenResponse, tags=["card management"],
              responses=_refusals(r409="request_reused: the request_id was used for another pre-opening",
                                  r422="unknown_bank, malformed_request"))
    async def preopen(body: PreopenRequest, request: Request) -> dict[str, Any]:
        """Pre-open the applicant's account at the co-issuing bank (idempotent per request_id)."""
        counter = await authenticated(await _raw(request))
        return await run_in_threadpool(cms.preopen, counter, body.request_id, body.person_index, body.bank_code,
                                       body.issuance_id)

    @app.post("/v1/cardmgmt/completion", response_model=CompletionResponse, tags=["card management"],
              responses=_refusals(r409="bank_account_mismatch, bank_account_bound, completion_differs",
                                  r422="unknown_bank, malformed_request"))
    async def completion(body: CompletionRequest, request: Request) -> dict[str, Any]:
        """The card is made: bind the bank account read from its chip (checked against the pre-opening)."""
        counter = await authenticated(await _raw(request))
        return await run_in_threadpool(cms.completion, counter, _report(body))

    @app.post("/v1/cardmgmt/activation", response_model=RecordedResponse, tags=["card management"],
              responses=_SIGNED_ERRORS)
    async def activation(body: ActivationRequest, request: Request) -> dict[str, Any]:
        """An application of the card was activated (the first report of each application counts)."""
        counter = await authenticated(await _raw(request))
        await run_in_threadpool(cms.activation, counter, body.card_number, body.application, body.activated_at,
                                body.by, body.issuance_id, body.report_id)
        return {"status": "recorded"}

    @app.post("/v1/cardmgmt/status", response_model=RecordedResponse, tags=["card management"],
              responses=_SIGNED_ERRORS)
    async def card_status(body: CardStatusRequest, request: Request) -> dict[str, Any]:
        """The card's status changed at the counter (recorded once)."""
        counter = await authenticated(await _raw(request))
        return await run_in_threadpool(cms.status_report, counter, _report(body))

    @app.post("/v1/cardmgmt/fees", response_model=RecordedResponse, tags=["card management"],
              responses=_SIGNED_ERRORS)
    async def fees(body: FeeRequest, request: Request) -> dict[str, Any]:
        """A fee settled, waived or refunded (recorded once)."""
        counter = await authenticated(await _raw(request))
        return await run_in_threadpool(cms.fee_report, counter, _report(body))


def _report(body: Any) -> dict[str, Any]:
    """The report's own fields (the envelope: counter, request id, time and signature left out)."""
    return body.model_dump(exclude={"counter_id", "request_id", "sent_at", "signature"})


_HTML = {"text/html": {}}
_PAY_PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse, "content": _HTML,
          "description": "bad_payment_token: the link's token is not the order's"},
    404: {"model": ErrorResponse, "content": _HTML, "description": "unknown_order"},
    413: {"model": ErrorResponse, "description": "request_too_large"},
    422: {"model": ErrorResponse, "description": "malformed_request: no token, or not the shape of one"},
    429: {"model": ErrorResponse, "description": "rate_limited"},
}
OrderPath = Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$", description="the order id")
TokenQuery = Query(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="the order's secret token (from the QR link)")


def _add_payment_routes(app: FastAPI, authenticated, payments: PaymentGateway, public_url: str | None) -> None:
    """``/v1/payments/orders*`` (signed, the counter) and ``/pay/{order_id}`` (the applicant's phone)."""

    def base(request: Request) -> str:
        return (public_url or str(request.base_url)).rstrip("/")

    unknown = "unknown_order: no such order of this counter"

    @app.post("/v1/payments/orders", response_model=OrderResponse, tags=["payments"],
              responses=_refusals(r409="order_id_reused: the order id names another order"))
    async def create_order(body: OrderCreateRequest, request: Request) -> dict[str, Any]:
        """A payment order with its QR payload (idempotent per order_id)."""
        counter = await authenticated(await _raw(request))
        return await run_in_threadpool(payments.create, counter, body.order_id, body.amount_fen, body.subject,
                                       base(request))

    @app.post("/v1/payments/orders/status", response_model=OrderResponse, tags=["payments"],
              responses=_refusals(r404=unknown))
    async def order_status(body: OrderRequest, request: Request) -> dict[str, Any]:
        """The order's status: pending, paid, cancelled, expired or refunded."""
        counter = await authenticated(await _raw(request))
        return await run_in_threadpool(payments.status, counter, body.order_id, base(request))

    @app.post("/v1/payments/orders/cancel", response_model=OrderResponse, tags=["payments"],
              responses=_refusals(r404=unknown, r409="order_paid: a paid order is refunded, not cancelled"))
    async def cancel_order(body: OrderRequest, request: Request) -> dict[str, Any]:
        """Cancel a pending order (the applicant will not pay by QR)."""
        counter = await authenticated(await _raw(request))
        return await run_in_threadpool(payments.cancel, counter, body.order_id, base(request))

    @app.post("/v1/payments/orders/refund", response_model=OrderResponse, tags=["payments"],
              responses=_refusals(r404=unknown, r409="order_not_paid, refund_exceeds_amount"))
    async def refund_order(body: RefundRequest, request: Request) -> dict[str, Any]:
        """Refund a paid order (a card that could not be made)."""
        counter = await authenticated(await _raw(request))
        return await run_in_threadpool(payments.refund, counter, body.order_id, body.amount_fen, body.reason,
                                       base(request))

    @app.get("/pay/{order_id}", response_model=None, tags=["payments"],
             responses={200: {"content": _HTML, "description": "the order's page with its 支付 button"},
                        **_PAY_PAGE_ERRORS})
    async def pay_page(order_id: str = OrderPath, t: str = TokenQuery) -> HTMLResponse:
        """The page the QR code opens on the applicant's phone: amount, subject and a 支付 button (unsigned: the
        token in the link is the authority)."""
        try:
            order = await run_in_threadpool(payments.page, order_id, t)
        except PayRefused as exc:
            return HTMLResponse(render_refusal(exc), status_code=exc.status)
        return HTMLResponse(render_page(order, t))

    @app.post("/pay/{order_id}", response_model=None, tags=["payments"],
              responses={200: {"content": _HTML, "description": "paid"}, **_PAY_PAGE_ERRORS,
                         409: {"model": ErrorResponse, "content": _HTML,
                               "description": "order_not_pending: cancelled, paid or refunded"},
                         410: {"model": ErrorResponse, "content": _HTML, "description": "order_expired"}})
    async def pay(order_id: str = OrderPath, t: str = TokenQuery) -> HTMLResponse:
        """The 支付 button: marks the pending order paid (the form's body is not read)."""
        try:
            order = await run_in_threadpool(payments.pay, order_id, t)
        except PayRefused as exc:
            return HTMLResponse(render_refusal(exc), status_code=exc.status)
        return HTMLResponse(render_page(order, t))
