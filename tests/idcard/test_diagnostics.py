"""The technician's ID card reader checks over the pseudo-terminal: port and SAM, card present (read once,
reported without its data), a configured reader that fails, none configured and none found."""

import json

from counter_app.diagnostics import idcard_checks
from counter_app.diagnostics.result import Verdict
from counter_app.diagnostics.runner import DiagnosticsEnvironment, run_checks
from counter_app.idcard.reader import IdCardReader
from counter_app.settings import Settings
from tests.idcard.conftest import FAST


def _fast(port: str) -> IdCardReader:
    return IdCardReader(port, timeouts=FAST)


def _run(port: str, tmp_path, **env) -> dict:
    settings = Settings(None)
    settings.set("idcard.port", port)
    results = run_checks(DiagnosticsEnvironment(settings, paths=None, idcard_reader=_fast, **env), families=("idcard",))
    return {r.name: r for r in results}


def test_a_reader_without_a_card(sim, tmp_path):
    got = _run(sim.port, tmp_path)
    reader, card = got["idcard.reader"], got["idcard.card"]
    assert reader.verdict is Verdict.OK and reader.measured["port"] == sim.port and reader.measured["sam"] == "ok"
    assert reader.measured["sam_id"]
    assert card.verdict is Verdict.OK and card.measured == {"present": False}
    assert "身份证阅读器" in reader.title("zh")


def test_a_card_on_the_reader_is_read_and_reported_without_its_data(sim, tmp_path, example):
    sim.put(example["permit"])
    card = _run(sim.port, tmp_path)["idcard.card"]
    assert card.verdict is Verdict.OK
    assert card.measured == {"present": True, "read": True, "card_type": "residence_permit", "photo_bytes": 1024}
    text = json.dumps(card.as_dict("zh"), ensure_ascii=False)
    assert "陈家明" not in text and "810000199408230013" not in text


def test_a_silent_reader_is_a_fault_and_the_card_check_waits_for_it(sim, tmp_path):
    sim.fault("silent", times=0)
    got = _run(sim.port, tmp_path)
    assert got["idcard.reader"].verdict is Verdict.FAULT and "没有应答" in got["idcard.reader"].advice("zh")
    assert got["idcard.card"].verdict is Verdict.WARNING and got["idcard.card"].measured == {"skipped": "idcard.reader"}


def test_a_configured_port_that_is_not_there_is_a_fault(tmp_path):
    got = _run(str(tmp_path / "ttyUSB9"), tmp_path)
    assert got["idcard.reader"].verdict is Verdict.FAULT and "idcard.port" in got["idcard.reader"].advice("en")


def test_none_configured_and_none_found_is_a_warning(monkeypatch, tmp_path):
    monkeypatch.setattr("counter_app.idcard.reader.list_ports.comports", lambda: [])
    got = _run("", tmp_path)
    assert got["idcard.reader"].verdict is Verdict.WARNING and got["idcard.reader"].measured["tried"] == []


def test_none_configured_the_reader_is_found_among_the_serial_ports(sim, monkeypatch, tmp_path):
    from serial.tools import list_ports_common

    info = list_ports_common.ListPortInfo(sim.port, skip_link_detection=True)
    monkeypatch.setattr("counter_app.idcard.reader.list_ports.comports", lambda: [info])
    result, reader = idcard_checks.check_reader("")
    try:
        assert result.verdict is Verdict.OK and result.measured["port"] == sim.port
    finally:
        reader.close()
