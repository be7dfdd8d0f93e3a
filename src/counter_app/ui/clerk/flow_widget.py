"""The clerk's guided issuance: a stacked widget of pages driven by :class:`IssuanceFlow`.

The flow itself lives in the device worker (Qt-free, :mod:`counter_app.services.flow`) and decides
everything: the page, its prompt, the choices, and what follows by itself (``FlowView.then``: wait
for a card and write it, or print right after the write). This widget only draws each
:class:`FlowView`, forwards the clerk's keys and clicks as jobs (:mod:`counter_app.ui.clerk.flow_jobs`)
and runs the view's ``then``. While a job runs, the choices are disabled; the GUI thread never waits
for one. The card in the encoder is known from card events (:class:`CardEvents`), never by polling it.

Keys: Enter does the page's primary action, F8 the same by name, F9 "another card", F10
"spoil", F12 "cancel this issuance", Ctrl+Enter "next" on the applicant page, Esc home before an
issuance exists. Each key acts at once, as it is pressed (:func:`~counter_app.ui.clerk.pages.bind_key`).

The applicant page is built with the widget; every later page (and the photo step with its camera)
the first time it is shown, so that opening the flow does not build, polish and lay out seven pages
in one go on the GUI thread.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.card import errors as card_errors
from counter_app.domain.issuance import IssuanceState
from counter_app.services.flow import (
    STEP_ORDER,
    After,
    CardWait,
    Choice,
    FlowStep,
    FlowView,
)
from counter_app.services.flow_prompts import PRINTING, WRITING
from counter_app.ui.clerk.applicant_page import ApplicantPage
from counter_app.ui.clerk.card_events import CardEvents
from counter_app.ui.clerk.flow_jobs import (
    Writing,
    job_encode_on_card,
    job_flow,
    job_photo_and_preview,
    job_pin_entry,
    job_set_holder_pin,
    job_start_flow,
)
from counter_app.ui.clerk.pages import (
    DonePage,
    EncodePage,
    HandoverPage,
    PhotoPage,
    PrintPage,
    ReasonDialog,
    ReviewPage,
    _pixmap,
    bind_key,
)
from counter_app.ui.clerk.pin_pad import PinPad
from counter_app.ui.errors import error_text

log = logging.getLogger(__name__)
S = IssuanceState

SPOIL_REASONS_ZH = ["写卡失败，芯片无法使用", "卡面损坏（划伤、弯折）", "打印机卡卡/打印错位", "其他"]
REFUND_REASONS_ZH = ["制卡失败，申请人不再等候", "申请人放弃办理", "其他"]
CANCEL_REASONS_ZH = ["申请人放弃办理", "信息有误，需重新受理", "照片不合格，申请人另行提交", "其他"]


class IssuanceFlowWidget(QWidget):
    finished = Signal()       # back to the home page
    viewChanged = Signal(object)  # noqa: N815  every FlowView shown (tests, screenshots)

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("issuanceFlow")
        self.view: FlowView | None = None
        self.busy = False
        self._cancel = threading.Event()
        self._encoding = False
        self.card_events = CardEvents(app_ctx.backends.make_card_watch, app_ctx.settings, self._off_gui, self)
        self.pin_pad: PinPad | None = None  # the holder's pad while it is open
        self._applicant_screen = None         # the screen facing the applicant (QR, rating), made on first use
        self._poll = QTimer(self)             # the open QR order, asked every 2 s while the fee page shows it
        self._poll.setSingleShot(True)
        self._poll.setInterval(2000)
        self._poll.timeout.connect(self._poll_payment)

        self.header = QHBoxLayout()
        self.step_labels: dict[FlowStep, QLabel] = {}
        names = {FlowStep.APPLICANT: self.tr("申请人"), FlowStep.PHOTO: self.tr("照片"),
                 FlowStep.REVIEW: self.tr("核对"), FlowStep.FEE: self.tr("缴费"), FlowStep.ENCODE: self.tr("写卡"),
                 FlowStep.PRINT: self.tr("打印"), FlowStep.HANDOVER: self.tr("发放")}
        if not bool(app_ctx.settings["fees.enabled"]):
            del names[FlowStep.FEE]  # a counter that charges nothing shows no fee step
        for number, (step, text) in enumerate(names.items(), start=1):
            lab = QLabel(f"{number} {text}")
            lab.setObjectName("step")
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.step_labels[step] = lab
            self.header.addWidget(lab, 1)

        self.applicant_page = ApplicantPage(app_ctx)
        self._pages: dict[FlowStep, QWidget] = {FlowStep.APPLICANT: self.applicant_page}
        self._photo_step = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.applicant_page)

        self.message = QLabel()
        self.message.setObjectName("flowMessage")
        self.message.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("取消制卡… (F12)"))
        bind_key(self.cancel_button, "F12")
        self.cancel_button.setObjectName("danger")
        self.home_button = QPushButton(self.tr("返回首页 (Esc)"))
        bind_key(self.home_button, QKeySequence(Qt.Key.Key_Escape))
        self.next_button = QPushButton(self.tr("下一步 (Ctrl+Enter)"))
        self.next_button.setObjectName("primary")
        bind_key(self.next_button, QKeySequence("Ctrl+Return"))
        self.cancel_button.clicked.connect(lambda: self.choose(Choice.CANCEL))
        self.home_button.clicked.connect(self._go_home)
        self.next_button.clicked.connect(self.applicant_page.try_submit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.home_button)
        bottom.addStretch(1)
        bottom.addWidget(self.next_button)

        box = QVBoxLayout(self)
        box.addLayout(self.header)
        box.addWidget(self.stack, 1)
        box.addWidget(self.message)
        box.addLayout(bottom)

        self.applicant_page.validityChanged.connect(self._applicant_validity)
        self.applicant_page.idcard_events.cardRead.connect(self._idcard_read)  # online applications
        self.applicant_page.submitted.connect(self._submit_applicant)
        self._applicant_validity(False)

    # --- pages, built on first use ---------------------------------------------------------------

    def page(self, step: FlowStep) -> QWidget:
        """The page of ``step``, made (with its connections and Enter key) the first time."""
        page = self._pages.get(step)
        if page is not None:
            return page
        if step is FlowStep.PHOTO:
            self._photo_step = self._make_photo_step()
            self._photo_step.accepted.connect(self._photo_accepted)
            page = PhotoPage(self._photo_step)
            page.skip_button.clicked.connect(lambda: self._run(job_flow(lambda f: f.skip_photo())))
        elif step is FlowStep.REVIEW:
            page = ReviewPage(self.ctx)
            page.confirmed.connect(self._review_confirmed)
            page.printForm.connect(lambda: self.print_paper("application_form"))
        elif step is FlowStep.FEE:
            from counter_app.ui.clerk.fee_page import FeePage

            page = FeePage()
            page.choices.chosen.connect(self.choose)
            page.payByQr.connect(lambda: self._run(job_flow(lambda f: f.pay_by_qr())))
            page.cancelQr.connect(lambda: self._run(job_flow(lambda f: f.cancel_qr())))
            page.payCash.connect(lambda fen: self._run(job_flow(lambda f: f.pay_cash(fen))))
            page.waive.connect(lambda code, why: self._run(job_flow(lambda f: f.waive(code, why))))
        elif step is FlowStep.DONE:
            page = DonePage()
            page.home.connect(self._go_home)
            page.restart.connect(lambda: self.choose(Choice.RESTART))
            page.printReceipt.connect(lambda: self.print_paper("collection_receipt"))
            page.refund.connect(lambda: self.choose(Choice.REFUND))
        else:
            page = {FlowStep.ENCODE: EncodePage, FlowStep.PRINT: PrintPage, FlowStep.HANDOVER: HandoverPage}[step]()
            page.choices.chosen.connect(self.choose)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), page, activated=self.primary_action,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._pages[step] = page
        self.stack.addWidget(page)
        return page

    photo_page = property(lambda self: self.page(FlowStep.PHOTO))
    review_page = property(lambda self: self.page(FlowStep.REVIEW))
    encode_page = property(lambda self: self.page(FlowStep.ENCODE))
    print_page = property(lambda self: self.page(FlowStep.PRINT))
    handover_page = property(lambda self: self.page(FlowStep.HANDOVER))
    done_page = property(lambda self: self.page(FlowStep.DONE))
    fee_page = property(lambda self: self.page(FlowStep.FEE))

    @property
    def applicant_screen(self):
        """The window facing the applicant (made the first time it is needed)."""
        if self._applicant_screen is None:
            from counter_app.ui.clerk.applicant_screen import ApplicantScreen

            self._applicant_screen = ApplicantScreen(self, lang=self.ctx.lang)
            self._applicant_screen.rated.connect(self._rated)
        return self._applicant_screen

    @property
    def photo_step(self):
        """The photo step of the photo page (made with the page)."""
        self.page(FlowStep.PHOTO)
        return self._photo_step

    def _make_photo_step(self):
        from counter_app.ui.clerk.photo_page import PhotoStep

        camera = self.ctx.backends.make_camera(self.ctx.settings)
        lights = getattr(self.ctx, "device_lights", None)
        if lights is not None:
            lights.set("camera", "ok" if camera is not None else "absent")
        return PhotoStep(camera, lang=self.ctx.lang)

    def _off_gui(self, fn) -> None:
        """``fn()`` on the database worker (quick PC/SC questions of the card watcher), else here."""
        if self.ctx.db is None:
            fn()
        else:
            self.ctx.db.call(lambda _ctx, _report: fn())

    # --- starting --------------------------------------------------------------------------------

    def start_new(self) -> None:
        self.applicant_page.clear()  # nothing of the last applicant (typed or from their ID card) stays
        self.card_events.start()
        self._run(job_start_flow(self.ctx.session, None))

    def resume(self, issuance_id: str) -> None:
        self.card_events.start()
        self._run(job_start_flow(self.ctx.session, issuance_id))

    # --- showing a view ---------------------------------------------------------------------------

    def show_view(self, view: FlowView | None) -> None:
        if view is None:  # a job that was cancelled
            return
        previous = self.view
        self.view = view
        lang = self.ctx.lang
        # The encode and print pages show their own messages next to their choices.
        own = view.step in (FlowStep.ENCODE, FlowStep.PRINT)
        self.message.setText("" if own else view.message(lang))
        self.message.setProperty("error", view.error is not None)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        for step, lab in self.step_labels.items():
            order = STEP_ORDER.index(step)
            current = STEP_ORDER.index(view.step)
            lab.setProperty("state", "current" if order == current else ("done" if order < current else "todo"))
            lab.style().unpolish(lab)
            lab.style().polish(lab)
        issuance = view.issuance
        self.cancel_button.setVisible(issuance is not None and issuance.is_unfinished)
        self.home_button.setVisible(issuance is None or not self._encoding)
        self.next_button.setVisible(view.step is FlowStep.APPLICANT)
        if view.step is not FlowStep.FEE:
            self._poll.stop()
            if self._applicant_screen is not None and self._applicant_screen.face == "payment":
                self._applicant_screen.show_welcome()
        page = self.page(view.step)
        self.stack.setCurrentWidget(page)
        getattr(self, f"_show_{view.step.value}")(view, previous)
        self.viewChanged.emit(view)

    def _show_applicant(self, view: FlowView, _previous) -> None:
        if view.error is None:
            self.applicant_page.document_number.setFocus()

    def _show_photo(self, view: FlowView, previous) -> None:
        from counter_app.services.flow import photo_needed

        self.photo_page.skip_button.setVisible(
            view.issuance is not None and not photo_needed(view.issuance.applicant, self.ctx.settings))
        if previous is None or previous.step is not FlowStep.PHOTO:
            self.photo_step.start()

    def _stop_camera(self) -> None:
        if self._photo_step is not None and self._photo_step.source is not None:
            self._photo_step.source.stop()

    def _show_review(self, view: FlowView, _previous) -> None:
        self._stop_camera()
        self.ctx.device.call(job_photo_and_preview(), lambda r: self.review_page.show_issuance(
            view.issuance, r[0], r[1]), self._job_failed)

    def _show_fee(self, view: FlowView, _previous) -> None:
        page, lang, fee = self.fee_page, self.ctx.lang, view.fee
        page.show_fee(fee, view.prompt(lang), lang=lang)
        page.choices.show_choices(view.choices)
        if fee.order is not None and fee.status == "pending":
            self.applicant_screen.show_payment(fee.yuan, fee.order.qr_payload)
            self._poll.start()
        else:
            self._poll.stop()
            if self._applicant_screen is not None:
                self._applicant_screen.show_welcome()
            page.received.setFocus()

    def _poll_payment(self) -> None:
        view = self.view
        if view is None or view.step is not FlowStep.FEE or view.fee is None or view.fee.order is None:
            return
        if self.busy:
            self._poll.start()  # the clerk's own action goes first; ask again after it
            return
        self._run(job_flow(lambda f: f.poll_payment()))

    def _show_encode(self, view: FlowView, _previous) -> None:
        self._stop_camera()
        page, lang = self.encode_page, self.ctx.lang
        page.prompt.setText(view.prompt(lang))
        # While it waits for the card the page also says what led here (the fee settled, a restart…).
        page.message.setText(view.message(lang) if view.error or view.waiting_for_card else "")
        if view.waiting_for_card:
            page.waiting(view.prompt(lang))
        else:
            page.choices.show_choices(view.choices)

    def _show_print(self, view: FlowView, _previous) -> None:
        page, state = self.print_page, view.issuance.state
        page.busy(False)
        page.choices.show_choices(view.choices)
        page.prompt.setText(view.prompt(self.ctx.lang))
        page.message.setText(view.message(self.ctx.lang) if view.error or state is S.PRINT_FAILED else "")
        self.ctx.device.call(job_photo_and_preview(), lambda r: page.face.setPixmap(_pixmap(r[1], 420)),
                             self._job_failed)

    def _show_handover(self, view: FlowView, _previous) -> None:
        a = view.issuance.applicant
        self.handover_page.summary.setText(self.tr("姓名：%1　卡号：%2").replace("%1", a.name)
                                           .replace("%2", view.issuance.card_number or ""))
        self.handover_page.prompt.setText(view.prompt(self.ctx.lang))
        self.handover_page.choices.show_choices(view.choices)
        self.handover_page.show_pin_state(view.issuance.holder_pin_set)

    def _show_done(self, view: FlowView, previous) -> None:
        issued = view.issuance is not None and view.issuance.state is S.ISSUED
        self.done_page.prompt.setText(view.prompt(self.ctx.lang))
        self.done_page.message.setText(view.message(self.ctx.lang))
        self.done_page.choices.show_choices(view.choices)
        self.done_page.receipt_button.setVisible(issued)
        self.done_page.home_button.setFocus()
        if issued and (previous is None or previous.step is not FlowStep.DONE):
            self.applicant_screen.ask_rating()  # 好差评: the applicant rates the service they just had

    def _rated(self, level: int, reason: str) -> None:
        if self.view is None or self.view.issuance is None:
            return
        self.applicant_screen.show_thanks()
        self._run(job_flow(lambda f: f.rate(level, reason)))

    def print_paper(self, kind: str) -> None:
        """The application form (review) or the collection receipt (done) on the A4 printer, off the GUI thread."""
        if self.busy or self.view is None or self.view.issuance is None:
            return
        self._say(self.tr("正在打印…"))
        self._run(job_flow(lambda f: f.print_paper(kind)))

    def follow(self, view: FlowView | None) -> None:
        """Do what the flow says comes next by itself (a view just answered by a job)."""
        if view is None or self.view is not view:
            return
        if view.then is After.ENCODE_ON_CARD:
            self.start_encoding(wait=view.wait)
        elif view.then is After.PRINT:
            self.choose(Choice.PRINT)

    # --- the clerk's actions ----------------------------------------------------------------------

    def primary_action(self) -> None:
        if self.busy:
            return
        page = self.stack.currentWidget()
        if page is self._pages.get(FlowStep.PHOTO):
            self.photo_step.accept()
        elif page is self._pages.get(FlowStep.REVIEW):
            self._review_confirmed()
        elif page is self._pages.get(FlowStep.DONE):
            self._go_home()
        elif hasattr(page, "choices") and page.choices.primary() is not None:
            self.choose(page.choices.primary())

    def _applicant_validity(self, valid: bool) -> None:
        self.next_button.setEnabled(valid)

    def _submit_applicant(self, form) -> None:
        applicant, problems = form.to_applicant()
        if applicant is None:
            return
        scans = tuple(form.scan_list())  # the guardian's or agent's papers, stored with the application
        self._run(job_flow(lambda f: f.submit_applicant(applicant, scans)))

    def _photo_accepted(self, result) -> None:
        jpeg, manual = result.jpeg, bool(getattr(result, "manual", False))
        self._run(job_flow(lambda f: f.accept_photo(jpeg, manual_crop=manual)))

    def _review_confirmed(self) -> None:
        if self.view is None or self.view.issuance is None or self.busy:
            return
        self._run(job_flow(lambda f: f.confirm_review()))

    def start_encoding(self, *, wait: CardWait | None = None, another_card: bool = False) -> None:
        """Wait for the card on the device worker (card events) and write it as soon as it is in."""
        if self._encoding:
            return
        self._encoding = True
        self._cancel = threading.Event()
        self.encode_page.choices.disable_all()
        self.busy = True
        self.ctx.device.call(
            job_encode_on_card(self.card_events.slot, self._cancel, self.ctx.backends.demo_autoinsert,
                               wait=wait, another_card=another_card),
            self._encoded, self._job_failed, self._encode_progress)

    def _encode_progress(self, obj) -> None:
        page = self.encode_page
        if isinstance(obj, FlowView):  # waiting for the card (again, after it was pulled): drawn, not followed
            self.show_view(obj)
            return
        if isinstance(obj, Writing):
            page.prompt.setText(WRITING(self.ctx.lang))
            page.stepped(obj.step, obj.index, obj.count, self.ctx.lang)

    def _encoded(self, view: FlowView | None) -> None:
        self._encoding = False
        self.busy = False
        self.show_view(view)
        self.follow(view)

    def choose(self, choice: Choice, reason: str | None = None) -> None:
        """Do what the clerk chose. ``reason`` for spoil and cancel (else a dialog asks)."""
        if choice in (Choice.SPOIL, Choice.CANCEL, Choice.REFUND) and reason is None:
            reason = self.ask_reason(choice)
            if not reason:
                return
        if choice is Choice.CANCEL:
            self._cancel.set()  # stop waiting for a card; the write itself is not interrupted half-way
            self._run(job_flow(lambda f: f.cancel(reason)))
        elif choice in (Choice.START_ENCODING, Choice.RETRY):
            self.start_encoding()
        elif choice is Choice.ANOTHER_CARD:
            self.start_encoding(another_card=True)
        elif choice is Choice.SPOIL:
            self._run(job_flow(lambda f: f.spoil(reason)))
        elif choice is Choice.RESTART:
            self._run(job_flow(lambda f: f.restart()))
        elif choice in (Choice.PRINT, Choice.REPRINT):
            self.print_page.busy(True)
            self.print_page.choices.disable_all()
            self.print_page.prompt.setText(PRINTING(self.ctx.lang))
            reprint = choice is Choice.REPRINT
            self._run(job_flow(lambda f: f.print_card(reprint=reprint)))
        elif choice is Choice.PRINT_CAME_OUT:
            self._run(job_flow(lambda f: f.print_came_out()))
        elif choice is Choice.SET_PIN:
            self.set_holder_pin()
        elif choice is Choice.HAND_OVER:
            if self.view is None or self.view.issuance is None or not self.view.issuance.holder_pin_set:
                return  # the button is disabled then; the service refuses as well
            self._run(job_flow(lambda f: f.hand_over()))
        elif choice is Choice.REFUND:
            self._run(job_flow(lambda f: f.refund_fee(reason)))
        elif choice is Choice.HAND_OVER_TO_AGENT:
            self._run(job_flow(lambda f: f.hand_over(by_agent=True)))

    # --- the holder's PIN -------------------------------------------------------------------------

    def set_holder_pin(self) -> None:
        """The holder chooses their PIN: on the reader's keypad when the flow has one, else on the
        on-screen pad. The card command always runs on the device worker."""
        if self.busy or self.pin_pad is not None:
            return
        self.handover_page.choices.disable_all()
        self.busy = True
        self.ctx.device.call(job_pin_entry(), self._pin_entry_known, self._job_failed)

    def _pin_entry_known(self, answer) -> None:
        self.busy = False
        on_reader, policy = answer
        if on_reader:
            self._say(self.tr("请持卡人在读卡器的密码键盘上输入新密码，再输入一次确认。"))
            self._run(job_flow(lambda f: f.set_holder_pin_on_reader()))
            return
        pad = PinPad.for_new_pin(policy, lang=self.ctx.lang, title=self.tr("设置持卡人密码"), parent=self)
        pad.entered.connect(self._holder_pin_entered)
        pad.finished.connect(self._pin_pad_closed)
        self.pin_pad = pad
        self._say(self.tr("请持卡人在密码键盘上输入新密码两次。"))
        pad.open()

    def _holder_pin_entered(self, pins) -> None:
        (new,) = pins
        self._say(self.tr("正在设置持卡人密码，请勿取卡…"))
        self._run(job_set_holder_pin(new))

    def _pin_pad_closed(self, _result: int) -> None:
        pad, self.pin_pad = self.pin_pad, None
        if pad is not None:
            pad.deleteLater()
        if self.view is not None and self.view.step is FlowStep.HANDOVER:
            # The pad gave the keyboard back: the clerk's Enter on the hand-over page hands the card over.
            self.window().activateWindow()
            self.handover_page.setFocus()
        if not self.busy and self.view is not None and self.view.step is FlowStep.HANDOVER:
            self.show_view(self.view)  # cancelled: the choices come back

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setProperty("error", False)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def ask_reason(self, choice: Choice) -> str | None:
        title = {Choice.SPOIL: self.tr("登记废卡"), Choice.REFUND: self.tr("退费")}.get(choice, self.tr("取消制卡"))
        reasons = {Choice.SPOIL: SPOIL_REASONS_ZH, Choice.REFUND: REFUND_REASONS_ZH}.get(choice, CANCEL_REASONS_ZH)
        dialog = ReasonDialog(title, reasons, self)  # reasons are recorded as said: in Chinese
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _go_home(self) -> None:
        if self._encoding:
            return
        if self._photo_step is not None:
            self._photo_step.shutdown()
        self._poll.stop()
        self.view = None
        self.finished.emit()

    def _idcard_read(self, card) -> None:
        """An ID card laid on the reader: on an online application's review it is the identity check (then the
        write starts); while the flow is not shown it goes to the home's online find (``ctx.idcard_listeners``)."""
        if not self.isVisible():
            for listener in list(getattr(self.ctx, "idcard_listeners", ())):
                listener(card)
            return
        view = self.view
        if view is None or view.step is not FlowStep.REVIEW or not view.online_application or self.busy:
            return
        number, name = card.id_number, card.name
        self._say(self.tr("正在核验身份证…"))
        self._run(job_flow(lambda f: f.check_online_identity(number, name)))

    # --- jobs ----------------------------------------------------------------------------------------

    def _run(self, job) -> None:
        self.busy = True
        self.ctx.device.call(job, self._job_done, self._job_failed)

    def _job_done(self, view) -> None:
        self.busy = False
        self.show_view(view)
        self.follow(view)

    def _job_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._encoding = False
        text = error_text(exc, self.ctx.lang)
        self.message.setText(text)
        self.message.setProperty("error", True)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        if isinstance(exc, card_errors.CardError) and self.view is not None:
            self.encode_page.choices.show_choices(self.view.choices)
        if self.view is not None and self.view.step is FlowStep.HANDOVER and self.view.issuance is not None:
            self.handover_page.choices.show_choices(self.view.choices)
            self.handover_page.show_pin_state(self.view.issuance.holder_pin_set)

    def shutdown(self) -> None:
        self._cancel.set()
        self._poll.stop()
        if self._applicant_screen is not None:
            self._applicant_screen.close()
        self.card_events.stop()
        self.applicant_page.shutdown()
        if self._photo_step is not None:
            self._photo_step.shutdown()
