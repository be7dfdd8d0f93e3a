"""What the counter writes to a card, and its exact record bytes under a :class:`CardProfile`.

:class:`CardPersonalData` holds values as the clerk knows them (text, dates); :func:`encode_records`
turns them into ``(RecordSpec, TLV bytes)`` per the profile, :func:`decode_records` goes back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from counter_app.card.profile import CardProfile, RecordSpec
from counter_app.card.tlv import TlvError, decode_field, decode_record, encode_field, encode_record
from counter_app.domain.applicant import Applicant
from counter_app.domain.problems import EXIT_INVALID, Severity, pick

CHIP_NAME_BYTES = 30
NAME_EXTENSION_BYTES = 20
_DATE_FIELDS = ("birth_date", "issue_date", "expiry_date")


class RecordDataError(ValueError):
    """A value that cannot be written to its record (too long, not GBK, not digits …), with the field.
    A :class:`~counter_app.domain.problems.UserFacingError`."""

    exit_code: int = EXIT_INVALID
    severity: Severity = Severity.ERROR

    def __init__(self, field_name: str, label: str, reason: str):
        self.field = field_name
        self.label = label
        self.zh = f"{label}无法写入卡片：{reason}"
        self.en = f"{field_name} cannot be written to the card: {reason}"
        super().__init__(self.en)

    def message(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)


@dataclass(frozen=True)
class CardPersonalData:
    """The personal data of one card (EF05 records 5–7, EF06 records 1–7, EF08 photo)."""

    social_security_number: str
    chip_name: str                 # 姓名 on the chip: ≤ 30 GBK bytes
    sex: str                       # "1", "2", "9"
    ethnicity: str                 # GB 3304, two digits
    birthplace: str                # GB/T 2260, six digits
    birth_date: dt.date
    issue_date: dt.date
    expiry_date: dt.date
    card_number: str               # 9 characters
    name_extension: str = ""       # 姓名扩展: ≤ 20 GBK bytes
    photo: bytes | None = field(default=None, repr=False)

    @property
    def full_name(self) -> str:
        return self.chip_name + self.name_extension

    def field_values(self) -> dict[str, str]:
        """Each record field as the text its encoder takes (dates as YYYYMMDD)."""
        out: dict[str, str] = {}
        for f in fields(self):
            if f.name == "photo":
                continue
            value = getattr(self, f.name)
            out[f.name] = value.strftime("%Y%m%d") if isinstance(value, dt.date) else str(value)
        return out

    @classmethod
    def from_applicant(cls, applicant: Applicant, card_number: str, issue_date: dt.date,
                       photo: bytes | None = None, validity_years: int = 10) -> CardPersonalData:
        """The chip data of an applicant: the approved chip name if there is one, split into 姓名 and 姓名扩展."""
        chip_name, extension = split_name(applicant.chip_name or applicant.name)
        return cls(
            social_security_number=applicant.social_security_number.upper(),
            chip_name=chip_name, name_extension=extension, sex=applicant.sex, ethnicity=applicant.ethnicity,
            birthplace=applicant.birthplace, birth_date=applicant.birth_date, issue_date=issue_date,
            expiry_date=expiry_after(issue_date, validity_years), card_number=card_number, photo=photo,
        )

    def same_person(self, social_security_number: str) -> bool:
        return social_security_number.strip().upper() == self.social_security_number.strip().upper()


def split_name(name: str) -> tuple[str, str]:
    """Split a full name into 姓名 (≤ 30 GBK bytes) and 姓名扩展 (≤ 20), at a character boundary."""
    head = ""
    for i, ch in enumerate(name):
        try:
            size = len((head + ch).encode("gbk"))
        except UnicodeEncodeError as exc:
            raise RecordDataError("chip_name", "姓名", f"“{ch}”不在 GBK 字符集中，需使用经审核的替代字") from exc
        if size > CHIP_NAME_BYTES:
            rest = name[i:]
            if len(rest.encode("gbk")) > NAME_EXTENSION_BYTES:
                raise RecordDataError("chip_name", "姓名", f"超过 {CHIP_NAME_BYTES + NAME_EXTENSION_BYTES} 字节")
            return head, rest
        head += ch
    return head, ""


def expiry_after(issue: dt.date, years: int = 10) -> dt.date:
    """Issue date + ``years`` (29 February → 28 February)."""
    try:
        return issue.replace(year=issue.year + years)
    except ValueError:
        return issue.replace(year=issue.year + years, day=28)


def encode_value(spec: RecordSpec, value: str) -> bytes:
    """The record TLV of one field, e.g. ``09 1E <GBK name, 00-padded to 30>``."""
    try:
        return encode_record(spec.tag, encode_field(value, spec.encoding, spec.length))
    except TlvError as exc:
        raise RecordDataError(spec.field, spec.label, str(exc)) from exc


def encode_records(data: CardPersonalData, profile: CardProfile) -> list[tuple[RecordSpec, bytes]]:
    """Every counter-written record of ``profile``, in write order, as (spec, record bytes)."""
    values = data.field_values()
    out = []
    for spec in profile.counter_records:
        if spec.field not in values:
            raise RecordDataError(spec.field, spec.label, "no value for this profile field")
        out.append((spec, encode_value(spec, values[spec.field])))
    return out


def is_empty_record(raw: bytes) -> bool:
    """A record not yet written: nothing, all 00, all FF, or a TLV whose value is all 00/FF."""
    if not raw or set(raw) <= {0x00} or set(raw) <= {0xFF}:
        return True
    try:
        _, value = decode_record(raw)
    except TlvError:
        return False
    return not value or set(value) <= {0x00} or set(value) <= {0xFF}


def decode_value(spec: RecordSpec, raw: bytes) -> str:
    """The text of one record read from a card ("" when it was never written)."""
    if is_empty_record(raw):
        return ""
    _, value = decode_record(raw, spec.tag)
    return decode_field(value, spec.encoding)


def _date(text: str) -> dt.date | None:
    return dt.datetime.strptime(text, "%Y%m%d").date() if text else None


def decode_records(raw: dict[str, bytes], profile: CardProfile, photo: bytes | None = None) -> CardPersonalData:
    """Build the data back from raw records keyed by field name (as :func:`read_card` collects them)."""
    values = {}
    for spec in profile.counter_records:
        values[spec.field] = decode_value(spec, raw.get(spec.field, b""))
    kwargs: dict = {f.name: values.get(f.name, "") for f in fields(CardPersonalData) if f.name != "photo"}
    for name in _DATE_FIELDS:
        kwargs[name] = _date(kwargs[name]) if kwargs[name] else None
    return CardPersonalData(**kwargs, photo=photo)
