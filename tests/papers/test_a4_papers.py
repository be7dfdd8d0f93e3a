"""The application form and the collection receipt: A4 pages with the case number as a Code 128 barcode,
printed through the real Qt print path into CUPS-PDF, recorded, and marked 补打 when printed again."""

import random
import subprocess
import time

import pytest

from counter_app.domain.case_numbers import case_number
from counter_app.domain.people import Relation, Representative, RepresentativeRole
from counter_app.printing.barcode import code128
from counter_app.services.auth import Session
from counter_app.services.intake import IntakeService
from counter_app.services.papers import PaperNotReady, PaperService
from counter_app.services.seed import SeedService, random_applicant
from counter_app.settings import Settings

OPERATOR = Session.local_operator()


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _application(store, **changes) -> str:
    import dataclasses

    applicant = dataclasses.replace(random_applicant(random.Random(5)), **changes)
    return IntakeService(store).open_application(OPERATOR, applicant)


def test_the_barcode_is_code_128_of_the_case_number():
    symbol = code128("3F2A9C0D5E7B4A11")
    assert symbol.modules.startswith("11010010000")   # start code B
    assert symbol.modules.endswith("1100011101011")   # stop pattern
    assert sum(w for _, w in symbol.bars()) == symbol.modules.count("1")


def test_the_application_form_shows_the_data_in_full_with_the_guardian(fresh_store, tmp_path):
    guardian = Representative(RepresentativeRole.GUARDIAN, "李娟", "01", "421303198501010022", Relation.MOTHER)
    issuance_id = _application(fresh_store, guardian=guardian)
    papers = PaperService(fresh_store, Settings(None))
    text = _text(papers.write_pdf(issuance_id, "application_form", tmp_path / "form.pdf"))
    issuance = papers._issuances.get(issuance_id)
    assert "社会保障卡申领登记表" in text and case_number(issuance_id) in text
    assert issuance.applicant.document_number in text and "李娟" in text
    assert "Guardian：" in text  # the guardian signs too (pdftotext maps some CJK glyphs to radicals: 人 → ⼈)


def test_the_collection_receipt_masks_the_id_number_and_waits_for_the_hand_over(fresh_store, tmp_path):
    papers = PaperService(fresh_store, Settings(None))
    with pytest.raises(PaperNotReady):
        papers.paper(_application(fresh_store), "collection_receipt")
    SeedService(fresh_store, seed=3).seed(1)
    (issued,) = [r[0] for r in fresh_store.db.execute("SELECT id FROM issuances WHERE state = 'issued'")]
    number = papers._issuances.get(issued).applicant.document_number
    text = _text(papers.write_pdf(issued, "collection_receipt", tmp_path / "receipt.pdf"))
    assert "Collection receipt".lower() in text.lower() and number not in text and number[-4:] in text


def test_papers_print_on_cups_and_a_second_print_is_a_reprint(fresh_store, healthy_queue):
    queue, out = healthy_queue
    settings = Settings(None)
    settings.set("papers.printer_name", queue)
    papers = PaperService(fresh_store, settings)
    issuance_id = _application(fresh_store)
    before = set(out.glob("**/*.pdf"))
    for _ in range(2):
        result = papers.print(OPERATOR, issuance_id, "application_form")
        assert result.state == "completed", result.message("en")
    assert [p.reprint for p in papers.history(issuance_id)] == [False, True]
    deadline = time.monotonic() + 30
    while len(set(out.glob("**/*.pdf")) - before) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    texts = [_text(p) for p in sorted(set(out.glob("**/*.pdf")) - before, key=lambda p: p.stat().st_mtime)]
    assert len(texts) == 2 and "补打" not in texts[0] and "补打" in texts[1]
    assert all(case_number(issuance_id) in t for t in texts)
