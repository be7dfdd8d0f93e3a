"""A cash payment prints its receipt on the counter's receipt printer, through the Qt print path to CUPS
(a CUPS-PDF queue here), and a cash refund prints a refund receipt: the wiring of the counter's services
(``CounterServices.fees``), so what a hall's clerk hands over is what this test reads."""

from __future__ import annotations

import dataclasses
import subprocess
import time

from counter_app.domain.applicant import ApplicationType, ReplacementReason
from counter_app.domain.case_numbers import case_number
from counter_app.services.auth import Session
from counter_app.services.container import CounterServices
from counter_app.services.intake import IntakeService
from counter_app.settings import Settings
from tests.support.store import sample_applicant

OPERATOR = Session.local_operator()


def _new_pdfs(out, before, count, timeout=60):
    deadline = time.monotonic() + timeout
    while len(set(out.glob("**/*.pdf")) - before) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return sorted(set(out.glob("**/*.pdf")) - before, key=lambda p: p.stat().st_mtime)


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_cash_and_its_refund_print_their_receipts_on_cups(fresh_store, healthy_queue):
    queue, out = healthy_queue
    settings = Settings(None)
    settings.set("printer.receipt_name", queue)
    settings.set("fees.enabled", True)
    services = CounterServices(fresh_store, settings, None)
    applicant = dataclasses.replace(sample_applicant(), application_type=ApplicationType.REPLACEMENT,
                                    reason=ReplacementReason.DAMAGED)
    issuance_id = IntakeService(fresh_store).open_application(OPERATOR, applicant)
    before = set(out.glob("**/*.pdf"))

    receipt = services.fees.pay_cash(OPERATOR, issuance_id, 5000)
    services.fees.refund(OPERATOR, issuance_id, "制卡失败")

    paid, refunded = (_text(p) for p in _new_pdfs(out, before, 2))
    assert "fee receipt" in paid and receipt.receipt_number in paid and case_number(issuance_id) in paid
    assert "20.00" in paid and "50.00" in paid and "30.00" in paid  # amount, received, change
    assert "refund receipt" in refunded and "20.00" in refunded
