"""The in-card query (卡内查询) for a holder at the counter: the card's data beside this counter's record.

:meth:`CardQueryService.query` reads the card in the encoder (through the PSAM, as the chip write
reads back) and :meth:`CardQueryService.compare` puts each field next to what this counter recorded
for that card — the issuance found by the chip's 卡识别码, else by the card number — so that the
clerk sees at a glance where the card and the record disagree (a card written elsewhere, a record
corrected after the write, a card of another person). Fields the counter does not record (the
card's own dates) are shown without a comparison.

:meth:`CardQueryService.print_receipt` prints the holder's receipt of the query
(:func:`receipt_of` fills a :class:`counter_app.printing.receipt.Receipt`, which that module paints),
with the ID number masked by the one rule of :mod:`counter_app.domain.masking`, and audits it with the
card number only. No Qt here (the receipt module imports Qt when it paints).

Third-generation cards also carry a signing certificate (PKI application): :meth:`CardQueryService.
certificate` reads it (no PIN: certificates are public) and says whether it chains to the CA this
counter pinned; the query puts it beside the record (:class:`CertificateComparison`) — this
counter's ``card_certificates`` row, or the issuance's certificate substate. A certificate still
*pending* on the record is not a disagreement: the step is simply to be finished (amber, not red).

With a contactless reader (setting ``card.contactless_reader``), :meth:`CardQueryService.query` also reads
the card's public data there (its UID in :attr:`CardQuery.contactless_uid`, and whether the contactless
side shows the same 卡识别码 and card number: :attr:`CardQuery.contactless_consistent`), and
:meth:`CardQueryService.query_contactless` answers for a card laid on that reader alone: only its public
data (卡识别码, card number) beside the record and the card's status, since the holder's data are not
readable without contact.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from counter_app.card.contactless import ContactlessReading
from counter_app.card.errors import CardError
from counter_app.card.personalize import CardReading
from counter_app.domain.card_status import CardStatus
from counter_app.domain.codes import SEX, ethnicity_table, label
from counter_app.domain.idnumbers import normalize_id_number
from counter_app.domain.issuance import CertificateState, Issuance, IssuanceState
from counter_app.domain.masking import mask_id_number
from counter_app.domain.problems import pick
from counter_app.services.auth import Role, Session, requires
from counter_app.services.issuance import IssuanceService
from counter_app.store.audit import AuditLog
from counter_app.store.card_certificates import CardCertificateRepository
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.issuances import IssuanceRepository

if TYPE_CHECKING:
    from counter_app.printing.receipt import Receipt

AUDIT_RECEIPT_PRINTED = "card.query_receipt_printed"
log = logging.getLogger(__name__)


def status_label(status: CardStatus, lang: str = "zh") -> str:
    """The status as the clerk and the receipt name it (:meth:`CardStatus.label`)."""
    return CardStatus(status).label(lang)


@dataclass(frozen=True)
class FieldComparison:
    """One field of the card beside the record. ``on_record`` is None where the counter keeps no
    value for it (then there is nothing to compare). Values are as stored: codes, ISO dates."""

    key: str
    zh: str
    en: str
    on_card: str
    on_record: str | None
    kind: str = "text"  # text | sex | ethnicity | id: how a value is shown and compared

    def label(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)

    @property
    def compared(self) -> bool:
        return self.on_record is not None

    @property
    def matches(self) -> bool:
        if self.on_record is None:
            return True
        if self.kind == "id":
            return normalize_id_number(self.on_card) == normalize_id_number(self.on_record)
        return self.on_card.strip() == self.on_record.strip()


@dataclass(frozen=True)
class CardCertificate:
    """The signing certificate read from the card (or its absence). ``chain``: True when it verifies
    against the CA this counter pinned, False when it does not (``chain_zh``/``chain_en`` say why),
    None when this counter has no pinned CA yet (it pins one with its first certificate step)."""

    present: bool
    serial: str = ""               # hex, as the ledger and card_certificates store it
    card_number: str = ""          # the subject's CN
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None
    issuer: str = ""               # the issuing CA's name (CN, organisation)
    chain: bool | None = None
    chain_zh: str = ""
    chain_en: str = ""

    @property
    def short_serial(self) -> str:
        """The serial's last 8 hex digits: enough to tell two certificates apart at the counter."""
        return self.serial[-8:].upper()

    def chain_problem(self, lang: str = "zh") -> str:
        return pick(lang, self.chain_zh, self.chain_en)


class CertificateVerdict(StrEnum):
    """How the certificate on the card stands against the record."""

    MATCH = "match"                # the card holds the certificate this counter recorded
    MISMATCH = "mismatch"          # recorded here, but the card holds another one or none
    PENDING = "pending"            # the record says the step is still to be done (not an error)
    NOT_RECORDED = "not_recorded"  # this counter keeps nothing to compare (no issuance, no step)
    UNREADABLE = "unreadable"      # the card's PKI application could not be read


@dataclass(frozen=True)
class CertificateComparison:
    """The certificate row of the in-card query."""

    on_card: CardCertificate | None        # None: unreadable (``unreadable_zh/_en`` say why)
    record_serial: str | None              # this counter's card_certificates row (signing certificate)
    record_state: CertificateState | None  # the issuance's certificate substate
    unreadable_zh: str = ""
    unreadable_en: str = ""

    @property
    def verdict(self) -> CertificateVerdict:
        if self.on_card is None:
            return CertificateVerdict.UNREADABLE
        if self.record_state is CertificateState.PENDING and self.record_serial is None:
            return CertificateVerdict.PENDING
        if self.record_serial is not None:
            same = self.on_card.present and self.on_card.serial.upper() == self.record_serial.upper()
            return CertificateVerdict.MATCH if same else CertificateVerdict.MISMATCH
        if self.record_state is CertificateState.ISSUED:
            return CertificateVerdict.MISMATCH if not self.on_card.present else CertificateVerdict.NOT_RECORDED
        return CertificateVerdict.NOT_RECORDED

    def on_card_text(self, lang: str = "zh") -> str:
        def zh_en(zh: str, en: str) -> str:
            return pick(lang, zh, en)

        if self.on_card is None:
            return zh_en(f"无法读取：{self.unreadable_zh}", f"unreadable: {self.unreadable_en}")
        if not self.on_card.present:
            return zh_en("无证书", "none")
        return zh_en(f"有证书（序列号 …{self.on_card.short_serial}）",
                     f"present (serial …{self.on_card.short_serial})")

    def on_record_text(self, lang: str = "zh") -> str:
        def zh_en(zh: str, en: str) -> str:
            return pick(lang, zh, en)

        if self.record_serial is not None:
            return zh_en(f"证书已签发（序列号 …{self.record_serial[-8:].upper()}）",
                         f"certificate issued (serial …{self.record_serial[-8:].upper()})")
        if self.record_state is not None:
            return self.record_state.label(lang)
        return "—"


@dataclass(frozen=True)
class CardRecord:
    """What this counter recorded for the card: the issuance that made it and the card's status."""

    issuance_id: str
    issuance_state: IssuanceState
    status: CardStatus
    holder_pin_set: bool
    found_by: str  # "card_id" | "card_number"
    financial_activated_at: dt.datetime | None = None  # the bank reported the financial account activated


@dataclass(frozen=True)
class CardQuery:
    """The result of one in-card query."""

    card_id: str
    blank: bool
    card_number: str
    social_security_number: str
    name: str
    issue_date: dt.date | None
    expiry_date: dt.date | None
    fields: tuple[FieldComparison, ...]
    record: CardRecord | None
    ethnicity_other_code: str = "97"
    certificate: CertificateComparison | None = None  # None: the counter has no certificate step
    contactless_uid: str = ""                 # the UID on the contactless reader ("" : not read there)
    contactless_consistent: bool | None = None  # the contactless side shows this card; None: not read there
    contactless_only: bool = False            # read on the contactless reader alone (public data only)

    @property
    def mismatches(self) -> tuple[FieldComparison, ...]:
        return tuple(f for f in self.fields if not f.matches)

    @property
    def certificate_mismatch(self) -> bool:
        return self.certificate is not None and self.certificate.verdict is CertificateVerdict.MISMATCH

    @property
    def consistent(self) -> bool:
        return self.record is not None and not self.mismatches and not self.certificate_mismatch

    @property
    def status(self) -> CardStatus | None:
        return self.record.status if self.record else None

    def shown(self, comparison: FieldComparison, value: str | None, lang: str = "zh") -> str:
        """A value as the clerk reads it: codes with their labels, "—" for nothing."""
        if value is None or value == "":
            return "—"
        if comparison.kind == "sex":
            return label(SEX, value, lang)
        if comparison.kind == "ethnicity":
            return label(ethnicity_table(self.ethnicity_other_code), value, lang)
        return value


class CardQueryService:
    """The in-card query over a store and (for :meth:`query`) the counter's encoding service."""

    def __init__(self, store: Store, encoding=None, *, certificates=None, ethnicity_other_code: str = "97",
                 clock: Callable[[], dt.datetime] = utc_now, contactless=None):
        self._store = store
        self._contactless = contactless  # services.contactless.ContactlessReader, when the counter has one
        self._encoding = encoding
        self._certificates = certificates  # CertificateService, when the counter runs the certificate step
        self._other = ethnicity_other_code
        self._clock = clock

    @requires(Role.CLERK, Role.SUPERVISOR, zh="卡内查询", en="query the card in the encoder")
    def query(self, session: Session) -> CardQuery:
        """Read the card in the encoder (photo left out) and compare it with the record."""
        if self._encoding is None:
            raise RuntimeError("this counter has no encoder")
        reading = self._encoding.read_card(session, read_photo=False)
        on_card: CardCertificate | CardError | None = None
        if self._certificates is not None and not reading.blank:
            try:
                on_card = self.certificate(session)
            except CardError as exc:  # a card without the PKI application, a read refused: shown, not fatal
                on_card = exc
        query = self.compare(session, reading, on_card)
        if self._contactless is None:
            return query
        try:
            tapped = self._read_contactless()
        except CardError as exc:  # not on the contactless reader, or it does not answer: shown as not read
            log.info("in-card query: no contactless reading (%s)", exc)
            return replace(query, contactless_consistent=False)
        same = (tapped.card_id.upper() == query.card_id.upper()
                and tapped.card_number == (query.card_number if not query.blank else ""))
        return replace(query, contactless_uid=tapped.uid_hex, contactless_consistent=same)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="非接触卡内查询", en="query a card on the contactless reader")
    def query_contactless(self, session: Session) -> CardQuery:
        """The card on the contactless reader: its public data beside the record found by its 卡识别码 (else
        card number), with the card's status. The holder's data are refused without contact and not shown."""
        tapped = self._read_contactless()
        issuance, found_by = _find_issuance(self._store, tapped.card_id, tapped.card_number)
        record = None
        if issuance is not None:
            record = _record(self._store, issuance, issuance.card_number or tapped.card_number, found_by)

        def rec(value: str | None) -> str | None:
            return None if issuance is None else (value or "")

        fields = (
            FieldComparison("card_number", "卡号", "card number", tapped.card_number,
                            rec(issuance.card_number if issuance else None)),
            FieldComparison("card_id", "卡识别码", "card id", tapped.card_id, rec(issuance.card_id if issuance else None)),
        )
        return CardQuery(tapped.card_id, not tapped.card_number, tapped.card_number, "", "", None, None,
                         fields if tapped.card_number else (), record, self._other,
                         contactless_uid=tapped.uid_hex, contactless_consistent=True, contactless_only=True)

    def _read_contactless(self) -> ContactlessReading:
        from counter_app.card.profile import load_profile
        from counter_app.services.contactless import NoContactlessReader, read_tapped

        if self._contactless is None:
            raise NoContactlessReader()
        return read_tapped(self._contactless, load_profile())

    @requires(Role.CLERK, Role.SUPERVISOR, Role.TECHNICIAN, zh="读取卡片证书", en="read a card's certificate")
    def certificate(self, session: Session) -> CardCertificate:
        """The signing certificate of the card in the encoder and whether it chains to the pinned CA."""
        from counter_app.card.pki import KeyUsage
        from counter_app.crypto.x509 import CertificateError, load_certificate, verify_certificate
        from counter_app.services.certificates import NoCertificateOnCard

        if self._certificates is None:
            raise RuntimeError("this counter has no certificate step")
        try:
            der = self._certificates.export(session, KeyUsage.SIGN)
        except NoCertificateOnCard:
            return CardCertificate(False)
        cert = load_certificate(der)
        issuer = " ".join(v for k, v in cert.issuer.items() if k in ("common_name", "organization_name"))
        found = CardCertificate(True, cert.serial_hex, cert.subject_cn or "", cert.not_before, cert.not_after,
                                issuer)
        pinned = self._certificates.pinned_ca()
        if pinned is None:
            return found
        try:
            verify_certificate(cert, pinned, at=self._clock())
        except CertificateError as exc:
            return replace(found, chain=False, chain_zh=exc.problem.zh, chain_en=exc.problem.en)
        return replace(found, chain=True)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="卡内查询", en="compare a card with the record")
    def compare(self, session: Session, reading: CardReading,
                certificate: CardCertificate | CardError | None = None) -> CardQuery:
        """The card's fields beside the record of the issuance found by 卡识别码, else card number.
        ``certificate``: what :meth:`certificate` read from the card (or the card error it met); None
        leaves the certificate row out."""
        store = self._store
        card_id = reading.identity.card_id_hex
        d = reading.data
        if reading.blank:
            return CardQuery(card_id, True, "", "", "", None, None, (), None, self._other)
        number = (d.card_number or "").strip()
        issuance, found_by = _find_issuance(store, card_id, number)
        record = None
        if issuance is not None:
            record = _record(store, issuance, issuance.card_number or number, found_by)
        a = issuance.applicant if issuance is not None else None

        def rec(value: str | None) -> str | None:
            return None if issuance is None else (value or "")

        fields = (
            FieldComparison("card_number", "卡号", "card number", number, rec(issuance.card_number if issuance else None)),
            FieldComparison("card_id", "卡识别码", "card id", card_id, rec(issuance.card_id if issuance else None)),
            FieldComparison("social_security_number", "社会保障号码", "social security number",
                            d.social_security_number, rec(a.social_security_number if a else None), "id"),
            FieldComparison("name", "姓名", "name", d.full_name, rec((a.chip_name or a.name) if a else None)),
            FieldComparison("sex", "性别", "sex", d.sex, rec(a.sex if a else None), "sex"),
            FieldComparison("ethnicity", "民族", "ethnicity", d.ethnicity, rec(a.ethnicity if a else None),
                            "ethnicity"),
            FieldComparison("birthplace", "出生地", "birthplace", d.birthplace, rec(a.birthplace if a else None)),
            FieldComparison("birth_date", "出生日期", "birth date", _iso(d.birth_date),
                            rec(_iso(a.birth_date) if a else None)),
            FieldComparison("issue_date", "发卡日期", "issue date", _iso(d.issue_date), None),
            FieldComparison("expiry_date", "有效期至", "valid until", _iso(d.expiry_date), None),
        )
        comparison = None
        if certificate is not None:
            comparison = _certificate_comparison(store, certificate, issuance, number)
        return CardQuery(card_id, False, number, d.social_security_number, d.full_name, d.issue_date,
                         d.expiry_date, fields, record, self._other, comparison)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="打印卡内查询回执", en="print a card query receipt")
    def print_receipt(self, session: Session, query: CardQuery, printer_name: str, *,
                      counter_name: str = ""):
        """Print the holder's receipt of ``query`` on ``printer_name``; returns the print job's result
        (:class:`~counter_app.printing.job.JobResult`). Audited with the card number only."""
        from counter_app.printing.receipt import print_receipt

        now = self._clock()
        result = print_receipt(printer_name, receipt_of(query, now.astimezone(), counter_name or session.counter_id))
        with self._store.transaction() as db:
            AuditLog.append(db, session.actor, AUDIT_RECEIPT_PRINTED,
                            {"card_number": query.card_number or None, "job": result.job, "state": result.state},
                            counter_id=session.counter_id, at=now)
        return result


def masked_id(number: str) -> str:
    """The ID number as receipts and logs show it: ``4213**********0019`` (:mod:`counter_app.domain.masking`)."""
    return mask_id_number(number)


def receipt_of(query: CardQuery, printed_at: dt.datetime, counter: str) -> Receipt:
    """The holder's receipt of ``query``: every value as printed (the ID number masked)."""
    from counter_app.printing.receipt import Receipt

    status = query.status
    return Receipt(
        masked_id_number=mask_id_number(query.social_security_number),
        name=query.name,
        card_number=query.card_number,
        status_zh=status.zh if status else "无本柜台记录",
        status_en=status.en if status else "not recorded at this counter",
        issue_date=query.issue_date.isoformat() if query.issue_date else "",
        expiry_date=query.expiry_date.isoformat() if query.expiry_date else "",
        consistent=query.consistent,
        printed_at=printed_at.strftime("%Y-%m-%d %H:%M"),
        counter=counter,
    )


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _find_issuance(store: Store, card_id: str, card_number: str) -> tuple[Issuance | None, str]:
    issuances, rows = IssuanceService(store), IssuanceRepository(store.db)
    head = rows.latest_for_card_id(card_id, any_case=True)
    if head is not None:
        return issuances.get(head.id), "card_id"
    if card_number:
        head = rows.latest_for_card_number(card_number)
        if head is not None:
            return issuances.get(head.id), "card_number"
    return None, ""


def _certificate_comparison(store: Store, certificate: CardCertificate | CardError, issuance: Issuance | None,
                            card_number: str) -> CertificateComparison:
    serial = CardCertificateRepository(store.db).sign_serial(card_number) if card_number else None
    state = issuance.certificate_state if issuance is not None else None
    if isinstance(certificate, CardError):
        return CertificateComparison(None, serial, state, certificate.message("zh"), certificate.message("en"))
    return CertificateComparison(certificate, serial, state)


def _record(store: Store, issuance: Issuance, card_number: str, found_by: str) -> CardRecord:
    """The record of the card: its issuance, its status (``not_activated`` until the holder's hand-over or
    activation) and the bank's report of the financial account's activation."""
    from counter_app.services.card_services import card_status_in
    from counter_app.store.financial_activations import FinancialActivationRepository

    financial = FinancialActivationRepository(store.db).get(card_number) if card_number else None
    return CardRecord(issuance.id, issuance.state, card_status_in(store.db, card_number), issuance.holder_pin_set,
                      found_by, financial.activated_at if financial else None)
