"""Request and response bodies of the ledger API (pydantic), so that /openapi.json describes them exactly.

Requests forbid unknown fields and take integers strictly (no "5" for 5, no true for 1): the signature is checked
over the JSON exactly as sent, and what is stored must be what was signed.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
RFC3339_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$"
COUNTER_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
MAX_BATCH_EVENTS = 1000
MAX_SEQ = 2**53 - 1  # exact in every JSON implementation

CounterId = Annotated[StrictStr, Field(pattern=COUNTER_ID_PATTERN, examples=["C001"])]
Uuid = Annotated[StrictStr, Field(pattern=UUID_PATTERN, examples=["0b6c1c8e-2f5e-4a57-9d3e-6f1f3b0f2a11"])]
Timestamp = Annotated[StrictStr, Field(pattern=RFC3339_PATTERN, examples=["2024-05-01T08:30:00Z"])]
SignatureHex = Annotated[StrictStr, Field(pattern=r"^[0-9a-fA-F]{128}$",
                                          description="SM2 signature r||s, 64 bytes as 128 hex characters")]
PersonIndex = Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$",
                                         description="blind index of the ID number: 64 lowercase hex (SM3)")]
CardNumber = Annotated[StrictStr, Field(pattern=r"^[0-9A-Z]{8}[0-9X]$", examples=["X00000019"])]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignedRequest(_Request):
    """Fields every signed request carries. The signature covers all other fields (see docs/ledger-api.md)."""

    counter_id: CounterId
    request_id: Uuid = Field(description="a fresh UUID per request (per retry of a card-block request: the same)")
    sent_at: Timestamp = Field(description="when the request was signed; refused outside the clock window")
    signature: SignatureHex


class RegisterRequest(SignedRequest):
    """Registers the counter's public key with its one-time token; signed with the new private key.

    The token names its counter, so ``counter_id`` may be left out; when sent, it must be the token's."""

    counter_id: CounterId | None = Field(default=None, description="optional: checked against the token's counter")
    token: Annotated[StrictStr, Field(min_length=1, max_length=200)]
    public_key: Annotated[StrictStr, Field(pattern=r"^04[0-9a-fA-F]{128}$",
                                           description="SM2 public key, uncompressed 04||x||y, 130 hex")]


class RegisterResponse(BaseModel):
    counter_id: str
    name: str
    registered_at: str


class EventIn(_Request):
    """One outbox event of a counter."""

    seq: Annotated[StrictInt, Field(ge=1, le=MAX_SEQ, description="the counter's local sequence number")]
    event_id: Uuid
    type: Annotated[StrictStr, Field(min_length=1, max_length=100, examples=["issuance.transition"])]
    occurred_at: Timestamp
    issuance_id: Annotated[StrictStr, Field(min_length=1, max_length=100)] | None
    payload: dict[str, Any]


class EventBatchRequest(SignedRequest):
    """A batch of consecutive outbox events (ascending, no holes). An empty list asks for the acknowledged seq."""

    events: Annotated[list[EventIn], Field(max_length=MAX_BATCH_EVENTS)]

    @model_validator(mode="after")
    def _consecutive(self) -> EventBatchRequest:
        seqs = [e.seq for e in self.events]
        if any(b != a + 1 for a, b in zip(seqs, seqs[1:], strict=False)):
            raise ValueError("events must have consecutive ascending seq numbers")
        return self


class Conflict(BaseModel):
    """A conflict the ledger found and recorded: a sequence clash, or a business rule broken while offline."""

    kind: str = Field(description="sequence_conflict | event_id_reused | second_active_card | card_number_reused"
                                  " | card_number_not_allocated | card_number_void | invalid_card_number"
                                  " | card_not_yours | card_status_final")
    counter_id: str
    seq: int | None
    event_id: str | None
    detail: dict[str, Any]
    recorded_at: str


class BatchResponse(BaseModel):
    counter_id: str
    acknowledged_seq: int = Field(description="highest seq such that the ledger holds every event 1..seq")
    expected_seq: int = Field(description="acknowledged_seq + 1: the seq the next batch must start with")
    stored: int = Field(description="events of this batch newly stored")
    duplicates: int = Field(description="events of this batch the ledger already held, identical")
    conflicts: list[Conflict] = Field(description="business conflicts found for events of this batch")
    queued: list[int] = Field(default_factory=list,
                              description="seq of the events of this batch put in the conflict queue for the "
                                          "district admin (stored and acknowledged, but without effect until "
                                          "accepted); their conflicts carry detail.queue_id")


class CardBlockRequest(SignedRequest):
    count: Annotated[StrictInt, Field(ge=1, le=1000)]


class CardBlockResponse(BaseModel):
    block_id: str
    counter_id: str
    numbers: list[str]
    allocated_at: str


class PersonLookupRequest(SignedRequest):
    person_index: PersonIndex


class ActiveCard(BaseModel):
    card_number: str
    counter_id: str
    issued_at: str
    status: Literal["active", "not_activated"] = "active"  # not_activated: posted or with an agent, not yet activated


class PersonLookupResponse(BaseModel):
    person_index: str
    has_active_card: bool
    active_cards: list[ActiveCard]


class CertificateRequest(SignedRequest):
    """Certificates for a card's PKI application: the card made its signing key pair (GENERATE SM2 KEY PAIR)."""

    card_number: CardNumber
    card_id: Annotated[StrictStr, Field(pattern=r"^[0-9a-fA-F]{32}$", description="卡识别码, 32 hex")]
    holder_index: Annotated[StrictStr, Field(
        pattern=r"^[0-9a-f]{64}$", description="the holder's blind person index (64 lowercase hex), never the "
                                               "clear ID number: it becomes the subject's serialNumber")]
    sign_public_key: Annotated[StrictStr, Field(pattern=r"^04[0-9a-fA-F]{128}$",
                                                description="the card's SM2 signing public key, 04||x||y, 130 hex")]


class CertificateResponse(BaseModel):
    sign_certificate: str = Field(description="base64 DER X.509 v3: digitalSignature, nonRepudiation")
    enc_certificate: str = Field(description="base64 DER X.509 v3: keyEncipherment, dataEncipherment")
    enc_key_envelope: str = Field(description="420 hex: SM2(C1C3C2) of an SM4 key to the signing key, then "
                                              "SM4-ECB of the 32-byte encryption private key, then its public key")
    ca_certificate: str = Field(description="base64 DER of the CA certificate")
    sign_serial: str = Field(description="serial of the signing certificate, 32 hex")
    enc_serial: str = Field(description="serial of the encryption certificate, 32 hex")


class AuditHeadRequest(SignedRequest):
    """Asks for the highest audit-chain position the ledger has seen from this counter (common fields only)."""


class AuditHeadResponse(BaseModel):
    counter_id: str
    audit_seq: int | None = Field(description="the highest payload.audit_seq seen in this counter's issuance "
                                              "transitions; null when none yet")
    audit_hash: str | None = Field(description="the audit_hash that came with it")
    event_seq: int | None = Field(description="the outbox seq of the event that carried it")
    recorded_at: str | None = Field(description="when the ledger recorded it (RFC 3339)")


# -- card management (卡管) and payments: central_ledger/cardmgmt.py, central_ledger/payments.py --------------

LOOSE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$"
ReportTime = Annotated[StrictStr, Field(pattern=LOOSE_TIME_PATTERN, examples=["2024-05-01T08:30:00.000000Z"],
                                        description="when it happened at the counter (ISO 8601)")]
IssuanceId = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$",
                                        examples=["0b6c1c8e-2f5e-4a57-9d3e-6f1f3b0f2a11"])]
NameIndex = Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$",
                                       description="blind index of the name: 64 lowercase hex (HMAC-SM3)")]
BankCode = Annotated[StrictStr, Field(pattern=r"^[0-9A-Za-z]{1,12}$", examples=["102"])]
BankAccount = Annotated[StrictStr, Field(pattern=r"^[0-9]{12,19}$", description="the account number (PAN) "
                                         "read from the card's financial application", examples=["6212260000000000008"])]
ReportCardNumber = Annotated[StrictStr, Field(pattern=r"^[0-9A-Za-z]{1,32}$", examples=["L00000011"])]
ShortText = Annotated[StrictStr, Field(max_length=200)]
OrderId = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$", examples=["3F2A9C41D07B5E68-1"])]
Fen = Annotated[StrictInt, Field(ge=0, le=100_000_000, description="an amount in fen (1/100 yuan)")]
ReportId = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$", description="the counter's id of the "
                                      "queued report (kept for tracing; a repeat is recognised by its content)")]


class EligibilityRequest(SignedRequest):
    """May this person apply (卡管资格校验)? Asked before anything is written at the counter."""

    person_index: PersonIndex
    name_index: NameIndex | None = Field(default=None, description="blind index of the applicant's name")
    application_type: Literal["new", "replacement", "renewal", "upgrade"]
    reason: Annotated[StrictStr, Field(max_length=40)] | None = Field(default=None, description="the replacement reason code")
    region_code: Annotated[StrictStr, Field(pattern=r"^[0-9A-Za-z]{0,12}$", examples=["421303"])]


class EligibilityResponse(BaseModel):
    answer: Literal["0", "1", "2", "3", "4"] = Field(description="0 may apply; 1 person unknown; 2 name differs; "
                                                               "3 an application is pending; 4 not allowed")
    detail: str | None = Field(description="4: deceased | has_active_card; 3: the pending issuance id")


class PhotoRequest(SignedRequest):
    person_index: PersonIndex


class PhotoResponse(BaseModel):
    on_file: bool
    photo_jpeg_b64: str | None = Field(description="the photo on file, base64 JPEG; null when none")


class PreopenRequest(SignedRequest):
    """Pre-open the applicant's account at the co-issuing bank (the ledger plays the bank).

    ``request_id`` is the counter's own key of the pre-opening (the same again gets the same answer), so it
    is not required to be a UUID here."""

    request_id: Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$",
                                           examples=["preopen-0b6c1c8e-2f5e-4a57-9d3e-6f1f3b0f2a11"])]
    person_index: PersonIndex
    bank_code: BankCode
    issuance_id: IssuanceId


class PreopenResponse(BaseModel):
    preopen_id: str
    bank_code: str
    status: Literal["preopened"]
    issuance_id: str


class CompletionRequest(SignedRequest):
    """The card is made: its numbers and the bank account read from its financial application (办结上报)."""

    issuance_id: IssuanceId
    card_number: ReportCardNumber | None = None
    card_id: Annotated[StrictStr, Field(pattern=r"^[0-9a-fA-F]{1,64}$")] | None = Field(default=None, description="卡识别码")
    person_index: PersonIndex
    name_index: NameIndex | None = None
    bank_code: BankCode | None = None
    bank_account: BankAccount | None = Field(default=None, description="null: no financial application (no binding)")
    preopen_id: Annotated[StrictStr, Field(max_length=64)] | None = None
    preopen_request_id: Annotated[StrictStr, Field(max_length=128)] | None = Field(
        default=None, description="the request_id of the pre-opening (finds it when preopen_id is null)")
    completed_at: ReportTime
    report_id: ReportId | None = None


class CompletionResponse(BaseModel):
    status: Literal["bound", "recorded"] = Field(description="bound: the bank account is bound to the card; "
                                                             "recorded: no bank account was reported")
    issuance_id: str


class ActivationRequest(SignedRequest):
    """An application of the card was activated (启用), at hand-over or later by the holder in person."""

    card_number: ReportCardNumber
    issuance_id: IssuanceId | None = None
    application: Literal["social_security", "financial"]
    activated_at: ReportTime
    by: Annotated[StrictStr, Field(min_length=1, max_length=100, description="the clerk (user name)")]
    report_id: ReportId | None = None


class CardStatusRequest(SignedRequest):
    """The card's status changed at the counter (卡状态变更: 未启用, 正常, 挂失, 应用锁定, 注销 ...)."""

    card_number: ReportCardNumber
    status: Annotated[StrictStr, Field(min_length=1, max_length=40, examples=["not_activated"])]
    previous: Annotated[StrictStr, Field(max_length=40)] | None = Field(default=None, description="the status "
                                                                        "before (from_status is the same field)")
    from_status: Annotated[StrictStr, Field(max_length=40)] | None = Field(default=None,
                                                                           description="= previous")
    status_code: Annotated[StrictStr, Field(max_length=8)] | None = Field(default=None, description="the 卡状态 "
                                                                          "code of the national code table")
    reason: ShortText | None = None
    changed_at: ReportTime
    report_id: ReportId | None = None


class FeeRequest(SignedRequest):
    """A fee settled (paid, waived) or refunded at the counter (收费登记)."""

    issuance_id: IssuanceId
    case_number: Annotated[StrictStr, Field(max_length=40)] | None = None
    amount_fen: Fen
    method: Annotated[StrictStr, Field(max_length=20, examples=["qr"])] | None = None
    waiver_code: Annotated[StrictStr, Field(max_length=40)] | None = None
    order_id: OrderId | None = None
    settled_at: ReportTime | None = None
    refunded: StrictBool
    report_id: ReportId | None = None


class RecordedResponse(BaseModel):
    status: Literal["recorded"]


class OrderCreateRequest(SignedRequest):
    order_id: OrderId
    amount_fen: Annotated[StrictInt, Field(ge=1, le=100_000_000, description="the amount in fen")]
    subject: Annotated[StrictStr, Field(min_length=1, max_length=100, examples=["社保卡补换卡费 3F2A9C41D07B5E68"])]


class OrderRequest(SignedRequest):
    order_id: OrderId


class RefundRequest(SignedRequest):
    order_id: OrderId
    amount_fen: Annotated[StrictInt, Field(ge=1, le=100_000_000)]
    reason: ShortText


class OrderResponse(BaseModel):
    order_id: str
    amount_fen: int
    status: Literal["pending", "paid", "cancelled", "expired", "refunded"]
    qr_payload: str = Field(description="the link the QR code carries: <base>/pay/<order_id>?t=<token>")
    expires_at: str
    paid_at: str | None


class HealthResponse(BaseModel):
    status: str
    time: str
    version: str


class ErrorResponse(BaseModel):
    """Every refusal: a stable ``error`` code, a message (Chinese / English), and extra fields for some codes."""

    model_config = ConfigDict(extra="allow")
    error: str
    message: str
    expected_seq: int | None = None
    acknowledged_seq: int | None = None
    conflicts: list[Conflict] | None = None
    queue_id: int | None = None


# The refusals every signed route may answer, for the OpenAPI of each (app.py, heartbeat_api.py).
SIGNED_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "request_too_large: the body exceeds the limit (2 MB)"},
    429: {"model": ErrorResponse, "description": "rate_limited: wait Retry-After seconds"},
    401: {"model": ErrorResponse, "description": "bad_signature (also for an unknown counter), "
                                                 "counter_not_registered, stale_request"},
    403: {"model": ErrorResponse, "description": "counter_disabled"},
    422: {"model": ErrorResponse, "description": "malformed_request (also a lone surrogate, an integer beyond "
                                                 "±(2^53−1), a non-finite number)"},
}
