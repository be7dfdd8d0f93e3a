"""The ledger's reference card-management system (卡管) and the bank it plays: what the counter's
``LedgerCardManagement`` (counter_app/cardmgmt/ledger.py) asks and reports, answered from what the ledger knows.

The ledger knows a person by blind index only (``person_index``, HMAC-SM3 of the ID number under the district
key it never holds): from the issuances and cards the counters' events derived (derive.py), from completion
reports (which also bring the blind index of the name), and from an admin (``central-ledger person add`` /
``mark-deceased``). The eligibility check answers with the card-management system's codes:

- ``"4"`` ``deceased``: an admin marked the person deceased;
- ``"3"`` (detail: the issuance id): an application of the person is unfinished at some counter (an issuance
  the ledger holds in a state other than issued, spoiled or cancelled);
- ``"4"`` ``has_active_card``: a *new* card for a person who holds a card that is not replaced, lost or
  cancelled (the counter offers a replacement instead);
- ``"2"``: the name's blind index differs from the one registered for the person;
- ``"1"``: a replacement, renewal or upgrade for a person the ledger does not know at all, or (with
  ``require_known_persons``) any application of an unknown person;
- ``"0"``: otherwise (a first card of an unknown person enrols them).

As the bank, the ledger pre-opens an account per issuance (``bank/preopen``), and checks the account number the
counter read from the chip at completion against it: the pre-opening exists for that issuance, person and bank,
the number is Luhn-valid and starts with one of the bank's BINs, and no other card is bound to it. Account
numbers are the bank's own (not personal data of the ledger's kind), stored as given; logs show them masked.

Activation, status and fee reports are recorded once each (a sync retry sends the same report again).
"""

from __future__ import annotations

import base64
import logging
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from central_ledger.crypto import canonical_json, hmac_sm3, luhn_valid, sm3_hex
from central_ledger.derive import FINAL_STATUSES
from central_ledger.ledger import Counter, LedgerError, iso, utc_now
from central_ledger.storage import Storage, Tx

log = logging.getLogger("central_ledger.cardmgmt")

ELIGIBLE, PERSON_UNKNOWN, NAME_DIFFERS, APPLICATION_PENDING, NOT_ALLOWED = "0", "1", "2", "3", "4"
FINISHED_STATES = ("issued", "spoiled", "cancelled")
APPLICATION_TYPES = ("new", "replacement", "renewal", "upgrade")
APPLICATIONS = ("social_security", "financial")
INDEX_KEY_BYTES = 32
MAX_PHOTO_BYTES = 512 * 1024
BANK_CODE_RE = re.compile(r"^[0-9A-Za-z]{1,12}$")
BIN_RE = re.compile(r"^[0-9]{4,11}$")
INDEX_RE = re.compile(r"^[0-9a-f]{64}$")


def mask_account(account: str | None) -> str | None:
    """``621226******1234``: the first six (the BIN) and the last four digits, the rest hidden."""
    if not account:
        return None
    if len(account) <= 10:
        return "*" * len(account)
    return account[:6] + "*" * (len(account) - 10) + account[-4:]


# -- blind indexes, computed the way the counters compute them (docs/ledger-api.md, "Blind index") ----------

def read_index_key(path: str | Path) -> bytes:
    """The district index key from a file: 32 raw bytes or 64 hex characters (white space around ignored).

    Read for one admin command and never stored by the ledger (docs/ledger-api.md)."""
    raw = Path(path).read_bytes()
    text = raw.strip()
    if len(text) == 2 * INDEX_KEY_BYTES:
        try:
            return bytes.fromhex(text.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            pass
    if len(raw) == INDEX_KEY_BYTES:
        return bytes(raw)
    raise ValueError(f"索引密钥文件须为 32 字节或 64 个十六进制字符 / the index key file must hold 32 bytes or "
                     f"64 hex characters: {path}")


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def person_index_of(key: bytes, id_number: str) -> str:
    """HMAC-SM3 of the ID number normalised (NFKC, no white space, ASCII upper case), lowercase hex."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", id_number) if not ch.isspace())
    return hmac_sm3(key, text.translate(_ASCII_UPPER).encode("utf-8")).hex()


def name_index_of(key: bytes, name: str) -> str:
    """HMAC-SM3 of ``b"name:"`` and the NFC-normalised name (stripped), lowercase hex."""
    return hmac_sm3(key, b"name:" + unicodedata.normalize("NFC", name.strip()).encode("utf-8")).hex()


def _report_hash(report: dict[str, Any]) -> str:
    """SM3 of the report's canonical JSON without the counter's ``report_id``: the same report is the same
    content, however it was queued."""
    return sm3_hex(canonical_json({k: v for k, v in report.items() if k != "report_id"}))


@dataclass(frozen=True)
class Bank:
    code: str
    name: str
    bins: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "bins": list(self.bins)}


def _bank(row: dict[str, Any]) -> Bank:
    return Bank(row["code"], row["name"], tuple(b for b in row["bins"].split(",") if b))


class CardManagementSystem:
    """The use cases of the reference card-management system over the ledger's storage (app.py and cli.py call
    these). ``require_known_persons``: a new card for a person the ledger does not know answers 1, not 0."""

    def __init__(self, storage: Storage, *, clock: Callable[[], datetime] = utc_now,
                 require_known_persons: bool = False):
        self.storage = storage
        self.clock = clock
        self.require_known_persons = require_known_persons

    def _now(self) -> str:
        return iso(self.clock())

    # -- persons ------------------------------------------------------------------------------------------

    @staticmethod
    def _person(tx: Tx, person_index: str) -> dict[str, Any] | None:
        return tx.one("SELECT person_index, name_index, deceased_at, photo_jpeg, source, added_at, updated_at"
                      " FROM persons WHERE person_index = ?", (person_index,))

    @staticmethod
    def _known(tx: Tx, person_index: str) -> bool:
        """Whether the ledger knows the person at all: registered, or named by an issuance or a card."""
        return any(tx.one(sql, (person_index,)) is not None for sql in (
            "SELECT 1 AS x FROM persons WHERE person_index = ?",
            "SELECT 1 AS x FROM cards WHERE person_index = ? LIMIT 1",
            "SELECT 1 AS x FROM issuances WHERE person_index = ? LIMIT 1"))

    def add_person(self, person_index: str, *, name_index: str | None = None,
                   photo_jpeg: bytes | None = None) -> dict[str, Any]:
        """Register a person (or update one): the name's blind index and the photo on file, when given."""
        _check_index(person_index, "person_index")
        if name_index is not None:
            _check_index(name_index, "name_index")
        photo = None
        if photo_jpeg is not None:
            if not photo_jpeg.startswith(b"\xff\xd8\xff"):
                raise LedgerError(422, "bad_photo", "照片须为 JPEG 文件", "the photo must be a JPEG file")
            if len(photo_jpeg) > MAX_PHOTO_BYTES:
                raise LedgerError(422, "bad_photo", f"照片超过 {MAX_PHOTO_BYTES // 1024} KB",
                                  f"the photo is larger than {MAX_PHOTO_BYTES // 1024} KB")
            photo = base64.b64encode(photo_jpeg).decode("ascii")
        now = self._now()
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            existing = self._person(tx, person_index)
            if existing is None:
                tx.execute("INSERT INTO persons (person_index, name_index, photo_jpeg, source, added_at, updated_at)"
                           " VALUES (?, ?, ?, 'admin', ?, ?)", (person_index, name_index, photo, now, now))
            else:
                tx.execute("UPDATE persons SET name_index = COALESCE(?, name_index),"
                           " photo_jpeg = COALESCE(?, photo_jpeg), updated_at = ? WHERE person_index = ?",
                           (name_index, photo, now, person_index))
            row = self._person(tx, person_index)
        return _person_json(row, created=existing is None)

    def mark_deceased(self, person_index: str, at: str | None = None) -> dict[str, Any]:
        """Mark a person deceased (registering them when unknown): every later eligibility check answers 4."""
        _check_index(person_index, "person_index")
        now = self._now()
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            if self._person(tx, person_index) is None:
                tx.execute("INSERT INTO persons (person_index, source, added_at, updated_at)"
                           " VALUES (?, 'admin', ?, ?)", (person_index, now, now))
            tx.execute("UPDATE persons SET deceased_at = COALESCE(deceased_at, ?), updated_at = ?"
                       " WHERE person_index = ?", (at or now, now, person_index))
            row = self._person(tx, person_index)
        return _person_json(row)

    # -- eligibility and photo ----------------------------------------------------------------------------

    def eligibility(self, counter: Counter, person_index: str, name_index: str | None,
                    application_type: str) -> dict[str, Any]:
        """The card-management answer ``"0"``..``"4"`` with its detail (see the module docstring)."""
        with self.storage.transaction() as tx:
            person = self._person(tx, person_index)
            answer = self._answer(tx, person, person_index, name_index, application_type)
        log.info("eligibility for counter %s: %s %s", counter.counter_id, answer[0], answer[1] or "")
        return {"answer": answer[0], "detail": answer[1]}

    def _answer(self, tx: Tx, person: dict[str, Any] | None, person_index: str, name_index: str | None,
                application_type: str) -> tuple[str, str | None]:
        if person is not None and person["deceased_at"]:
            return NOT_ALLOWED, "deceased"
        marks = ", ".join("?" * len(FINISHED_STATES))
        pending = tx.one(f"SELECT issuance_id FROM issuances WHERE person_index = ? AND state NOT IN ({marks})"
                         " ORDER BY updated_at, issuance_id LIMIT 1", (person_index, *FINISHED_STATES))
        if pending is not None:
            return APPLICATION_PENDING, pending["issuance_id"]
        if application_type == "new":
            cards = tx.all("SELECT status FROM cards WHERE person_index = ?", (person_index,))
            if any(c["status"] not in FINAL_STATUSES for c in cards):
                return NOT_ALLOWED, "has_active_card"
        if person is not None and person["name_index"] and name_index and person["name_index"] != name_index:
            return NAME_DIFFERS, None
        if not self._known(tx, person_index) and (application_type != "new" or self.require_known_persons):
            return PERSON_UNKNOWN, None
        return ELIGIBLE, None

    def photo(self, person_index: str) -> dict[str, Any]:
        with self.storage.transaction() as tx:
            person = self._person(tx, person_index)
        data = person["photo_jpeg"] if person is not None else None
        return {"on_file": bool(data), "photo_jpeg_b64": data or None}

    # -- banks --------------------------------------------------------------------------------------------

    def banks(self) -> list[Bank]:
        with self.storage.transaction() as tx:
            return [_bank(r) for r in tx.all("SELECT code, name, bins FROM banks ORDER BY code")]

    def add_bank(self, code: str, name: str, bins: list[str]) -> Bank:
        if not BANK_CODE_RE.match(code):
            raise LedgerError(422, "bad_bank_code", "银行代码只能含字母和数字（最长 12）",
                              "a bank code is letters and digits, 12 at most")
        if not name.strip():
            raise LedgerError(422, "bad_bank_name", "银行名称为空", "the bank name is empty")
        if not bins or not all(BIN_RE.match(b) for b in bins):
            raise LedgerError(422, "bad_bin", "BIN 须为 4 到 11 位数字", "a BIN is 4 to 11 digits")
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            if tx.one("SELECT 1 AS x FROM banks WHERE code = ?", (code,)):
                raise LedgerError(409, "bank_exists", f"银行 {code} 已存在", f"bank {code} exists")
            tx.execute("INSERT INTO banks (code, name, bins, added_at) VALUES (?, ?, ?, ?)",
                       (code, name.strip(), ",".join(dict.fromkeys(bins)), self._now()))
        return Bank(code, name.strip(), tuple(dict.fromkeys(bins)))

    @staticmethod
    def _bank_row(tx: Tx, code: str) -> Bank:
        row = tx.one("SELECT code, name, bins FROM banks WHERE code = ?", (code,))
        if row is None:
            raise LedgerError(422, "unknown_bank", f"没有代码为 {code} 的合作银行", f"no co-issuing bank {code}")
        return _bank(row)

    # -- the bank: pre-opening and binding ----------------------------------------------------------------

    def preopen(self, counter: Counter, request_id: str, person_index: str, bank_code: str,
                issuance_id: str) -> dict[str, Any]:
        """Pre-open an account at the bank for this issuance; the same request_id gets the same answer."""
        now = self._now()
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            row = tx.one("SELECT preopen_id, person_index, bank_code, issuance_id, status FROM bank_preopenings"
                         " WHERE counter_id = ? AND request_id = ?", (counter.counter_id, request_id))
            if row is not None:
                if (row["person_index"], row["bank_code"], row["issuance_id"]) != (person_index, bank_code,
                                                                                   issuance_id):
                    raise LedgerError(409, "request_reused", "request_id 已用于另一次预开户",
                                      "request_id already used for another pre-opening")
                return _preopen_json(row)
            self._bank_row(tx, bank_code)
            preopen_id = "PO" + uuid.uuid4().hex[:20].upper()
            tx.execute("INSERT INTO bank_preopenings (preopen_id, counter_id, request_id, person_index, bank_code,"
                       " issuance_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'preopened', ?)",
                       (preopen_id, counter.counter_id, request_id, person_index, bank_code, issuance_id, now))
        log.info("bank %s pre-opened %s for issuance %s (counter %s)", bank_code, preopen_id, issuance_id,
                 counter.counter_id)
        return {"preopen_id": preopen_id, "bank_code": bank_code, "status": "preopened",
                "issuance_id": issuance_id}

    def completion(self, counter: Counter, report: dict[str, Any]) -> dict[str, Any]:
        """Record a card's completion; with a bank account, check it against the pre-opening and bind it.

        Once per issuance: the same report again gets the same answer, another report for the issuance 409."""
        digest = _report_hash(report)
        issuance_id, account = report["issuance_id"], report.get("bank_account")
        now = self._now()
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            done = tx.one("SELECT counter_id, report_hash, status FROM card_completions WHERE issuance_id = ?",
                          (issuance_id,))
            if done is not None:
                if done["counter_id"] != counter.counter_id or done["report_hash"] != digest:
                    raise LedgerError(409, "completion_differs", "此申请已报告过另一份办结信息",
                                      "another completion report was recorded for this issuance")
                return {"status": done["status"], "issuance_id": issuance_id}
            bank_code = report.get("bank_code")
            preopen_id = None
            if account:
                bank_code, preopen_id = self._check_account(tx, counter, report)
            status = "bound" if account else "recorded"
            tx.execute("INSERT INTO card_completions (issuance_id, counter_id, card_number, card_id, person_index,"
                       " name_index, bank_code, bank_account_masked, preopen_id, completed_at, report_hash,"
                       " report_id, status, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (issuance_id, counter.counter_id, report.get("card_number"), report.get("card_id"),
                        report["person_index"], report.get("name_index"), bank_code, mask_account(account),
                        preopen_id, report["completed_at"], digest, report.get("report_id"), status, now))
            if account:
                tx.execute("INSERT INTO bank_bindings (bank_account, bank_code, card_number, issuance_id,"
                           " person_index, preopen_id, counter_id, bound_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (account, bank_code, report.get("card_number"), issuance_id, report["person_index"],
                            preopen_id, counter.counter_id, now))
            self._enrol(tx, report["person_index"], report.get("name_index"), now)
        log.info("completion of issuance %s from counter %s: %s%s", issuance_id, counter.counter_id, status,
                 f" account {mask_account(account)} at bank {bank_code}" if account else "")
        return {"status": status, "issuance_id": issuance_id}

    def _check_account(self, tx: Tx, counter: Counter, report: dict[str, Any]) -> tuple[str, str]:
        """The pre-opening the reported account answers to, or 409 bank_account_mismatch / bank_account_bound."""
        account, issuance_id, person_index = report["bank_account"], report["issuance_id"], report["person_index"]
        bank_code, preopen_id = report.get("bank_code"), report.get("preopen_id")

        def mismatch(zh: str, en: str) -> LedgerError:
            log.warning("completion of issuance %s: account %s refused: %s", issuance_id, mask_account(account), en)
            return LedgerError(409, "bank_account_mismatch", f"银行账号与预开户不符：{zh}",
                               f"the bank account does not match the pre-opening: {en}")

        columns = "preopen_id, counter_id, person_index, bank_code, issuance_id"
        if preopen_id:
            pre = tx.one(f"SELECT {columns} FROM bank_preopenings WHERE preopen_id = ?", (preopen_id,))
        elif report.get("preopen_request_id"):
            pre = tx.one(f"SELECT {columns} FROM bank_preopenings WHERE counter_id = ? AND request_id = ?",
                         (counter.counter_id, report["preopen_request_id"]))
        else:
            pre = tx.one(f"SELECT {columns} FROM bank_preopenings WHERE issuance_id = ? AND person_index = ?"
                         " AND bank_code = ? ORDER BY created_at DESC LIMIT 1",
                         (issuance_id, person_index, bank_code or ""))
        if pre is None or pre["counter_id"] != counter.counter_id:
            raise mismatch("没有此申请的预开户", "no pre-opening for this issuance")
        if pre["issuance_id"] != issuance_id or pre["person_index"] != person_index \
                or (bank_code is not None and pre["bank_code"] != bank_code):
            raise mismatch("预开户属于另一申请、另一人或另一银行",
                           "the pre-opening is of another issuance, person or bank")
        bank = self._bank_row(tx, pre["bank_code"])
        if not luhn_valid(account):
            raise mismatch("账号校验位不对", "the account number fails its check digit")
        if not any(account.startswith(b) for b in bank.bins):
            raise mismatch(f"账号不是{bank.name}的卡号", f"the account is not a number of bank {bank.code}")
        bound = tx.one("SELECT issuance_id, card_number FROM bank_bindings WHERE bank_account = ?", (account,))
        if bound is not None and bound["issuance_id"] != issuance_id:
            log.warning("completion of issuance %s: account %s is bound to issuance %s", issuance_id,
                        mask_account(account), bound["issuance_id"])
            raise LedgerError(409, "bank_account_bound", "此银行账号已绑定另一张社保卡",
                              "this bank account is bound to another card")
        return pre["bank_code"], pre["preopen_id"]

    def _enrol(self, tx: Tx, person_index: str, name_index: str | None, now: str) -> None:
        """A completed card makes its holder known, with the name's blind index when none is registered yet."""
        if self._person(tx, person_index) is None:
            tx.execute("INSERT INTO persons (person_index, name_index, source, added_at, updated_at)"
                       " VALUES (?, ?, 'completion', ?, ?)", (person_index, name_index, now, now))
        elif name_index:
            tx.execute("UPDATE persons SET name_index = ?, updated_at = ? WHERE person_index = ?"
                       " AND name_index IS NULL", (name_index, now, person_index))

    # -- activation, status and fee reports ---------------------------------------------------------------

    def activation(self, counter: Counter | None, card_number: str, application: str, activated_at: str,
                   by: str, issuance_id: str | None = None, report_id: str | None = None) -> dict[str, Any]:
        """Record an application's activation on a card (the first report counts; repeats change nothing)."""
        now = self._now()
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            tx.execute("INSERT INTO card_activations (card_number, application, issuance_id, activated_at,"
                       " activated_by, counter_id, report_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT DO NOTHING",
                       (card_number, application, issuance_id, activated_at, by[:100],
                        counter.counter_id if counter else None, report_id, now))
            row = tx.one("SELECT activated_at, activated_by FROM card_activations WHERE card_number = ? AND"
                         " application = ?", (card_number, application))
        return {"status": "recorded", "card_number": card_number, "application": application,
                "activated_at": row["activated_at"], "activated_by": row["activated_by"]}

    def bank_activated(self, card_number: str, at: str | None = None) -> dict[str, Any]:
        """The bank reports that the card's financial application was activated (``bank activated``)."""
        with self.storage.transaction() as tx:
            bound = tx.one("SELECT bank_code, issuance_id, bank_account FROM bank_bindings WHERE card_number = ?",
                           (card_number,))
        if bound is None:
            raise LedgerError(404, "no_bank_account", f"卡 {card_number} 没有绑定的银行账户",
                              f"card {card_number} has no bound bank account")
        answer = self.activation(None, card_number, "financial", at or self._now(), f"bank:{bound['bank_code']}",
                                 bound["issuance_id"])
        return {**answer, "bank_code": bound["bank_code"], "bank_account": mask_account(bound["bank_account"])}

    def status_report(self, counter: Counter, report: dict[str, Any]) -> dict[str, Any]:
        """Record a status change as the card system's own record (the ledger's card status comes from events)."""
        report = {**report, "previous": report.get("previous") or report.get("from_status")}
        self._once(counter, "card_status_reports", report, ("card_number", "status", "status_code", "previous",
                                                            "reason", "changed_at"))
        return {"status": "recorded"}

    def fee_report(self, counter: Counter, report: dict[str, Any]) -> dict[str, Any]:
        report = {**report, "refunded": 1 if report["refunded"] else 0}
        self._once(counter, "fee_reports", report, ("issuance_id", "case_number", "amount_fen", "method",
                                                    "waiver_code", "order_id", "settled_at", "refunded"))
        return {"status": "recorded"}

    def _once(self, counter: Counter, table: str, report: dict[str, Any], columns: tuple[str, ...]) -> None:
        """Insert a report unless the same one (same canonical JSON) from the same counter is already there."""
        values = [report.get(c) for c in columns]
        digest = _report_hash(dict(zip(columns, values, strict=True)))
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()
            tx.execute(f"INSERT INTO {table} (counter_id, {', '.join(columns)}, report_hash, report_id, recorded_at)"
                       f" VALUES ({', '.join('?' * (len(columns) + 4))}) ON CONFLICT DO NOTHING",
                       (counter.counter_id, *values, digest, report.get("report_id"), self._now()))

    # -- listings (CLI) -----------------------------------------------------------------------------------

    def person(self, person_index: str) -> dict[str, Any] | None:
        with self.storage.transaction() as tx:
            row = self._person(tx, person_index)
        return _person_json(row) if row is not None else None


def _check_index(value: str, what: str) -> None:
    if not isinstance(value, str) or not INDEX_RE.match(value):
        raise LedgerError(422, "malformed_request", f"{what} 须为 64 个小写十六进制字符",
                          f"{what} must be 64 lowercase hex characters")


def _person_json(row: dict[str, Any], created: bool | None = None) -> dict[str, Any]:
    out = {"person_index": row["person_index"], "name_index": row["name_index"],
           "deceased_at": row["deceased_at"], "photo_on_file": bool(row["photo_jpeg"]), "source": row["source"],
           "added_at": row["added_at"], "updated_at": row["updated_at"]}
    if created is not None:
        out["created"] = created
    return out


def _preopen_json(row: dict[str, Any]) -> dict[str, Any]:
    return {"preopen_id": row["preopen_id"], "bank_code": row["bank_code"], "status": row["status"],
            "issuance_id": row["issuance_id"]}
