"""The CUPS side of a print job, through CUPS's own API (pycups): printer state, the job's state,
and where a cups-pdf queue put the job's PDF.

Qt's print plugin hands the job to CUPS but does not tell its id; the job is found by its
being the first new job on its printer (:meth:`Cups.new_job_on`). Everything here raises the
adapter's exceptions with a clerk-facing message; without pycups (another platform) the
caller reports jobs as ``submitted`` and cannot follow them.
"""

from __future__ import annotations

import glob
import os
import time
from dataclasses import dataclass
from pathlib import Path

from counter_app.printing.errors import (
    PrinterNotFound,
    PrinterPaused,
    PrinterRejecting,
    PrintSystemUnavailable,
)

try:  # pycups is Linux/macOS only
    import cups as _cups
except ImportError:  # pragma: no cover - exercised on other platforms
    _cups = None

# IPP job-state values (RFC 8011 §5.3.7) and printer-state values (§5.4.11)
JOB_STATES = {3: "pending", 4: "held", 5: "processing", 6: "stopped", 7: "canceled", 8: "aborted", 9: "completed"}
TERMINAL_JOB_STATES = frozenset({"canceled", "aborted", "completed"})
PRINTER_STOPPED = 5


def available() -> bool:
    return _cups is not None


@dataclass(frozen=True, slots=True)
class JobStatus:
    job: int
    state: str                 # one of JOB_STATES' values
    reasons: tuple[str, ...]
    message: str               # job-printer-state-message: what the backend last said


class Cups:
    """One connection to the local CUPS scheduler. Not shared between threads."""

    def __init__(self):
        if _cups is None:
            raise PrintSystemUnavailable("", "pycups is not installed")
        try:
            self._conn = _cups.Connection()
        except RuntimeError as exc:
            raise PrintSystemUnavailable("", str(exc)) from exc

    def check_printer(self, name: str) -> dict:
        """The printer's attributes if it can take a job now; else the reason, in words."""
        try:
            attrs = self._conn.getPrinterAttributes(
                name, requested_attributes=["printer-state", "printer-state-message", "printer-is-accepting-jobs",
                                            "printer-state-reasons", "device-uri"])
        except _cups.IPPError as exc:
            status = exc.args[0] if exc.args else None
            if status == _cups.IPP_NOT_FOUND:
                raise PrinterNotFound(name) from exc
            raise PrintSystemUnavailable(name, str(exc.args[-1] if exc.args else exc)) from exc
        reason = str(attrs.get("printer-state-message") or "")
        if attrs.get("printer-state") == PRINTER_STOPPED:
            raise PrinterPaused(name, reason)
        if not attrs.get("printer-is-accepting-jobs", True):
            raise PrinterRejecting(name, reason)
        reasons = [r for r in attrs.get("printer-state-reasons", []) if r not in ("none",)]
        if any(r.startswith("offline") for r in reasons):
            raise PrinterPaused(name, "offline")
        return attrs

    def last_job_id(self) -> int:
        """The highest job id CUPS knows (ids only grow)."""
        jobs = self._conn.getJobs(which_jobs="all", my_jobs=False, requested_attributes=["job-id"])
        return max(jobs, default=0)

    def new_job_on(self, printer: str, after_id: int) -> int | None:
        """The first job on ``printer`` with an id above ``after_id``.

        Qt does not tell the job id, and CUPS keeps a job's name private to its owner and the
        admins by default (``JobPrivateValues``), so a job is recognised by being the first new
        one on its printer; :func:`counter_app.printing.job.submit` submits one job at a time.
        """
        # pycups returns the requested attributes only when job-id is among them.
        jobs = self._conn.getJobs(which_jobs="all", my_jobs=False, first_job_id=after_id + 1,
                                  requested_attributes=["job-id", "job-printer-uri"])
        mine = [jid for jid, a in jobs.items()
                if jid > after_id and str(a.get("job-printer-uri", "")).rsplit("/", 1)[-1] == printer]
        return min(mine) if mine else None

    def job_status(self, job: int) -> JobStatus:
        a = self._conn.getJobAttributes(job, requested_attributes=[
            "job-state", "job-state-reasons", "job-printer-state-message"])
        reasons = a.get("job-state-reasons", ())
        if isinstance(reasons, str):
            reasons = (reasons,)
        return JobStatus(job, JOB_STATES.get(int(a.get("job-state", 0)), "unknown"), tuple(reasons),
                         str(a.get("job-printer-state-message") or ""))

    def printer_stopped(self, name: str) -> str | None:
        """The printer's message when it is stopped (or deleted), else None."""
        try:
            a = self._conn.getPrinterAttributes(name, requested_attributes=["printer-state", "printer-state-message"])
        except _cups.IPPError:
            return "deleted"
        return str(a.get("printer-state-message") or "stopped") if a.get("printer-state") == PRINTER_STOPPED else None

    def cancel(self, job: int) -> None:
        try:
            self._conn.cancelJob(job, purge_job=False)
        except _cups.IPPError:
            pass  # already finished or gone: nothing left to stop


def cups_pdf_output(device_uri: str | None, job: int, wait: float = 3.0) -> str | None:
    """The PDF a cups-pdf queue wrote for ``job`` (``Label 1``: ``job_<id>-<title>.pdf``), or None
    for any other kind of printer. cups-pdf reads ``/etc/cups/cups-pdf-<id>.conf`` for a device URI
    ``cups-pdf:/<id>``, else ``/etc/cups/cups-pdf.conf``."""
    if not device_uri or not device_uri.startswith("cups-pdf:"):
        return None
    ident = device_uri.split(":", 1)[1].strip("/")
    conf = Path(f"/etc/cups/cups-pdf-{ident}.conf") if ident else Path("/etc/cups/cups-pdf.conf")
    out_dir = None
    try:
        for line in conf.read_text().splitlines():
            if line.startswith("Out "):
                out_dir = line[4:].strip()
    except OSError:
        return None
    if not out_dir or "${" in out_dir:
        return None  # a per-user directory: not ours to guess
    deadline = time.monotonic() + wait
    while True:
        found = sorted(glob.glob(os.path.join(out_dir, f"job_{job}-*.pdf")))
        if found or time.monotonic() > deadline:
            return found[0] if found else None
        time.sleep(0.1)
