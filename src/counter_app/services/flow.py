"""The clerk's guided issuance, as a Qt-free state machine over the services.

The GUI's wizard only draws what :class:`FlowView` says and forwards the clerk's choices to
:class:`IssuanceFlow` (as Electrum's wizard drives its Qt pages from ``electrum/wizard.py``), so
every rule of the flow — which page follows which issuance state, which choices a failure
offers, what resuming after a crash means — is here and is tested without widgets.

Steps and the issuance states they stand for::

    applicant ─> photo ─> review ─> [fee] ─> encode ─> print ─> hand-over ─> done
    (form)     applicant_ok photo_ok  photo_ok  encoding     encoded      printed     issued
                                                encode_failed printing
                                                             print_failed

The fee page (``fees.enabled``) is a moment of ``photo_ok``, not a state of the issuance: confirming the
review with a fee due opens it, and the write waits for the card only once the fee is paid (QR or cash)
or waived (:class:`~counter_app.services.fees.FeeWriteCheck` refuses the write otherwise). A spoiled
card's fee is carried over to the restarted issuance; a cancelled issuance's paid fee is refunded.

:class:`IssuanceFlow` calls the services synchronously; the GUI runs it on its device thread,
which owns the flow's :class:`~counter_app.store.database.Store` (a SQLite connection belongs
to the thread that opened it).

The flow also says what happens next without the clerk (:class:`After` in the view's ``then``):
after "confirm" on the review, after a restart and after a crash mid-write, it asks for a card and
the write starts as soon as one is in the encoder (:class:`CardWait`, waited for on card events by
the GUI's job); when the card was pulled mid-write it asks for the same card again; right after the
chip is written it prints. Each view carries the page's prompt for its state in both languages
(the texts, with the choices each state offers: :mod:`counter_app.services.flow_prompts`).
The applicant form's own logic (``ApplicantForm``, ``parse_scan``) is the UI's:
:mod:`counter_app.ui.clerk.applicant_form`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from counter_app.card import errors as card_errors
from counter_app.domain.applicant import Applicant
from counter_app.domain.issuance import Issuance, IssuanceAction, IssuanceState
from counter_app.domain.pin import wipe
from counter_app.domain.problems import DomainError, Problem, is_user_facing, pick
from counter_app.services.flow_prompts import CARD_GONE, Choice, Text, choices_for, fee_prompt, prompt_for

if TYPE_CHECKING:
    from counter_app.services.container import CounterServices

log = logging.getLogger(__name__)

S, A = IssuanceState, IssuanceAction
CARD_NUMBER_PLACEHOLDER = "—————————"  # the review's card face: the number is taken with the chip write


class FlowStep(StrEnum):
    APPLICANT = "applicant"
    PHOTO = "photo"
    REVIEW = "review"
    FEE = "fee"
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


class After(StrEnum):
    """What the GUI does next by itself once it has shown a view (the flow decides, the GUI runs it)."""

    NOTHING = "nothing"
    ENCODE_ON_CARD = "encode_on_card"  # wait for a card in the encoder (card events), then write it: see ``wait``
    PRINT = "print"                    # print the card face now: the chip was just written (auto-print)


@dataclass(frozen=True)
class CardWait:
    """How to wait for the card before a write.

    ``take_out_first``: the card in the encoder must come out first ("another card");
    ``new_insertion``: only a card inserted after now counts (it was pulled mid-write: the card
    the encoder last reported may be that one, not yet seen gone); ``blank_may_be_inserted``: the
    demo's insert command may put a blank in (never when a write began on a chip: only that chip
    may finish it)."""

    take_out_first: bool = False
    new_insertion: bool = False
    blank_may_be_inserted: bool = True


@dataclass(frozen=True)
class FeeView:
    """The fee page's moment: what is due, how it stands, the open QR order (its payload is shown as a
    QR code on the applicant's screen) and the cash receipt just printed."""

    amount_fen: int
    status: str                      # quoted|pending|paid|waived|refunded|carried_over
    method: str | None = None
    order: Any = None                # counter_app.cardmgmt.payments.PaymentOrder while a QR payment is open
    receipt: Any = None              # counter_app.services.fees.CashReceipt after a cash payment
    waivers: tuple[tuple[str, str, str], ...] = ()  # (code, Chinese name, English name) of fees.waivers
    qr_available: bool = True

    @property
    def yuan(self) -> str:
        from counter_app.domain.fees import yuan

        return yuan(self.amount_fen)


@dataclass(frozen=True)
class FlowView:
    """Everything a page needs to draw one moment of the flow, and what follows by itself.

    ``zh``/``en``: the message of what just happened (an outcome, or ``error``'s message);
    ``prompt``: what the page asks of the clerk now; ``choices``: the buttons, the first the primary
    (Enter); ``then``: what the GUI does next without the clerk (``wait`` says how to wait for the card
    when that is a write)."""

    step: FlowStep
    issuance: Issuance | None
    choices: tuple[Choice, ...] = ()
    zh: str = ""
    en: str = ""
    error: BaseException | None = None
    resumed_from_crash: bool = False
    prompt: Text = Text()
    then: After = After.NOTHING
    wait: CardWait | None = None
    fee: FeeView | None = None
    online_application: str | None = None  # the online application (WA…) this issuance makes
    identity_checked: bool = False         # its applicant's ID card matched it (the write may start)

    def message(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)

    @property
    def needs_readback(self) -> bool:
        return self.issuance is not None and self.issuance.needs_card_readback

    @property
    def waiting_for_card(self) -> bool:
        return self.then is After.ENCODE_ON_CARD


def refunded_words(fee) -> tuple[str, str]:
    """What the clerk reads once ``fee`` (a stored fee, paid) is refunded: how the money goes back."""
    from counter_app.domain.fees import yuan

    how = ("已退回付款账户", "refunded to the paying account") if fee.method == "qr" else \
          ("请退还现金，退费收据已打印", "give the cash back; the refund receipt was printed")
    return f"已退费 {yuan(fee.amount_fen)} 元（{how[0]}）。", f"{yuan(fee.amount_fen)} yuan {how[1]}."


def photo_needed(applicant: Applicant, settings, today: dt.date | None = None) -> bool:
    """Whether ``applicant`` needs a card photo: not below ``people.photo_from_age`` (e.g. none up to 6)."""
    from counter_app.domain.validation import age_on

    below = int(settings["people.photo_from_age"] or 0)
    return below <= 0 or age_on(applicant.birth_date, today or dt.date.today()) >= below


class IssuanceFlow:
    """One clerk's issuance from form to hand-over. Every method returns the new :class:`FlowView`.

    Domain and card errors are not raised but returned in the view (``error``) with the clerk's
    message: the page shows them and offers the choices that make sense.
    """

    def __init__(self, services: CounterServices, session):
        self.s = services
        self.session = session  # counter_app.services.auth.Session: every service call is checked against it
        self.issuance: Issuance | None = None
        self._restart_from: str | None = None
        self._at_fee = False          # the fee page is open (a moment of photo_ok)
        self._order: Any = None       # the QR order shown on the applicant's screen
        self._receipt: Any = None

    # --- where we are -------------------------------------------------------------------------

    def view(self, zh: str = "", en: str = "", error: BaseException | None = None, *,
             resumed: bool = False, then: After = After.NOTHING, wait: CardWait | None = None) -> FlowView:
        if self.issuance is None:
            return FlowView(FlowStep.APPLICANT, None, (), zh, en, error)
        online = self.online_link()
        extra: dict[str, Any] = {} if online is None else {
            "online_application": online.application.app_id, "identity_checked": online.identity_checked}
        waiting = then is After.ENCODE_ON_CARD
        step = step_for_state(self.issuance.state)
        choices = choices_for(self.issuance, error)
        if self._at_fee and self.issuance.state is S.PHOTO_OK and not waiting:
            fee = self._fee_view()
            return FlowView(FlowStep.FEE, self.issuance, (Choice.CANCEL,), zh, en, error, resumed,
                            fee_prompt(fee.amount_fen, fee.status), then, wait, fee, **extra)
        if self.issuance.state is S.SPOILED and self.charges_fees and self._fee_refundable():
            choices = (*choices, Choice.REFUND)
        if waiting:
            # Waiting for the card: the write starts by itself, so the only choice left is to give up.
            step, choices = FlowStep.ENCODE, ((Choice.CANCEL,) if self.issuance.is_unfinished else ())
            wait = wait or self._card_wait()
        return FlowView(step, self.issuance, choices, zh, en, error, resumed,
                        prompt_for(self.issuance, error, waiting=waiting, resumed=resumed), then, wait, **extra)

    def _card_wait(self, *, take_out_first: bool = False, new_insertion: bool = False) -> CardWait:
        # A write that began on a chip resumes on that chip only: no blank may be put in for it.
        began = self.issuance is not None and bool(self.issuance.card_id)
        return CardWait(take_out_first, new_insertion, blank_may_be_inserted=not began)

    def _reload(self) -> Issuance:
        assert self.issuance is not None
        self.issuance = self.s.issuances.get(self.issuance.id)
        return self.issuance

    def new(self) -> FlowView:
        self.issuance = None
        self._leave_fee()
        return self.view()

    def resume(self, issuance_id: str) -> FlowView:
        """Reopen an unfinished issuance at its last state. ``encoding`` found here means the app
        stopped mid-write: the card is read back first (the encoder does that on the next run)."""
        self.issuance = self.s.issuances.get(issuance_id)
        self._leave_fee()
        state = self.issuance.state
        if state is S.ENCODING:
            # The write goes on by itself once the card is back (read back first, then completed).
            return self.view("上次写卡被中断：请插入同一张卡，系统将先回读卡片再继续写卡。",
                             "The last chip write was interrupted: insert the same card; it is read back first, "
                             "then the write is completed.", resumed=True, then=After.ENCODE_ON_CARD)
        if state is S.PRINTING:
            return self.view("上次打印是否完成不确定：请查看打印机。卡面已打印好请选“卡已打印”，否则“重新打印”。",
                             "It is not known whether the last print finished: look at the printer. Choose "
                             "'card came out printed' if it did, else 'reprint'.", resumed=True)
        online = self.online_link()
        if online is not None and state is S.PHOTO_OK:
            if online.identity_checked:  # the ID card matched already (read on the home): straight to the write
                return self.confirm_review()
            app = online.application
            return self.view(f"线上申请 {app.app_id}：资料和照片已审核通过。请将申请人的身份证放在阅读器上核验身份，"
                             "核验通过后即写卡。",
                             f"Online application {app.app_id}: the data and the photo were approved. Lay the "
                             "applicant's ID card on the reader; the card is written once it matches.", resumed=True)
        return self.view(resumed=True)

    # --- applicant and photo -----------------------------------------------------------------

    def check(self, applicant: Applicant) -> tuple[Applicant, tuple[Problem, ...]]:
        return self.s.intake.check(applicant)

    def submit_applicant(self, applicant: Applicant, scans: tuple = ()) -> FlowView:
        """Open the application (``applicant_ok``) with the scans its guardian or agent brought (``(kind,
        bytes)``: household register or birth certificate, power of attorney, stored sealed); an invalid
        applicant or a missing scan leaves the flow on the form with nothing written."""
        from counter_app.services.representatives import MissingScan

        reps = self.s.representatives
        have = {kind for kind, _data in scans}
        missing = [group for group in reps.requirements(applicant) if not group & have]
        try:
            if missing:
                raise MissingScan(missing)
            issuance_id = self.s.intake.open_application(self.session, applicant)
        except DomainError as exc:
            return self._failed(exc)
        try:
            for kind, data in scans:
                reps.attach_scan(self.session, issuance_id, kind, data)
        except DomainError as exc:
            self.issuance = self.s.issuances.get(issuance_id)
            return self._failed(exc)
        self.issuance = self.s.issuances.get(issuance_id)
        self._leave_fee()
        return self.view()

    def accept_photo(self, jpeg: bytes | None, **detail: Any) -> FlowView:
        assert self.issuance is not None
        try:
            self.s.intake.accept_photo(self.session, self.issuance.id, jpeg, **detail)
        except DomainError as exc:
            return self._failed(exc)
        self._reload()
        return self.view()

    @property
    def card_bank(self) -> str | None:
        """The co-issuing bank whose card this issuance needs (the applicant's, else ``banks.default``)."""
        if self.issuance is None:
            return None
        return self.issuance.applicant.bank_code or str(self.s.settings["banks.default"] or "") or None

    @property
    def photo_needed(self) -> bool:
        return self.issuance is None or photo_needed(self.issuance.applicant, self.s.settings)

    def skip_photo(self) -> FlowView:
        """No photo for a young child (``people.photo_from_age``): the card is made without one."""
        assert self.issuance is not None
        if self.photo_needed:
            below = int(self.s.settings["people.photo_from_age"] or 0)
            return self._failed(DomainError(Problem(
                "photo.needed", f"年满 {below} 周岁的申请人须有照片。" if below else "申请人须有照片。",
                f"An applicant aged {below} or over needs a photo." if below else "The applicant needs a photo.")))
        return self.accept_photo(None, no_photo_reason="under_photo_age")

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

    # --- an online application (docs/online-applications.md, "At the counter") -------------------

    @property
    def online(self):
        """The online applications' service over this flow's services (made once)."""
        found = getattr(self, "_online", None)
        if found is None:
            from counter_app.services.online_applications import OnlineApplicationService

            found = self._online = OnlineApplicationService(self.s)
        return found

    def online_link(self):
        """The online application this issuance makes (``OnlineLink``), or None."""
        return self.online.link_of(self.issuance.id) if self.issuance is not None else None

    def check_online_identity(self, id_number: str, name: str) -> FlowView:
        """The applicant's ID card was read on the review of an online application: it must be the
        application's; then the write starts (as the clerk's "confirm" on the review)."""
        assert self.issuance is not None
        try:
            self.online.check_identity(self.session, self.issuance.id, id_number, name)
        except DomainError as exc:
            return self._failed(exc)
        return self.confirm_review()

    # --- the chip ----------------------------------------------------------------------------

    def confirm_review(self) -> FlowView:
        """The clerk checked the review with the applicant: wait for a blank card, then write it."""
        assert self.issuance is not None
        if self.issuance.state is not S.PHOTO_OK:
            return self.view()
        try:
            self.online.require_identity_checked(self.issuance.id)
        except DomainError as exc:
            return self._failed(exc)
        if self.charges_fees:
            try:
                fee = self.s.fees.quote(self.session, self.issuance.id)
            except DomainError as exc:
                return self._failed(exc)
            if not self.s.fees.is_settled(self.issuance.id):
                self._at_fee = True
                if fee.status == "pending" and fee.order_id:
                    return self.pay_by_qr()  # a QR payment left open (restart): show it again
                return self.view()
        self._leave_fee()
        return self.view(then=After.ENCODE_ON_CARD)

    # --- the fee -----------------------------------------------------------------------------

    @property
    def charges_fees(self) -> bool:
        """Whether this counter charges fees before the write (``fees.enabled``)."""
        return bool(self.s.settings["fees.enabled"])

    def _leave_fee(self) -> None:
        self._at_fee, self._order, self._receipt = False, None, None

    def _fee_view(self) -> FeeView:
        from counter_app.domain.fees import FeeSchedule

        assert self.issuance is not None
        fee = self.s.fees.fee_of(self.issuance.id)
        waivers = tuple((w.code, w.name, w.label("en")) for w in FeeSchedule.from_settings(self.s.settings).waivers.values())
        return FeeView(fee.amount_fen if fee else 0, fee.status if fee else "quoted", fee.method if fee else None,
                       self._order if fee is not None and fee.status == "pending" else None, self._receipt,
                       waivers, qr_available=self.s.payments is not None)

    def _fee_settled(self, zh: str, en: str) -> FlowView:
        self._at_fee, self._order = False, None
        return self.view(zh, en, then=After.ENCODE_ON_CARD)

    def _fee_refundable(self) -> bool:
        fee = self.s.fees.fee_of(self.issuance.id)
        return fee is not None and fee.status == "paid"

    def refund_fee(self, reason: str) -> FlowView:
        """A spoiled card whose applicant will not wait for another: the fee goes back (QR through the gateway,
        cash with a refund receipt)."""
        assert self.issuance is not None

        try:
            fee = self.s.fees.fee_of(self.issuance.id)
            self.s.fees.refund(self.session, self.issuance.id, reason)
        except DomainError as exc:
            return self._failed(exc)
        return self.view(*refunded_words(fee))

    def pay_by_qr(self) -> FlowView:
        """Open (or show again) the QR order the applicant pays from a phone; the GUI polls it."""
        assert self.issuance is not None
        try:
            self._order = self.s.fees.start_qr(self.session, self.issuance.id)
        except DomainError as exc:
            return self._failed(exc)
        return self.view("请申请人用手机扫描面向其屏幕上的二维码付款。",
                         "Ask the applicant to scan the QR code on the screen facing them with a phone.")

    def poll_payment(self) -> FlowView:
        """Ask the gateway how the open QR order stands: paid goes on to the write by itself."""
        assert self.issuance is not None
        from counter_app.domain.fees import yuan

        try:
            fee = self.s.fees.poll(self.session, self.issuance.id)
        except DomainError as exc:
            return self._failed(exc)
        if fee is not None and fee.status == "paid":
            return self._fee_settled(f"已收到扫码支付 {yuan(fee.amount_fen)} 元。请插入一张空白卡。",
                                     f"QR payment of {yuan(fee.amount_fen)} yuan received. Insert a blank card.")
        if fee is not None and fee.status == "quoted" and self._order is not None:
            self._order = None
            return self.view("支付二维码已失效（超时或已取消），可重新扫码或改用现金。",
                             "The payment QR code is no longer valid (timed out or cancelled): start it again or "
                             "take cash.")
        return self.view()

    def cancel_qr(self) -> FlowView:
        assert self.issuance is not None
        try:
            self.s.fees.cancel_qr(self.session, self.issuance.id)
        except DomainError as exc:
            return self._failed(exc)
        self._order = None
        return self.view("扫码支付已取消。", "The QR payment was cancelled.")

    def pay_cash(self, received_fen: int) -> FlowView:
        """Cash received (in fen): the receipt is printed and the write follows."""
        assert self.issuance is not None
        from counter_app.domain.fees import yuan

        try:
            receipt = self.s.fees.pay_cash(self.session, self.issuance.id, received_fen)
        except DomainError as exc:
            return self._failed(exc)
        self._receipt = receipt
        return self._fee_settled(
            f"现金收讫 {yuan(receipt.amount_fen)} 元（实收 {yuan(receipt.received_fen)}，找零 "
            f"{yuan(receipt.change_fen)}），收据 {receipt.receipt_number} 已打印。请插入一张空白卡。",
            f"Cash of {yuan(receipt.amount_fen)} yuan taken (received {yuan(receipt.received_fen)}, change "
            f"{yuan(receipt.change_fen)}); receipt {receipt.receipt_number} printed. Insert a blank card.")

    def waive(self, waiver_code: str, reason: str | None = None) -> FlowView:
        assert self.issuance is not None
        try:
            self.s.fees.waive(self.session, self.issuance.id, waiver_code, reason)
        except DomainError as exc:
            return self._failed(exc)
        return self._fee_settled("费用已减免。请插入一张空白卡。", "The fee was waived. Insert a blank card.")

    def want_card(self, *, another_card: bool = False) -> FlowView:
        """The clerk chose to write (start, retry, or another card: the one in the encoder out first)."""
        assert self.issuance is not None
        return self.view(then=After.ENCODE_ON_CARD, wait=self._card_wait(take_out_first=another_card))

    def prepare_write(self) -> None:
        """What the write needs that does not depend on the card, made while the flow waits for it (the
        chip copy of the photo), so that the write's first command follows the card's arrival at once."""
        if self.issuance is None or self.s.encoding is None or not bool(self.s.settings["card.write_photo"]):
            return
        from counter_app.services.encoding import chip_photo

        stored = self.photo()
        if stored:
            chip_photo(stored)

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
            if isinstance(exc, CARD_GONE) and self.issuance.state in (S.PHOTO_OK, S.ENCODING, S.ENCODE_FAILED):
                # Pulled out (or gone before the first command): put it back and the write resumes by
                # itself (on that chip, once a write began on one).
                return self._failed(exc, then=After.ENCODE_ON_CARD,
                                    wait=self._card_wait(new_insertion=True))
            return self._failed(exc)
        self._reload()
        # Auto-print: the card goes from the encoder to the printer without the clerk asking.
        return self.view(f"写卡完成并已回读核验：卡号 {outcome.card_number}。",
                         f"Chip written and verified by read-back: card number {outcome.card_number}.",
                         then=After.PRINT)

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
            new_id = self.s.intake.open_application(self.session, old.applicant, restarted_from=old.id)
            self.online.relink(old.id, new_id)  # an online application's card: the new issuance makes it too
            self.s.intake.accept_photo(self.session, new_id, photo, restarted_from=old.id,
                                       **({} if photo else {"no_photo": True}))
            if self.charges_fees and self.s.fees.is_settled(old.id):
                # The hall spoiled the card: the applicant does not pay again.
                self.s.fees.carry_over(self.session, old.id, new_id)
        except DomainError as exc:
            return self._failed(exc)
        self._leave_fee()
        self.issuance = self.s.issuances.get(new_id)
        return self.view("已为同一申请人新建制卡记录：请插入一张新的空白卡。",
                         "A new issuance for the same applicant: insert a new blank card.",
                         then=After.ENCODE_ON_CARD)

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

    def hand_over(self, *, by_agent: bool = False) -> FlowView:
        """To the holder (their PIN set), or to the agent recorded with the application (``by_agent``: the card
        stays 未启用 until the holder activates it in person)."""
        assert self.issuance is not None
        try:
            self.s.issuances.hand_over(self.session, self.issuance.id, by_agent=by_agent,
                                       certificate_step=self.s.certificates is not None)
        except DomainError as exc:
            return self._failed(exc)
        self._reload()
        if by_agent:
            return self.view("卡片已由代办人领取。卡片处于“未启用”状态：请告知持卡人本人持身份证到任一柜台设置密码并启用。",
                             "The agent collected the card. It stays not activated: the holder activates it in "
                             "person, with their ID card, at any counter (setting their PIN).")
        return self.view("卡片已发放。", "The card was handed over.")

    # --- after the hand-over: the applicant's rating, the papers ---------------------------------

    def rate(self, level: int, reason: str | None = None) -> FlowView:
        """The applicant's rating of this handed-over issuance (好差评), from the screen facing them."""
        assert self.issuance is not None
        from counter_app.domain.ratings import RatingLevel

        try:
            rating = self.s.ratings.rate(self.session, self.issuance.id, level, reason or None)
        except DomainError as exc:
            return self._failed(exc)
        lv = RatingLevel(rating.level)
        return self.view(f"申请人评价：{lv.label('zh')}。", f"The applicant rated the service: {lv.label('en')}.")

    def print_paper(self, kind: str) -> FlowView:
        """Print the application form (for signature before the write) or the collection receipt (after the
        hand-over) on the A4 queue; printing it again is marked 补打."""
        assert self.issuance is not None
        try:
            result = self.s.papers.print(self.session, self.issuance.id, kind)
        except DomainError as exc:
            return self._failed(exc)
        if result.state == "failed":
            return self.view(result.zh, result.en, error=RuntimeError(result.en))
        return self.view(result.zh, result.en)

    def cancel(self, reason: str) -> FlowView:
        if self.issuance is None:
            return self.view()
        try:
            if self.charges_fees and self._order is not None:
                self.s.fees.cancel_qr(self.session, self.issuance.id)
            self.s.issuances.cancel(self.session, self.issuance.id, reason)
        except DomainError as exc:
            return self._failed(exc)
        self._leave_fee()
        self._reload()
        zh, en = "制卡已取消。", "The issuance was cancelled."
        if self.charges_fees:
            zh, en = self._refund_after_cancel(reason, zh, en)
        return self.view(zh, en)

    def _refund_after_cancel(self, reason: str, zh: str, en: str) -> tuple[str, str]:
        """A card that will not be made gives back what was paid (QR through the gateway, cash with a
        refund receipt). A refund that cannot be made now is said plainly; the fee stays paid for the
        supervisor to settle (it shows in the close of day)."""
        from counter_app.domain.fees import yuan

        fee = self.s.fees.fee_of(self.issuance.id)
        if fee is None or fee.status != "paid":
            return zh, en
        try:
            self.s.fees.refund(self.session, self.issuance.id, reason)
        except DomainError as exc:
            return (f"{zh}费用 {yuan(fee.amount_fen)} 元未能退回（{exc.message('zh')}），请主管处理。",
                    f"{en} The fee of {yuan(fee.amount_fen)} yuan could not be refunded ({exc.message('en')}): "
                    f"ask the supervisor.")
        done_zh, done_en = refunded_words(fee)
        return zh + done_zh, f"{en} {done_en}"

    def _failed(self, exc: BaseException, **after: Any) -> FlowView:
        zh, en = (exc.message("zh"), exc.message("en")) if is_user_facing(exc) else (str(exc), str(exc))
        return self.view(zh, en, exc, **after)
