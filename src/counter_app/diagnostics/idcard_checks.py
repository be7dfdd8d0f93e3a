"""The resident ID card reader: found on its port with a working SAM, and whether a card lies on it.

``idcard.reader``: the configured port (``idcard.port``) opened and its SAM status asked; with no port
configured, the serial ports are searched for a reader. None configured and none found is a warning, not a
fault (the applicant page still takes typed data); a configured reader that fails is a fault.
``idcard.card``: whether a card lies on the reader; one that does is read once to prove the whole path
(find, select, read), and only its card type and block sizes are reported, never its data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from counter_app.diagnostics.result import CheckResult, fault, ok, warning
from counter_app.domain.problems import present
from counter_app.idcard.errors import IdCardError, IdCardReaderNotFound, NoIdCard
from counter_app.idcard.reader import DEFAULT_BAUDRATE, IdCardReader

READER, CARD = "idcard.reader", "idcard.card"

ReaderFactory = Callable[[str], IdCardReader]


def _default_factory(baudrate: int) -> ReaderFactory:
    return lambda port: IdCardReader(port, baudrate=baudrate)


def check_reader(configured: str, *, baudrate: int = DEFAULT_BAUDRATE,
                 make_reader: ReaderFactory | None = None) -> tuple[CheckResult, IdCardReader | None]:
    """The reader's verdict and, when it answers, the open reader (for :func:`check_card`; the caller closes it)."""
    reader = (make_reader or _default_factory(baudrate))(configured)
    measured: dict[str, Any] = {"configured": configured or "(detect)"}
    try:
        reader.open()
        reader.sam_status()
        sam = reader.sam_id()
    except IdCardReaderNotFound as exc:
        reader.close()
        if not configured:
            return warning(READER, {**measured, "tried": exc.tried},
                           "没有找到身份证阅读器：申请人信息只能手工录入。请接好阅读器，或在设置 idcard.port 中指定其串口。",
                           "No ID card reader found: the applicant's data can only be typed in. Connect the reader, "
                           "or set its serial port in idcard.port."), None
        return fault(READER, measured, exc.message("zh"), exc.message("en")), None
    except IdCardError as exc:
        reader.close()
        return fault(READER, {**measured, "port": reader.port, "error": type(exc).__name__},
                     exc.message("zh"), exc.message("en")), None
    return ok(READER, {**measured, "port": reader.port, "sam": "ok", "sam_id": sam}), reader


def check_card(reader: IdCardReader | None) -> CheckResult:
    if reader is None:
        return warning(CARD, {"skipped": READER}, f"未检查：请先解决“{READER}”的问题。",
                       f"Not checked: fix '{READER}' first.")
    try:
        card = reader.read_card()
    except NoIdCard:
        return ok(CARD, {"present": False}, "阅读器上没有证件。放一张证件再检查，可测试整个读证过程。",
                  "No card on the reader. Lay one down and check again to test a whole read.")
    except IdCardError as exc:
        return fault(CARD, {"present": True, "error": type(exc).__name__}, present(exc, "zh"), present(exc, "en"))
    return ok(CARD, {"present": True, "read": True, "card_type": card.card_type.value,
                     "photo_bytes": len(card.photo)})


def check_all(configured: str, *, baudrate: int = DEFAULT_BAUDRATE,
              make_reader: ReaderFactory | None = None) -> list[CheckResult]:
    result, reader = check_reader(configured, baudrate=baudrate, make_reader=make_reader)
    try:
        return [result, check_card(reader)]
    finally:
        if reader is not None:
            reader.close()
