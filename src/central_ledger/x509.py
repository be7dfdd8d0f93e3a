"""X.509 v3 certificates and v2 CRLs signed with SM2, built with asn1crypto (RFC 5280, GM/T 0015).

The ledger's CA (:mod:`central_ledger.ca`) decides what goes into a certificate; this module only encodes it:

- signatureAlgorithm SM2-with-SM3 ``1.2.156.10197.1.501``, without parameters; the signature value is the DER
  ``SEQUENCE { r INTEGER, s INTEGER }`` of an SM2 signature over the DER TBSCertificate (TBSCertList), with Z
  computed for the ID ``1234567812345678``;
- public keys as id-ecPublicKey with the named curve sm2p256v1 ``1.2.156.10197.1.301``;
- key identifiers by RFC 5280 method 1 (SHA-1 of the subjectPublicKey bits): an identifier, not a security
  function, and the form OpenSSL computes itself for ``subjectKeyIdentifier=hash``.

asn1crypto knows neither OID; :func:`register_sm2_oids` adds both, once, for the whole process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import algos, core, crl, keys, pem, x509

SM2_CURVE_OID = "1.2.156.10197.1.301"
SM2_SM3_OID = "1.2.156.10197.1.501"
SM2_CURVE = "sm2p256v1"
SM2_SM3 = "sm2_sm3"

Signer = Callable[[bytes], bytes]  # DER to be signed -> SM2 signature r || s (64 bytes)


def register_sm2_oids() -> None:
    """Teach asn1crypto the SM2 curve and the SM2-with-SM3 signature OIDs (idempotent)."""
    keys.NamedCurve.register(SM2_CURVE, SM2_CURVE_OID, 32)
    mapping = algos.SignedDigestAlgorithmId
    mapping._map[SM2_SM3_OID] = SM2_SM3
    if mapping._reverse_map is not None:
        mapping._reverse_map[SM2_SM3] = SM2_SM3_OID


register_sm2_oids()


# -- small pieces -------------------------------------------------------------------------------------------

def _algorithm() -> algos.SignedDigestAlgorithm:
    return algos.SignedDigestAlgorithm({"algorithm": SM2_SM3})


def _curve() -> keys.ECDomainParameters:
    return keys.ECDomainParameters(name="named", value=SM2_CURVE)


def public_key_info(public_key: bytes) -> keys.PublicKeyInfo:
    """SubjectPublicKeyInfo of an SM2 public key ``04 || x || y``."""
    return keys.PublicKeyInfo({"algorithm": {"algorithm": "ec", "parameters": _curve()},
                               "public_key": public_key})


def key_identifier(public_key: bytes) -> bytes:
    """RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING's value (the 65 key bytes)."""
    return hashlib.sha1(public_key).digest()  # noqa: S324 - an identifier, not a signature


def time_value(moment: datetime) -> x509.Time:
    """UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), whole seconds, UTC."""
    moment = moment.astimezone(UTC).replace(microsecond=0)
    return x509.Time(name="utc_time" if moment.year < 2050 else "general_time", value=moment)


_PRINTABLE = {"country_name", "serial_number"}


def name(attributes: Sequence[tuple[str, str]]) -> x509.Name:
    """A distinguished name with one attribute per RDN, in the order given (asn1crypto's ``Name.build``
    would reorder them). Country and serialNumber are PrintableString, the rest UTF8String."""
    rdns = []
    for attr, value in attributes:
        if attr in _PRINTABLE:
            encoded: core.Asn1Value = core.PrintableString(value)
        else:
            encoded = x509.DirectoryString(name="utf8_string", value=value)
        rdns.append(x509.RelativeDistinguishedName([x509.NameTypeAndValue({"type": attr, "value": encoded})]))
    return x509.Name(name="", value=x509.RDNSequence(rdns))


def _signature(sign: Signer, tbs_der: bytes) -> bytes:
    raw = sign(tbs_der)
    return algos.DSASignature({"r": int.from_bytes(raw[:32], "big"), "s": int.from_bytes(raw[32:], "big")}).dump()


def _ext(extn_id: str, value: object, critical: bool = False) -> dict:
    return {"extn_id": extn_id, "critical": critical, "extn_value": value}


# -- certificates -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CertificateFields:
    """Everything a certificate states; ``key_usage`` holds asn1crypto names (``digital_signature`` ...)."""

    serial: int
    subject: x509.Name
    issuer: x509.Name
    public_key: bytes
    not_before: datetime
    not_after: datetime
    key_usage: frozenset[str]
    is_ca: bool
    authority_key_id: bytes | None


def build_certificate(fields: CertificateFields, sign: Signer) -> bytes:
    """The DER certificate for ``fields``, signed by ``sign`` (the issuer's SM2 key)."""
    extensions = [
        _ext("basic_constraints", {"ca": True} if fields.is_ca else {"ca": False}, critical=fields.is_ca),
        _ext("key_usage", x509.KeyUsage(set(fields.key_usage)), critical=True),
        _ext("key_identifier", key_identifier(fields.public_key)),
    ]
    if fields.authority_key_id is not None:
        extensions.append(_ext("authority_key_identifier", {"key_identifier": fields.authority_key_id}))
    tbs = x509.TbsCertificate({
        "version": "v3",
        "serial_number": fields.serial,
        "signature": _algorithm(),
        "issuer": fields.issuer,
        "validity": {"not_before": time_value(fields.not_before), "not_after": time_value(fields.not_after)},
        "subject": fields.subject,
        "subject_public_key_info": public_key_info(fields.public_key),
        "extensions": extensions,
    })
    tbs_der = tbs.dump()
    return x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": _algorithm(),
                             "signature_value": _signature(sign, tbs_der)}).dump()


def certificate_pem(der: bytes) -> bytes:
    return pem.armor("CERTIFICATE", der)


def certificate_der(data: bytes) -> bytes:
    """DER of a certificate given as DER or PEM."""
    if pem.detect(data):
        _kind, _headers, data = pem.unarmor(data)
    return data


def parse_certificate(der: bytes) -> x509.Certificate:
    return x509.Certificate.load(der)


# -- CRL ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RevokedEntry:
    serial: int
    revoked_at: datetime
    reason: str  # asn1crypto CRLReason name: key_compromise, superseded, cessation_of_operation ...


def build_crl(*, issuer: x509.Name, authority_key_id: bytes, number: int, this_update: datetime,
              next_update: datetime, revoked: Sequence[RevokedEntry], sign: Signer) -> bytes:
    """A v2 CRL (DER) with cRLNumber and authorityKeyIdentifier, one reasonCode per entry."""
    tbs_fields: dict = {
        "version": "v2",
        "signature": _algorithm(),
        "issuer": issuer,
        "this_update": time_value(this_update),
        "next_update": time_value(next_update),
        "crl_extensions": [_ext("crl_number", number),
                           _ext("authority_key_identifier", {"key_identifier": authority_key_id})],
    }
    if revoked:  # RFC 5280 5.1.2.6: absent, not empty, when nothing is revoked
        tbs_fields["revoked_certificates"] = [
            crl.RevokedCertificate({"user_certificate": e.serial, "revocation_date": time_value(e.revoked_at),
                                    "crl_entry_extensions": [_ext("crl_reason", crl.CRLReason(e.reason))]})
            for e in revoked]
    tbs = crl.TbsCertList(tbs_fields)
    return crl.CertificateList({"tbs_cert_list": tbs, "signature_algorithm": _algorithm(),
                                "signature": _signature(sign, tbs.dump())}).dump()


# -- the CA's private key file ------------------------------------------------------------------------------

def private_key_pem(d: int, public_key: bytes) -> bytes:
    """PKCS#8 ``PRIVATE KEY`` PEM (id-ecPublicKey, sm2p256v1): the form ``openssl pkey`` reads."""
    ec_key = keys.ECPrivateKey({"version": "ecPrivkeyVer1", "private_key": d, "public_key": public_key})
    ec_key["private_key"].set_encoded_width(32)  # RFC 5915: ceiling(log2(n)/8) octets, leading zeros kept
    info = keys.PrivateKeyInfo({"version": 0,
                                "private_key_algorithm": {"algorithm": "ec", "parameters": _curve()},
                                "private_key": ec_key})
    return pem.armor("PRIVATE KEY", info.dump())


def load_private_key_pem(data: bytes) -> tuple[int, bytes]:
    """(d, public key) from :func:`private_key_pem`'s form; raises ValueError for anything else."""
    kind, _headers, der = pem.unarmor(data)
    if kind != "PRIVATE KEY":
        raise ValueError(f"expected a PKCS#8 PRIVATE KEY, found {kind}")
    info = keys.PrivateKeyInfo.load(der)
    params = info["private_key_algorithm"]["parameters"]
    if info["private_key_algorithm"]["algorithm"].native != "ec" or params.chosen.native != SM2_CURVE:
        raise ValueError("not an SM2 (sm2p256v1) private key")
    ec_key = info["private_key"].parsed
    d = ec_key["private_key"].native
    public = ec_key["public_key"]
    return d, (bytes(public) if public.native is not None else b"")
