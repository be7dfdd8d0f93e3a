"""The clerk's guided issuance, as a Qt-free state machine over the services.

The GUI's wizard only draws what :class:`FlowView` says and forwards the clerk's choices to
:class:`IssuanceFlow` (as Electrum's wizard drives its Qt pages from ``electrum/wizard.py``), so
every rule of the flow — which page follows which issuance state, which choices a failure
offers, what resuming after a crash means — is here and is tested without widgets.

Steps and the issuance states they stand for::

    applicant ─> photo ─> review ─> encode ─> print ─> hand-over ─> done
    (form)     applicant_ok photo_ok  encoding     encoded      printed     issued
                                      encode_failed printing
                                                   print_failed

:class:`IssuanceFlow` calls the services synchronously; the GUI runs it on its device thread,
which owns the flow's :class:`~counter_app.store.database.Store` (a SQLite connection belongs
to the thread that opened it). Also here, pure: :class:`ApplicantForm` (the applicant page's
raw values, what the ID number tells about its holder) and :func:`parse_scan` (what an ID-card
or barcode reader typing like a keyboard sent).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from counter_app.card import errors as card_errors
from counter_app.domain.applicant import Applicant, ApplicationType, DocumentType, ReplacementReason
from counter_app.domain.codes import ETHNICITY_GROUPS, SEX
from counter_app.domain.issuance import Issuance, IssuanceAction, IssuanceState
from counter_app.domain.names import check_name
from counter_app.domain.pin import wipe
from counter_app.domain.problems import DomainError, Problem
from counter_app.domain.validation import check_document_number, normalize_applicant, validate_applicant

log = logging.getLogger(__name__)

S, A = IssuanceState, IssuanceAction
CARD_NUMBER_PLACEHOLDER = "—————————"  # the review's card face: the number is taken with the chip write


class FlowStep(StrEnum):
    APPLICANT = "applicant"
    PHOTO = "photo"
    REVIEW = "review"
    ENCODE = "encode"
    PRINT = "print"
    HANDOVER = "handover"
    DONE = "done"


STEP_ORDER = tuple(FlowStep)

_STEP_OF_STATE: dict[IssuanceState, FlowStep] = {
    S.DRAFT: FlowStep.APPLICANT,
    S.APPLICANT_OK: FlowStep.PHOTO,
    S.PHOTO_OK: FlowStep.REVIEW,
    S.ENCODING: FlowStep.ENCODE,
    S.ENCODE_FAILED: FlowStep.ENCODE,
    S.ENCODED: FlowStep.PRINT,
    S.PRINTING: FlowStep.PRINT,
    S.PRINT_FAILED: FlowStep.PRINT,
    S.PRINTED: FlowStep.HANDOVER,
    S.ISSUED: FlowStep.DONE,
    S.SPOILED: FlowStep.DONE,
    S.CANCELLED: FlowStep.DONE,
}


def step_for_state(state: IssuanceState) -> FlowStep:
    """The page an issuance in ``state`` is (re)opened at."""
    return _STEP_OF_STATE[IssuanceState(state)]


class Choice(StrEnum):
    """What the clerk may do next on the encode and print pages."""

    START_ENCODING = "start_encoding"     # a card is in the encoder: write it
    RETRY = "retry"                       # the same card again
    ANOTHER_CARD = "another_card"         # take this card out, put another (untouched) one in
    SPOIL = "spoil"                       # set this card aside as spoiled, with a reason
    RESTART = "restart"                   # after a spoiled card: a new issuance, same applicant and photo
    PRINT = "print"
    REPRINT = "reprint"
    PRINT_CAME_OUT = "print_came_out"     # after a crash while printing: the card did come out printed
    SET_PIN = "set_pin"                   # the holder chooses their own PIN (before hand-over)
    HAND_OVER = "hand_over"
    CANCEL = "cancel"


# Failures where nothing was written to the card (it was refused before any write): another card
# may simply be used for the same issuance, without spoiling the first.
_UNTOUCHED = (card_errors.WrongCard, card_errors.PsamMissing, card_errors.PsamKeyMismatch,
              card_errors.NoCard, card_errors.ReaderNotFound, card_errors.PcscUnavailable)
# Failures that mean "the card went away": put it back and the write resumes by itself.
CARD_GONE = (card_errors.CardRemoved, card_errors.NoCard)


def choices_for(issuance: Issuance | None, error: BaseException | None = None) -> tuple[Choice, ...]:
    """The choices that make sense for ``issuance`` as it stands (after ``error``, if any)."""
    if issuance is None:
        return ()
    state = issuance.state
    cancel = (Choice.CANCEL,) if issuance.is_unfinished else ()
    if state in (S.PHOTO_OK, S.ENCODING):
        return (Choice.START_ENCODING, *cancel)
    if state is S.ENCODE_FAILED:
        if isinstance(error, _UNTOUCHED):
            return (Choice.ANOTHER_CARD, Choice.RETRY, Choice.SPOIL, *cancel)
        return (Choice.RETRY, Choice.ANOTHER_CARD, Choice.SPOIL, *cancel)
    if state is S.ENCODED:
        return (Choice.PRINT, Choice.SPOIL, *cancel)
    if state is S.PRINTING:
        # Only after a crash or a lost job: the clerk looks at the printer and says what happened.
        return (Choice.PRINT_CAME_OUT, Choice.REPRINT, *cancel)
    if state is S.PRINT_FAILED:
        return (Choice.REPRINT, Choice.SPOIL, *cancel)
    if state is S.PRINTED:
        if not issuance.holder_pin_set:
            return (Choice.SET_PIN, *cancel)
        # Not SET_PIN again: the card no longer has the initial PIN, and a CHANGE PIN from it would spend
        # one of the holder's tries. A later change is a card service (old PIN, new PIN).
        return (Choice.HAND_OVER, *cancel)
    if state is S.SPOILED:
        return (Choice.RESTART,)
    return cancel


@dataclass(frozen=True)
class FlowView:
    """Everything a page needs to draw one moment of the flow."""

    step: FlowStep
    issuance: Issuance | None
    choices: tuple[Choice, ...] = ()
    zh: str = ""
    en: str = ""
    error: BaseException | None = None
    resumed_from_crash: bool = False

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    @property
    def needs_readback(self) -> bool:
        return self.issuance is not None and self.issuance.needs_card_readback


class FlowServices:
    """The services one flow drives, built on one store (in the thread that owns it)."""

    def __init__(self, store, settings, encoder=None, *, print_service=None, sync=None, traces_dir=None,
                 paths=None, ledger=None):
        from counter_app.services.encoding import EncoderSettings, EncodingService
        from counter_app.services.intake import IntakeService
        from counter_app.services.issuance import IssuanceService
        from counter_app.services.printing import PrintService

        self.store = store
        self.settings = settings
        self.encoder = encoder
        self.issuances = IssuanceService(store)
        self.intake = IntakeService(store, ethnicity_other_code=str(settings["codes.other_ethnicity"]))
        self.encoding = (EncodingService(store, encoder, EncoderSettings.from_settings(settings),
                                         traces_dir=traces_dir) if encoder is not None else None)
        self.printing = print_service or PrintService(store, settings)
        self.sync = sync
        self.card_services = None
        self.certificates = None
        if encoder is not None:
            from counter_app.services.card_services import CardServices, CardServiceSettings
            from counter_app.services.certificates import CertificateService

            self.card_services = CardServices(
                store, encoder, CardServiceSettings.from_settings(settings), traces_dir=traces_dir,
                ethnicity_other_code=str(settings["codes.other_ethnicity"]))
            if ledger is None and paths is not None:
                from counter_app.services.sync import SyncService

                ledger = SyncService(store, settings, paths).client
            if bool(settings["card.certificates"]):
                self.certificates = CertificateService(store, self.card_services, ledger,
                                                       demo=bool(settings["demo.enabled"]))


class IssuanceFlow:
    """One clerk's issuance from form to hand-over. Every method returns the new :class:`FlowView`.

    Domain and card errors are not raised but returned in the view (``error``) with the clerk's
    message: the page shows them and offers the choices that make sense.
    """

    def __init__(self, services: FlowServices, session):
        self.s = services
        self.session = session  # counter_app.services.auth.Session: every service call is checked against it
        self.issuance: Issuance | None = None
        self._restart_from: str | None = None

    # --- where we are -------------------------------------------------------------------------

    def view(self, zh: str = "", en: str = "", error: BaseException | None = None, *,
             resumed: bool = False) -> FlowView:
        if self.issuance is None:
            return FlowView(FlowStep.APPLICANT, None, (), zh, en, error)
        return FlowView(step_for_state(self.issuance.state), self.issuance, choices_for(self.issuance, error),
                        zh, en, error, resumed)

    def _reload(self) -> Issuance:
        assert self.issuance is not None
        self.issuance = self.s.issuances.get(self.issuance.id)
        return self.issuance

    def new(self) -> FlowView:
        self.issuance = None
        return self.view()

    def resume(self, issuance_id: str) -> FlowView:
        """Reopen an unfinished issuance at its last state. ``encoding`` found here means the app
        stopped mid-write: the card is read back first (the encoder does that on the next run)."""
        self.issuance = self.s.issuances.get(issuance_id)
        state = self.issuance.state
        if state is S.ENCODING:
            return self.view("上次写卡被中断：请插入同一张卡，系统将先回读卡片再继续写卡。",
                             "The last chip write was interrupted: insert the same card; it is read back first, "
                             "then the write is completed.", resumed=True)
        if state is S.PRINTING:
            return self.view("上次打印是否完成不确定：请查看打印机。卡面已打印好请选“卡已打印”，否则“重新打印”。",
                             "It is not known whether the last print finished: look at the printer. Choose "
                             "'card came out printed' if it did, else 'reprint'.", resumed=True)
        return self.view(resumed=True)

    # --- applicant and photo -----------------------------------------------------------------

    def check(self, applicant: Applicant) -> tuple[Applicant, tuple[Problem, ...]]:
        return self.s.intake.check(applicant)

    def submit_applicant(self, applicant: Applicant) -> FlowView:
        """Open the application (``applicant_ok``); an invalid applicant leaves the flow on the form."""
        try:
            issuance_id = self.s.intake.open_application(self.session, applicant)
        except DomainError as exc:
            return self._failed(exc)
        self.issuance = self.s.issuances.get(issuance_id)
        return self.view()

    def accept_photo(self, jpeg: bytes | None, **detail: Any) -> FlowView:
        assert self.issuance is not None
        try:
            self.s.intake.accept_photo(self.session, self.issuance.id, jpeg, **detail)
        except DomainError as exc:
            return self._failed(exc)
        self._reload()
        return self.view()

    def photo(self) -> bytes | None:
        return self.s.issuances.photo(self.issuance.id) if self.issuance else None

    def preview_png(self, dpi: float = 150) -> bytes | None:
        """The card face as it will be printed. Before the chip is written the issuance has no
        card number yet (it is taken with the write): the review shows a placeholder there."""
        if self.issuance is None:
            return None
        if self.issuance.card_number:
            return self.s.printing.preview_png(self.issuance.id, dpi)
        from counter_app.printing.face import FaceData, paint_face, render_png
        from counter_app.printing.template import format_issue_date

        printing = self.s.printing
        template = printing.template()
        data = FaceData(
            name=self.issuance.applicant.name,
            social_security_number=self.issuance.applicant.social_security_number,
            card_number=CARD_NUMBER_PLACEHOLDER,
            issue_date=format_issue_date(dt.date.today(), str(self.s.settings["printer.date_format"])),
            photo_jpeg=self.photo(),
        )
        return render_png(lambda painter, d: paint_face(painter, template, data, d), template, dpi)

    # --- the chip ----------------------------------------------------------------------------

    def encode(self, on_progress: Callable | None = None, cancel: threading.Event | None = None) -> FlowView:
        assert self.issuance is not None
        if self.s.encoding is None:
            raise RuntimeError("this flow has no encoder")
        # A write left unfinished goes through the one resume of the service layer (as the CLI's
        # ``issuance resume``): the same chip only, rewritten and read back.
        write = self.s.encoding.resume if self.issuance.state in (S.ENCODING, S.ENCODE_FAILED) else self.s.encoding.encode
        try:
            outcome = write(self.session, self.issuance.id, on_progress=on_progress, cancel=cancel)
        except (card_errors.CardError, DomainError) as exc:
            self._reload()
            return self._failed(exc)
        self._reload()
        return self.view(f"写卡完成并已回读核验：卡号 {outcome.card_number}。",
                         f"Chip written and verified by read-back: card number {outcome.card_number}.")

    def spoil(self, reason: str) -> FlowView:
        """Set the card aside (encode_failed, encoded or print_failed → spoiled), with a reason."""
        assert self.issuance is not None
        try:
            spoiled = self.s.printing.spoil(self.session, self.issuance.id, reason)
        except DomainError as exc:
            return self._failed(exc)
        self._restart_from = self.issuance.id
        self._reload()
        return self.view(spoiled.message("zh"), spoiled.message("en"))

    def restart(self) -> FlowView:
        """After a spoiled card: a new issuance for the same applicant with the same photo, ready
        to encode on a new card (a new card number; the old one stays void)."""
        old = self.issuance
        assert old is not None and old.state is S.SPOILED
        photo = self.s.issuances.photo(old.id)
        try:
            new_id = self.s.intake.open_application(self.session, old.applicant)
            self.s.intake.accept_photo(self.session, new_id, photo, restarted_from=old.id,
                                       **({} if photo else {"no_photo": True}))
        except DomainError as exc:
            return self._failed(exc)
        self.issuance = self.s.issuances.get(new_id)
        return self.view("已为同一申请人新建制卡记录：请插入一张新的空白卡。",
                         "A new issuance for the same applicant: insert a new blank card.")

    # --- the print ---------------------------------------------------------------------------

    def print_card(self, *, reprint: bool = False) -> FlowView:
        assert self.issuance is not None
        try:
            if self.issuance.state is S.PRINTING:
                # A print whose end is unknown (crash): it is recorded as failed, then printed again.
                self.s.issuances.record_print_failure(self.session, self.issuance.id,
                                                      "打印结果不明（程序中断），重新打印")
                reprint = True
            outcome = self.s.printing.print_card(self.session, self.issuance.id, reprint=reprint)
        except DomainError as exc:
            self._reload()
            return self._failed(exc)
        self._reload()
        return self.view(outcome.zh, outcome.en)

    def print_came_out(self) -> FlowView:
        assert self.issuance is not None
        try:
            self.s.issuances.confirm_printed(self.session, self.issuance.id)
        except DomainError as exc:
            return self._failed(exc)
        self._reload()
        return self.view()

    # --- the end -----------------------------------------------------------------------------

    @property
    def pin_policy(self):
        """The PIN rules the holder's PIN pad checks as they type (the service checks again)."""
        from counter_app.services.card_services import pin_policy_of

        if self.s.card_services is not None:
            return self.s.card_services.policy
        return pin_policy_of(self.s.settings)

    def set_holder_pin(self, new: bytearray) -> FlowView:
        """The holder's own PIN replaces the initial PIN on this issuance's card (``new`` is wiped); on a
        3.0 card the certificate step follows in the same power-up (pending when the ledger is away)."""
        assert self.issuance is not None and self.s.card_services is not None
        try:
            if self.s.certificates is not None:
                return self._pin_and_certificates(new=new)
            self.s.card_services.set_holder_pin(self.session, new, card_id=self.issuance.card_id)
        except (DomainError, card_errors.CardError) as exc:
            self._reload()
            return self._failed(exc)
        finally:
            wipe(new)  # the service wiped it already; a refusal before the service must not keep it
        self._reload()
        return self.view("持卡人密码已设置，可以发放卡片。", "The holder's PIN is set: the card can be handed over.")

    def _pin_and_certificates(self, *, new: bytearray | None = None) -> FlowView:
        _issuance_id, certified, pending = self.s.certificates.set_holder_pin_and_certify(
            self.session, new if new is not None else bytearray(), card_id=self.issuance.card_id,
            on_reader=new is None)
        self._reload()
        if pending is not None:
            return self.view(
                f"持卡人密码已设置，可以发放卡片。数字证书暂未签发（{pending.message('zh')}），稍后可在任一柜台补签。",
                f"The holder's PIN is set: the card can be handed over. Its certificates wait "
                f"({pending.message('en')}) and can be finished later at any counter.")
        return self.view(f"持卡人密码已设置，数字证书已写入卡片（证书序列号 {certified.sign_serial[-8:]}），可以发放卡片。",
                         f"The holder's PIN is set and the certificates are on the card (serial "
                         f"…{certified.sign_serial[-8:]}): the card can be handed over.")

    def pin_entry_on_reader(self) -> bool:
        """Whether the holder types the PIN on the reader's own keypad (PC/SC part 10) rather than on the
        on-screen pad. Asked on the device worker: it talks to the reader. False when it cannot tell."""
        if self.s.card_services is None:
            return False
        try:
            return self.s.card_services.reader_has_pin_pad(self.session)
        except (DomainError, card_errors.CardError):
            return False

    def set_holder_pin_on_reader(self) -> FlowView:
        """The holder types the new PIN twice on the reader's keypad; the PC never sees it."""
        assert self.issuance is not None and self.s.card_services is not None
        try:
            if self.s.certificates is not None:
                return self._pin_and_certificates()
            self.s.card_services.set_holder_pin_on_reader(self.session, card_id=self.issuance.card_id)
        except (DomainError, card_errors.CardError) as exc:
            self._reload()
            return self._failed(exc)
        self._reload()
        return self.view("持卡人密码已设置，可以发放卡片。", "The holder's PIN is set: the card can be handed over.")

    def hand_over(self) -> FlowView:
        assert self.issuance is not None
        try:
            self.s.issuances.hand_over(self.session, self.issuance.id,
                                       certificate_step=self.s.certificates is not None)
        except DomainError as exc:
            return self._failed(exc)
        self._reload()
        return self.view("卡片已发放。", "The card was handed over.")

    def cancel(self, reason: str) -> FlowView:
        if self.issuance is None:
            return self.view()
        try:
            self.s.issuances.cancel(self.session, self.issuance.id, reason)
        except DomainError as exc:
            return self._failed(exc)
        self._reload()
        return self.view("制卡已取消。", "The issuance was cancelled.")

    def _failed(self, exc: BaseException) -> FlowView:
        zh = exc.message("zh") if hasattr(exc, "message") else str(exc)
        en = exc.message("en") if hasattr(exc, "message") else str(exc)
        return self.view(zh, en, exc)


# --- the applicant form ----------------------------------------------------------------------------

# The applicant page's fields in the order the clerk meets them: problems are listed, and Enter moves, in it.
FORM_FIELDS = ("document_type", "document_number", "name", "chip_name", "sex", "birth_date", "ethnicity",
               "birthplace", "nationality", "phone", "address", "application_type", "reason")


@dataclass
class ApplicantForm:
    """The applicant page's values as typed (strings), before they make an :class:`Applicant`."""

    document_type: str = DocumentType.RESIDENT_ID.value
    document_number: str = ""
    name: str = ""
    chip_name: str = ""
    sex: str = ""
    birth_date: str = ""            # YYYY-MM-DD
    ethnicity: str = "01"
    birthplace: str = ""
    nationality: str = "CHN"
    phone: str = ""
    address: str = ""
    application_type: str = ApplicationType.NEW.value
    reason: str = ""
    derived: dict[str, str] = field(default_factory=dict)  # what fill_from_number last filled

    def fill_from_number(self) -> dict[str, str]:
        """Sex, birth date and birthplace read from a resident ID number; returns what changed.
        A value the clerk typed over is kept unless it was the number's own earlier guess."""
        changed: dict[str, str] = {}
        if self.document_type != DocumentType.RESIDENT_ID.value:
            return changed
        check = check_document_number(DocumentType.RESIDENT_ID, self.document_number)
        found = {
            "sex": check.sex or "",
            "birth_date": check.birth_date.isoformat() if check.birth_date else "",
            "birthplace": check.normalized[:6] if check.valid else "",
        }
        for key, value in found.items():
            current = getattr(self, key)
            if value and (not current or current == self.derived.get(key)) and current != value:
                setattr(self, key, value)
                changed[key] = value
            if value:
                self.derived[key] = value
        return changed

    def to_applicant(self) -> tuple[Applicant | None, tuple[Problem, ...]]:
        """The applicant, or the problems that keep the form from making one (unparseable values;
        the rules themselves are :meth:`IntakeService.check`'s)."""
        problems: list[Problem] = []
        try:
            birth = dt.date.fromisoformat(self.birth_date.strip())
        except ValueError:
            birth = None
            problems.append(Problem("form.birth_date", "出生日期应为 年-月-日，如 1990-03-07",
                                    "the birth date must be YYYY-MM-DD, e.g. 1990-03-07", "birth_date"))
        try:
            doc = DocumentType(self.document_type)
        except ValueError:
            doc = None
            problems.append(Problem("form.document_type", "请选择证件类型", "choose a document type", "document_type"))
        try:
            app_type = ApplicationType(self.application_type)
        except ValueError:
            app_type = None
            problems.append(Problem("form.application_type", "请选择申领类型", "choose an application type",
                                    "application_type"))
        reason = None
        if self.reason:
            try:
                reason = ReplacementReason(self.reason)
            except ValueError:
                problems.append(Problem("form.reason", "原因代码无效", "not a valid reason code", "reason"))
        if problems:
            return None, tuple(problems)
        return Applicant(
            document_type=doc, document_number=self.document_number, name=self.name,
            sex=self.sex, ethnicity=self.ethnicity, birth_date=birth, birthplace=self.birthplace.strip(),
            nationality=self.nationality.strip().upper(), phone=self.phone.strip(), address=self.address.strip(),
            application_type=app_type, reason=reason, chip_name=self.chip_name.strip() or None,
        ), ()

    def problems(self, *, ethnicity_other_code: str, today: dt.date | None = None) -> tuple[Problem, ...]:
        """Every problem of the form, in the order of its fields (:data:`FORM_FIELDS`): what keeps it
        from making an applicant *and* the domain's rules for the rest, so that a missing name is not
        hidden behind an unparseable birth date. A field that could not be parsed is checked against
        a stand-in value whose own findings are dropped."""
        applicant, unparsed = self.to_applicant()
        if applicant is not None:
            found = validate_applicant(normalize_applicant(applicant), today,
                                       ethnicity_other_code=ethnicity_other_code)
        else:
            bad = {p.field for p in unparsed}
            if "document_type" in bad:
                bad.add("document_number")  # the number cannot be checked without its type
            stand_in = dataclasses.replace(
                self, derived={},
                birth_date=self.birth_date if "birth_date" not in bad else (
                    self.derived.get("birth_date") or "1990-01-01"),
                document_type=self.document_type if "document_type" not in bad else DocumentType.RESIDENT_ID.value,
                application_type=(self.application_type if "application_type" not in bad
                                  else ApplicationType.NEW.value),
                reason=self.reason if "reason" not in bad else "")
            applicant, _ = stand_in.to_applicant()
            found = tuple(unparsed) + tuple(
                p for p in validate_applicant(normalize_applicant(applicant), today,
                                              ethnicity_other_code=ethnicity_other_code)
                if p.field not in bad)
        rank = {name: i for i, name in enumerate(FORM_FIELDS)}
        return tuple(sorted(found, key=lambda p: rank.get(p.field or "", len(rank))))

    @classmethod
    def from_applicant(cls, a: Applicant) -> ApplicantForm:
        return cls(a.document_type.value, a.document_number, a.name, a.chip_name or "", a.sex,
                   a.birth_date.isoformat(), a.ethnicity, a.birthplace, a.nationality, a.phone, a.address,
                   a.application_type.value, a.reason.value if a.reason else "")


def problems_by_field(problems: tuple[Problem, ...]) -> dict[str, list[Problem]]:
    out: dict[str, list[Problem]] = {}
    for p in problems:
        out.setdefault(p.field or "", []).append(p)
    return out


def name_feedback(name: str) -> tuple[str, str]:
    """(zh, en) about a name's rare characters: which ones the chip cannot hold (GBK)."""
    if not name.strip():
        return "", ""
    check = check_name(name)
    if not check.needs_substitute:
        return "", ""
    chars = "、".join(f"“{c}”(U+{ord(c):04X})" for _p, c in check.outside_gbk)
    chars_en = ", ".join(f"'{c}' (U+{ord(c):04X})" for _p, c in check.outside_gbk)
    return (f"生僻字 {chars} 不在 GBK 内：卡面照印，芯片须填写经审核的替代姓名。",
            f"Rare character(s) {chars_en} are outside GBK: printed as they are, but the chip needs an approved "
            f"substitute name.")


# --- an ID-card or barcode reader that types like a keyboard ---------------------------------------

_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_DATE_RE = re.compile(r"^(\d{4})[-./年]?(\d{1,2})[-./月]?(\d{1,2})日?$")
_SEX_WORDS = {e.zh: e.code for e in SEX}
_ETHNICITY_WORDS = {e.zh: e.code for e in ETHNICITY_GROUPS} | {e.zh.removesuffix("族"): e.code for e in ETHNICITY_GROUPS}
_CJK_NAME_RE = re.compile(r"^[\u3400-\u9fff\U00020000-\U0003134f·．.]{2,15}$")


def parse_scan(text: str) -> dict[str, str]:
    """The applicant fields in what a keyboard-wedge reader sent.

    Accepts a bare ID number (barcode of a form, or a reader set to the number only), or an
    ID-card reader's record with fields separated by ``|``, ``,``, ``;`` or tabs in any order:
    name, sex (男/女), ethnicity (汉 / 汉族), birth date (19900307 or 1990-03-07), address and
    the number. Unrecognised parts are ignored; an empty dict means nothing was understood.
    """
    text = text.strip()
    out: dict[str, str] = {}
    parts = [p.strip() for p in re.split(r"[|,;\t，；]", text) if p.strip()]
    for part in parts:
        m = _ID_RE.fullmatch(part)
        if m and "document_number" not in out:
            out["document_number"] = part.upper()
            out["document_type"] = DocumentType.RESIDENT_ID.value
            continue
        if part in _SEX_WORDS and "sex" not in out:
            out["sex"] = _SEX_WORDS[part]
            continue
        if part in _ETHNICITY_WORDS and "ethnicity" not in out:
            out["ethnicity"] = _ETHNICITY_WORDS[part]
            continue
        d = _DATE_RE.match(part)
        if d and "birth_date" not in out:
            try:
                out["birth_date"] = dt.date(int(d[1]), int(d[2]), int(d[3])).isoformat()
            except ValueError:
                pass
            continue
        if _CJK_NAME_RE.match(part) and "name" not in out:
            out["name"] = part
            continue
        if len(part) > 6 and "address" not in out and not part.isascii():
            out["address"] = part
    if "document_number" not in out:
        m = _ID_RE.search(text)
        if m:
            out["document_number"] = m[1].upper()
            out["document_type"] = DocumentType.RESIDENT_ID.value
    return out


def form_with(form: ApplicantForm, values: dict[str, str]) -> ApplicantForm:
    known = {f.name for f in dataclasses.fields(ApplicantForm)} - {"derived"}
    return dataclasses.replace(form, **{k: v for k, v in values.items() if k in known})
