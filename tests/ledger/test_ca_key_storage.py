"""Where the CA key lives: a 0600 key file in the CA directory (never in the database), made on the first
``serve`` or by ``central-ledger ca init``, exported with ``ca export``; a ledger database stays bound to the CA
that issued its certificates."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx
import pytest

from central_ledger.ca import CaError, default_ca_dir, open_ca
from central_ledger.storage import Storage
from counter_app.crypto import x509
from tests.ledger.conftest import run_cli, start_server


def test_the_ca_is_made_with_a_key_only_its_owner_can_read(storage, tmp_path):
    ca = open_ca(storage, tmp_path / "ca", create=True)
    assert stat.S_IMODE((tmp_path / "ca").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "ca" / "ca-key.pem").stat().st_mode) == 0o600
    assert (tmp_path / "ca" / "ca-key.pem").read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert x509.load_certificate((tmp_path / "ca" / "ca.pem").read_bytes()).public_key == ca.key.public_key


def test_the_ca_key_is_not_in_the_database(storage, tmp_path):
    ca = open_ca(storage, tmp_path / "ca", create=True)
    with storage.transaction() as tx:
        row = tx.one("SELECT * FROM ca_authority")
    assert f"{ca.key.d:064x}" not in str(row).lower()


def test_opening_again_gives_the_same_ca(storage, tmp_path):
    first = open_ca(storage, tmp_path / "ca", create=True)
    again = open_ca(storage, tmp_path / "ca", create=False)
    assert again.key.certificate_der == first.key.certificate_der and again.key.d == first.key.d


def test_a_ca_self_signs_its_certificate_as_a_ca(storage, tmp_path):
    ca_cert = x509.load_certificate(open_ca(storage, tmp_path / "ca", create=True).certificate_pem())
    assert ca_cert.is_ca and ca_cert.key_usage == {"key_cert_sign", "crl_sign"}
    assert ca_cert.subject == ca_cert.issuer
    x509.verify_signature(ca_cert, ca_cert)


def test_without_a_ca_and_without_create_the_ledger_says_to_run_ca_init(storage, tmp_path):
    with pytest.raises(CaError, match="ca init"):
        open_ca(storage, tmp_path / "ca", create=False)


def test_a_database_refuses_the_ca_directory_of_another_ledger(storage, tmp_path):
    open_ca(storage, tmp_path / "ca", create=True)
    other = Storage.open(f"sqlite://{tmp_path / 'other.sqlite3'}")
    try:
        open_ca(other, tmp_path / "other-ca", create=True)
    finally:
        other.close()
    with pytest.raises(CaError, match="not the CA this ledger database"):
        open_ca(storage, tmp_path / "other-ca", create=True)


def test_a_database_with_a_ca_refuses_to_start_a_new_one_in_an_empty_directory(storage, tmp_path):
    open_ca(storage, tmp_path / "ca", create=True)
    with pytest.raises(CaError, match="restore the CA directory"):
        open_ca(storage, tmp_path / "empty", create=True)


def test_a_lost_ca_key_is_never_silently_replaced(storage, tmp_path):
    open_ca(storage, tmp_path / "ca", create=True)
    (tmp_path / "ca" / "ca-key.pem").unlink()
    with pytest.raises(CaError, match="incomplete"):
        open_ca(storage, tmp_path / "ca", create=True)
    (tmp_path / "ca" / "ca.pem").unlink()
    with pytest.raises(CaError, match="restore the CA directory"):
        open_ca(storage, tmp_path / "ca", create=True)


def test_a_key_file_others_can_read_is_refused(storage, tmp_path):
    open_ca(storage, tmp_path / "ca", create=True)
    (tmp_path / "ca" / "ca-key.pem").chmod(0o640)
    with pytest.raises(CaError, match="chmod 600"):
        open_ca(storage, tmp_path / "ca", create=False)


def test_the_default_directory_is_beside_a_sqlite_ledger():
    assert default_ca_dir("sqlite:///var/lib/ledger/ledger.sqlite3") == Path("/var/lib/ledger/ledger-ca")


def test_the_default_directory_of_a_postgresql_ledger_is_in_the_data_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_ca_dir("postgresql://ledger@db.example:5433/ledger") == \
        tmp_path / "central-ledger" / "ledger@db.example-5433-ca"


def test_ca_init_and_export_on_the_command_line(db_url, tmp_path):
    ca_dir = tmp_path / "ca-dir"
    init = run_cli("ca", "init", "--db", db_url, "--ca-dir", str(ca_dir), "--ca-name", "随州市社会保险局", "--json")
    assert init.returncode == 0, init.stderr
    assert '"created": true' in init.stdout
    again = run_cli("ca", "init", "--db", db_url, "--ca-dir", str(ca_dir), "--json")
    assert again.returncode == 0 and '"created": false' in again.stdout

    out = tmp_path / "CA.pem"
    export = run_cli("ca", "export", "--db", db_url, "--out", str(out), env={"CENTRAL_LEDGER_CA_DIR": str(ca_dir)})
    assert export.returncode == 0, export.stderr
    assert out.read_bytes() == (ca_dir / "ca.pem").read_bytes()
    assert x509.load_certificate(out.read_bytes()).subject["organization_name"] == "随州市社会保险局"

    wrong = run_cli("ca", "export", "--db", db_url, "--ca-dir", str(tmp_path / "nothing"), "--out", str(out))
    assert wrong.returncode == 2 and "restore the CA directory" in wrong.stderr


def test_serve_makes_the_ca_beside_a_sqlite_ledger_on_first_start(tmp_path):
    db = tmp_path / "ledger.sqlite3"
    server = start_server(f"sqlite://{db}", tmp_path / "server.log")
    try:
        pem = httpx.get(f"{server.base_url}/v1/ca/certificate", timeout=10)
        assert pem.status_code == 200 and pem.headers["content-type"] == "application/x-pem-file"
        assert pem.content == (tmp_path / "ledger-ca" / "ca.pem").read_bytes()
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)
