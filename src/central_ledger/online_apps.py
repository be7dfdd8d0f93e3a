"""Online applications (线上申办补换): the records both services share, and the one table of allowed status changes.

The citizens' portal (``citizen_portal``) creates an application; district staff review it in the console; a
counter collects it at a hall or produces it for the post; the holder activates a posted card. Every change goes
through :func:`set_status`, which checks :data:`TRANSITIONS`, stamps ``updated_at`` and appends the history row,
so the status page, the console and the counters read one story. docs/online-applications.md has the rules.

Personal data is sealed (:mod:`central_ledger.seal`): the columns ``identity``, ``photo`` and ``postal_address``
hold ``s1.…`` values only, and the ID number is found through ``id_index``.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from central_ledger.storage import Tx

SUBMITTED = "submitted"
PHOTO_REJECTED = "photo_rejected"
REJECTED = "rejected"
APPROVED = "approved"
IN_PRODUCTION = "in_production"
READY = "ready"
POSTED = "posted"
COLLECTED = "collected"
ACTIVATED = "activated"
CANCELLED = "cancelled"

STATUSES = (SUBMITTED, PHOTO_REJECTED, REJECTED, APPROVED, IN_PRODUCTION, READY, POSTED, COLLECTED, ACTIVATED,
            CANCELLED)

#: from status -> the statuses it may go to. ``photo_rejected`` goes back to ``submitted`` when the citizen
#: uploads a new photo; ``rejected`` (the data) is final: the citizen applies again. A card spoiled in production
#: leaves the application ``in_production`` (the next blank card is used).
TRANSITIONS: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset({APPROVED, PHOTO_REJECTED, REJECTED, CANCELLED}),
    PHOTO_REJECTED: frozenset({SUBMITTED, CANCELLED}),
    REJECTED: frozenset(),
    APPROVED: frozenset({IN_PRODUCTION, READY, COLLECTED, CANCELLED}),
    IN_PRODUCTION: frozenset({READY, POSTED, COLLECTED, APPROVED}),
    READY: frozenset({COLLECTED, IN_PRODUCTION}),
    POSTED: frozenset({ACTIVATED}),
    COLLECTED: frozenset(),
    ACTIVATED: frozenset(),
    CANCELLED: frozenset(),
}

#: an application in one of these blocks a second one for the same ID number
OPEN_STATUSES = frozenset({SUBMITTED, PHOTO_REJECTED, APPROVED, IN_PRODUCTION, READY, POSTED})

#: the reviewer's reason codes (the console's choice list; the portal shows the text)
REASON_CODES: dict[str, tuple[str, str]] = {
    "photo_background": ("照片背景不符合要求（应为白色或浅色纯色）", "photo background is not plain white or light"),
    "photo_face": ("照片面部不清晰或未正对镜头", "the face is not clear or not facing the camera"),
    "photo_glasses_hat": ("照片不得佩戴帽子、有色眼镜", "no hat or tinted glasses in the photo"),
    "photo_quality": ("照片模糊、过暗或过亮", "the photo is blurred, too dark or too bright"),
    "photo_not_holder": ("照片与本人不符", "the photo does not show the applicant"),
    "data_name": ("姓名与身份证不符", "the name does not match the ID card"),
    "data_not_eligible": ("不符合本次申请类型的办理条件", "not eligible for this application type"),
    "data_address": ("邮寄地址不在本区或不完整", "the postal address is incomplete or outside the district"),
    "data_other": ("申请信息有误，请核对后重新申请", "the application data is wrong; check and apply again"),
}
PHOTO_REASONS = frozenset(code for code in REASON_CODES if code.startswith("photo_"))


class TransitionRefused(ValueError):
    def __init__(self, app_id: str, from_status: str, to_status: str):
        super().__init__(f"online application {app_id}: {from_status} -> {to_status} is not allowed")
        self.app_id, self.from_status, self.to_status = app_id, from_status, to_status


@dataclass(frozen=True)
class OnlineApplicationRow:
    """One row of ``online_applications`` as stored (sealed columns still sealed)."""

    app_id: str
    id_index: str
    mobile_index: str
    identity: str
    photo: str | None
    photo_checks: str | None
    application: str
    reason: str | None
    collection: str
    hall_id: str | None
    collect_day: str | None
    postal_address: str | None
    postal_township: str | None
    status: str
    reason_code: str | None
    reviewed_by: str | None
    reviewed_at: str | None
    counter_id: str | None
    issuance_id: str | None
    card_number: str | None
    tracking_number: str | None
    qr_token: str
    created_at: str
    updated_at: str


_COLUMNS = ("app_id, id_index, mobile_index, identity, photo, photo_checks, application, reason, collection, "
            "hall_id, collect_day, postal_address, postal_township, status, reason_code, reviewed_by, reviewed_at, "
            "counter_id, issuance_id, card_number, tracking_number, qr_token, created_at, updated_at")


def _check_char(digits: str) -> str:
    # ISO 7064 MOD 11-2, as the ID number's last character: a mistyped application number is caught at once
    total = sum(int(d) * (2 ** (len(digits) - i) % 11) for i, d in enumerate(digits))
    return "10X98765432"[total % 11]


def new_app_id() -> str:
    """``WA`` + 10 random digits + a check character (typed by a clerk when the QR code cannot be scanned)."""
    digits = "".join(secrets.choice("0123456789") for _ in range(10))
    return "WA" + digits + _check_char(digits)


def is_app_id(text: str) -> bool:
    return (len(text) == 13 and text.startswith("WA") and text[2:12].isdigit()
            and text[12] == _check_char(text[2:12]))


def new_qr_token() -> str:
    return secrets.token_urlsafe(24)


def insert(tx: Tx, row: OnlineApplicationRow, *, by_whom: str = "citizen") -> None:
    values = tuple(getattr(row, name.strip()) for name in _COLUMNS.split(","))
    tx.execute(f"INSERT INTO online_applications ({_COLUMNS}) VALUES ({', '.join('?' * len(values))})", values)
    _history(tx, row.app_id, row.status, None, by_whom, None, row.created_at)


def get(tx: Tx, app_id: str) -> OnlineApplicationRow | None:
    row = tx.one(f"SELECT {_COLUMNS} FROM online_applications WHERE app_id = ?", (app_id,))
    return OnlineApplicationRow(**row) if row else None


def by_qr_token(tx: Tx, token: str) -> OnlineApplicationRow | None:
    row = tx.one(f"SELECT {_COLUMNS} FROM online_applications WHERE qr_token = ?", (token,))
    return OnlineApplicationRow(**row) if row else None


def by_id_index(tx: Tx, id_index: str, *, open_only: bool = False) -> list[OnlineApplicationRow]:
    """The person's applications, newest first."""
    rows = tx.all(f"SELECT {_COLUMNS} FROM online_applications WHERE id_index = ? ORDER BY created_at DESC",
                  (id_index,))
    found = [OnlineApplicationRow(**r) for r in rows]
    return [r for r in found if r.status in OPEN_STATUSES] if open_only else found


def where(tx: Tx, condition: str = "1 = 1", params: tuple[Any, ...] = (), *,
          order: str = "created_at") -> list[OnlineApplicationRow]:
    """Rows matching an SQL condition over the table's columns (the callers' queues and lists)."""
    rows = tx.all(f"SELECT {_COLUMNS} FROM online_applications WHERE {condition} ORDER BY {order}", params)
    return [OnlineApplicationRow(**r) for r in rows]


def set_status(tx: Tx, app_id: str, to_status: str, *, by_whom: str, now: str, reason_code: str | None = None,
               detail: dict[str, Any] | None = None, **columns: Any) -> OnlineApplicationRow:
    """Move the application to ``to_status`` (and set ``columns``), or raise :class:`TransitionRefused`.

    Setting the status it already has is a no-op that returns the row: counters resend their reports."""
    row = get(tx, app_id)
    if row is None:
        raise KeyError(app_id)
    if row.status == to_status:
        return row
    if to_status not in TRANSITIONS.get(row.status, frozenset()):
        raise TransitionRefused(app_id, row.status, to_status)
    allowed = set(OnlineApplicationRow.__dataclass_fields__) - {"app_id", "status", "updated_at", "created_at"}
    unknown = set(columns) - allowed
    if unknown:
        raise ValueError(f"unknown columns {sorted(unknown)}")
    assignments = {"status": to_status, "updated_at": now, **columns}
    if reason_code is not None or to_status in (APPROVED, REJECTED, PHOTO_REJECTED):
        assignments["reason_code"] = reason_code
    sql = ", ".join(f"{name} = ?" for name in assignments)
    tx.execute(f"UPDATE online_applications SET {sql} WHERE app_id = ?", (*assignments.values(), app_id))
    _history(tx, app_id, to_status, reason_code, by_whom, detail, now)
    updated = get(tx, app_id)
    assert updated is not None
    return updated


def history(tx: Tx, app_id: str) -> list[dict[str, Any]]:
    rows = tx.all("SELECT status, reason_code, by_whom, detail, at FROM online_application_history"
                  " WHERE app_id = ? ORDER BY id", (app_id,))
    return [{**r, "detail": json.loads(r["detail"]) if r["detail"] else None} for r in rows]


def _history(tx: Tx, app_id: str, status: str, reason_code: str | None, by_whom: str,
             detail: dict[str, Any] | None, at: str) -> None:
    tx.execute("INSERT INTO online_application_history (app_id, status, reason_code, by_whom, detail, at)"
               " VALUES (?, ?, ?, ?, ?, ?)",
               (app_id, status, reason_code, by_whom, json.dumps(detail, ensure_ascii=False) if detail else None,
                at))
