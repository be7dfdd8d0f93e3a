"""Fixtures of the security tests: a counter store with its keys, a clock the test moves, users of
each role, and test applicants whose personal data must never appear in clear on disk or in logs."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from counter_app.domain.applicant import Applicant, DocumentType
from counter_app.domain.cardids import make_card_number
from counter_app.domain.idnumbers import mod11_2_check_char
from counter_app.domain.issuance import IssuanceAction
from counter_app.paths import AppPaths
from counter_app.services.auth import Role, Session
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.services.login import AuthService, AuthSettings
from counter_app.services.users import UserService
from counter_app.store.database import open_store
from counter_app.store.outbox import OutboxRepository

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator

COUNTER = "C-TEST-01"
PASSWORD = "correct horse 42"
# A JPEG header and a marker no other test data contains: found in a file means a clear photo.
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"PHOTO-MARKER-7f3a" * 64 + b"\xff\xd9"


def resident_id(region: str, birth: str, seq: str) -> str:
    body = region + birth + seq
    return body + mod11_2_check_char(body)


class FakeClock:
    """Time that moves only when the test says so (no timed assertions)."""

    def __init__(self, start: dt.datetime = dt.datetime(2025, 3, 7, 8, 0, tzinfo=dt.UTC)):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + dt.timedelta(**delta)


def make_applicant(name: str, number: str, phone: str, address: str) -> Applicant:
    return Applicant(
        document_type=DocumentType.RESIDENT_ID, document_number=number, name=name, sex="2" if int(number[16]) % 2 == 0 else "1",
        ethnicity="01", birth_date=dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
        birthplace=number[:6], phone=phone, address=address,
    )


TEST_APPLICANTS = (
    make_applicant("欧阳淑珍", resident_id("110101", "19880618", "004"), "13912345678", "北京市东城区安定门东大街28号"),
    make_applicant("司马懿行", resident_id("421303", "19750102", "011"), "13698765432", "湖北省随州市曾都区解放路9号"),
)


@pytest.fixture(autouse=True)
def _no_os_keyring(monkeypatch):
    """Never write into a developer's real OS key store."""
    monkeypatch.setenv("COUNTER_APP_KEYRING", "off")


@pytest.fixture(autouse=True)
def _cheaper_scrypt(monkeypatch):
    """scrypt at 2^12 instead of 2^15: the same code, an eighth of the memory and time per hash
    (test_passwords checks the production cost)."""
    from counter_app.services import passwords

    monkeypatch.setattr(passwords, "LOG2_N", 12)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def paths(data_dir) -> AppPaths:
    return AppPaths.resolve(data_dir).ensure()


@pytest.fixture
def store(paths):
    s = open_store(paths)
    yield s
    s.close()


@pytest.fixture
def operator(clock) -> Session:
    return Session.local_operator(COUNTER, clock=clock)


@pytest.fixture
def auth(store, clock) -> AuthService:
    return AuthService(store, AuthSettings(), counter_id=COUNTER, clock=clock)


@pytest.fixture
def people(store, operator, clock) -> dict[str, str]:
    """One user per role (and a second supervisor), all with :data:`PASSWORD`; name by role."""
    users = UserService(store, clock=clock)
    names = {"clerk": Role.CLERK, "supervisor": Role.SUPERVISOR, "supervisor2": Role.SUPERVISOR,
             "technician": Role.TECHNICIAN}
    for username, role in names.items():
        users.add(operator, username, role, password=PASSWORD)
    return {k: k for k in names}


@pytest.fixture
def applicants() -> tuple[Applicant, ...]:
    return TEST_APPLICANTS


def issue_card(store, applicant: Applicant, number_body: str, *, clock=None, photo: bytes = PHOTO) -> str:
    """Take an applicant from intake to a handed-over card; returns the issuance id."""
    intake = IntakeService(store)
    issuance_id = intake.open_application(OPERATOR, applicant)
    intake.accept_photo(OPERATOR, issuance_id, photo)
    issuances = IssuanceService(store, clock=clock) if clock else IssuanceService(store)
    issuances.advance(issuance_id, IssuanceAction.START_ENCODING, "clerk",
                      card_number=make_card_number(number_body), card_id="0" * 31 + number_body[-1], atr="3B00")
    for action in (IssuanceAction.FINISH_ENCODING, IssuanceAction.START_PRINTING,
                   IssuanceAction.FINISH_PRINTING, IssuanceAction.HAND_OVER):
        issuances.advance(issuance_id, action, "clerk")
    return issuance_id


def acknowledge_all(store, at: dt.datetime) -> None:
    """What the sync worker does when the ledger holds every event: mark the outbox acknowledged."""
    with store.transaction() as db:
        (last,) = db.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()
        OutboxRepository(db).acknowledge_through(last, at)


def with_name(applicant: Applicant, name: str) -> Applicant:
    return replace(applicant, name=name)
