"""The counter's card-management port (``LedgerCardManagement``) and payment gateway (``LedgerPaymentGateway``)
over the real ledger: ``central-ledger serve`` on loopback (SQLite, then PostgreSQL), the counters enrolled as a
technician enrolls them, the requests signed by the counter's own client. The clerk's flow on top: an
application pending at another counter is refused before anything is written; the bank pre-opening, the
completion report with the account read from the chip, the other reports, and a QR payment paid from the
"phone" (the link of the QR code, over HTTP)."""

from __future__ import annotations

import dataclasses
import random
import uuid
from urllib.parse import urljoin

import httpx
import pytest

from counter_app.cardmgmt.ledger import LedgerCardManagement
from counter_app.cardmgmt.payments import LedgerPaymentGateway, PaymentUnavailable
from counter_app.cardmgmt.port import (
    CardManagementRefused,
    EligibilityAnswer,
    EligibilityQuery,
    NotEligible,
)
from counter_app.paths import AppPaths
from counter_app.services.auth import Session
from counter_app.services.card_management import CardManagementService
from counter_app.services.intake import IntakeService
from counter_app.services.seed import random_applicant
from counter_app.store.bank_accounts import BankAccountRepository
from counter_app.store.cardmgmt_queue import ReportQueue
from counter_app.store.datakeys import INDEX_KEY_FILE
from counter_app.store.issuances import IssuanceRepository
from counter_app.store.sealing import name_index, person_index
from tests.sync.conftest import LEDGER_BACKENDS, LedgerServer, ledger_cli
from tests.sync.conftest import counter as counter  # noqa: F401 - the fixtures, over this module's ledger
from tests.sync.conftest import make_counter as make_counter  # noqa: F401

OPERATOR = Session.local_operator()
PAYMENT_TIMEOUT = 8  # seconds: long enough to pay in, short enough to wait for the expiry


class PaymentLedger(LedgerServer):
    """The sync tests' ledger server, started with a short ``--payment-timeout``."""

    def start(self) -> PaymentLedger:
        import subprocess
        import sys
        import time

        from tests.sync.conftest import REPO

        out = open(self.log, "ab")  # noqa: SIM115 - the server's log for its lifetime
        self.process = subprocess.Popen(
            [sys.executable, "-m", "central_ledger", "serve", "--db", str(self.db), "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--payment-timeout", str(PAYMENT_TIMEOUT)],
            stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # a bounded wait for readiness, not a measure
            if self.process.poll() is not None:
                raise RuntimeError(f"ledger exited: {self.log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("ledger did not become ready")


@pytest.fixture(params=LEDGER_BACKENDS)
def ledger(request, tmp_path):
    if request.param == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        server = PaymentLedger(cluster.create_database(), tmp_path / "ledger.log", cluster)
    else:
        server = PaymentLedger(tmp_path / "ledger.sqlite3", tmp_path / "ledger.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def district(make_counter, tmp_path):
    """Two counters of one district: the same district index key on both (so one person has one index)."""
    first = make_counter("C001")
    key = (first.paths.keys_dir / INDEX_KEY_FILE).read_bytes()
    second_keys = AppPaths.resolve(tmp_path / "counter-C002").ensure().keys_dir
    second_keys.mkdir(parents=True, exist_ok=True)
    (second_keys / INDEX_KEY_FILE).write_bytes(key)
    second = make_counter("C002")
    assert person_index("421303199003070019")  # the active keys are the district's on both
    return first, second


def _port(counter) -> LedgerCardManagement:
    return LedgerCardManagement(counter.sync_service().client, timeout=10.0)


def _query(pidx: str, application_type: str = "new", nidx: str | None = None) -> EligibilityQuery:
    return EligibilityQuery(pidx, nidx or name_index("王小明"), application_type, None, "421303")


def _issuances(counter) -> int:
    return counter.store.db.execute("SELECT COUNT(*) FROM issuances").fetchone()[0]


def _account(bin_: str = "621226", serial: int = 7) -> str:
    body = f"{bin_}{serial:012d}"
    total = sum((d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 == 0 else d
                for i, d in enumerate(int(c) for c in reversed(body)))
    return body + str((10 - total % 10) % 10)


# -- card management --------------------------------------------------------------------------------------

def test_the_ledger_answers_the_ports_eligibility_checks(counter, ledger):
    port = _port(counter)
    stranger = person_index("421303199003070019")
    assert port.check_eligibility(_query(stranger)).answer is EligibilityAnswer.OK
    assert port.check_eligibility(_query(stranger, "replacement")).answer is EligibilityAnswer.PERSON_UNKNOWN

    counter.seed(3)
    assert counter.sync_service().sync_once().ok
    holder = counter.store.db.execute("SELECT person_index FROM issuances WHERE state = 'issued' LIMIT 1").fetchone()[0]
    refused = port.check_eligibility(_query(holder))
    assert (refused.answer, refused.detail) == (EligibilityAnswer.NOT_ALLOWED, "has_active_card")
    assert port.check_eligibility(_query(holder, "replacement")).answer is EligibilityAnswer.OK

    r = ledger_cli(ledger.db, "person", "add", "--person-index", stranger, "--name-index", name_index("李四"))
    assert r.returncode == 0, r.stderr
    assert port.check_eligibility(_query(stranger, nidx=name_index("王小明"))).answer is EligibilityAnswer.NAME_DIFFERS
    assert ledger_cli(ledger.db, "person", "mark-deceased", "--person-index", stranger).returncode == 0
    dead = port.check_eligibility(_query(stranger))
    assert (dead.answer, dead.detail) == (EligibilityAnswer.NOT_ALLOWED, "deceased")


def test_an_application_pending_at_another_counter_stops_the_clerk_before_anything_is_written(district):
    first, second = district
    applicant = random_applicant(random.Random(20))
    service_a = CardManagementService(first.store, _port(first), region_code="421303")
    issuance_id = IntakeService(first.store, eligibility=service_a.check_eligibility).open_application(
        OPERATOR, applicant)
    assert first.sync_service().sync_once().ok  # the ledger hears of the open application

    service_b = CardManagementService(second.store, _port(second), region_code="421303")
    with pytest.raises(NotEligible) as caught:
        IntakeService(second.store, eligibility=service_b.check_eligibility).open_application(OPERATOR, applicant)
    assert caught.value.answer is EligibilityAnswer.APPLICATION_PENDING and caught.value.detail == issuance_id
    assert "已有在办申请" in caught.value.message("zh")
    assert _issuances(second) == 0


def test_the_photo_on_file_comes_back_byte_for_byte(counter, ledger, tmp_path):
    pidx = person_index("421303199003070019")
    assert _port(counter).photo_on_file(pidx) is None
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4 + b"\xff\xd9"
    (tmp_path / "p.jpg").write_bytes(jpeg)
    r = ledger_cli(ledger.db, "person", "add", "--person-index", pidx, "--photo", str(tmp_path / "p.jpg"))
    assert r.returncode == 0, r.stderr
    assert _port(counter).photo_on_file(pidx) == jpeg


def test_preopening_is_idempotent_and_an_unknown_bank_is_refused(counter):
    port = _port(counter)
    pidx, issuance_id = person_index("421303199003070019"), str(uuid.uuid4())
    first = port.preopen_bank_account(f"preopen-{issuance_id}", pidx, "105", issuance_id)
    assert first.status == "preopened" and first.bank_code == "105" and first.preopen_id
    assert port.preopen_bank_account(f"preopen-{issuance_id}", pidx, "105", issuance_id) == first
    with pytest.raises(CardManagementRefused) as refused:
        port.preopen_bank_account(f"preopen-{uuid.uuid4()}", pidx, "999", issuance_id)
    assert refused.value.code == "unknown_bank"


def test_the_bank_account_read_from_the_chip_is_reported_and_bound(counter, ledger):
    """The counter's own path: pre-opening before the claim, the account recorded after the write, the
    completion report queued and sent; a wrong bank's account is refused and kept for the supervisor."""
    service = CardManagementService(counter.store, _port(counter), region_code="421303")
    intake = IntakeService(counter.store, eligibility=service.check_eligibility)
    made = []
    for seed, chip_bin in ((21, "621226"), (22, "622848")):  # the second chip carries another bank's number
        applicant = dataclasses.replace(random_applicant(random.Random(seed)), bank_code="102")
        issuance_id = intake.open_application(OPERATOR, applicant)
        issuance = IssuanceRepository(counter.store.db).get(issuance_id)
        assert service.preopen(issuance).status == "preopened"
        with counter.store.transaction() as db:
            BankAccountRepository(db).record(issuance_id, "102", _account(chip_bin, seed))
            CardManagementService.queue_completion(db, issuance)
        made.append(issuance_id)

    assert service.send_reports() == 1  # the first is bound; the refused one does not stop the queue
    bound = ledger.query("SELECT issuance_id, bank_code, bank_account FROM bank_bindings")
    assert bound == [(made[0], "102", _account("621226", 21))]
    [left] = ReportQueue(counter.store.db).pending()
    assert left.payload["issuance_id"] == made[1]
    error = counter.store.db.execute("SELECT last_error FROM cardmgmt_reports WHERE sent_at IS NULL").fetchone()[0]
    assert "bank_account_mismatch" in error
    assert _account("622848", 22) not in ledger.log.read_text(errors="replace")


def test_activation_status_and_fee_reports_are_recorded_once(counter, ledger):
    port = _port(counter)
    issuance_id = str(uuid.uuid4())
    activation = {"card_number": "L00000011", "issuance_id": issuance_id, "application": "social_security",
                  "activated_at": "2026-05-01T08:31:00.000000Z", "by": "clerk1", "report_id": uuid.uuid4().hex}
    status = {"card_number": "L00000011", "status": "active", "status_code": "1", "from_status": "not_activated",
              "reason": None, "changed_at": "2026-05-01T08:31:00.000000Z", "report_id": uuid.uuid4().hex}
    fee = {"issuance_id": issuance_id, "case_number": uuid.UUID(issuance_id).hex[:16].upper(), "amount_fen": 2000,
           "method": "cash", "waiver_code": None, "order_id": None,
           "settled_at": "2026-05-01T08:20:00.123456+00:00", "refunded": False, "report_id": uuid.uuid4().hex}
    for _ in range(2):  # a sync retry sends each again
        port.report_activation(activation)
        port.report_status_change(status)
        port.register_fee(fee)
    assert ledger.query("SELECT COUNT(*) FROM card_activations")[0][0] == 1
    assert ledger.query("SELECT status, previous FROM card_status_reports") == [("active", "not_activated")]
    assert ledger.query("SELECT amount_fen, method FROM fee_reports") == [(2000, "cash")]


# -- payments ---------------------------------------------------------------------------------------------

def _phone_pays(qr_payload: str) -> httpx.Response:
    """The applicant's phone: opens the QR link, presses 支付 (the form posts back to its action)."""
    page = httpx.get(qr_payload, timeout=30)
    assert page.status_code == 200 and "支付" in page.text
    action = page.text.split('action="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    return httpx.post(urljoin(qr_payload, action), data={"pay": "1"}, timeout=30)


def test_a_qr_payment_paid_from_the_phone_then_refunded(counter):
    gateway = LedgerPaymentGateway(counter.sync_service().client, timeout=10.0)
    order = gateway.create_order("0B6C1C8E2F5E4A57-1", 2000, "社保卡补换卡费 0B6C1C8E2F5E4A57")
    assert order.status == "pending" and order.qr_payload.startswith(f"{counter.settings['ledger.url']}/pay/")
    assert gateway.create_order("0B6C1C8E2F5E4A57-1", 2000, "社保卡补换卡费 0B6C1C8E2F5E4A57") == order
    assert gateway.order_status(order.order_id).status == "pending"

    assert _phone_pays(order.qr_payload).status_code == 200
    paid = gateway.order_status(order.order_id)
    assert paid.status == "paid" and paid.paid_at
    with pytest.raises(PaymentUnavailable) as refused:
        gateway.cancel_order(order.order_id)
    assert refused.value.code == "order_paid"
    assert gateway.refund(order.order_id, 2000, "制卡失败").status == "refunded"


def test_an_unpaid_order_is_cancelled_or_expires(counter):
    import time

    gateway = LedgerPaymentGateway(counter.sync_service().client, timeout=10.0)
    cancelled = gateway.create_order("CASE-CANCEL-1", 2000, "社保卡补换卡费")
    with pytest.raises(PaymentUnavailable) as refused:
        gateway.refund(cancelled.order_id, 2000, "x")
    assert refused.value.code == "order_not_paid"
    assert gateway.cancel_order(cancelled.order_id).status == "cancelled"
    assert _phone_pays_status(cancelled.qr_payload) == 409

    late = gateway.create_order("CASE-LATE-1", 2000, "社保卡补换卡费")
    deadline = time.monotonic() + 60
    while gateway.order_status(late.order_id).status != "expired":  # --payment-timeout: a bounded wait
        assert time.monotonic() < deadline, "the order never expired"
        time.sleep(0.25)
    assert _phone_pays_status(late.qr_payload) == 410
    with pytest.raises(PaymentUnavailable) as unknown:
        gateway.order_status("NOBODYS-ORDER")
    assert unknown.value.code == "unknown_order"


def _phone_pays_status(qr_payload: str) -> int:
    return httpx.post(qr_payload, timeout=30).status_code
