"""The applicant: who the card is for and what they applied for.

``Applicant`` is a plain value. Its JSON form (``to_dict`` / ``from_dict``) is the applicant
file of the command line (``tests/data/applicant.json`` is an example) and what the local
store keeps (as the personal-data blob the security layer encrypts).
Validation lives in :mod:`counter_app.domain.validation`; this module only holds the shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any

from counter_app.domain.people import Representative


class DocumentType(StrEnum):
    """证件类型 (document types) with their code-table values."""

    RESIDENT_ID = "01"          # 居民身份证(户口簿)
    MILITARY_OFFICER = "02"     # 军官证
    ARMED_POLICE = "03"         # 武警警官证
    HK_PERMIT = "04"            # 港澳居民来往内地通行证 (香港)
    MO_PERMIT = "05"            # 港澳居民来往内地通行证 (澳门)
    TW_PERMIT = "06"            # 台湾居民来往大陆通行证
    FOREIGN_PERMANENT = "07"    # 外国人永久居留证
    FOREIGN_PASSPORT = "08"     # 外国人护照
    SOCIAL_SECURITY_CARD = "90"
    OTHER = "99"


class ApplicationType(StrEnum):
    NEW = "new"                  # 新申领
    REPLACEMENT = "replacement"  # 补换卡 (lost, damaged, other reasons)
    RENEWAL = "renewal"          # 换新卡 (expiry)
    UPGRADE = "upgrade"          # 二代卡升级为三代卡


class ReplacementReason(StrEnum):
    """补换卡原因 as in the code table of the spec."""

    LOST = "11"
    DAMAGED = "12"
    MINOR_TO_ADULT = "21"
    ID_DATA_CHANGED = "22"
    BANK_CHANGED = "23"
    RENEWAL = "80"
    OTHER = "90"


@dataclass(frozen=True, slots=True)
class Applicant:
    """Everything the card and the ledger need about one applicant and their application.

    ``name`` is the true name (Unicode, GB 18030 repertoire). ``chip_name`` is set only when the
    true name has characters outside GBK: the supervisor-approved substitute written to the chip.
    """

    document_type: DocumentType
    document_number: str
    name: str
    sex: str                      # GB/T 2261.1: "1" male, "2" female, "9" unstated
    ethnicity: str                # GB 3304 two-digit code
    birth_date: dt.date
    birthplace: str               # GB/T 2260 six-digit code
    nationality: str = "CHN"      # ISO 3166-1 alpha-3
    phone: str = ""
    address: str = ""
    application_type: ApplicationType = ApplicationType.NEW
    reason: ReplacementReason | None = None
    chip_name: str | None = None
    # --- what the card system also asks (issue 20); all optional so that older files still load ---
    occupation: str = ""                  # 职业类别 code (GB/T 6565 major groups, domain.codes)
    id_valid_from: dt.date | None = None  # the ID card's validity (from the reader)
    id_valid_to: dt.date | None = None    # None with id_valid_long_term: 长期
    id_valid_long_term: bool = False
    issuing_authority: str = ""           # 签发机关 (from the reader)
    household_type: str = ""              # 户口性质 code (domain.codes)
    bank_code: str = ""                   # the co-issuing bank (银行行号, settings banks.list)
    guardian: Representative | None = None  # 监护人: required under people.guardian_below_age
    agent: Representative | None = None     # 代办人: applies or collects for an adult

    @property
    def social_security_number(self) -> str:
        """社会保障号码: the ID number for citizens and residence-permit holders."""
        return self.document_number

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["document_type"] = self.document_type.value
        d["birth_date"] = self.birth_date.isoformat()
        d["application_type"] = self.application_type.value
        d["reason"] = self.reason.value if self.reason else None
        for key in ("id_valid_from", "id_valid_to"):
            value = getattr(self, key)
            d[key] = value.isoformat() if value else None
        for key in ("guardian", "agent"):
            value = getattr(self, key)
            d[key] = value.to_dict() if value else None
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Applicant:
        """Build from the JSON form. Raises ``ValueError``/``KeyError`` on a malformed dict;
        the caller turns that into a message (content rules are checked by validation)."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown applicant fields: {', '.join(sorted(unknown))}")
        values = dict(data)
        values["document_type"] = DocumentType(str(values["document_type"]))
        values["birth_date"] = dt.date.fromisoformat(str(values["birth_date"]))
        values["application_type"] = ApplicationType(values.get("application_type", "new"))
        reason = values.get("reason")
        values["reason"] = ReplacementReason(str(reason)) if reason not in (None, "") else None
        for key in ("id_valid_from", "id_valid_to"):
            if values.get(key) not in (None, ""):
                values[key] = dt.date.fromisoformat(str(values[key]))
            else:
                values[key] = None
        for key in ("guardian", "agent"):
            if values.get(key):
                values[key] = Representative.from_dict(values[key])
            else:
                values[key] = None
        for key in ("document_number", "name", "sex", "ethnicity", "birthplace"):
            if not isinstance(values.get(key), str):
                raise ValueError(f"field {key} must be a string")
        return cls(**values)
