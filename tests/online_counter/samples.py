"""Application JSON as the ledger sends it (docs/online-applications.md), for the counter's tests."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

APPLICANT = json.loads((Path(__file__).parents[1] / "data" / "applicant.json").read_text(encoding="utf-8"))
APP_ID = "WA0000000001"  # without its check character: see app_id()


def app_id(digits: str = "0000000001") -> str:
    from counter_app.domain.online_application import app_id_check_char
    return "WA" + digits + app_id_check_char(digits)


def application_json(*, photo: bytes = b"\xff\xd8\xff\xe0fake-jpeg", day: dt.date | None = None,
                     **overrides: Any) -> dict[str, Any]:
    applicant = {**APPLICANT, "application_type": "replacement", "reason": "11"}
    data = {"app_id": app_id(), "qr_token": "tok_" + "A" * 28, "application": "replacement", "reason": "11",
            "collection": "hall", "hall_id": "H01", "collect_day": (day or dt.date(2026, 12, 6)).isoformat(),
            "status": "approved", "applicant": applicant, "mobile": "13900139000",
            "photo_jpeg": base64.b64encode(photo).decode("ascii"), "postal_address": None}
    data.update(overrides)
    return data


_CARD_PHOTO: list[bytes] = []


def card_photo() -> bytes:
    """A card-standard JPEG (358 × 441) made by the counter's own photo code, as the portal makes it."""
    if not _CARD_PHOTO:
        from counter_app.photo.process import process_photo

        root = Path(__file__).resolve().parents[2]
        _CARD_PHOTO.append(process_photo(root / "devices" / "camera" / "frames" / "astronaut.jpg").jpeg)
    return _CARD_PHOTO[0]
