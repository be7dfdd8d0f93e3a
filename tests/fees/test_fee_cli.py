"""``counter-app fee``: quote, cash payment with its receipt text, status."""

import dataclasses
import random

from counter_app.cli import main
from counter_app.domain.applicant import ApplicationType, ReplacementReason
from counter_app.paths import AppPaths
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.seed import random_applicant
from counter_app.store.database import open_store


def test_quote_pay_cash_and_status(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "db", "migrate"]) == 0
    capsys.readouterr()
    applicant = dataclasses.replace(random_applicant(random.Random(1)), application_type=ApplicationType.REPLACEMENT,
                                    reason=ReplacementReason.LOST)
    store = open_store(AppPaths.resolve(tmp_path))
    try:
        iid = IntakeService(store).open_application(Session.local_operator(), applicant)
    finally:
        store.close()
    assert main(["--data-dir", str(tmp_path), "fee", "quote", iid]) == 0
    assert "20.00 quoted" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "fee", "pay-cash", iid, "--received-yuan", "50"]) == 0
    assert "找零 Change: 30.00" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "fee", "status", iid]) == 0
    assert "paid cash" in capsys.readouterr().out
