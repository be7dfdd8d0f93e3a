"""What the portal's forms bring in, read and checked with the counter's own rules.

- :func:`read_body`: the request's body in chunks, refused (:class:`TooLarge`) as soon as it passes the limit
  (or at once when ``Content-Length`` says it will): a 30 MB upload is never read whole.
- :func:`urlencoded` and :func:`multipart`: the fields (and files) with the standard library only (python-multipart
  is not a dependency; the district console reads its upload the same way).
- :func:`applicant_of`: the counter's :class:`~counter_app.domain.applicant.Applicant` from what a citizen types
  (sex, birth date and birthplace from the 18-digit ID number) and :func:`~counter_app.domain.validation.
  validate_applicant`'s problems.
- :func:`check_photo`: ``counter_app.photo.process.process_photo`` on the upload; the card photo JPEG when it
  passes, the reasons otherwise (each a zh/en pair).
- :func:`township_of_address`: the postal address's township among the district's (table ``population``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect, Request

from counter_app.domain.applicant import Applicant, ApplicationType, DocumentType, ReplacementReason
from counter_app.domain.contact import check_mobile
from counter_app.domain.idnumbers import normalize_id_number
from counter_app.domain.problems import Problem
from counter_app.domain.townships import Township, township_of
from counter_app.domain.validation import check_document_number, normalize_applicant, validate_applicant

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_FORM_BYTES = 64 * 1024
MAX_UPLOAD_BODY = MAX_PHOTO_BYTES + MAX_FORM_BYTES
#: past the limit, the rest of a body is read and thrown away up to this size, so that the phone's browser (still
#: sending) gets the refusal page instead of a reset connection; a body declared larger is refused unread
DRAIN_LIMIT = 64 * 1024 * 1024

#: the form's choice -> (application type, replacement reason); an upgrade takes 80 as validation requires
KINDS: dict[str, tuple[ApplicationType, ReplacementReason | None]] = {
    "lost": (ApplicationType.REPLACEMENT, ReplacementReason.LOST),
    "damaged": (ApplicationType.REPLACEMENT, ReplacementReason.DAMAGED),
    "renewal": (ApplicationType.RENEWAL, ReplacementReason.RENEWAL),
    "upgrade": (ApplicationType.UPGRADE, ReplacementReason.RENEWAL),
    "new": (ApplicationType.NEW, None),
}


class TooLarge(Exception):
    """The body passed the limit (nothing more is read)."""


class BadForm(Exception):
    """The body cannot be read as the form it should be."""


async def read_body(request: Request, limit: int) -> bytes:
    """The body, kept only up to ``limit`` bytes: past it nothing more is kept (what is still coming is read and
    dropped up to :data:`DRAIN_LIMIT`) and :class:`TooLarge` is raised."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError as exc:
            raise BadForm() from exc
        if size > DRAIN_LIMIT:
            raise TooLarge()
    chunks: list[bytes] = []
    size = 0
    too_large = False
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                too_large = True
                chunks.clear()
                if size > DRAIN_LIMIT:
                    break
                continue
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise BadForm() from exc
    if too_large:
        raise TooLarge()
    return b"".join(chunks)


def urlencoded(content_type: str, body: bytes) -> dict[str, str]:
    kind = content_type.split(";")[0].strip().lower()
    if kind not in ("", "application/x-www-form-urlencoded"):
        return {}
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=100))
    except (UnicodeDecodeError, ValueError):
        return {}


def multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """The fields and files of a ``multipart/form-data`` body (the standard library's MIME parser); anything
    else parses as empty (and so fails the CSRF check)."""
    if not content_type.lower().startswith("multipart/form-data"):
        return {}, {}
    from email import policy
    from email.parser import BytesParser

    try:
        message = BytesParser(policy=policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\nMIME-Version: 1.0\r\n\r\n" + body)
    except (UnicodeEncodeError, ValueError):
        return {}, {}
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if not message.is_multipart():
        return fields, files
    try:
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name or not isinstance(name, str):
                continue
            data = part.get_payload(decode=True) or b""
            if not isinstance(data, bytes):
                continue
            filename = part.get_filename()
            if filename is not None:
                files[name] = (str(filename), data)
            else:
                fields[name] = data.decode(part.get_content_charset() or "utf-8", errors="replace")
    except (LookupError, ValueError, TypeError):
        return {}, {}
    return fields, files


# -- identity -------------------------------------------------------------------------------------------------

def check_identity(id_number: str, name: str, mobile: str, *, need_name: bool, today: dt.date
                   ) -> tuple[tuple[str, str, str], list[Problem]]:
    """The normalised (ID number, name, mobile) and the problems of their form alone (checksum, a mobile
    number): nothing is looked up, so the answer is the same whether the ledger knows the person or not."""
    number = check_document_number(DocumentType.RESIDENT_ID, id_number or "", today)
    problems = list(number.problems)
    if not problems and len(number.normalized) != 18:
        problems.append(Problem("portal.id18", "请填写 18 位居民身份证号码", "enter the 18-digit resident ID number",
                                "document_number"))
    clean_name = " ".join((name or "").split())
    if need_name and not clean_name:
        problems.append(Problem("portal.name", "请填写姓名", "enter your name", "name"))
    phone = check_mobile(mobile or "")
    problems.extend(phone.problems)
    return (number.normalized or normalize_id_number(id_number or ""), clean_name, phone.normalized), problems


def applicant_of(id_number: str, name: str, mobile: str, address: str, kind: str, today: dt.date
                 ) -> tuple[Applicant | None, list[Problem]]:
    """The counter's applicant from the portal's fields, and every problem the counter's rules find."""
    if kind not in KINDS:
        return None, [Problem("portal.kind", "请选择申请类型", "choose what you apply for", "application_type")]
    number = check_document_number(DocumentType.RESIDENT_ID, id_number, today)
    if number.problems or number.sex is None or number.birth_date is None:
        return None, list(number.problems) or [Problem("portal.id18", "请填写 18 位居民身份证号码",
                                                       "enter the 18-digit resident ID number")]
    problems: list[Problem] = []
    address = " ".join((address or "").split())
    if not address:
        problems.append(Problem("portal.address", "请填写居住地址", "enter your home address", "address"))
    application, reason = KINDS[kind]
    applicant = normalize_applicant(Applicant(
        document_type=DocumentType.RESIDENT_ID, document_number=number.normalized, name=name, sex=number.sex,
        ethnicity="01", birth_date=number.birth_date, birthplace=number.normalized[:6], phone=mobile,
        address=address, application_type=application, reason=reason))
    problems.extend(validate_applicant(applicant, today))
    return (applicant if not problems else None), problems


# -- photo -----------------------------------------------------------------------------------------------------

@dataclass
class PhotoOutcome:
    jpeg: bytes | None
    checks_json: str | None
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)

    @property
    def ok(self) -> bool:
        return self.jpeg is not None


_NOT_MEASURED = ("未能在照片上找到清楚的面部和双眼：请正对镜头、光线均匀，重新拍摄",
                 "no clear face with both eyes could be found: face the camera in even light and take it again")


def check_photo(data: bytes) -> PhotoOutcome:
    """The counter's photo pipeline over the uploaded bytes (the format is decided by the content: a PNG named
    .jpg is read as the PNG it is)."""
    from counter_app.photo.errors import PhotoError
    from counter_app.photo.process import process_photo

    if not data:
        return PhotoOutcome(None, None, [("请选择一张照片", "choose a photo")])
    try:
        result = process_photo(data)
    except PhotoError as exc:
        return PhotoOutcome(None, None, [(exc.zh, exc.en)])
    except (MemoryError, OverflowError, ValueError):
        return PhotoOutcome(None, None, [("无法读取这张照片", "this photo cannot be read")])
    if not result.ok:
        reasons = [(c.zh, c.en) for c in result.failures]
        if result.not_measured and not reasons:
            reasons.append(_NOT_MEASURED)
        return PhotoOutcome(None, None, reasons)
    # the checks' names and results only, as "code=verdict" (the console lists them as they are)
    checks = [f"{c.code}={c.verdict}" for c in result.checks]
    return PhotoOutcome(result.jpeg, json.dumps(checks))


# -- the district's townships -------------------------------------------------------------------------------------

def district_townships(tx: Any) -> list[Township]:
    return [Township(r["township_code"], r["township_name"])
            for r in tx.all("SELECT township_code, township_name FROM population ORDER BY township_code")]


def township_of_address(address: str, townships: list[Township]) -> Township | None:
    return township_of(address, townships)
