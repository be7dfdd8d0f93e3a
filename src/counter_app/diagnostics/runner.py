"""Running every check, in the order a technician reads them: PC/SC and card, PSAM, printer,
camera, ID card reader, ledger, database. A check that raises is itself a fault (named, with the
exception's type), so one broken check never hides the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_app.diagnostics import (
    camera_checks,
    contactless_checks,
    database_checks,
    idcard_checks,
    ledger_checks,
    pcsc_checks,
    printer_checks,
    psam_checks,
)
from counter_app.diagnostics.readers import PcscPort, ReaderRoles, SystemPcsc
from counter_app.diagnostics.result import CheckResult, fault

log = logging.getLogger(__name__)


@dataclass
class DiagnosticsEnvironment:
    """What the checks look at. Defaults are the real machine; tests swap the parts they fake.

    ``sync_service`` is a factory (it needs a Store of the calling thread); ``camera_devices`` None
    means: read the system's; ``disk_fault_below``/``disk_warn_below`` are the free-space thresholds.
    """

    settings: Any
    paths: Any
    pcsc: PcscPort = field(default_factory=SystemPcsc)
    profile: Any = None
    sync_service: Callable[[], Any] | None = None
    cups_connection: Any = None
    camera_devices: list[dict[str, str]] | None = None
    idcard_reader: idcard_checks.ReaderFactory | None = None  # port -> reader; None: the real serial port
    disk_fault_below: int = database_checks.DISK_FAULT_BYTES
    disk_warn_below: int = database_checks.DISK_WARN_BYTES

    def card_profile(self):
        if self.profile is None:
            from counter_app.card.profile import load_profile

            self.profile = load_profile()
        return self.profile

    @property
    def roles(self) -> ReaderRoles:
        return ReaderRoles.from_settings(self.settings)


def _guard(name: str, fn: Callable[[], CheckResult | list[CheckResult]]) -> list[CheckResult]:
    try:
        out = fn()
    except Exception as exc:  # a check must report, not crash the report
        log.exception("diagnostic check %s failed", name)
        return [fault(name, {"error": type(exc).__name__, "detail": str(exc)[:200]},
                      f"检查本身出错（{type(exc).__name__}）：请把诊断包发给技术支持。",
                      f"The check itself failed ({type(exc).__name__}): send the diagnostic bundle to support.")]
    return out if isinstance(out, list) else [out]


def _sync_for_client(env: DiagnosticsEnvironment):
    """What makes the client of the signed enrollment probe: the environment's sync service, else one made
    from the settings and keys alone, no store (so the ledger is checked even when the database cannot be
    opened)."""
    if env.sync_service is not None:
        return env.sync_service()
    from counter_app.sync.counter_client import CounterLedger

    return CounterLedger(env.settings, env.paths.keys_dir)


FAMILIES = ("pcsc", "psam", "printer", "camera", "idcard", "ledger", "database")


def run_checks(env: DiagnosticsEnvironment, families: tuple[str, ...] = FAMILIES,
               on_result: Callable[[CheckResult], None] | None = None) -> list[CheckResult]:
    """Every check of ``families``; ``on_result`` sees each result as it comes (GUI progress)."""
    results: list[CheckResult] = []

    def add(name: str, fn) -> None:
        for r in _guard(name, fn):
            results.append(r)
            if on_result is not None:
                on_result(r)

    s = env.settings
    if "pcsc" in families:
        add(pcsc_checks.SERVICE, lambda: pcsc_checks.check_service(env.pcsc))
        add(pcsc_checks.READERS, lambda: pcsc_checks.check_readers(env.pcsc, env.roles))
        add(pcsc_checks.CARD, lambda: pcsc_checks.check_card(env.pcsc, env.roles, env.card_profile()))
        add(contactless_checks.READER, lambda: contactless_checks.check_contactless(
            env.pcsc, str(s["card.contactless_reader"] or ""), env.card_profile()))
    if "psam" in families:
        add(psam_checks.PRESENT, lambda: psam_checks.check_psam(env.pcsc, env.roles, env.card_profile()))
        add(psam_checks.AUTH, lambda: psam_checks.check_psam_auth(env.pcsc, env.roles, env.card_profile()))
    if "printer" in families:
        add(printer_checks.QUEUE, lambda: printer_checks.check_printer(str(s["printer.name"]),
                                                                        connection=env.cups_connection))
        add(printer_checks.FONTS, printer_checks.check_fonts)
    if "camera" in families:
        add(camera_checks.DEVICES, lambda: camera_checks.check_camera(str(s["photo.camera"] or ""), env.camera_devices,
                                                                       demo=bool(s["demo.enabled"])))
    if "idcard" in families:
        add(idcard_checks.READER, lambda: idcard_checks.check_all(
            str(s["idcard.port"] or ""), baudrate=int(s["idcard.baudrate"]), make_reader=env.idcard_reader))
    if "ledger" in families:
        add(ledger_checks.REACHABLE, lambda: ledger_checks.check_ledger(_sync_for_client(env), s))
        if env.sync_service is not None:
            add(ledger_checks.SYNC, lambda: ledger_checks.check_sync(env.sync_service().status()))
        else:
            add(ledger_checks.SYNC, lambda: ledger_checks.skipped(ledger_checks.SYNC, database_checks.INTEGRITY))
    if "database" in families:
        add(database_checks.INTEGRITY, lambda: database_checks.check_integrity(env.paths))
        add(database_checks.SIZE, lambda: database_checks.check_size(env.paths))
        add(database_checks.DISK, lambda: database_checks.check_disk(
            Path(env.paths.data_dir), fault_below=env.disk_fault_below, warn_below=env.disk_warn_below))
    return results
