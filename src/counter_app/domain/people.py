"""The people who act for an applicant: a guardian for a minor, an agent with a power of attorney.

A minor (under ``people.guardian_below_age``, 16 by default) applies through a guardian: their name,
document and relation to the applicant are recorded, with a scan of the household register page
(户口簿) or the birth certificate (出生医学证明). An adult may apply or collect through an agent (代办人)
with a power of attorney (授权委托书). The scans are attachments of the issuance, sealed like photos
(:mod:`counter_app.store.attachments`); these values only say who the person is.

Pure Python: no I/O, no Qt.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from counter_app.domain.problems import pick


class RepresentativeRole(StrEnum):
    GUARDIAN = "guardian"  # 监护人: applies for a minor
    AGENT = "agent"        # 代办人: applies or collects for an adult, with a power of attorney


AGENT_ACTS = ("apply_collect", "apply", "collect")  # 代办事项: what a power of attorney allows


class Relation(StrEnum):
    """与申请人关系 (relation to the applicant): the codes the card system takes."""

    FATHER = "father"
    MOTHER = "mother"
    GRANDPARENT = "grandparent"
    OTHER_GUARDIAN = "other_guardian"  # a guardian appointed otherwise (court, village committee)
    SPOUSE = "spouse"
    CHILD = "child"
    RELATIVE = "relative"
    OTHER = "other"                    # an agent with no family tie (power of attorney only)

    def label(self, lang: str = "zh") -> str:
        return pick(lang, *_RELATION_LABELS[self])


_RELATION_LABELS: dict[Relation, tuple[str, str]] = {
    Relation.FATHER: ("父亲", "father"),
    Relation.MOTHER: ("母亲", "mother"),
    Relation.GRANDPARENT: ("祖父母/外祖父母", "grandparent"),
    Relation.OTHER_GUARDIAN: ("其他监护人", "other guardian"),
    Relation.SPOUSE: ("配偶", "spouse"),
    Relation.CHILD: ("子女", "child"),
    Relation.RELATIVE: ("其他亲属", "other relative"),
    Relation.OTHER: ("其他（凭授权委托书）", "other (power of attorney)"),
}


class AttachmentKind(StrEnum):
    """The scans an issuance may carry (stored sealed, purged with the personal data)."""

    HOUSEHOLD_REGISTER = "household_register"  # 户口簿（本人页）
    BIRTH_CERTIFICATE = "birth_certificate"    # 出生医学证明
    POWER_OF_ATTORNEY = "power_of_attorney"    # 授权委托书

    def label(self, lang: str = "zh") -> str:
        return pick(lang, *{"household_register": ("户口簿本人页", "household register page"),
                            "birth_certificate": ("出生医学证明", "birth certificate"),
                            "power_of_attorney": ("授权委托书", "power of attorney")}[self.value])


@dataclass(frozen=True, slots=True)
class Representative:
    """A guardian or an agent: who they are (document read from their ID card where there is a reader)."""

    role: RepresentativeRole
    name: str
    document_type: str          # counter_app.domain.applicant.DocumentType value ("01": resident ID card)
    document_number: str
    relation: Relation
    phone: str = ""
    from_idcard: bool = False   # the document was read from the representative's own ID card
    acts: str = "apply_collect"  # an agent's power of attorney: apply_collect | apply | collect (AGENT_ACTS)

    @property
    def may_collect(self) -> bool:
        """Whether this agent may take the card at the hand-over (a guardian always may)."""
        return self.role is RepresentativeRole.GUARDIAN or self.acts in ("apply_collect", "collect")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["role"], d["relation"] = self.role.value, self.relation.value
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Representative:
        values = dict(data)
        values["role"] = RepresentativeRole(values["role"])
        values["relation"] = Relation(values["relation"])
        values.setdefault("acts", "apply_collect")  # records made before the field existed
        if values["acts"] not in AGENT_ACTS:
            raise ValueError(f"acts must be one of {AGENT_ACTS}")
        for key in ("name", "document_type", "document_number"):
            if not isinstance(values.get(key), str):
                raise ValueError(f"field {key} must be a string")
        return cls(**values)
