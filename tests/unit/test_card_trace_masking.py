"""The APDU trace never shows a PIN, a key, a cryptogram or personal data; headers and SWs stay readable."""

from __future__ import annotations

from counter_app.card.connection import ScriptedConnection
from counter_app.card.trace import TRAFFIC, ApduMasker, TraceRecorder, TracingConnection

NAME_GBK = "张三".encode("gbk").hex().upper()
SSN = b"42130319900307123X".hex().upper()
PIN = "123456"
CRYPTOGRAM = "A1B2C3D4E5F60718"
KEY = "00112233445566778899AABBCCDDEEFF"

SCRIPT = [
    ("00A4020002EF06", "9000"),
    ("00DC020420091E" + NAME_GBK + "00" * 26, "9000"),
    ("00B2010414", "0812" + SSN + "9000"),
    ("0020000003" + PIN, "63C2"),
    ("805E010007" + PIN + "FF" + "654321", "9000"),
    ("0082000A10" + CRYPTOGRAM + "0102030405060708", "9000"),
    ("0088000010" + "11" * 16, CRYPTOGRAM + "9000"),
    ("80D4010010" + KEY, "9000"),
    ("00A4020002EF05", "9000"),
    ("00B2070400", "0709" + b"X00000019".hex().upper() + "9000"),
]


def _run(caplog):
    recorder = TraceRecorder()
    recorder.start("test")
    conn = ScriptedConnection([(cmd, bytes.fromhex(ans)) for cmd, ans in SCRIPT])
    traced = TracingConnection(conn, "card", recorder, ApduMasker())
    with caplog.at_level(TRAFFIC, logger="counter_app.card.traffic"):
        for cmd, _ in SCRIPT:
            traced.send_and_receive(bytes.fromhex(cmd))
    return recorder


def test_secrets_never_reach_the_trace_or_the_log(caplog, tmp_path):
    recorder = _run(caplog)
    saved = recorder.save(tmp_path / "trace.txt").read_text(encoding="utf-8")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for text in (recorder.as_text(), saved, logged):
        assert NAME_GBK not in text
        assert SSN not in text
        assert "0020000003" + PIN not in text and PIN + "FF" + "654321" not in text
        assert CRYPTOGRAM not in text
        assert KEY not in text


def test_headers_status_words_and_public_data_stay_readable(caplog):
    recorder = _run(caplog)
    text = recorder.as_text()
    assert "00DC020420" + "**" * 32 in text     # length still visible
    assert "0020000003******" in text
    assert "SW=63C2" in text
    assert b"X00000019".hex().upper() in text   # EF05 record 7 is not personal data
    assert all(r.levelno == TRAFFIC for r in caplog.records)


def test_recorder_keeps_only_the_last_run(caplog):
    recorder = _run(caplog)
    assert len(recorder.entries) == 2 * len(SCRIPT)
    recorder.start("next")
    assert recorder.entries == []


def test_get_response_after_internal_authenticate_stays_masked():
    masker = ApduMasker()
    masker.command(bytes.fromhex("0088000010" + "11" * 16))
    assert masker.response(b"") == ""
    masker.command(bytes.fromhex("00C0000008"))
    assert masker.response(bytes.fromhex(CRYPTOGRAM)) == "**" * 8
