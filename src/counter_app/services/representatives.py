"""Guardians and agents, and the scans they bring: which scans an application needs, and storing them.

A minor (under ``people.guardian_below_age``) needs the household register page OR the birth
certificate; an application through an agent needs the power of attorney. Scans are JPEG, PNG or
PDF (checked by their first bytes, not by a file name), at most 5 MB, sealed at rest
(:mod:`counter_app.store.attachments`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from counter_app.domain.applicant import Applicant
from counter_app.domain.people import AttachmentKind
from counter_app.domain.problems import DomainError, Problem
from counter_app.store.attachments import Attachment, AttachmentRepository

MAX_SCAN_BYTES = 5 * 1024 * 1024
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"%PDF-")


class ScanRefused(DomainError):
    def __init__(self, zh: str, en: str):
        super().__init__(Problem("people.scan_refused", zh, en, field="scan"))


class MissingScan(DomainError):
    def __init__(self, missing: list[frozenset[AttachmentKind]]):
        self.missing = missing
        zh = "；".join(" 或 ".join(k.label("zh") for k in sorted(group)) for group in missing)
        en = "; ".join(" or ".join(k.label("en") for k in sorted(group)) for group in missing)
        super().__init__(Problem("people.scan_missing", f"缺少扫描件：{zh}", f"missing scans: {en}", field="scan"))


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class RepresentativeService:
    def __init__(self, store: Any, settings: Any, *, clock=lambda: dt.datetime.now(dt.UTC)):
        self._store, self._settings, self._clock = store, settings, clock

    def _guardian_below_age(self) -> int:
        if self._settings is None:
            return 16
        return int(self._settings["people.guardian_below_age"])

    def requirements(self, applicant: Applicant, today: dt.date | None = None) -> list[frozenset[AttachmentKind]]:
        """The scans needed, each as a set of kinds any one of which will do."""
        today = today or self._clock().date()
        needed: list[frozenset[AttachmentKind]] = []
        if 0 <= _age(applicant.birth_date, today) < self._guardian_below_age():
            needed.append(frozenset({AttachmentKind.HOUSEHOLD_REGISTER, AttachmentKind.BIRTH_CERTIFICATE}))
        if applicant.agent is not None:
            needed.append(frozenset({AttachmentKind.POWER_OF_ATTORNEY}))
        return needed

    def attach_scan(self, session: Any, issuance_id: str, kind: AttachmentKind, data: bytes) -> int:
        if len(data) > MAX_SCAN_BYTES:
            raise ScanRefused("扫描件超过 5 MB", "the scan is larger than 5 MB")
        if not data.startswith(_MAGIC):
            raise ScanRefused("扫描件须为 JPEG、PNG 或 PDF", "the scan must be a JPEG, PNG or PDF")
        with self._store.transaction() as db:
            return AttachmentRepository(db).add(issuance_id, kind, data, self._clock(),
                                                getattr(session, "actor", str(session)))

    def scans(self, issuance_id: str) -> list[Attachment]:
        with self._store.transaction() as db:
            return AttachmentRepository(db).for_issuance(issuance_id)

    def check_ready(self, issuance_id: str, applicant: Applicant) -> None:
        """Raise :class:`MissingScan` unless every required scan is attached."""
        with self._store.transaction() as db:
            have = AttachmentRepository(db).kinds(issuance_id)
        missing = [group for group in self.requirements(applicant) if not group & have]
        if missing:
            raise MissingScan(missing)
