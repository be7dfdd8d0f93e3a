"""Issuance and card state derived from stored events, and the business conflicts found on the way.

Every event is stored whatever its type; only known types change derived state, unknown ones are ignored here
(the counter may send event types this ledger does not know yet). Payload handling is tolerant: a missing or
ill-typed field skips that step instead of refusing the batch, since the event happened at the counter already.

Known types:

- ``issuance.transition``, payload ``{"to_state": str, ...}``: sets the issuance's state. With ``to_state``
  ``"issued"`` and ``card_number`` / ``person_index`` / ``application_type`` (``"new"`` or ``"replacement"``,
  optionally ``replaces_card_number``) the card becomes active for that person. With ``"spoiled"`` and a
  ``card_number`` that number is void.
- ``card_number.void``, payload ``{"card_number": str, "reason": str}``: a spoiled card's number, never reused.
- ``online_application.progress``, payload ``{"app_id", "status": "in_production"|"collected"|"posted",
  "issuance_id", "card_number", "tracking_number"}``: the online application's status
  (:func:`central_ledger.online_apps.set_status`, docs/online-applications.md); ``posted`` makes the card
  ``not_activated`` until its holder confirms receipt (:mod:`central_ledger.online_cards`).
- ``card.status_changed``, payload ``{"card_number": str, "status": ...}``: the card's status (``"active"``/``1``
  is active, anything else such as ``"lost"``/``2``, ``"cancelled"``/``9`` is not).

The district's facts of an issuance (migration 5, read by :mod:`central_ledger.district`) are kept from the
same transitions, in the same SELECT/INSERT/UPDATE: ``application`` (payload ``application``, else
``application_type``), ``township_code`` (payload ``township``, 6 to 12 digits, else unknown), ``started_at``
(the first transition's ``at``, else its ``occurred_at``: the counter's ``start``), ``issued_at`` (the transition
to ``issued``), ``reprints`` (one per ``reprint`` action) and ``duration_seconds`` (start to hand-over, as the
counter's own report times an issuance). Times are kept as one UTC text (:func:`fact_time`) so that the
district's day bounds compare as text on both engines. ``cards.application`` / ``cards.township_code`` are
copied at the card's insert.

A card that becomes lost, cancelled or replaced has its certificates revoked here, in the same transaction
(:mod:`central_ledger.certstore`), so the CRL never lags behind the card's status.

Ownership (:mod:`central_ledger.ownership`): an issuance under a number not allocated to the sending counter,
a status change or a replacement of a card that is not the sender's changes nothing here; it is put in the
conflict queue for the district admin (and reported back in the batch answer). Lost, cancelled and replaced
are final: an event that would make such a card active (or locked) again changes nothing and is recorded as a
``card_status_final`` conflict. ``trusted=True`` (an admin accepting a queued entry) skips the ownership rule,
never the finality.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from central_ledger import certstore, online_apps, ownership
from central_ledger.crypto import SM3_HEX_RE, is_valid_card_number
from central_ledger.storage import Tx

ACTIVE = "active"
NOT_ACTIVATED = "not_activated"  # a card not yet in its holder's hands (posted, or collected by an agent)
REPLACED = "replaced"
ACTIVE_STATUS_VALUES = {"active", "1", 1}
FINAL_STATUSES = frozenset({"lost", "loss", "2", "cancelled", "canceled", "9", REPLACED})


@dataclass(frozen=True)
class StoredEvent:
    counter_id: str
    seq: int
    event_id: str
    type: str
    occurred_at: str
    issuance_id: str | None
    payload: dict[str, Any]
    content_hash: str


@dataclass(frozen=True)
class FoundConflict:
    kind: str
    event: StoredEvent
    detail: dict[str, Any]


class Deriver:
    """Applies a batch of newly stored events to the derived tables inside the intake transaction."""

    def __init__(self, tx: Tx, now: str, *, trusted: bool = False):
        self.tx = tx
        self.now = now
        self.trusted = trusted  # an admin's decision: the ownership rule is not applied again
        self.conflicts: list[FoundConflict] = []

    def apply(self, events: list[StoredEvent]) -> list[FoundConflict]:
        for ev in events:
            handler = _HANDLERS.get(ev.type)
            if handler is not None:
                handler(self, ev)
        return self.conflicts

    def _flag(self, kind: str, ev: StoredEvent, **detail: Any) -> None:
        self.conflicts.append(FoundConflict(kind, ev, detail))

    def _queue(self, ev: StoredEvent, action: str, card_number: str, found: ownership.Holder,
               effect: dict[str, Any], kind: str | None = None) -> None:
        """Queue the effect for the admin and report it as a conflict of this event."""
        queue_id = ownership.enqueue(
            self.tx, action=action, reason=found.reason, counter_id=ev.counter_id, seq=ev.seq, event_id=ev.event_id,
            request_key=f"event:{ev.seq}:{card_number}", card_number=card_number, held_by=found.held_by,
            effect=effect, now=self.now)
        detail: dict[str, Any] = {"card_number": card_number, "action": action, "queue_id": queue_id}
        if kind == ownership.NOT_ALLOCATED:
            detail["allocated_to"] = found.held_by
        self._flag(kind or found.reason, ev, **detail)

    # -- issuance.transition ------------------------------------------------------------------------------

    def _transition(self, ev: StoredEvent) -> None:
        p = ev.payload
        to_state = p.get("to_state")
        if not isinstance(to_state, str) or not to_state or ev.issuance_id is None:
            return
        card_number = _str(p.get("card_number"))
        person_index = _str(p.get("person_index"))
        application_type = _str(p.get("application_type"))
        # The district's facts (migration 5): what the figures read without replaying the events.
        application = _application(p)
        township = _township(p.get("township"))
        at = fact_time(p.get("at")) or fact_time(ev.occurred_at)
        reprint = 1 if p.get("action") == "reprint" else 0
        existing = self.tx.one("SELECT started_at FROM issuances WHERE counter_id = ? AND issuance_id = ?",
                               (ev.counter_id, ev.issuance_id))
        issued_at = at if to_state == "issued" else None
        if existing is None:
            started_at = at
            self.tx.execute(
                "INSERT INTO issuances (counter_id, issuance_id, state, card_number, person_index, application_type,"
                " updated_seq, updated_at, application, township_code, started_at, issued_at, reprints,"
                " duration_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ev.counter_id, ev.issuance_id, to_state, card_number, person_index, application_type, ev.seq,
                 self.now, application, township, started_at, issued_at, reprint,
                 _seconds_between(started_at, issued_at)))
        else:
            started_at = existing["started_at"]  # NULL for an issuance begun before migration 5: left unknown
            self.tx.execute(
                "UPDATE issuances SET state = ?, card_number = COALESCE(?, card_number),"
                " person_index = COALESCE(?, person_index), application_type = COALESCE(?, application_type),"
                " updated_seq = ?, updated_at = ?, application = COALESCE(?, application),"
                " township_code = COALESCE(?, township_code),"
                " issued_at = COALESCE(?, issued_at), reprints = reprints + ?,"
                " duration_seconds = COALESCE(?, duration_seconds) WHERE counter_id = ? AND issuance_id = ?",
                (to_state, card_number, person_index, application_type, ev.seq, self.now, application, township,
                 issued_at, reprint, _seconds_between(started_at, issued_at), ev.counter_id,
                 ev.issuance_id))
        if to_state == "issued":
            row = self.tx.one("SELECT card_number, person_index, application_type, application, township_code"
                              " FROM issuances WHERE counter_id = ? AND issuance_id = ?",
                              (ev.counter_id, ev.issuance_id))
            self._issue(ev, row["card_number"], row["person_index"], row["application_type"],
                        _str(p.get("replaces_card_number")), application=row["application"],
                        township=row["township_code"])
        elif to_state == "spoiled" and card_number:
            self._void_number(ev, card_number, _str(p.get("reason")) or "spoiled")

    def _issue(self, ev: StoredEvent, card_number: str | None, person_index: str | None,
               application_type: str | None, replaces: str | None, *, application: str | None = None,
               township: str | None = None) -> None:
        if not card_number or not is_valid_card_number(card_number):
            self._flag("invalid_card_number", ev, card_number=card_number)
            return
        number = self.tx.one("SELECT counter_id, status FROM card_numbers WHERE card_number = ?", (card_number,))
        if not self.trusted and (number is None or number["counter_id"] != ev.counter_id):
            # Not this counter's number: no card, no replacement until the admin accepts it.
            self._queue(ev, ownership.ISSUANCE, card_number,
                        ownership.Holder(ownership.OTHER if number else ownership.UNALLOCATED,
                                         number["counter_id"] if number else None),
                        {"card_number": card_number, "person_index": person_index,
                         "application_type": application_type, "replaces_card_number": replaces,
                         "application": application, "township_code": township},
                        kind=ownership.NOT_ALLOCATED)
            return
        if number is not None and number["status"] == "void":
            self._flag("card_number_void", ev, card_number=card_number)
        card = self.tx.one("SELECT counter_id, issuance_id FROM cards WHERE card_number = ?", (card_number,))
        if card is not None:
            if (card["counter_id"], card["issuance_id"]) != (ev.counter_id, ev.issuance_id):
                self._flag("card_number_reused", ev, card_number=card_number, first_counter_id=card["counter_id"],
                           first_issuance_id=card["issuance_id"])
            return
        if person_index is not None and not SM3_HEX_RE.match(person_index):
            person_index = None  # not a blind index: never store what might be a clear ID number
        if person_index is not None:
            if replaces:
                self._replace(ev, replaces, person_index)
            elif application_type == "replacement":
                for old in self.tx.all("SELECT card_number FROM cards WHERE person_index = ? AND status IN (?, ?)",
                                       (person_index, ACTIVE, NOT_ACTIVATED)):
                    self._replace(ev, old["card_number"], person_index)
            # a posted card not yet activated is the person's card in hand too (docs/online-applications.md)
            others = self.tx.all("SELECT card_number, counter_id FROM cards WHERE person_index = ?"
                                 " AND status IN (?, ?) ORDER BY card_number", (person_index, ACTIVE, NOT_ACTIVATED))
            if others:
                self._flag("second_active_card", ev, person_index=person_index, card_number=card_number,
                           active_cards=[o["card_number"] for o in others])
        self.tx.execute("INSERT INTO cards (card_number, person_index, status, counter_id, issuance_id, issued_at,"
                        " status_changed_at, application, township_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (card_number, person_index, ACTIVE, ev.counter_id, ev.issuance_id, ev.occurred_at, self.now,
                         application or application_type, township))
        self.tx.execute("UPDATE card_numbers SET status = 'used' WHERE card_number = ? AND status = 'allocated'",
                        (card_number,))

    def _replace(self, ev: StoredEvent, old_card: str, person_index: str) -> None:
        """The person's old card becomes replaced, when it is the sender's or the same person's; any other
        counter's card is queued.

        A holder may replace a lost card at any hall of the district (that is what 补换 is), so another
        counter's card whose holder is the very person the sender has just issued to (the same blind index,
        which only a counter holding the district key and the applicant's ID number can compute) is replaced at
        once. Naming someone else's card is what an attack looks like: that waits for the admin."""
        found = ownership.holder(self.tx, old_card, ev.counter_id)
        same_person = self.tx.one("SELECT 1 FROM cards WHERE card_number = ? AND person_index = ?",
                                  (old_card, person_index)) is not None
        if self.trusted or found.state != ownership.OTHER or same_person:
            self._set_status(old_card, REPLACED, person_index=person_index)
        else:
            self._queue(ev, ownership.REPLACEMENT, old_card, found,
                        {"card_number": old_card, "person_index": person_index})

    def replace_older_cards(self, person_index: str, card_in_hand: str) -> list[str]:
        """The person's other cards that are not final (active, not activated, locked) become replaced: the card
        in hand is ``card_in_hand`` (an activated posted card). Returns the replaced numbers."""
        rows = self.tx.all("SELECT card_number, status FROM cards WHERE person_index = ? AND card_number <> ?"
                           " ORDER BY card_number", (person_index, card_in_hand))
        older = [r["card_number"] for r in rows if r["status"] not in FINAL_STATUSES]
        for number in older:
            self._set_status(number, REPLACED, person_index=person_index)
        return older

    def _set_status(self, card_number: str, status: str, person_index: str | None = None) -> None:
        if person_index is None:
            changed = self.tx.execute("UPDATE cards SET status = ?, status_changed_at = ? WHERE card_number = ?",
                                      (status, self.now, card_number))
        else:
            changed = self.tx.execute("UPDATE cards SET status = ?, status_changed_at = ? WHERE card_number = ?"
                                      " AND person_index = ?", (status, self.now, card_number, person_index))
        reason = certstore.revocation_reason(status)
        # A status event names the card itself: its certificates go even when the ledger has not seen the card's
        # issuance yet (certificates are issued at hand-over, possibly before the issued event arrives). A
        # replacement only touches the person's own card (changed > 0).
        if reason is not None and (person_index is None or changed > 0):
            certstore.revoke_card(self.tx, card_number, reason, self.now)

    # -- card numbers and card status ---------------------------------------------------------------------

    def _void_number(self, ev: StoredEvent, card_number: str, reason: str) -> None:
        self.tx.execute("UPDATE card_numbers SET status = 'void', void_reason = ? WHERE card_number = ?"
                        " AND counter_id = ?", (reason[:200], card_number, ev.counter_id))

    def _number_void(self, ev: StoredEvent) -> None:
        card_number = _str(ev.payload.get("card_number"))
        if card_number:
            self._void_number(ev, card_number, _str(ev.payload.get("reason")) or "void")

    def _status_changed(self, ev: StoredEvent) -> None:
        card_number = _str(ev.payload.get("card_number"))
        status = ev.payload.get("status")
        if not card_number or not isinstance(status, str | int) or isinstance(status, bool):
            return
        new_status = ACTIVE if status in ACTIVE_STATUS_VALUES else str(status)[:40]
        found = ownership.holder(self.tx, card_number, ev.counter_id)
        if not self.trusted and found.state != ownership.MINE:
            self._queue(ev, ownership.STATUS_CHANGE, card_number, found,
                        {"card_number": card_number, "status": new_status})
            return
        self.change_status(ev, card_number, new_status)

    def change_status(self, ev: StoredEvent, card_number: str, new_status: str) -> None:
        """Set a card's status unless it is final (lost, cancelled, replaced) and the new one is not."""
        card = self.tx.one("SELECT status FROM cards WHERE card_number = ?", (card_number,))
        if card is not None and card["status"] in FINAL_STATUSES and new_status not in FINAL_STATUSES:
            self._flag("card_status_final", ev, card_number=card_number, card_status=card["status"],
                       refused_status=new_status)
            return
        self._set_status(card_number, new_status)

    # -- online applications (docs/online-applications.md) ------------------------------------------------

    def _online_progress(self, ev: StoredEvent) -> None:
        """A counter's report on an online application: in production, collected, or posted (with the tracking
        number). Applied with :func:`central_ledger.online_apps.set_status`; a report the application is
        already past (resent, or overtaken by the holder's activation) changes nothing; an unknown application
        or a refused change is a conflict, never a refused batch. A posted card is ``not_activated`` until the
        holder confirms receipt (:mod:`central_ledger.online_cards`)."""
        p = ev.payload
        app_id, status = _str(p.get("app_id")), p.get("status")
        if app_id is None or status not in _PROGRESS:
            self._flag("online_progress_malformed", ev, app_id=app_id, status=str(status)[:40])
            return
        row = online_apps.get(self.tx, app_id)
        if row is None:
            self._flag("online_application_unknown", ev, app_id=app_id, status=status)
            return
        if row.status in _PROGRESS[status]:
            return
        columns = {"counter_id": ev.counter_id, "issuance_id": _str(p.get("issuance_id")) or ev.issuance_id,
                   "card_number": _str(p.get("card_number")), "tracking_number": _str(p.get("tracking_number"))}
        columns = {k: v[:64] for k, v in columns.items() if v is not None}
        detail = {k: v for k, v in columns.items() if k in ("card_number", "tracking_number", "issuance_id")}
        try:
            updated = online_apps.set_status(self.tx, app_id, status, by_whom=f"counter:{ev.counter_id}",
                                             now=self.now, detail=detail or None, **columns)
        except online_apps.TransitionRefused as exc:
            self._flag("online_transition_refused", ev, app_id=app_id, from_status=exc.from_status,
                       to_status=exc.to_status)
            return
        if status == online_apps.POSTED and updated.card_number:
            self._card_posted(ev, updated.card_number)

    def _card_posted(self, ev: StoredEvent, card_number: str) -> None:
        """The posted card is not in its holder's hands: active → not_activated (the sender's card only)."""
        card = self.tx.one("SELECT status FROM cards WHERE card_number = ?", (card_number,))
        if card is None or card["status"] != ACTIVE:
            return  # not seen yet (queued, or its issued event is still to come), or already not active
        if not self.trusted and ownership.holder(self.tx, card_number, ev.counter_id).state != ownership.MINE:
            self._flag(ownership.CARD_NOT_YOURS, ev, card_number=card_number, action="online_posted")
            return
        self._set_status(card_number, NOT_ACTIVATED)

    # -- accepting a queued entry (central_ledger.conflicts) ---------------------------------------------

    def apply_queued(self, ev: StoredEvent, action: str, effect: dict[str, Any]) -> None:
        """Apply what a queued event would have done (``trusted``: the admin accepted it)."""
        if action == ownership.STATUS_CHANGE:
            self.change_status(ev, effect["card_number"], effect["status"])
        elif action == ownership.REPLACEMENT:
            # Queued because the card's holder is another person by the ledger's record; the admin who accepts
            # has checked that it is the card being replaced, so the person index is not asked again.
            self._set_status(effect["card_number"], REPLACED)
        elif action == ownership.ISSUANCE:
            self._issue(ev, effect["card_number"], effect.get("person_index"), effect.get("application_type"),
                        effect.get("replaces_card_number"), application=_str(effect.get("application")),
                        township=_township(effect.get("township_code")))
        else:
            raise ValueError(f"not an event action: {action}")


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


APPLICATIONS = frozenset({"new", "replacement", "renewal", "upgrade"})
_TOWNSHIP_RE = re.compile(r"[0-9]{6,12}")
FACT_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def fact_time(value: Any) -> str | None:
    """A time of the issuance facts as one UTC text (``2026-03-07T08:15:00.000000Z``), so that the district's
    day bounds compare as text on both engines; ``None`` for anything that is not an ISO time."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime(FACT_TIME_FORMAT)


def _application(p: dict[str, Any]) -> str | None:
    """The counter's four-way application (``application``), else its two-way ``application_type``."""
    for key in ("application", "application_type"):
        value = p.get(key)
        if isinstance(value, str) and value in APPLICATIONS:
            return value
    return None


def _township(value: Any) -> str | None:
    """A township code as the population table has it (6 to 12 digits); anything else is not kept."""
    return value if isinstance(value, str) and _TOWNSHIP_RE.fullmatch(value) else None


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    a = dt.datetime.strptime(start, FACT_TIME_FORMAT)
    b = dt.datetime.strptime(end, FACT_TIME_FORMAT)
    return round((b - a).total_seconds(), 3)


#: a counter's progress report -> the statuses an application is already past it in (a no-op then)
_PROGRESS: dict[str, frozenset[str]] = {
    online_apps.IN_PRODUCTION: frozenset({online_apps.POSTED, online_apps.COLLECTED, online_apps.ACTIVATED}),
    online_apps.POSTED: frozenset({online_apps.ACTIVATED}),
    online_apps.COLLECTED: frozenset(),
}

_HANDLERS = {
    "issuance.transition": Deriver._transition,
    "online_application.progress": Deriver._online_progress,
    "card_number.void": Deriver._number_void,
    "card.status_changed": Deriver._status_changed,
}
