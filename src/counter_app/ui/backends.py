"""What the GUI plugs into: the encoder, the printer, the camera and the probes of the status bar.

:class:`Backends` gathers the factories of everything outside the process, so that the GUI tests
can swap the real encoder (pcscd) and printer (CUPS) for in-process ones while the services, the
flow and the widgets stay the real code. The defaults are the real devices. Probe functions run on
the database worker (never on the GUI thread) and return an :class:`Indicator`.
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

ENV_DEMO_AUTOINSERT = "COUNTER_APP_DEMO_AUTOINSERT"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One light of the status bar: ``level`` ok | warn | error | off, and why, in both languages."""

    level: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        from counter_app.domain.problems import pick

        return pick(lang, self.zh, self.en)


def probe_encoder(settings) -> tuple[Indicator, Indicator]:
    """(encoder, PSAM) from the PC/SC reader list; a card in the PSAM slot shows as a PSAM answer."""
    from counter_app.card import errors as card_errors
    from counter_app.card import pcsc

    try:
        readers = pcsc.list_readers()
    except card_errors.PcscUnavailable as exc:
        off = Indicator("error", exc.message("zh"), exc.message("en"))
        return off, off
    out = []
    for key, zh, en in (("card.reader", "写卡器", "encoder"), ("card.psam_reader", "PSAM 卡座", "PSAM slot")):
        try:
            name = pcsc.match_reader(str(settings[key]), readers)
        except card_errors.ReaderNotFound as exc:
            out.append(Indicator("error", exc.message("zh"), exc.message("en")))
            continue
        out.append(Indicator("ok", f"{zh}已连接：{name}", f"{en} connected: {name}"))
    encoder, psam = out
    if psam.level == "ok":
        psam = _psam_answers(settings) or psam
    return encoder, psam


def _psam_answers(settings) -> Indicator | None:
    """Whether a PSAM sits in its slot (a shared connection: never disturbs a running write)."""
    from counter_app.card import errors as card_errors
    from counter_app.card.pcsc import PcscConnection, find_reader

    try:
        conn = PcscConnection(find_reader(str(settings["card.psam_reader"])), exclusive=False)
    except card_errors.NoCard:
        e = card_errors.PsamMissing()
        return Indicator("error", e.message("zh"), e.message("en"))
    except card_errors.CardError:
        return None  # busy with a write, or gone meanwhile: keep the reader's answer
    try:
        return Indicator("ok", f"PSAM 卡就绪（ATR {conn.atr.hex().upper()[:16]}…）",
                         f"PSAM ready (ATR {conn.atr.hex().upper()[:16]}…)")
    finally:
        conn.close()


def probe_printer(settings) -> Indicator:
    from counter_app.printing import cupsjobs
    from counter_app.printing.errors import PrintError

    name = str(settings["printer.name"])
    if not cupsjobs.available():
        return Indicator("warn", f"无法查询打印机“{name}”的状态（未安装 pycups）",
                         f"cannot ask for the state of printer '{name}' (pycups missing)")
    try:
        cupsjobs.Cups().check_printer(name)
    except PrintError as exc:
        return Indicator("error", exc.message("zh"), exc.message("en"))
    return Indicator("ok", f"打印机“{name}”就绪", f"printer '{name}' ready")


def default_encoder(settings):
    from counter_app.services.encoding import PcscEncoder

    return PcscEncoder(str(settings["card.reader"]), str(settings["card.psam_reader"]))


def default_card_watch(settings, callback):
    """Card and reader events from pcscd (pyscard's monitors); ``callback(ReaderEvent)`` runs on their thread."""
    from counter_app.card.pcsc import ReaderWatcher

    return ReaderWatcher(callback)


def default_idcard_watch(settings, on_card, on_lifted, on_error):
    """An :class:`~counter_app.idcard.watcher.IdCardWatcher` over the reader at ``idcard.port`` (found among
    the serial ports when empty), or None when no port is configured and no reader is found: the clerk
    then types the data in. Called off the GUI thread (finding the reader probes the serial ports)."""
    from counter_app.idcard.errors import IdCardReaderNotFound
    from counter_app.idcard.reader import IdCardReader, detect_port
    from counter_app.idcard.watcher import IdCardWatcher

    port = str(settings["idcard.port"] or "")
    baudrate = int(settings["idcard.baudrate"])
    if not port:
        try:
            port = detect_port(baudrate=baudrate)
        except IdCardReaderNotFound as exc:
            log.info("no ID card reader: %s", exc)
            return None
    return IdCardWatcher(IdCardReader(port, baudrate=baudrate), on_card, on_lifted, on_error=on_error)


def demo_mode(settings) -> bool:
    """Whether the app runs as the demo (``make demo``, ``counter-app --demo`` or the setting
    ``demo.enabled``): the only case in which simulated devices stand in for real ones."""
    return bool(settings["demo.enabled"])


def default_camera(settings):
    """The camera of the photo page, or None when there is none (the page then says so and
    offers the file import).

    The configured camera (``photo.camera``, empty: the system default). Only in demo mode does
    the demo camera stand in, when the setting says ``demo`` or no camera is attached; outside
    the demo ``demo`` means no camera (diagnostics says why) and ``devices`` is never imported.
    """
    from counter_app.photo.sources import DemoCameraUnavailable
    from counter_app.ui.camera import DemoCameraSource, LiveCameraSource, available_cameras

    wanted = str(settings["photo.camera"] or "")
    if demo_mode(settings) and (wanted == "demo" or (not wanted and not available_cameras())):
        try:
            return DemoCameraSource(fps=10)
        except DemoCameraUnavailable as exc:
            log.error("%s", exc)
            return None
    if wanted == "demo":
        log.warning("photo.camera is 'demo' but the app is not running as the demo: no camera")
        return None
    if not wanted and not available_cameras():
        return None
    return LiveCameraSource(wanted)


def demo_autoinsert(settings) -> str | None:
    """The demo's blank-card insert command (``COUNTER_APP_DEMO_AUTOINSERT``), in demo mode only."""
    command = os.environ.get(ENV_DEMO_AUTOINSERT) or None
    if command and not demo_mode(settings):
        log.warning("%s is set but the app is not running as the demo: ignored", ENV_DEMO_AUTOINSERT)
        return None
    return command


def run_autoinsert(command: str | None, bank_code: str | None = None) -> None:
    """Demo only: the command that puts a blank card in the encoder when the flow asks for one. ``{bank}`` in it
    becomes the bank whose card the applicant needs (a blank of another bank would be refused, as it should)."""
    if not command:
        return
    if "{bank}" in command:
        command = command.replace("{bank}", shlex.quote(bank_code or "102"))
    try:
        subprocess.run(shlex.split(command), check=False, timeout=60, capture_output=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("demo auto-insert %r failed: %s", command, exc)


@dataclass
class Backends:
    make_encoder: Callable[[Any], Any] = default_encoder
    make_camera: Callable[[Any], Any] = default_camera
    probe_encoder: Callable[[Any], tuple[Indicator, Indicator]] = probe_encoder
    probe_printer: Callable[[Any], Indicator] = probe_printer
    make_print_service: Callable[[Any, Any], Any] | None = None   # (store, settings) -> PrintService
    make_card_watch: Callable[[Any, Callable], Any] = default_card_watch  # (settings, on_event) -> start/stop/check
    # (settings, on_card, on_lifted, on_error) -> start/stop, or None without a reader
    make_idcard_watch: Callable[..., Any] | None = default_idcard_watch
    demo_autoinsert: str | None = None  # the demo's insert command: see for_settings

    @classmethod
    def for_settings(cls, settings) -> Backends:
        """The real devices, with the demo's stand-ins only when ``settings`` say demo mode."""
        return cls(demo_autoinsert=demo_autoinsert(settings))
