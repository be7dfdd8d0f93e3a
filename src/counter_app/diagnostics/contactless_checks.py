"""The contactless reader check: the reader there, a card answering its UID, the public data readable, the
holder's data refused without contact.

One result, ``contactless.reader``. A counter without a contactless reader (setting
``card.contactless_reader`` empty) is not a fault: the check after each write is then skipped and every
issuance records it as skipped; the result says so. With a reader, a test card laid on it is read
(:mod:`counter_app.card.contactless`): the UID (PC/SC GET DATA), the public identification records, and
one read of the holder's data (EF06), which must be refused there.
"""

from __future__ import annotations

from counter_app.card import errors as card_errors
from counter_app.card.contactless import probe_protected, read_public
from counter_app.card.profile import CardProfile
from counter_app.diagnostics.readers import ABSENT, PcscPort, resolve
from counter_app.diagnostics.result import CheckResult, fault, ok, warning

READER = "contactless.reader"
SW_OK = 0x9000


def check_contactless(port: PcscPort, wanted: str, profile: CardProfile) -> CheckResult:
    if not wanted.strip():
        return ok(READER, {"configured": False},
                  "本柜台未设置非接触读卡器（card.contactless_reader）：写卡后的非接触检查将跳过，并在制卡记录中注明。",
                  "No contactless reader is set (card.contactless_reader): the contactless check after each write "
                  "is skipped, and each issuance records that.")
    measured: dict = {"configured": True, "setting": wanted}
    try:
        reader = resolve(port, wanted)
    except card_errors.PcscUnavailable:
        return warning(READER, {**measured, "skipped": "pcsc.service"}, "未检查：请先解决“pcsc.service”的问题。",
                       "Not checked: fix 'pcsc.service' first.")
    except card_errors.ReaderNotFound as exc:
        return fault(READER, {**measured, "readers": exc.available, "reader": None},
                     "找不到非接触读卡器：请检查它的 USB 连接，或把设置 card.contactless_reader 改为上面列出的读卡器名称。",
                     "The contactless reader is not there: check its USB cable, or set card.contactless_reader "
                     "to one of the listed readers.")
    measured["reader"] = reader
    try:
        conn = port.connect(reader)
    except ABSENT:
        return warning(READER, {**measured, "present": False},
                       "非接触读卡器上没有卡：放一张已写好的测试卡后重新检查。",
                       "No card on the contactless reader: lay a written test card on it and check again.")
    except card_errors.CardError as exc:
        return fault(READER, {**measured, "error": type(exc).__name__},
                     f"无法连接非接触卡片：{exc.message('zh')}", f"Cannot connect to the contactless card: {exc.message('en')}")
    try:
        measured["present"] = True
        measured["atr"] = conn.atr.hex().upper()
        try:
            reading = read_public(conn, profile)
        except card_errors.CardError as exc:
            return fault(READER, {**measured, "error": type(exc).__name__},
                         f"卡片在非接触读卡器上不能正确应答：{exc.message('zh')}",
                         f"The card does not answer properly on the contactless reader: {exc.message('en')}")
        measured.update(uid=reading.uid_hex, card_id=reading.card_id, card_number=reading.card_number or None)
        sw = probe_protected(conn, profile)
        measured["protected_read_sw"] = f"{sw:04X}"
    except ABSENT:
        return fault(READER, {**measured, "error": "CardRemoved"}, "检查中卡片离开了非接触读卡器，请放稳后重新检查。",
                     "The card left the contactless reader during the check: lay it still and check again.")
    finally:
        conn.close()
    if sw == SW_OK:
        return fault(READER, measured,
                     "这张卡在非接触方式下可以读出持卡人信息（EF06），不符合非接触访问规则：请停止使用这批卡并上报。",
                     "This card gives out the holder's data (EF06) without contact, against the contactless access "
                     "rule: stop using this batch of cards and report it.")
    return ok(READER, measured)
