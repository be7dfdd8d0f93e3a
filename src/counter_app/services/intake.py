"""Taking an application: the applicant's data and the photo, up to ``photo_ok``.

Shared by the clerk's flow in the GUI and the headless command line. The applicant is
normalised and validated here (never trusted from the caller); an invalid applicant raises
:class:`InvalidApplicant` with every problem, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from counter_app.domain.applicant import Applicant
from counter_app.domain.issuance import IssuanceAction
from counter_app.domain.problems import DomainError, Problem
from counter_app.domain.validation import normalize_applicant, validate_applicant
from counter_app.logmask import register_sensitive
from counter_app.services.auth import Role, Session, requires
from counter_app.services.issuance import IssuanceService
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.database import Store


class InvalidApplicant(DomainError):
    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = problems
        first = problems[0]
        super().__init__(Problem(
            "applicant.invalid",
            "申请人信息有误：" + "；".join(p.zh for p in problems),
            "The applicant's data is not valid: " + "; ".join(p.en for p in problems),
            field=first.field,
        ))


# The applicant's fields an ID card reader can fill (field names only ever reach the audit, never values).
IDCARD_FIELDS = frozenset({"document_type", "document_number", "name", "sex", "birth_date", "ethnicity",
                           "nationality", "address"})


class IntakeService:
    def __init__(self, store: Store, *, ethnicity_other_code: str = "97",
                 clock: Callable[[], dt.datetime] = utc_now,
                 eligibility: Callable[[Session, Applicant], object] | None = None,
                 guardian_below_age: int = 16):
        self._store = store
        self._guardian_below_age = guardian_below_age  # settings people.guardian_below_age
        # The card-management check (may raise NotEligible): asked before anything is written.
        self._eligibility = eligibility
        self._issuances = IssuanceService(store, clock=clock)
        self._other_code = ethnicity_other_code

    def check(self, applicant: Applicant) -> tuple[Applicant, tuple[Problem, ...]]:
        """The normalised applicant and its problems (for live feedback; writes nothing)."""
        normal = normalize_applicant(applicant)
        return normal, validate_applicant(normal, ethnicity_other_code=self._other_code,
                                          guardian_below_age=self._guardian_below_age)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="受理制卡申请", en="open an application")
    def open_application(self, session: Session, applicant: Applicant, *, restarted_from: str | None = None) -> str:
        """A new issuance for a valid applicant, already at ``applicant_ok``; one transaction.

        ``restarted_from``: the spoiled issuance this one makes again (same applicant, new card): the same
        application goes on, so the card-management system is not asked again (it may not have heard yet
        that the first card was spoiled, and would call the application pending).

        The applicant's name and document number (normalised, once valid: a half-typed value would mask
        every line that happens to contain it) are registered with the log mask for ``session``, so no later
        log line of this session shows them; logout clears them (:meth:`AuthService.logout`)."""
        normal, problems = self.check(applicant)
        if problems:
            raise InvalidApplicant(problems)
        for value in (normal.name, normal.document_number):
            register_sensitive(value, owner=session)
        if self._eligibility is not None and restarted_from is None:
            self._eligibility(session, normal)
        with self._store.transaction():
            issuance_id = self._issuances.start(normal, session.actor, clerk_id=session.user_id)
            self._issuances.advance(issuance_id, IssuanceAction.CHECK_APPLICANT, session.actor)
        return issuance_id

    @requires(Role.CLERK, Role.SUPERVISOR, zh="确认照片", en="accept the photo")
    def accept_photo(self, session: Session, issuance_id: str, jpeg: bytes | None, **detail) -> None:
        """Record the accepted card photo (``None``: no photo, for headless runs without one)."""
        self._issuances.advance(issuance_id, IssuanceAction.ACCEPT_PHOTO, session.actor, photo=jpeg,
                                **{**({"no_photo": True} if jpeg is None else {}), **detail})

    @requires(Role.CLERK, Role.SUPERVISOR, zh="修改读卡信息", en="override the ID card's data")
    def record_idcard_override(self, session: Session, fields: Iterable[str], *,
                               issuance_id: str | None = None) -> tuple[str, ...]:
        """Audit that the clerk unlocked fields the ID card reader filled: which fields (their names, never
        their values: the audit holds no personal data), and the issuance when there is one yet. Returns
        the field names recorded; names that are not ID card fields are left out."""
        names = tuple(sorted({f for f in fields if f in IDCARD_FIELDS}))
        detail: dict[str, object] = {"fields": list(names)}
        if issuance_id:
            detail["issuance_id"] = issuance_id
        with self._store.transaction() as db:
            AuditLog.append(db, session.actor, AuditAction.IDCARD_OVERRIDE, detail, counter_id=session.counter_id)
        return names
