"""An online application (线上申办补换) as the counter receives it from the ledger, and what a scan at the counter means.

``OnlineApplication.from_json`` reads the ledger's ``Application`` JSON (docs/online-applications.md, "The
counters' API") and checks every field's shape: a bad answer is refused with :class:`BadOnlineApplication`
(zh/en, naming the field) before anything is kept or shown.

``parse_scan`` tells what the clerk's find box received: a keyboard-wedge scanner types the status page's QR code
(the plain ``qr_token``, or a URL whose query carries ``t=<token>``), a clerk types the application number
(``WA`` + 10 digits + an ISO 7064 MOD 11-2 check character) or the 18-character ID number.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from counter_app.domain.applicant import Applicant
from counter_app.domain.idnumbers import check_id_number, normalize_id_number
from counter_app.domain.problems import DomainError, Problem

# --- the contract's vocabulary (docs/online-applications.md, "Statuses") -------------------------------------

SUBMITTED = "submitted"
PHOTO_REJECTED = "photo_rejected"
REJECTED = "rejected"
APPROVED = "approved"
IN_PRODUCTION = "in_production"
READY = "ready"
POSTED = "posted"
COLLECTED = "collected"
ACTIVATED = "activated"
CANCELLED = "cancelled"
STATUSES = frozenset({SUBMITTED, PHOTO_REJECTED, REJECTED, APPROVED, IN_PRODUCTION, READY, POSTED, COLLECTED,
                      ACTIVATED, CANCELLED})
#: the statuses in which a counter may make the card of a hall collection (a spoiled card keeps in_production)
COLLECTABLE = frozenset({APPROVED, IN_PRODUCTION, READY})

HALL = "hall"
POST = "post"
COLLECTIONS = frozenset({HALL, POST})
APPLICATIONS = frozenset({"new", "replacement", "renewal", "upgrade"})

#: the outbox event a counter reports progress with, and its statuses
PROGRESS_EVENT = "online_application.progress"

#: (zh, en) of each status, for lists and messages
STATUS_LABELS: dict[str, tuple[str, str]] = {
    SUBMITTED: ("待审核", "submitted"),
    PHOTO_REJECTED: ("照片未通过", "photo rejected"),
    REJECTED: ("未通过", "rejected"),
    APPROVED: ("已审核", "approved"),
    IN_PRODUCTION: ("制卡中", "in production"),
    READY: ("待领取", "ready"),
    POSTED: ("已寄出", "posted"),
    COLLECTED: ("已领取", "collected"),
    ACTIVATED: ("已激活", "activated"),
    CANCELLED: ("已撤销", "cancelled"),
}

_APP_ID = re.compile(r"WA[0-9]{10}[0-9X]")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")
_ID18 = re.compile(r"[0-9]{17}[0-9X]")


class BadOnlineApplication(DomainError):
    """The ledger's ``Application`` JSON has a field of the wrong shape (``field`` names it)."""

    def __init__(self, field: str, zh_why: str, en_why: str):
        super().__init__(Problem(
            "online.bad_application",
            f"台账返回的线上申请数据有误（字段 {field}：{zh_why}），未予采用：请技术员检查台账。",
            f"The online application from the ledger is malformed (field {field}: {en_why}) and was not used: "
            f"a technician checks the ledger.", field))
        self.field = field


class ScanNotUnderstood(DomainError):
    """What the find box received is no QR code, application number or ID number; ``code`` says which problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem)


class IdentityMismatch(DomainError):
    """The ID card read at the counter is not the applicant's: the card of this application is not made."""

    def __init__(self, app_id: str, what_zh: str, what_en: str):
        super().__init__(Problem(
            "online.identity_mismatch",
            f"身份证与线上申请 {app_id} 不符（{what_zh}）：不能为其制卡。请核实来人身份；如申请有误，请申请人重新申请。",
            f"The ID card does not match the online application {app_id} ({what_en}): its card is not made. "
            f"Check who the person is; if the application is wrong, the applicant applies again."))


class NotCollectableHere(DomainError):
    """The application found cannot be finished at this counter now (its status, or a postal application)."""

    def __init__(self, app: OnlineApplication):
        zh, en = STATUS_LABELS.get(app.status, (app.status, app.status))
        if app.collection != HALL:
            why_zh, why_en = "为邮寄申请，由制卡中心制作", "a postal application, made at the card centre"
        else:
            why_zh, why_en = f"状态为“{zh}”", f"its status is {en}"
        super().__init__(Problem(
            "online.not_collectable", f"线上申请 {app.app_id} 不能在柜台办理（{why_zh}）。",
            f"The online application {app.app_id} cannot be finished at the counter ({why_en})."))


def _same_name(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace() and ch != "·")
    return norm(a) == norm(b)


def check_identity(app: OnlineApplication, id_number: str, name: str) -> None:
    """The ID card read (``id_number``, ``name``) must be the application's; :class:`IdentityMismatch` if not
    (the message says which of the two differs, never the other person's data)."""
    number_ok = normalize_id_number(id_number) == normalize_id_number(app.applicant.document_number)
    name_ok = _same_name(name, app.applicant.name)
    if number_ok and name_ok:
        return
    if not number_ok and not name_ok:
        raise IdentityMismatch(app.app_id, "身份证号码和姓名都不同", "both the ID number and the name differ")
    if not number_ok:
        raise IdentityMismatch(app.app_id, "身份证号码不同", "the ID number differs")
    raise IdentityMismatch(app.app_id, "姓名不同", "the name differs")


def app_id_check_char(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the application number's 10 digits (as the ledger makes it)."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise ValueError("need exactly 10 ASCII digits")
    total = sum(int(d) * (2 ** (len(digits) - i) % 11) for i, d in enumerate(digits))
    return "10X98765432"[total % 11]


def is_app_id(text: str) -> bool:
    """``WA`` + 10 digits + the right check character."""
    return _APP_ID.fullmatch(text) is not None and text[12] == app_id_check_char(text[2:12])


def parse_scan(text: str) -> tuple[str, str]:
    """``("qr_token" | "app_id" | "id_number", value)`` for what was scanned or typed into the find box.

    Raises :class:`ScanNotUnderstood` (zh/en) when it is none of them, or an application or ID number with a
    wrong check character (a typing slip is told, not looked up)."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        raise ScanNotUnderstood(Problem("online.scan_empty", "请扫描二维码，或输入申请编号、身份证号。",
                                        "Scan the QR code, or type the application number or the ID number."))
    if "://" in raw or "?" in raw:
        token = _token_from_url(raw)
        if token is not None:
            return "qr_token", token
        raise ScanNotUnderstood(Problem("online.scan_url", "扫描到的网址不是线上申请的二维码。",
                                        "The scanned address is not an online application's QR code."))
    compact = "".join(ch for ch in raw if not ch.isspace())
    upper = compact.upper()
    if len(upper) == 13 and upper.startswith("WA") and _APP_ID.fullmatch(upper):
        if not is_app_id(upper):
            raise ScanNotUnderstood(Problem(
                "online.app_id_check", f"申请编号 {upper} 的校验位不对：请核对后重新输入。",
                f"The check character of the application number {upper} is wrong: check it and type it again."))
        return "app_id", upper
    number = normalize_id_number(compact)
    if _ID18.fullmatch(number):
        check = check_id_number(number)
        if not check.valid:
            first = check.problems[0]
            raise ScanNotUnderstood(Problem("online.id_number", first.zh, first.en))
        return "id_number", check.normalized
    if _TOKEN.fullmatch(compact):
        return "qr_token", compact
    raise ScanNotUnderstood(Problem(
        "online.scan_unknown", "未能识别：请扫描线上申请的二维码，或输入申请编号（WA 开头）或18位身份证号。",
        "Not recognised: scan the online application's QR code, or type the application number (WA…) or the "
        "18-character ID number."))


def _token_from_url(raw: str) -> str | None:
    try:
        query = urlsplit(raw).query
    except ValueError:
        return None
    values = parse_qs(query).get("t")
    if values and _TOKEN.fullmatch(values[-1]):
        return values[-1]
    return None


@dataclass(frozen=True, slots=True)
class OnlineApplication:
    """One online application as the ledger sent it (the applicant is the counter's own form, unchanged)."""

    app_id: str
    qr_token: str
    application: str
    reason: str | None
    collection: str
    hall_id: str | None
    collect_day: dt.date | None
    status: str
    applicant: Applicant
    mobile: str
    photo_jpeg: bytes             # b"": no photo (a child below the photo age)
    postal_address: str | None

    @property
    def collectable(self) -> bool:
        """A hall collection whose card a counter may make now."""
        return self.collection == HALL and self.status in COLLECTABLE

    def to_json(self) -> dict[str, Any]:
        """The ledger's ``Application`` JSON again (what the counter keeps, sealed)."""
        return {"app_id": self.app_id, "qr_token": self.qr_token, "application": self.application,
                "reason": self.reason, "collection": self.collection, "hall_id": self.hall_id,
                "collect_day": self.collect_day.isoformat() if self.collect_day else None, "status": self.status,
                "applicant": self.applicant.to_dict(), "mobile": self.mobile,
                "photo_jpeg": base64.b64encode(self.photo_jpeg).decode("ascii") if self.photo_jpeg else None,
                "postal_address": self.postal_address}

    @classmethod
    def from_json(cls, data: Any) -> OnlineApplication:
        """Read the ledger's ``Application``; raises :class:`BadOnlineApplication` naming the first bad field."""
        if not isinstance(data, dict):
            raise BadOnlineApplication("Application", "不是 JSON 对象", "not a JSON object")
        app_id = _text(data, "app_id")
        if not is_app_id(app_id):
            raise BadOnlineApplication("app_id", "不是有效的申请编号", "not a valid application number")
        qr_token = _text(data, "qr_token")
        if not _TOKEN.fullmatch(qr_token):
            raise BadOnlineApplication("qr_token", "格式不对", "wrong format")
        application = _text(data, "application")
        if application not in APPLICATIONS:
            raise BadOnlineApplication("application", "未知的申请类型", "unknown application type")
        reason = _optional_text(data, "reason")
        collection = _text(data, "collection")
        if collection not in COLLECTIONS:
            raise BadOnlineApplication("collection", "应为 hall 或 post", "must be hall or post")
        status = _text(data, "status")
        if status not in STATUSES:
            raise BadOnlineApplication("status", "未知的状态", "unknown status")
        hall_id = _optional_text(data, "hall_id")
        day_text = _optional_text(data, "collect_day")
        try:
            collect_day = dt.date.fromisoformat(day_text) if day_text else None
        except ValueError:
            raise BadOnlineApplication("collect_day", "不是 YYYY-MM-DD 日期", "not a YYYY-MM-DD date") from None
        if collection == HALL and (hall_id is None or collect_day is None):
            raise BadOnlineApplication("hall_id", "大厅领取的申请缺少大厅或领取日", "a hall collection without hall or day")
        applicant_data = data.get("applicant")
        if not isinstance(applicant_data, dict):
            raise BadOnlineApplication("applicant", "不是 JSON 对象", "not a JSON object")
        try:
            applicant = Applicant.from_dict(applicant_data)
        except (KeyError, ValueError, TypeError) as exc:
            raise BadOnlineApplication("applicant", f"申请人信息不完整或有误（{exc}）",
                                       f"incomplete or wrong applicant data ({exc})") from None
        mobile = _text(data, "mobile")
        if not re.fullmatch(r"1[0-9]{10}", mobile):
            raise BadOnlineApplication("mobile", "不是11位手机号码", "not an 11-digit mobile number")
        photo_text = _optional_text(data, "photo_jpeg") or ""  # none: a child below the photo age
        try:
            photo = base64.b64decode(photo_text, validate=True)
        except (binascii.Error, ValueError):
            raise BadOnlineApplication("photo_jpeg", "不是 base64", "not base64") from None
        if photo and not photo.startswith(b"\xff\xd8\xff"):
            raise BadOnlineApplication("photo_jpeg", "不是 JPEG 图像", "not a JPEG image")
        postal_address = _optional_text(data, "postal_address")
        if collection == POST and not postal_address:
            raise BadOnlineApplication("postal_address", "邮寄申请缺少邮寄地址", "a postal application without address")
        return cls(app_id=app_id, qr_token=qr_token, application=application, reason=reason,
                   collection=collection, hall_id=hall_id, collect_day=collect_day, status=status,
                   applicant=applicant, mobile=mobile, photo_jpeg=photo, postal_address=postal_address)


def _text(data: dict[str, Any], field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value:
        raise BadOnlineApplication(field, "缺少或不是文本", "missing or not text")
    return value


def _optional_text(data: dict[str, Any], field: str) -> str | None:
    value = data.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadOnlineApplication(field, "不是文本", "not text")
    return value
