"""Fixtures of the citizens' pages: a fresh SQLite ledger file per test (schema 6, two halls, the demo
population's townships), the portal in-process over an https base URL (so that Secure cookies would be sent, as a
browser does), a file SMS gateway whose codes the tests read, a clock the tests move, and the photos the
counter's photo tests use (tests/support/photo_samples.py: NASA's astronaut portrait)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from central_ledger.halls import add_hall
from central_ledger.seal import SealKey
from central_ledger.sms import FileSmsGateway
from central_ledger.storage import Storage
from citizen_portal.app import create_app
from counter_app.domain.idnumbers import mod11_2_check_char

BEIJING = dt.timezone(dt.timedelta(hours=8))
MONDAY_10AM = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)  # Monday 7 Dec 2026, 10:00 in Beijing
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
TOWNSHIPS = [("421303001", "南郊街道"), ("421303002", "北郊街道"), ("421303003", "东城街道"),
             ("421303101", "何店镇")]
ADDRESS = "湖北省随州市曾都区南郊街道青年路1号"
MOBILE = "13912345678"


def id_number(body17: str = "42130319900307123") -> str:
    """A valid 18-digit ID number (born 1990-03-07, 曾都区, male: the 17th digit is odd)."""
    return body17 + mod11_2_check_char(body17)


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def seed_district(storage: Storage) -> None:
    add_hall(storage, "H01", "曾都区政务服务大厅")
    add_hall(storage, "H02", "南郊街道便民服务中心", "421303001")
    with storage.transaction(write=True) as tx:
        for code, name in TOWNSHIPS:
            tx.execute("INSERT INTO population (township_code, township_name, residents, imported_at)"
                       " VALUES (?, ?, ?, ?)", (code, name, 10000, "2026-01-01T00:00:00.000000+00:00"))


@dataclass
class Portal:
    client: TestClient
    storage: Storage
    seal: SealKey
    sms: FileSmsGateway
    clock: Clock
    app: object

    def new_client(self) -> TestClient:
        c = TestClient(self.app, base_url="https://testserver", raise_server_exceptions=True)
        c.__enter__()
        return c


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[Portal]:
    yield from portal_on(f"sqlite://{tmp_path / 'ledger.sqlite3'}", tmp_path)


def portal_on(url: str, tmp_path: Path) -> Iterator[Portal]:
    """The portal over a fresh ledger database at ``url`` (SQLite or PostgreSQL)."""
    storage = Storage.open(url)
    seed_district(storage)
    seal = SealKey.from_master(secrets.token_bytes(32))
    sms = FileSmsGateway(tmp_path / "sms.jsonl")
    clock = Clock(MONDAY_10AM)
    app = create_app(storage, seal, sms, clock=clock, timezone=BEIJING)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=True) as client:
        yield Portal(client, storage, seal, sms, clock, app)
    storage.close()


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


def ask_code(p: Portal, client: TestClient | None = None, *, number: str | None = None, name: str = "张三",
             mobile: str = MOBILE, purpose: str = "apply"):
    client = client or p.client
    page = client.get("/apply/" if purpose == "apply" else "/apply/status")
    return client.post("/apply/code", data={"csrf_token": csrf_of(page.text), "purpose": purpose,
                                            "id_number": number or id_number(), "name": name, "mobile": mobile})


def sign_in(p: Portal, client: TestClient | None = None, *, purpose: str = "apply", mobile: str = MOBILE,
            **kw) -> TestClient:
    """Through the code: the client then holds the signed session."""
    client = client or p.client
    r = ask_code(p, client, purpose=purpose, mobile=mobile, **kw)
    assert r.status_code == 200, r.text
    code = p.sms.last_code(mobile)
    r = client.post("/apply/verify", data={"csrf_token": csrf_of(r.text), "code": code}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


_photo_cache: dict[str, bytes] = {}


def good_photo() -> bytes:
    if "good" not in _photo_cache:
        from tests.support.photo_samples import jpeg_bytes, portrait

        _photo_cache["good"] = jpeg_bytes(portrait(1280))
    return _photo_cache["good"]


def submit(p: Portal, client: TestClient | None = None, *, photo: bytes | None = None, filename: str = "me.jpg",
           kind: str = "lost", collection: str = "hall", hall_id: str = "H01", collect_day: str = "2026-12-08",
           address: str = ADDRESS, postal_address: str = "", csrf: str | None = None, content_type="image/jpeg"):
    client = client or p.client
    form = client.get("/apply/form")
    assert form.status_code == 200, form.text
    data = {"csrf_token": csrf if csrf is not None else csrf_of(form.text), "kind": kind, "address": address,
            "collection": collection, "hall_id": hall_id, "collect_day": collect_day,
            "postal_address": postal_address}
    files = {"photo": (filename, good_photo() if photo is None else photo, content_type)}
    return client.post("/apply/submit", data=data, files=files, follow_redirects=False)
