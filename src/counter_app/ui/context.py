"""The running app's pieces and the jobs its two workers run.

:class:`AppContext` is what every window gets: paths, settings, language, backends, the signed-in
session and the two :class:`~counter_app.ui.workers.ThreadWorker` (device and database). The job
functions below are the only code that touches the store, the devices and the ledger; each runs
in its worker's thread with that worker's context (:class:`DeviceContext`, :class:`DbContext`),
which holds that thread's store and the one
:class:`~counter_app.services.container.CounterServices` built over it: a job asks it for a service
(``ctx.services.reports``) and never builds one itself.

A job is a typed callable ``job(ctx, report) -> value`` (:data:`Job`); the ``job_*`` functions make
them from their arguments, and :func:`job_on_card_services` (like ``ui.clerk.flow_jobs.job_flow`` for
the issuance flow) takes the call to make as a function, not a method's name.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from counter_app.domain.problems import EXIT_INVALID, Severity, pick
from counter_app.paths import AppPaths
from counter_app.services.container import CounterServices
from counter_app.services.flow import IssuanceFlow
from counter_app.settings import Settings
from counter_app.store.database import Store
from counter_app.sync.heartbeat import DeviceLights, state_of_level
from counter_app.ui.backends import Backends, Indicator
from counter_app.ui.workers import ThreadWorker

if TYPE_CHECKING:
    from counter_app.services.auth import Session
    from counter_app.services.card_services import CardServices
    from counter_app.services.login import AuthService
    from counter_app.sync.worker import SyncWorker

log = logging.getLogger(__name__)


T = TypeVar("T")
Report = Callable[[Any], None]  # a job's progress: the worker passes each value on to the GUI thread
Job = Callable[[Any, Report], T]  # (DeviceContext or DbContext, report) -> the value the GUI gets


@dataclass
class DeviceContext:
    """Lives in the device thread: its own store, the services over it with the encoder and printer,
    the current flow."""

    store: Store
    services: CounterServices
    flow: IssuanceFlow | None = None


@dataclass
class DbContext:
    """Lives in the database thread: its own store, the services over it (the sign-in among them) and
    the status figures."""

    store: Store
    settings: Settings
    paths: AppPaths
    auth: AuthService | None = None  # services.auth unless given (the sign-in jobs of ui/session.py use it)
    services: CounterServices = field(default=None)  # type: ignore[assignment]  # built in __post_init__

    def __post_init__(self) -> None:
        if self.services is None:
            self.services = CounterServices.for_counter(self.store, self.settings, self.paths)
        if self.auth is None:
            self.auth = self.services.auth


@dataclass
class StatusSnapshot:
    encoder: Indicator
    psam: Indicator
    printer: Indicator
    ledger: Indicator
    pending: int = 0
    oldest_pending_seconds: float | None = None

    def light_devices(self, lights: DeviceLights) -> None:
        """Pass the probed lights on to the heartbeat (encoder, PSAM, printer)."""
        for device, indicator in (("encoder", self.encoder), ("psam", self.psam), ("printer", self.printer)):
            lights.set(device, state_of_level(indicator.level))


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    lang: str = "zh"
    backends: Backends = field(default_factory=Backends)
    session: Session | None = None  # the signed-in user's (services.auth.Session); None at the login window
    device: ThreadWorker | None = None
    db: ThreadWorker | None = None
    sync_worker: SyncWorker | None = None
    # What the status bar, the ID-card watcher and the camera page last saw: the heartbeat's device lights.
    device_lights: DeviceLights = field(default_factory=DeviceLights)
    # Who hears an ID card laid on the reader while the flow is not shown (the home's online find): the flow's
    # applicant page owns the one reader watcher and passes such cards on (GUI thread).
    idcard_listeners: list[Callable[[Any], None]] = field(default_factory=list)

    def t(self, zh: str, en: str) -> str:
        """A service-style zh/en pair in this app's language (interface strings go through ``tr()``)."""
        return pick(self.lang, zh, en)

    @property
    def actor(self) -> str:
        return str(getattr(self.session, "username", "") or "clerk")

    def start_workers(self) -> None:
        paths, settings, backends = self.paths, self.settings, self.backends

        def device_factory() -> DeviceContext:
            store = Store.open(paths.database, backups_dir=paths.backups_dir)
            printing = backends.make_print_service(store, settings) if backends.make_print_service else None
            services = CounterServices(store, settings, backends.make_encoder(settings), print_service=printing,
                                       traces_dir=paths.traces_dir, paths=paths)
            return DeviceContext(store, services)

        def db_factory() -> DbContext:
            store = Store.open(paths.database, backups_dir=paths.backups_dir)
            return DbContext(store, settings, paths)

        self.device = ThreadWorker("device", device_factory, lambda c: c.store.close())
        self.db = ThreadWorker("database", db_factory, lambda c: c.store.close())

    def start_sync(self) -> None:
        """The background sync thread, when the counter is enrolled (else the ledger light says so)."""
        from counter_app.services.sync import SyncService
        from counter_app.sync.errors import SyncError

        store = Store.open(self.paths.database, backups_dir=self.paths.backups_dir)
        try:
            self.sync_worker = SyncService(store, self.settings, self.paths).worker(devices=self.device_lights.snapshot)
            self.sync_worker.follow_outbox()  # every transition of this app wakes it
            self.sync_worker.start()
        except SyncError as exc:
            log.info("sync not started: %s", exc)
        except Exception:
            log.exception("sync worker could not start")
        finally:
            store.close()

    def sync_now(self) -> bool:
        """The clerk's "sync now": wake the sync worker, starting it first if the counter has been
        enrolled since the app started. False when there is no worker (not enrolled)."""
        if self.sync_worker is not None and not self.sync_worker.is_alive():
            self.sync_worker.stop(timeout=0)  # its thread is gone: drop it (and its outbox listener)
            self.sync_worker = None
        if self.sync_worker is None:
            self.start_sync()
        if self.sync_worker is None:
            return False
        self.sync_worker.wake()
        return True

    def stop(self) -> None:
        if self.sync_worker is not None:
            try:
                self.sync_worker.stop(timeout=5)
            except Exception:
                log.exception("stopping the sync worker failed")
            self.sync_worker = None
        for w in (self.device, self.db):
            if w is not None:
                w.stop()
        self.device = self.db = None


# --- device jobs ------------------------------------------------------------------------------------
# The clerk's issuance flow has its jobs in ui/clerk/flow_jobs.py (typed: ``job_flow(lambda flow: ...)``).


# --- database jobs ----------------------------------------------------------------------------------

def job_today(day: dt.date | None = None):
    def job(ctx: DbContext, _report):
        service = ctx.services.issuances
        today = service.list_for_day(day or dt.date.today())
        unfinished = service.list_unfinished()
        seen = {i.id for i in unfinished}
        return unfinished + [i for i in sorted(today, key=lambda i: i.created_at, reverse=True) if i.id not in seen]
    return job


def job_status(backends: Backends):
    def job(ctx: DbContext, _report) -> StatusSnapshot:
        encoder, psam = _safe(lambda: backends.probe_encoder(ctx.settings), 2)
        printer = _safe(lambda: backends.probe_printer(ctx.settings), 1)
        ledger, pending, oldest = _ledger(ctx)
        return StatusSnapshot(encoder, psam, printer, ledger, pending, oldest)
    return job


def _safe(fn, n: int):
    try:
        return fn()
    except Exception as exc:
        log.exception("status probe failed")
        bad = Indicator("warn", f"状态未知：{type(exc).__name__}", f"state unknown: {type(exc).__name__}")
        return (bad,) * n if n > 1 else bad


def _ledger(ctx: DbContext) -> tuple[Indicator, int, float | None]:
    assert ctx.services.sync is not None  # the database thread's services have the counter's paths
    st = ctx.services.sync.status()
    if not st.enrolled:
        ind = Indicator("off", "本柜台尚未在中心台账登记（counter-app sync enroll），记录保存在本机",
                        "this counter is not enrolled with the ledger (counter-app sync enroll); records stay local")
    elif st.last_error and (st.last_success is None or st.last_error.at > st.last_success):
        ind = Indicator("error", f"中心台账不可达：{st.last_error.message_zh}",
                        f"ledger unreachable: {st.last_error.message_en}")
    elif st.open_refusals or st.open_conflicts:
        ind = Indicator("warn", f"中心台账拒收 {st.open_refusals} 条、冲突 {st.open_conflicts} 条，请主管处理",
                        f"ledger refused {st.open_refusals}, conflicts {st.open_conflicts}: supervisor to review")
    else:
        when = st.last_success.astimezone().strftime("%H:%M:%S") if st.last_success else "—"
        ind = Indicator("ok", f"中心台账已连接，上次同步 {when}", f"ledger connected, last sync {when}")
    return ind, st.pending, st.oldest_pending_seconds


def job_lookup_person(document_number: str):
    from counter_app.store.sealing import person_index

    def job(ctx: DbContext, _report):
        assert ctx.services.sync is not None
        return ctx.services.sync.lookup_person(person_index(document_number))
    return job


# --- card services (device jobs) --------------------------------------------------------------------

def pin_policy_of(settings: Any):
    """The PIN rules of this counter's settings (as the card services check them)."""
    from counter_app.services.card_services import pin_policy_of as policy

    return policy(settings)


def receipt_printer(settings: Any) -> str:
    """The queue receipts go to: ``printer.receipt_name`` where the settings have it, else the
    configured printer (``printer.name``)."""
    try:
        name = settings["printer.receipt_name"]
    except KeyError:
        name = None
    return str(name or settings["printer.name"])


def _card_services(ctx: DeviceContext) -> CardServices:
    if ctx.services.card_services is None:
        raise RuntimeError("this counter has no encoder")
    return ctx.services.card_services


def job_card_query(session):
    def job(ctx: DeviceContext, _report):
        return ctx.services.card_query.query(session)
    return job


def job_print_receipt(session, query, printer_name: str):
    def job(ctx: DeviceContext, _report):
        return ctx.services.card_query.print_receipt(session, query, printer_name)
    return job


def job_on_card_services(call: Callable[[CardServices], T], *pins: bytearray) -> Job[T]:
    """``call(card_services)`` in the device thread, e.g. ``job_on_card_services(lambda s: s.verify_pin(session,
    pin), pin)``; the PIN buffers given are wiped whatever happens (the service wipes them too)."""
    from counter_app.domain.pin import wipe

    def job(ctx: DeviceContext, _report: Report) -> T:
        try:
            return call(_card_services(ctx))
        finally:
            for pin in pins:
                wipe(pin)
    return job


def job_pin_tries_left(session):
    def job(ctx: DeviceContext, _report):
        return _card_services(ctx).pin_tries_left(session)
    return job


def job_card_status(session, card_number: str):
    def job(ctx: DeviceContext, _report):
        return _card_services(ctx).status(session, card_number)
    return job


def job_set_card_status(session, card_number: str, status, reason: str):
    def job(ctx: DeviceContext, _report):
        return _card_services(ctx).set_status(session, card_number, status, reason)
    return job


# --- the card's certificates (device jobs) -----------------------------------------------------------

class CertificatesNotEnabled(Exception):
    """The counter runs no certificate step (no encoder, or the setting ``card.certificates`` is off)."""

    exit_code = EXIT_INVALID  # a UserFacingError (counter_app.domain.problems)
    severity = Severity.WARNING

    def message(self, lang: str = "zh") -> str:
        return pick(lang, "本柜台未启用数字证书（没有写卡器，或设置 card.certificates 未开启）。",
                    "This counter does not issue certificates (no encoder, or the setting card.certificates is off).")


def _certificates(ctx: DeviceContext):
    if getattr(ctx.services, "certificates", None) is None:
        raise CertificatesNotEnabled()
    return ctx.services.certificates


def _read_certificate(ctx: DeviceContext, session):
    _certificates(ctx)  # CertificatesNotEnabled before the card is touched
    return ctx.services.card_query.certificate(session)


def job_read_certificate(session):
    """The signing certificate on the card in the encoder (no PIN): a ``CardCertificate``."""
    def job(ctx: DeviceContext, _report):
        return _read_certificate(ctx, session)
    return job


def job_issue_certificate(session, pin: bytearray):
    """``CertificateService.issue`` with the holder's PIN from the pad (wiped whatever happens), then the
    certificate read back as the read job shows it: ``(CertifiedCard, CardCertificate)``."""
    from counter_app.domain.pin import wipe

    def job(ctx: DeviceContext, _report):
        try:
            certified = _certificates(ctx).issue(session, pin)
        finally:
            wipe(pin)
        return certified, _read_certificate(ctx, session)
    return job


def job_verify_certificate(session, pin: bytearray):
    """``CertificateService.verify``: chain, possession with the holder's PIN (wiped), CRL status."""
    from counter_app.domain.pin import wipe

    def job(ctx: DeviceContext, _report):
        try:
            return _certificates(ctx).verify(session, pin)
        finally:
            wipe(pin)
    return job


# --- the certificates waiting (database job) ---------------------------------------------------------

def job_certificate_pending():
    """Issued cards whose certificates wait for the ledger (oldest first)."""
    def job(ctx: DbContext, _report):
        return ctx.services.issuances.list_certificate_pending()
    return job
