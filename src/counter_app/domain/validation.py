"""Whether an :class:`~counter_app.domain.applicant.Applicant` may go on to a card.

:func:`validate_applicant` runs every rule of the data standards over an applicant and returns all
problems at once (never raises), each with ``field`` set to the Applicant field it is about, so
that a form can mark the field and the CLI can name it. :func:`normalize_applicant` gives the
stored form of the typed values (number, name, chip name, phone) and should run first.

Rules, by field:

* ``document_number``: 01 → a citizen number, or a HK/Macao/Taiwan residence permit number when
  the address code is 810000/820000/830000 (:mod:`.idnumbers`); 07 → a foreign permanent residence
  number (2023 or 2017 version); other types → not empty, at most 32 characters, letters, digits,
  ``-`` and brackets only.
* ``sex`` / ``birth_date``: valid codes and dates, and equal to what the number says
  (``applicant.sex_mismatch``, ``applicant.birth_date_mismatch``).
* ``name`` / ``chip_name``: :mod:`.names`; a name with characters outside GBK needs a GBK
  ``chip_name`` (``name.needs_substitute``), and a ``chip_name`` is only for such names
  (``applicant.chip_name_unexpected``).
* ``ethnicity``: GB 3304 (the code of 其他 is a parameter, "97" or "99").
* ``birthplace``: a GB/T 2260 region code; may be left empty for foreigners (07, 08), whose
  birthplace is usually not in China.
* ``nationality``: ISO 3166-1 alpha-3 letters; CHN for 01, not CHN for 07/08; for a 2017 foreign
  number, equal to its first three letters.
* ``phone``: a valid mobile or landline number if given (:mod:`.contact`).
* ``reason``: none for a new card; 11/12/21/22/23/90 for a replacement; 80 for renewal and upgrade.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata

from counter_app.domain.applicant import Applicant, ApplicationType, DocumentType, ReplacementReason
from counter_app.domain.codes import (
    DEFAULT_ETHNICITY_OTHER_CODE,
    DOCUMENT_TYPES,
    REPLACEMENT_REASONS,
    SEX,
    find,
    is_valid_ethnicity,
    label,
)
from counter_app.domain.contact import check_phone
from counter_app.domain.idnumbers import (
    IdCheck,
    IdKind,
    check_id_number,
    guess_resident_kind,
    normalize_id_number,
    region_code_known,
)
from counter_app.domain.names import (
    check_chip_substitute,
    check_name,
    normalize_name,
    substitute_required_problem,
)
from counter_app.domain.problems import Problem

__all__ = ["validate_applicant", "normalize_applicant", "check_document_number", "REASONS_BY_APPLICATION"]

#: Which replacement reasons each application type admits (an empty set: no reason at all).
REASONS_BY_APPLICATION: dict[ApplicationType, frozenset[ReplacementReason]] = {
    ApplicationType.NEW: frozenset(),
    ApplicationType.REPLACEMENT: frozenset({
        ReplacementReason.LOST, ReplacementReason.DAMAGED, ReplacementReason.MINOR_TO_ADULT,
        ReplacementReason.ID_DATA_CHANGED, ReplacementReason.BANK_CHANGED, ReplacementReason.OTHER,
    }),
    ApplicationType.RENEWAL: frozenset({ReplacementReason.RENEWAL}),
    ApplicationType.UPGRADE: frozenset({ReplacementReason.RENEWAL}),
}

APPLICATION_LABELS = {
    ApplicationType.NEW: ("新申领", "a new card"),
    ApplicationType.REPLACEMENT: ("补换卡", "a replacement"),
    ApplicationType.RENEWAL: ("换新卡", "a renewal"),
    ApplicationType.UPGRADE: ("升级三代卡", "an upgrade to a 3rd-generation card"),
}

_FOREIGN_DOCUMENTS = (DocumentType.FOREIGN_PERMANENT, DocumentType.FOREIGN_PASSPORT)
_OTHER_DOCUMENT_MAX = 32
_EARLIEST_BIRTH = dt.date(1880, 1, 1)


def _with_field(problems, field: str) -> list[Problem]:
    return [dataclasses.replace(p, field=field) for p in problems]


def normalize_applicant(applicant: Applicant) -> Applicant:
    """The applicant with its typed values in stored form: ID number without spaces and with a
    capital X, the name's dots and spaces tidied, the phone number in its normal form (only if it
    is valid; an invalid one is left for :func:`validate_applicant` to report)."""
    changes: dict = {
        "document_number": normalize_id_number(applicant.document_number),
        "name": normalize_name(applicant.name),
    }
    if applicant.chip_name is not None:
        changes["chip_name"] = normalize_name(applicant.chip_name) or None
    if applicant.phone:
        phone = check_phone(applicant.phone)
        if phone.valid:
            changes["phone"] = phone.normalized
    return dataclasses.replace(applicant, **changes)


def check_document_number(document_type: DocumentType, number: str, today: dt.date | None = None) -> IdCheck:
    """Check a document number by document type; problems carry ``field="document_number"``."""
    document_type = DocumentType(document_type)
    if document_type is DocumentType.RESIDENT_ID:
        normalized = normalize_id_number(number if isinstance(number, str) else "")
        kind = guess_resident_kind(normalized) if len(normalized) == 18 else IdKind.CITIZEN
        result = check_id_number(number, kind, today=today)
    elif document_type is DocumentType.FOREIGN_PERMANENT:
        result = check_id_number(number, IdKind.FOREIGN, today=today)
    else:
        result = _check_other_document(document_type, number)
    return dataclasses.replace(result, problems=tuple(_with_field(result.problems, "document_number")))


def _check_other_document(document_type: DocumentType, raw: str) -> IdCheck:
    number = normalize_id_number(raw if isinstance(raw, str) else "")
    doc_zh = label(DOCUMENT_TYPES, document_type.value, "zh")
    doc_en = label(DOCUMENT_TYPES, document_type.value, "en")
    if not number:
        return IdCheck(number, (Problem("document.empty", f"未填写{doc_zh}号码", f"no {doc_en} number given"),))
    if len(number) > _OTHER_DOCUMENT_MAX:
        return IdCheck(number, (Problem(
            "document.length",
            f"{doc_zh}号码过长：{len(number)} 个字符，最多 {_OTHER_DOCUMENT_MAX} 个",
            f"{doc_en} number too long: {len(number)} characters, at most {_OTHER_DOCUMENT_MAX}",
        ),))
    for pos, ch in enumerate(number, start=1):
        # Letters of any script ("南字第123456号"), ASCII digits, dashes and brackets.
        if unicodedata.category(ch)[0] == "L" or "0" <= ch <= "9" or ch in "-()":
            continue
        code = f"U+{ord(ch):04X}"
        shown = code if unicodedata.category(ch)[0] in "CZ" else f"'{ch}' ({code})"
        return IdCheck(number, (Problem(
            "document.chars",
            f"{doc_zh}号码第 {pos} 位字符 {shown} 不允许：只能有文字、数字、短横线和括号",
            f"character {pos} of the {doc_en} number, {shown}, is not allowed: only letters, digits, "
            "dashes and brackets",
        ),))
    return IdCheck(number, ())


def validate_applicant(
    applicant: Applicant,
    today: dt.date | None = None,
    *,
    ethnicity_other_code: str = DEFAULT_ETHNICITY_OTHER_CODE,
    guardian_below_age: int = 16,
) -> tuple[Problem, ...]:
    """Every problem with ``applicant`` (empty tuple: fit for a card). ``today`` defaults to the
    system date; ``ethnicity_other_code`` is the province's code of 其他 ("97" or "99");
    ``guardian_below_age`` is settings ``people.guardian_below_age``."""
    today = today or dt.date.today()
    problems: list[Problem] = []

    number = check_document_number(applicant.document_type, applicant.document_number, today)
    problems.extend(number.problems)
    problems.extend(_check_sex(applicant, number))
    problems.extend(_check_birth_date(applicant, number, today))
    problems.extend(_check_names(applicant))
    if not is_valid_ethnicity(applicant.ethnicity, ethnicity_other_code):
        problems.append(Problem(
            "applicant.ethnicity",
            f"民族代码 {applicant.ethnicity!r} 无效：应为 GB 3304 的两位代码（01–56，其他 {ethnicity_other_code}，"
            "外国血统中国籍人士 98）",
            f"ethnicity code {applicant.ethnicity!r} is not valid: use a two-digit GB 3304 code "
            f"(01-56, other {ethnicity_other_code}, foreign origin 98)",
            "ethnicity",
        ))
    problems.extend(_check_birthplace(applicant))
    problems.extend(_check_nationality(applicant, number))
    if applicant.phone:
        problems.extend(_with_field(check_phone(applicant.phone).problems, "phone"))
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in applicant.address):
        problems.append(Problem(
            "applicant.address_chars", "地址中有不可见的控制字符，请删除后重新输入",
            "the address has invisible control characters: delete them and retype", "address"))
    problems.extend(_check_reason(applicant))
    problems.extend(_check_people(applicant, today, guardian_below_age))
    return tuple(problems)


_GUARDIAN_RELATIONS = frozenset({"father", "mother", "grandparent", "other_guardian"})


def age_on(birth: dt.date, today: dt.date) -> int:
    """Full years of age on ``today`` (the card system's age rules: guardian, photo)."""
    return _age(birth, today)


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _check_people(applicant: Applicant, today: dt.date, guardian_below_age: int) -> list[Problem]:
    """Issue 20: guardian for a minor, agent's document, ID validity, occupation and household codes."""
    from counter_app.domain.codes import HOUSEHOLD_TYPES, OCCUPATIONS, find
    problems: list[Problem] = []
    guardian = applicant.guardian
    if 0 <= _age(applicant.birth_date, today) < guardian_below_age:  # a future date has its own problem
        if guardian is None or not guardian.name.strip():
            problems.append(Problem(
                "applicant.guardian_required",
                f"申请人未满 {guardian_below_age} 周岁，须由监护人办理：请填写监护人姓名、证件号码和关系",
                f"the applicant is under {guardian_below_age}: a guardian must apply (name, document number "
                "and relation)", "guardian"))
        elif str(guardian.relation) not in _GUARDIAN_RELATIONS:
            problems.append(Problem(
                "applicant.guardian_relation", "监护人与申请人的关系须为父亲、母亲、祖父母/外祖父母或其他监护人",
                "the guardian's relation must be father, mother, grandparent or other guardian", "guardian"))
    for person, field in ((guardian, "guardian"), (applicant.agent, "agent")):
        if person is not None:
            found = check_document_number(DocumentType(person.document_type), person.document_number, today)
            problems.extend(_with_field(found.problems, field))
    if applicant.id_valid_from and applicant.id_valid_to:
        if applicant.id_valid_to <= applicant.id_valid_from:
            problems.append(Problem("applicant.id_validity", "证件有效期截止日期须晚于起始日期",
                                    "the ID's end of validity must be after its start", "id_valid_to"))
    if applicant.id_valid_to and not applicant.id_valid_long_term and applicant.id_valid_to < today:
        problems.append(Problem("applicant.id_expired", "身份证件已过有效期", "the ID document has expired",
                                "id_valid_to"))
    if applicant.occupation and find(OCCUPATIONS, applicant.occupation) is None:
        problems.append(Problem("applicant.occupation", f"职业代码 {applicant.occupation!r} 无效（GB/T 6565 大类 1–8 或 X）",
                                f"occupation code {applicant.occupation!r} is not valid (GB/T 6565 groups 1-8 or X)",
                                "occupation"))
    if applicant.household_type and find(HOUSEHOLD_TYPES, applicant.household_type) is None:
        problems.append(Problem("applicant.household_type", f"户口性质代码 {applicant.household_type!r} 无效（10、20、30）",
                                f"household type code {applicant.household_type!r} is not valid (10, 20, 30)",
                                "household_type"))
    return problems


def _check_sex(applicant: Applicant, number: IdCheck) -> list[Problem]:
    entry = find(SEX, applicant.sex)
    if entry is None:
        return [Problem(
            "applicant.sex", f"性别代码 {applicant.sex!r} 无效：应为 1 男、2 女或 9 未说明",
            f"sex code {applicant.sex!r} is not valid: use 1 male, 2 female or 9 unstated", "sex")]
    if number.sex is not None and number.sex != applicant.sex:
        derived = find(SEX, number.sex)
        return [Problem(
            "applicant.sex_mismatch",
            f"性别填写为{entry.zh}，但证件号码第 17 位表示{derived.zh}：请核对证件",
            f"sex entered as {entry.en}, but the 17th digit of the ID number says {derived.en}: check the document",
            "sex",
        )]
    return []


def _check_birth_date(applicant: Applicant, number: IdCheck, today: dt.date) -> list[Problem]:
    born = applicant.birth_date
    if born > today:
        return [Problem(
            "applicant.birth_date_future", f"出生日期 {born.isoformat()} 晚于今天 {today.isoformat()}",
            f"birth date {born.isoformat()} is after today, {today.isoformat()}", "birth_date")]
    if born < _EARLIEST_BIRTH:
        return [Problem(
            "applicant.birth_date_invalid", f"出生日期 {born.isoformat()} 早于 {_EARLIEST_BIRTH.year} 年，不可能",
            f"birth date {born.isoformat()} is before {_EARLIEST_BIRTH.year}: not possible", "birth_date")]
    if number.birth_date is not None and number.birth_date != born:
        return [Problem(
            "applicant.birth_date_mismatch",
            f"出生日期填写为 {born.isoformat()}，但证件号码中为 {number.birth_date.isoformat()}：请核对证件",
            f"birth date entered as {born.isoformat()}, but the ID number says {number.birth_date.isoformat()}: "
            "check the document",
            "birth_date",
        )]
    return []


def _check_names(applicant: Applicant) -> list[Problem]:
    name = check_name(applicant.name, field="name")
    problems = list(name.problems)
    chip_name = applicant.chip_name
    if name.needs_substitute:
        if not chip_name:
            problems.append(substitute_required_problem(name, field="chip_name"))
        else:
            problems.extend(check_chip_substitute(chip_name, applicant.name).problems)
    elif chip_name:
        problems.append(Problem(
            "applicant.chip_name_unexpected",
            "姓名全部是 GBK 字符，可直接写入芯片，不需要替代姓名：请清空芯片姓名",
            "the name is all GBK and goes to the chip as it is: no substitute name is needed, clear it",
            "chip_name",
        ))
    return problems


def _check_birthplace(applicant: Applicant) -> list[Problem]:
    code = applicant.birthplace.strip()
    if not code and applicant.document_type in _FOREIGN_DOCUMENTS:
        return []
    if region_code_known(code):
        return []
    return [Problem(
        "applicant.birthplace",
        f"出生地代码 {code!r} 无效：应为 6 位行政区划代码（GB/T 2260，如 421303 曾都区）",
        f"birthplace code {code!r} is not valid: use a six-digit GB/T 2260 region code (e.g. 421303)",
        "birthplace",
    )]


def _check_nationality(applicant: Applicant, number: IdCheck) -> list[Problem]:
    nat = applicant.nationality
    if not re.fullmatch(r"[A-Z]{3}", nat):
        return [Problem(
            "applicant.nationality", f"国籍代码 {nat!r} 无效：应为 3 个大写字母（ISO 3166-1，如 CHN）",
            f"nationality {nat!r} is not valid: use three capital letters (ISO 3166-1, e.g. CHN)", "nationality")]
    doc = applicant.document_type
    if doc is DocumentType.RESIDENT_ID and nat != "CHN":
        return [Problem(
            "applicant.nationality", f"居民身份证及港澳台居民居住证持有人的国籍应为 CHN，填写为 {nat}",
            f"holders of a resident ID or a HK/Macao/Taiwan residence permit are of nationality CHN, not {nat}",
            "nationality")]
    if doc in _FOREIGN_DOCUMENTS and nat == "CHN":
        return [Problem(
            "applicant.nationality", "外国人证件的持有人国籍不能为 CHN",
            "the holder of a foreigner's document cannot be of nationality CHN", "nationality")]
    if number.version == "2017" and number.valid and number.normalized[:3] != nat:
        return [Problem(
            "applicant.nationality_mismatch",
            f"国籍填写为 {nat}，但永久居留身份证号码前 3 位为 {number.normalized[:3]}：请核对证件",
            f"nationality entered as {nat}, but the permanent residence number begins with "
            f"{number.normalized[:3]}: check the document",
            "nationality",
        )]
    return []


def _check_reason(applicant: Applicant) -> list[Problem]:
    app_type, reason = applicant.application_type, applicant.reason
    allowed = REASONS_BY_APPLICATION[app_type]
    app_zh, app_en = APPLICATION_LABELS[app_type]
    if not allowed:
        if reason is None:
            return []
        return [Problem(
            "applicant.reason_unexpected", f"{app_zh}不填补换卡原因（填写了 {reason.value}）",
            f"{app_en} has no replacement reason (got {reason.value})", "reason")]
    listed_zh = "、".join(f"{r.value} {label(REPLACEMENT_REASONS, r.value, 'zh')}" for r in sorted(allowed))
    listed_en = ", ".join(f"{r.value} {label(REPLACEMENT_REASONS, r.value, 'en')}" for r in sorted(allowed))
    if reason is None:
        return [Problem(
            "applicant.reason_missing", f"{app_zh}须填写原因：{listed_zh}",
            f"{app_en} needs a reason: {listed_en}", "reason")]
    if reason not in allowed:
        return [Problem(
            "applicant.reason_mismatch",
            f"原因 {reason.value} {label(REPLACEMENT_REASONS, reason.value, 'zh')} 不适用于{app_zh}：可选 {listed_zh}",
            f"reason {reason.value} ({label(REPLACEMENT_REASONS, reason.value, 'en')}) does not go with {app_en}: "
            f"use {listed_en}",
            "reason",
        )]
    return []
