"""The print commands with --json: {"job", "state", "output"} after a real CUPS job."""

from __future__ import annotations

import json

from counter_app.cli import main
from tests.integration.printing_fixtures import *  # noqa: F403  (the fixtures)
from tests.integration.printing_fixtures import pdf_pages


def run_json(capsys, *argv) -> tuple[int, dict]:
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def test_print_card_and_test_page_report_the_job_as_json(healthy_queue, capsys, data_dir, tmp_path, photo_jpeg):
    import json as _json

    from counter_app.domain.applicant import Applicant
    from counter_app.domain.issuance import IssuanceAction as A
    from counter_app.paths import AppPaths
    from counter_app.services.issuance import IssuanceService
    from counter_app.store.database import open_store
    from tests.integration.printing_fixtures import SAMPLE_APPLICANT, card_number

    name, out_dir = healthy_queue
    with open_store(AppPaths.resolve(data_dir)) as s:
        svc = IssuanceService(s)
        iid = svc.start(Applicant.from_dict(_json.loads(SAMPLE_APPLICANT.read_text(encoding="utf-8"))), "cli")
        svc.advance(iid, A.CHECK_APPLICANT, "cli")
        svc.advance(iid, A.ACCEPT_PHOTO, "cli", photo=photo_jpeg)
        svc.advance(iid, A.START_ENCODING, "cli", card_number=card_number("Y0000001"))
        svc.advance(iid, A.FINISH_ENCODING, "cli", card_id="421303D156000005AABBCCDDEEFF0011", atr="3B6D")
    code, got = run_json(capsys, "print", "card", "--issuance", iid, "--printer", name, "--json")
    assert code == 0 and got["state"] == "completed" and isinstance(got["job"], int)
    assert got["output"].startswith(str(out_dir)) and pdf_pages(got["output"]) == 1
    code, again = run_json(capsys, "print", "card", "--issuance", iid, "--printer", name, "--json")
    assert code == 1 and again["state"] == "failed" and again["error"] == "print.not_printable"
    code, page = run_json(capsys, "print", "test-page", "--printer", name, "--json")
    assert code == 0 and page["state"] == "completed" and page["output"]
    preview = tmp_path / "face.png"
    assert main(["print", "preview", "--issuance", iid, "--out", str(preview)]) == 0
    assert preview.read_bytes().startswith(b"\x89PNG")
