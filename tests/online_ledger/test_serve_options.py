"""``central-ledger serve`` with the online applications' options: the seal key file (made only when asked), the
SMS gateway, and the /v1/online routes served by the real server."""

from __future__ import annotations

import subprocess

import httpx

from central_ledger.seal import SealKey
from tests.ledger.conftest import run_cli, start_server


def test_a_missing_seal_key_file_is_refused_without_create(tmp_path):
    db = f"sqlite://{tmp_path / 'ledger.sqlite3'}"
    r = run_cli("serve", "--db", db, "--seal-key-file", str(tmp_path / "none.key"), "--sms-file",
                str(tmp_path / "sms.jsonl"), "--ca-dir", str(tmp_path / "ca"))
    assert r.returncode == 2 and "--create-seal-key" in r.stderr
    r = run_cli("serve", "--db", db, "--create-seal-key", "--ca-dir", str(tmp_path / "ca"))
    assert r.returncode == 2
    r = run_cli("serve", "--db", db, "--seal-key-file", str(tmp_path / "k"), "--create-seal-key", "--sms-url",
                "https://sms.example", "--ca-dir", str(tmp_path / "ca"))
    assert r.returncode == 2 and "--sms-key-file" in r.stderr
    assert not (tmp_path / "none.key").exists()


def test_serve_makes_the_key_when_asked_and_serves_the_online_routes(tmp_path):
    key_file = tmp_path / "keys" / "seal.key"
    db = f"sqlite://{tmp_path / 'ledger.sqlite3'}"
    server = start_server(db, tmp_path / "server.log", "--seal-key-file", str(key_file), "--create-seal-key",
                          "--sms-file", str(tmp_path / "sms.jsonl"))
    try:
        assert key_file.stat().st_mode & 0o077 == 0
        SealKey.load(key_file)  # a valid key was written
        paths = httpx.get(f"{server.base_url}/openapi.json").json()["paths"]
        assert {"/v1/online/due", "/v1/online/lookup", "/v1/online/postal"} <= set(paths)
        r = httpx.post(f"{server.base_url}/v1/online/due", json={"day": "2026-12-08"})
        assert r.status_code == 422  # unsigned
    finally:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
