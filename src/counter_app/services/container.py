"""The composition root: every service of one counter, built once over one store.

:class:`CounterServices` is made from what the counter has: its store (one per thread: a
``Store`` belongs to the thread that opened it), its settings, the card encoder and the card
printer where it has them, and the ledger client (a factory, as the certificate step asks for one
when it needs it). Each service is built on first use and kept (``functools.cached_property``), so a
worker thread or a command builds, say, the :class:`~counter_app.services.reports.ReportService`
once, not per job.

Who builds it:

- the command line: ``with ctx.services() as services:`` (:meth:`counter_app.cli.CliContext.services`)
  opens the store at its usual place and closes it at the end of the block;
- the GUI: each worker thread's context (``ui.context.DeviceContext`` / ``DbContext``) holds one over
  the store of that thread.

The clerk's flow (:class:`~counter_app.services.flow.IssuanceFlow`) drives these services directly
(store, settings, encoder, issuances, intake, encoding, printing, sync, card_services, certificates):
``encoding``, ``card_services``, ``certificates`` are ``None`` without an encoder; ``certificates``
also when the setting ``card.certificates`` is off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the services are imported when first built: a command pays only for what it uses
    from counter_app.cardmgmt.payments import PaymentGateway
    from counter_app.idcard.errors import IdCardError
    from counter_app.idcard.model import IdCardData, PhotoDecoder
    from counter_app.idcard.reader import IdCardReader
    from counter_app.idcard.watcher import IdCardWatcher
    from counter_app.paths import AppPaths
    from counter_app.services.activation import ActivationService
    from counter_app.services.audit import AuditService
    from counter_app.services.banks import BankService
    from counter_app.services.ca_trust import CaTrust
    from counter_app.services.card_management import CardManagementService
    from counter_app.services.card_query import CardQueryService
    from counter_app.services.card_services import CardServices
    from counter_app.services.certificates import CertificateService
    from counter_app.services.contactless import ContactlessReader
    from counter_app.services.dayclose import DayCloseService
    from counter_app.services.encoding import Encoder, EncodingService
    from counter_app.services.exceptions import ExceptionService
    from counter_app.services.fees import FeeService
    from counter_app.services.intake import IntakeService
    from counter_app.services.issuance import IssuanceService
    from counter_app.services.login import AuthService
    from counter_app.services.papers import PaperService
    from counter_app.services.printing import PrintService
    from counter_app.services.ratings import RatingService
    from counter_app.services.rekey import RekeyService
    from counter_app.services.reports import ReportService
    from counter_app.services.representatives import RepresentativeService
    from counter_app.services.retention import RetentionService
    from counter_app.services.stock import StockService
    from counter_app.services.sync import SyncService
    from counter_app.services.users import UserService
    from counter_app.settings import Settings
    from counter_app.store.database import Store
    from counter_app.sync.client import LedgerClient

LedgerFactory = Callable[[], "LedgerClient"]


log = logging.getLogger(__name__)

class CounterServices:
    """The services of one counter over one store, each built once. Use from the store's thread."""

    def __init__(self, store: Store, settings: Settings, encoder: Encoder | None = None, *,
                 print_service: PrintService | None = None, sync: SyncService | None = None,
                 traces_dir: Path | None = None, paths: AppPaths | None = None,
                 ledger: LedgerFactory | None = None):
        self.store = store
        self.settings = settings
        self.encoder = encoder
        self.paths = paths
        self.traces_dir = traces_dir if traces_dir is not None else (paths.traces_dir if paths else None)
        self._print_service = print_service
        self._sync = sync
        self._ledger = ledger

    @classmethod
    def for_counter(cls, store: Store, settings: Settings, paths: AppPaths, *,
                    encoder: Encoder | None = None, print_service: PrintService | None = None) -> CounterServices:
        """The usual wiring: the counter's paths give the traces directory and the ledger client."""
        return cls(store, settings, encoder, print_service=print_service, traces_dir=paths.traces_dir, paths=paths)

    # --- the issuance and its steps ---------------------------------------------------------------

    @cached_property
    def issuances(self) -> IssuanceService:
        from counter_app.services.issuance import IssuanceService

        return IssuanceService(self.store)

    @cached_property
    def intake(self) -> IntakeService:
        from counter_app.services.intake import IntakeService

        return IntakeService(self.store, ethnicity_other_code=self._other_ethnicity,
                             eligibility=self.card_management.check_eligibility if self.card_management else None,
                             guardian_below_age=int(self.settings["people.guardian_below_age"]))

    @cached_property
    def encoding(self) -> EncodingService | None:
        """The chip write over the encoder; ``None`` on a counter without one."""
        if self.encoder is None:
            return None
        from counter_app.services.encoding import EncoderSettings, EncodingService

        return EncodingService(self.store, self.encoder, EncoderSettings.from_settings(self.settings),
                               traces_dir=self.traces_dir, contactless=self.contactless_reader,
                               checks=self.write_checks)

    @property
    def write_checks(self) -> tuple:
        """The rules the chip write asks (:class:`~counter_app.services.encoding.WriteCheck`), in order: the fee
        settled or waived, the bank account pre-opened, the card of the applicant's bank (and its account
        number read back after the write)."""
        parts = ((self.fees,) if bool(self.settings["fees.enabled"]) else ()) + (self.card_management, self.banks)
        return tuple(check for part in parts if part is not None
                     for check in (getattr(part, "write_check", None),) if check is not None)

    @cached_property
    def contactless_reader(self) -> ContactlessReader | None:
        """The counter's contactless reader (setting ``card.contactless_reader``); ``None`` when none is set
        (the check after the write is then skipped, and the issuance says so). A test may assign another
        before first use of ``encoding``."""
        from counter_app.services.contactless import reader_from_settings

        return reader_from_settings(self.settings)

    @cached_property
    def printing(self) -> PrintService:
        """The card printer's service: the one given (the GUI's backends make it), else over the settings."""
        if self._print_service is not None:
            return self._print_service
        from counter_app.services.printing import PrintService

        return PrintService(self.store, self.settings)

    # --- card services and certificates -------------------------------------------------------------

    @cached_property
    def card_services(self) -> CardServices | None:
        """PIN and status services over the encoder; ``None`` without one."""
        if self.encoder is None:
            return None
        from counter_app.services.card_services import CardServices, CardServiceSettings

        return CardServices(self.store, self.encoder, CardServiceSettings.from_settings(self.settings),
                            traces_dir=self.traces_dir, ethnicity_other_code=self._other_ethnicity)

    @cached_property
    def activation(self) -> ActivationService:
        """The holder's activation in person of a card an agent collected (over :attr:`card_services`: the
        card in the encoder), and the bank's report of the financial account's activation."""
        from counter_app.services.activation import ActivationService

        return ActivationService(self.store, self.card_services)

    @cached_property
    def certificate_service(self) -> CertificateService | None:
        """The certificate step over the encoder and the ledger, whatever the setting ``card.certificates``
        says (the ``card cert`` commands run it on demand); ``None`` without an encoder."""
        cards = self.card_services
        if cards is None:
            return None
        from counter_app.services.certificates import CertificateService

        return CertificateService(self.store, cards, self.ledger, demo=bool(self.settings["demo.enabled"]))

    @property
    def certificates(self) -> CertificateService | None:
        """The certificate step of the issuance: ``None`` without an encoder or with ``card.certificates`` off."""
        if self.encoder is None or not bool(self.settings["card.certificates"]):
            return None
        return self.certificate_service

    @cached_property
    def card_query(self) -> CardQueryService:
        """卡内查询: the card read back, its certificate, the receipt."""
        from counter_app.services.card_query import CardQueryService

        return CardQueryService(self.store, self.encoding, certificates=self.certificates,
                                ethnicity_other_code=self._other_ethnicity, contactless=self.contactless_reader)

    # --- the ledger ---------------------------------------------------------------------------------

    @cached_property
    def sync(self) -> SyncService | None:
        """Sync with the ledger: the one given, else over the counter's paths; ``None`` without paths."""
        if self._sync is not None:
            return self._sync
        if self.paths is None:
            return None
        from counter_app.services.sync import SyncService

        return SyncService(self.store, self.settings, self.paths)

    @property
    def ledger(self) -> LedgerFactory | None:
        """What makes a ledger client when one is needed (raises ``NotEnrolled`` before enrollment)."""
        if self._ledger is not None:
            return self._ledger
        if self.paths is None:
            return None
        from counter_app.services.sync import SyncService

        self._ledger = SyncService(self.store, self.settings, self.paths).client
        return self._ledger

    # --- card management (卡管), the bank, fees, people, ratings, papers (issue 20) -------------------

    @cached_property
    def card_management(self) -> CardManagementService | None:
        """The card-management system's questions and reports (eligibility, bank pre-opening, completion,
        activation, status, fees) over the adapter of ``cardmgmt.adapter``; ``None`` with ``cardmgmt.enabled``
        off or on a counter with no ledger to ask (a bare store in a test)."""
        if not bool(self.settings["cardmgmt.enabled"]) or self.ledger is None:
            return None
        from counter_app.services.card_management import CardManagementService

        return CardManagementService.from_settings(self.store, self.settings, self.ledger)

    @cached_property
    def payments(self) -> PaymentGateway | None:
        """The QR payment gateway (the ledger's reference gateway by default); ``None`` without a ledger."""
        if self.ledger is None:
            return None
        from counter_app.cardmgmt.payments import gateway_from_settings

        return gateway_from_settings(self.settings, self.ledger)

    @cached_property
    def fees(self) -> FeeService:
        """Fee quotes, QR and cash payments, waivers, refunds and carry-overs (QR needs :attr:`payments`)."""
        from counter_app.services.fees import FeeService

        return FeeService(self.store, self.settings, gateway=lambda: self.payments, printer=self._print_fee_receipt)

    def _print_fee_receipt(self, cash) -> None:
        """A cash payment's (or refund's) receipt on the receipt printer. A receipt that does not come out is
        logged, not raised: the money was taken and recorded, and the receipt can be printed again from the
        case (the fee row keeps every figure)."""
        from counter_app.printing.fee_receipt import FeeReceipt, print_fee_receipt

        name = str(self.settings["printer.receipt_name"] or self.settings["printer.name"])
        try:
            result = print_fee_receipt(name, FeeReceipt.of(cash, str(self.settings["counter.id"] or "")))
        except Exception as exc:  # noqa: BLE001 - the print system's errors are many; the payment stands
            log.warning("fee receipt %s not printed: %s", cash.receipt_number, exc)
            return
        if result.state == "failed":
            log.warning("fee receipt %s not printed: %s", cash.receipt_number, result.en)

    @cached_property
    def banks(self) -> BankService:
        """The co-issuing banks: the card's bank checked before writing, its account number read after."""
        from counter_app.services.banks import BankService

        return BankService(self.store, self.settings)

    @cached_property
    def representatives(self) -> RepresentativeService:
        """Guardians and agents, and the scans they bring (sealed attachments)."""
        from counter_app.services.representatives import RepresentativeService

        return RepresentativeService(self.store, self.settings)

    @cached_property
    def ratings(self) -> RatingService:
        """好差评: the applicant's rating of the service after hand-over."""
        from counter_app.services.ratings import RatingService

        return RatingService(self.store)

    @cached_property
    def papers(self) -> PaperService:
        """The A4 papers: application form and collection receipt, printed for signature and reprinted."""
        from counter_app.services.papers import PaperService

        return PaperService(self.store, self.settings)

    # --- the desks: supervisor, technician, users ---------------------------------------------------

    @cached_property
    def reports(self) -> ReportService:
        from counter_app.services.reports import ReportService

        return ReportService(self.store, self.settings)

    @cached_property
    def stock(self) -> StockService:
        from counter_app.services.stock import StockService

        return StockService(self.store, self.settings)

    @cached_property
    def dayclose(self) -> DayCloseService:
        from counter_app.services.dayclose import DayCloseService

        return DayCloseService(self.store, self.settings, gateway=lambda: self.payments)

    @cached_property
    def exceptions(self) -> ExceptionService:
        from counter_app.services.exceptions import ExceptionService

        return ExceptionService(self.store)

    @cached_property
    def audit(self) -> AuditService:
        from counter_app.services.audit import AuditService

        return AuditService(self.store)

    @cached_property
    def ca_trust(self) -> CaTrust:
        from counter_app.services.ca_trust import CaTrust

        return CaTrust(self.store)

    @cached_property
    def users(self) -> UserService:
        from counter_app.services.users import UserService

        return UserService(self.store)

    @cached_property
    def auth(self) -> AuthService:
        """Sign-in for this counter (password rules and lock-out from the settings)."""
        from counter_app.services.login import AuthService, AuthSettings

        return AuthService(self.store, AuthSettings.from_settings(self.settings),
                           counter_id=str(self.settings["counter.id"] or ""))

    @cached_property
    def rekey(self) -> RekeyService:
        from counter_app.services.rekey import RekeyService

        return RekeyService(self.store)

    @cached_property
    def retention(self) -> RetentionService:
        """The purge of personal data past ``retention.days`` (after the ledger's acknowledgement)."""
        from counter_app.services.retention import RetentionService

        return RetentionService(self.store, days=int(self.settings["retention.days"]))

    # --- adapters ------------------------------------------------------------------------------------

    @cached_property
    def idcard_reader(self) -> IdCardReader:
        """The resident ID card reader of the settings (``idcard.port``; empty: the first serial port that
        answers as one, found when the reader is first used). Opening it waits for nothing; a test or the
        demo may assign another reader to this attribute before first use."""
        from counter_app.idcard.reader import IdCardReader

        return IdCardReader(str(self.settings["idcard.port"] or ""), baudrate=int(self.settings["idcard.baudrate"]))

    @cached_property
    def idcard_photo_decoder(self) -> PhotoDecoder | None:
        """The vendor's ID card photo decoder of ``idcard.photo_decoder`` (None: none set; the photo stays
        opaque). :class:`~counter_app.idcard.errors.PhotoDecoderUnavailable` when it cannot be loaded."""
        from counter_app.idcard.model import load_photo_decoder

        return load_photo_decoder(str(self.settings["idcard.photo_decoder"] or ""))

    def idcard_watcher(self, on_card: Callable[[IdCardData], None], on_lifted: Callable[[], None],
                       on_error: Callable[[IdCardError], None] | None = None) -> IdCardWatcher:
        """A watcher (not started) of :attr:`idcard_reader`: its callbacks run on the watcher's own thread."""
        from counter_app.idcard.watcher import IdCardWatcher

        return IdCardWatcher(self.idcard_reader, on_card, on_lifted, on_error=on_error)

    @property
    def _other_ethnicity(self) -> str:
        return str(self.settings["codes.other_ethnicity"])
