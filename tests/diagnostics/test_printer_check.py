"""The printer check on a real CUPS queue of its own (cupsd + cups-pdf): idle and ready, then stopped
with a reason, then rejecting jobs; and the printer's own reasons (media empty) through CUPS's answer."""

from __future__ import annotations

from counter_app.diagnostics.printer_checks import check_printer
from counter_app.diagnostics.result import Verdict
from devices.printer import queue
from tests.integration.printing_fixtures import card_queue, healthy_queue  # noqa: F401  the fixtures


def test_a_ready_queue_is_ok_with_its_state_and_jobs(healthy_queue):  # noqa: F811
    name, _ = healthy_queue
    result = check_printer(name)
    assert result.ok
    assert (result.measured["state"], result.measured["accepting_jobs"]) == ("idle", True)
    assert result.measured["device_uri"].startswith("cups-pdf:")
    assert isinstance(result.measured["jobs"], list)


def test_a_stopped_queue_is_a_fault_that_says_how_to_resume_it(healthy_queue):  # noqa: F811
    name, _ = healthy_queue
    queue.stop_queue(name, "ribbon out")
    result = check_printer(name)
    assert result.verdict is Verdict.FAULT
    assert result.measured["state"] == "stopped" and "ribbon out" in result.measured["message"]
    assert f"cupsenable {name}" in result.advice_zh


def test_a_queue_rejecting_jobs_is_a_fault(healthy_queue):  # noqa: F811
    name, _ = healthy_queue
    queue.reject(name)
    result = check_printer(name)
    assert result.verdict is Verdict.FAULT and f"cupsaccept {name}" in result.advice_en


def test_an_unknown_queue_lists_the_queues_there_are(healthy_queue):  # noqa: F811
    name, _ = healthy_queue
    result = check_printer(name + "-gone")
    assert result.verdict is Verdict.FAULT and name in result.measured["queues"]


class _ReportingPrinter:
    """CUPS's answer for a printer that says its hopper is empty (a real card printer's driver would)."""

    def getPrinterAttributes(self, name, requested_attributes=()):  # noqa: N802 - pycups API
        return {"printer-state": 3, "printer-state-reasons": ["media-empty-error"], "printer-is-accepting-jobs": True,
                "printer-state-message": "hopper empty"}

    def getJobs(self, **_kw):  # noqa: N802
        return {}


def test_a_printer_reason_ending_in_error_is_a_fault():
    result = check_printer("Card", connection=_ReportingPrinter())
    assert result.verdict is Verdict.FAULT and result.measured["reasons"] == ["media-empty-error"]
