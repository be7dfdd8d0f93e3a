"""The support bundle after a real issuance (chip written over the simulated encoder, traces saved,
log lines written, a PIN sent from the console): versions, settings, checks, logs and traces are in
it — and no ID number, name, phone, PIN or key, in clear or as the hex the chip carries."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import zipfile

from counter_app.card.profile import load_profile
from counter_app.diagnostics.console import parse_script
from counter_app.domain.applicant import Applicant
from counter_app.logsetup import configure_logging
from counter_app.services.auth import Session
from counter_app.services.diagnostics import DiagnosticsService
from counter_app.services.encoding import EncoderSettings, EncodingService
from counter_app.services.intake import IntakeService
from counter_app.store.card_numbers import CardNumberBlocks
from counter_app.store.database import Store
from devices.vcard import stock
from tests.diagnostics.inprocess import CARD_READER, PSAM_READER
from tests.support.encoders import PortEncoder

OPERATOR = Session.local_operator("C-TEST")
APPLICANT = {
    "document_type": "01", "document_number": "421303199003070019", "name": "张三", "sex": "1", "ethnicity": "01",
    "birth_date": "1990-03-07", "birthplace": "421303", "phone": "13800138000",
    "address": "湖北省随州市曾都区青年路1号",
}
PIN = stock.DEFAULT_PIN


def issue_one(store, pcsc, paths) -> None:
    with store.transaction() as db:
        CardNumberBlocks(db).add_block("block-1", "X00000019", 1, at=dt.datetime.now(dt.UTC))
    intake = IntakeService(store)
    iid = intake.open_application(OPERATOR, Applicant.from_dict(APPLICANT))
    intake.accept_photo(OPERATOR, iid, None)
    EncodingService(store, PortEncoder(pcsc, CARD_READER, PSAM_READER), EncoderSettings(profile=load_profile(), write_photo=False),
                    traces_dir=paths.traces_dir).encode(OPERATOR, iid)


def forbidden(pcsc) -> dict[str, str]:
    words = {
        "ID number": APPLICANT["document_number"], "name": APPLICANT["name"], "phone": APPLICANT["phone"],
        "ID number as chip hex": APPLICANT["document_number"].encode().hex().upper(),
        "name as chip hex (GBK)": APPLICANT["name"].encode("gbk").hex().upper(),
        "VERIFY with the PIN": f"0020000003{PIN}",
    }
    for kid, key in stock.master_keys(pcsc.paths).items():
        words[f"PSAM master key {kid:02X}"] = key.hex().upper()
    return words


def test_the_bundle_holds_the_evidence_and_nothing_personal_or_secret(env, pcsc, counter_paths, tmp_path):
    configure_logging(counter_paths)
    pcsc.insert_blank()
    with Store.open(counter_paths.database) as store:
        issue_one(store, pcsc, counter_paths)
        logging.getLogger("counter_app.test").warning("applicant %s %s %s", APPLICANT["document_number"],
                                                      APPLICANT["name"], APPLICANT["phone"])
        service = DiagnosticsService(env, store)
        profile = load_profile()
        aid = profile.ssse_aid
        service.apdu(OPERATOR, "card", parse_script(f"00A40400{len(aid):02X}{aid.hex()}\n0020000003{PIN}"),
                     confirm_dangerous=True)
        out = service.bundle(OPERATOR, tmp_path / "bundle.zip")
    for h in logging.getLogger().handlers:
        h.flush()

    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        texts = {n: z.read(n).decode("utf-8") for n in names}
    assert {"summary.json", "versions.json", "settings.json", "checks.json"} <= set(names)
    assert any(n.startswith("logs/") for n in names)
    assert "traces/last.trace" in names and any(n.startswith("traces/console-") for n in names)
    assert len(json.loads(texts["checks.json"])["checks"]) > 10

    data_keys = (counter_paths.keys_dir / "data-keys.json").read_text()
    secrets = forbidden(pcsc) | {f"data key {i}": k for i, k in enumerate(re.findall(r"[0-9A-Fa-f]{32,}", data_keys))}
    for name, text in texts.items():
        flat = text.upper().replace(" ", "")
        for what, value in secrets.items():
            assert value.upper() not in flat, f"{what} found in {name}"
    assert not any((counter_paths.keys_dir.name + "/") in n for n in names)
