"""The card centre's postal production batch: approved postal applications made into cards, unattended, and posted.

One use case, shared by the clerk's postal batch page (its device worker) and ``counter-app postal-batch``:

1. :meth:`PostalBatchService.start` takes N approved postal applications from the ledger (``POST /v1/online/postal``,
   oldest first; docs/online-applications.md) and keeps them, sealed, as one batch in the counter's database
   (:mod:`counter_app.store.postal_batches`). Applications left by the last batch come first. An application this
   counter already holds (the ledger may not have heard of it yet) is never taken twice.
2. :meth:`PostalBatchService.produce` makes each card in turn, the whole issuance without a clerk: the issuance is
   opened with the applicant and the approved photo of the application (no ID card check: the holder is not
   here), the next blank card is fed to the encoder, the chip written and read back (the encoder's own retries),
   the card face printed. The first step reports ``online_application.progress`` ``in_production``.

   A card that fails goes to the spoiled record as at the counter (issuance-flow spec): the chip write failed
   after its retries, or the card face failed twice (the print is repeated once as a print only; the chip is
   never written again): the issuance is ``spoiled`` with its chip identity and reason, the stock counts the card
   spoiled, the card number is void, and a new issuance for the same application (``restarted_from``) is made on
   the next blank card. A second spoiled card leaves the application for the next batch, with the reason; the
   batch goes on with the next application. An empty hopper (no card at all in the encoder) or a printer that is
   not available pauses the batch (:class:`BatchPaused`): nothing is spoiled, and the next run resumes there.

   Every step is saved as it happens (the item's state and issuance, the issuance's own states), so a crash
   mid-batch resumes at the card it was on: the same chip is read back and completed, a print of unknown end
   is recorded failed and repeated.
3. :meth:`PostalBatchService.print_documents` prints the manifest (one A4 page) and one address label per card on
   the papers' queue, through the counter's Qt print path.
4. :meth:`PostalBatchService.record_tracking` / :meth:`PostalBatchService.mark_posted`: the clerk records each
   tracking number (typed or scanned: 10 to 20 letters and digits) and marks the card posted. The issuance ends
   as the agent's collection does, with the card ``not_activated`` (未启用) and the stock's initial PIN (no PIN is
   set: the holder activates it on the status page and changes the PIN before first use), and the progress
   ``posted`` with the tracking number goes to the ledger through the outbox.

No Qt. Methods that change something are permission-checked (clerk or supervisor). The GUI calls this from its
device worker, which owns the store, the encoder and the printer.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from counter_app.card import errors as card_errors
from counter_app.domain.issuance import IssuanceAction, IssuanceState
from counter_app.domain.online_application import POST, POSTED, PROGRESS_EVENT, OnlineApplication
from counter_app.domain.problems import DomainError, Problem, is_user_facing, pick
from counter_app.domain.townships import TOWNSHIPS_KEY, township_of, townships_from_json
from counter_app.services.auth import Role, Session, requires
from counter_app.services.issuance import hand_over_effects
from counter_app.store.audit import AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.outbox import OutboxRepository
from counter_app.store.postal_batches import BatchRow, ItemRow, PostalBatchRepository
from counter_app.store.settings_kv import SettingsKv

if TYPE_CHECKING:
    from counter_app.printing.job import JobResult
    from counter_app.printing.postal_documents import AddressLabel, Manifest
    from counter_app.services.container import CounterServices

log = logging.getLogger(__name__)

S, A = IssuanceState, IssuanceAction
IN_PRODUCTION = "in_production"
MAX_BATCH = 24                   # one manifest page
CARD_FAILURES_ALLOWED = 2        # the second spoiled card leaves the application for the next batch
AUDIT_BATCH_STARTED = "postal_batch.started"
AUDIT_DOCUMENTS_PRINTED = "postal_batch.documents_printed"
AUDIT_POSTED = "postal_batch.posted"
_TRACKING = re.compile(r"[A-Z0-9]{10,20}")
_PRINTER_DOWN = ("print.printer_not_found", "print.printer_paused", "print.printer_rejecting",
                 "print.system_unavailable")
_ACTIVE_ITEM_STATES = ("waiting", "writing", "printing", "retry")

#: (zh, en) of each item state, for the page and the CLI
ITEM_STATE_LABELS: dict[str, tuple[str, str]] = {
    "waiting": ("等待", "waiting"),
    "writing": ("写卡中", "writing"),
    "printing": ("打印中", "printing"),
    "retry": ("已作废→换卡重做", "spoiled → retry"),
    "done": ("已完成", "done"),
    "left": ("留待下批", "left for next batch"),
    "carried": ("转入下批", "carried to next batch"),
    "posted": ("已寄出", "posted"),
}


# --- errors ------------------------------------------------------------------------------------------

class PostalBatchProblem(DomainError):
    def __init__(self, code: str, zh: str, en: str, field: str | None = None):
        super().__init__(Problem(code, zh, en, field=field))


class BatchPaused(PostalBatchProblem):
    """Production stopped without spoiling anything (no blank card, printer not available); run again to resume."""

    def __init__(self, batch_id: str, zh: str, en: str):
        self.batch_id = batch_id
        super().__init__("postal_batch.paused", f"批次 {batch_id} 已暂停：{zh}处理后重新开始即可继续。",
                         f"Batch {batch_id} paused: {en} Start it again to go on.")


class InvalidTrackingNumber(PostalBatchProblem):
    def __init__(self, text: str):
        super().__init__("postal_batch.tracking_invalid",
                         f"邮件号“{text}”无效：须为10至20位字母或数字。",
                         f"The tracking number '{text}' is not valid: 10 to 20 letters or digits.", "tracking")


def normalize_tracking(text: str | None) -> str:
    """The tracking number as kept: full-width characters folded (a scanner in Chinese input mode), spaces and
    dashes dropped, upper case. Raises :class:`InvalidTrackingNumber` unless 10–20 letters or digits remain."""
    raw = unicodedata.normalize("NFKC", text or "")
    compact = "".join(ch for ch in raw if not ch.isspace() and ch != "-").upper()
    if not _TRACKING.fullmatch(compact) or not compact.isascii():
        raise InvalidTrackingNumber((text or "").strip())
    return compact


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳小明 → 欧***: the manifest and the lists only recognise a name."""
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*" * len(name)


def mask_mobile(mobile: str) -> str:
    """13912345678 → 139****5678."""
    m = (mobile or "").strip()
    return m[:3] + "*" * (len(m) - 7) + m[-4:] if len(m) > 7 else "*" * len(m)


# --- what the callers see ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ItemView:
    batch_id: str
    position: int
    app_id: str
    masked_name: str
    state: str
    issuance_id: str | None
    card_number: str | None
    township: str | None
    tracking_number: str | None
    reason: str | None
    card_failures: int

    def state_label(self, lang: str = "zh") -> str:
        return pick(lang, *ITEM_STATE_LABELS.get(self.state, (self.state, self.state)))

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "app_id": self.app_id, "name": self.masked_name, "state": self.state,
                "issuance_id": self.issuance_id, "card_number": self.card_number, "township": self.township,
                "tracking_number": self.tracking_number, "reason": self.reason, "card_failures": self.card_failures}


@dataclass(frozen=True, slots=True)
class BatchView:
    batch_id: str
    counter_id: str
    created_at: dt.datetime
    state: str
    items: tuple[ItemView, ...]

    @property
    def made(self) -> tuple[ItemView, ...]:
        """The cards made (done or posted), in order."""
        return tuple(i for i in self.items if i.state in ("done", "posted"))

    @property
    def left(self) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if i.state == "left")

    def item(self, app_id: str) -> ItemView:
        for i in self.items:
            if i.app_id == app_id:
                return i
        raise ItemNotFound(app_id)

    def as_dict(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "counter_id": self.counter_id, "created_at": self.created_at.isoformat(),
                "state": self.state, "items": [i.as_dict() for i in self.items]}


class ItemNotFound(PostalBatchProblem):
    def __init__(self, app_id: str):
        super().__init__("postal_batch.not_found", f"邮寄批次中没有申请 {app_id}。",
                         f"No application {app_id} in a postal batch.", "app_id")


@dataclass(frozen=True, slots=True)
class DocumentsOutcome:
    manifest: JobResult
    labels: tuple[JobResult, ...]

    @property
    def ok(self) -> bool:
        return all(r.state in ("completed", "submitted") for r in (self.manifest, *self.labels))


Feed = Callable[[str | None], None]   # put the next blank card (of this bank) into the encoder


class PostalBatchService:
    """The postal batch over one counter's services (store, encoder, printer, ledger).

    ``feed(bank_code)`` puts the next blank card into the encoder before each new write (a card printer's hopper
    feeds its encoding station by itself: None; the tests and the demo insert a simulated blank).
    ``ledger``: what makes a ledger client (default: the counter's). ``print_manifest`` / ``print_label``:
    ``(printer_name, document) -> JobResult`` (default: :mod:`counter_app.printing.postal_documents`)."""

    def __init__(self, services: CounterServices, *, feed: Feed | None = None, ledger: Callable | None = None,
                 clock: Callable[[], dt.datetime] = utc_now,
                 print_manifest: Callable[[str, Manifest], JobResult] | None = None,
                 print_label: Callable[[str, AddressLabel], JobResult] | None = None):
        self.s = services
        self._store = services.store
        self.feed = feed
        self._ledger = ledger
        self._clock = clock
        self._print_manifest = print_manifest
        self._print_label = print_label

    # --- reads -------------------------------------------------------------------------------------

    def open_batch(self) -> BatchView | None:
        row = PostalBatchRepository(self._store.db).open_batch()
        return self._view(row) if row else None

    def get(self, batch_id: str) -> BatchView:
        row = PostalBatchRepository(self._store.db).batch(batch_id)
        if row is None:
            raise PostalBatchProblem("postal_batch.unknown", f"没有邮寄批次 {batch_id}。", f"No postal batch {batch_id}.")
        return self._view(row)

    def last_batch(self) -> BatchView | None:
        rows = PostalBatchRepository(self._store.db).recent_batches(1)
        return self._view(rows[0]) if rows else None

    def batch_of(self, app_id: str) -> BatchView:
        """The latest batch that holds ``app_id``."""
        item = PostalBatchRepository(self._store.db).latest_item_of(app_id.strip().upper())
        if item is None:
            raise ItemNotFound(app_id)
        return self.get(item.batch_id)

    def _view(self, row: BatchRow) -> BatchView:
        repo = PostalBatchRepository(self._store.db)
        items = tuple(self._item_view(repo, r) for r in repo.items(row.batch_id))
        return BatchView(row.batch_id, row.counter_id, row.created_at, row.state, items)

    @staticmethod
    def _item_view(repo: PostalBatchRepository, r: ItemRow) -> ItemView:
        app = repo.application(r.batch_id, r.app_id)
        name = (app.get("applicant") or {}).get("name", "")
        return ItemView(r.batch_id, r.position, r.app_id, mask_name(name), r.state, r.issuance_id, r.card_number,
                        r.township, r.tracking_number, r.reason, r.card_failures)

    # --- 1. the batch ------------------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="开始邮寄制卡批次", en="start a postal production batch")
    def start(self, session: Session, count: int) -> BatchView:
        """A new batch of at most ``count`` applications: the ones left by the last batch, then the ledger's
        approved postal applications, oldest first. Refused while a batch is open (finish or resume it)."""
        repo = PostalBatchRepository(self._store.db)
        if not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
            raise PostalBatchProblem("postal_batch.count", f"每批制卡数量须为 1 至 {MAX_BATCH} 张。",
                                     f"A batch is 1 to {MAX_BATCH} cards.", "count")
        opened = repo.open_batch()
        if opened is not None:
            raise PostalBatchProblem("postal_batch.open", f"批次 {opened.batch_id} 尚未完成：请先继续该批次。",
                                     f"Batch {opened.batch_id} is not finished yet: go on with it first.")
        carried = repo.left_items()[:count]
        held = repo.held_app_ids()
        wanted = count - len(carried)
        fetched: list[OnlineApplication] = []
        if wanted > 0:
            with self._client() as client:
                answer = client.online_postal(min(100, wanted + len(held)))
            fetched = [a for a in answer if a.collection == POST and a.status == "approved"
                       and a.app_id not in held][:wanted]
        if not carried and not fetched:
            raise PostalBatchProblem("postal_batch.nothing", "没有待制作的邮寄申请。",
                                     "There is no approved postal application to make.")
        batch_id = self._new_batch_id()
        now = self._clock()
        with self._store.transaction() as db:
            repo = PostalBatchRepository(db)
            repo.add_batch(batch_id, counter_id=session.counter_id or str(self.s.settings["counter.id"] or ""),
                           at=now, by=session.actor, requested=count)
            position = 0
            for old in carried:
                position += 1
                app = repo.application(old.batch_id, old.app_id)
                repo.add_item(batch_id, old.app_id, position, app, at=now, township=old.township,
                              spoiled_issuance_id=old.spoiled_issuance_id, progress_sent=old.progress_sent)
                repo.update_item(old.batch_id, old.app_id, at=now, state="carried")
            for app in fetched:
                position += 1
                repo.add_item(batch_id, app.app_id, position, app.to_json(), at=now,
                              township=self._township(db, app))
            AuditLog.append(db, session.actor, AUDIT_BATCH_STARTED,
                            {"batch_id": batch_id, "count": position, "carried": len(carried)},
                            counter_id=session.counter_id, at=now)
        return self.get(batch_id)

    def _client(self):
        factory = self._ledger or self.s.ledger
        if factory is None:
            from counter_app.sync.errors import NotEnrolled

            raise NotEnrolled("ledger")
        return factory()

    def _new_batch_id(self) -> str:
        local = self._clock().astimezone()
        return f"PB{local:%Y%m%d%H%M}-{uuid.uuid4().hex[:4].upper()}"

    @staticmethod
    def _township(db, app: OnlineApplication) -> str | None:
        towns = townships_from_json(SettingsKv(db).get(TOWNSHIPS_KEY))
        found = township_of(app.postal_address or "", towns) or township_of(app.applicant.address, towns)
        return found.name if found else None

    # --- 2. production -----------------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="邮寄批次制卡", en="produce a postal batch")
    def produce(self, session: Session, batch_id: str, *, on_progress: Callable[[ItemView], None] | None = None,
                cancel: threading.Event | None = None) -> BatchView:
        """Make every card of the batch still to make, in order (see the module docstring). Returns the batch;
        raises :class:`BatchPaused` when it had to stop without spoiling (run again to resume)."""
        report = on_progress or (lambda _item: None)
        repo = PostalBatchRepository(self._store.db)
        for row in repo.items(batch_id):
            if row.state not in _ACTIVE_ITEM_STATES:
                continue
            if cancel is not None and cancel.is_set():
                return self.get(batch_id)
            self._produce_item(session, row, report)
        rows = PostalBatchRepository(self._store.db).items(batch_id)
        batch = PostalBatchRepository(self._store.db).batch(batch_id)
        if batch is not None and batch.state == "producing" and all(r.state not in _ACTIVE_ITEM_STATES for r in rows):
            with self._store.transaction() as db:
                PostalBatchRepository(db).set_batch_state(batch_id, "produced", at=self._clock())
        return self.get(batch_id)

    def _report(self, report, batch_id: str, app_id: str) -> None:
        repo = PostalBatchRepository(self._store.db)
        row = repo.item(batch_id, app_id)
        if row is not None:
            report(self._item_view(repo, row))

    def _set(self, row: ItemRow, **fields: Any) -> ItemRow:
        with self._store.transaction() as db:
            PostalBatchRepository(db).update_item(row.batch_id, row.app_id, at=self._clock(), **fields)
        found = PostalBatchRepository(self._store.db).item(row.batch_id, row.app_id)
        assert found is not None
        return found

    def _produce_item(self, session: Session, row: ItemRow, report) -> None:
        repo = PostalBatchRepository(self._store.db)
        app = OnlineApplication.from_json(repo.application(row.batch_id, row.app_id))
        self._report(report, row.batch_id, row.app_id)
        for _step in range(20):  # a bound, never reached: each pass moves the issuance or ends the item
            if row.issuance_id is None:
                row = self._open_issuance(session, row, app)
                if row.state == "left":
                    self._report(report, row.batch_id, row.app_id)
                    return
            issuance = self.s.issuances.get(row.issuance_id)
            state = issuance.state
            if state in (S.PHOTO_OK, S.ENCODING) or (state is S.ENCODE_FAILED and not issuance.card_id):
                row = self._set(row, state="writing")
                self._report(report, row.batch_id, row.app_id)
                row = self._write(session, row, issuance)
            elif state is S.ENCODE_FAILED:
                row = self._card_failed(session, row, issuance.failure_reason or "写卡失败")
            elif state is S.ENCODED:
                row = self._set(row, state="printing", card_number=issuance.card_number)
                self._report(report, row.batch_id, row.app_id)
                row = self._print(session, row, issuance, reprint=False)
            elif state is S.PRINTING:
                self.s.issuances.record_print_failure(session, issuance.id, "打印结果不明（程序中断），重新打印")
            elif state is S.PRINT_FAILED:
                reprinted = any(e.action == A.REPRINT.value for e in self.s.issuances.history(issuance.id))
                if reprinted:
                    row = self._card_failed(session, row, issuance.failure_reason or "卡面打印失败")
                else:
                    row = self._set(row, state="printing")
                    self._report(report, row.batch_id, row.app_id)
                    row = self._print(session, row, issuance, reprint=True)
            elif state is S.PRINTED:
                row = self._set(row, state="done", card_number=issuance.card_number, reason=None)
                self._report(report, row.batch_id, row.app_id)
                return
            elif state is S.SPOILED:
                row = self._card_failed(session, row, issuance.failure_reason or "卡片作废")
            else:  # cancelled, issued, or an earlier state: not this batch's to finish
                row = self._set(row, state="left", issuance_id=None,
                                reason=f"制卡记录处于“{issuance.state.zh}”状态 ({issuance.state.en})")
            if row.state in ("left", "done"):
                self._report(report, row.batch_id, row.app_id)
                return
            if row.state == "retry":
                self._report(report, row.batch_id, row.app_id)
        raise RuntimeError(f"postal batch item {row.app_id} did not settle")  # pragma: no cover

    def _open_issuance(self, session: Session, row: ItemRow, app: OnlineApplication) -> ItemRow:
        """The issuance of the application, at ``photo_ok`` with the approved photo, and the ``in_production``
        progress (once per application), all in one transaction: a crash leaves all of it or none."""
        if row.spoiled_issuance_id is None:
            other = self.s.issuances.unfinished_for_person(app.applicant.document_number)
            if other is not None:
                return self._set(row, state="left", reason=f"该申请人已有未完成的制卡记录 {other.id}（{other.state.zh}）")
        try:
            self._check_face(app)
            with self._store.transaction() as db:
                new_id = self.s.intake.open_application(session, app.applicant,
                                                        restarted_from=row.spoiled_issuance_id)
                self.s.intake.accept_photo(session, new_id, app.photo_jpeg, source="online_application",
                                           app_id=app.app_id, **({"restarted_from": row.spoiled_issuance_id}
                                                                  if row.spoiled_issuance_id else {}))
                now = self._clock()
                PostalBatchRepository(db).update_item(row.batch_id, row.app_id, at=now, issuance_id=new_id,
                                                      state="writing", progress_sent=1)
                if not row.progress_sent:
                    _progress(db, app.app_id, IN_PRODUCTION, new_id, None, None, now)
        except DomainError as exc:
            return self._set(row, state="left", reason=exc.message("zh"))
        found = PostalBatchRepository(self._store.db).item(row.batch_id, row.app_id)
        assert found is not None
        return found

    def _check_face(self, app: OnlineApplication) -> None:
        """A name no card font can print is refused before a card is taken (every batch would spoil one else)."""
        from counter_app.printing.face import FaceData, check_face

        a = app.applicant
        check_face(self.s.printing.template(), FaceData(a.name, a.social_security_number, "000000000", "2026-01"))

    def _write(self, session: Session, row: ItemRow, issuance) -> ItemRow:
        encoding = self.s.encoding
        if encoding is None:
            raise PostalBatchProblem("postal_batch.no_encoder", "本柜台没有写卡器，不能邮寄制卡。",
                                     "This counter has no card encoder: no postal batch here.")
        if issuance.state is not S.ENCODING and self.feed is not None:
            self.feed(issuance.applicant.bank_code or str(self.s.settings["banks.default"] or "") or None)
        try:
            # Not cancelled half-way: "stop" takes effect between cards (a write cut short would spoil the card).
            encoding.encode(session, issuance.id)
        except (card_errors.CardError, DomainError) as exc:
            after = self.s.issuances.get(issuance.id)
            if isinstance(exc, card_errors.NoCard) and not after.card_id:
                raise BatchPaused(row.batch_id, "写卡器中没有空白卡（卡盒已空？），请补充空白卡。",
                                  "there is no blank card in the encoder (hopper empty?): refill it.") from None
            if after.state in (S.PHOTO_OK,):
                # refused before a card number was taken (a write check): nothing to spoil
                return self._set(row, state="left", reason=_words(exc))
            return self._card_failed(session, row, f"写卡失败：{_words(exc)}")
        return row

    def _print(self, session: Session, row: ItemRow, issuance, *, reprint: bool) -> ItemRow:
        try:
            outcome = self.s.printing.print_card(session, issuance.id, reprint=reprint)
        except DomainError as exc:  # a face no font can print (reprinting would not help), a wrong state
            return self._card_failed(session, row, f"卡面无法打印：{_words(exc)}", final=True)
        if not outcome.ok and outcome.error_code in _PRINTER_DOWN:
            raise BatchPaused(row.batch_id, f"打印机不可用（{outcome.zh}）。", f"the printer is not available "
                              f"({outcome.en}).")
        return row

    def _card_failed(self, session: Session, row: ItemRow, reason: str, *, final: bool = False) -> ItemRow:
        """The spoiled-card rule: the card is recorded spoiled (chip identity, reason, number void, stock), and the
        application goes on with the next blank card; a second spoiled card leaves it for the next batch."""
        issuance = self.s.issuances.get(row.issuance_id)
        failures = row.card_failures + 1
        with self._store.transaction() as db:
            if issuance.state is S.ENCODING:  # cannot stay half-written: the failure first
                self.s.issuances.advance(issuance.id, A.FAIL_ENCODING, session.actor, failure_reason=reason)
                issuance = self.s.issuances.get(issuance.id)
            if issuance.state is not S.SPOILED:
                if issuance.state in (S.ENCODE_FAILED, S.ENCODED, S.PRINT_FAILED):
                    self.s.printing.spoil(session, issuance.id, reason[:500])
                else:
                    self.s.issuances.cancel(session, issuance.id, reason[:500])
            now = self._clock()
            if failures >= CARD_FAILURES_ALLOWED or final:
                left = (f"第二张卡也制作失败，留待下一批：{reason}" if failures >= CARD_FAILURES_ALLOWED
                        else f"留待处理：{reason}")
                PostalBatchRepository(db).update_item(row.batch_id, row.app_id, at=now, state="left",
                                                      issuance_id=None, spoiled_issuance_id=issuance.id,
                                                      card_failures=failures, card_number=None, reason=left)
            else:
                PostalBatchRepository(db).update_item(row.batch_id, row.app_id, at=now, state="retry",
                                                      issuance_id=None, spoiled_issuance_id=issuance.id,
                                                      card_failures=failures, card_number=None, reason=reason)
        found = PostalBatchRepository(self._store.db).item(row.batch_id, row.app_id)
        assert found is not None
        log.info("postal batch %s: card of %s spoiled (%d): %s", row.batch_id, row.app_id, failures, reason)
        return found

    # --- 3. the papers -----------------------------------------------------------------------------

    def manifest(self, batch_id: str) -> Manifest:
        from counter_app.printing.postal_documents import Manifest, ManifestRow

        batch = self.get(batch_id)
        now = self._clock().astimezone()
        return Manifest(batch.batch_id, batch.created_at.astimezone().date().isoformat(),
                        batch.counter_id or str(self.s.settings["counter.id"] or ""),
                        tuple(ManifestRow(i.app_id, i.masked_name, i.card_number or "", i.township or "")
                              for i in batch.made), printed_at=now.strftime("%Y-%m-%d %H:%M"))

    def labels(self, batch_id: str) -> tuple[AddressLabel, ...]:
        from counter_app.printing.postal_documents import AddressLabel

        batch = self.get(batch_id)
        repo = PostalBatchRepository(self._store.db)
        out = []
        for item in batch.made:
            app = OnlineApplication.from_json(repo.application(batch_id, item.app_id))
            out.append(AddressLabel(app.applicant.name, app.postal_address or "", mask_mobile(app.mobile),
                                    app.app_id, batch_id))
        return tuple(out)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="打印邮寄清单和标签", en="print the postal manifest and labels")
    def print_documents(self, session: Session, batch_id: str) -> DocumentsOutcome:
        """The manifest (one page) and an address label per card made, on the papers' queue."""
        from counter_app.printing import postal_documents

        batch = self.get(batch_id)
        if batch.state == "producing":
            raise PostalBatchProblem("postal_batch.not_produced", "批次尚未制作完成，不能打印清单。",
                                     "The batch is not produced yet: no manifest to print.")
        if not batch.made:
            raise PostalBatchProblem("postal_batch.no_cards", "批次中没有制作完成的卡片。", "No card of the batch was made.")
        printer = self.s.papers.printer_name
        manifest_job = (self._print_manifest or postal_documents.print_manifest)(printer, self.manifest(batch_id))
        labels = tuple((self._print_label or postal_documents.print_label)(printer, label)
                       for label in self.labels(batch_id))
        outcome = DocumentsOutcome(manifest_job, labels)
        now = self._clock()
        with self._store.transaction() as db:
            if outcome.ok and batch.state == "produced":
                PostalBatchRepository(db).set_batch_state(batch_id, "documents_printed", at=now)
            AuditLog.append(db, session.actor, AUDIT_DOCUMENTS_PRINTED,
                            {"batch_id": batch_id, "labels": len(labels), "ok": outcome.ok,
                             "jobs": [r.job for r in (manifest_job, *labels)]}, counter_id=session.counter_id, at=now)
        return outcome

    # --- 4. tracking numbers, posted -----------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="登记邮件号", en="record a tracking number")
    def record_tracking(self, session: Session, batch_id: str, app_id: str, tracking: str) -> ItemView:
        number = normalize_tracking(tracking)
        batch = self.get(batch_id)
        item = batch.item(app_id)
        if item.state != "done":
            raise PostalBatchProblem("postal_batch.not_made" if item.state != "posted" else "postal_batch.posted",
                                     f"申请 {app_id} 的卡片{item.state_label('zh')}，不能登记邮件号。",
                                     f"The card of {app_id} is {item.state_label('en')}: no tracking number now.",
                                     "tracking")
        for other in batch.items:
            if other.app_id != app_id and other.tracking_number == number:
                raise PostalBatchProblem("postal_batch.tracking_used", f"邮件号 {number} 已用于申请 {other.app_id}。",
                                         f"Tracking number {number} is already that of {other.app_id}.", "tracking")
        with self._store.transaction() as db:
            PostalBatchRepository(db).update_item(batch_id, item.app_id, at=self._clock(), tracking_number=number)
        return self.get(batch_id).item(item.app_id)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="标记已寄出", en="mark a card posted")
    def mark_posted(self, session: Session, batch_id: str, app_id: str, tracking: str | None = None) -> ItemView:
        """The card is in the post: the issuance ends (``issued``, collected by ``post``), the card stays
        ``not_activated`` with the stock's initial PIN, the progress ``posted`` with the tracking number is queued.
        Needs the labels printed and a tracking number (given here or recorded before)."""
        batch = self.get(batch_id)
        item = batch.item(app_id)
        if item.state == "posted" and (tracking is None or normalize_tracking(tracking) == item.tracking_number):
            return item  # posted already (the command run twice): nothing changes
        if tracking is not None:
            self.record_tracking(session, batch_id, app_id, tracking)
            batch = self.get(batch_id)
            item = batch.item(app_id)
        if batch.state not in ("documents_printed", "closed"):
            raise PostalBatchProblem("postal_batch.documents_first", "请先打印邮寄清单和地址标签。",
                                     "Print the manifest and the address labels first.")
        if item.state != "done" or not item.tracking_number or not item.issuance_id:
            raise PostalBatchProblem("postal_batch.tracking_missing", f"请先登记申请 {app_id} 的邮件号。",
                                     f"Record the tracking number of {app_id} first.", "tracking")
        certificate_step = self.s.certificates is not None
        tracking_number = item.tracking_number
        actor = session.actor

        # the agent's collection rules (the earlier card replaced, the card not_activated with its initial PIN,
        # only the completion report queued), through the one hand-over step of services/issuance.py
        finish = hand_over_effects("post", actor=actor, certificate_step=certificate_step)

        now = self._clock()
        with self._store.transaction() as db:
            after = self.s.issuances.advance(item.issuance_id, A.HAND_OVER, actor, in_transaction=finish,
                                             collected_by="post")
            repo = PostalBatchRepository(db)
            repo.update_item(batch_id, app_id, at=now, state="posted", posted_at=now)
            _progress(db, app_id, POSTED, after.id, after.card_number, tracking_number, now)
            AuditLog.append(db, actor, AUDIT_POSTED, {"batch_id": batch_id, "app_id": app_id},
                            counter_id=session.counter_id, at=now)
            if all(r.state not in (*_ACTIVE_ITEM_STATES, "done") for r in repo.items(batch_id)):
                repo.set_batch_state(batch_id, "closed", at=now)
        return self.get(batch_id).item(app_id)

    # --- the whole run (the CLI's ``postal-batch run``) ---------------------------------------------

    def run(self, session: Session, count: int, *, on_progress: Callable[[ItemView], None] | None = None,
            cancel: threading.Event | None = None, documents: bool = True) -> tuple[BatchView, DocumentsOutcome | None]:
        """Resume the open batch, or start one of ``count``; produce it; print its papers once produced."""
        batch = self.open_batch() or self.start(session, count)
        if batch.state == "producing":
            batch = self.produce(session, batch.batch_id, on_progress=on_progress, cancel=cancel)
        outcome = None
        if documents and batch.state == "produced" and batch.made:
            outcome = self.print_documents(session, batch.batch_id)
            batch = self.get(batch.batch_id)
        return batch, outcome


def _progress(db, app_id: str, status: str, issuance_id: str | None, card_number: str | None,
              tracking_number: str | None, at: dt.datetime) -> None:
    """The ``online_application.progress`` event (docs/online-applications.md), in the caller's transaction."""
    OutboxRepository(db).append(PROGRESS_EVENT, at=at, issuance_id=issuance_id, payload={
        "app_id": app_id, "status": status, "issuance_id": issuance_id, "card_number": card_number,
        "tracking_number": tracking_number})


def _words(exc: BaseException) -> str:
    return exc.message("zh") if is_user_facing(exc) else str(exc) or type(exc).__name__


__all__ = ["BatchPaused", "BatchView", "DocumentsOutcome", "InvalidTrackingNumber", "ItemNotFound", "ItemView",
           "MAX_BATCH", "PostalBatchProblem", "PostalBatchService", "mask_mobile", "mask_name", "normalize_tracking"]
