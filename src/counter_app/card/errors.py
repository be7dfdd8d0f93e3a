"""Precise card exceptions, each carrying a message for the clerk (Chinese) and English.

``str(exc)`` is the English text (for logs); :meth:`CardError.message` picks the language at the edge.
"""

from __future__ import annotations

from counter_app.card.sw import describe, sw_name
from counter_app.domain.problems import EXIT_INVALID, Severity, pick


class CardError(Exception):
    """Base of everything that can go wrong with the card, the PSAM or the reader. A
    :class:`~counter_app.domain.problems.UserFacingError`."""

    zh: str = "读写卡出错"
    en: str = "card error"
    exit_code: int = EXIT_INVALID
    severity: Severity = Severity.ERROR

    def __init__(self, zh: str | None = None, en: str | None = None):
        if zh is not None:
            self.zh = zh
        if en is not None:
            self.en = en
        super().__init__(self.en)

    def message(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)


class ApduError(CardError):
    """A status word other than 9000 where success was needed; prints the SW by name."""

    def __init__(self, sw: int, data: bytes = b"", command: str = ""):
        self.sw = sw
        self.data = data
        self.command = command
        where_en = f"{command}: " if command else ""
        super().__init__(
            f"卡片返回错误：{describe(sw, 'zh')}",
            f"{where_en}{sw_name(sw)} ({sw:04X}): {describe(sw, 'en')}",
        )


# --- reader and transport ---------------------------------------------------------------------------

class CardRemoved(CardError):
    zh = "卡片已被拔出或接触不良，请重新插卡后重试"
    en = "the card was removed or lost contact; insert it again and retry"


class NoCard(CardError):
    zh = "读卡器中没有卡片，请插入卡片"
    en = "no card in the reader; insert a card"


class ReaderNotFound(CardError):
    def __init__(self, wanted: str = "", available: list[str] | None = None):
        self.wanted = wanted
        self.available = list(available or [])
        listed = "、".join(self.available) or "无"
        super().__init__(
            f"找不到读卡器 {wanted}（已连接：{listed}），请检查制卡机连接",
            f"reader {wanted!r} not found (available: {', '.join(self.available) or 'none'}); check the encoder",
        )


class ReaderControlUnsupported(CardError):
    """The reader refused an ``SCardControl`` (it has no such feature, or no control at all)."""

    def __init__(self, reader: str = ""):
        self.reader = reader
        super().__init__(f"读卡器 {reader} 不支持该控制命令。", f"the reader {reader} does not support this control")


class PcscUnavailable(CardError):
    zh = "智能卡服务(PC/SC)未运行，请联系技术人员"
    en = "the smart card service (PC/SC, pcscd) is not running; call the technician"


# --- the card is not what we want ----------------------------------------------------------------------

class WrongCard(CardError):
    zh = "卡片与本次业务不符，请换卡"
    en = "this is not the card for this issuance; use another card"


class NotSscCard(WrongCard):
    zh = "这不是社会保障卡（找不到社保应用），请换卡"
    en = "this is not a social security card (no SSSE application); use another card"


class SecondGenerationCard(WrongCard):
    def __init__(self, version: str = ""):
        self.version = version
        super().__init__(
            f"这是二代社保卡（规范版本 {version or '未知'}），本柜台只写三代卡，请换卡",
            f"this is a second-generation card (spec version {version or 'unknown'}); only 3.0 cards are written here",
        )


class CardNotBlank(WrongCard):
    zh = "卡片不是空白卡，不能用于本次制卡"
    en = "the card is not blank and cannot be used for this issuance"


class CardHoldsOtherPerson(CardNotBlank):
    zh = "卡片中已有其他人的信息，不能写入，请换一张空白卡"
    en = "the card already holds another person's data and is refused; use a blank card"


# --- security -----------------------------------------------------------------------------------------

class NotThisIssuancesCard(WrongCard):
    """The card in the encoder is not the card of the issuance being handed over."""

    def __init__(self, expected: str, found: str):
        self.expected, self.found = expected, found
        super().__init__(
            f"读卡器中不是本次制卡的卡片（应为卡识别码 …{expected[-8:]}，实际 …{found[-8:]}）。请放入本次制作的卡片。",
            f"the card in the encoder is not this issuance's card (expected card id …{expected[-8:]}, found "
            f"…{found[-8:]}); put in the card made for this applicant",
        )


class DifferentCard(WrongCard):
    """A resumed write found another chip in the encoder than the one it began on."""

    def __init__(self, expected: str, found: str):
        self.expected, self.found = expected, found
        super().__init__(
            f"读卡器中不是本次制卡开始时的那张卡（应为卡识别码 …{expected[-8:]}，实际 …{found[-8:]}）。请放回原卡，"
            f"或将原卡登记为废卡后重新制卡。",
            f"this is not the card the write began on (expected card id …{expected[-8:]}, found …{found[-8:]}); "
            f"put the original card back, or record it as spoiled and start again",
        )


class CardLocked(CardError):
    zh = "卡片应用已永久锁定，不能使用"
    en = "the card application is permanently locked (9303)"


class KeyBlocked(CardError):
    def __init__(self, key_id: int | None = None):
        self.key_id = key_id
        kid = f"{key_id:02X}" if key_id is not None else "?"
        super().__init__(f"卡片密钥 {kid} 已锁定，该卡不能再写入，请登记废卡",
                         f"card key {kid} is blocked (6983); the card can no longer be written: record it as spoiled")


class PinBlocked(CardError):
    """The PIN has no tries left: 6983, or 63C0 answering the wrong PIN that used the last try."""

    exit_code = 5  # `counter-app card pin ...`: 4 wrong, 5 blocked

    zh = "密码已锁定（连续输错 3 次）。请核验持卡人本人身份证件后办理密码重置（需 PSAM 卡）"
    en = ("the PIN is blocked (3 wrong PINs). Check the holder's own ID card, then reset the PIN "
          "(the PSAM is needed)")


class WrongPin(CardError):
    exit_code = 4  # `counter-app card pin ...`: 4 wrong, 5 blocked

    def __init__(self, tries_left: int):
        self.tries_left = tries_left
        super().__init__(f"密码错误，还可尝试 {tries_left} 次", f"wrong PIN, {tries_left} tries left")


class SecurityStatusNotSatisfied(CardError):
    zh = "卡片安全状态不满足（认证未通过），请重新读卡"
    en = "security status not satisfied (6982): authentication missing; start again"


class SecureMessagingError(CardError):
    zh = "安全报文校验失败（MAC 错误），请检查 PSAM 卡"
    en = "secure messaging failed (6988, MAC wrong); check the PSAM"


class AuthenticationFailed(CardError):
    """External authentication refused with a counter (63Cx) but the key not yet blocked."""

    def __init__(self, key_id: int, tries_left: int | None):
        self.key_id = key_id
        self.tries_left = tries_left
        left = "" if tries_left is None else f"，剩余 {tries_left} 次"
        left_en = "" if tries_left is None else f", {tries_left} tries left"
        super().__init__(f"卡片外部认证失败（密钥 {key_id:02X}{left}），请检查 PSAM 卡",
                         f"external authentication with key {key_id:02X} failed{left_en}; check the PSAM")


# --- PSAM -----------------------------------------------------------------------------------------------

class PsamMissing(CardError):
    zh = "制卡机第二卡座没有 PSAM 卡或 PSAM 卡无响应"
    en = "no PSAM in the encoder's second slot, or it does not answer"


class PsamKeyMismatch(CardError):
    zh = "PSAM 卡与卡片密钥不匹配（内部认证失败），未对卡片做任何改动，请检查 PSAM 卡是否为本地区"
    en = ("the PSAM's keys do not match the card (internal authentication failed); the card was not touched: "
          "check that the PSAM is for this region")


# --- writing --------------------------------------------------------------------------------------------

class VerifyMismatch(CardError):
    def __init__(self, what: str, expected: bytes = b"", actual: bytes = b""):
        self.what = what
        self.expected = expected
        self.actual = actual
        super().__init__(f"写卡后回读校验不一致（{what}），卡片未完成写入，请重试",
                         f"read-back after writing differs ({what}); the card is not encoded: retry")


class Cancelled(CardError):
    severity = Severity.INFO
    zh = "操作已取消"
    en = "cancelled"


# --- the PKI application (SS.CERT.ADF1) ---------------------------------------------------------------

class NoPkiApplication(WrongCard):
    zh = "卡片没有 PKI 应用（不是三代社保卡），不能生成密钥或写入证书"
    en = "the card has no PKI application (not a 3.0 card); keys and certificates cannot be written"


class PinNotVerified(SecurityStatusNotSatisfied):
    """PSO COMPUTE DIGITAL SIGNATURE answered 6982: the holder's PIN was not verified in this session."""

    zh = "卡片签名前须由持卡人输入密码验证"
    en = "the holder's PIN must be verified before the card signs (6982)"


class PkiKeyMissing(CardError):
    """6A88: the PKI key the command needs is not on the card (no signing key pair generated yet)."""

    zh = "卡片中尚未生成签名密钥对，请先生成密钥"
    en = "the card has no signing key pair yet (6A88); generate it first"


class KeyEnvelopeRefused(CardError):
    """IMPORT ENCRYPTION KEY PAIR answered 6A80: the envelope does not decrypt with the card's signing key,
    or the key pair in it does not match. Nothing was stored on the card."""

    zh = "卡片拒绝导入加密密钥对（数字信封与卡内签名密钥不符），卡片未改动，请重新申请证书"
    en = ("the card refused the encryption key pair (the envelope does not match its signing key, 6A80); "
          "the card is unchanged: request the certificates again")


class CertificateUnreadable(CardError):
    """A certificate file whose content is not a DER SEQUENCE that fits the file."""

    def __init__(self, which: str):
        self.which = which
        label = {"sign": "签名", "enc": "加密"}.get(which, which)
        super().__init__(f"卡片中的{label}证书无法读取（数据损坏），请重新写入证书",
                         f"the card's {which} certificate cannot be read (not DER); write it again")
