"""Issue 17: the counter talks to the ledger over TLS. ``central-ledger serve --ssl-certfile/--ssl-keyfile``
on loopback with a self-signed certificate made here; the counter with ``ledger.tls_ca_file`` naming that
certificate enrolls and syncs; without it (the system's CAs), or with another CA's file, it refuses the
server and nothing is registered."""

from __future__ import annotations

import json
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from counter_app.paths import AppPaths
from counter_app.services.sync import SyncService
from counter_app.settings import Settings
from counter_app.store.database import Store
from counter_app.sync.client import TlsCaFileUnusable
from counter_app.sync.errors import LedgerUnavailable
from tests.sync.conftest import REPO, ledger_cli
from tests.sync.faultproxy import free_port
from tests.tlscerts import self_signed


@pytest.fixture
def tls_ledger(tmp_path):
    """The ledger on SQLite over HTTPS on a free loopback port: (url, database, certificate file)."""
    cert_file, key_file = self_signed(tmp_path / "tls", "ledger-tls")
    db, port = tmp_path / "ledger.sqlite3", free_port()
    log = open(tmp_path / "ledger.log", "ab")  # noqa: SIM115 - the server's log for its lifetime
    proc = subprocess.Popen([sys.executable, "-m", "central_ledger", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning", "--ssl-certfile", str(cert_file),
                             "--ssl-keyfile", str(key_file)], stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    url = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the ledger exited: {(tmp_path / 'ledger.log').read_text(errors='replace')}")
            try:
                if httpx.get(f"{url}/v1/health", verify=ssl.create_default_context(cafile=str(cert_file)),
                             timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the TLS ledger did not become ready")
            time.sleep(0.1)
        yield url, db, cert_file
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _counter(tmp_path, name: str, url: str, tls_ca_file: Path | None) -> tuple[Store, SyncService]:
    paths = AppPaths.resolve(tmp_path / name).ensure()
    settings = Settings(paths.settings_file)
    settings.set("ledger.url", url)
    if tls_ca_file is not None:
        settings.set("ledger.tls_ca_file", str(tls_ca_file))
    settings.set("sync.timeout_seconds", 10.0)
    settings.save()
    store = Store.open(paths.database)
    return store, SyncService(store, Settings.load(paths.settings_file), paths)


def _token(db: Path, counter_id: str) -> str:
    added = ledger_cli(db, "counters", "add", "--id", counter_id, "--name", "tls test", "--json")
    assert added.returncode == 0, added.stderr
    return json.loads(added.stdout)["token"]


def test_the_counter_syncs_over_tls_with_the_ledgers_ca_file(tls_ledger, tmp_path):
    url, db, cert_file = tls_ledger
    store, sync = _counter(tmp_path, "counter-T1", url, cert_file)
    try:
        sync.enroll(url, _token(db, "T1"), "T1")
        sync.replenish_card_numbers()
        report = sync.sync_once()
        assert report is not None
        assert store.db.execute("SELECT count(*) FROM card_number_blocks").fetchone()[0] >= 1
    finally:
        store.close()


def test_without_the_ca_file_the_server_is_refused_and_nothing_registered(tls_ledger, tmp_path):
    url, db, cert_file = tls_ledger
    token = _token(db, "T2")
    other, _ = self_signed(tmp_path / "other", "someone-else")
    for name, ca_file in (("counter-system-cas", None), ("counter-other-ca", other)):
        store, sync = _counter(tmp_path, name, url, ca_file)
        try:
            with pytest.raises(LedgerUnavailable) as refused:
                sync.enroll(url, token, "T2")
            assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value) or "certificate" in str(refused.value).lower()
        finally:
            store.close()
    store, sync = _counter(tmp_path, "counter-right", url, cert_file)  # the token was never used: it still works
    try:
        sync.enroll(url, token, "T2")
    finally:
        store.close()


def test_a_missing_ca_file_is_a_clear_message(tmp_path):
    store, sync = _counter(tmp_path, "counter-missing", "https://127.0.0.1:9", tmp_path / "no-such-ca.pem")
    try:
        with pytest.raises(TlsCaFileUnusable) as unusable:
            sync.enroll("https://127.0.0.1:9", "token", "T3")
        assert "ledger.tls_ca_file" in unusable.value.message("en")
    finally:
        store.close()
