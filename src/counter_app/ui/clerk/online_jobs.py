"""The database jobs of the online applications on the clerk's home (线上申请): the due list of the day and a
find that opens the application's issuance. Each runs on the database worker with its
:class:`~counter_app.ui.context.DbContext` (the ledger is asked there too, never on the GUI thread) and calls
:class:`~counter_app.services.online_applications.OnlineApplicationService`, as a command line would."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.domain.online_application import OnlineApplication
from counter_app.services.online_applications import OnlineApplicationService


@dataclass(frozen=True)
class Opened:
    """What a find opened: the application and the issuance that makes its card (at the review, or further)."""

    application: OnlineApplication
    issuance_id: str
    identity_checked: bool


def _service(ctx) -> OnlineApplicationService:
    found = getattr(ctx, "online_applications", None)
    if found is None:
        found = OnlineApplicationService(ctx.services)
        ctx.online_applications = found
    return found


def job_online_due(session, day: dt.date | None = None):
    def job(ctx, _report):
        return _service(ctx).refresh_due(session, day or dt.date.today())
    return job


def job_online_open(session, scanned_text: str, *, id_card=None):
    """Find the application the find box received and start (or find again) its issuance. With ``id_card``
    (the applicant's ID card read on the home: its number was the search) the identity is checked at once."""
    def job(ctx, _report) -> Opened:
        service = _service(ctx)
        app = service.find(session, scanned_text)
        issuance_id = service.start_issuance(session, app)
        checked = False
        if id_card is not None:
            service.check_identity(session, issuance_id, id_card.id_number, id_card.name)
            checked = True
        return Opened(app, issuance_id, checked)
    return job
