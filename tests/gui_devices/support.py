"""What the GUI tests over the real parts share: the app's windows on the real pcscd (the simulated card and
PSAM of ``devices`` on vpcd) and the real print path (QPrinter → CUPS → cups-pdf), and the checks of what
came out: the chip read from the simulated card's own file, the card face from the printed PDF.

Nothing here replaces a part of the app: the encoder is the app's ``PcscEncoder`` over pcscd and the printer
is its ``PrintService`` on a CUPS queue of this test session (``card_queue`` of
``tests/integration/printing_fixtures.py``), so the tests meet the same failures a counter would (a card
pulled out, a paused queue). The clerk's part is played through the window's own widgets and slots.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from counter_app.card.profile import load_profile
from counter_app.card.records import CardPersonalData, encode_records
from counter_app.domain.issuance import Issuance, IssuanceState
from counter_app.services.encoding import chip_photo
from counter_app.services.issuance import IssuanceService
from counter_app.store.database import Store
from devices.vcard import cardfile
from tests.support.gui import (
    CLERK,
    HOLDER_PIN,
    PASSWORD,
    SAMPLE,
    TIMEOUT_MS,
    close_shell,
    log_in,
    make_counter,
    set_holder_pin,
    through_photo,
    wait_step,
)

ROOT = Path(__file__).resolve().parents[2]

__all__ = ["CLERK", "HOLDER_PIN", "DEVICE_TIMEOUT_MS", "PASSWORD", "SAMPLE", "TIMEOUT_MS", "RealCounter", "close_shell", "log_in", "set_holder_pin",
           "through_photo", "wait_step", "chip_of", "intended_chip", "assert_chip_is", "chip_differences",
           "new_pdf", "assert_face", "history", "Issuance", "IssuanceState", "settle_fee_if_due"]

# pcscd notices a card inserted or pulled within its polling interval; the write itself is ~1 s.
DEVICE_TIMEOUT_MS = 60_000


@dataclass
class RealCounter:
    """A counter data directory whose settings point at the session's card printer queue, and the
    devices CLI to handle the card in the encoder."""

    paths: object
    settings: object
    queue: str
    pdf_dir: Path
    devices: object

    def start(self):
        """The app as ``counter-app`` starts it (real encoder, printer and probes; no camera: the photo
        is imported from a file), with the login window shown."""
        from PySide6.QtWidgets import QApplication

        from counter_app.ui.app import Shell, apply_style, make_context
        from counter_app.ui.backends import Backends

        apply_style(QApplication.instance())
        shell = Shell(make_context(self.paths, self.settings, "zh", Backends(make_camera=lambda _s: None)))
        shell.ctx.start_sync = lambda: None  # no ledger in these tests
        shell.start()
        return shell

    def insert_blank(self) -> tuple[Path, cardfile.CardContent]:
        """The next blank card into the encoder: its card file and its content before anything is written."""
        answer = self.devices.run("card", "insert", "--blank")
        path = Path(answer["card"]["file"])
        return path, cardfile.load(path)

    def pdfs(self) -> set[Path]:
        return set(self.pdf_dir.glob("*.pdf")) if self.pdf_dir.exists() else set()


def make_real_counter(data_dir: Path, devices, queue: tuple[str, Path]) -> RealCounter:
    paths, settings = make_counter(data_dir)
    name, pdf_dir = queue
    settings.set("printer.name", name)
    settings.save()
    devices.run("card", "remove")
    return RealCounter(paths, settings, name, pdf_dir, devices)


def history(paths, issuance_id: str) -> list[str]:
    with Store.open(paths.database) as store:
        return [e.action for e in IssuanceService(store).history(issuance_id)]


# --- the chip ------------------------------------------------------------------------------------------

def chip_of(card: Path) -> cardfile.CardContent:
    """What the simulated card holds now (its file is saved after every command that changes it)."""
    return cardfile.load(card)


@dataclass(frozen=True)
class IntendedChip:
    """Every element the counter writes for an issuance: (EF name, record number) → record bytes (TLV),
    and the chip photo (EF08)."""

    records: dict[tuple[str, int], bytes]
    photo: bytes | None


def intended_chip(paths, issuance: Issuance, issue_date: dt.date | None = None) -> IntendedChip:
    """What the chip of ``issuance`` must hold, computed from the database (applicant, card number,
    accepted photo) by the app's own encoders, independently of the card."""
    with Store.open(paths.database) as store:
        stored = IssuanceService(store).photo(issuance.id)
    data = CardPersonalData.from_applicant(issuance.applicant, issuance.card_number, issue_date or dt.date.today(),
                                           photo=chip_photo(stored) if stored else None)
    records = {(f"{spec.file_id:04X}", spec.number): record for spec, record in encode_records(data, load_profile())}
    return IntendedChip(records, data.photo)


def chip_differences(before: cardfile.CardContent, after: cardfile.CardContent,
                     intended: IntendedChip) -> list[str]:
    """Where ``after`` is not exactly ``before`` with the intended elements written: each written record
    equal to the intended one, the photo at the start of EF08, and every other record and binary as the
    blank card had it. Empty: the chip holds exactly the intended content."""
    out: list[str] = []
    for ef, records in before.records.items():
        got = after.records[ef]
        if len(got) != len(records):
            out.append(f"{ef}: {len(got)} records, the blank had {len(records)}")
        for number, old in enumerate(records, start=1):
            want = intended.records.get((ef, number), bytes(old))
            if bytes(got[number - 1]) != want:
                out.append(f"{ef} record {number}: {bytes(got[number - 1]).hex()} instead of {want.hex()}")
    missing = {key for key in intended.records if key[0] not in before.records}
    out.extend(f"{ef} record {n}: not on the card" for ef, n in sorted(missing))
    for ef, old in before.binaries.items():
        want = bytes(old)
        if ef == "EF08" and intended.photo is not None:
            want = intended.photo + want[len(intended.photo):]
        if bytes(after.binaries[ef]) != want:
            first = next(i for i, (a, b) in enumerate(zip(bytes(after.binaries[ef]), want, strict=False)) if a != b) \
                if len(after.binaries[ef]) == len(want) else -1
            out.append(f"{ef}: differs from the intended content (first at byte {first})")
    return out


def assert_chip_is(before: cardfile.CardContent, card: Path, intended: IntendedChip) -> None:
    diff = chip_differences(before, chip_of(card), intended)
    assert not diff, "the chip is not exactly the intended content:\n" + "\n".join(diff)


# --- the printed face ----------------------------------------------------------------------------------

def new_pdf(qtbot, counter: RealCounter, before: set[Path]) -> Path:
    """The one PDF cups-pdf wrote since ``before`` (waits for it: the backend writes it as the job ends)."""
    def written():
        new = counter.pdfs() - before
        assert len(new) == 1 and next(iter(new)).stat().st_size > 0
    qtbot.waitUntil(written, timeout=DEVICE_TIMEOUT_MS)
    return next(iter(counter.pdfs() - before))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_images(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) in pixels of each image placed on the page (``pdfimages -list``)."""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [(int(r[3]), int(r[4])) for r in rows]


def photo_area_is_a_picture(pdf: Path) -> float:
    """The grey-level spread (standard deviation) of the largest image in the PDF: a photo has one, an
    empty box or a flat fill has about none."""
    import numpy as np
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdfimages", "-png", str(pdf), str(Path(tmp) / "img")], check=True, capture_output=True)
        images = sorted(Path(tmp).glob("img-*.png"), key=lambda p: p.stat().st_size)
        assert images, "no image in the printed PDF"
        pixels = np.asarray(Image.open(images[-1]).convert("L"), dtype=float)
    return float(pixels.std())


def assert_face(pdf: Path, issuance: Issuance) -> None:
    """The card face in the PDF: the holder's name, ID number and card number as text, and the photo
    as an image in the card photo's proportions (358 × 441) that is a picture, not an empty box."""
    text = pdf_text(pdf)
    for what in (issuance.applicant.name, issuance.applicant.document_number, issuance.card_number):
        assert what in text, f"{what!r} not on the printed face: {text!r}"
    images = pdf_images(pdf)
    assert any(abs(w / h - 358 / 441) < 0.02 for w, h in images), f"no photo-shaped image on the face: {images}"
    assert photo_area_is_a_picture(pdf) > 10


def have_poppler() -> bool:
    return all(shutil.which(t) for t in ("pdftotext", "pdfimages"))


# --- a whole issuance through the window ---------------------------------------------------------------

def to_review(qtbot, main, values: dict[str, str] | None = None):
    """From the home page to the review page: the applicant (the sample, with ``values`` over it; the
    application type before its reason, as the clerk picks them) and the photo imported from a file."""
    from counter_app.services.flow import FlowStep
    from tests.support.gui import PHOTO

    flow = main.flow
    main.new_application()
    wait_step(qtbot, flow, FlowStep.APPLICANT)
    flow.applicant_page.set_values({**SAMPLE, **(values or {})})
    assert flow.next_button.isEnabled(), flow.applicant_page.problems()
    flow.next_button.click()
    wait_step(qtbot, flow, FlowStep.PHOTO)
    with qtbot.waitSignal(flow.photo_step.processed, timeout=TIMEOUT_MS):
        flow.photo_step.import_file(str(PHOTO))
    assert flow.photo_step.result.ok
    flow.photo_step.accept_button.click()
    wait_step(qtbot, flow, FlowStep.REVIEW)
    return flow


def settle_fee_if_due(qtbot, flow) -> None:
    """After the review: a replacement's fee page (``fees.enabled``) is settled by a waiver (the elderly, with
    the clerk's reason), so that no receipt joins the card faces on the queue; paying by QR and in cash are
    tests of their own (test_replacement_paid_by_qr.py, tests/gui/test_gui_fee_and_rating.py)."""
    from counter_app.services.flow import FlowStep

    qtbot.waitUntil(lambda: flow.view is not None and flow.view.step is not FlowStep.REVIEW, timeout=TIMEOUT_MS)
    if flow.view.step is not FlowStep.FEE:
        return
    page = flow.fee_page
    page.waiver.setCurrentIndex(max(0, page.waiver.findData("elderly")))
    page.waiver_reason.setText("年满70周岁")
    qtbot.waitUntil(lambda: not flow.busy, timeout=TIMEOUT_MS)
    page.waive_button.click()
    qtbot.waitUntil(lambda: flow.view.step is not FlowStep.FEE, timeout=TIMEOUT_MS)


@dataclass
class Issued:
    issuance: Issuance
    card: Path                       # the simulated card's file
    blank: cardfile.CardContent      # the card as it was before the write
    written: cardfile.CardContent    # the card once written, read back and printed (before the holder's PIN)


def issue_through_window(qtbot, main, counter: RealCounter, values: dict[str, str] | None = None) -> Issued:
    """One card from the applicant to the hand-over, on a fresh blank card; the card stays in the encoder."""
    from counter_app.services.flow import FlowStep

    flow = to_review(qtbot, main, values)
    card, blank = counter.insert_blank()
    flow.primary_action()
    settle_fee_if_due(qtbot, flow)
    # writing and printing on the real parts: CUPS-PDF may still be busy with an earlier test's pages
    wait_step(qtbot, flow, FlowStep.HANDOVER, IssuanceState.PRINTED, timeout=DEVICE_TIMEOUT_MS)
    written = chip_of(card)
    set_holder_pin(qtbot, flow, timeout=DEVICE_TIMEOUT_MS)
    flow.primary_action()
    wait_step(qtbot, flow, FlowStep.DONE, IssuanceState.ISSUED)
    issued = flow.view.issuance
    flow.primary_action()  # done: back to the home page
    return Issued(issued, card, blank, written)
