"""PC/SC checks: the service, the encoder's two readers, the card in the encoder (ATR, type).

Every check answers on its own (a check that cannot run because an earlier one failed says so as a
warning naming that check), so a report read over the phone is complete whatever broke.
"""

from __future__ import annotations

from counter_app.card import errors as card_errors
from counter_app.card.profile import CardProfile
from counter_app.diagnostics.atr import decode_atr
from counter_app.diagnostics.readers import ABSENT, PcscPort, ReaderRoles, resolve
from counter_app.diagnostics.result import CheckResult, fault, ok, warning

SERVICE, READERS, CARD = "pcsc.service", "pcsc.readers", "card.present"
CARD_ATR, CARD_TYPE = "card.atr", "card.type"

_START_PCSCD_ZH = "智能卡服务未运行：请执行 sudo systemctl start pcscd（或重启电脑），然后重新检查。"
_START_PCSCD_EN = "The smart card service is not running: run 'sudo systemctl start pcscd' (or restart the PC), then check again."


def _skipped(name: str, because: str) -> CheckResult:
    return warning(name, {"skipped": because}, f"未检查：请先解决“{because}”的问题。",
                   f"Not checked: fix '{because}' first.")


def check_service(port: PcscPort) -> CheckResult:
    try:
        readers = port.list_readers()
    except card_errors.PcscUnavailable:
        return fault(SERVICE, {"running": False}, _START_PCSCD_ZH, _START_PCSCD_EN)
    return ok(SERVICE, {"running": True, "readers": len(readers)})


def check_readers(port: PcscPort, roles: ReaderRoles) -> CheckResult:
    try:
        readers = port.list_readers()
    except card_errors.PcscUnavailable:
        return _skipped(READERS, SERVICE)
    measured: dict = {"readers": readers, "encoder_setting": roles.card, "psam_setting": roles.psam}
    missing = []
    for key, wanted in (("encoder", roles.card), ("psam", roles.psam)):
        try:
            measured[key] = resolve(port, wanted)
        except card_errors.ReaderNotFound:
            measured[key] = None
            missing.append(key)
    if not readers:
        return fault(READERS, measured, "没有读卡器：请检查制卡机的 USB 线和电源，拔插后重新检查。",
                     "No readers at all: check the encoder's USB cable and power, replug, check again.")
    if missing:
        which_zh = "、".join({"encoder": "写卡槽", "psam": "PSAM 卡槽"}[m] for m in missing)
        return fault(READERS, measured,
                     f"找不到{which_zh}：请检查制卡机连接，或在设置中把 card.reader / card.psam_reader 改为上面列出的读卡器名称。",
                     f"Reader(s) not found: {', '.join(missing)}. Check the encoder, or set card.reader / "
                     f"card.psam_reader to one of the listed names.")
    if measured["encoder"] == measured["psam"]:
        return fault(READERS, measured, "写卡槽与 PSAM 卡槽设置成了同一个读卡器：请改正设置。",
                     "The card slot and the PSAM slot name the same reader: fix the settings.")
    return ok(READERS, measured)


def check_card(port: PcscPort, roles: ReaderRoles, profile: CardProfile) -> list[CheckResult]:
    """Card present, its ATR decoded, its type recognised (3.0 SSC, 2nd generation, unknown)."""
    try:
        reader = resolve(port, roles.card)
    except card_errors.PcscUnavailable:
        return [_skipped(n, SERVICE) for n in (CARD, CARD_ATR, CARD_TYPE)]
    except card_errors.ReaderNotFound:
        return [_skipped(n, READERS) for n in (CARD, CARD_ATR, CARD_TYPE)]
    try:
        conn = port.connect(reader)
    except ABSENT:
        return [warning(CARD, {"reader": reader, "present": False},
                        "写卡槽中没有卡：要检查卡片和 PSAM 认证，请插入一张测试卡后重新检查。",
                        "No card in the encoder: insert a test card to check the card and the PSAM authentication."),
                _skipped(CARD_ATR, CARD), _skipped(CARD_TYPE, CARD)]
    except card_errors.CardError as exc:
        return [fault(CARD, {"reader": reader, "error": type(exc).__name__},
                      f"无法连接卡片：{exc.message('zh')}", f"Cannot connect to the card: {exc.message('en')}"),
                _skipped(CARD_ATR, CARD), _skipped(CARD_TYPE, CARD)]
    try:
        atr = conn.atr
        results = [ok(CARD, {"reader": reader, "present": True})]
        info = decode_atr(atr)
        if info.problems:
            results.append(warning(CARD_ATR, info.as_dict(), "ATR 格式有问题（见测量值）：卡片可能接触不良，请擦拭芯片后重插。",
                                   "The ATR is malformed (see measured): clean the chip and reinsert the card."))
        else:
            results.append(ok(CARD_ATR, info.as_dict()))
        results.append(card_type(conn, profile))
        return results
    finally:
        conn.close()


def card_type(conn, profile: CardProfile) -> CheckResult:
    """SELECT the SSSE application and read the spec version: ssc3 | ssc2 | unknown."""
    from counter_app.card.personalize import identify
    from counter_app.card.ssc import SscCard

    card = SscCard(conn, profile)
    try:
        ident = identify(card, profile)
    except card_errors.SecondGenerationCard as exc:
        return warning(CARD_TYPE, {"type": "ssc2", "spec_version": exc.version},
                       "这是二代社保卡：本柜台只写三代卡。请检查卡库存是否放错。",
                       "A second-generation card: this counter writes 3.0 cards only. Check the card stock.")
    except ABSENT:
        return fault(CARD_TYPE, {"type": "unknown", "error": "card removed"},
                     "读卡时卡片被拔出或接触不良：请插好后重新检查。", "The card was pulled or lost contact: reinsert and check again.")
    except card_errors.CardError as exc:
        return fault(CARD_TYPE, {"type": "unknown", "error": type(exc).__name__},
                     f"无法识别的卡片（{exc.message('zh')}）：这张卡不能在本柜台使用，请检查卡库存。",
                     f"Unknown card ({exc.message('en')}): it cannot be used at this counter; check the card stock.")
    return ok(CARD_TYPE, {"type": "ssc3", "spec_version": ident.spec_version, "algorithm": ident.algorithm,
                          "region": ident.region_code})
