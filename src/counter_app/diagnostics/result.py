"""The value every check returns: a verdict, what was measured, and what to do next (zh and en)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from counter_app.domain.problems import pick


class Verdict(StrEnum):
    OK = "ok"
    WARNING = "warning"
    FAULT = "fault"

    @property
    def zh(self) -> str:
        return {"ok": "正常", "warning": "注意", "fault": "故障"}[self.value]

    def label(self, lang: str = "zh") -> str:
        """The verdict as the technician reads it: 正常/注意/故障, or the value itself in English."""
        return pick(lang, self.zh, self.value)

    @property
    def rank(self) -> int:
        return {"ok": 0, "warning": 1, "fault": 2}[self.value]


# The checks' Chinese titles; in English a check is called by its stable name.
CHECK_TITLES_ZH = {
    "pcsc.service": "智能卡服务", "pcsc.readers": "读卡器", "card.present": "卡片在位", "card.atr": "ATR 解析",
    "card.type": "卡片类型", "psam.present": "PSAM 卡", "psam.auth": "PSAM 认证测试", "printer.queue": "打印队列",
    "printer.fonts": "卡面字体",
    "contactless.reader": "非接触读卡器",
    "camera.devices": "相机", "camera.frame_rate": "相机帧率", "ledger.reachable": "中心台账连接", "ledger.tls": "TLS 证书",
    "ledger.clock": "时钟差", "ledger.enrollment": "柜台登记", "ledger.sync": "同步状态", "db.integrity": "数据库完整性",
    "db.size": "数据库大小", "disk.free": "磁盘空间", "idcard.reader": "身份证阅读器", "idcard.card": "身份证在位",
}


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome. ``name`` is stable (``pcsc.service``, ``db.integrity``…); ``measured``
    holds plain JSON values (numbers, strings, lists) — never personal data or key material."""

    name: str
    verdict: Verdict
    measured: dict[str, Any] = field(default_factory=dict)
    advice_zh: str = ""
    advice_en: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.OK

    def advice(self, lang: str = "zh") -> str:
        return pick(lang, self.advice_zh, self.advice_en)

    def title(self, lang: str = "zh") -> str:
        """The check as the technician's table names it: the Chinese title over the stable name, or the name."""
        return pick(lang, f"{CHECK_TITLES_ZH.get(self.name, self.name)}\n{self.name}", self.name)

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"name": self.name, "verdict": self.verdict.value, "measured": self.measured,
                "advice": self.advice(lang)}


def ok(name: str, measured: dict[str, Any], zh: str = "", en: str = "") -> CheckResult:
    return CheckResult(name, Verdict.OK, measured, zh, en)


def warning(name: str, measured: dict[str, Any], zh: str, en: str) -> CheckResult:
    return CheckResult(name, Verdict.WARNING, measured, zh, en)


def fault(name: str, measured: dict[str, Any], zh: str, en: str) -> CheckResult:
    return CheckResult(name, Verdict.FAULT, measured, zh, en)


def worst(results: Iterable[CheckResult]) -> Verdict:
    """The most serious verdict among ``results`` (OK for none)."""
    return max((r.verdict for r in results), key=lambda v: v.rank, default=Verdict.OK)
