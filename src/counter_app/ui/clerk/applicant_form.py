"""The applicant page's form logic, without widgets: the raw values as typed (:class:`ApplicantForm`,
what the ID number tells about its holder), the problems by field, the rare-character note on a name, and
:func:`parse_scan` (what an ID-card or barcode reader typing like a keyboard sent).

No Qt here, so it is tested on its own; it is the UI's (the form's fields, their order, the clerk's
feedback), not the flow's: :class:`~counter_app.services.flow.IssuanceFlow` takes a finished
:class:`~counter_app.domain.applicant.Applicant`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from counter_app.domain.applicant import Applicant, ApplicationType, DocumentType, ReplacementReason
from counter_app.domain.codes import ETHNICITY_GROUPS, SEX
from counter_app.domain.names import check_name
from counter_app.domain.problems import Problem
from counter_app.domain.validation import check_document_number, normalize_applicant, validate_applicant

# --- the applicant form ----------------------------------------------------------------------------

# The applicant page's fields in the order the clerk meets them: problems are listed, and Enter moves, in it.
FORM_FIELDS = ("document_type", "document_number", "name", "chip_name", "sex", "birth_date", "ethnicity",
               "birthplace", "nationality", "phone", "address", "application_type", "reason")


@dataclass
class ApplicantForm:
    """The applicant page's values as typed (strings), before they make an :class:`Applicant`."""

    document_type: str = DocumentType.RESIDENT_ID.value
    document_number: str = ""
    name: str = ""
    chip_name: str = ""
    sex: str = ""
    birth_date: str = ""            # YYYY-MM-DD
    ethnicity: str = "01"
    birthplace: str = ""
    nationality: str = "CHN"
    phone: str = ""
    address: str = ""
    application_type: str = ApplicationType.NEW.value
    reason: str = ""
    derived: dict[str, str] = field(default_factory=dict)  # what fill_from_number last filled

    def fill_from_number(self) -> dict[str, str]:
        """Sex, birth date and birthplace read from a resident ID number; returns what changed.
        A value the clerk typed over is kept unless it was the number's own earlier guess."""
        changed: dict[str, str] = {}
        if self.document_type != DocumentType.RESIDENT_ID.value:
            return changed
        check = check_document_number(DocumentType.RESIDENT_ID, self.document_number)
        found = {
            "sex": check.sex or "",
            "birth_date": check.birth_date.isoformat() if check.birth_date else "",
            "birthplace": check.normalized[:6] if check.valid else "",
        }
        for key, value in found.items():
            current = getattr(self, key)
            if value and (not current or current == self.derived.get(key)) and current != value:
                setattr(self, key, value)
                changed[key] = value
            if value:
                self.derived[key] = value
        return changed

    def to_applicant(self) -> tuple[Applicant | None, tuple[Problem, ...]]:
        """The applicant, or the problems that keep the form from making one (unparseable values;
        the rules themselves are :meth:`IntakeService.check`'s)."""
        problems: list[Problem] = []
        try:
            birth = dt.date.fromisoformat(self.birth_date.strip())
        except ValueError:
            birth = None
            problems.append(Problem("form.birth_date", "出生日期应为 年-月-日，如 1990-03-07",
                                    "the birth date must be YYYY-MM-DD, e.g. 1990-03-07", "birth_date"))
        try:
            doc = DocumentType(self.document_type)
        except ValueError:
            doc = None
            problems.append(Problem("form.document_type", "请选择证件类型", "choose a document type", "document_type"))
        try:
            app_type = ApplicationType(self.application_type)
        except ValueError:
            app_type = None
            problems.append(Problem("form.application_type", "请选择申领类型", "choose an application type",
                                    "application_type"))
        reason = None
        if self.reason:
            try:
                reason = ReplacementReason(self.reason)
            except ValueError:
                problems.append(Problem("form.reason", "原因代码无效", "not a valid reason code", "reason"))
        if problems:
            return None, tuple(problems)
        return Applicant(
            document_type=doc, document_number=self.document_number, name=self.name,
            sex=self.sex, ethnicity=self.ethnicity, birth_date=birth, birthplace=self.birthplace.strip(),
            nationality=self.nationality.strip().upper(), phone=self.phone.strip(), address=self.address.strip(),
            application_type=app_type, reason=reason, chip_name=self.chip_name.strip() or None,
        ), ()

    def problems(self, *, ethnicity_other_code: str, today: dt.date | None = None) -> tuple[Problem, ...]:
        """Every problem of the form, in the order of its fields (:data:`FORM_FIELDS`): what keeps it
        from making an applicant *and* the domain's rules for the rest, so that a missing name is not
        hidden behind an unparseable birth date. A field that could not be parsed is checked against
        a stand-in value whose own findings are dropped."""
        applicant, unparsed = self.to_applicant()
        if applicant is not None:
            found = validate_applicant(normalize_applicant(applicant), today,
                                       ethnicity_other_code=ethnicity_other_code)
        else:
            bad = {p.field for p in unparsed}
            if "document_type" in bad:
                bad.add("document_number")  # the number cannot be checked without its type
            stand_in = dataclasses.replace(
                self, derived={},
                birth_date=self.birth_date if "birth_date" not in bad else (
                    self.derived.get("birth_date") or "1990-01-01"),
                document_type=self.document_type if "document_type" not in bad else DocumentType.RESIDENT_ID.value,
                application_type=(self.application_type if "application_type" not in bad
                                  else ApplicationType.NEW.value),
                reason=self.reason if "reason" not in bad else "")
            applicant, _ = stand_in.to_applicant()
            found = tuple(unparsed) + tuple(
                p for p in validate_applicant(normalize_applicant(applicant), today,
                                              ethnicity_other_code=ethnicity_other_code)
                if p.field not in bad)
        rank = {name: i for i, name in enumerate(FORM_FIELDS)}
        return tuple(sorted(found, key=lambda p: rank.get(p.field or "", len(rank))))

    @classmethod
    def from_applicant(cls, a: Applicant) -> ApplicantForm:
        return cls(a.document_type.value, a.document_number, a.name, a.chip_name or "", a.sex,
                   a.birth_date.isoformat(), a.ethnicity, a.birthplace, a.nationality, a.phone, a.address,
                   a.application_type.value, a.reason.value if a.reason else "")


def problems_by_field(problems: tuple[Problem, ...]) -> dict[str, list[Problem]]:
    out: dict[str, list[Problem]] = {}
    for p in problems:
        out.setdefault(p.field or "", []).append(p)
    return out


def name_feedback(name: str) -> tuple[str, str]:
    """(zh, en) about a name's rare characters: which ones the chip cannot hold (GBK)."""
    if not name.strip():
        return "", ""
    check = check_name(name)
    if not check.needs_substitute:
        return "", ""
    chars = "、".join(f"“{c}”(U+{ord(c):04X})" for _p, c in check.outside_gbk)
    chars_en = ", ".join(f"'{c}' (U+{ord(c):04X})" for _p, c in check.outside_gbk)
    return (f"生僻字 {chars} 不在 GBK 内：卡面照印，芯片须填写经审核的替代姓名。",
            f"Rare character(s) {chars_en} are outside GBK: printed as they are, but the chip needs an approved "
            f"substitute name.")


# --- an ID-card or barcode reader that types like a keyboard ---------------------------------------

_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_DATE_RE = re.compile(r"^(\d{4})[-./年]?(\d{1,2})[-./月]?(\d{1,2})日?$")
_SEX_WORDS = {e.zh: e.code for e in SEX}
_ETHNICITY_WORDS = {e.zh: e.code for e in ETHNICITY_GROUPS} | {e.zh.removesuffix("族"): e.code for e in ETHNICITY_GROUPS}
_CJK_NAME_RE = re.compile(r"^[\u3400-\u9fff\U00020000-\U0003134f·．.]{2,15}$")


def parse_scan(text: str) -> dict[str, str]:
    """The applicant fields in what a keyboard-wedge reader sent.

    Accepts a bare ID number (barcode of a form, or a reader set to the number only), or an
    ID-card reader's record with fields separated by ``|``, ``,``, ``;`` or tabs in any order:
    name, sex (男/女), ethnicity (汉 / 汉族), birth date (19900307 or 1990-03-07), address and
    the number. Unrecognised parts are ignored; an empty dict means nothing was understood.
    """
    text = text.strip()
    out: dict[str, str] = {}
    parts = [p.strip() for p in re.split(r"[|,;\t，；]", text) if p.strip()]
    for part in parts:
        m = _ID_RE.fullmatch(part)
        if m and "document_number" not in out:
            out["document_number"] = part.upper()
            out["document_type"] = DocumentType.RESIDENT_ID.value
            continue
        if part in _SEX_WORDS and "sex" not in out:
            out["sex"] = _SEX_WORDS[part]
            continue
        if part in _ETHNICITY_WORDS and "ethnicity" not in out:
            out["ethnicity"] = _ETHNICITY_WORDS[part]
            continue
        d = _DATE_RE.match(part)
        if d and "birth_date" not in out:
            try:
                out["birth_date"] = dt.date(int(d[1]), int(d[2]), int(d[3])).isoformat()
            except ValueError:
                pass
            continue
        if _CJK_NAME_RE.match(part) and "name" not in out:
            out["name"] = part
            continue
        if len(part) > 6 and "address" not in out and not part.isascii():
            out["address"] = part
    if "document_number" not in out:
        m = _ID_RE.search(text)
        if m:
            out["document_number"] = m[1].upper()
            out["document_type"] = DocumentType.RESIDENT_ID.value
    return out


def form_with(form: ApplicantForm, values: dict[str, str]) -> ApplicantForm:
    known = {f.name for f in dataclasses.fields(ApplicantForm)} - {"derived"}
    return dataclasses.replace(form, **{k: v for k, v in values.items() if k in known})


# --- the ID card reader ----------------------------------------------------------------------------

def card_values(fields: dict) -> dict[str, str]:
    """``IdCardData.applicant_fields()`` as the form holds them: strings (an enum's value, an ISO date)."""
    out: dict[str, str] = {}
    for key, value in fields.items():
        if isinstance(value, dt.date):
            out[key] = value.isoformat()
        else:
            out[key] = str(getattr(value, "value", value))
    return out


def overridden_fields(card: dict[str, str], form: ApplicantForm) -> tuple[str, ...]:
    """The names of the card's fields whose value in ``form`` is no longer the card's (sorted)."""
    return tuple(sorted(k for k, v in card.items() if str(getattr(form, k, v)).strip() != v.strip()))
