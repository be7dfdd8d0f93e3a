"""Online applications (线上申办) at the counter: the hall's due list, finding one by a scan, and its card made
through the normal issuance, prefilled (docs/online-applications.md, "At the counter").

Shared by the GUI (the clerk's home and flow) and any command line; no Qt. The ledger is asked through
``services.ledger`` (the counter's signed client); what it answered is kept, sealed, in the counter's database
(:mod:`counter_app.store.online_applications`), so the due list and the finds still work when the ledger is away
(the answer says so: :attr:`DueList.offline`).

:meth:`OnlineApplicationService.start_issuance` opens the issuance with the application's applicant, links it to
the application and accepts the approved photo through the same acceptance as the photo page (so the chip copy,
EF08, is made from it at the write): the flow opens at the review, where the applicant's ID card is read and
must be the application's (:meth:`check_identity`); the write starts then. The issuance's own transitions then
carry ``online_application`` and queue the ``online_application.progress`` reports in their transactions
(:func:`counter_app.store.online_applications.progress_of_transition`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counter_app.domain.online_application import (
    NotCollectableHere,
    OnlineApplication,
    check_identity,
    parse_scan,
)
from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, Session, requires
from counter_app.store import online_applications as kept
from counter_app.store.clock import utc_now
from counter_app.sync.errors import NotEnrolled, SyncError

if TYPE_CHECKING:
    from counter_app.services.container import CounterServices

log = logging.getLogger(__name__)


class OnlineApplicationNotFound(DomainError):
    def __init__(self, kind: str, *, offline: SyncError | None = None):
        what_zh, what_en = {"qr_token": ("该二维码", "this QR code"), "app_id": ("该申请编号", "this application number"),
                            "id_number": ("该身份证号", "this ID number")}.get(kind, ("", ""))
        if offline is None:
            zh = f"未找到{what_zh}对应的线上申请（本区任一大厅）。"
            en = f"No online application in the district for {what_en}."
        else:
            zh = (f"本机没有{what_zh}对应的线上申请，且暂时无法询问中心台账（{offline.problem.zh}）。"
                  "可请申请人稍候，或按普通申请办理。")
            en = (f"This counter keeps no online application for {what_en}, and the central ledger cannot be asked "
                  f"now ({offline.problem.en}). Ask the applicant to wait, or take a normal application.")
        super().__init__(Problem("online.not_found", zh, en))
        self.offline = offline is not None


class OnlinePhotoUnusable(DomainError):
    def __init__(self, app_id: str, detail: str):
        super().__init__(Problem(
            "online.photo_unusable",
            f"线上申请 {app_id} 的照片不是制卡标准照片（{detail}）：请在“照片”步骤重新采集。",
            f"The photo of the online application {app_id} is not a card-standard photo ({detail}): take a new "
            f"one in the photo step."))


class IdentityNotChecked(DomainError):
    def __init__(self, app_id: str):
        super().__init__(Problem(
            "online.identity_not_checked",
            f"线上申请 {app_id}：请先将申请人的身份证放在阅读器上核验身份，核验通过后才能写卡。",
            f"Online application {app_id}: lay the applicant's ID card on the reader first; the card is written "
            f"once it matches."))


@dataclass(frozen=True, slots=True)
class DueList:
    """The hall's applications for one day: ``offline`` when the ledger was not reached (then ``applications``
    is what this counter kept, and ``problem`` says why)."""

    day: dt.date
    applications: tuple[OnlineApplication, ...]
    offline: bool = False
    problem: Problem | None = None


@dataclass(frozen=True, slots=True)
class OnlineLink:
    """The online application an issuance makes, and whether the applicant's ID card matched it."""

    application: OnlineApplication
    identity_checked: bool


class OnlineApplicationService:
    """Over one counter's services (``CounterServices``: its store, settings, intake and ledger)."""

    def __init__(self, services: CounterServices, *, clock: Callable[[], dt.datetime] = utc_now,
                 ledger: Callable[..., object] | None = None):
        self._s = services
        self._store = services.store
        self._clock = clock
        self._ledger = ledger  # a LedgerClient factory (tests); else services.ledger

    # --- the ledger ------------------------------------------------------------------------------

    def _client(self, timeout_setting: str):
        factory = self._ledger or self._s.ledger
        if factory is None:
            raise NotEnrolled("counter.id")
        timeout = float(self._s.settings[timeout_setting])
        try:
            return factory(timeout=timeout)
        except TypeError:  # a factory without the timeout keyword
            return factory()

    # --- the due list ----------------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="查看线上申请", en="view the online applications")
    def refresh_due(self, session: Session, day: dt.date) -> DueList:
        """The hall's applications for collection on ``day``, from the ledger (and kept); when the ledger cannot
        be reached or refuses (not enrolled, in no hall), the ones this counter kept, flagged ``offline``."""
        try:
            with self._client("sync.timeout_seconds") as client:
                fetched = client.online_due(day)
        except SyncError as exc:
            log.info("online due list from the kept copies: %s", exc.problem.code)
            with self._store.transaction() as db:
                found = kept.due_on(db, day)
            return DueList(day, tuple(k.application for k in found), True, exc.problem)
        now = self._clock()
        with self._store.transaction() as db:
            for app in fetched:
                kept.keep(db, app, now)
            kept.forget_stale(db, day)
            again = [kept.get(db, app.app_id) for app in fetched]  # with this counter's own progress
        apps = [k.application if k is not None else app for k, app in zip(again, fetched, strict=True)]
        return DueList(day, tuple(sorted(apps, key=lambda a: a.app_id)))

    # --- a scan in the find box ------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="查找线上申请", en="find an online application")
    def find(self, session: Session, scanned_text: str) -> OnlineApplication:
        """The application a scan or typed number names: the kept copy first (a collectable one), then the
        ledger (any hall of the district). Raises :class:`~counter_app.domain.online_application.ScanNotUnderstood`
        or :class:`OnlineApplicationNotFound` (saying when the ledger could not be asked)."""
        kind, value = parse_scan(scanned_text)
        return self._find(kind, value)

    def _find(self, kind: str, value: str) -> OnlineApplication:
        db = self._store.db
        if kind == "qr_token":
            found = [k for k in [kept.by_qr_token(db, value)] if k is not None]
        elif kind == "app_id":
            found = [k for k in [kept.get(db, value)] if k is not None]
        else:
            found = kept.by_id_number(db, value)
        collectable = [k.application for k in found if k.application.collectable]
        if collectable:
            return collectable[0]
        try:
            with self._client("sync.lookup_timeout_seconds") as client:
                app = client.online_lookup(**{kind: value})
        except SyncError as exc:  # away, refused, not enrolled: what this counter kept, else said so
            if found:
                return found[0].application
            raise OnlineApplicationNotFound(kind, offline=exc) from None
        if app is None:
            raise OnlineApplicationNotFound(kind)
        with self._store.transaction() as db:
            kept.keep(db, app, self._clock())
            again = kept.get(db, app.app_id)  # with what this counter reported itself, when further
        return again.application if again is not None else app

    # --- the card ------------------------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="办理线上申请", en="take an online application")
    def start_issuance(self, session: Session, app: OnlineApplication) -> str:
        """The issuance that makes ``app``'s card, at ``photo_ok`` (applicant prefilled, approved photo accepted);
        an unfinished one already started for it is returned instead of a second. Raises
        :class:`NotCollectableHere` (status, postal) and the intake's refusals."""
        unfinished = self._unfinished_issuance_of(app.app_id)
        if unfinished is not None:
            return unfinished
        if not app.collectable:
            raise NotCollectableHere(app)
        photo = app.photo_jpeg or None
        if photo is not None:
            self._check_photo(app.app_id, photo)
        issuance_id = self._s.intake.open_application(session, app.applicant)
        now = self._clock()
        with self._store.transaction() as db:
            kept.keep(db, app, now)
            kept.link(db, issuance_id, app.app_id, now)
        detail = {"source": "online", "online_application": app.app_id}
        if photo is None:
            from counter_app.domain.validation import age_on

            below = int(self._s.settings["people.photo_from_age"] or 0)  # as services.flow.photo_needed
            if below <= 0 or age_on(app.applicant.birth_date, dt.date.today()) >= below:
                return issuance_id  # the flow opens at the photo step: the clerk takes one
            detail["no_photo_reason"] = "under_photo_age"
        self._s.intake.accept_photo(session, issuance_id, photo, **detail)
        return issuance_id

    def _unfinished_issuance_of(self, app_id: str) -> str | None:
        from counter_app.domain.issuance import is_unfinished

        links = kept.links_of_app(self._store.db, app_id)
        for link in reversed(links):
            issuance = self._s.issuances.get(link.issuance_id)
            if is_unfinished(issuance.state):
                return issuance.id
        return None

    @staticmethod
    def _check_photo(app_id: str, jpeg: bytes) -> None:
        from counter_app.photo.loading import load_image
        from counter_app.photo.standard import CARD_PHOTO

        try:
            image = load_image(jpeg)
        except Exception as exc:  # any decoder refusal: the photo is not usable, said so
            raise OnlinePhotoUnusable(app_id, type(exc).__name__) from None
        if image.format != "JPEG" or image.source_size != (CARD_PHOTO.width, CARD_PHOTO.height):
            w, h = image.source_size
            raise OnlinePhotoUnusable(app_id, f"{image.format} {w}×{h}, {CARD_PHOTO.width}×{CARD_PHOTO.height} JPEG")

    def link_of(self, issuance_id: str) -> OnlineLink | None:
        """The online application ``issuance_id`` makes (None: a normal application). A read, for the flow."""
        db = self._store.db  # a read: no write lock
        link = kept.link_of(db, issuance_id)
        found = kept.get(db, link.app_id) if link is not None else None
        if link is None or found is None:
            return None
        return OnlineLink(found.application, link.identity_checked_at is not None)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="核验线上申请人身份", en="check an online applicant's identity")
    def check_identity(self, session: Session, issuance_id: str, id_number: str, name: str) -> OnlineApplication:
        """The ID card read (``id_number``, ``name``) against the application the issuance makes: recorded when
        they are equal, else :class:`~counter_app.domain.online_application.IdentityMismatch` (nothing recorded)."""
        link = self.link_of(issuance_id)
        if link is None:
            raise ValueError(f"issuance {issuance_id} makes no online application")
        check_identity(link.application, id_number, name)
        with self._store.transaction() as db:
            kept.mark_identity_checked(db, issuance_id, self._clock())
        return link.application

    def require_identity_checked(self, issuance_id: str) -> None:
        """:class:`IdentityNotChecked` for an online issuance whose applicant's ID card was not read yet."""
        link = self.link_of(issuance_id)
        if link is not None and not link.identity_checked:
            raise IdentityNotChecked(link.application.app_id)

    def relink(self, spoiled_issuance_id: str, new_issuance_id: str) -> None:
        """A spoiled card's restart makes the same application: the new issuance is linked too (the identity
        already checked stays checked: the same applicant is at the counter)."""
        with self._store.transaction() as db:
            link = kept.link_of(db, spoiled_issuance_id)
            if link is None or kept.link_of(db, new_issuance_id) is not None:
                return
            kept.link(db, new_issuance_id, link.app_id, self._clock(), identity_checked_at=link.identity_checked_at,
                      reported=link.reported)


__all__ = ["DueList", "IdentityNotChecked", "OnlineApplicationNotFound", "OnlineApplicationService", "OnlineLink",
           "OnlinePhotoUnusable"]
