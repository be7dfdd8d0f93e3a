"""OpenSSL 3 reads and verifies what the ledger's CA signs: certificates and the CRL are standard X.509 with
SM2-with-SM3, not a private format only our own code understands.

Why the SM2 ID must be named to OpenSSL 3.0. An SM2 signature covers SM3(Z || data), where Z hashes a signer ID;
GM/T 0009 (and our contract) use the default ID ``1234567812345678``. OpenSSL 3.0 does not assume that default:
with no ID set it computes Z over an empty ID, so a correct GM/T signature fails ("certificate signature
failure"). Hence:

- certificates: ``openssl verify -vfyopt distid:1234567812345678`` (the ID for the certificate being verified;
  the trusted CA certificate's own self-signature is not checked by ``verify``, as for every trust anchor);
- the CRL: ``openssl crl -verify`` (and ``verify -crl_check``) have no way to pass the ID in 3.0 and would
  report "verify failure"; the CRL's signature is checked the long way instead: the TBSCertList is cut out with
  ``openssl asn1parse -strparse 4`` and verified with ``openssl pkeyutl -verify -rawin -digest sm3
  -pkeyopt distid:1234567812345678`` against the CA's public key. A wrong ID fails in both, which shows the
  check is real.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from asn1crypto import crl as asn1_crl

from counter_app.crypto import x509
from tests.ledger import ca_support
from tests.ledger.ca_support import LedgerDriver, der
from tests.realparts import need_command

ca, ca_client, driver = ca_support.ca, ca_support.ca_client, ca_support.driver  # the fixtures used here

@pytest.fixture(autouse=True)
def _openssl_command():
    need_command("openssl")
SM2_ID = "distid:1234567812345678"


def openssl(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=60)


@pytest.fixture
def issued(driver: LedgerDriver, tmp_path: Path) -> Path:
    """ca.pem, sign.der, enc.der and crl.der (with the encryption certificate revoked) in a directory."""
    card = driver.card()
    answer = driver.certificates(card)
    card.new_key()
    answer_now = driver.certificates(card)  # the first pair is superseded: the CRL has two entries
    work = tmp_path / "openssl"
    work.mkdir()
    (work / "ca.pem").write_bytes(driver.ca_pem())
    (work / "sign.der").write_bytes(der(answer_now["sign_certificate"]))
    (work / "enc.der").write_bytes(der(answer_now["enc_certificate"]))
    (work / "old-enc-serial").write_text(answer["enc_serial"])
    (work / "subject").write_text(f"C=CN, O={ca_org(driver)}, OU=社会保障卡, CN={card.number}, "
                                  f"serialNumber={card.holder_index}")
    (work / "crl.der").write_bytes(driver.crl())
    for name in ("sign", "enc"):
        pem = openssl("x509", "-in", f"{name}.der", "-inform", "DER", "-out", f"{name}.pem", cwd=work)
        assert pem.returncode == 0, pem.stderr
    return work


def ca_org(driver: LedgerDriver) -> str:
    return x509.load_certificate(driver.ca_pem()).subject["organization_name"]


def test_openssl_reads_a_card_certificate(issued: Path):
    r = openssl("x509", "-in", "sign.der", "-inform", "DER", "-text", "-noout", "-nameopt", "utf8", cwd=issued)
    assert r.returncode == 0, r.stderr
    text = r.stdout
    assert "Version: 3 (0x2)" in text
    assert "Signature Algorithm: SM2-with-SM3" in text
    assert "ASN1 OID: SM2" in text and "id-ecPublicKey" in text
    assert f"Subject: {(issued / 'subject').read_text()}\n" in text  # C, O, OU, CN, serialNumber in this order
    assert "Digital Signature, Non Repudiation" in text
    assert "X509v3 Authority Key Identifier" in text


def test_openssl_reads_the_ca_certificate_as_a_ca(issued: Path):
    r = openssl("x509", "-in", "ca.pem", "-text", "-noout", cwd=issued)
    assert r.returncode == 0, r.stderr
    assert "CA:TRUE" in r.stdout and "Certificate Sign, CRL Sign" in r.stdout
    assert "X509v3 Subject Key Identifier" in r.stdout


@pytest.mark.parametrize("name", ["sign", "enc"])
def test_openssl_verifies_the_certificates_against_the_ca(issued: Path, name: str):
    r = openssl("verify", "-CAfile", "ca.pem", "-vfyopt", SM2_ID, f"{name}.pem", cwd=issued)
    assert r.returncode == 0 and f"{name}.pem: OK" in r.stdout, r.stdout + r.stderr


def test_openssl_refuses_the_certificate_with_another_sm2_id(issued: Path):
    r = openssl("verify", "-CAfile", "ca.pem", "-vfyopt", "distid:1234567812345679", "sign.pem", cwd=issued)
    assert r.returncode != 0 and "signature failure" in r.stdout + r.stderr


def test_openssl_reads_the_crl_with_its_entries_and_reasons(issued: Path):
    r = openssl("crl", "-in", "crl.der", "-inform", "DER", "-text", "-noout", cwd=issued)
    assert r.returncode == 0, r.stderr
    assert "Version 2 (0x1)" in r.stdout and "X509v3 CRL Number" in r.stdout
    assert (issued / "old-enc-serial").read_text().upper() in r.stdout
    assert r.stdout.count("Superseded") == 2


def _crl_signature_check(work: Path, sm2_id: str) -> subprocess.CompletedProcess:
    """Cut the TBSCertList (offset 4: inside the outer SEQUENCE) and the signature (the contents of the last BIT
    STRING) out of the CRL with asn1parse, as docs/ledger-api.md shows, and verify with pkeyutl."""
    layout = openssl("asn1parse", "-in", "crl.der", "-inform", "DER", cwd=work).stdout
    sig_offset = [line.split(":")[0].strip() for line in layout.splitlines() if "BIT STRING" in line][-1]
    for offset, out in (("4", "tbs.der"), (sig_offset, "sig.der")):
        cut = openssl("asn1parse", "-in", "crl.der", "-inform", "DER", "-strparse", offset, "-noout", "-out", out,
                      cwd=work)
        assert cut.returncode == 0, cut.stderr
    crl = asn1_crl.CertificateList.load((work / "crl.der").read_bytes())
    assert (work / "sig.der").read_bytes() == bytes(crl["signature"])  # the cut is what we think it is
    pub = openssl("x509", "-in", "ca.pem", "-pubkey", "-noout", "-out", "ca-pub.pem", cwd=work)
    assert pub.returncode == 0, pub.stderr
    return openssl("pkeyutl", "-verify", "-pubin", "-inkey", "ca-pub.pem", "-rawin", "-digest", "sm3",
                   "-pkeyopt", sm2_id, "-in", "tbs.der", "-sigfile", "sig.der", cwd=work)


def test_openssl_verifies_the_crl_signature_with_the_ca_key(issued: Path):
    r = _crl_signature_check(issued, SM2_ID)
    assert r.returncode == 0 and "Signature Verified Successfully" in r.stdout, r.stdout + r.stderr


def test_the_crl_signature_check_fails_with_another_sm2_id(issued: Path):
    assert _crl_signature_check(issued, "distid:1234567812345679").returncode != 0
