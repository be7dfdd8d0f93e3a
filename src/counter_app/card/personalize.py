"""Writing a card at the counter (spec "Writing a card"), and reading it back (卡内查询).

All on one power-up. A reset means starting again from the first step; every write is an idempotent
overwrite, so starting again is always safe, also after a tear in the middle. The order:

1. SELECT SSSE; read EF05 records 1 and 3: a 3.0 card of our stock (卡识别码 pattern, region).
2. Internal authentication (card genuine, PSAM keys right), then external authentication with key 0A.
3. Read EF05 record 7 and EF06 records 1–2: a card carrying another person's data is refused
   (the same person's card is fine: that is a restart).
4. External authentication with key 04; update EF06 records; the photo into EF08 in chunks.
5. External authentication with key 05; update EF05 records 5–7.
6. Read everything back (after key 0A again) and compare. Only then is the card encoded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from counter_app.card.connection import SmartCardConnection
from counter_app.card.errors import (
    Cancelled,
    CardHoldsOtherPerson,
    CardNotBlank,
    DifferentCard,
    SecondGenerationCard,
    VerifyMismatch,
    WrongCard,
)
from counter_app.card.profile import CardProfile
from counter_app.card.psam import Psam
from counter_app.card.records import (
    CardPersonalData,
    RecordDataError,
    decode_records,
    decode_value,
    encode_records,
    is_empty_record,
)
from counter_app.card.ssc import SelectInfo, SscCard, external_authenticate, internal_authenticate
from counter_app.card.tlv import TlvError, decode_record
from counter_app.card.trace import TraceRecorder

JPEG_SOI, JPEG_EOI = b"\xff\xd8", b"\xff\xd9"


class Step(StrEnum):
    SELECT = "select"
    CHECK_CARD = "check_card"
    INTERNAL_AUTH = "internal_auth"
    AUTH_READ = "auth_read"
    CHECK_HOLDER = "check_holder"
    AUTH_WRITE_HOLDER = "auth_write_holder"
    WRITE_HOLDER = "write_holder"
    WRITE_PHOTO = "write_photo"
    AUTH_WRITE_ISSUER = "auth_write_issuer"
    WRITE_ISSUER = "write_issuer"
    VERIFY = "verify"
    DONE = "done"

    @property
    def zh(self) -> str:
        return _STEP_ZH[self]


_STEP_ZH = {
    Step.SELECT: "选择社保应用", Step.CHECK_CARD: "检查卡片", Step.INTERNAL_AUTH: "内部认证",
    Step.AUTH_READ: "外部认证(读)", Step.CHECK_HOLDER: "检查持卡人", Step.AUTH_WRITE_HOLDER: "外部认证(写持卡人信息)",
    Step.WRITE_HOLDER: "写持卡人信息", Step.WRITE_PHOTO: "写照片", Step.AUTH_WRITE_ISSUER: "外部认证(写发卡信息)",
    Step.WRITE_ISSUER: "写发卡信息", Step.VERIFY: "回读校验", Step.DONE: "完成",
}
STEPS = tuple(Step)

ProgressCallback = Callable[[Step, int, int], None]  # (step, index from 0, number of steps)


@dataclass(frozen=True)
class CardIdentity:
    """What identifies the chip: 卡识别码 (hex), ATR, algorithm, spec version."""

    card_id: bytes
    atr: bytes
    algorithm: str
    spec_version: str

    @property
    def card_id_hex(self) -> str:
        return self.card_id.hex().upper()

    @property
    def region_code(self) -> str:
        return self.card_id_hex[:6]


@dataclass(frozen=True)
class PersonalizationResult:
    card_id: str              # 卡识别码, 32 hex characters
    atr: bytes
    algorithm: str
    terminal_number: str      # the PSAM's
    apdus: int                # APDUs sent to the card
    psam_apdus: int
    seconds: float
    restarted: bool           # the card already held (part of) this person's data
    photo_bytes: int
    written: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class CardReading:
    identity: CardIdentity
    data: CardPersonalData    # dates are None and texts "" where the card was never written
    blank: bool


class _Run:
    """One personalization run: the progress and cancel plumbing."""

    def __init__(self, on_progress: ProgressCallback | None, cancel: threading.Event | None):
        self.on_progress = on_progress
        self.cancel = cancel

    def step(self, step: Step) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()
        if self.on_progress is not None:
            self.on_progress(step, STEPS.index(step), len(STEPS))


def _open(card_conn: SmartCardConnection, psam_conn: SmartCardConnection, profile: CardProfile,
          recorder: TraceRecorder | None) -> tuple[SscCard, Psam]:
    return SscCard(card_conn, profile, recorder), Psam(psam_conn, profile, recorder)


def identify(card: SscCard, profile: CardProfile, run: _Run | None = None) -> CardIdentity:
    """Step 1: SELECT SSSE, EF05 records 1 and 3; refuse anything but a 3.0 SM4 card of our stock."""
    info: SelectInfo = card.select_ssse()
    if run is not None:
        run.step(Step.CHECK_CARD)
    id_spec = profile.record("card_id")
    version_spec = profile.record("spec_version")
    raw_id = card.read_record(id_spec.file_id, id_spec.number, id_spec.length)
    raw_version = card.read_record(version_spec.file_id, version_spec.number, version_spec.length)
    try:
        version = decode_value(version_spec, raw_version).strip()
    except (TlvError, UnicodeDecodeError):
        version = ""
    if version != profile.spec_version:
        if version.startswith(("1", "2")) or info.algorithm != profile.required_algorithm:
            raise SecondGenerationCard(version)
        raise WrongCard(f"卡片规范版本 {version or '未知'} 不是 {profile.spec_version}",
                        f"card specification version {version or 'unknown'!r} is not {profile.spec_version}")
    if info.algorithm != profile.required_algorithm:
        raise WrongCard(f"卡片算法 {info.algorithm_name} 不是国密 SM4", f"card algorithm {info.algorithm_name} is not SM4")
    try:
        _, card_id = decode_record(raw_id, id_spec.tag)
    except TlvError as exc:
        raise WrongCard("读不到卡识别码", "the card identification code (EF05 record 1) is unreadable") from exc
    hex_id = card_id.hex().upper()
    if len(card_id) != 16 or not profile.card_id_pattern.fullmatch(hex_id):
        raise WrongCard(f"卡识别码格式不符：{hex_id}", f"card identification code {hex_id} does not match our stock")
    if profile.accepted_regions and hex_id[:6] not in profile.accepted_regions:
        raise WrongCard(f"卡片属于其他地区（{hex_id[:6]}）", f"the card belongs to another region ({hex_id[:6]})")
    return CardIdentity(card_id, card.atr, info.algorithm_name, version)


def _check_holder(card: SscCard, profile: CardProfile, data: CardPersonalData) -> bool:
    """Step 3. True when the card already carries some of this person's data (a restart)."""
    number_spec = profile.record("card_number")
    ssn_spec = profile.record("social_security_number")
    name_spec = profile.record("chip_name")
    raw_number = card.read_record(number_spec.file_id, number_spec.number, number_spec.length)
    raw_ssn = card.read_record(ssn_spec.file_id, ssn_spec.number, ssn_spec.length)
    raw_name = card.read_record(name_spec.file_id, name_spec.number, name_spec.length)
    try:
        ssn = decode_value(ssn_spec, raw_ssn)
        number = decode_value(number_spec, raw_number)
    except (TlvError, UnicodeDecodeError) as exc:
        raise CardNotBlank() from exc
    if ssn and not data.same_person(ssn):
        raise CardHoldsOtherPerson()
    if number and number != data.card_number:
        raise CardNotBlank("卡片已写入其他卡号，不能用于本次制卡", "the card already carries another card number")
    return not (is_empty_record(raw_ssn) and is_empty_record(raw_number) and is_empty_record(raw_name))


def _photo_of(data: CardPersonalData, profile: CardProfile) -> bytes | None:
    if not data.photo:
        return None
    if len(data.photo) > profile.photo_max_size:
        raise RecordDataError("photo", "照片", f"{len(data.photo)} 字节，超过芯片照片上限 {profile.photo_max_size} 字节")
    return data.photo


def personalize(card_conn: SmartCardConnection, psam_conn: SmartCardConnection, data: CardPersonalData,
                profile: CardProfile, on_progress: ProgressCallback | None = None,
                cancel: threading.Event | None = None, recorder: TraceRecorder | None = None,
                expected_card_id: str | None = None,
                on_identified: Callable[[CardIdentity], None] | None = None) -> PersonalizationResult:
    """Write ``data`` to the card on ``card_conn`` with the PSAM on ``psam_conn``; raise a precise
    :class:`~counter_app.card.errors.CardError` on anything wrong. On success every written element has
    been read back and compared.

    ``expected_card_id``: when a run is resumed after a failure, the 卡识别码 of the card it began
    on. Another card is refused (:class:`DifferentCard`) before anything is written, so one card
    number never ends up on two chips. ``on_identified`` learns the chip's identity once it was accepted,
    before anything is written (so that a failure later in the run can name the chip it began on)."""
    t0 = time.monotonic()
    run = _Run(on_progress, cancel)
    records = encode_records(data, profile)   # refuse bad data before touching the card
    photo = _photo_of(data, profile)
    card, psam = _open(card_conn, psam_conn, profile, recorder)

    run.step(Step.SELECT)
    ident = identify(card, profile, run)
    if expected_card_id and ident.card_id_hex != expected_card_id.upper():
        raise DifferentCard(expected_card_id.upper(), ident.card_id_hex)
    if on_identified is not None:
        on_identified(ident)
    terminal = psam.terminal_number()

    run.step(Step.INTERNAL_AUTH)
    internal_authenticate(card, psam, profile.key_internal_auth, ident.card_id)
    run.step(Step.AUTH_READ)
    external_authenticate(card, psam, profile.key_read, ident.card_id)

    run.step(Step.CHECK_HOLDER)
    restarted = _check_holder(card, profile, data)

    run.step(Step.AUTH_WRITE_HOLDER)
    external_authenticate(card, psam, profile.key_write_holder, ident.card_id)
    run.step(Step.WRITE_HOLDER)
    for spec, record in records:
        if spec.file_id == profile.ef_holder:
            card.update_record(spec.file_id, spec.number, record)
    if photo is not None:
        run.step(Step.WRITE_PHOTO)
        card.update_binary(profile.ef_photo, photo, profile.photo_chunk_size)

    run.step(Step.AUTH_WRITE_ISSUER)
    external_authenticate(card, psam, profile.key_write_issuer, ident.card_id)
    run.step(Step.WRITE_ISSUER)
    for spec, record in records:
        if spec.file_id != profile.ef_holder:
            card.update_record(spec.file_id, spec.number, record)

    run.step(Step.VERIFY)
    external_authenticate(card, psam, profile.key_read, ident.card_id)
    for spec, record in records:
        back = card.read_record(spec.file_id, spec.number, spec.length)
        if _tlv(back) != _tlv(record):
            raise VerifyMismatch(spec.label, record, back)
    if photo is not None:
        back = card.read_binary(profile.ef_photo, len(photo))
        if back != photo:
            raise VerifyMismatch("照片 photo", photo, back)

    run.step(Step.DONE)
    return PersonalizationResult(
        card_id=ident.card_id_hex, atr=card.atr, algorithm=ident.algorithm, terminal_number=terminal,
        apdus=card.apdu_count, psam_apdus=psam.apdu_count, seconds=time.monotonic() - t0, restarted=restarted,
        photo_bytes=len(photo) if photo else 0, written=tuple(spec.field for spec, _ in records),
    )


def _tlv(raw: bytes) -> tuple[int, bytes] | bytes:
    try:
        return decode_record(raw)
    except TlvError:
        return raw


def _trim_jpeg(raw: bytes) -> bytes | None:
    if not raw.startswith(JPEG_SOI):
        return None
    end = raw.rfind(JPEG_EOI)
    return raw[:end + 2] if end > 0 else raw


def read_card(card_conn: SmartCardConnection, psam_conn: SmartCardConnection, profile: CardProfile,
              read_photo: bool = True, recorder: TraceRecorder | None = None) -> CardReading:
    """卡内查询: identify the card, authenticate (internal, then key 0A) and decode everything written."""
    card, psam = _open(card_conn, psam_conn, profile, recorder)
    ident = identify(card, profile)
    internal_authenticate(card, psam, profile.key_internal_auth, ident.card_id)
    external_authenticate(card, psam, profile.key_read, ident.card_id)
    raw = {spec.field: card.read_record(spec.file_id, spec.number, spec.length) for spec in profile.counter_records}
    photo = _trim_jpeg(card.read_binary(profile.ef_photo, profile.photo_max_size)) if read_photo else None
    try:
        data = decode_records(raw, profile, photo)
    except (TlvError, UnicodeDecodeError, ValueError) as exc:
        raise WrongCard("卡内数据格式不符，无法解读", f"the card's records cannot be decoded: {exc}") from exc
    return CardReading(ident, data, blank=all(is_empty_record(r) for r in raw.values()))
