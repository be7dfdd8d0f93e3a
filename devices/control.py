"""Control of the simulated devices: up/down/status and the requests to the devices daemon.

Every operation is idempotent: `up` twice leaves one pcscd and one daemon; `down` twice is quiet; removing
an empty slot is fine. `down` stops the daemon and the pcscd that `up` started, and waits until both are gone.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from devices import pcscd
from devices.daemon import pid_path, socket_path
from devices.state import ENV_STATE_DIR, StatePaths
from devices.vcard import financial, stock

READER_CARD = "Virtual PCD 00 00"
READER_PSAM = "Virtual PCD 00 01"
READER_CONTACTLESS = "Virtual PCD Contactless 00 00"  # the counter's contactless reader (devices/pcscd.py)
MIN_STOCK = 10


class DevicesError(RuntimeError):
    """A devices command that could not be done; the message says why."""


def request(paths: StatePaths, req: dict, timeout_s: float = 15.0) -> dict:
    """Send one request to the daemon; DevicesError when it is not running or refuses."""
    path = socket_path(paths)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout_s)
        try:
            s.connect(str(path))
        except OSError as exc:
            raise DevicesError("the devices daemon is not running: run `python -m devices up`") from exc
        s.sendall(json.dumps(req).encode() + b"\n")
        line = s.makefile("rb").readline()
    reply = json.loads(line) if line else {"ok": False, "error": "no answer from the devices daemon"}
    if not reply.get("ok"):
        raise DevicesError(reply.get("error", "refused"))
    return reply


def daemon_pid(paths: StatePaths) -> int | None:
    try:
        pid = int(pid_path(paths).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if pcscd.process_alive(pid, "devices") else None


def daemon_answers(paths: StatePaths) -> bool:
    try:
        request(paths, {"op": "ping"}, timeout_s=2.0)
    except (DevicesError, OSError, ValueError):
        return False
    return True


def other_daemons(paths: StatePaths) -> list[tuple[int, str]]:
    """Devices daemons of *other* state directories still running on this machine, as (pid, state dir).

    The vpcd slots are machine-wide (fixed TCP ports in pcscd's driver): a daemon left behind by a run that was
    killed keeps them, and a new daemon would then wait for a slot that never frees, or pcscd would show the
    old daemon's PSAM beside this state's cards (wrong keys). ``up`` refuses instead, naming the leftover."""
    mine = str(paths.root.resolve())
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"devices" not in argv or b"_daemon" not in argv:
            continue
        prefix = f"{ENV_STATE_DIR}=".encode()
        state = next((e[len(prefix):].decode(errors="replace") for e in environ if e.startswith(prefix)), "?")
        state = str(Path(state).resolve()) if state != "?" else state
        if state != mine and not _is_zombie(proc):
            found.append((int(proc.name), state))
    return found


def _is_zombie(proc: Path) -> bool:
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def up(paths: StatePaths, timeout_s: float = 15.0, *, printer: bool = True) -> dict:
    """Start pcscd (unless one runs) and the daemon with the PSAM inserted; make sure there is blank stock;
    and (``printer``) the demo card printer: cupsd (unless one runs) with a cups-pdf queue."""
    paths.make_dirs()
    if not daemon_answers(paths) and (others := other_daemons(paths)):
        named = "; ".join(f"pid {pid} (state {state})" for pid, state in others)
        raise DevicesError(
            f"another devices daemon holds the virtual reader slots: {named}. Stop it first: "
            f"python -m devices --state-dir STATE down (or kill PID if its state directory is gone)")
    if printer:
        _printer_up(paths)
    psam_file = stock.ensure_psam(paths)
    stock.ensure_psam(paths, wrong=True)
    if stock.stock_summary(paths)["unused"] == 0:
        stock.make_blank(MIN_STOCK, paths)
    pcscd.ensure_running(paths)
    if not daemon_answers(paths):
        log = open(paths.run / "daemon.log", "ab")  # noqa: SIM115 - handed to the child
        subprocess.Popen(
            [sys.executable, "-m", "devices", "_daemon", "--psam", str(psam_file)],
            env={**os.environ, ENV_STATE_DIR: str(paths.root)},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd="/",
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while not daemon_answers(paths):
            if time.monotonic() > deadline:
                raise DevicesError(f"the devices daemon did not start; see {paths.run / 'daemon.log'}")
            time.sleep(0.1)
    _wait(lambda: request(paths, {"op": "status"})["psam"]["connected"], timeout_s)
    # pcscd polls the driver for card presence; `up` returns once pcscd itself sees the PSAM, so the
    # first command after `up` never meets an empty PSAM slot.
    _wait(lambda: pcscd_sees_card(PSAM_READER) is not False, timeout_s)
    return status(paths)


PSAM_READER = "Virtual PCD 00 01"


def pcscd_sees_card(reader_name: str) -> bool | None:
    """Whether pcscd reports a card in ``reader_name`` (None when pyscard is not installed)."""
    try:
        from smartcard.scard import (
            SCARD_S_SUCCESS,
            SCARD_SCOPE_USER,
            SCARD_STATE_PRESENT,
            SCARD_STATE_UNAWARE,
            SCardEstablishContext,
            SCardGetStatusChange,
            SCardReleaseContext,
        )
    except ImportError:
        return None
    rc, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if rc != SCARD_S_SUCCESS:
        return False
    try:
        rc, states = SCardGetStatusChange(ctx, 0, [(reader_name, SCARD_STATE_UNAWARE)])
        if rc != SCARD_S_SUCCESS or not states:
            return False
        return bool(states[0][1] & SCARD_STATE_PRESENT)
    finally:
        SCardReleaseContext(ctx)


def down(paths: StatePaths, timeout_s: float = 10.0) -> dict:
    """Stop the daemon (pulling both cards) and the pcscd that `up` started."""
    pid = daemon_pid(paths)
    if daemon_answers(paths):
        try:
            request(paths, {"op": "shutdown"})
        except DevicesError:
            pass
    if pid is not None:
        deadline = time.monotonic() + timeout_s
        while pcscd.process_alive(pid, "devices") and time.monotonic() < deadline:
            time.sleep(0.05)
        pcscd.terminate(pid, "devices", timeout_s)
    pid_path(paths).unlink(missing_ok=True)
    socket_path(paths).unlink(missing_ok=True)
    stopped_pcscd = pcscd.stop_owned(paths)
    return {"daemon_stopped": pid is not None, "pcscd_stopped": stopped_pcscd, "cupsd_stopped": _printer_down(paths)}


def _printer_status() -> dict:
    from devices.printer import queue

    try:
        return {"cupsd": queue.cupsd_running(), **queue.status().as_dict()}
    except Exception as exc:  # status must answer even when CUPS is broken
        return {"cupsd": False, "error": str(exc)}


def _cupsd_marker(paths: StatePaths):
    return paths.run / "cupsd.owned"


def _printer_up(paths: StatePaths) -> None:
    """The CUPS-PDF card printer. A cupsd that already runs is used and never stopped by `down`."""
    from devices.printer import queue

    if not queue.cupsd_running():
        queue.ensure_cupsd()
        paths.run.mkdir(parents=True, exist_ok=True)
        _cupsd_marker(paths).write_text("owned\n")
    queue.ensure_demo_queue(paths.root)


def _printer_down(paths: StatePaths) -> bool:
    from devices.printer import queue

    marker = _cupsd_marker(paths)
    if not marker.exists():
        return False
    queue.stop_cupsd()
    marker.unlink(missing_ok=True)
    return True


def status(paths: StatePaths) -> dict:
    """Everything `status --json` shows."""
    own = pcscd.owned_pid(paths)
    out: dict = {
        "state_dir": str(paths.root),
        "pcscd": {"running": pcscd.pcscd_answers(), "owned": own is not None, "pid": own},
        "readers": readers(),
        "daemon": {"running": False},
        "card": {"present": False, "file": None},
        "psam": {"present": False},
        "idcard": {"port": None},
        "stock": stock.stock_summary(paths)
        if paths.stock.exists()
        else {"total": 0, "taken": 0, "unused": 0},
    }
    out["printer"] = _printer_status()
    try:
        st = request(paths, {"op": "status"}, timeout_s=5.0)
    except DevicesError:
        return out
    out["daemon"] = {"running": True, "pid": st["daemon_pid"]}
    out["card"] = {**st["card"], "reader": READER_CARD, "last_file": st["last_card"]}
    out["psam"] = {**st["psam"], "reader": READER_PSAM}
    out["idcard"] = st.get("idcard", {"port": None})  # the simulated ID card reader's port and card
    out["contactless"] = {**st.get("contactless", {}), "reader": READER_CONTACTLESS}
    return out


def readers() -> list[str] | None:
    """The reader names pcscd lists, through pyscard when it is installed (None when it is not)."""
    try:
        from smartcard.Exceptions import ListReadersException
        from smartcard.System import readers as list_readers
    except ImportError:
        return None
    try:
        return [str(r) for r in list_readers()]
    except (ListReadersException, Exception):  # pcscd down: no readers to show
        return []


def card_insert(paths: StatePaths, path: Path | None = None, blank: bool = False, last: bool = False,
                contactless: bool = False, bank: str | None = financial.DEFAULT_BANK) -> dict:
    """A card into the encoder; ``contactless``: where the contactless reader reaches it too (one
    dual-interface card on both slots). ``bank`` (with ``blank``): a blank card of that bank's stock, its
    financial application personalised for the bank (None: a card without a financial application)."""
    if blank:
        request(paths, {"op": "ping"})  # a stopped daemon must not use up a blank card
        path = stock.next_blank(paths, bank=bank)
    elif last:
        prev = request(paths, {"op": "status"}).get("last_card")
        if not prev:
            raise DevicesError("no card was inserted before")
        path = Path(prev)
    if path is None:
        raise DevicesError("say which card: --blank, --file F or --last")
    answer = request(paths, {"op": "card_insert", "path": str(Path(path).absolute()), "contactless": contactless})
    if contactless:
        _settled(READER_CONTACTLESS, True, answer)
    return _settled(READER_CARD, True, answer)


def card_tap(paths: StatePaths, path: Path | None = None) -> dict:
    """Lay a card on the contactless reader: ``path``, or (None) the card in the encoder."""
    req = {"op": "card_tap", "path": str(Path(path).absolute()) if path is not None else None}
    return _settled(READER_CONTACTLESS, True, request(paths, req))


def card_untap(paths: StatePaths) -> dict:
    return _settled(READER_CONTACTLESS, False, request(paths, {"op": "card_untap"}))


def card_remove(paths: StatePaths) -> dict:
    return _settled(READER_CARD, False, request(paths, {"op": "card_remove"}))


def psam_insert(paths: StatePaths, wrong_keys: bool = False) -> dict:
    answer = request(paths, {"op": "psam_insert", "path": str(stock.ensure_psam(paths, wrong=wrong_keys))})
    return _settled(READER_PSAM, True, answer)


def psam_remove(paths: StatePaths) -> dict:
    return _settled(READER_PSAM, False, request(paths, {"op": "psam_remove"}))


def _settled(reader: str, present: bool, answer: dict, timeout_s: float = 5.0) -> dict:
    """Return ``answer`` once pcscd itself reports the slot as ``present`` (or after ``timeout_s``).

    pcscd polls the driver for presence, so for a moment after an insert or a removal it still reports the
    old state: a check run in that moment meets a PSAM that is "there" but does not answer. The command
    returns when the change is visible to every PC/SC client, as a hand at a real reader would wait for
    the LED. A timeout is not an error: the slot state is in the answer and the caller can poll."""
    deadline = time.monotonic() + timeout_s
    while (seen := pcscd_sees_card(reader)) is not None and seen is not present:
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return answer


def _wait(cond, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            raise DevicesError(
                "the PSAM did not connect to the vpcd driver (is another devices daemon running?)"
            )
        time.sleep(0.1)
