"""``central-ledger serve --ssl-certfile F --ssl-keyfile K``: the ledger speaks HTTPS itself (uvicorn's TLS), and
a client that verifies the certificate (here a self-signed one made for the test, trusted as its own CA) talks
to it; a client that trusts nothing refuses it."""

from __future__ import annotations

import ssl
import subprocess
import sys
import time

import httpx
import pytest

from tests.ledger.conftest import REPO
from tests.pg import free_port
from tests.tlscerts import self_signed


@pytest.fixture
def tls_server(tmp_path):
    cert_file, key_file = self_signed(tmp_path / "tls")
    port = free_port()
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 - the server's log for its lifetime
    proc = subprocess.Popen([sys.executable, "-m", "central_ledger", "serve", "--db",
                             f"sqlite://{tmp_path / 'ledger.sqlite3'}", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "warning", "--ssl-certfile", str(cert_file), "--ssl-keyfile",
                             str(key_file)], stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    trust = ssl.create_default_context(cafile=str(cert_file))
    base = f"https://127.0.0.1:{port}"
    try:
        for _ in range(300):  # bounded wait for readiness
            assert proc.poll() is None, (tmp_path / "server.log").read_text(errors="replace")
            try:
                if httpx.get(f"{base}/v1/health", verify=trust, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, trust
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_ledger_serves_https_that_a_verifying_client_accepts(tls_server):
    base, trust = tls_server
    r = httpx.get(f"{base}/v1/health", verify=trust)
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.url.scheme == "https"
    with pytest.raises(httpx.ConnectError):  # the system's CAs do not know this certificate
        httpx.get(f"{base}/v1/health")
    with pytest.raises(httpx.TransportError):  # and plain HTTP is not served on the TLS port
        httpx.get(base.replace("https", "http") + "/v1/health").raise_for_status()


def test_a_certificate_without_its_key_is_a_usage_error(tmp_path):
    cert_file, _ = self_signed(tmp_path / "tls")
    out = subprocess.run([sys.executable, "-m", "central_ledger", "serve", "--db", str(tmp_path / "l.sqlite3"),
                          "--ssl-certfile", str(cert_file)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert out.returncode == 2 and "--ssl-keyfile" in out.stderr
