"""Issue 17, trust in the ledger's CA: installed from a file by a supervisor or technician and pinned; never
trusted on first use outside demo mode; a different CA from the ledger is refused."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from central_ledger import sm2 as ledger_sm2
from central_ledger import x509 as cx
from central_ledger.ca import _create_ca_files
from counter_app.crypto import sm3
from counter_app.services.auth import PermissionDenied
from counter_app.services.ca_trust import BadCaCertificate, CaNotInstalled, CaTrust, UntrustedCa, fingerprint
from counter_app.store.audit import AuditLog
from tests.security.conftest import PASSWORD

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def ca(tmp_path):
    return _create_ca_files(tmp_path / "ca", "测试台账", NOW)


@pytest.fixture
def other_ca(tmp_path):
    return _create_ca_files(tmp_path / "other", "另一台账", NOW)


def _leaf_pem(ca) -> bytes:
    """A certificate that is not a CA, signed by ``ca``."""
    d = ledger_sm2.new_private_key()
    public_key = ledger_sm2.public_key_of(d)
    name = cx.name([("country_name", "CN"), ("common_name", "not a CA")])
    der = cx.build_certificate(cx.CertificateFields(
        serial=12345, subject=name, issuer=name, public_key=public_key, not_before=NOW - dt.timedelta(days=1),
        not_after=NOW + dt.timedelta(days=30), key_usage=frozenset({"digital_signature"}), is_ca=False,
        authority_key_id=None), lambda tbs: ledger_sm2.sign(d, public_key, tbs))
    return cx.certificate_pem(der)


def test_without_an_installed_ca_nothing_is_trusted_and_the_message_names_the_command(store, ca):
    trust = CaTrust(store)
    with pytest.raises(CaNotInstalled) as stopped:
        trust.require()
    assert "counter-app ca install --file" in stopped.value.message("en")
    assert "counter-app ca install --file" in stopped.value.message("zh")
    with pytest.raises(CaNotInstalled):
        trust.check_offered(ca.certificate_der)  # what the ledger sends is not taken on first use
    assert trust.pinned() is None


def test_installed_from_a_file_the_ca_is_pinned_and_another_is_refused(store, auth, people, ca, other_ca):
    technician = auth.login(people["technician"], PASSWORD)
    done = CaTrust(store).install(technician, cx.certificate_pem(ca.certificate_der))  # the file, PEM
    assert not done.unchanged and done.replaced is None
    assert done.fingerprint.replace(":", "").lower() == sm3(ca.certificate_der).hex()
    trust = CaTrust(store)
    assert trust.check_offered(ca.certificate_der).der == ca.certificate_der
    with pytest.raises(UntrustedCa) as refused:
        trust.check_offered(other_ca.certificate_der)
    assert fingerprint(trust.pinned())[:23] in refused.value.message("en")
    (entry,) = [e for e in AuditLog.entries(store.db) if e.action == "pki.ca_installed"]
    assert entry.actor == people["technician"] and entry.detail["sm3"] == sm3(ca.certificate_der).hex()
    assert CaTrust(store).install(technician, ca.certificate_der).unchanged  # DER too; the same: no change


def test_only_a_supervisor_or_technician_installs(store, auth, people, ca):
    clerk = auth.login(people["clerk"], PASSWORD)
    with pytest.raises(PermissionDenied):
        CaTrust(store).install(clerk, ca.certificate_der)
    assert CaTrust(store).pinned() is None


@pytest.mark.parametrize("what", ["garbage", "leaf", "expired"])
def test_a_file_that_is_not_a_valid_ca_certificate_is_refused(store, auth, people, ca, tmp_path, what):
    supervisor = auth.login(people["supervisor"], PASSWORD)
    data = {"garbage": lambda: b"-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n",
            "leaf": lambda: _leaf_pem(ca),
            "expired": lambda: _create_ca_files(tmp_path / "old", "旧台账",
                                                NOW - dt.timedelta(days=40 * 365)).certificate_der}[what]()
    with pytest.raises(BadCaCertificate):
        CaTrust(store).install(supervisor, data)
    assert CaTrust(store).pinned() is None


def test_demo_mode_alone_pins_the_ledgers_ca_on_first_use_with_a_log_line(store, ca, other_ca, caplog):
    with caplog.at_level(logging.WARNING, logger="counter_app.services.ca_trust"):
        assert CaTrust(store, demo=True).check_offered(ca.certificate_der).der == ca.certificate_der
    assert "demo mode: pinned the ledger's CA certificate on first use" in caplog.text
    assert CaTrust(store).pinned().der == ca.certificate_der
    with pytest.raises(UntrustedCa):  # pinned now, in demo mode too
        CaTrust(store, demo=True).check_offered(other_ca.certificate_der)
