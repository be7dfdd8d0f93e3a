"""Issue 17: the technician installs the ledger's CA from the file ``central-ledger ca export`` writes —
``counter-app ca install --file F`` shows its SM3 fingerprint, subject and validity, needs a supervisor's or
technician's login, and pins it; the counter then trusts that certificate and no other."""

from __future__ import annotations

import json

from counter_app.crypto import sm3
from counter_app.crypto.x509 import load_certificate
from counter_app.store.audit import AuditLog
from tests.sync.conftest import counter_cli, ledger_cli


def _boss(counter) -> str:
    """The counter's first supervisor (made without a login: the counter has no user yet); its password."""
    made = counter_cli(counter.paths.data_dir, "users", "add", "--username", "boss", "--role", "supervisor", "--json")
    assert made.returncode == 0, made.stderr
    return json.loads(made.stdout)["password"]


def test_the_ca_is_installed_from_the_ledgers_file_with_a_login(make_counter, ledger, tmp_path):
    counter = make_counter("C001", install_ca=False)
    data = counter.paths.data_dir
    password = _boss(counter)
    ca_file = tmp_path / "ca.pem"
    exported = ledger_cli(ledger.db, "ca", "export", "--out", str(ca_file))
    assert exported.returncode == 0, exported.stderr
    der = load_certificate(ca_file.read_bytes()).der
    shown = sm3(der).hex().upper()

    nothing = counter_cli(data, "ca", "show", "--json")
    assert nothing.returncode == 0 and json.loads(nothing.stdout) == {"ca": None}

    no_login = counter_cli(data, "ca", "install", "--file", str(ca_file))
    assert no_login.returncode == 1 and "--user" in no_login.stderr
    wrong = counter_cli(data, "ca", "install", "--file", str(ca_file), "--user", "boss", "--password-stdin",
                        input="not the password\n")
    assert wrong.returncode == 1 and "Wrong user name or password" in wrong.stderr
    assert json.loads(counter_cli(data, "ca", "show", "--json").stdout) == {"ca": None}

    done = counter_cli(data, "ca", "install", "--file", str(ca_file), "--user", "boss", "--password-stdin",
                       input=password + "\n")
    assert done.returncode == 0, done.stderr
    assert shown[:8] in done.stdout.replace(":", "") and "subject" in done.stdout and "valid" in done.stdout
    pinned = json.loads(counter_cli(data, "ca", "show", "--json").stdout)["ca"]
    assert pinned["sm3_fingerprint"].replace(":", "") == shown
    assert json.loads(counter_cli(data, "card", "cert", "ca", "--json").stdout)["ca"]["serial"] == pinned["serial"]
    (entry,) = [e for e in AuditLog.entries(counter.store.db) if e.action == "pki.ca_installed"]
    assert entry.actor == "boss"

    again = counter_cli(data, "ca", "install", "--file", str(ca_file), "--user", "boss", "--password-stdin",
                        input=password + "\n")
    assert again.returncode == 0 and "already installed" in again.stdout


def test_a_file_that_is_not_a_ca_certificate_is_refused_before_the_login(make_counter, tmp_path):
    counter = make_counter("C002", install_ca=False)
    bad = tmp_path / "not-a-cert.pem"
    bad.write_text("hello\n")
    refused = counter_cli(counter.paths.data_dir, "ca", "install", "--file", str(bad), "--user", "boss",
                          "--password-stdin", input="whatever\n")
    assert refused.returncode == 1 and "cannot be used" in refused.stderr and "Traceback" not in refused.stderr
    missing = counter_cli(counter.paths.data_dir, "ca", "install", "--file", str(tmp_path / "nope.pem"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_forgetting_the_ca_needs_a_login_too(make_counter, ledger):
    counter = make_counter("C003")  # installed by the fixture, as a technician would
    password = _boss(counter)
    data = counter.paths.data_dir
    refused = counter_cli(data, "card", "cert", "ca", "--forget")
    assert refused.returncode == 1 and "--user" in refused.stderr
    assert json.loads(counter_cli(data, "ca", "show", "--json").stdout)["ca"] is not None
    forgot = counter_cli(data, "card", "cert", "ca", "--forget", "--json", "--user", "boss", "--password-stdin",
                         input=password + "\n")
    assert forgot.returncode == 0, forgot.stderr
    assert json.loads(forgot.stdout)["ca"]["forgotten"] is True
    assert json.loads(counter_cli(data, "ca", "show", "--json").stdout) == {"ca": None}
