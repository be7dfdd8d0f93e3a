"""counter_app.crypto.x509: the counter reads the ledger CA's certificates and CRL and refuses what it must not
trust (another CA, an altered certificate, an expired one, a revoked one). The certificates come from the real
ledger CA (central_ledger.ca, over a SQLite ledger); the checks are the counter's own."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pytest
from gmssl import sm2 as gm_sm2

from central_ledger.ca import CertificateAuthority, CertificateRequest, open_ca
from central_ledger.storage import Storage
from counter_app.crypto import x509

N = int(gm_sm2.default_ecc_table["n"], 16)
HOLDER_INDEX = "5f1c" * 16


def card_public_key() -> bytes:
    d = secrets.randbelow(N - 2) + 1
    return bytes.fromhex("04" + gm_sm2.CryptSM2(private_key=f"{d:064x}", public_key="")._kg(
        d, gm_sm2.default_ecc_table["g"]))


@dataclass
class Issued:
    ca: CertificateAuthority
    answer: dict

    def cert(self, name: str = "sign_certificate") -> bytes:
        return base64.b64decode(self.answer[name])

    def ca_cert(self) -> x509.Certificate:
        return x509.load_certificate(self.ca.certificate_pem())


def issue(ca: CertificateAuthority, card_number: str = "L00000011", key: bytes | None = None) -> Issued:
    # The CA is asked directly, with no counter enrolled nor numbers allocated: ``trusted`` is how an accepted
    # request goes through the ownership rule (tests/ledger covers the rule; these tests read certificates).
    return Issued(ca, ca.issue(CertificateRequest(
        counter_id="C001", request_id="0b6c1c8e-2f5e-4a57-9d3e-6f1f3b0f2a11", card_number=card_number,
        card_id="0" * 32, holder_index=HOLDER_INDEX, sign_public_key=(key or card_public_key()).hex()),
        trusted=True))


@pytest.fixture
def make_ca(tmp_path):
    opened = []

    def _make(name: str = "ledger", issuer_name: str = "随州市社会保险局") -> CertificateAuthority:
        storage = Storage.open(f"sqlite://{tmp_path / name}.sqlite3")
        opened.append(storage)
        return open_ca(storage, tmp_path / f"{name}-ca", create=True, issuer_name=issuer_name)

    yield _make
    for s in opened:
        s.close()


@pytest.fixture
def issued(make_ca) -> Issued:
    return issue(make_ca())


def test_a_card_certificate_reads_as_der_and_as_pem(issued: Issued):
    der = issued.cert()
    pem = b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der) + b"-----END CERTIFICATE-----\n"
    cert = x509.load_certificate(der)
    assert x509.load_certificate(pem) == cert
    assert cert.subject_cn == "L00000011"
    assert cert.subject_serial_number == HOLDER_INDEX
    assert cert.serial_hex == issued.answer["sign_serial"] and cert.serial == int(cert.serial_hex, 16)
    assert len(cert.public_key) == 65 and cert.public_key[0] == 0x04
    assert cert.key_usage == {"digital_signature", "non_repudiation"}
    assert cert.not_before < cert.not_after and cert.not_before.tzinfo is not None


def test_a_certificate_of_the_ca_verifies(issued: Issued):
    for name in ("sign_certificate", "enc_certificate"):
        x509.verify_certificate(x509.load_certificate(issued.cert(name)), issued.ca_cert())


def test_an_altered_certificate_is_refused(issued: Issued):
    der = issued.cert()
    altered = der.replace(b"L00000011", b"L00000029")  # another card number in the subject
    assert altered != der
    with pytest.raises(x509.CertificateError) as refused:
        x509.verify_certificate(x509.load_certificate(altered), issued.ca_cert())
    assert refused.value.code == "bad_signature"


def test_a_certificate_of_another_ca_with_the_same_name_is_refused(issued: Issued, make_ca):
    impostor = issue(make_ca("impostor"))  # same issuer name, other key
    with pytest.raises(x509.CertificateError) as refused:
        x509.verify_certificate(x509.load_certificate(impostor.cert()), issued.ca_cert())
    assert refused.value.code == "bad_signature"


def test_a_certificate_naming_another_issuer_is_refused(issued: Issued, make_ca):
    other = issue(make_ca("other", issuer_name="另一个发卡机构"))
    with pytest.raises(x509.CertificateError) as refused:
        x509.verify_certificate(x509.load_certificate(other.cert()), issued.ca_cert())
    assert refused.value.code == "issuer_mismatch"


def test_a_card_certificate_cannot_stand_in_for_the_ca(issued: Issued):
    card = x509.load_certificate(issued.cert())
    with pytest.raises(x509.CertificateError) as refused:
        x509.verify_certificate(card, card)
    assert refused.value.code == "not_a_ca"


def test_validity_dates_are_checked(issued: Issued):
    cert = x509.load_certificate(issued.cert())
    x509.check_validity(cert, cert.not_before)
    x509.check_validity(cert, cert.not_after)
    with pytest.raises(x509.CertificateError) as early:
        x509.check_validity(cert, cert.not_before - timedelta(seconds=1))
    with pytest.raises(x509.CertificateError) as late:
        x509.verify_certificate(cert, issued.ca_cert(), at=cert.not_after + timedelta(days=1))
    assert (early.value.code, late.value.code) == ("not_yet_valid", "expired")
    assert "检查本机时钟" in early.value.message("zh")


def test_the_crl_verifies_and_says_which_serials_are_revoked(make_ca):
    ca = make_ca()
    key = card_public_key()
    old = issue(ca, key=key)
    new = issue(ca, card_number="L0000002X")  # another card: stays valid
    issue(ca, key=card_public_key())  # a new key for L00000011: the old pair is superseded

    crl = x509.load_crl(ca.crl())
    x509.verify_crl(crl, old.ca_cert())
    assert crl.is_revoked(int(old.answer["sign_serial"], 16))
    assert crl.revocation(int(old.answer["enc_serial"], 16)).reason == "superseded"
    assert not crl.is_revoked(int(new.answer["sign_serial"], 16))

    old_cert = x509.load_certificate(old.cert())
    with pytest.raises(x509.CertificateError) as refused:
        x509.verify_certificate(old_cert, old.ca_cert(), crl=crl)
    assert refused.value.code == "revoked"
    x509.verify_certificate(x509.load_certificate(new.cert()), new.ca_cert(), crl=crl)


def test_a_crl_reads_as_pem_too(issued: Issued):
    der = issued.ca.crl()
    pem = b"-----BEGIN X509 CRL-----\n" + base64.encodebytes(der) + b"-----END X509 CRL-----\n"
    assert x509.load_crl(pem) == x509.load_crl(der)


def test_an_altered_or_foreign_or_stale_crl_is_refused(issued: Issued, make_ca):
    der = issued.ca.crl()
    crl = x509.load_crl(der)
    ca_cert = issued.ca_cert()
    codes = []
    for candidate, at in [
        (x509.load_crl(make_ca("impostor").crl()), None),  # same issuer name, other key
        (crl, crl.next_update + timedelta(seconds=1)),
    ]:
        with pytest.raises(x509.CertificateError) as refused:
            x509.verify_crl(candidate, ca_cert, at=at)
        codes.append(refused.value.code)
    altered = bytearray(der)
    altered[der.index(crl._tbs_der) + len(crl._tbs_der) - 40] ^= 0x01  # inside the TBSCertList
    with pytest.raises(x509.CertificateError) as refused:
        x509.verify_crl(x509.load_crl(bytes(altered)), ca_cert)
    codes.append(refused.value.code)
    assert codes == ["bad_signature", "crl_expired", "bad_signature"]


@pytest.mark.parametrize("data", [b"", b"not a certificate", b"\x30\x03\x02\x01\x01",
                                  b"-----BEGIN X509 CRL-----\nMAMCAQE=\n-----END X509 CRL-----\n"])
def test_what_is_not_a_certificate_is_refused_as_malformed(data):
    with pytest.raises(x509.CertificateError) as refused:
        x509.load_certificate(data)
    assert refused.value.code == "malformed"
    assert refused.value.problem.code == "x509.malformed"
