"""The technician's jobs for the device worker: they talk to pcscd, CUPS and the ledger, never on
the GUI thread. Each builds the :class:`DiagnosticsService` over the worker's own store with a fresh
environment (each run sees the machine as it is now); the printer comes from the worker's
:class:`~counter_app.services.container.CounterServices`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from counter_app.ui.context import DeviceContext


def default_environment(app_ctx) -> Callable[[], Any]:
    """The real machine: pcscd, CUPS, the system's cameras, the counter's ledger."""
    from counter_app.diagnostics.runner import DiagnosticsEnvironment

    settings, paths = app_ctx.settings, app_ctx.paths
    return lambda: DiagnosticsEnvironment(settings, paths)


def _service(ctx, env_factory):
    from counter_app.services.diagnostics import DiagnosticsService

    return DiagnosticsService(env_factory(), ctx.store)


def job_run_checks(env_factory, session, families=None):
    """Progress: each CheckResult as it comes; result: the list."""
    def job(ctx, report):
        kw = {"families": families} if families else {}
        return _service(ctx, env_factory).run_all(session, on_result=report, **kw)
    return job


def job_apdu(env_factory, session, reader: str, apdus: list[bytes], confirm: bool):
    def job(ctx, _report):
        return _service(ctx, env_factory).apdu(session, reader, apdus, confirm_dangerous=confirm)
    return job


def job_bundle(env_factory, session, out: str, lang: str, results=None):
    def job(ctx, _report):
        return _service(ctx, env_factory).bundle(session, out, lang=lang, results=results)
    return job


def job_test_page(session):
    def job(ctx: DeviceContext, _report):
        return ctx.services.printing.print_test_page(session)
    return job
