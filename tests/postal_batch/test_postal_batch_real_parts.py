"""A postal batch over the real parts: the simulated card and PSAM on the real pcscd (vpcd), the card printer and
the papers on the session's cups-pdf queue (QPrinter → CUPS → PDF), the real ledger (``central-ledger serve`` on
loopback with a seal key) holding three approved postal applications sealed as the citizens' portal keeps them.

The second blank card is pulled out in the middle of its write (``devices card tear``): it goes to the spoiled
record and the next blank is used for the same application. Three cards are written (exactly the intended chip
content), the manifest and three address labels come out of cups-pdf (their text checked), the tracking numbers
are recorded and the cards marked posted; after a sync pass the ledger shows the three applications ``posted``
with their tracking numbers and their cards ``not_activated``. A missing part fails under CI (tests/realparts.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import httpx
import pytest

from tests.integration.printing_fixtures import *  # noqa: F403  (card_queue, healthy_queue)
from tests.postal_batch.support import PEOPLE, application_json, photo_jpeg
from tests.realparts import need_command, need_module

REPO = Path(__file__).resolve().parents[2]
TEAR_AFTER = 20


class SealedLedger:
    """``central-ledger serve --seal-key-file F --create-seal-key`` on a free loopback port, SQLite."""

    def __init__(self, tmp: Path):
        from tests.sync.faultproxy import free_port

        self.db, self.key, self.log = tmp / "ledger.sqlite3", tmp / "seal.key", tmp / "ledger.log"
        self.sms = tmp / "sms.jsonl"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> SealedLedger:
        out = open(self.log, "ab")  # noqa: SIM115 - the server's log for its lifetime
        self.process = subprocess.Popen(
            [sys.executable, "-m", "central_ledger", "serve", "--db", str(self.db), "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--seal-key-file", str(self.key),
             "--create-seal-key", "--sms-file", str(self.sms)], stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ledger exited: {self.log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("ledger did not become ready")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)

    def add_counter(self, counter_id: str) -> str:
        r = subprocess.run([sys.executable, "-m", "central_ledger", "counters", "add", "--id", counter_id, "--name",
                            "卡中心", "--json", "--db", str(self.db)], capture_output=True, text=True, cwd=REPO,
                           timeout=120)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)["token"]

    def insert_approved_postal(self, n: int, photo: bytes) -> str:
        """An approved postal application, sealed under the server's own key (as the portal and the review leave it)."""
        from central_ledger import online_apps
        from central_ledger.online_apps import OnlineApplicationRow
        from central_ledger.seal import SealKey
        from central_ledger.storage import Storage

        seal = SealKey.load(self.key)
        data = application_json(n, photo)
        applicant, mobile = data["applicant"], data["mobile"]
        now = f"2026-12-06T0{n}:00:00.000000+00:00"
        row = OnlineApplicationRow(
            app_id=online_apps.new_app_id(), id_index=seal.id_index(applicant["document_number"]),
            mobile_index=seal.mobile_index(mobile),
            identity=seal.seal_text(json.dumps({"applicant": applicant, "mobile": mobile}, ensure_ascii=False)),
            photo=seal.seal(photo), photo_checks=json.dumps(["face_found"]), application="new", reason=None,
            collection="post", hall_id=None, collect_day=None, postal_address=seal.seal_text(data["postal_address"]),
            postal_township=None, status=online_apps.APPROVED, reason_code=None, reviewed_by="reviewer",
            reviewed_at=now, counter_id=None, issuance_id=None, card_number=None, tracking_number=None,
            qr_token=online_apps.new_qr_token(), created_at=now, updated_at=now)
        storage = Storage.open(str(self.db))
        try:
            with storage.transaction(write=True) as tx:
                online_apps.insert(tx, row)
        finally:
            storage.close()
        return row.app_id

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        import sqlite3

        with sqlite3.connect(self.db, timeout=30) as conn:
            return conn.execute(sql, params).fetchall()


@pytest.fixture
def sealed_ledger(tmp_path):
    server = SealedLedger(tmp_path).start()
    yield server
    server.stop()


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_a_postal_batch_of_three_over_the_real_parts(devices, healthy_queue, data_dir, sealed_ledger):
    need_module("pytestqt")
    need_command("pdftotext")
    from counter_app.services.auth import Session
    from counter_app.services.container import CounterServices
    from counter_app.services.postal_batch import PostalBatchService
    from counter_app.services.sync import SyncService
    from counter_app.store.database import Store
    from devices.vcard import cardfile
    from tests.gui_devices.support import assert_chip_is, intended_chip
    from tests.support.encoders import PatientEncoder
    from tests.support.gui import make_counter
    from tests.sync.conftest import install_ledger_ca

    queue, pdf_dir = healthy_queue
    photo = photo_jpeg()
    app_ids = [sealed_ledger.insert_approved_postal(n, photo) for n in range(3)]
    token = sealed_ledger.add_counter("C-POST")

    paths, settings = make_counter(data_dir, numbers=0)
    settings.set("printer.name", queue)
    settings.set("card.write_retries", 2)  # a pulled card: two attempts are enough to find it gone
    settings.save()
    devices.run("card", "remove", check=False)
    store = Store.open(paths.database, backups_dir=paths.backups_dir)
    try:
        sync = SyncService(store, settings, paths)
        sync.enroll(sealed_ledger.url, token, "C-POST")
        sync.replenish_card_numbers()
        install_ledger_ca(store, sealed_ledger.url)

        fed: list[tuple[Path, object]] = []

        def hopper(_bank):
            answer = devices.run("card", "insert", "--blank")
            card = Path(answer["card"]["file"])
            fed.append((card, cardfile.load(card)))
            if len(fed) == 2:
                devices.run("card", "tear", "--after", str(TEAR_AFTER))

        services = CounterServices(store, settings, PatientEncoder(settings["card.reader"], settings["card.psam_reader"]),
                                   paths=paths)
        clerk = Session.local_operator("C-POST")
        batches = PostalBatchService(services, feed=hopper)
        before = set(pdf_dir.glob("*.pdf")) if pdf_dir.exists() else set()
        batch, documents = batches.run(clerk, 3)

        assert [i.app_id for i in batch.items] == app_ids
        assert [i.state for i in batch.items] == ["done"] * 3, [i.reason for i in batch.items]
        assert batch.items[1].card_failures == 1 and len(fed) == 4
        assert services.stock.compute_status().spoiled == 1
        assert documents is not None and documents.ok and batch.state == "documents_printed"
        # the three cards written: exactly the intended content on cards 1, 3 and 4 (2 was pulled and spoiled)
        for (card, blank), item in zip((fed[0], fed[2], fed[3]), batch.items, strict=True):
            assert_chip_is(blank, card, intended_chip(paths, services.issuances.get(item.issuance_id)))

        # cups-pdf's output: the three faces, the manifest and the three labels
        def printed():
            return {p: pdf_text(p) for p in (set(pdf_dir.glob("*.pdf")) - before) if p.stat().st_size > 0}
        deadline = time.monotonic() + 60
        while len(printed()) < 7 and time.monotonic() < deadline:
            time.sleep(0.2)
        texts = list(printed().values())
        manifests = [t for t in texts if "邮寄制卡清单" in t]
        # cups-pdf's PostScript round trip loses the Unicode mapping of some glyphs of the regular font (text
        # extraction only: the page is right), so the words checked here are the ones that keep it; every word of
        # the papers is checked on the print path's own PDF in test_postal_documents_pdf.py.
        assert len(manifests) == 1
        manifest = manifests[0]
        assert batch.batch_id in manifest and "C-POST" in manifest
        for item in batch.items:
            assert item.app_id in manifest and item.card_number in manifest
        assert all(name not in manifest for name, _body, _address in PEOPLE)  # names masked on the manifest
        labels = [t for t in texts if "收件人" in t]
        assert len(labels) == 3
        for n, item in enumerate(batch.items):
            label = next(t for t in labels if item.app_id in t)
            assert PEOPLE[n][0] in label and "***" in label  # the recipient in full, the mobile masked

        for n, item in enumerate(batch.items):
            batches.mark_posted(clerk, batch.batch_id, item.app_id, f"EMS10000000{n}CN")
        assert batches.get(batch.batch_id).state == "closed"
        for _ in range(5):
            if sync.status().pending == 0:
                break
            sync.sync_once()
        assert sync.status().pending == 0
    finally:
        store.close()

    rows = sealed_ledger.query("SELECT app_id, status, tracking_number, card_number FROM online_applications"
                               " ORDER BY app_id")
    assert sorted(rows) == sorted((item.app_id, "posted", f"EMS10000000{n}CN", item.card_number)
                                  for n, item in enumerate(batch.items))
    cards = sealed_ledger.query("SELECT card_number, status FROM cards ORDER BY card_number")
    assert sorted(cards) == sorted((item.card_number, "not_activated") for item in batch.items)
