"""Settings, declared once with their defaults, stored as TOML under the counter's config directory.

Every setting the app reads is declared in :data:`DECLARED` (as Picard declares its options):
its key, default and a one-line description. Reading a key that is not declared is a bug and
raises ``KeyError``; unknown keys found in a file are kept (a newer version may have written them)
but ignored. The demo and tests write their own file through ``--config`` or ``--data-dir``.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    default: Any
    doc: str


DECLARED: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("ui.language", "zh_CN", "界面语言 interface language: zh_CN or en"),
        Setting("counter.id", "", "本柜台编号 this counter's id on the ledger (set by enrollment)"),
        Setting("counter.region_code", "421303", "发卡地区 region code (GB/T 2260) of this counter"),
        Setting("card.reader", "Virtual PCD 00 00", "写卡器读卡槽 encoder reader name (exact or pattern)"),
        Setting("card.psam_reader", "Virtual PCD 00 01", "PSAM 卡槽 PSAM reader name (exact or pattern)"),
        Setting("card.contactless_reader", "", "非接触读卡器 contactless reader name (exact or pattern; empty: none, "
                                               "the check after writing is skipped)"),
        Setting("card.profile", "ssc3_default", "卡片配置 card profile name"),
        Setting("card.write_retries", 3, "写卡失败重试次数 chip write retries before the card is set aside"),
        Setting("card.write_photo", True, "写入芯片照片 write the chip photo (EF08)"),
        Setting("card.validity_years", 10, "卡有效期年数 card validity in years"),
        Setting("card.initial_pin", "123456", "卡片初始密码 the stock's initial PIN (refused for use and as a new PIN)"),
        Setting("card.certificates", True, "第三代卡数字证书 the certificate step at hand-over (SM2 keys, CA certificates)"),
        Setting("card.pin_length", 6, "密码位数 digits of a PIN the holder chooses"),
        Setting("card.pin_min_length", 4, "密码最短位数 shortest PIN length the settings may choose (>= 4)"),
        Setting("card.pin_max_length", 16, "密码最长位数 longest PIN length the settings may choose (<= 16)"),
        Setting("idcard.port", "", "身份证阅读器串口 ID card reader serial port (/dev/ttyUSB0, COM3; empty: the "
                                   "first serial port whose device answers as an ID card reader)"),
        Setting("idcard.baudrate", 115200, "身份证阅读器波特率 ID card reader baud rate (115200 for most readers)"),
        Setting("idcard.photo_decoder", "", "身份证照片解码器 the reader vendor's photo decoder as module:name (a "
                                            "PhotoDecoder class or factory; empty: none, the photo stays opaque)"),
        Setting("codes.other_ethnicity", "97", "民族“其他”代码 code for 其他 (97, or 99 in some provinces)"),
        Setting("photo.camera", "", "摄像头 camera device description (empty: the system default)"),
        Setting("demo.enabled", False, "演示模式 demo mode: the simulated camera and blank-card insertion of make demo "
                                       "(also counter-app --demo); never in production"),
        Setting("photo.min_kb", 14, "照片最小 KB"),
        Setting("photo.max_kb", 40, "照片最大 KB"),
        Setting("printer.name", "CardPrinter", "制卡打印机 CUPS queue of the card printer"),
        Setting("printer.receipt_name", "", "回执打印机 CUPS queue for holder receipts (empty: the card printer)"),
        Setting("printer.layout", "labels_printed", "卡面版式 card face layout: labels_printed or labels_preprinted"),
        Setting("printer.date_format", "YYYY年M月D日", "发卡日期格式 issue date format on the card face"),
        Setting("ledger.url", "http://127.0.0.1:8700", "中心台账地址 central ledger URL"),
        Setting("ledger.tls_ca_file", "", "台账 TLS 根证书 PEM file of the CA(s) that signed the ledger's HTTPS "
                                          "certificate; only these are trusted (empty: the system's CAs)"),
        Setting("ledger.allow_plain_http", False, "允许非本机 HTTP allow plain HTTP to a non-loopback ledger"),
        Setting("sync.batch_size", 500, "同步批量 events per batch"),
        Setting("sync.timeout_seconds", 30.0, "同步请求超时秒数 timeout of one request to the ledger"),
        Setting("sync.lookup_timeout_seconds", 2.0,
                "人员查询超时秒数 person lookup timeout (offline: answer 'unknown' quickly)"),
        Setting("sync.idle_seconds", 30.0, "同步空闲间隔 seconds between syncs when nothing is pending"),
        Setting("sync.heartbeat_seconds", 60.0, "心跳间隔 seconds between two heartbeats to the ledger (at least)"),
        Setting("sync.backoff_initial_seconds", 1.0, "重试初始间隔 first retry delay (doubles, full jitter)"),
        Setting("sync.backoff_max_seconds", 300.0, "重试最长间隔 longest retry delay"),
        Setting("sync.card_number_low_water", 200, "卡号余量下限 ask the ledger for a block below this many"),
        Setting("sync.card_number_block_size", 500, "卡号号段大小 card numbers per block (1-1000)"),
        Setting("security.lockout_attempts", 5, "锁定前允许失败次数 failed logins before lockout"),
        Setting("security.lockout_minutes", 15, "锁定分钟数 lockout duration"),
        Setting("security.idle_lock_minutes", 10, "空闲锁定分钟数 idle minutes before the session locks"),
        Setting("retention.days", 30, "个人数据保留天数 days personal data is kept after acknowledgement"),
        Setting("log.level", "INFO", "日志级别 log level"),
        Setting("targets.new_ssc3_per_year", 70000, "年度三代卡新发目标 new third-generation cards per year (district)"),
        Setting("targets.cards_per_year", 120000, "年度发卡目标 cards issued per year (district)"),
        Setting("targets.coverage_percent", 99.5, "年末持卡率目标 % of residents holding a card by year end"),
        Setting("targets.budget_yuan", 1000000, "年度制卡预算（元） card-making budget per year, yuan"),
        Setting("stock.low_threshold", 100, "空白卡库存预警 warn when blank cards on hand fall below this"),
        # --- card management (卡管), the co-issuing bank, fees, people (issue 20: docs/card-management.md) ---
        Setting("cardmgmt.enabled", True, "卡管接口 ask the card-management system (eligibility, bank, reports) "
                                          "once the counter is enrolled with its ledger"),
        Setting("cardmgmt.adapter", "ledger", "卡管接口实现 card-management adapter: ledger (the central ledger's "
                                              "reference implementation) or module:factory of a provincial adapter"),
        Setting("cardmgmt.timeout_seconds", 5.0, "卡管查询超时秒数 timeout of one card-management question"),
        Setting("cardmgmt.when_unreachable", "allow", "卡管不可用时 allow (the counter works offline: the check is "
                                                      "recorded as skipped, the bank pre-opening deferred to the "
                                                      "completion report) or refuse (no application without it)"),
        Setting("banks.list", [{"code": "102", "name": "中国工商银行", "bins": ["621226"]},
                               {"code": "103", "name": "中国农业银行", "bins": ["622848"]},
                               {"code": "105", "name": "中国建设银行", "bins": ["621700"]}],
                "合作银行 co-issuing banks: code (银行行号 3 digits), name, card BIN prefixes"),
        Setting("banks.default", "102", "默认合作银行 bank code chosen for an applicant unless changed"),
        Setting("fees.enabled", True, "收费 charge the fees of fees.rules before the chip write (QR through the "
                                      "ledger's gateway, cash with a receipt, or a waiver); off: nothing is charged"),
        Setting("fees.rules", [{"application_type": "replacement", "reason": "*", "amount_yuan": 20},
                               {"application_type": "renewal", "reason": "*", "amount_yuan": 0},
                               {"application_type": "upgrade", "reason": "*", "amount_yuan": 0},
                               {"application_type": "new", "reason": "*", "amount_yuan": 0}],
                "收费规则 fee per application type and reason code (* any); the first card is always free"),
        Setting("fees.waivers", [{"code": "elderly", "name": "老年人（70 岁及以上）", "name_en": "elderly (70 and over)"},
                                 {"code": "disability", "name": "持残疾人证", "name_en": "disability certificate"},
                                 {"code": "low_income", "name": "低保、特困人员",
                                  "name_en": "minimum living allowance or extreme poverty"}],
                "减免原因 fee waiver reason codes with their names (name_en: the English name)"),
        Setting("fees.qr_timeout_seconds", 300, "扫码支付超时秒数 seconds a payment QR stays valid"),
        Setting("people.guardian_below_age", 16, "需监护人年龄 applicants under this age apply through a guardian"),
        Setting("people.photo_from_age", 0, "需照片起始年龄 no card photo needed below this age (e.g. 6; 0: always)"),
        Setting("papers.printer_name", "", "A4 打印机 CUPS queue for the application form and collection receipt "
                                           "(empty: the receipt printer)"),
    )
}


# Keys renamed since a release: read from old files under their new name (written back under it).
_RENAMED = {"ledger.ca_bundle": "ledger.tls_ca_file"}


class Settings:
    """The effective settings: declared defaults overlaid with the values of one TOML file."""

    def __init__(self, path: Path | None, values: dict[str, Any] | None = None):
        self.path = path
        self._values: dict[str, Any] = dict(values or {})

    @classmethod
    def load(cls, path: str | os.PathLike | None) -> Settings:
        """Read ``path`` if it exists; a missing file means all defaults. A malformed file is an
        error with its line, not silently ignored: a technician must see that it was not applied."""
        p = Path(path) if path else None
        values: dict[str, Any] = {}
        if p is not None and p.exists():
            with p.open("rb") as f:
                values = _flatten(tomllib.load(f))
        for old, new in _RENAMED.items():  # a file written before the rename still applies
            if old in values and new not in values:
                values[new] = values.pop(old)
        return cls(p, values)

    def get(self, key: str) -> Any:
        setting = DECLARED[key]
        return self._values.get(key, setting.default)

    __getitem__ = get

    def set(self, key: str, value: Any) -> None:
        if key not in DECLARED:
            raise KeyError(key)
        self._values[key] = value

    def as_dict(self) -> dict[str, Any]:
        return {key: self.get(key) for key in DECLARED}

    def save(self) -> None:
        """Write atomically (a power cut leaves the old file or the new one, never half of one)."""
        if self.path is None:
            raise ValueError("settings have no file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = _nest(self._values)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-")
        try:
            with os.fdopen(fd, "wb") as f:
                tomli_w.dump(data, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in tree.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, v in flat.items():
        node = out
        *parents, leaf = key.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = v
    return out
