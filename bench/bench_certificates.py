"""The third-generation certificate step at hand-over: how long the holder waits, and where the time goes.

A counter enrolled with the real ledger (``central-ledger serve`` on loopback, SQLite), with the ledger's CA
installed as a technician does (``central-ledger ca export``, then ``CaTrust.install``), writes cards on the
simulated card and PSAM of ``devices/vcard`` in process, sets the holder's PIN, then runs the whole step
(:meth:`CertificateService.issue`: key pair in the card, the CA's answer, checks, envelope, certificates
written and read back, possession). Reported: the median of the step, the part spent waiting for the
ledger's CA (the request, measured around the client call), the card's APDUs for the step, and the rate
the CA answers requests one after another.

The in-process card makes the card part cheaper than on pcscd (no driver round trips, about 0.5 ms per
APDU there: see bench_card); the CA part is the real server's.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

CARDS = 8
HOLDER_PIN = "135790"


class _InProcessEncoder:
    """The encoder's two slots over the in-process simulated devices."""

    def __init__(self, card_path, psam_path):
        self.card_path, self.psam_path = card_path, psam_path

    def open_card(self):
        from devices.vcard.card_os import VirtualCard

        return _Conn(VirtualCard(self.card_path))

    def open_psam(self):
        from devices.vcard.psam import VirtualPsam

        return _Conn(VirtualPsam(self.psam_path))


class _Conn:
    def __init__(self, device):
        self.device, self._atr = device, device.reset()

    @property
    def atr(self):
        return self._atr

    def send_and_receive(self, apdu: bytes):
        rsp = self.device.process(apdu)
        return rsp[:-2], int.from_bytes(rsp[-2:], "big")

    def close(self):
        pass


def run() -> list[dict]:
    import random

    from bench.bench_sync import _Ledger
    from counter_app.card.profile import load_profile
    from counter_app.domain.issuance import IssuanceAction
    from counter_app.domain.pin import PinPolicy, pin_buffer
    from counter_app.paths import AppPaths
    from counter_app.services.auth import Session
    from counter_app.services.ca_trust import CaTrust
    from counter_app.services.card_services import CardServices, CardServiceSettings
    from counter_app.services.certificates import CertificateService
    from counter_app.services.encoding import EncoderSettings, EncodingService
    from counter_app.services.intake import IntakeService
    from counter_app.services.issuance import IssuanceService
    from counter_app.services.seed import random_applicant
    from counter_app.services.sync import SyncService
    from counter_app.settings import Settings
    from counter_app.store.database import Store
    from devices.state import StatePaths
    from devices.vcard import stock

    operator = Session.local_operator()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        ledger = _Ledger(str(base / "ledger.sqlite3"), base / "ledger.log")
        try:
            paths = AppPaths.resolve(base / "counter").ensure()
            settings = Settings(paths.settings_file)
            store = Store.open(paths.database)
            sync = SyncService(store, settings, paths)
            sync.enroll(ledger.url, ledger.token("CERT1"), "CERT1")
            sync.replenish_card_numbers()
            CaTrust(store).install(operator, ledger.ca_pem())  # the technician's counter-app ca install
            device_paths = StatePaths.resolve(base / "devices")
            psam = stock.ensure_psam(device_paths)
            request_ms: list[float] = []

            def timed_client():
                client = sync.client()
                inner = client.request_certificates

                def request(*args, **kw):
                    started = time.perf_counter()
                    try:
                        return inner(*args, **kw)
                    finally:
                        request_ms.append((time.perf_counter() - started) * 1000)

                client.request_certificates = request
                return client

            rng = random.Random(3)
            step_ms: list[float] = []
            apdus: list[int] = []
            psam_apdus: list[int] = []
            for card_path in stock.make_blank(CARDS, device_paths):
                encoder = _InProcessEncoder(card_path, psam)
                intake = IntakeService(store)
                issuance_id = intake.open_application(operator, random_applicant(rng))
                intake.accept_photo(operator, issuance_id, None)
                EncodingService(store, encoder, EncoderSettings(profile=load_profile(), write_photo=False)).encode(
                    operator, issuance_id)
                issuances = IssuanceService(store)
                for action in (IssuanceAction.START_PRINTING, IssuanceAction.FINISH_PRINTING):
                    issuances.advance(issuance_id, action, operator.actor)
                cards = CardServices(store, encoder, CardServiceSettings(load_profile(), PinPolicy()))
                cards.set_holder_pin(operator, pin_buffer(HOLDER_PIN))
                certificates = CertificateService(store, cards, timed_client)
                started = time.perf_counter()
                certificates.issue(operator, pin_buffer(HOLDER_PIN))
                step_ms.append((time.perf_counter() - started) * 1000)
                sent = [e for e in cards.last_trace.entries if e.direction == ">>"]
                apdus.append(sum(e.device == "card" for e in sent))
                psam_apdus.append(sum(e.device == "psam" for e in sent))
            store.close()
        finally:
            ledger.stop()
    median_request = statistics.median(request_ms)
    return [
        {"name": "certificate step at hand-over (in-process card, real CA), median", "unit": "ms",
         "value": round(statistics.median(step_ms), 1)},
        {"name": "  of which waiting for the ledger's CA, median", "unit": "ms", "value": round(median_request, 1)},
        {"name": "card APDUs of the step", "unit": "APDUs", "value": statistics.median(apdus)},
        {"name": "PSAM APDUs of the step", "unit": "APDUs", "value": statistics.median(psam_apdus)},
        {"name": "CA requests answered one after another", "unit": "per s", "value": round(1000 / median_request, 1)},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
