"""Personalization over the real pcscd, and the floor the PC/SC stack allows.

1. Personalize N blank cards (photo included) through the app's service and card protocol over pcscd
   and the simulated encoder; report APDUs per card (card and PSAM) and the median time per card.
2. Replay the same interleaved APDU sequence (card and PSAM readers) with a bare pyscard loop to an
   identical copy of the blank card: no protocol code, no checks, no tracing — the floor the stack
   allows. The benchmark cards draw their challenges from a seed (``challenge_seed`` in the card file),
   so the copy answers exactly as the original did and does the same work (every write is stored);
   the row "replayed APDUs not answered 9000" proves the replay was faithful.
3. Report app time / floor (aim: at most 1.3).

The devices run under a temporary state directory, started and stopped here.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

from counter_app.services.auth import Session

OPERATOR = Session.local_operator()  # the services check who acts; the bench acts as the local operator

ROOT = Path(__file__).resolve().parents[1]
CARDS = 8
CARD_READER, PSAM_READER = "Virtual PCD 00 00", "Virtual PCD 00 01"


class Recording:
    """A SmartCardConnection decorator that notes every APDU sent, with the reader it went to."""

    def __init__(self, inner, reader: str, log: list):
        self.inner, self.reader, self.log = inner, reader, log

    @property
    def atr(self):
        return self.inner.atr

    def send_and_receive(self, apdu: bytes):
        self.log.append((self.reader, apdu))
        return self.inner.send_and_receive(apdu)

    def close(self):
        self.inner.close()


def _wait_card(connect, timeout=10.0):
    from counter_app.card.errors import CardRemoved, NoCard

    deadline = time.monotonic() + timeout
    while True:
        try:
            return connect()
        except (NoCard, CardRemoved):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _seeded_blank(stock, paths, tmp: Path, i: int) -> tuple[Path, Path]:
    """A blank card whose challenges are deterministic, and an identical copy kept aside for the replay."""
    card = stock.make_blank(1, paths)[0]
    content = json.loads(card.read_text())
    content["challenge_seed"] = f"{i:032x}"
    card.write_text(json.dumps(content))
    twin = tmp / f"twin-{i}.json"
    twin.write_text(json.dumps(content))
    return card, twin


def _bare_connections(readers_by_name):
    from smartcard.Exceptions import CardConnectionException, NoCardException

    conns = {}
    for name in (CARD_READER, PSAM_READER):
        conn = readers_by_name[name].createConnection()
        for _ in range(200):
            try:
                conn.connect()
                break
            except (NoCardException, CardConnectionException):
                time.sleep(0.05)
        conns[name] = conn
    return conns


def run() -> list[dict]:
    from smartcard.System import readers

    from counter_app.card.profile import load_profile
    from counter_app.domain.applicant import Applicant
    from counter_app.photo.process import process_photo
    from counter_app.services.encoding import EncoderSettings, EncodingService, PcscEncoder
    from counter_app.services.intake import IntakeService
    from counter_app.store.card_numbers import CardNumberBlocks
    from counter_app.store.database import Store
    from devices import control
    from devices.state import StatePaths
    from devices.vcard import stock

    applicant = Applicant.from_dict(json.loads((ROOT / "tests/data/applicant.json").read_text("utf-8")))
    photo = process_photo(str(ROOT / "devices/camera/frames/astronaut.jpg")).jpeg

    tmp = Path(tempfile.mkdtemp(prefix="bench-card-"))
    paths = StatePaths.resolve(tmp / "devices")
    control.up(paths)
    try:
        store = Store.open(tmp / "counter.sqlite3")
        with store.transaction() as db:
            CardNumberBlocks(db).add_block("bench", "X00000019", 100, at=dt.datetime.now(dt.UTC))
        log: list = []

        class BenchEncoder(PcscEncoder):
            def open_card(self):
                return Recording(_wait_card(super().open_card), CARD_READER, log)

            def open_psam(self):
                return Recording(super().open_psam(), PSAM_READER, log)

        service = EncodingService(store, BenchEncoder(CARD_READER, PSAM_READER), EncoderSettings(load_profile()))
        intake = IntakeService(store)
        app_seconds, floor_seconds, card_apdus, psam_apdus, mismatches = [], [], [], [], 0
        for i in range(CARDS):
            card, twin = _seeded_blank(stock, paths, tmp, i)
            control.card_insert(paths, path=card)
            issuance_id = intake.open_application(OPERATOR, applicant)
            intake.accept_photo(OPERATOR, issuance_id, photo)
            log.clear()
            outcome = service.encode(OPERATOR, issuance_id)
            app_seconds.append(outcome.result.seconds)
            card_apdus.append(outcome.result.apdus)
            psam_apdus.append(outcome.result.psam_apdus)
            sequence = [(reader, apdu) for reader, apdu in log]
            control.request(paths, {"op": "card_remove"})

            # the floor: the same APDUs in the same order over bare pyscard, to an identical card
            control.card_insert(paths, path=twin)
            conns = _bare_connections({str(r): r for r in readers()})
            t0 = time.perf_counter()
            answers = [conns[reader].transmit(list(apdu)) for reader, apdu in sequence]
            floor_seconds.append(time.perf_counter() - t0)
            mismatches += sum(1 for _, sw1, sw2 in answers if (sw1, sw2) != (0x90, 0x00))
            for conn in conns.values():
                conn.disconnect()
                conn.release()
            control.request(paths, {"op": "card_remove"})
        store.close()
    finally:
        control.down(paths)

    app = statistics.median(app_seconds)
    floor = statistics.median(floor_seconds)
    return [
        {"name": "card APDUs per card", "value": statistics.median(card_apdus), "unit": "APDUs"},
        {"name": "PSAM APDUs per card", "value": statistics.median(psam_apdus), "unit": "APDUs"},
        {"name": "personalization per card (app, pcscd)", "value": app * 1000, "unit": "ms median"},
        {"name": "same APDUs, bare pyscard loop (floor)", "value": floor * 1000, "unit": "ms median"},
        {"name": "app time / floor", "value": app / floor, "unit": "ratio (aim <= 1.3)"},
        {"name": "replayed APDUs not answered 9000", "value": mismatches, "unit": "count (0: faithful replay)"},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<45} {row['value']:>10.3f}  {row['unit']}")
