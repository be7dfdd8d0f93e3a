"""The demo card printer: a CUPS queue backed by ``cups-pdf``, created idempotently.

The app prints to it through the real print path (QPrinter → CUPS → filters → backend), so
what the tests check is what a counter's real card printer would receive. What makes this
queue a *card* printer:

- its PPD is the stock ``CUPS-PDF_opt.ppd`` with one more page size, ``CR80`` (ID-1, 85.6 ×
  53.98 mm), made the default. The size is given as 243 × 153 pt (85.725 × 53.975 mm, well
  within ± 0.2 mm): the ``pdftocairo`` renderer of cups-filters passes whole points to
  ``pdftocairo -paperw/-paperh`` and *centres* the page when the PPD's size is fractional,
  which would shift every field by a third of a millimetre;
- ``pdftops-renderer-default=pdftocairo``: the PDF → PostScript step that cups-pdf needs keeps
  the fonts' Unicode mapping with cairo (poppler's and Ghostscript's renderers turn Qt's CID
  fonts into glyphs without text, and ``pdftotext`` would find nothing on the card);
- ``printer-error-policy=abort-job``: a failing job ends as *aborted* instead of being retried
  for ever, so the app can tell the clerk;
- its own cups-pdf configuration ``/etc/cups/cups-pdf-<queue>.conf`` (read because the device
  URI is ``cups-pdf:/<queue>``) with the output directory and ``Label 1``: each job's PDF is
  named ``job_<id>-<title>.pdf``.

``cupsd`` has no service manager here: :func:`ensure_cupsd` starts it as a process (it
daemonises) when its socket does not answer, and leaves a running one alone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_QUEUE = "CardPrinter"
CUPS_SOCKET = Path("/run/cups/cups.sock")
CUPS_CONF_DIR = Path("/etc/cups")
STOCK_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")

CARD_W_PT, CARD_H_PT = 243, 153  # ID-1 85.6 × 53.98 mm in whole points (see the module doc)
_QUEUE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,127}$")


class PrinterSetupError(RuntimeError):
    """The demo printer could not be set up; the message says what to install or fix."""


@dataclass(frozen=True)
class QueueStatus:
    cupsd_running: bool
    queue: str
    exists: bool
    state: str | None = None        # idle, processing, stopped
    accepting: bool | None = None
    device_uri: str | None = None
    out_dir: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


# --- cupsd -------------------------------------------------------------------------------------

def cupsd_running() -> bool:
    """True when the scheduler answers (``lpstat -r``), whoever started it."""
    try:
        out = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and "not running" not in out.stdout


def ensure_cupsd(timeout: float = 15.0) -> None:
    """Start ``cupsd`` unless one is already running; wait until it answers."""
    if cupsd_running():
        return
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    if not Path(cupsd).exists():
        raise PrinterSetupError("cupsd is not installed: apt-get install cups cups-client cups-bsd")
    # Without -f cupsd forks into the background and the parent returns at once.
    subprocess.run([cupsd], check=True, timeout=30)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cupsd_running():
            return
        time.sleep(0.1)
    raise PrinterSetupError(f"cupsd did not answer within {timeout:.0f} s (see /var/log/cups/error_log)")


def stop_cupsd() -> None:
    """Stop the scheduler this module (or anyone) started, by the pid in its pid file."""
    pid_file = Path("/run/cups/cupsd.pid")
    if not pid_file.exists():
        return
    try:
        os.kill(int(pid_file.read_text().strip()), 15)
    except (ValueError, ProcessLookupError):
        pass


# --- the queue ---------------------------------------------------------------------------------

def conf_path(queue: str) -> Path:
    return CUPS_CONF_DIR / f"cups-pdf-{queue}.conf"


def card_ppd_text() -> str:
    """The stock cups-pdf PPD with the ID-1 card size added and made the default."""
    if not STOCK_PPD.exists():
        raise PrinterSetupError("cups-pdf is not installed: apt-get install printer-driver-cups-pdf")
    src = STOCK_PPD.read_text(encoding="latin-1")
    w, h = CARD_W_PT, CARD_H_PT
    label = "CR80/ID-1 card 85.6x53.98mm"
    setpd = f'"<</PageSize[{w} {h}]/ImagingBBox null>>setpagedevice"'
    for keyword, value in (("PageSize", setpd), ("PageRegion", setpd),
                           ("ImageableArea", f'"0 0 {w} {h}"'), ("PaperDimension", f'"{w} {h}"')):
        src = re.sub(rf"^\*Default{keyword}: \S+", f"*Default{keyword}: CR80", src, count=1, flags=re.M)
        src = re.sub(rf"^(\*{keyword} A4/)", f"*{keyword} {label}: {value}\n\\1", src, count=1, flags=re.M)
    # PDF 1.5 (the stock default 1.2 is older than the fonts Qt embeds); job id first in the name.
    src = re.sub(r"^\*DefaultPDFVer: \S+", "*DefaultPDFVer: 1.5", src, count=1, flags=re.M)
    src = re.sub(r"^\*DefaultLabel: \S+", "*DefaultLabel: 1", src, count=1, flags=re.M)
    return src


def _conf_text(out_dir: Path) -> str:
    return (
        "# Written by devices/printer/queue.py: the demo card printer's output.\n"
        f"Out {out_dir}\n"
        f"AnonDirName {out_dir}\n"
        "Label 1\n"
        "UserUMask 0022\n"
        "AnonUMask 0022\n"
    )


def up(queue: str = DEFAULT_QUEUE, out_dir: str | os.PathLike[str] | None = None, *,
       state_dir: str | os.PathLike[str] | None = None) -> QueueStatus:
    """Create (or repair) the queue so that it is enabled, accepting, and writes to ``out_dir``.

    Idempotent: a queue that is already as wanted is left alone (its jobs too); a stopped or
    rejecting one is enabled again. Needs root (lpadmin, /etc/cups).
    """
    if not _QUEUE_NAME.match(queue):
        raise PrinterSetupError(f"invalid queue name {queue!r}")
    if not BACKEND.exists():
        raise PrinterSetupError("the cups-pdf backend is missing: apt-get install printer-driver-cups-pdf")
    state = Path(state_dir) if state_dir else Path(out_dir or ".").parent
    out = Path(out_dir) if out_dir else state / "pdf"
    out = out.absolute()
    out.mkdir(parents=True, exist_ok=True)
    out.chmod(0o755)
    ensure_cupsd()
    conf = conf_path(queue)
    wanted_conf = _conf_text(out)
    if not conf.exists() or conf.read_text() != wanted_conf:
        conf.write_text(wanted_conf)
    current = status(queue)
    if not current.exists or current.device_uri != f"cups-pdf:/{queue}" or not _ppd_is_current(queue):
        ppd = state / f"{queue}.ppd"
        ppd.parent.mkdir(parents=True, exist_ok=True)
        ppd.write_text(card_ppd_text(), encoding="latin-1")
        _run(["lpadmin", "-p", queue, "-E", "-v", f"cups-pdf:/{queue}", "-P", str(ppd),
              "-D", "Demo card printer (cups-pdf)", "-o", "printer-is-shared=false",
              "-o", "pdftops-renderer-default=pdftocairo", "-o", "printer-error-policy=abort-job"])
    start_queue(queue)
    accept(queue)
    return status(queue)


def _ppd_is_current(queue: str) -> bool:
    installed = CUPS_CONF_DIR / "ppd" / f"{queue}.ppd"
    try:
        return f"*PaperDimension CR80/ID-1 card 85.6x53.98mm: \"{CARD_W_PT} {CARD_H_PT}\"" in \
            installed.read_text(encoding="latin-1")
    except OSError:
        return False


def down(queue: str = DEFAULT_QUEUE) -> None:
    """Delete the queue and its cups-pdf configuration (the PDFs stay). cupsd keeps running."""
    if cupsd_running() and status(queue).exists:
        _run(["lpadmin", "-x", queue])
    conf_path(queue).unlink(missing_ok=True)


def status(queue: str = DEFAULT_QUEUE) -> QueueStatus:
    """What CUPS says about the queue (parsed from ``lpstat``: no pycups needed here)."""
    if not cupsd_running():
        return QueueStatus(cupsd_running=False, queue=queue, exists=False)
    p = subprocess.run(["lpstat", "-p", queue], capture_output=True, text=True, timeout=10,
                       env={**os.environ, "LC_ALL": "C"})
    if p.returncode != 0 or not p.stdout.strip():
        return QueueStatus(cupsd_running=True, queue=queue, exists=False)
    first = p.stdout.split("\n", 1)[0]
    state = "stopped" if "disabled" in first else ("processing" if "printing" in first else "idle")
    a = subprocess.run(["lpstat", "-a", queue], capture_output=True, text=True, timeout=10,
                       env={**os.environ, "LC_ALL": "C"})
    accepting = "not accepting" not in a.stdout
    v = subprocess.run(["lpstat", "-v", queue], capture_output=True, text=True, timeout=10,
                       env={**os.environ, "LC_ALL": "C"})
    uri = v.stdout.strip().rsplit(": ", 1)[-1] if v.returncode == 0 else None
    return QueueStatus(True, queue, True, state, accepting, uri, output_dir(queue))


def output_dir(queue: str = DEFAULT_QUEUE) -> str | None:
    try:
        for line in conf_path(queue).read_text().splitlines():
            if line.startswith("Out "):
                return line[4:].strip()
    except OSError:
        pass
    return None


# --- what tests do to the printer ----------------------------------------------------------------

def stop_queue(queue: str = DEFAULT_QUEUE, reason: str = "paused by test") -> None:
    """Pause the printer (``cupsdisable``): jobs wait, nothing prints."""
    _run(["cupsdisable", "-r", reason, queue])


def start_queue(queue: str = DEFAULT_QUEUE) -> None:
    _run(["cupsenable", queue])


def reject(queue: str = DEFAULT_QUEUE, reason: str = "rejecting by test") -> None:
    """Refuse new jobs (``cupsreject``): what a full or faulted printer's queue does."""
    _run(["cupsreject", "-r", reason, queue])


def accept(queue: str = DEFAULT_QUEUE) -> None:
    _run(["cupsaccept", queue])


disable = stop_queue


def ensure_demo_queue(state_dir: str | os.PathLike[str], queue: str = DEFAULT_QUEUE) -> QueueStatus:
    """What ``python -m devices up`` calls: the demo's card printer, PDFs under
    ``<state_dir>/printer/pdf``."""
    root = Path(state_dir) / "printer"
    return up(queue, root / "pdf", state_dir=root)


def _run(cmd: list[str]) -> None:
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        raise PrinterSetupError(f"{' '.join(cmd)} failed: {p.stderr.strip() or p.stdout.strip()}")
