"""One print job: QPrinter on the chosen queue, then the job followed in CUPS to its end.

:func:`submit` checks the printer (a paused, rejecting or missing printer is reported in words
before anything is sent), paints through ``paint(painter, dpi)`` on a ``QPrinter`` set to the
card page (85.6 × 53.98 mm, full page, no margins, 300 dpi), and finds the job CUPS created.
:func:`follow` then waits for the job's end with a deadline: completed, or failed with the
reason — never a hang. Plain Python with no Qt event loop: the GUI calls it from a worker.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.problems import pick
from counter_app.printing import cupsjobs
from counter_app.printing.errors import PrinterNotFound, PrintJobFailed, PrintSystemUnavailable
from counter_app.printing.fonts import register_fonts
from counter_app.printing.template import CardTemplate

log = logging.getLogger(__name__)

PRINT_DPI = 300          # the card printer's resolution
FIND_JOB_SECONDS = 10.0  # how long a handed-over job may take to show up in CUPS
POLL_SECONDS = 0.1
# One job at a time from this process: a job is recognised as the first new one on its printer.
_submit_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class SubmittedJob:
    printer: str
    title: str
    job: int | None             # None where CUPS's API is not available to tell it
    device_uri: str | None
    handed_over_s: float        # from the call to the job being in CUPS


@dataclass(frozen=True, slots=True)
class JobResult:
    printer: str
    job: int | None
    state: str                  # completed | failed | submitted
    output: str | None          # the PDF, when the printer is a cups-pdf queue
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)

    def as_dict(self) -> dict:
        return {"job": self.job, "state": self.state, "output": self.output}


def submit(printer_name: str, template: CardTemplate, paint: Callable, *, label: str = "card") -> SubmittedJob:
    """Paint one page on ``printer_name`` and hand it to the print system."""
    with _submit_lock:
        return _submit(printer_name, template, paint, label)


def _submit(printer_name: str, template: CardTemplate, paint: Callable, label: str) -> SubmittedJob:
    t0 = time.perf_counter()
    register_fonts()
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrinter

    cups = cupsjobs.Cups() if cupsjobs.available() else None
    attrs = cups.check_printer(printer_name) if cups else {}
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(printer_name)
    if not printer.isValid() or printer.printerName() != printer_name:
        raise PrinterNotFound(printer_name)
    size = QPageSize(QSizeF(template.width_mm, template.height_mm), QPageSize.Unit.Millimeter, "ID-1 card",
                     QPageSize.SizeMatchPolicy.ExactMatch)
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                                      QPageLayout.Unit.Millimeter))
    printer.setFullPage(True)
    printer.setResolution(PRINT_DPI)
    # A title the technician can find in the CUPS logs (the job itself is found by its id).
    title = f"ssc-{label}-{uuid.uuid4().hex[:12]}"
    printer.setDocName(title)
    before = cups.last_job_id() if cups else 0
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintSystemUnavailable(printer_name, "QPrinter could not start the job")
    try:
        paint(painter, printer.resolution())
    except BaseException:
        printer.abort()
        painter.end()
        raise
    if not painter.end():
        raise PrintSystemUnavailable(printer_name, "QPrinter could not finish the job")
    job = None
    if cups:
        deadline = time.monotonic() + FIND_JOB_SECONDS
        while job is None:
            job = cups.new_job_on(printer_name, before)
            if job is None:
                if time.monotonic() > deadline:
                    raise PrintJobFailed(
                        printer_name, None, "failed",
                        f"打印系统没有接收到任务（打印机“{printer_name}”）。请检查打印机后重新打印。",
                        f"The print system did not take the job (printer '{printer_name}'). Check the printer "
                        f"and reprint.")
                time.sleep(POLL_SECONDS)
    handed = time.perf_counter() - t0
    log.info("print job %s (%s) handed to %s in %.3f s", job, title, printer_name, handed)
    return SubmittedJob(printer_name, title, job, attrs.get("device-uri"), handed)


def write_page_pdf(path: str | Path, page, paint: Callable) -> Path:
    """One page (``page.width_mm`` × ``page.height_mm``) painted by ``paint(painter, dpi)`` into a PDF file through
    QPrinter's PDF output: the painter of the print path, for previews and tests."""
    register_fonts()
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrinter

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    size = QPageSize(QSizeF(page.width_mm, page.height_mm), QPageSize.Unit.Millimeter, getattr(page, "name", ""),
                     QPageSize.SizeMatchPolicy.ExactMatch)
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                                      QPageLayout.Unit.Millimeter))
    printer.setFullPage(True)
    printer.setResolution(PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"cannot write {out}")
    try:
        paint(painter, printer.resolution())
    finally:
        painter.end()
    return out


def follow(sub: SubmittedJob, timeout: float = 120.0) -> JobResult:
    """Wait for the job's end. A printer stopped while the job waits, an aborted or cancelled job
    and the deadline all end as ``failed`` with the reason; a job not yet printed is cancelled
    so that the card does not come out later unexpectedly."""
    if sub.job is None:
        return JobResult(sub.printer, None, "submitted", None, "已提交打印。", "Sent to the printer.")
    cups = cupsjobs.Cups()
    deadline = time.monotonic() + timeout
    while True:
        st = cups.job_status(sub.job)
        if st.state == "completed":
            return JobResult(sub.printer, sub.job, "completed",
                             cupsjobs.cups_pdf_output(sub.device_uri, sub.job),
                             f"打印完成（任务 {sub.job}）。", f"Printed (job {sub.job}).")
        if st.state in ("canceled", "aborted"):
            detail = st.message or ", ".join(st.reasons)
            return _failed(sub, f"打印任务被{'取消' if st.state == 'canceled' else '中止'}（{detail}）",
                           f"the print job was {st.state} ({detail})")
        stopped = cups.printer_stopped(sub.printer) if st.state in ("pending", "held", "stopped") else None
        if stopped:
            cups.cancel(sub.job)
            return _failed(sub, f"打印机已暂停（{stopped}），任务已取消", f"the printer is paused ({stopped}); "
                           f"the job was cancelled")
        if time.monotonic() > deadline:
            cups.cancel(sub.job)
            return _failed(sub, f"打印机 {timeout:.0f} 秒内未完成任务，任务已取消",
                           f"the printer did not finish the job within {timeout:.0f} s; it was cancelled")
        time.sleep(POLL_SECONDS)


def _failed(sub: SubmittedJob, zh: str, en: str) -> JobResult:
    return JobResult(sub.printer, sub.job, "failed", None,
                     f"打印失败：{zh}。请检查打印机（卡片、卡纸、色带）后重新打印。",
                     f"Printing failed: {en}. Check the printer (cards, jam, ribbon) and reprint.")
