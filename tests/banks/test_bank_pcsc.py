"""The co-issuing bank over the real parts: pcscd, the vpcd driver, pyscard and the simulated card, whose
pre-personalised financial application the counter reads as a terminal does.

- A real chip write (``counter-app card personalize``) of a card of the applicant's bank reads the bank account
  number from the chip, records it sealed and puts it in the completion report for card management.
- A card of another bank (``python -m devices card insert --blank --bank 103``), or one without a financial
  application, is refused before anything is written: the chip file unchanged, the issuance not encoded, the
  clerk's message naming both banks.

Run under ``flock /tmp/devices.lock`` (one set of devices per machine).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.card.financial import luhn_valid
from counter_app.domain.issuance import IssuanceState
from counter_app.paths import AppPaths
from counter_app.services.card_management import CardManagementService
from counter_app.services.issuance import IssuanceService
from counter_app.store.bank_accounts import BankAccountRepository
from counter_app.store.cardmgmt_queue import ReportQueue
from counter_app.store.database import open_store

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = ROOT / "tests" / "data" / "applicant.json"  # no bank chosen: banks.default, 102 中国工商银行


def counter_app(*args: str) -> subprocess.CompletedProcess:
    """The counter's command line on this test's data directory (COUNTER_APP_DATA, tests/conftest.py)."""
    return subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


@pytest.fixture
def insert(devices):
    """Insert a blank card of a bank's stock (``--bank``); pulled out after the test."""
    def put(bank: str) -> dict:
        return devices.run("card", "insert", "--blank", "--bank", bank)["card"]
    yield put
    devices.run("card", "remove", check=False)


def _holder_records(card_file: Path) -> list[str]:
    return [r["value"] for r in json.loads(card_file.read_text())["files"]["EF06"]["records"]]


def test_the_bank_account_is_read_from_the_chip_after_a_real_write_recorded_and_reported(devices, insert):
    card = insert("102")
    app = card["financial"]
    assert app["bank_code"] == "102" and app["pan"].startswith("621226") and len(app["pan"]) == 19
    assert luhn_valid(app["pan"])
    assert devices.run("status")["card"]["financial"]["pan"] == app["pan"]  # what `devices status` shows

    proc = counter_app("card", "personalize", "--applicant", str(APPLICANT), "--card-number", "X00000019",
                       "--json")
    assert proc.returncode == 0, proc.stderr
    issuance_id = json.loads(proc.stdout)["issuance_id"]

    with open_store(AppPaths.resolve()) as store:
        record = BankAccountRepository(store.db).get(issuance_id)
        assert (record.bank_code, record.account) == ("102", app["pan"])
        issuance = IssuanceService(store).get(issuance_id)
        assert issuance.state is IssuanceState.ENCODED
        detail = IssuanceService(store).history(issuance_id)[-1].detail
        assert detail["bank_account_masked"] == app["pan"][:6] + "*" * 9 + app["pan"][-4:]
        # The hand-over queues the completion report for card management with the account read from the chip.
        with store.transaction() as db:
            CardManagementService.queue_completion(db, issuance)
        (report,) = ReportQueue(store.db).pending(10)
        assert report.kind == "completion"
        assert (report.payload["bank_code"], report.payload["bank_account"]) == ("102", app["pan"])
        assert report.payload["card_number"] == "X00000019"


def test_a_card_of_another_bank_is_refused_before_anything_is_written(devices, insert):
    card = insert("103")
    assert card["financial"]["bank_code"] == "103" and card["financial"]["pan"].startswith("622848")
    card_file = Path(card["file"])
    before = _holder_records(card_file)

    proc = counter_app("card", "personalize", "--applicant", str(APPLICANT), "--card-number", "X00000027")
    assert proc.returncode != 0
    assert "此卡属于中国农业银行，申请人选择的是中国工商银行，请换一张中国工商银行的卡" in proc.stderr
    assert _holder_records(card_file) == before and not any(int(v, 16) for v in before)

    with open_store(AppPaths.resolve()) as store:
        issuance = IssuanceService(store).unfinished_for_person("421303199003070019")
        assert issuance.state is IssuanceState.ENCODE_FAILED and issuance.card_id is None
        assert BankAccountRepository(store.db).get(issuance.id) is None


def test_a_card_without_a_financial_application_is_refused(devices, insert):
    card = insert("none")
    assert card["financial"] is None
    before = _holder_records(Path(card["file"]))
    proc = counter_app("--lang", "en", "card", "personalize", "--applicant", str(APPLICANT), "--card-number",
                       "X00000035")
    assert proc.returncode != 0 and "no co-issuing bank's financial application" in proc.stderr
    assert _holder_records(Path(card["file"])) == before
