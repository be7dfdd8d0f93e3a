"""The A4 papers of an issuance: the application form signed before the card is made, the collection receipt
signed when it is handed over, printed on the hall's A4 queue and reprinted from the history.

The application form shows the applicant's data in full (it is their own application, signed and filed by the
hall) with the guardian or agent; the collection receipt masks the ID number like every receipt. Each print is
recorded (``papers_printed``: the history a reprint starts from, and the first print of a kind is never marked
a reprint) and audited without personal data. No Qt here: :mod:`counter_app.printing.papers` paints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.domain import codes
from counter_app.domain.applicant import Applicant
from counter_app.domain.case_numbers import case_number
from counter_app.domain.issuance import Issuance, IssuanceState
from counter_app.domain.masking import mask_id_number
from counter_app.domain.problems import DomainError, Problem
from counter_app.domain.validation import APPLICATION_LABELS
from counter_app.services.auth import Role, Session, requires
from counter_app.services.issuance import IssuanceService
from counter_app.store.audit import AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.papers import PaperRepository, PrintedPaper

if TYPE_CHECKING:
    from counter_app.printing.job import JobResult
    from counter_app.printing.papers import Paper, PaperKind

AUDIT_PAPER_PRINTED = "paper.printed"


class PaperNotReady(DomainError):
    def __init__(self, zh: str, en: str):
        super().__init__(Problem("paper.not_ready", zh, en))


class PaperService:
    def __init__(self, store: Store, settings: Any, *, clock: Callable[[], dt.datetime] = utc_now,
                 print_page: Callable[[str, Paper], JobResult] | None = None):
        self._store = store
        self._settings = settings
        self._clock = clock
        self._issuances = IssuanceService(store)
        self._print_page = print_page  # a test may print elsewhere; None: the CUPS queue of the settings

    @property
    def printer_name(self) -> str:
        return str(self._settings["papers.printer_name"] or self._settings["printer.receipt_name"]
                   or self._settings["printer.name"])

    def paper(self, issuance_id: str, kind: str | PaperKind, *, reprint: bool = False) -> Paper:
        """What ``kind`` of paper for ``issuance_id`` shows (values as printed)."""
        from counter_app.printing.papers import Paper, PaperKind

        kind = PaperKind(kind)
        issuance = self._issuances.get(issuance_id)
        a = issuance.applicant
        now = self._clock().astimezone()
        counter = str(self._settings["counter.id"] or "")
        if kind is PaperKind.APPLICATION_FORM:
            return Paper(kind, case_number(issuance_id), _application_rows(a), ("申请人签名 Applicant",) + (
                ("监护人签名 Guardian",) if a.guardian else ()) + (("代办人签名 Agent",) if a.agent else ()),
                notes=("本人承诺以上信息真实有效。I declare that the above is true.",),
                printed_at=now.strftime("%Y-%m-%d %H:%M"), counter=counter, reprint=reprint,
                sections=_representative_sections(a))
        if issuance.state is not IssuanceState.ISSUED:
            raise PaperNotReady("卡片发放后才能打印领卡回执。", "The collection receipt is printed once the card is handed over.")
        return Paper(kind, case_number(issuance_id), _receipt_rows(issuance),
                     ("领卡人签名 Collected by",), notes=(
                         "请妥善保管社会保障卡；卡片遗失请及时挂失。Keep the card safe; report a loss at once.",),
                     printed_at=now.strftime("%Y-%m-%d %H:%M"), counter=counter, reprint=reprint)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="打印申领表或领卡回执", en="print an application form or collection receipt")
    def print(self, session: Session, issuance_id: str, kind: str | PaperKind) -> JobResult:
        """Print ``kind`` for ``issuance_id`` on the A4 queue; a second print of a kind is marked 补打 (reprint)."""
        from counter_app.printing.papers import PaperKind, print_paper

        kind = PaperKind(kind)
        reprint = any(p.kind == kind.value for p in PaperRepository(self._store.db).of_issuance(issuance_id))
        paper = self.paper(issuance_id, kind, reprint=reprint)
        printer = self.printer_name
        result = (self._print_page or print_paper)(printer, paper)
        now = self._clock()
        with self._store.transaction() as db:
            PaperRepository(db).add(PrintedPaper(issuance_id, kind.value, reprint, printer, result.job, now,
                                                 session.actor))
            AuditLog.append(db, session.actor, AUDIT_PAPER_PRINTED,
                            {"issuance_id": issuance_id, "kind": kind.value, "reprint": reprint, "job": result.job},
                            counter_id=session.counter_id, at=now)
        return result

    def history(self, issuance_id: str) -> list[PrintedPaper]:
        return PaperRepository(self._store.db).of_issuance(issuance_id)

    def write_pdf(self, issuance_id: str, kind: str | PaperKind, path: str | Path) -> Path:
        """The paper as a PDF (a preview; nothing recorded)."""
        from counter_app.printing.papers import write_pdf

        return write_pdf(self.paper(issuance_id, kind), path)


def _date(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _application_rows(a: Applicant) -> tuple[tuple[str, str], ...]:
    validity = ""
    if a.id_valid_from:
        validity = f"{_date(a.id_valid_from)} — {'长期' if a.id_valid_long_term else _date(a.id_valid_to)}"
    rows = [
        ("姓名 Name", a.name),
        ("性别 Sex", codes.label(codes.SEX, a.sex)),
        ("民族 Ethnicity", codes.label(codes.ethnicity_table(), a.ethnicity) or a.ethnicity),
        ("出生日期 Date of birth", _date(a.birth_date)),
        ("证件类型 Document", codes.label(codes.DOCUMENT_TYPES, a.document_type.value) or a.document_type.value),
        ("证件号码 Document number", a.document_number),
        ("证件有效期 Valid", validity),
        ("签发机关 Issued by", a.issuing_authority),
        ("申请类型 Application", APPLICATION_LABELS[a.application_type][0]),
        ("补换原因 Reason", codes.label(codes.REPLACEMENT_REASONS, a.reason.value) if a.reason else ""),
        ("联系电话 Phone", a.phone),
        ("地址 Address", a.address),
        ("职业 Occupation", a.occupation),
        ("户口性质 Household", a.household_type),
        ("合作银行 Bank", a.bank_code),
    ]
    return tuple(rows)


def _representative_sections(a: Applicant) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    out = []
    for title, person in (("监护人 Guardian", a.guardian), ("代办人 Agent", a.agent)):
        if person is not None:
            out.append((title, (("姓名 Name", person.name), ("证件号码 Document number", person.document_number),
                                ("与申请人关系 Relation", person.relation.label("zh")), ("联系电话 Phone", person.phone))))
    return tuple(out)


def _receipt_rows(issuance: Issuance) -> tuple[tuple[str, str], ...]:
    a = issuance.applicant
    return (
        ("姓名 Name", a.name),
        ("证件号码 Document number", mask_id_number(a.document_number)),
        ("社会保障卡号 Card number", issuance.card_number or ""),
        ("发放日期 Handed over", issuance.updated_at.astimezone().date().isoformat()),
        ("领卡人 Collected by", f"代办人 agent: {a.agent.name}" if a.agent else "本人 the holder"),
    )
