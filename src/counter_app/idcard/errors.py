"""The ID card reader's exceptions, each a :class:`~counter_app.domain.problems.UserFacingError`.

``str(exc)`` is the English text (for logs); :meth:`IdCardError.message` picks the language at the edge.
Exit codes follow the command line: 3 when no card lies on the reader (lay one down and try again), 1 for a
reader fault.
"""

from __future__ import annotations

import datetime as dt

from counter_app.domain.problems import EXIT_INVALID, Severity, pick

EXIT_NO_CARD = 3


class IdCardError(Exception):
    """Base of everything that can go wrong with the ID card reader or the card on it."""

    zh: str = "身份证阅读器出错"
    en: str = "ID card reader error"
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


class NoIdCard(IdCardError):
    zh = "身份证阅读器上没有证件，请把证件放在阅读器上"
    en = "no ID card on the reader; lay the card on the reader"
    exit_code = EXIT_NO_CARD
    severity = Severity.WARNING


class IdCardLifted(NoIdCard):
    zh = "读证过程中证件被拿开，请把证件放回阅读器上，读完再拿开"
    en = "the ID card was lifted during the read; lay it down again and leave it until the read is done"


class IdCardReaderNotFound(IdCardError):
    """No serial port answers as an ID card reader, or the configured one cannot be opened."""

    def __init__(self, port: str = "", detail: str = "", tried: list[str] | None = None):
        self.port, self.detail, self.tried = port, detail, list(tried or [])
        if port:
            super().__init__(f"打不开身份证阅读器端口 {port}（{detail or '无此设备'}），请检查连线和设置 idcard.port",
                             f"cannot open the ID card reader port {port} ({detail or 'no such device'}); "
                             "check the cable and the setting idcard.port")
        else:
            listed = "、".join(self.tried) or "无"
            super().__init__(f"找不到身份证阅读器（试过的串口：{listed}），请检查连线或在设置 idcard.port 中指定端口",
                             f"no ID card reader found (serial ports tried: {', '.join(self.tried) or 'none'}); "
                             "check the cable or set idcard.port")


class IdCardReaderSilent(IdCardError):
    def __init__(self, port: str = ""):
        self.port = port
        super().__init__(f"身份证阅读器（{port}）没有应答，请检查电源和连线",
                         f"the ID card reader ({port}) does not answer; check its power and cable")


class IdCardFrameError(IdCardError):
    """Answers that stay malformed (bad check byte, wrong length) after the retries."""

    def __init__(self, reason: str = "", port: str = ""):
        self.reason, self.port = reason, port
        super().__init__(f"身份证阅读器（{port}）的应答一再出错（{reason}），请检查连线或更换阅读器",
                         f"the ID card reader ({port}) keeps sending damaged answers ({reason}); "
                         "check the cable or replace the reader")


class IdCardReaderFault(IdCardError):
    """The reader answered with a status that means it (its SAM) cannot work."""

    def __init__(self, sw3: int, zh_what: str, en_what: str):
        self.sw3 = sw3
        super().__init__(f"身份证阅读器故障：{zh_what}（SW3 {sw3:02X}），请联系技术人员",
                         f"ID card reader fault: {en_what} (SW3 {sw3:02X}); call the technician")


class IdCardUnreadable(IdCardError):
    """The card is there but cannot be read (failed authentication, an unknown card type, damaged data)."""

    def __init__(self, zh_what: str, en_what: str):
        super().__init__(f"无法读取该证件：{zh_what}。请把证件重新放好；仍不行则手工录入",
                         f"the ID card cannot be read: {en_what}. Lay it down again; if that fails, type the data in")


class IdCardExpired(IdCardError):
    """The card on the reader is past its validity: not accepted for a new application."""

    severity = Severity.WARNING

    def __init__(self, valid_to: dt.date):
        self.valid_to = valid_to
        super().__init__(f"该证件已于 {valid_to.isoformat()} 过期，不能用于新申请。请申请人先换领有效证件",
                         f"this ID card expired on {valid_to.isoformat()} and is not accepted for a new "
                         "application; the applicant must renew it first")


class PhotoDecoderUnavailable(IdCardError):
    """The photo decoder named in the settings cannot be loaded (the ID card's data still reads without it)."""

    severity = Severity.WARNING

    def __init__(self, spec: str, detail: str):
        self.spec, self.detail = spec, detail
        super().__init__(f"无法加载身份证照片解码器 {spec}（{detail}），证件照片不能显示。请检查设置 idcard.photo_decoder",
                         f"the ID card photo decoder {spec} cannot be loaded ({detail}); the card's photo cannot be "
                         "shown. Check the setting idcard.photo_decoder")
