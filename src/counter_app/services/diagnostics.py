"""The technician's diagnostics as a use case: run every check, the APDU console, the support bundle.

Shared by the technician's home (from a worker thread: everything here may talk to pcscd, CUPS or
the ledger) and ``counter-app diag``. Only technicians and supervisors may use it (the command line
acts as the local operator, a supervisor). A confirmed dangerous APDU script and every bundle
leave an audit row when a store is given: they are the two acts that can change a card or take
data off the counter.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from counter_app.diagnostics import console
from counter_app.diagnostics.bundle import write_bundle
from counter_app.diagnostics.readers import ReaderRoles, open_reader
from counter_app.diagnostics.result import CheckResult
from counter_app.diagnostics.runner import FAMILIES, DiagnosticsEnvironment, run_checks
from counter_app.services.auth import Role, Session, requires
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.database import Store

READER_ALIASES = ("card", "psam")


class DiagnosticsService:
    """Diagnostics over ``env`` (settings, paths, PC/SC port…); ``store`` (this thread's) for the
    sync figures and the audit rows, None when the database cannot be opened."""

    def __init__(self, env: DiagnosticsEnvironment, store: Store | None = None):
        self.env = env
        self._store = store
        if store is not None and env.sync_service is None:
            from counter_app.services.sync import SyncService

            env.sync_service = lambda: SyncService(store, env.settings, env.paths)
        self.last_results: list[CheckResult] = []

    @requires(Role.TECHNICIAN, Role.SUPERVISOR, zh="运行设备诊断", en="run the diagnostics")
    def run_all(self, session: Session, *, families: tuple[str, ...] = FAMILIES,
                on_result: Callable[[CheckResult], None] | None = None) -> list[CheckResult]:
        self.last_results = run_checks(self.env, families, on_result)
        return self.last_results

    @requires(Role.TECHNICIAN, Role.SUPERVISOR, zh="发送 APDU 指令", en="send APDUs from the console")
    def apdu(self, session: Session, reader: str, apdus: list[bytes], confirm_dangerous: bool = False) -> console.ConsoleRun:
        """Send ``apdus`` to ``reader`` (``card``, ``psam``, or a reader name/pattern); the masked trace
        and the recording are saved in the traces directory (they go into the bundle)."""
        dangerous = console.dangerous_names(apdus)
        if dangerous and not confirm_dangerous:
            raise console.DangerousApdu(dangerous)  # before the reader is even opened
        roles = ReaderRoles.from_settings(self.env.settings)
        device = reader if reader in READER_ALIASES else "card"
        wanted = {"card": roles.card, "psam": roles.psam}.get(reader, reader)
        conn = open_reader(self.env.pcsc, wanted)
        try:
            run = console.run_script(conn, apdus, reader=getattr(conn, "reader_name", wanted), device=device,
                                     confirm_dangerous=confirm_dangerous,
                                     personal_files=self.env.card_profile().personal_files)
        finally:
            conn.close()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        traces = Path(self.env.paths.traces_dir)
        traces.mkdir(parents=True, exist_ok=True)
        (traces / f"console-{stamp}.trace").write_text(run.trace, encoding="utf-8")
        run.recording.save(traces / f"console-{stamp}.json")
        if dangerous and self._store is not None:
            with self._store.transaction() as db:
                AuditLog.append(db, session.actor, AuditAction.DEVICE_OVERRIDE,
                                {"what": "apdu_console", "reader": device, "commands": dangerous,
                                 "apdus": len(apdus)}, counter_id=session.counter_id)
        return run

    @requires(Role.TECHNICIAN, Role.SUPERVISOR, zh="生成诊断包", en="make the diagnostic bundle")
    def bundle(self, session: Session, out: str | Path, *, lang: str = "zh",
               results: list[CheckResult] | None = None) -> Path:
        """The support bundle at ``out`` (runs every check first unless ``results`` are given)."""
        if results is None:
            results = run_checks(self.env)
        path = write_bundle(out, settings=self.env.settings, paths=self.env.paths, results=results, lang=lang)
        if self._store is not None:
            with self._store.transaction() as db:
                AuditLog.append(db, session.actor, AuditAction.EXPORT,
                                {"what": "diagnostic_bundle", "checks": len(results)}, counter_id=session.counter_id)
        return path
