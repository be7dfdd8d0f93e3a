"""Several writers on one counter database at once: why they cannot conflict, shown by running them.

A counter writes its one SQLite file from several places at the same time: in the GUI process the device
thread (the chip write's transitions) and the database thread (the clerk's and supervisor's actions), each
with its own :class:`~counter_app.store.database.Store`; the sync worker's thread (marking the outbox
acknowledged); and any ``counter-app`` command run beside the GUI, a process of its own. The issue asked for
one writer per database or a test that shows why several cannot conflict. This is that test.

Why they cannot conflict:

1. **Every write is one transaction that takes the file's one write lock before it reads anything.**
   :meth:`Store.transaction` opens with ``BEGIN IMMEDIATE``; SQLite grants that lock to one connection of
   one process at a time, whatever thread or process it is in, so write transactions run one after the
   other, never interleaved. A transition reads the current state and writes the next one under the same
   lock: nobody can change the row in between.
2. **Numbers are handed out inside the locked transaction.** The outbox's ``seq`` (an integer primary
   key) and the audit chain's ``seq``/``prev_hash`` (the last row read under the lock) are taken by the
   transaction that writes them, so two writers never take the same one, and a transaction rolled back
   takes its numbers with it: the sequences stay gap-free and the chain links.
3. **A decision made on an older read is caught.** A writer that decided from what it read *before* its
   transaction (the GUI's list, a stale screen) passes ``expected_version``; the versioned update
   (``... WHERE id = ? AND version = ?``) and the check before it refuse with ``StaleIssuance`` instead of
   writing over the other writer's change; an action no longer allowed in the new state is refused by the
   state machine. Either way nothing is written, so no update is lost.
4. **Waiting is bounded and said.** WAL lets readers go on beside the writer. A writer waits for the lock
   up to the busy timeout at ``BEGIN`` (before it has written anything) and then gets
   :class:`~counter_app.store.errors.DatabaseBusy`, a clear, bilingual "try again" — never half a write.
   The wait is bounded but not fair: SQLite polls for the lock, so a writer that commits transaction after
   transaction (a ``dev seed`` run) keeps it while the others wait; here each CLI process's writes come out
   in one run in the outbox. Safety does not depend on the order, only the waits do, which is why a long
   batch must stay well inside the busy timeout (``services/seed.py``).

Breaking it on purpose (once, by hand): transactions opened with a deferred ``BEGIN`` make a thread fail
with ``sqlite3.OperationalError: database is locked`` half-way through a transition; a supervisor's cancel
sent without ``expected_version`` goes through over the device thread's steps and the history check fails.

What is checked after three writers in threads and a ``counter-app dev seed`` process ran at once (the
writers retry a ``DatabaseBusy``, which is safe because it comes before anything is written): every
issuance's version equals its number of history rows and each history row starts where the previous one
ended (no lost update); the audit chain verifies; the outbox's ``seq`` runs 1..n without a gap and the
fake ledger received each event exactly once, in order, and all are acknowledged. A second test holds the
write lock from another connection past a short busy timeout: the service call fails with ``DatabaseBusy``,
nothing of it is written, the file checks out, and the same call succeeds once the lock is free.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from counter_app.domain.issuance import IssuanceAction, IssuanceState
from counter_app.paths import AppPaths
from counter_app.services.audit import AuditService
from counter_app.services.auth import Session
from counter_app.services.issuance import IssuanceService
from counter_app.store import audit, connection
from counter_app.store.database import Store
from counter_app.store.errors import DatabaseBusy
from counter_app.sync.engine import OutboxPusher

REPO = Path(__file__).resolve().parents[2]
OPERATOR = Session.local_operator()
SHARED = 16       # issuances both GUI threads act on at once (from opposite ends of the list)
OWN = 8           # issuances the device thread starts and walks by itself, at least (more while the CLI runs)
AUDITS = 20       # audit rows the database thread appends (supervisor exports), at least
CLI_RUNS = 4      # ``counter-app dev seed`` processes, one after the other
SEEDED = 8        # issuances each of them seeds, one per transaction
RETRIES = 20      # DatabaseBusy retries per call (each comes before anything was written)


class FakeLedger:
    """The ledger's side of a batch, as strict as the real one: events must continue its sequence with no
    gap; a duplicate (an event it holds) must be the same event; it acknowledges what it holds."""

    def __init__(self):
        self.held: list[tuple[int, str]] = []
        self.lock = threading.Lock()

    def post_batch(self, events: list[dict]) -> dict:
        with self.lock:
            for event in events:
                seq, event_id = int(event["seq"]), str(event["event_id"])
                if seq <= len(self.held):
                    assert self.held[seq - 1] == (seq, event_id), f"seq {seq} sent as another event"
                    continue
                assert seq == len(self.held) + 1, f"gap: the ledger holds {len(self.held)}, got {seq}"
                self.held.append((seq, event_id))
            return {"acknowledged_seq": len(self.held), "conflicts": []}


@dataclass
class Writer:
    """One thread with its own store, as each of the app's writing threads has."""

    name: str
    database: Path
    work: Callable[[Store, Writer], None]
    busy_retries: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    error: BaseException | None = None
    thread: threading.Thread | None = None

    def start(self, go: threading.Event) -> None:
        def run():
            try:
                with Store.open(self.database) as store:
                    go.wait(30)
                    self.work(store, self)
            except BaseException as exc:  # reported by the test, not lost in the thread
                self.error = exc

        self.thread = threading.Thread(target=run, name=self.name, daemon=True)
        self.thread.start()

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def call(self, fn: Callable[[], object]) -> object:
        """``fn()``, again after a DatabaseBusy (raised at BEGIN, before anything was written)."""
        for _ in range(RETRIES):
            try:
                return fn()
            except DatabaseBusy:
                self.busy_retries += 1
                time.sleep(0.05)
        return fn()


def walk(issuances: IssuanceService, writer: Writer, issuance_id: str) -> None:
    """The device thread's part: check the applicant, accept the photo (each a transition)."""
    from counter_app.domain.issuance import IllegalTransition

    for action in (IssuanceAction.CHECK_APPLICANT, IssuanceAction.ACCEPT_PHOTO):
        try:
            writer.call(lambda a=action: issuances.advance(issuance_id, a, OPERATOR.actor))
            writer.count(f"device:{action.value}")
        except IllegalTransition:
            writer.count("device:refused")  # the database thread cancelled it first
            return


@pytest.mark.slow
def test_three_writers_and_a_cli_process_cannot_conflict(tmp_path, applicant):
    from counter_app.domain.issuance import IllegalTransition
    from counter_app.services.issuance import StaleIssuance

    paths = AppPaths.resolve(tmp_path / "counter").ensure()
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        setup = IssuanceService(store)
        shared = [setup.start(applicant, OPERATOR.actor) for _ in range(SHARED)]
        # What the database thread's list showed before anyone moved: the versions it will act on.
        seen = {i: setup.get(i).version for i in shared}

    ledger = FakeLedger()
    cli_done, done = threading.Event(), threading.Event()
    own: list[str] = []

    def device_thread(store: Store, me: Writer) -> None:
        issuances = IssuanceService(store)
        for issuance_id in shared:
            walk(issuances, me, issuance_id)
            time.sleep(0.01)  # a clerk's pace, so that the two threads meet on the list
        while len(own) < OWN or not cli_done.is_set():
            own.append(me.call(lambda: issuances.start(applicant, OPERATOR.actor)))
            walk(issuances, me, own[-1])
            time.sleep(0.05)  # the next applicant comes to the desk

    def database_thread(store: Store, me: Writer) -> None:
        issuances, audits = IssuanceService(store), AuditService(store)
        for issuance_id in reversed(shared):  # meets the device thread half-way
            try:  # the supervisor cancels from the list read before: a stale version must be refused
                me.call(lambda i=issuance_id: issuances.advance(
                    i, IssuanceAction.CANCEL, OPERATOR.actor, expected_version=seen[i],
                    failure_reason="申请人离开 applicant left"))
                me.count("db:cancelled")
            except (StaleIssuance, IllegalTransition):
                me.count("db:refused")
            me.call(lambda: audits.record_export(OPERATOR, "concurrency-test", 1))
            me.count("db:audit")
            time.sleep(0.01)
        while me.outcomes["db:audit"] < AUDITS or not cli_done.is_set():
            me.call(lambda: audits.record_export(OPERATOR, "concurrency-test", 1))
            me.count("db:audit")
            time.sleep(0.05)

    def sync_worker(store: Store, me: Writer) -> None:
        pusher = OutboxPusher(store, ledger, batch_size=7)
        while not done.is_set():
            me.call(pusher.push)
            me.count("sync:pass")
            time.sleep(0.01)
        me.call(pusher.push)  # everything written by now

    writers = [Writer("device", paths.database, device_thread), Writer("database", paths.database, database_thread),
               Writer("sync", paths.database, sync_worker)]
    go = threading.Event()
    for w in writers:
        w.start(go)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    go.set()
    cli_runs = []
    for run in range(CLI_RUNS):  # short-lived commands beside the GUI, as a technician would run them
        cli_runs.append(subprocess.run(
            [sys.executable, "-m", "counter_app", "--data-dir", str(paths.data_dir), "--lang", "en", "dev", "seed",
             "--issuances", str(SEEDED), "--batch", "1", "--card-numbers", "dev", "--seed", str(run), "--json"],
            capture_output=True, text=True, cwd=REPO, env=env, timeout=240))
    cli_done.set()
    for w in writers[:2]:
        w.thread.join(240)
    done.set()
    writers[2].thread.join(240)

    for cli in cli_runs:
        assert cli.returncode == 0, f"the CLI process failed: {cli.stderr}"
        assert json.loads(cli.stdout)["issuances"] == SEEDED
    for w in writers:
        assert not w.thread.is_alive(), f"{w.name} did not finish"
        assert w.error is None, f"{w.name} failed: {w.error!r}"
    device, database, sync = writers
    assert database.outcomes.get("db:cancelled", 0) + database.outcomes.get("db:refused", 0) == SHARED
    assert sync.outcomes.get("sync:pass", 0) >= 1

    with sqlite3.connect(paths.database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # No lost update: every change of an issuance left one history row, each starting where the last
        # ended, and the row's version counts them all.
        rows = db.execute("SELECT id, state, version FROM issuances").fetchall()
        assert len(rows) == SHARED + len(own) + CLI_RUNS * SEEDED
        for issuance_id, state, version in rows:
            events = db.execute("SELECT from_state, to_state FROM issuance_events WHERE issuance_id = ? "
                                "ORDER BY seq", (issuance_id,)).fetchall()
            assert len(events) == version, f"{issuance_id}: version {version}, {len(events)} history rows"
            assert events[0][0] is None and events[-1][1] == state
            for (_, before), (after, _) in zip(events, events[1:], strict=False):
                assert after == before, f"{issuance_id}: a transition from {after} after one to {before}"
        for issuance_id in shared:
            # The cancel was decided on version 1 (a draft): it went through only while the issuance was
            # still that draft, never over the device thread's steps.
            history = [a for (a,) in db.execute("SELECT action FROM issuance_events WHERE issuance_id = ? "
                                                "ORDER BY seq", (issuance_id,))]
            assert history in (["start", "cancel"], ["start", "check_applicant", "accept_photo"]), \
                f"{issuance_id}: {history}"
        # The outbox: seq 1..n without a gap, each event at the ledger once and in order, all acknowledged.
        outbox = db.execute("SELECT seq, event_uuid, acknowledged_at IS NOT NULL FROM outbox ORDER BY seq").fetchall()
        assert [s for s, _, _ in outbox] == list(range(1, len(outbox) + 1))
        assert ledger.held == [(s, e) for s, e, _ in outbox]
        assert all(acked for _, _, acked in outbox)
        # The audit chain: one row per issuance transition and per export, linked and keyed.
        n_events = db.execute("SELECT count(*) FROM issuance_events").fetchone()[0]
        n_audit = db.execute("SELECT count(*) FROM audit_log WHERE action = ?",
                             (audit.AuditAction.ISSUANCE_TRANSITION.value,)).fetchone()[0]
        assert n_audit == n_events
        n_exports = db.execute("SELECT count(*) FROM audit_log WHERE action = ?",
                               (audit.AuditAction.EXPORT.value,)).fetchone()[0]
        assert n_exports == database.outcomes["db:audit"]
        # They did write at the same time: the CLI's events and the threads' are interleaved in the outbox.
        ours = set(shared) | set(own)
        by_seq = db.execute("SELECT seq, issuance_id FROM outbox WHERE issuance_id IS NOT NULL ORDER BY seq").fetchall()
        cli_seqs = [s for s, i in by_seq if i not in ours]
        assert any(min(cli_seqs) < s < max(cli_seqs) for s, i in by_seq if i in ours), \
            "the CLI process wrote before or after the threads, not with them"
    with Store.open(paths.database) as store:
        result = audit.verify(store.db)
        assert result.ok, result


def test_a_busy_database_gives_database_busy_and_writes_nothing(tmp_path, applicant, monkeypatch):
    path = tmp_path / "counter.sqlite3"
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)  # read by connect(): the lock wait below is short
    with Store.open(path) as store:
        issuances = IssuanceService(store)
        first = issuances.start(applicant, OPERATOR.actor)
        before = store.db.execute("SELECT count(*) FROM outbox").fetchone()[0]

        other = sqlite3.connect(path, isolation_level=None)  # another program holding the write lock
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE settings_kv SET updated_at = updated_at")
            with pytest.raises(DatabaseBusy) as caught:
                issuances.advance(first, IssuanceAction.CHECK_APPLICANT, OPERATOR.actor)
            with pytest.raises(DatabaseBusy):
                issuances.start(applicant, OPERATOR.actor)
            assert "try again" in caught.value.message("en") and "稍后重试" in caught.value.message("zh")
            # Readers are not blocked by the writer (WAL).
            assert issuances.get(first).state is IssuanceState.DRAFT
        finally:
            other.execute("ROLLBACK")
            other.close()

        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == before
        assert store.db.execute("SELECT count(*) FROM issuances").fetchone()[0] == 1
        assert issuances.get(first).version == 1
        # The lock is free again: the same call goes through.
        assert issuances.advance(first, IssuanceAction.CHECK_APPLICANT, OPERATOR.actor).state \
            is IssuanceState.APPLICANT_OK
        assert audit.verify(store.db).ok
