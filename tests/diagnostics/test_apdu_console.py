"""The APDU console: scripts in, a masked trace with timings out; commands that change the card need a
confirmation; a recorded session replays as a virtual reader on which the app's own code runs again."""

from __future__ import annotations

import pytest

from counter_app.card.personalize import identify
from counter_app.card.profile import load_profile
from counter_app.card.ssc import SscCard
from counter_app.diagnostics.console import ApduSyntaxError, DangerousApdu, parse_script, run_script
from counter_app.diagnostics.readers import ReaderRoles
from counter_app.diagnostics.recording import Recording, RecordingConnection, ReplayConnection, ReplayMismatch
from counter_app.services.auth import Session
from counter_app.services.diagnostics import DiagnosticsService
from tests.diagnostics.inprocess import CARD_READER

PROFILE = load_profile()
SELECT_SSSE = "00A40400" + f"{len(PROFILE.ssse_aid):02X}" + PROFILE.ssse_aid.hex().upper()
SCRIPT = f"""
# select the SSC application, then read the card identification code
{SELECT_SSSE}
00A4020002EF05   // EF05
00B2010400
"""


def test_a_script_is_one_apdu_a_line_with_comments_and_bad_lines_are_named():
    assert [a.hex().upper() for a in parse_script(SCRIPT)] == [SELECT_SSSE, "00A4020002EF05", "00B2010400"]
    with pytest.raises(ApduSyntaxError) as err:
        parse_script("00A4040000\n00A40400 05 A0")
    assert err.value.line == 2


def test_the_trace_shows_every_command_answer_and_timing(pcsc):
    pcsc.insert_blank()
    run = run_script(pcsc.connect(CARD_READER), parse_script(SCRIPT), reader=CARD_READER)
    assert [e.sw for e in run.exchanges] == [0x9000, 0x9000, 0x9000]
    assert run.exchanges[2].response.startswith("01")  # tag 01 of the card identification code
    assert run.trace.count(">>") == 3 and run.trace.count("<<") == 3 and " ms)" in run.trace


def test_commands_that_change_the_card_are_refused_without_confirmation_and_nothing_is_sent(pcsc):
    pcsc.insert_blank()
    conn = pcsc.connect(CARD_READER)
    script = parse_script(f"{SELECT_SSSE}\n0082000A1011223344556677881122334455667788")
    with pytest.raises(DangerousApdu) as err:
        run_script(conn, script, reader=CARD_READER)
    assert err.value.names == ["EXTERNAL AUTHENTICATE"]
    assert conn.count == 0
    run = run_script(conn, script, reader=CARD_READER, confirm_dangerous=True)
    assert run.exchanges[1].command.endswith("**" * 16)  # the cryptogram is masked in the trace
    assert run.exchanges[1].sw != 0x9000


def test_a_confirmed_dangerous_script_is_audited_and_its_trace_and_recording_are_saved(env, pcsc, counter_paths):
    from counter_app.store.audit import AuditLog
    from counter_app.store.database import Store

    pcsc.insert_blank()
    operator = Session.local_operator("C-TEST")
    with Store.open(counter_paths.database) as store:
        service = DiagnosticsService(env, store)
        with pytest.raises(DangerousApdu):
            service.apdu(operator, "card", parse_script("00DC010400"))
        assert pcsc.opened == 0  # refused before the reader was opened
        run = service.apdu(operator, "card", parse_script(f"{SELECT_SSSE}\n00DC0104020100"), confirm_dangerous=True)
        assert run.exchanges[1].sw in (0x6982, 0x6986)  # no EF, no authentication: refused, and shown
        rows = [e for e in AuditLog.entries(store.db) if e.action == "device.override"]
    assert rows[-1].detail["commands"] == ["UPDATE RECORD"]
    saved = sorted(p.suffix for p in counter_paths.traces_dir.iterdir())
    assert saved == [".json", ".trace"]


def test_a_recorded_session_replays_as_a_virtual_reader_for_a_bug_report(pcsc, tmp_path):
    pcsc.insert_blank()
    recording = RecordingConnection(pcsc.connect(CARD_READER), reader=CARD_READER)
    identity = identify(SscCard(recording, PROFILE), PROFILE)
    saved = recording.recording.save(tmp_path / "session.json")

    replay = ReplayConnection(Recording.load(saved))
    assert identify(SscCard(replay, PROFILE), PROFILE) == identity  # the same code, the same answers
    assert replay.done

    wrong = ReplayConnection(Recording.load(saved))
    with pytest.raises(ReplayMismatch):
        wrong.send_and_receive(bytes.fromhex("00B0000000"))


def test_a_replayed_recording_serves_the_console_as_well(pcsc):
    pcsc.insert_blank()
    first = run_script(pcsc.connect(CARD_READER), parse_script(SCRIPT), reader=CARD_READER)
    again = run_script(ReplayConnection(first.recording), parse_script(SCRIPT), reader="replay")
    assert [(e.command, e.response, e.sw) for e in again.exchanges] == \
        [(e.command, e.response, e.sw) for e in first.exchanges]


def test_the_service_knows_the_psam_reader_by_its_role(env, pcsc):
    run = DiagnosticsService(env).apdu(Session.local_operator(), "psam", parse_script("00B0960006"))
    assert run.exchanges[0].sw == 0x9000 and len(run.exchanges[0].response) == 12
    assert ReaderRoles.from_settings(env.settings).psam in run.reader
