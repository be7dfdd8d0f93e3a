"""The technician's diagnostics: one check per function, each returning a :class:`CheckResult`.

One module per family (PC/SC and card, PSAM, APDU console and recordings, printer, camera, ledger,
database), the runner that runs them all, and the support bundle. No Qt here: the GUI runs these
on a worker thread, the CLI directly (``counter-app diag``).
"""

from counter_app.diagnostics.result import CheckResult, Verdict, worst

__all__ = ["CheckResult", "Verdict", "worst"]
