"""The simulated devices on the real pcscd: the ``devices`` command line (``python -m devices``) bound to one
state directory, and what a test needs for it (pcscd, the vsmartcard-vpcd driver, pyscard).

One set of devices runs on a machine at a time (fixed vpcd ports): run such tests under
``flock /tmp/devices.lock``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.realparts import need, need_command, need_module

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")


def need_pcscd() -> None:
    """pcscd, the vpcd driver and pyscard: missing, a skip on a developer's machine, a failure in CI."""
    need_command("pcscd")
    need(VPCD_DRIVER.exists(), "the vsmartcard-vpcd driver is not installed (scripts/setup.sh installs it)")
    need_module("smartcard", "pyscard is not installed (pip install -e '.[dev]')")


@dataclass
class Devices:
    """The devices CLI, bound to one state directory; every call returns the command's JSON answer."""

    state_dir: Path

    def run(self, *args: str, check: bool = True) -> dict:
        proc = subprocess.run(
            [sys.executable, "-m", "devices", "--state-dir", str(self.state_dir), *args, "--json"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"devices {' '.join(args)} failed: {proc.stdout}{proc.stderr}")
        return json.loads(proc.stdout) if proc.stdout.strip() else {}
