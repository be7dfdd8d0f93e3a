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
from counter_app.domain.people import AGENT_ACTS, AttachmentKind, Relation, Representative, RepresentativeRole
from counter_app.domain.problems import Problem
from counter_app.domain.validation import check_document_number, normalize_applicant, validate_applicant
from counter_app.services.representatives import MissingScan

# --- the applicant form ----------------------------------------------------------------------------

# The applicant page's fields in the order the clerk meets them: problems are listed, and Enter moves, in it.
FORM_FIELDS = ("document_type", "document_number", "name", "chip_name", "sex", "birth_date", "ethnicity",
               "birthplace", "nationality", "phone", "address", "application_type", "reason",
               "occupation", "household_type", "id_valid_from", "id_valid_to", "issuing_authority", "bank_code",
               "guardian", "guardian_scan", "agent", "agent_scan")

#: The scans a minor's guardian brings (any one will do) and the one an agent brings.
GUARDIAN_SCANS = frozenset({AttachmentKind.HOUSEHOLD_REGISTER, AttachmentKind.BIRTH_CERTIFICATE})
AGENT_SCANS = frozenset({AttachmentKind.POWER_OF_ATTORNEY})

#: The relations a guardian may have to the applicant (the domain's rule, in the order of the combo).
GUARDIAN_RELATIONS = (Relation.FATHER, Relation.MOTHER, Relation.GRANDPARENT, Relation.OTHER_GUARDIAN)

#: What an agent does for the applicant (the page's 代办 choice): apply, collect the card, or both
#: (``AGENT_ACTS``, the domain's, re-exported for the page's combo).


@dataclass
class RepresentativeForm:
    """A guardian's or an agent's values as typed (strings), before they make a :class:`Representative`."""

    name: str = ""
    document_type: str = DocumentType.RESIDENT_ID.value
    document_number: str = ""
    relation: str = ""              # a Relation value; "" not chosen yet
    phone: str = ""
    from_idcard: bool = False       # name and document read from the person's own ID card

    def is_blank(self) -> bool:
        return not (self.name.strip() or self.document_number.strip() or self.relation)

    def to_representative(self, role: RepresentativeRole, field_name: str, who_zh: str, who_en: str,
                          acts: str = AGENT_ACTS[0]) -> tuple[Representative | None, tuple[Problem, ...]]:
        """The representative (None when nothing was typed), or the problems that keep it from being one."""
        if self.is_blank():
            return None, ()
        problems: list[Problem] = []
        if not self.name.strip():
            problems.append(Problem(f"form.{field_name}_name", f"请填写{who_zh}姓名", f"enter the {who_en}'s name",
                                    field_name))
        try:
            relation = Relation(self.relation)
        except ValueError:
            relation = None
            problems.append(Problem(f"form.{field_name}_relation", f"请选择{who_zh}与申请人的关系",
                                    f"choose the {who_en}'s relation to the applicant", field_name))
        try:
            DocumentType(self.document_type)
        except ValueError:
            problems.append(Problem(f"form.{field_name}_document_type", f"请选择{who_zh}证件类型",
                                    f"choose the {who_en}'s document type", field_name))
        if problems:
            return None, tuple(problems)
        return Representative(role, self.name.strip(), self.document_type, self.document_number.strip(),
                              relation, self.phone.strip(), self.from_idcard, acts), ()

    @classmethod
    def from_representative(cls, r: Representative | None) -> RepresentativeForm:
        if r is None:
            return cls()
        return cls(r.name, r.document_type, r.document_number, r.relation.value, r.phone, r.from_idcard)


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _parse_date(text: str, key: str, zh: str, en: str) -> tuple[dt.date | None, Problem | None]:
    text = text.strip()
    if not text:
        return None, None
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, Problem(f"form.{key}", f"{zh}应为 年-月-日，如 2015-01-01",
                             f"the {en} must be YYYY-MM-DD, e.g. 2015-01-01", key)


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
    # --- what the card system also asks (issue 20) ---
    occupation: str = ""            # 职业类别 code (domain.codes.OCCUPATIONS), "" not given
    household_type: str = ""        # 户口性质 code (domain.codes.HOUSEHOLD_TYPES), "" not given
    id_valid_from: str = ""         # the ID card's validity, YYYY-MM-DD
    id_valid_to: str = ""           # YYYY-MM-DD; ignored when id_valid_long_term
    id_valid_long_term: bool = False  # 长期
    issuing_authority: str = ""     # 签发机关
    bank_code: str = ""             # the co-issuing bank (settings banks.list)
    guardian: RepresentativeForm = field(default_factory=RepresentativeForm)
    agent_enabled: bool = False     # 代办: through an agent
    agent_acts: str = AGENT_ACTS[0]  # what the agent does (AGENT_ACTS): Representative.acts
    agent: RepresentativeForm = field(default_factory=RepresentativeForm)
    scans: dict[AttachmentKind, bytes] = field(default_factory=dict)  # the scans taken, by kind (one each)
    guardian_below_age: int = 16    # settings people.guardian_below_age
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
        valid_from, bad = _parse_date(self.id_valid_from, "id_valid_from", "证件有效期起始日期",
                                      "ID's start of validity")
        problems.extend([bad] if bad else [])
        valid_to = None
        if not self.id_valid_long_term:
            valid_to, bad = _parse_date(self.id_valid_to, "id_valid_to", "证件有效期截止日期", "ID's end of validity")
            problems.extend([bad] if bad else [])
        guardian = None
        if birth is not None and self.needs_guardian(birth=birth):
            guardian, found = self.guardian.to_representative(RepresentativeRole.GUARDIAN, "guardian", "监护人",
                                                              "guardian")
            problems.extend(found)
        agent = None
        if self.agent_enabled:
            agent, found = self.agent.to_representative(RepresentativeRole.AGENT, "agent", "代办人", "agent",
                                                        self.agent_acts)
            problems.extend(found)
            if agent is None and not found:
                problems.append(Problem("form.agent_missing", "已勾选代办：请填写代办人姓名、证件号码和关系",
                                        "through an agent: enter the agent's name, document number and relation",
                                        "agent"))
        if problems:
            return None, tuple(problems)
        return Applicant(
            document_type=doc, document_number=self.document_number, name=self.name,
            sex=self.sex, ethnicity=self.ethnicity, birth_date=birth, birthplace=self.birthplace.strip(),
            nationality=self.nationality.strip().upper(), phone=self.phone.strip(), address=self.address.strip(),
            application_type=app_type, reason=reason, chip_name=self.chip_name.strip() or None,
            occupation=self.occupation, household_type=self.household_type,
            id_valid_from=valid_from, id_valid_to=valid_to, id_valid_long_term=self.id_valid_long_term,
            issuing_authority=self.issuing_authority.strip(), bank_code=self.bank_code,
            guardian=guardian, agent=agent,
        ), ()

    def birth(self) -> dt.date | None:
        """The birth date typed, else the one the ID number gave (None: neither is a date)."""
        for text in (self.birth_date, self.derived.get("birth_date", "")):
            try:
                return dt.date.fromisoformat(text.strip())
            except ValueError:
                continue
        return None

    def needs_guardian(self, today: dt.date | None = None, *, birth: dt.date | None = None) -> bool:
        """Whether the applicant is under ``guardian_below_age`` (then a guardian applies, with a scan)."""
        birth = birth or self.birth()
        if birth is None:
            return False
        return 0 <= _age(birth, today or dt.date.today()) < self.guardian_below_age

    def missing_scans(self, today: dt.date | None = None) -> tuple[Problem, ...]:
        """The scans still missing (the service's :class:`MissingScan` message), under the section that needs them."""
        have = set(self.scans)
        out: list[Problem] = []
        for needed, wanted, field_name in ((GUARDIAN_SCANS, self.needs_guardian(today), "guardian_scan"),
                                           (AGENT_SCANS, self.agent_enabled, "agent_scan")):
            if wanted and not needed & have:
                out.append(dataclasses.replace(MissingScan([needed]).problem, field=field_name))
        return tuple(out)

    def scan_list(self) -> list[tuple[AttachmentKind, bytes]]:
        """The scans to store with the issuance, those its sections need only (a guardian's scan taken before
        the birth date was corrected to an adult's is not kept)."""
        keep = (GUARDIAN_SCANS if self.needs_guardian() else frozenset()) | (
            AGENT_SCANS if self.agent_enabled else frozenset())
        return [(kind, data) for kind, data in self.scans.items() if kind in keep]

    def problems(self, *, ethnicity_other_code: str, today: dt.date | None = None) -> tuple[Problem, ...]:
        """Every problem of the form, in the order of its fields (:data:`FORM_FIELDS`): what keeps it
        from making an applicant *and* the domain's rules for the rest, so that a missing name is not
        hidden behind an unparseable birth date. A field that could not be parsed is checked against
        a stand-in value whose own findings are dropped."""
        applicant, unparsed = self.to_applicant()
        below = self.guardian_below_age
        if applicant is not None:
            found = validate_applicant(normalize_applicant(applicant), today,
                                       ethnicity_other_code=ethnicity_other_code, guardian_below_age=below)
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
                reason=self.reason if "reason" not in bad else "",
                id_valid_from=self.id_valid_from if "id_valid_from" not in bad else "",
                id_valid_to=self.id_valid_to if "id_valid_to" not in bad else "",
                guardian=self.guardian if "guardian" not in bad else RepresentativeForm(),
                agent_enabled=self.agent_enabled and "agent" not in bad)
            applicant, _ = stand_in.to_applicant()
            found = tuple(unparsed) + tuple(
                p for p in validate_applicant(normalize_applicant(applicant), today,
                                              ethnicity_other_code=ethnicity_other_code, guardian_below_age=below)
                if p.field not in bad)
        found = found + self.missing_scans(today)
        rank = {name: i for i, name in enumerate(FORM_FIELDS)}
        return tuple(sorted(found, key=lambda p: rank.get(p.field or "", len(rank))))

    @classmethod
    def from_applicant(cls, a: Applicant) -> ApplicantForm:
        return cls(a.document_type.value, a.document_number, a.name, a.chip_name or "", a.sex,
                   a.birth_date.isoformat(), a.ethnicity, a.birthplace, a.nationality, a.phone, a.address,
                   a.application_type.value, a.reason.value if a.reason else "",
                   occupation=a.occupation, household_type=a.household_type,
                   id_valid_from=a.id_valid_from.isoformat() if a.id_valid_from else "",
                   id_valid_to=a.id_valid_to.isoformat() if a.id_valid_to else "",
                   id_valid_long_term=a.id_valid_long_term, issuing_authority=a.issuing_authority,
                   bank_code=a.bank_code, guardian=RepresentativeForm.from_representative(a.guardian),
                   agent_enabled=a.agent is not None, agent_acts=a.agent.acts if a.agent else AGENT_ACTS[0],
                   agent=RepresentativeForm.from_representative(a.agent))


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
    known = {f.name for f in dataclasses.fields(ApplicantForm)} - {"derived", "guardian", "agent", "scans"}
    return dataclasses.replace(form, **{k: v for k, v in values.items() if k in known})


# --- the ID card reader ----------------------------------------------------------------------------

def card_validity(card) -> dict[str, str]:
    """The ID card's validity and issuing authority as the form holds them (``id_valid_from``, ``id_valid_to``,
    ``id_valid_long_term`` "1"/"", ``issuing_authority``), read from an ``IdCardData``'s own fields, for a
    reader whose ``applicant_fields()`` does not give them yet."""
    from counter_app.idcard.model import LONG_TERM

    out: dict[str, str] = {}
    valid_from, valid_to, issuer = (getattr(card, k, None) for k in ("valid_from", "valid_to", "issuer"))
    if isinstance(valid_from, dt.date):
        out["id_valid_from"] = valid_from.isoformat()
    if valid_to == LONG_TERM:
        out["id_valid_to"], out["id_valid_long_term"] = "", "1"
    elif isinstance(valid_to, dt.date):
        out["id_valid_to"], out["id_valid_long_term"] = valid_to.isoformat(), ""
    if isinstance(issuer, str) and issuer.strip():
        out["issuing_authority"] = issuer.strip()
    return out


def card_values(fields: dict) -> dict[str, str]:
    """``IdCardData.applicant_fields()`` as the form holds them: strings (an enum's value, an ISO date)."""
    out: dict[str, str] = {}
    for key, value in fields.items():
        if isinstance(value, dt.date):
            out[key] = value.isoformat()
        elif isinstance(value, bool):
            out[key] = "1" if value else ""
        elif value is None:
            out[key] = ""
        else:
            out[key] = str(getattr(value, "value", value))
    return out


def overridden_fields(card: dict[str, str], form: ApplicantForm) -> tuple[str, ...]:
    """The names of the card's fields whose value in ``form`` is no longer the card's (sorted)."""
    return tuple(sorted(k for k, v in card.items() if str(getattr(form, k, v)).strip() != v.strip()))
