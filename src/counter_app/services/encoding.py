"""Writing the chip of an issuance, and the in-card query (卡内查询), over the counter's encoder.

One use case in one place, shared by the GUI (from its device thread) and the CLI:

- :meth:`EncodingService.encode` moves an issuance from ``photo_ok`` (or ``encode_failed``, or
  ``encoding`` left behind by a crash) to ``encoded``: it takes the issuance's card number (once;
  a resumed write keeps it), writes the chip with the PSAM, reads everything back, and records the
  chip's identity. A write that fails is retried on the same power-up a few times
  (``card.write_retries``) where a retry can help; then the issuance goes to ``encode_failed``
  with the reason and, once a write began on a chip, that chip's 卡识别码: the write is then finished
  only on that chip (another is refused before anything is written to it), so one card number never
  ends up on two chips. Nothing is ever counted as encoded that was not read back and compared.
- :meth:`EncodingService.resume` finishes the write of an issuance left unfinished (the card pulled,
  the app stopped): the one function behind the GUI's resume and ``counter-app issuance resume ID``.
- :meth:`EncodingService.read_card` reads a card back through the PSAM.
- With a contactless reader (setting ``card.contactless_reader``), a good contact write is followed by
  the contactless check (:func:`counter_app.services.contactless.check_after_write`): the card read
  again on its contactless interface, its 卡识别码 and card number compared, before the issuance goes to
  ``encoded``. The ``finish_encoding`` event and its outbox payload record which interfaces answered
  (``interfaces``, ``contactless_uid``; ``contactless: skipped`` without a reader). A failed check ends
  the write like a final card error: ``encode_failed`` with its message, nothing printed.

- Other parts of the counter's rules take part through :class:`WriteCheck` objects (``checks``): before a card
  number is taken (the fee settled or waived, the bank account pre-opened), with the card in the encoder and
  nothing written yet (the card belongs to the applicant's co-issuing bank), and after the write was verified
  (the bank account number read from the chip's financial application). A check refuses with a
  :class:`WriteRefused`: before the number is taken the issuance stays ``photo_ok``; with the card in the
  encoder it ends the attempt like a final card error (``encode_failed``, the chip untouched), and another
  card can be tried.

Device access goes through an :class:`Encoder` (two connections: the user card and the PSAM), so
tests can run the same code over in-process devices; the real one is :class:`PcscEncoder`.
No Qt here. Long calls take a ``threading.Event`` to cancel and a progress callback.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from counter_app.card import errors as card_errors
from counter_app.card.connection import SmartCardConnection
from counter_app.card.personalize import (
    CardIdentity,
    CardReading,
    PersonalizationResult,
    ProgressCallback,
    Step,
    personalize,
    read_card,
)
from counter_app.card.profile import CardProfile, load_profile
from counter_app.card.records import CardPersonalData, RecordDataError
from counter_app.card.trace import TraceRecorder
from counter_app.domain.issuance import Issuance, IssuanceAction, IssuanceState
from counter_app.domain.problems import DomainError, Problem, is_user_facing
from counter_app.services.auth import Role, Session, requires
from counter_app.services.contactless import ContactlessCheckFailed, ContactlessReader, check_after_write
from counter_app.services.issuance import IssuanceService
from counter_app.store.card_numbers import CardNumberBlocks
from counter_app.store.database import Store
from counter_app.store.issuances import one_unseal_per_operation

log = logging.getLogger(__name__)

# Failures that a second attempt on the same card cannot mend: the card, the PSAM or the data is
# wrong. Everything else (a bad status word at power-up, a read-back difference) is retried.
_FINAL_ERRORS = (
    card_errors.WrongCard, card_errors.CardLocked, card_errors.KeyBlocked, card_errors.PsamMissing,
    card_errors.PsamKeyMismatch, card_errors.ReaderNotFound, card_errors.PcscUnavailable,
    card_errors.NoCard, card_errors.CardRemoved, card_errors.Cancelled, RecordDataError,
    ContactlessCheckFailed,  # the card does not answer without contact: the clerk replaces or re-places it
)


class WriteRefused(DomainError):
    """A :class:`WriteCheck` refused the chip write: nothing was written. Subclasses carry the clerk's message."""


class WriteCheck:
    """A rule the chip write asks at its three moments; each default does nothing (override what you need).

    Checks run in the order given to :class:`EncodingService`; one raising :class:`WriteRefused` stops the write.
    ``before_claim`` may ask the network (it runs before anything is taken); ``before_write`` and ``after_write``
    run with the card powered in the encoder and should only talk to the card."""

    def before_claim(self, issuance: Issuance) -> None:
        """The issuance is about to take a card number and a blank card (fees, bank pre-opening)."""

    def before_write(self, issuance: Issuance, card: SmartCardConnection) -> None:
        """The card is in the encoder and nothing is written yet (the card's bank)."""

    def after_write(self, issuance: Issuance, card: SmartCardConnection) -> dict[str, Any]:
        """The chip was written and verified; the fields returned go into the ``finish_encoding`` event's
        detail (never a full account number or other personal data: that is sealed by the check itself)."""
        return {}


_FINAL_ERRORS = _FINAL_ERRORS + (WriteRefused,)


class Encoder(Protocol):
    """The card encoder: a user-card slot and a PSAM slot."""

    def open_card(self) -> SmartCardConnection: ...

    def open_psam(self) -> SmartCardConnection: ...


class PcscEncoder:
    """The encoder's two readers through pcscd (names or patterns from the settings)."""

    def __init__(self, card_reader: str, psam_reader: str):
        self.card_reader = card_reader
        self.psam_reader = psam_reader

    def open_card(self) -> SmartCardConnection:
        from counter_app.card import pcsc

        return pcsc.connect(self.card_reader)

    def open_psam(self) -> SmartCardConnection:
        from counter_app.card import pcsc

        try:
            return pcsc.connect(self.psam_reader)
        except (card_errors.NoCard, card_errors.ReaderNotFound) as exc:
            raise card_errors.PsamMissing() from exc


LAST_TRACE_FILE = "last.trace"  # under AppPaths.traces_dir: what `counter-app card trace` prints


@contextmanager
def encoder_session(encoder: Encoder, recorder: TraceRecorder, label: str, traces_dir: Path | None, *,
                    psam: bool = True) -> Iterator[tuple[SmartCardConnection, SmartCardConnection | None]]:
    """One run on the encoder: the PSAM (when ``psam``) and the card connected, both closed again
    whatever happens, and the run's masked trace saved as the last trace. A trace that cannot be
    saved is logged, never an error: it is a diagnostic aid, and no card may fail for it."""
    recorder.start(label)
    psam_conn = encoder.open_psam() if psam else None
    try:
        card_conn = encoder.open_card()
        try:
            yield card_conn, psam_conn
        finally:
            card_conn.close()
    finally:
        if psam_conn is not None:
            psam_conn.close()
        if traces_dir is not None:
            try:
                traces_dir.mkdir(parents=True, exist_ok=True)
                recorder.save(traces_dir / LAST_TRACE_FILE)
            except OSError as exc:
                log.warning("could not save the APDU trace: %s", exc)


class NoCardNumbers(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "card_number.exhausted",
            "本柜台没有可用的社会保障卡卡号：请联网从中心台账领取号段（counter-app sync），或由主管指定卡号。",
            "This counter has no card numbers left: fetch a block from the ledger (counter-app sync) "
            "or have a supervisor assign one.",
        ))


class NotReadyToEncode(DomainError):
    def __init__(self, state: IssuanceState):
        super().__init__(Problem(
            "issuance.not_ready_to_encode",
            f"当前状态“{state.zh}”不能写卡（需要照片已确认，或上次写卡失败）。",
            f"An issuance in state '{state.en}' cannot be encoded (it needs an accepted photo, or a failed write).",
        ))


# States from which a chip write is started or finished: not begun yet, interrupted by a crash, failed.
RESUMABLE_STATES = (IssuanceState.PHOTO_OK, IssuanceState.ENCODING, IssuanceState.ENCODE_FAILED)


class NotResumable(DomainError):
    """The issuance has no chip write to start or finish (it is before the photo, or past the chip)."""

    def __init__(self, issuance_id: str, state: IssuanceState):
        self.issuance_id, self.state = issuance_id, state
        if state in (IssuanceState.DRAFT, IssuanceState.APPLICANT_OK):
            zh, en = "还没有确认照片，请在图形界面中继续办理", "its photo has not been accepted yet: go on in the window"
        elif state.value in ("issued", "spoiled", "cancelled"):
            zh, en = "已结束，没有可继续的写卡", "it is finished: there is no write to resume"
        else:
            zh, en = "芯片已写好并核验，请继续打印卡面与发放", "its chip is written and verified: go on with the print and hand-over"
        super().__init__(Problem(
            "issuance.not_resumable",
            f"制卡记录 {issuance_id} 当前状态为“{state.zh}”，不能继续写卡：{zh}。",
            f"Issuance {issuance_id} is '{state.en}' and has no chip write to resume: {en}.",
        ))


@dataclass(frozen=True)
class EncodingOutcome:
    issuance_id: str
    card_number: str
    result: PersonalizationResult
    attempts: int


@dataclass(frozen=True)
class EncoderSettings:
    profile: CardProfile
    write_retries: int = 3
    write_photo: bool = True
    validity_years: int = 10

    @classmethod
    def from_settings(cls, settings) -> EncoderSettings:
        return cls(
            profile=load_profile(),
            write_retries=max(1, int(settings["card.write_retries"])),
            write_photo=bool(settings["card.write_photo"]),
            validity_years=int(settings["card.validity_years"]),
        )


@functools.lru_cache(maxsize=1)
def chip_photo(card_photo_jpeg: bytes) -> bytes:
    """The chip copy (EF08) of an accepted card photo. The last one is kept: the clerk's flow makes it
    while it waits for the card (``IssuanceFlow.prepare_write``), so the write does not spend ~20 ms
    re-encoding the photo after the card arrived."""
    from counter_app.photo.encode import encode_chip
    from counter_app.photo.loading import load_image
    from counter_app.photo.standard import CARD_PHOTO

    return encode_chip(load_image(card_photo_jpeg).pixels, CARD_PHOTO).data


class EncodingService:
    def __init__(self, store: Store, encoder: Encoder, config: EncoderSettings, *,
                 traces_dir: Path | None = None, today: Callable[[], dt.date] = dt.date.today,
                 contactless: ContactlessReader | None = None, checks: tuple[WriteCheck, ...] = ()):
        self._store = store
        self._contactless = contactless
        self.checks = checks  # the container fills them (fees, bank); a test may set its own
        self._issuances = IssuanceService(store)
        self._encoder = encoder
        self._config = config
        self._traces_dir = traces_dir
        self._today = today
        self.last_trace = TraceRecorder()

    # --- card numbers --------------------------------------------------------------------------

    def _claim_card_number(self, issuance_id: str, actor: str, card_number: str | None) -> str:
        """``photo_ok`` → ``encoding`` with a card number, in one transaction: the number taken from
        the counter's blocks is recorded with the transition, or not taken at all."""
        with self._store.transaction() as db:
            number = card_number or CardNumberBlocks(db).take_next()
            if number is None:
                raise NoCardNumbers()
            self._issuances.advance(issuance_id, IssuanceAction.START_ENCODING, actor, card_number=number)
        return number

    # --- the chip write --------------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="写卡", en="write a card")
    def encode(self, session: Session, issuance_id: str, *, card_number: str | None = None,
               on_progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
               on_attempt: Callable[[int, Exception], None] | None = None) -> EncodingOutcome:
        """Write and verify the chip of ``issuance_id``; see the module docstring.

        Raises the :class:`~counter_app.card.errors.CardError` of the last attempt after the
        issuance was moved to ``encode_failed`` (its message is meant for the clerk).

        The whole write is one operation for the store: the issuance is read at each transition,
        but its personal data is unsealed and parsed once (:func:`one_unseal_per_operation`)."""
        with one_unseal_per_operation():
            return self._encode(session.actor, issuance_id, card_number, on_progress, cancel, on_attempt)

    def _encode(self, actor: str, issuance_id: str, card_number: str | None, on_progress: ProgressCallback | None,
                cancel: threading.Event | None,
                on_attempt: Callable[[int, Exception], None] | None) -> EncodingOutcome:
        issuance = self._issuances.get(issuance_id)
        if issuance.state in RESUMABLE_STATES:
            for check in self.checks:
                check.before_claim(issuance)
        if issuance.state is IssuanceState.PHOTO_OK:
            number = self._claim_card_number(issuance_id, actor, card_number)
        elif issuance.state is IssuanceState.ENCODE_FAILED:
            self._issuances.advance(issuance_id, IssuanceAction.RETRY_ENCODING, actor)
            number = issuance.card_number or ""
        elif issuance.state is IssuanceState.ENCODING:
            # Left behind by a crash: the card's state is unknown. The run below reads the card
            # first (holder check) and rewrites idempotently, so it doubles as the read-back.
            number = issuance.card_number or ""
        else:
            raise NotReadyToEncode(issuance.state)
        if not number:
            raise NoCardNumbers()

        issuance = self._issuances.get(issuance_id)
        photo = None
        if self._config.write_photo:
            stored = self._issuances.photo(issuance_id)
            photo = chip_photo(stored) if stored else None
        data = CardPersonalData.from_applicant(
            issuance.applicant, number, self._today(), photo=photo, validity_years=self._config.validity_years,
        )

        attempts = 0
        last_error: Exception | None = None
        began_on: list[str] = []  # the 卡识别码 of the chip a write began on (nothing else may get this number)
        while attempts < self._config.write_retries:
            attempts += 1
            checked: dict[str, Any] = {}
            try:
                result = self._write_once(issuance, data, issuance.card_id or next(iter(began_on), None),
                                          on_progress, cancel, began_on, checked)
                check = check_after_write(self._contactless, self._config.profile, card_id=result.card_id,
                                          card_number=number, recorder=self.last_trace)
            except _FINAL_ERRORS as exc:
                last_error = exc
                break
            except card_errors.CardError as exc:
                last_error = exc
                log.warning("chip write attempt %d of %s failed: %s", attempts, issuance_id, exc)
                if on_attempt:
                    on_attempt(attempts, exc)
                continue
            self._issuances.advance(
                issuance_id, IssuanceAction.FINISH_ENCODING, actor,
                card_id=result.card_id, atr=result.atr.hex().upper(),
                apdus=result.apdus, seconds=round(result.seconds, 3), attempts=attempts,
                restarted=result.restarted, contactless=check.status, **check.recorded(), **checked,
                in_transaction=check.outbox_fields,
            )
            log.info("issuance %s encoded: card %s, %d APDUs, %.2f s", issuance_id, number, result.apdus,
                     result.seconds)
            return EncodingOutcome(issuance_id, number, result, attempts)

        assert last_error is not None
        self._record_failure(issuance_id, actor, last_error, attempts, next(iter(began_on), None))
        raise last_error

    @requires(Role.CLERK, Role.SUPERVISOR, zh="继续写卡", en="resume a chip write")
    def resume(self, session: Session, issuance_id: str, *, on_progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None) -> EncodingOutcome:
        """Finish the chip write of an issuance left unfinished: the card pulled, a failure, the app
        stopped. The rules are :meth:`encode`'s: the card number it already holds is kept; when a write
        began on a chip, only that chip is accepted (:class:`~counter_app.card.errors.DifferentCard`
        before anything is written otherwise); everything is rewritten (idempotent) and read back, so
        the chip ends with exactly the intended content. :class:`NotResumable` when there is no write
        to start or finish; :class:`~counter_app.services.issuance.IssuanceNotFound` for an unknown id."""
        with one_unseal_per_operation():
            issuance = self._issuances.get(issuance_id)
            if issuance.state not in RESUMABLE_STATES:
                raise NotResumable(issuance_id, issuance.state)
            return self.encode(session, issuance_id, on_progress=on_progress, cancel=cancel)

    def _write_once(self, issuance: Issuance, data: CardPersonalData, expected_card_id: str | None,
                    on_progress: ProgressCallback | None, cancel: threading.Event | None,
                    began_on: list[str], checked: dict[str, Any]) -> PersonalizationResult:
        issuance_id = issuance.id
        identified: list[CardIdentity] = []

        def progress(step: Step, index: int, count: int) -> None:
            # Called before each step runs: from the first write on, the chip may hold part of this issuance,
            # so the chip is on disk before that write (a crash mid-write must not free the number for another).
            if step is Step.WRITE_HOLDER and identified and not began_on:
                began_on.append(identified[0].card_id_hex)
                self._issuances.note_chip(issuance_id, began_on[0])
            if on_progress is not None:
                on_progress(step, index, count)

        self.last_trace = TraceRecorder()
        with encoder_session(self._encoder, self.last_trace, "personalize", self._traces_dir) as (card, psam):
            for check in self.checks:
                check.before_write(issuance, card)
            result = personalize(card, psam, data, self._config.profile, on_progress=progress,
                                 cancel=cancel, recorder=self.last_trace, expected_card_id=expected_card_id,
                                 on_identified=identified.append)
            for check in self.checks:
                checked.update(check.after_write(issuance, card))
            return result

    def _record_failure(self, issuance_id: str, actor: str, exc: Exception, attempts: int,
                        card_id: str | None) -> None:
        reason = exc.message("zh") if is_user_facing(exc) else str(exc)
        current = self._issuances.get(issuance_id)
        if current.state is not IssuanceState.ENCODING:
            return
        self._issuances.advance(
            issuance_id, IssuanceAction.FAIL_ENCODING, actor, failure_reason=reason,
            error=type(exc).__name__, attempts=attempts, card_id=card_id,
        )

    # --- 卡内查询 -----------------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, Role.TECHNICIAN, zh="卡内查询", en="read a card")
    def read_card(self, session: Session, *, read_photo: bool = True) -> CardReading:
        self.last_trace = TraceRecorder()
        with encoder_session(self._encoder, self.last_trace, "read", self._traces_dir) as (card, psam):
            return read_card(card, psam, self._config.profile, read_photo=read_photo, recorder=self.last_trace)
