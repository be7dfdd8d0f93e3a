"""A devices daemon left running from another state directory (a killed test run) holds the machine-wide vpcd
slots: `devices up` for a new state refuses at once, naming it, instead of pairing its cards with the old
daemon's PSAM or waiting for a slot that never frees; the running devices are left as they were."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.pcsc


def test_up_refuses_while_another_states_daemon_holds_the_slots(devices, tmp_path):
    running = devices.run("status")
    proc = subprocess.run([sys.executable, "-m", "devices", "--state-dir", str(tmp_path / "second"), "up", "--json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    said = proc.stdout + proc.stderr
    assert "another devices daemon" in said and str(devices.state_dir.resolve()) in said
    assert "Traceback" not in said
    after = devices.run("status")
    assert after["daemon"] == running["daemon"] and after["psam"]["connected"]
