"""`counter-app issuance list|show|cancel`: the unfinished issuances are there to resume after a restart."""

import json

from counter_app.cli import main
from counter_app.paths import AppPaths
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.store.database import open_store

OPERATOR = Session.local_operator()  # the services check who acts; tests act as the local operator


def open_one(applicant) -> str:
    with open_store(AppPaths.resolve()) as store:
        return IntakeService(store).open_application(OPERATOR, applicant)


def test_unfinished_issuances_are_listed_with_masked_numbers(applicant, capsys):
    issuance_id = open_one(applicant)
    assert main(["issuance", "list", "--unfinished", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["issuances"]
    assert [r["id"] for r in rows] == [issuance_id]
    assert rows[0]["state"] == "applicant_ok"
    assert rows[0]["document_number"] == "4213**********0019"


def test_show_gives_the_history_and_cancel_needs_a_reason(applicant, capsys):
    issuance_id = open_one(applicant)
    assert main(["issuance", "cancel", issuance_id]) == 2  # --reason is required
    assert main(["issuance", "cancel", issuance_id, "--reason", "申请人离开"]) == 0
    capsys.readouterr()
    assert main(["issuance", "show", issuance_id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "cancelled"
    assert [h["to"] for h in shown["history"]] == ["draft", "applicant_ok", "cancelled"]


def test_hand_over_needs_a_printed_card(applicant, capsys):
    issuance_id = open_one(applicant)
    assert main(["--lang", "en", "issuance", "hand-over", issuance_id]) == 1
    assert "hand over" in capsys.readouterr().err


def test_an_unknown_issuance_is_a_clear_message(capsys):
    assert main(["--lang", "en", "issuance", "show", "nope"]) == 1
    assert "No issuance nope" in capsys.readouterr().err
