"""PSAM checks: present and answering (its terminal number), and an authentication test.

The authentication test is the profile's *internal* authentication: the test card encrypts our
random data with its key and the PSAM derives the same key from its master key; equal cryptograms
prove the PSAM's keys match the card stock. Internal authentication has no retry counter on the
card, so the test can be run any number of times and never blocks a card — unlike external
authentication, which the test never sends.
"""

from __future__ import annotations

from counter_app.card import errors as card_errors
from counter_app.card.profile import CardProfile
from counter_app.diagnostics.readers import ABSENT, PcscPort, ReaderRoles, resolve
from counter_app.diagnostics.result import CheckResult, fault, ok, warning

PRESENT, AUTH = "psam.present", "psam.auth"


def _skipped(name: str, because: str) -> CheckResult:
    return warning(name, {"skipped": because}, f"未检查：请先解决“{because}”的问题。",
                   f"Not checked: fix '{because}' first.")


def check_psam(port: PcscPort, roles: ReaderRoles, profile: CardProfile) -> CheckResult:
    from counter_app.card.psam import Psam

    try:
        reader = resolve(port, roles.psam)
    except card_errors.PcscUnavailable:
        return _skipped(PRESENT, "pcsc.service")
    except card_errors.ReaderNotFound:
        return _skipped(PRESENT, "pcsc.readers")
    try:
        conn = port.connect(reader)
    except ABSENT:
        return fault(PRESENT, {"reader": reader, "present": False},
                     "PSAM 卡座中没有 PSAM 卡：请插入本地区的 PSAM 卡（芯片朝下插到底），然后重新检查。",
                     "No PSAM in its slot: insert this region's PSAM (chip down, all the way in), then check again.")
    try:
        terminal = Psam(conn, profile).terminal_number()
    except card_errors.PsamMissing:
        return fault(PRESENT, {"reader": reader, "present": True, "answers": False, "atr": conn.atr.hex().upper()},
                     "PSAM 卡座中的卡不应答 PSAM 指令：可能插错了卡，请换上本地区的 PSAM 卡。",
                     "The card in the PSAM slot does not answer as a PSAM: probably the wrong card; insert this region's PSAM.")
    finally:
        conn.close()
    return ok(PRESENT, {"reader": reader, "present": True, "terminal_number": terminal})


def check_psam_auth(port: PcscPort, roles: ReaderRoles, profile: CardProfile) -> CheckResult:
    """Internal authentication of the test card in the encoder, checked by the PSAM."""
    from counter_app.card.personalize import identify
    from counter_app.card.psam import Psam
    from counter_app.card.ssc import SscCard, internal_authenticate

    try:
        card_reader, psam_reader = resolve(port, roles.card), resolve(port, roles.psam)
    except card_errors.PcscUnavailable:
        return _skipped(AUTH, "pcsc.service")
    except card_errors.ReaderNotFound:
        return _skipped(AUTH, "pcsc.readers")
    try:
        card_conn = port.connect(card_reader)
    except ABSENT:
        return warning(AUTH, {"card": False}, "未做认证测试：请在写卡槽插入一张测试卡（三代空白卡），再重新检查。",
                       "Authentication not tested: insert a test card (a blank 3.0 card) in the encoder and check again.")
    try:
        try:
            psam_conn = port.connect(psam_reader)
        except ABSENT:
            return _skipped(AUTH, PRESENT)
        try:
            card, psam = SscCard(card_conn, profile), Psam(psam_conn, profile)
            try:
                ident = identify(card, profile)
            except card_errors.CardError:
                return warning(AUTH, {"card": True, "card_usable": False},
                               "未做认证测试：写卡槽中不是本地区的三代社保卡，请换一张测试卡。",
                               "Authentication not tested: the card in the encoder is not a 3.0 card of this region; use another test card.")
            try:
                internal_authenticate(card, psam, profile.key_internal_auth, ident.card_id)
            except card_errors.PsamKeyMismatch:
                return fault(AUTH, {"card": True, "keys_match": False, "method": "internal authentication"},
                             "PSAM 密钥与卡片不匹配：PSAM 卡不是本地区/本批卡的，请更换正确的 PSAM 卡（卡片未被改动，重试次数未消耗）。",
                             "The PSAM's keys do not match the card: wrong PSAM for this region or stock; insert the "
                             "right one (the card was not changed and no retry counter was used).")
            except card_errors.PsamMissing:
                return _skipped(AUTH, PRESENT)
            except card_errors.CardError as exc:
                return fault(AUTH, {"card": True, "error": type(exc).__name__},
                             f"认证测试出错：{exc.message('zh')}", f"The authentication test failed: {exc.message('en')}")
            return ok(AUTH, {"card": True, "keys_match": True, "method": "internal authentication",
                             "card_region": ident.region_code})
        finally:
            psam_conn.close()
    finally:
        card_conn.close()
