"""The one module that imports pyscard: readers, connections and reader/card events over PC/SC.

Everything pyscard raises is turned into :class:`PcscUnavailable` (no pcscd), :class:`NoCard`,
:class:`CardRemoved` or :class:`ReaderNotFound` here, and ``list[int]`` becomes ``bytes`` at this border.
The simulated devices appear as ``Virtual PCD 00 00`` (card) and ``Virtual PCD 00 01`` (PSAM): the same
names a vpcd set-up gives, configurable for real encoders (exact name, ``*``/``?`` glob, or a substring).
"""

from __future__ import annotations

import fnmatch
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from smartcard import System
from smartcard.CardMonitoring import CardMonitor, CardMonitoringThread, CardObserver
from smartcard.Exceptions import CardConnectionException, NoCardException, SmartcardException
from smartcard.pcsc.PCSCExceptions import BaseSCardException
from smartcard.ReaderMonitoring import ReaderMonitor, ReaderObserver
from smartcard.scard import (
    SCARD_CTL_CODE,
    SCARD_E_NO_READERS_AVAILABLE,
    SCARD_E_NO_SERVICE,
    SCARD_E_SERVICE_STOPPED,
    SCARD_SHARE_EXCLUSIVE,
    SCARD_SHARE_SHARED,
)

from counter_app.card.errors import (
    CardRemoved,
    NoCard,
    PcscUnavailable,
    ReaderControlUnsupported,
    ReaderNotFound,
)

log = logging.getLogger(__name__)

DEFAULT_CARD_READER = "Virtual PCD 00 00"
DEFAULT_PSAM_READER = "Virtual PCD 00 01"
_NO_SERVICE = {SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED}


def _hresult(exc: BaseException) -> int:
    return getattr(exc, "hresult", -1) & 0xFFFFFFFF if getattr(exc, "hresult", -1) != -1 else -1


def _is_no_service(exc: BaseException) -> bool:
    name = type(exc).__name__
    return (_hresult(exc) in {h & 0xFFFFFFFF for h in _NO_SERVICE}
            or name in ("EstablishContextException", "CardServiceStoppedException"))


def list_readers() -> list[str]:
    """Names of the connected readers; [] when there are none. Raises PcscUnavailable without pcscd."""
    return [str(r) for r in PcscConnection._readers()]


def match_reader(wanted: str, readers: list[str]) -> str:
    """The reader meant by ``wanted``: exact name, else glob (``*``/``?``), else the only one containing it."""
    if wanted in readers:
        return wanted
    if any(c in wanted for c in "*?["):
        hits = [r for r in readers if fnmatch.fnmatchcase(r, wanted)]
    else:
        hits = [r for r in readers if wanted.lower() in r.lower()]
    if len(hits) == 1:
        return hits[0]
    raise ReaderNotFound(wanted, readers)


def find_reader(wanted: str) -> str:
    return match_reader(wanted, list_readers())


class PcscConnection:
    """A connected card in one reader (T=0 or T=1, whatever the card offers)."""

    def __init__(self, reader_name: str, exclusive: bool = True):
        readers = {str(r): r for r in self._readers()}
        if reader_name not in readers:
            raise ReaderNotFound(reader_name, list(readers))
        self.reader_name = reader_name
        self._conn = readers[reader_name].createConnection()
        try:
            # exclusive: no other program may talk to the card between our SELECT and the last write
            self._conn.connect(mode=SCARD_SHARE_EXCLUSIVE if exclusive else SCARD_SHARE_SHARED)
        except NoCardException as exc:
            self._release()
            raise NoCard() from exc
        except CardConnectionException as exc:
            self._release()
            raise (PcscUnavailable() if _is_no_service(exc) else NoCard()) from exc
        try:
            self._atr = bytes(self._conn.getATR())
        except SmartcardException as exc:
            self.close()
            raise CardRemoved() from exc

    @staticmethod
    def _readers():
        try:
            return System.readers()
        except (SmartcardException, BaseSCardException) as exc:
            if _hresult(exc) == SCARD_E_NO_READERS_AVAILABLE & 0xFFFFFFFF:
                return []
            # no pcscd (SCARD_E_NO_SERVICE), or any other failure to list: the service is unusable
            raise PcscUnavailable() from exc

    @property
    def atr(self) -> bytes:
        return self._atr

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        try:
            data, sw1, sw2 = self._conn.transmit(list(apdu))
        except NoCardException as exc:
            raise CardRemoved() from exc
        except (SmartcardException, BaseSCardException) as exc:
            raise (PcscUnavailable() if _is_no_service(exc) else CardRemoved()) from exc
        return bytes(data), (sw1 << 8) | sw2

    def control_code(self, function: int) -> int:
        """``SCARD_CTL_CODE(function)`` as this platform's PC/SC defines it (pcsc-lite and WinSCard differ)."""
        return SCARD_CTL_CODE(function)

    def control(self, code: int, data: bytes) -> bytes:
        """``SCardControl`` to the reader (PC/SC part 10). A reader that does not support it (vpcd, a plain
        reader) raises :class:`ReaderControlUnsupported`; a card pulled meanwhile :class:`CardRemoved`."""
        try:
            return bytes(self._conn.control(code, list(data)))
        except NoCardException as exc:
            raise CardRemoved() from exc
        except (SmartcardException, BaseSCardException) as exc:
            if _is_no_service(exc):
                raise PcscUnavailable() from exc
            raise ReaderControlUnsupported(self.reader_name) from exc

    def _release(self) -> None:
        try:
            self._conn.release()
        except Exception:  # closing a dead context: nothing left to do
            pass

    def close(self) -> None:
        try:
            self._conn.disconnect()
        except Exception:  # the card may be gone already; closing must not fail
            pass
        self._release()


def connect(reader: str = DEFAULT_CARD_READER) -> PcscConnection:
    """Connect to the card in the reader named (or matched) by ``reader``."""
    return PcscConnection(find_reader(reader))


# --- events ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ReaderEvent:
    kind: str            # "reader_added", "reader_removed", "card_inserted", "card_removed", "service_lost", "service_back"
    reader: str = ""
    atr: bytes = b""


class _Observer(ReaderObserver, CardObserver):
    """Runs on pyscard's monitor threads: converts and hands over, nothing else."""

    def __init__(self, emit: Callable[[ReaderEvent], None], kinds: tuple[str, str]):
        self._emit = emit
        self._kinds = kinds

    def update(self, observable, handlers) -> None:
        added, removed = handlers
        for item in added:
            self._emit(ReaderEvent(self._kinds[0], str(getattr(item, "reader", item)),
                                   bytes(getattr(item, "atr", b"") or b"")))
        for item in removed:
            self._emit(ReaderEvent(self._kinds[1], str(getattr(item, "reader", item)),
                                   bytes(getattr(item, "atr", b"") or b"")))


class ReaderWatcher:
    """Reader and card insertion/removal through pyscard's monitors, delivered to ``callback``.

    ``callback`` runs on a pyscard thread: in Qt it must only emit a signal. pyscard's monitor threads die
    when pcscd stops; :meth:`check` (call it from a timer, every few seconds) notices that, reports
    ``service_lost`` once, and re-arms the monitors when the service is back (``service_back``).
    :meth:`stop` removes the observers (do it at shutdown, or pyscard's threads keep the process alive).
    """

    def __init__(self, callback: Callable[[ReaderEvent], None]):
        self._callback = callback
        self._lock = threading.Lock()
        self._reader_obs: _Observer | None = None
        self._card_obs: _Observer | None = None
        self._service_ok = True

    def _emit(self, event: ReaderEvent) -> None:
        try:
            self._callback(event)
        except Exception:  # an exception here would kill pyscard's monitor thread
            log.exception("reader event callback failed")

    def start(self) -> bool:
        """Arm the monitors; False (and one warning) when pcscd is not reachable."""
        with self._lock:
            if self._reader_obs is not None:
                return True
            try:
                list_readers()
            except PcscUnavailable:
                if self._service_ok:
                    log.warning("PC/SC service unavailable: reader events off until it returns")
                    self._service_ok = False
                return False
            self._reader_obs = _Observer(self._emit, ("reader_added", "reader_removed"))
            self._card_obs = _Observer(self._emit, ("card_inserted", "card_removed"))
            ReaderMonitor().addObserver(self._reader_obs)
            CardMonitor().addObserver(self._card_obs)
            return True

    def stop(self) -> None:
        with self._lock:
            if self._reader_obs is not None:
                try:
                    ReaderMonitor().deleteObserver(self._reader_obs)
                except Exception:  # the monitor thread may already be gone
                    pass
            if self._card_obs is not None:
                try:
                    CardMonitor().deleteObserver(self._card_obs)
                except Exception:
                    pass
            self._reader_obs = self._card_obs = None

    @staticmethod
    def _monitors_alive() -> bool:
        rm = ReaderMonitor()
        rthread = getattr(rm, "rmthread", None)
        reader_ok = rthread is None or (rthread.is_alive() and not rthread.stopEvent.is_set())
        cthread = CardMonitoringThread.instance
        card_ok = cthread is None or (cthread.is_alive() and not cthread.stopEvent.is_set())
        return reader_ok and card_ok

    def check(self) -> None:
        """Re-arm after a pcscd restart; report the service going and coming back."""
        armed = self._reader_obs is not None
        if armed and self._monitors_alive():
            return
        if armed:
            self.stop()
            # forget pyscard's dead singletons so that the next addObserver starts fresh threads
            CardMonitoringThread.instance = None
            CardMonitor.instance = None
        was_ok = self._service_ok
        if self.start():
            if not was_ok:
                self._service_ok = True
                self._emit(ReaderEvent("service_back"))
        elif was_ok:
            self._emit(ReaderEvent("service_lost"))
