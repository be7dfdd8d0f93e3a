"""Fixtures of the printing tests: the demo card printer as a CUPS queue of its own, and
issuances that have reached ``encoded`` (chip written) ready to print.

The queue is real: cupsd, the cups-pdf backend, one PDF per job in a directory of the test
session. Where CUPS, cups-pdf or poppler-utils is missing (or the tests do not run as root) the
tests that need it skip on a developer's machine and fail in CI (tests/realparts.py).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

__all__ = ["card_queue", "healthy_queue", "photo_jpeg", "store", "settings_for", "encoded_issuance", "print_service"]

from counter_app.domain.applicant import Applicant
from counter_app.domain.issuance import IssuanceAction
from counter_app.services.issuance import IssuanceService
from counter_app.services.printing import PrintService
from counter_app.settings import Settings
from counter_app.store.database import Store
from tests.realparts import need, need_command, need_root

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_APPLICANT = ROOT / "tests" / "data" / "applicant.json"

A = IssuanceAction
CARD_NUMBERS = iter(f"X{n:07d}" for n in range(1000, 9000))


def card_number(body: str) -> str:
    """A valid 社会保障卡卡号 for an 8-character body (the spec's check character)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    s = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights, strict=True))
    c = 11 - s % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


def needs_cups():
    """CUPS with cups-pdf, poppler-utils and root (a queue is set up with lpadmin): a skip on a
    developer's machine without them, a failure in CI (tests/realparts.py)."""
    need_command("cupsd", "lpadmin", "cupsenable", "cupsdisable", "pdftotext", "pdftoppm", "pdfimages")
    need(Path("/usr/lib/cups/backend/cups-pdf").exists(), "the cups-pdf backend is not installed (apt-get install "
         "printer-driver-cups-pdf; scripts/setup.sh installs it)")
    need_root("setting up a CUPS queue")


@pytest.fixture(scope="session")
def card_queue(tmp_path_factory):
    """A session-wide demo card printer: (queue name, its output directory)."""
    needs_cups()
    from devices.printer import queue

    name = f"CardPrinterTest{os.getpid()}"
    root = tmp_path_factory.mktemp("card-printer")
    queue.up(name, root / "pdf", state_dir=root)
    yield name, root / "pdf"
    queue.down(name)


@pytest.fixture
def healthy_queue(card_queue):
    """The session's queue, enabled and accepting again after a test that stopped it."""
    from devices.printer import queue

    name, out = card_queue
    if not queue.status(name).exists:
        queue.up(name, out, state_dir=out.parent)
    queue.start_queue(name)
    queue.accept(name)
    return card_queue


@pytest.fixture(scope="session")
def photo_jpeg() -> bytes:
    from counter_app.photo import process_photo
    from tests.support.photo_samples import jpeg_bytes, portrait

    result = process_photo(jpeg_bytes(portrait(1600)))
    assert result.ok
    return result.jpeg


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "db" / "counter.sqlite3", backups_dir=tmp_path / "db" / "backups")
    yield s
    s.close()


@pytest.fixture
def settings_for(tmp_path):
    def make(queue_name: str = "CardPrinter", layout: str = "labels_printed") -> Settings:
        s = Settings(tmp_path / "settings.toml")
        s.set("printer.name", queue_name)
        s.set("printer.layout", layout)
        s.save()
        return s
    return make


@pytest.fixture
def encoded_issuance(store, photo_jpeg):
    """``make(name=...) -> issuance id``: an issuance whose chip is written and read back."""
    def make(name: str | None = None) -> str:
        data = json.loads(SAMPLE_APPLICANT.read_text(encoding="utf-8"))
        if name:
            data["name"] = name
        applicant = Applicant.from_dict(data)
        service = IssuanceService(store)
        iid = service.start(applicant, "clerk-1")
        service.advance(iid, A.CHECK_APPLICANT, "clerk-1")
        service.advance(iid, A.ACCEPT_PHOTO, "clerk-1", photo=photo_jpeg)
        number = card_number(next(CARD_NUMBERS))
        service.advance(iid, A.START_ENCODING, "clerk-1", card_number=number)
        service.advance(iid, A.FINISH_ENCODING, "clerk-1", card_id="421303D156000005" + iid.replace("-", "")[:16].upper(),
                        atr="3B6D00000081")
        return iid
    return make


@pytest.fixture
def print_service(store, settings_for):
    def make(queue_name: str, layout: str = "labels_printed", timeout: float = 60.0) -> PrintService:
        return PrintService(store, settings_for(queue_name, layout), job_timeout=timeout)
    return make


def pdf_page_size_mm(pdf: str | Path) -> tuple[float, float]:
    """The page as displayed (the /Rotate applied), in mm."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    w, _x, h = fields["Page size"].split()[:3]
    rot = int(fields.get("Page rot", "0").strip() or 0)
    w_mm, h_mm = float(w) * 25.4 / 72, float(h) * 25.4 / 72
    return (h_mm, w_mm) if rot % 180 == 90 else (w_mm, h_mm)


def pdf_pages(pdf: str | Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split(":")[1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: str | Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_raster(pdf: str | Path, dpi: int = 300):
    """The page rendered by poppler at ``dpi``, as a grey-scale numpy array."""
    import tempfile

    import numpy as np
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-png", str(pdf), str(root)], check=True)
        return np.asarray(Image.open(root.with_suffix(".png")).convert("L"))
