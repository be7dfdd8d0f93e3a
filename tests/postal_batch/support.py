"""What the postal batch tests share: approved postal applications as the ledger sends them, and a fake ledger."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path

from counter_app.domain.idnumbers import mod11_2_check_char
from counter_app.domain.online_application import OnlineApplication, app_id_check_char

SAMPLE = json.loads((Path(__file__).resolve().parents[1] / "data" / "applicant.json").read_text("utf-8"))
PEOPLE = (  # (name, the ID number's first 17 digits, postal address)
    ("王小明", "42130319850612003", "湖北省随州市曾都区南郊街道解放路88号3单元402室"),
    ("李华", "42130319770101004", "湖北省随州市曾都区东城街道烈山大道16号"),
    ("欧阳春", "42130319920815005", "湖北省随州市曾都区北郊街道沿河大道9号1栋"),
    ("赵敏", "42130319881120006", "湖北省随州市曾都区西城街道舜井大道5号"),
)


def app_id(n: int) -> str:
    digits = f"{2026120600 + n:010d}"
    return f"WA{digits}{app_id_check_char(digits)}"


def photo_jpeg() -> bytes:
    from tests.support.photo_samples import jpeg_bytes, portrait

    return jpeg_bytes(portrait(358, 441))


def application_json(n: int, photo: bytes, *, status: str = "approved") -> dict:
    name, body, address = PEOPLE[n % len(PEOPLE)]
    applicant = {**SAMPLE, "name": name, "document_number": body + mod11_2_check_char(body),
                 "birth_date": f"{body[6:10]}-{body[10:12]}-{body[12:14]}", "application_type": "new",
                 "sex": "1" if int(body[16]) % 2 else "2"}
    return {"app_id": app_id(n), "qr_token": f"tok{n:04d}-abcdefghijklmnop", "application": "new", "reason": None,
            "collection": "post", "hall_id": None, "collect_day": None, "status": status, "applicant": applicant,
            "mobile": f"1391234{n:04d}", "photo_jpeg": base64.b64encode(photo).decode("ascii"),
            "postal_address": address}


def applications(count: int, photo: bytes | None = None) -> list[OnlineApplication]:
    photo = photo or photo_jpeg()
    return [OnlineApplication.from_json(application_json(n, photo)) for n in range(count)]


@dataclass
class FakeLedger:
    """``online_postal`` as the ledger answers it (approved postal applications, oldest first)."""

    approved: list[OnlineApplication]
    asked: list[int] = field(default_factory=list)

    def __call__(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def online_postal(self, limit: int, *, timeout: float | None = None) -> list[OnlineApplication]:
        self.asked.append(limit)
        return list(self.approved[:limit])
