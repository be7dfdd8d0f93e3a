"""Fixtures of the sync tests: the real ledger server (uvicorn in a subprocess on a free loopback port) that a
test can SIGKILL and restart on the same port, a fault-injecting proxy in front of it, and enrolled counters
(each with its own data directory, store and settings).

Every test that uses the ledger runs twice: with the ledger on SQLite and on PostgreSQL (a fresh database in
the session's private cluster, ``pg_cluster`` of tests/pg.py; PostgreSQL missing fails in CI). Tests look at
what the ledger stored through :meth:`LedgerServer.query` / :meth:`LedgerServer.dump` and copy it with
:meth:`LedgerServer.snapshot` / :meth:`LedgerServer.restore`, the same on both.

Waits are bounded polls ("until the ledger holds N events, at most 120 s"), never assertions on time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from counter_app.paths import AppPaths
from counter_app.services.seed import SeedService
from counter_app.services.sync import SyncService
from counter_app.settings import Settings
from counter_app.store.database import Store
from tests.pg import PgCluster
from tests.sync.faultproxy import FaultProxy, free_port

REPO = Path(__file__).resolve().parents[2]

# Fast retries so that faults are over in a fraction of a second; the rules are the real ones.
FAST_SYNC_SETTINGS = {
    "sync": {"backoff_initial_seconds": 0.05, "backoff_max_seconds": 0.4, "idle_seconds": 0.2,
             "timeout_seconds": 3.0, "lookup_timeout_seconds": 0.5, "batch_size": 200,
             "card_number_low_water": 300, "card_number_block_size": 1000},
}


def wait_until(condition: Callable[[], bool], what: str, limit: float = 120.0) -> None:
    """Poll ``condition`` until true; fail with ``what`` after ``limit`` seconds (a bound, not a measure)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.05)


def ledger_cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "central_ledger", *args, "--db", str(db)], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def counter_cli(data_dir: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), "--lang", "en",
                           *args], capture_output=True, text=True, cwd=REPO, timeout=kw.pop("timeout", 300), **kw)


LEDGER_BACKENDS = ("sqlite", "postgresql")

class LedgerServer:
    """``central-ledger serve`` on a fixed loopback port so that it can be killed and restarted. ``db`` is the
    SQLite file (a path) or the PostgreSQL database (a ``postgresql://`` URL): what ``--db`` takes."""

    def __init__(self, db: Path | str, log: Path, cluster: PgCluster | None = None):
        self.db = db
        self.log = log
        self.cluster = cluster  # the PostgreSQL cluster of ``db`` (snapshots, dumps)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def backend(self) -> str:
        return "postgresql" if str(self.db).startswith("postgresql") else "sqlite"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LedgerServer:
        out = open(self.log, "ab")  # noqa: SIM115 - the server's log for its lifetime
        self.process = subprocess.Popen(
            [sys.executable, "-m", "central_ledger", "serve", "--db", str(self.db), "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning"], stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ledger exited: {self.log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("ledger did not become ready")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; whatever transaction was open is lost (or was committed)."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    # --- what the ledger stored, on either backend ---------------------------------------------------------

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of a read-only query on the ledger's database (``?`` placeholders on both backends)."""
        if self.backend == "postgresql":
            import psycopg

            with psycopg.connect(str(self.db)) as conn:
                return [tuple(r) for r in conn.execute(sql.replace("?", "%s"), params).fetchall()]
        if not Path(self.db).exists():
            raise FileNotFoundError(self.db)
        with sqlite3.connect(self.db, timeout=30) as conn:
            return conn.execute(sql, params).fetchall()

    def dump(self) -> bytes:
        """Everything the ledger stored, as bytes (the SQLite file, or ``pg_dump``'s SQL)."""
        if self.backend == "postgresql":
            return self.cluster.dump(self._pg_name())
        return Path(self.db).read_bytes()

    def snapshot(self, name: str = "backup") -> str:
        """A copy of the database of the stopped server (a backup); :meth:`restore` puts it back."""
        assert self.process is None or self.process.poll() is not None, "stop the ledger first"
        if self.backend == "postgresql":
            url = self.cluster.create_database(template=self._pg_name())
            return url.rsplit("/", 1)[1]
        target = Path(self.db).parent / name
        _copy_sqlite(Path(self.db), target)
        return str(target)

    def restore(self, snapshot: str) -> None:
        """The database of the stopped server replaced by a copy of ``snapshot`` (which stays as it is)."""
        assert self.process is None or self.process.poll() is not None, "stop the ledger first"
        if self.backend == "postgresql":
            self.cluster.drop_database(self._pg_name())
            copy = self.cluster.create_database(template=snapshot).rsplit("/", 1)[1]
            self.cluster.rename_database(copy, self._pg_name())
            return
        _copy_sqlite(Path(snapshot) / Path(self.db).name, Path(self.db).parent)

    def _pg_name(self) -> str:
        return str(self.db).rsplit("/", 1)[1]

    # --- through its command line and tables ---------------------------------------------------------------

    def add_counter(self, counter_id: str) -> str:
        r = ledger_cli(self.db, "counters", "add", "--id", counter_id, "--name", f"窗口 {counter_id}", "--json")
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)["token"]

    def stats(self) -> dict:
        r = ledger_cli(self.db, "stats", "--json")
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    def events(self, counter_id: str) -> list[tuple[int, str]]:
        return [(s, e) for s, e in self.query(
            "SELECT seq, event_id FROM events WHERE counter_id = ? ORDER BY seq", (counter_id,))]

    def event_count(self, counter_id: str) -> int:
        try:
            return self.query("SELECT count(*) FROM events WHERE counter_id = ?", (counter_id,))[0][0]
        except FileNotFoundError:
            return 0


def _copy_sqlite(db: Path, to_dir: Path) -> None:
    """Copy an SQLite database with its WAL files (of a stopped server) into ``to_dir``."""
    to_dir.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = db.with_name(db.name + suffix)
        target = to_dir / source.name
        target.unlink(missing_ok=True)
        if source.exists():
            shutil.copy(source, target)


@dataclass
class Counter:
    """One enrolled counter: its data directory, settings, store (this thread's) and sync service."""

    counter_id: str
    paths: AppPaths
    store: Store

    @property
    def settings(self) -> Settings:
        return Settings.load(self.paths.settings_file)

    def sync_service(self) -> SyncService:
        return SyncService(self.store, self.settings, self.paths)

    def seed(self, issuances: int, **kw) -> int:
        return SeedService(self.store, seed=zlib.crc32(self.counter_id.encode())).seed(issuances, **kw).events

    def use_ledger(self, url: str) -> None:
        """Point the counter at another address of the ledger (the fault proxy, or the ledger itself)."""
        self.configure(**{"ledger.url": url})

    def configure(self, **values: object) -> None:
        """Change settings: ``configure(**{"sync.batch_size": 10})``."""
        s = self.settings
        for key, value in values.items():
            s.set(key, value)
        s.save()

    def outbox(self) -> list[tuple[int, str, bool]]:
        return [(s, e, bool(a)) for s, e, a in self.store.db.execute(
            "SELECT seq, event_uuid, acknowledged_at IS NOT NULL FROM outbox ORDER BY seq")]

    def pending(self) -> int:
        return self.sync_service().status().pending


def assert_ledger_holds_exactly(ledger: LedgerServer, counter: Counter) -> None:
    """The ledger holds every event of the counter once, under its seq, and nothing else; the counter
    has every event acknowledged."""
    local = counter.outbox()
    remote = ledger.events(counter.counter_id)
    assert remote == [(seq, uuid) for seq, uuid, _ in local]
    assert len({uuid for _, uuid in remote}) == len(remote)
    assert all(acked for _, _, acked in local)


@pytest.fixture(params=LEDGER_BACKENDS)
def ledger(request, tmp_path) -> Iterator[LedgerServer]:
    """The ledger server on a fresh database: SQLite, then PostgreSQL (the test runs once on each)."""
    if request.param == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        server = LedgerServer(cluster.create_database(), tmp_path / "ledger.log", cluster)
    else:
        server = LedgerServer(tmp_path / "ledger.sqlite3", tmp_path / "ledger.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def proxy(ledger) -> Iterator[FaultProxy]:
    p = FaultProxy(ledger.port).start()
    yield p
    p.stop()


def install_ledger_ca(store: Store, ledger_url: str) -> None:
    """The ledger's CA certificate pinned on the counter, as ``counter-app ca install --file`` leaves it (read
    here from the test's own ledger and checked the same way), but without the install's audit row: that
    row would be one more outbox event, and the sync tests count the counter's events exactly
    (tests/sync/test_ca_install_cli.py tests the command itself)."""
    from counter_app.services.ca_trust import PINNED_CA_KEY, read_ca_file

    pem = httpx.get(f"{ledger_url}/v1/ca/certificate", timeout=30).content
    with store.transaction() as db:
        db.execute("INSERT INTO settings_kv (key, value, updated_at) VALUES (?, ?, '2026-01-01T00:00:00Z')"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (PINNED_CA_KEY, read_ca_file(pem).der.hex()))


@pytest.fixture
def make_counter(tmp_path, ledger):
    """``make_counter("C001")``: a counter enrolled with the ledger (token from ``central-ledger counters
    add``), with fast-retry settings, its first card numbers and the ledger's CA certificate installed as the
    technician does (``install_ca=False``: none, as a counter before ``counter-app ca install``)."""
    opened: list[Store] = []

    def _make(counter_id: str = "C001", *, install_ca: bool = True, **settings: object) -> Counter:
        paths = AppPaths.resolve(tmp_path / f"counter-{counter_id}").ensure()
        values = Settings(paths.settings_file)
        for group, items in FAST_SYNC_SETTINGS.items():
            for key, value in items.items():
                values.set(f"{group}.{key}", value)
        for key, value in settings.items():
            values.set(key.replace("__", "."), value)
        values.save()
        store = Store.open(paths.database)
        opened.append(store)
        counter = Counter(counter_id, paths, store)
        counter.sync_service().enroll(ledger.url, ledger.add_counter(counter_id), counter_id)
        counter.sync_service().replenish_card_numbers()
        if install_ca:
            install_ledger_ca(store, ledger.url)
        return counter

    yield _make
    for store in opened:
        store.close()


@pytest.fixture
def counter(make_counter) -> Counter:
    return make_counter("C001")


def drain_with_worker(counter: Counter, ledger: LedgerServer, *, during: Callable[[], None] | None = None,
                      limit: float = 120.0):
    """Run the counter's sync worker until the ledger holds all of its events and none is pending."""
    worker = counter.sync_service().worker()
    worker.start()
    try:
        if during is not None:
            during()
        total = len(counter.outbox())
        wait_until(lambda: ledger.event_count(counter.counter_id) == total and counter.pending() == 0,
                   f"the ledger to hold all {total} events", limit)
    finally:
        worker.stop()
    return worker
