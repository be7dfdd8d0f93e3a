"""Sync to the central ledger on loopback: batching against one event per request, and the ledger's intake.

1. Drain a backlog of 10,000 events (1,250 synthetic issuances) from one counter in batches of 500.
2. The same with one event per request — the way MOSIP's registration client uploads packet by packet.
   A request costs the same whatever its place in the queue (sign, verify, one transaction), so it is
   measured on the first 1,000 events of a second counter and scaled to 10,000 (the row says so):
   measuring all 10,000 would take minutes.
3. Their ratio (aim: at least 20×).
4. The ledger's intake rate with two counters pushing 5,000 events each at once, on SQLite and on
   PostgreSQL (a throwaway cluster from Debian's binaries, like tests/ledger/conftest.py; the row is
   skipped with a note when the binaries are missing).

Everything runs on loopback with the real server (``central-ledger serve`` under uvicorn, a subprocess)
and the counter's real sync code; the counters are enrolled with tokens from ``central-ledger counters add``.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

from counter_app.paths import AppPaths
from counter_app.services.seed import SeedService
from counter_app.services.sync import SyncService
from counter_app.settings import Settings
from counter_app.store.database import Store
from counter_app.sync.engine import OutboxPusher

ROOT = Path(__file__).resolve().parents[1]
BACKLOG_ISSUANCES = 1250  # 8 events each: 10,000 events
SINGLE_SAMPLE_ISSUANCES = 125  # 1,000 events, one per request
PAIR_ISSUANCES = 625  # 5,000 events per counter, two counters at once
# The ledger's abuse limits (central_ledger/limits.py) stay on, set far above what the bench sends: one
# counter pushing 1,000 one-event requests as fast as it can is a flood by the product's defaults (10 a
# second per counter) and would be answered 429. The token buckets are still taken on every request.
BENCH_LIMITS = ("--address-rate", "100000", "--address-burst", "100000", "--counter-rate", "100000",
                "--counter-burst", "100000")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Ledger:
    def __init__(self, db: str, log: Path):
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "central_ledger", "serve", "--db", db, "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "warning", *BENCH_LIMITS], stdout=self._log, stderr=subprocess.STDOUT, cwd=ROOT)
        for _ in range(600):
            if self.process.poll() is not None:
                raise RuntimeError(f"ledger exited: {log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("ledger not ready")

    def token(self, counter_id: str) -> str:
        r = subprocess.run([sys.executable, "-m", "central_ledger", "counters", "add", "--db", self.db, "--id",
                            counter_id, "--name", counter_id, "--json"], capture_output=True, text=True, cwd=ROOT,
                           check=True)
        return json.loads(r.stdout)["token"]

    def ca_pem(self) -> bytes:
        """The ledger's CA certificate as its operator exports it (``central-ledger ca export``)."""
        return subprocess.run([sys.executable, "-m", "central_ledger", "ca", "export", "--db", self.db, "--out", "-"],
                              capture_output=True, cwd=ROOT, check=True).stdout

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()


def _counter(base: Path, ledger: _Ledger, counter_id: str, issuances: int, batch_size: int) -> tuple[Store, SyncService]:
    """An enrolled counter with ``issuances`` synthetic issuances queued (numbers from the ledger's blocks)."""
    paths = AppPaths.resolve(base / counter_id).ensure()
    settings = Settings(paths.settings_file)
    settings.set("sync.batch_size", batch_size)
    settings.set("sync.card_number_block_size", 1000)
    settings.set("sync.card_number_low_water", issuances)
    settings.save()
    store = Store.open(paths.database)
    service = SyncService(store, settings, paths)
    service.enroll(ledger.url, ledger.token(counter_id), counter_id)
    service.replenish_card_numbers()
    SeedService(store, seed=len(counter_id)).seed(issuances, days=5, batch=250, dev_numbers=False)
    return store, service


def _drain(store: Store, service: SyncService, batch_size: int) -> float:
    with service.client() as client:
        started = time.perf_counter()
        report = OutboxPusher(store, client, batch_size=batch_size).push()
        elapsed = time.perf_counter() - started
    if not report.ok or service.status().pending:
        raise RuntimeError(f"drain failed: {report.error}")
    return elapsed


def _two_at_once(base: Path, ledger: _Ledger, tag: str) -> float:
    """Events per second the ledger takes with two counters pushing at once (batches of 500)."""
    counters = [_counter(base, ledger, f"{tag}{n}", PAIR_ISSUANCES, 500) for n in (1, 2)]
    paths = [store.path for store, _ in counters]
    services = [service for _, service in counters]
    for store, _ in counters:
        store.close()
    total = 8 * PAIR_ISSUANCES * 2
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def push(path: Path, service: SyncService) -> None:
        try:
            with Store.open(path) as store, service.client() as client:
                barrier.wait()
                report = OutboxPusher(store, client, batch_size=500).push()
                if not report.ok:
                    raise RuntimeError(str(report.error))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=push, args=(p, s)) for p, s in zip(paths, services, strict=True)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return total / elapsed


def _pg_cluster(base: Path):
    """Start a throwaway PostgreSQL cluster; returns (url_of_a_fresh_database, stop) or None."""
    bins = [Path(d) for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
            if Path(d, "initdb").exists() and Path(d, "pg_ctl").exists()]
    if not bins:
        return None
    bin_dir, pg = bins[0], base / "pg"
    pg.mkdir()
    run_as: dict = {}
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(pg, pw.pw_uid, pw.pw_gid)
        os.chmod(base, 0o755)
        run_as = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run([str(bin_dir / "initdb"), "-D", str(pg / "data"), "-U", "ledger", "--auth=trust", "-E", "UTF8",
                    "--no-sync"], check=True, capture_output=True, cwd=pg, env=env, **run_as)
    opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={pg} "
            "-c synchronous_commit=on -c max_connections=50")
    subprocess.run([str(bin_dir / "pg_ctl"), "-D", str(pg / "data"), "-l", str(pg / "log"), "-o", opts, "-w", "-t",
                    "60", "start"], check=True, capture_output=True, cwd=pg, env=env, **run_as)
    import psycopg

    name = "ledger_" + uuid.uuid4().hex[:8]
    with psycopg.connect(f"postgresql://ledger@127.0.0.1:{port}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def stop() -> None:
        subprocess.run([str(bin_dir / "pg_ctl"), "-D", str(pg / "data"), "-m", "immediate", "-w", "stop"],
                       capture_output=True, cwd=pg, env=env, **run_as)

    return f"postgresql://ledger@127.0.0.1:{port}/{name}", stop


def run() -> list[dict]:
    rows: list[dict] = []
    base = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        ledger = _Ledger(str(base / "ledger.sqlite3"), base / "ledger.log")
        try:
            store, service = _counter(base, ledger, "B1", BACKLOG_ISSUANCES, 500)
            batched = _drain(store, service, 500)
            store.close()
            store, service = _counter(base, ledger, "S1", SINGLE_SAMPLE_ISSUANCES, 1)
            sample = _drain(store, service, 1)
            store.close()
            single = sample * BACKLOG_ISSUANCES / SINGLE_SAMPLE_ISSUANCES
            rows += [
                {"name": "drain 10,000 events, batches of 500", "value": batched, "unit": "s"},
                {"name": "drain 10,000 events, 1 per request (scaled from 1,000)", "value": single, "unit": "s"},
                {"name": "batching speed-up (aim >= 20)", "value": single / batched, "unit": "x"},
                {"name": "ledger intake, 2 counters at once, SQLite", "value": _two_at_once(base, ledger, "Q"),
                 "unit": "events/s"},
            ]
        finally:
            ledger.stop()
        cluster = _pg_cluster(base)
        if cluster is None:
            print("bench_sync: PostgreSQL binaries missing (/usr/lib/postgresql/*/bin): row skipped", file=sys.stderr)
        else:
            url, stop = cluster
            try:
                pg_ledger = _Ledger(url, base / "ledger-pg.log")
                try:
                    rows.append({"name": "ledger intake, 2 counters at once, PostgreSQL",
                                 "value": _two_at_once(base, pg_ledger, "P"), "unit": "events/s"})
                finally:
                    pg_ledger.stop()
            finally:
                stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<60} {row['value']:>12.2f} {row['unit']}")
