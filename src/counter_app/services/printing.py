"""The printing use case: preview, print and reprint a card face, the test page, spoiling a card.

The issuance moves with the print (see the state machine in ``domain/issuance.py``):

- ``encoded ─start_printing─> printing``, or ``print_failed ─reprint─> printing`` — a card
  that went to the printer once is printed again only through the explicit reprint path, and
  the chip is never written again;
- the job completed in CUPS → ``finish_printing`` → ``printed``; a printer that is missing,
  paused or rejecting, or a job aborted, cancelled or timed out → ``fail_printing`` →
  ``print_failed`` with the reason in words;
- a card damaged in the printer → ``spoil``: recorded with its chip identity and the reason; its
  card number is void for ever.

A face with a character no card font has is refused before the issuance moves (nothing was
printed, and a reprint could not help). Plain Python: the GUI calls this from a worker thread,
with a :class:`Store` opened in that thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.issuance import Issuance, IssuanceAction, IssuanceState
from counter_app.domain.problems import DomainError, Problem, pick
from counter_app.printing import job as print_job
from counter_app.printing.errors import PrintError
from counter_app.printing.face import FaceData, check_face, paint_face, paint_test_page, render_png
from counter_app.printing.template import CardTemplate, format_issue_date, load_template
from counter_app.services.auth import Role, Session, requires
from counter_app.services.issuance import IssuanceService
from counter_app.store.clock import utc_now
from counter_app.store.database import Store

A, S = IssuanceAction, IssuanceState


class NotPrintable(DomainError):
    """The issuance is not at a step where its card face may be printed."""

    def __init__(self, issuance: Issuance, zh: str, en: str):
        self.issuance_id = issuance.id
        self.state = issuance.state
        super().__init__(Problem("print.not_printable", zh, en))


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What the clerk is told: the job's end and where the issuance now stands."""

    job: int | None
    state: str                       # completed | failed | submitted
    output: str | None
    zh: str
    en: str
    issuance_id: str | None = None
    issuance_state: IssuanceState | None = None
    handed_over_s: float | None = None
    error_code: str | None = None

    @property
    def ok(self) -> bool:
        return self.state in ("completed", "submitted")

    def message(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)

    def as_dict(self, lang: str = "zh") -> dict:
        d = {"job": self.job, "state": self.state, "output": self.output, "message": self.message(lang)}
        if self.issuance_id is not None:
            d["issuance"] = self.issuance_id
            d["issuance_state"] = self.issuance_state.value if self.issuance_state else None
        if self.error_code:
            d["error"] = self.error_code
        return d


@dataclass(frozen=True, slots=True)
class SpoiledCard:
    issuance_id: str
    card_number: str | None
    card_id: str | None
    atr: str | None
    reason: str

    def message(self, lang: str = "zh") -> str:
        return pick(lang, f"卡片已登记作废（芯片 {self.card_id}），卡号 {self.card_number} 作废，不再使用。",
                    f"Card recorded as spoiled (chip {self.card_id}); card number {self.card_number} is void.")


class PrintService:
    """Card-face printing for one counter. ``settings`` is the counter's :class:`Settings`."""

    def __init__(self, store: Store, settings, *, clock: Callable[[], dt.datetime] = utc_now,
                 job_timeout: float = 120.0):
        self._store = store
        self._settings = settings
        self._clock = clock
        self._issuances = IssuanceService(store, clock=clock)
        self.job_timeout = job_timeout

    # --- what the face shows --------------------------------------------------------------------

    def template(self) -> CardTemplate:
        return load_template(str(self._settings.get("printer.layout")))

    def face_data(self, issuance_id: str) -> FaceData:
        issuance = self._issuances.get(issuance_id)
        if not issuance.card_number:
            raise NotPrintable(issuance, "该制卡记录尚未写卡，没有卡号，不能打印卡面。",
                               "This issuance has no card number yet (the chip is not written): nothing to print.")
        local_day = self._clock().astimezone().date()
        return FaceData(
            name=issuance.applicant.name,  # the true name, rare characters included
            social_security_number=issuance.applicant.social_security_number,
            card_number=issuance.card_number,
            issue_date=format_issue_date(local_day, str(self._settings.get("printer.date_format"))),
            photo_jpeg=self._issuances.photo(issuance_id),
        )

    def preview_png(self, issuance_id: str, dpi: float = 300) -> bytes:
        template, data = self.template(), self.face_data(issuance_id)
        return render_png(lambda painter, d: paint_face(painter, template, data, d), template, dpi)

    def preview(self, issuance_id: str, out: str | Path, dpi: float = 300) -> Path:
        png = self.preview_png(issuance_id, dpi)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_bytes(png)
        tmp.replace(out)
        return out

    # --- printing -----------------------------------------------------------------------------

    def printer_name(self, printer: str | None = None) -> str:
        return printer or str(self._settings.get("printer.name"))

    @requires(Role.CLERK, Role.SUPERVISOR, zh="打印卡面", en="print a card face")
    def print_card(self, session: Session, issuance_id: str, *, printer: str | None = None,
                   reprint: bool = False) -> PrintOutcome:
        """Print the issuance's card face and follow the job to its end.

        ``reprint`` must be given for an issuance whose print failed: the second print of a
        card is always the reprint path. Raises :class:`NotPrintable` (wrong state, nothing
        moved) and :class:`MissingGlyph`; printer and job failures are not raised but returned
        as a failed outcome, with the issuance in ``print_failed``.
        """
        actor = session.actor
        issuance = self._issuances.get(issuance_id)
        action = self._print_action(issuance, reprint)
        template, data = self.template(), self.face_data(issuance_id)
        check_face(template, data)
        name = self.printer_name(printer)
        issuance = self._issuances.advance(issuance_id, action, actor, expected_version=issuance.version,
                                           printer=name, layout=template.name)
        try:
            sub = print_job.submit(name, template, lambda painter, dpi: paint_face(painter, template, data, dpi),
                                   label=issuance_id[:8])
            result = print_job.follow(sub, self.job_timeout)
        except PrintError as exc:
            after = self._issuances.advance(issuance_id, A.FAIL_PRINTING, actor, failure_reason=exc.message("zh"),
                                            printer=name, error=exc.code)
            return PrintOutcome(getattr(exc, "job", None), "failed", None, exc.message("zh"), exc.message("en"),
                                issuance_id, after.state, error_code=exc.code)
        except BaseException as exc:
            # Anything unexpected still leaves the issuance honest: the print did not happen.
            self._issuances.advance(issuance_id, A.FAIL_PRINTING, actor,
                                    failure_reason=f"内部错误 internal error: {type(exc).__name__}", printer=name)
            raise
        if result.state == "failed":
            after = self._issuances.advance(issuance_id, A.FAIL_PRINTING, actor, failure_reason=result.zh,
                                            printer=name, job=result.job)
        else:
            after = self._issuances.advance(issuance_id, A.FINISH_PRINTING, actor, printer=name, job=result.job)
        return PrintOutcome(result.job, result.state, result.output, result.zh, result.en, issuance_id,
                            after.state, sub.handed_over_s)

    @staticmethod
    def _print_action(issuance: Issuance, reprint: bool) -> IssuanceAction:
        if issuance.state is S.ENCODED:
            return A.START_PRINTING
        if issuance.state is S.PRINT_FAILED:
            if not reprint:
                raise NotPrintable(issuance, "该卡已送打印机打印过一次（打印失败）。请使用“重新打印”。",
                                   "This card went to the printer once already (the print failed). Use reprint.")
            return A.REPRINT
        raise NotPrintable(
            issuance,
            f"当前状态为“{issuance.state.zh}”，不能打印卡面（须为“写卡完成”，或打印失败后重新打印）。",
            f"An issuance in state '{issuance.state.en}' cannot be printed (it must be 'chip written', "
            f"or 'print failed' for a reprint).",
        )

    @requires(Role.TECHNICIAN, Role.SUPERVISOR, zh="打印测试页", en="print the test page")
    def print_test_page(self, session: Session, *, printer: str | None = None,
                        photo_jpeg: bytes | None = None) -> PrintOutcome:
        """The technician's alignment page on the card printer; no issuance moves."""
        template = self.template()
        name = self.printer_name(printer)
        when = self._clock().astimezone()
        try:
            sub = print_job.submit(name, template,
                                   lambda painter, dpi: paint_test_page(painter, template, dpi, when, photo_jpeg),
                                   label="testpage")
            result = print_job.follow(sub, self.job_timeout)
        except PrintError as exc:
            return PrintOutcome(getattr(exc, "job", None), "failed", None, exc.message("zh"), exc.message("en"),
                                error_code=exc.code)
        return PrintOutcome(result.job, result.state, result.output, result.zh, result.en,
                            handed_over_s=sub.handed_over_s)

    def test_page_png(self, dpi: float = 300, photo_jpeg: bytes | None = None) -> bytes:
        template = self.template()
        when = self._clock().astimezone()
        return render_png(lambda painter, d: paint_test_page(painter, template, d, when, photo_jpeg), template, dpi)

    # --- a card damaged in the printer -----------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="登记废卡", en="record a spoiled card")
    def spoil(self, session: Session, issuance_id: str, reason: str) -> SpoiledCard:
        """Set the encoded card aside: recorded with its chip identity and the reason; the card
        number is void (never reused). Raises :class:`ReasonRequired` without a reason."""
        before = self._issuances.get(issuance_id)
        after = self._issuances.advance(
            issuance_id, A.SPOIL, session.actor, failure_reason=reason, expected_version=before.version,
            card_number_void=before.card_number, spoiled_card_id=before.card_id, spoiled_atr=before.atr,
        )
        return SpoiledCard(issuance_id, after.card_number, after.card_id, after.atr, (after.failure_reason or ""))
