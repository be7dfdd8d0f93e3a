"""Start and stop `pcscd` for the simulated devices, or use the one already running.

pcscd is a machine-wide singleton (socket /run/pcscd/pcscd.comm). `up` starts it in the foreground mode
(`pcscd -f`) as our own child process when none answers, with a reader.conf.d of our own holding the
vsmartcard-vpcd entries, and records its pid; `down` stops only a pcscd that `up` started. A system pcscd is
used as it is (`scripts/setup.sh` gives it the same entries under /etc/reader.conf.d).

The entries: `Virtual PCD` (two slots: `Virtual PCD 00 00`, the encoder's card slot, on port 35963, and
`Virtual PCD 00 01`, the PSAM, on 35964) and `Virtual PCD Contactless` (`Virtual PCD Contactless 00 00`, the
counter's contactless reader, on 35965; its second slot `... 00 01` on 35966 stays empty). The driver opens
two slots per entry and keeps them in one static array indexed by the slot number, so a second entry of the
*same* library file would take over slots 0 and 1 of the first: the contactless entry loads a copy of the
driver (a separate file is a separate instance for the dynamic loader).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from devices.state import StatePaths

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
# The copy of the driver for the contactless entry: installed by scripts/setup.sh; `up` makes its own copy
# under the state directory when it is missing.
CONTACTLESS_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd-contactless.so")
CONTACTLESS_FRIENDLYNAME = "Virtual PCD Contactless"


def reader_conf(contactless_driver: Path) -> str:
    """The reader.conf of `up`'s pcscd: the encoder's two slots and the contactless reader."""
    return f"""# written by `python -m devices up`: the vsmartcard-vpcd driver, port 0x8C7B = 35963 (slot 0), 35964 (slot 1)
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      {VPCD_DRIVER}
CHANNELID    0x8C7B

# the counter's contactless reader: a copy of the same driver, port 0x8C7D = 35965 (its slot 1, 35966, unused)
FRIENDLYNAME "{CONTACTLESS_FRIENDLYNAME}"
DEVICENAME   /dev/null:0x8C7D
LIBPATH      {contactless_driver}
CHANNELID    0x8C7D
"""


def _contactless_driver(paths: StatePaths) -> Path:
    """The installed copy of the driver, else one of our own in the state directory."""
    if CONTACTLESS_DRIVER.exists():
        return CONTACTLESS_DRIVER
    own = paths.run / "libifdvpcd-contactless.so"
    if not own.exists() or own.stat().st_size != VPCD_DRIVER.stat().st_size:
        shutil.copyfile(VPCD_DRIVER.resolve(), own)
    return own


class PcscdError(RuntimeError):
    """pcscd could not be started (not installed, or it exited at once)."""


def pcscd_answers() -> bool:
    """True when some pcscd accepts connections on its socket."""
    if not PCSCD_SOCKET.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        try:
            s.connect(str(PCSCD_SOCKET))
        except OSError:
            return False
    return True


def _pid_file(paths: StatePaths) -> Path:
    return paths.run / "pcscd.pid"


def owned_pid(paths: StatePaths) -> int | None:
    """The pid of the pcscd that `up` started from this state directory, if it is still running."""
    try:
        pid = int(_pid_file(paths).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if process_alive(pid, "pcscd") else None


def process_alive(pid: int, name_part: str) -> bool:
    """True when `pid` runs (not a zombie) and its command line contains `name_part`."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    state = stat.rsplit(")", 1)[1].split()[0]
    return state not in ("Z", "X") and name_part in cmdline


def ensure_running(paths: StatePaths, timeout_s: float = 10.0) -> dict:
    """Make sure a pcscd answers; start our own when none does. Returns {"running", "owned", "pid"}."""
    pid = owned_pid(paths)
    if pid is not None and pcscd_answers():
        return {"running": True, "owned": True, "pid": pid}
    if pcscd_answers():
        return {"running": True, "owned": False, "pid": None}
    exe = shutil.which("pcscd") or "/usr/sbin/pcscd"
    if not os.path.exists(exe):
        raise PcscdError("pcscd is not installed (Debian package pcscd)")
    if not VPCD_DRIVER.exists():
        raise PcscdError("the vpcd driver is missing (Debian package vsmartcard-vpcd)")
    conf_dir = paths.run / "reader.conf.d"
    conf_dir.mkdir(parents=True, exist_ok=True)
    (conf_dir / "vpcd").write_text(reader_conf(_contactless_driver(paths)))
    log = open(paths.run / "pcscd.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(
        [exe, "--foreground", "--error", "--config", str(conf_dir)],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # not killed with the terminal or the test run's process group
    )
    log.close()
    _pid_file(paths).write_text(f"{proc.pid}\n")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise PcscdError(f"pcscd exited at once (code {proc.returncode}); see {paths.run / 'pcscd.log'}")
        if pcscd_answers():
            return {"running": True, "owned": True, "pid": proc.pid}
        time.sleep(0.1)
    raise PcscdError("pcscd did not answer in time")


def stop_owned(paths: StatePaths, timeout_s: float = 10.0) -> bool:
    """Stop the pcscd that `up` started (never a system one). True when one was stopped."""
    pid = owned_pid(paths)
    _pid_file(paths).unlink(missing_ok=True)
    if pid is None:
        return False
    terminate(pid, "pcscd", timeout_s)
    return True


def terminate(pid: int, name_part: str, timeout_s: float) -> None:
    """SIGTERM, wait, then SIGKILL: the process with that pid (checked by name) is gone afterwards."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not process_alive(pid, name_part):
            break
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + timeout_s
        while process_alive(pid, name_part) and time.monotonic() < deadline:
            time.sleep(0.05)
    try:  # reap it when it is our child (otherwise its parent or init does)
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
