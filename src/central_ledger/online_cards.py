"""A posted card's activation: the holder confirms receipt on the portal's status page (a fresh SMS code), and
the ledger makes the application ``activated`` and the card ``active`` in one transaction.

A card produced for the post is ``not_activated`` from the ``posted`` report on (:mod:`central_ledger.derive`,
``online_application.progress``), as a card an agent collected. At activation it becomes ``active``; for a
replacement, renewal or upgrade the person's older card becomes ``replaced`` now if the issuance did not already
replace it (the one-active-card rule: :meth:`central_ledger.derive.Deriver.replace_older_cards`, which also
revokes the old card's certificates, as every replacement does).

The citizens' portal calls :func:`activate_posted_card` inside its own write transaction; the caller owns the
transaction and sends the "activated" text message after the commit.
"""

from __future__ import annotations

from central_ledger import online_apps
from central_ledger.derive import ACTIVE, NOT_ACTIVATED, Deriver
from central_ledger.online_apps import OnlineApplicationRow
from central_ledger.storage import Tx

#: the applications whose card takes the place of an older one
REPLACING = frozenset({"replacement", "renewal", "upgrade"})


class ActivationRefused(ValueError):
    """The application's card cannot be activated: ``code`` says why (stable, for the portal's page)."""

    def __init__(self, app_id: str, code: str, message: str):
        super().__init__(f"online application {app_id}: {message}")
        self.app_id, self.code = app_id, code


class UnknownApplication(ActivationRefused):
    def __init__(self, app_id: str):
        super().__init__(app_id, "not_found", "no such application")


class NotPosted(ActivationRefused):
    """Only a ``posted`` application is activated (``status`` is what it is)."""

    def __init__(self, app_id: str, status: str):
        super().__init__(app_id, "not_posted", f"is {status}, not posted")
        self.status = status


class CardNotActivatable(ActivationRefused):
    """The ledger does not hold the card as ``not_activated`` (not known yet, or lost/cancelled/replaced)."""

    def __init__(self, app_id: str, card_number: str | None, card_status: str | None):
        super().__init__(app_id, "card_not_activatable",
                         f"card {card_number or '-'} is {card_status or 'unknown to the ledger'}")
        self.card_number, self.card_status = card_number, card_status


def activate_posted_card(tx: Tx, app_id: str, *, now: str, by_whom: str) -> OnlineApplicationRow:
    """The application ``posted`` → ``activated`` and its card ``not_activated`` → ``active``; the person's older
    card replaced for a replacement, renewal or upgrade. An application already ``activated`` is returned as it
    is (the holder pressed twice); any other status raises :class:`NotPosted`."""
    row = online_apps.get(tx, app_id)
    if row is None:
        raise UnknownApplication(app_id)
    if row.status == online_apps.ACTIVATED:
        return row
    if row.status != online_apps.POSTED:
        raise NotPosted(app_id, row.status)
    card = (tx.one("SELECT status, person_index FROM cards WHERE card_number = ?", (row.card_number,))
            if row.card_number else None)
    if card is None or card["status"] not in (NOT_ACTIVATED, ACTIVE):
        raise CardNotActivatable(app_id, row.card_number, card["status"] if card else None)
    if card["status"] == NOT_ACTIVATED:
        tx.execute("UPDATE cards SET status = ?, status_changed_at = ? WHERE card_number = ? AND status = ?",
                   (ACTIVE, now, row.card_number, NOT_ACTIVATED))
    replaced: list[str] = []
    if card["person_index"] and row.application in REPLACING:
        replaced = Deriver(tx, now).replace_older_cards(card["person_index"], row.card_number)
    detail = {"card_number": row.card_number, **({"replaced": replaced} if replaced else {})}
    return online_apps.set_status(tx, app_id, online_apps.ACTIVATED, by_whom=by_whom, now=now, detail=detail)
