"""The counter's reading of the ledger CA's X.509 certificates and CRLs (SM2 with SM3), with asn1crypto.

Written against the PKI contract independently of ``central_ledger`` (which builds them), so that a mistake on
one side shows up as a failed check on the other. What the counter needs from a certificate: the subject's CN
(card number) and serialNumber (blind holder index), the serial, the validity, the 65-byte public key and the key
usage; and to know that the ledger's CA signed it and has not revoked it.

Signatures: algorithm SM2-with-SM3 ``1.2.156.10197.1.501``, value the DER ``SEQUENCE {r, s}``, over the DER
TBSCertificate / TBSCertList, e = SM3(Z || TBS) with Z for the ID ``1234567812345678`` (GM/T 0009), checked with
:func:`counter_app.crypto.sm2.verify`. Keys: id-ecPublicKey with the named curve sm2p256v1 ``1.2.156.10197.1.301``.

Every refusal is a :class:`CertificateError` (a :class:`DomainError` with a code and a zh/en message).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import algos, crl, keys, pem, x509

from counter_app.crypto import sm2
from counter_app.domain.problems import DomainError, Problem

SM2_SM3_OID = "1.2.156.10197.1.501"
SM2_CURVE_OID = "1.2.156.10197.1.301"
EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1"


def register_sm2_oids() -> None:
    """Teach asn1crypto the two SM2 OIDs (idempotent; the same names as any other module that registers them)."""
    keys.NamedCurve.register("sm2p256v1", SM2_CURVE_OID, 32)
    mapping = algos.SignedDigestAlgorithmId
    mapping._map[SM2_SM3_OID] = "sm2_sm3"
    if mapping._reverse_map is not None:
        mapping._reverse_map["sm2_sm3"] = SM2_SM3_OID


register_sm2_oids()


class CertificateError(DomainError):
    """A certificate or CRL that cannot be read or must not be trusted; ``problem.code`` says which check."""

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(Problem(f"x509.{code}", zh, en))
        self.code = code


# -- certificates -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Certificate:
    """What the counter reads from one certificate. Times are UTC-aware."""

    der: bytes
    serial: int
    subject: dict[str, str]  # asn1crypto names: common_name, serial_number, organization_name, country_name ...
    issuer: dict[str, str]
    not_before: datetime
    not_after: datetime
    public_key: bytes  # 04 || x || y, 65 bytes
    key_usage: frozenset[str]  # digital_signature, non_repudiation, key_encipherment, data_encipherment, ...
    is_ca: bool
    subject_key_id: bytes | None
    authority_key_id: bytes | None
    _subject_der: bytes
    _issuer_der: bytes
    _tbs_der: bytes
    _signature: bytes  # r || s, 64 bytes

    @property
    def subject_cn(self) -> str | None:
        """The card number on a card certificate."""
        return self.subject.get("common_name")

    @property
    def subject_serial_number(self) -> str | None:
        """The subject's serialNumber attribute: the holder's blind index on a card certificate."""
        return self.subject.get("serial_number")

    @property
    def serial_hex(self) -> str:
        """The serial as lowercase hex, zero-padded to 32 digits (the ledger's ``sign_serial`` form)."""
        return f"{self.serial:032x}"


def _der(data: bytes, kinds: tuple[str, ...]) -> bytes:
    if pem.detect(data):
        try:
            kind, _headers, data = pem.unarmor(data)
        except ValueError as exc:
            raise CertificateError("malformed", f"PEM 格式错误：{exc}", f"malformed PEM: {exc}") from exc
        if kind not in kinds:
            raise CertificateError("malformed", f"PEM 类型应为 {kinds[0]}，实为 {kind}",
                                   f"expected PEM {kinds[0]}, found {kind}")
    return data


def _signature(algorithm: algos.SignedDigestAlgorithm, value: bytes, what: str) -> bytes:
    if algorithm["algorithm"].dotted != SM2_SM3_OID:
        raise CertificateError("unsupported_algorithm", f"{what}的签名算法不是 SM2-with-SM3",
                               f"the {what} is not signed with SM2-with-SM3")
    try:
        return sm2.signature_from_der(value)
    except (sm2.Sm2Error, ValueError, OverflowError) as exc:
        raise CertificateError("malformed", f"{what}的签名值格式错误", f"malformed {what} signature value") from exc


def _time(value) -> datetime:
    return value.native.astimezone(UTC)


def load_certificate(data: bytes) -> Certificate:
    """Parse a certificate given as DER or PEM; raises :class:`CertificateError` (``x509.malformed``)."""
    der = _der(data, ("CERTIFICATE",))
    try:
        cert = x509.Certificate.load(der, strict=True)
        tbs = cert["tbs_certificate"]
        spki = tbs["subject_public_key_info"]
        algorithm = spki["algorithm"]
        if algorithm["algorithm"].dotted != EC_PUBLIC_KEY_OID or algorithm["parameters"].chosen.dotted != SM2_CURVE_OID:
            raise CertificateError("unsupported_key", "证书公钥不是 SM2 公钥", "the certified key is not an SM2 key")
        public_key = bytes(spki["public_key"])
        if len(public_key) != 65 or public_key[0] != 0x04:
            raise CertificateError("unsupported_key", "证书公钥应为 65 字节非压缩点",
                                   "the certified key must be a 65-byte uncompressed point")
        usage = cert.key_usage_value
        constraints = cert.basic_constraints_value
        aki = cert.authority_key_identifier_value
        return Certificate(
            der=der,
            serial=cert.serial_number,
            subject=dict(tbs["subject"].native),
            issuer=dict(tbs["issuer"].native),
            not_before=_time(tbs["validity"]["not_before"]),
            not_after=_time(tbs["validity"]["not_after"]),
            public_key=public_key,
            key_usage=frozenset(usage.native) if usage is not None else frozenset(),
            is_ca=bool(constraints is not None and constraints["ca"].native),
            subject_key_id=cert.key_identifier,
            authority_key_id=aki["key_identifier"].native if aki is not None else None,
            _subject_der=tbs["subject"].dump(),
            _issuer_der=tbs["issuer"].dump(),
            _tbs_der=tbs.dump(),
            _signature=_signature(cert["signature_algorithm"], bytes(cert["signature_value"]), "证书"),
        )
    except CertificateError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise CertificateError("malformed", f"证书格式错误：{exc}", f"malformed certificate: {exc}") from exc


def verify_signature(cert: Certificate, issuer: Certificate) -> None:
    """The certificate's signature verifies with the issuer's public key (``x509.bad_signature`` otherwise)."""
    if not sm2.verify(issuer.public_key, cert._tbs_der, cert._signature):
        raise CertificateError("bad_signature", "证书签名验证失败（不是此 CA 签发或已被篡改）",
                               "the certificate's signature does not verify (not issued by this CA, or altered)")


def check_validity(cert: Certificate, at: datetime | None = None) -> None:
    """``not_before <= at <= not_after`` (``x509.not_yet_valid`` / ``x509.expired``); ``at`` defaults to now."""
    at = (at or datetime.now(UTC)).astimezone(UTC)
    if at < cert.not_before:
        raise CertificateError("not_yet_valid", f"证书尚未生效（自 {cert.not_before:%Y-%m-%d %H:%M} UTC 起）：检查本机时钟",
                               f"the certificate is not valid before {cert.not_before:%Y-%m-%d %H:%M} UTC: "
                               f"check this computer's clock")
    if at > cert.not_after:
        raise CertificateError("expired", f"证书已于 {cert.not_after:%Y-%m-%d} 过期",
                               f"the certificate expired on {cert.not_after:%Y-%m-%d}")


def _check_is_ca(ca: Certificate, usage: str) -> None:
    if not ca.is_ca or usage not in ca.key_usage:
        raise CertificateError("not_a_ca", "所给的 CA 证书不是 CA（缺少 CA 标志或密钥用途）",
                               "the given CA certificate is not a CA (no CA flag or key usage)")


def verify_certificate(cert: Certificate, ca: Certificate, *, at: datetime | None = None,
                       crl: Crl | None = None) -> None:
    """The whole check of a card certificate against the trusted CA certificate: the CA is a CA and valid, the
    certificate names it as issuer, its signature verifies, it is valid at ``at``, and (with a verified
    ``crl``) it is not revoked. Raises :class:`CertificateError` at the first failure."""
    _check_is_ca(ca, "key_cert_sign")
    check_validity(ca, at)
    if cert._issuer_der != ca._subject_der:
        raise CertificateError("issuer_mismatch", "证书的签发者不是此 CA", "the certificate's issuer is not this CA")
    verify_signature(cert, ca)
    check_validity(cert, at)
    if crl is not None and crl.is_revoked(cert.serial):
        entry = crl.revocation(cert.serial)
        raise CertificateError("revoked", f"证书已被吊销（{entry.reason or '未说明原因'}）",
                               f"the certificate was revoked ({entry.reason or 'no reason given'})")


# -- CRL ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RevokedCertificate:
    serial: int
    revoked_at: datetime
    reason: str | None  # key_compromise, superseded, cessation_of_operation, ... or None


@dataclass(frozen=True)
class Crl:
    der: bytes
    issuer: dict[str, str]
    this_update: datetime
    next_update: datetime | None
    crl_number: int | None
    revoked: tuple[RevokedCertificate, ...]
    authority_key_id: bytes | None
    _issuer_der: bytes
    _tbs_der: bytes
    _signature: bytes

    def revocation(self, serial: int) -> RevokedCertificate | None:
        """The CRL entry of ``serial``, or None."""
        return next((r for r in self.revoked if r.serial == serial), None)

    def is_revoked(self, serial: int) -> bool:
        return self.revocation(serial) is not None


def load_crl(data: bytes) -> Crl:
    """Parse a CRL given as DER or PEM; raises :class:`CertificateError` (``x509.malformed``)."""
    der = _der(data, ("X509 CRL",))
    try:
        cl = crl.CertificateList.load(der, strict=True)
        tbs = cl["tbs_cert_list"]
        revoked = []
        for entry in tbs["revoked_certificates"]:
            reason = entry.crl_reason_value
            revoked.append(RevokedCertificate(entry["user_certificate"].native, _time(entry["revocation_date"]),
                                              reason.native if reason is not None else None))
        number = cl.crl_number_value
        aki = cl.authority_key_identifier_value
        next_update = tbs["next_update"]
        return Crl(
            der=der,
            issuer=dict(tbs["issuer"].native),
            this_update=_time(tbs["this_update"]),
            next_update=_time(next_update) if next_update.native is not None else None,
            crl_number=number.native if number is not None else None,
            revoked=tuple(revoked),
            authority_key_id=aki["key_identifier"].native if aki is not None else None,
            _issuer_der=tbs["issuer"].dump(),
            _tbs_der=tbs.dump(),
            _signature=_signature(cl["signature_algorithm"], bytes(cl["signature"]), "吊销列表"),
        )
    except CertificateError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise CertificateError("malformed", f"吊销列表格式错误：{exc}", f"malformed CRL: {exc}") from exc


def verify_crl(crl_: Crl, ca: Certificate, *, at: datetime | None = None) -> None:
    """The CRL was issued by ``ca`` (name and signature) and is current at ``at`` (``x509.crl_expired`` once
    its nextUpdate has passed: ask the ledger for a fresh one)."""
    _check_is_ca(ca, "crl_sign")
    if crl_._issuer_der != ca._subject_der:
        raise CertificateError("issuer_mismatch", "吊销列表的签发者不是此 CA", "the CRL's issuer is not this CA")
    if not sm2.verify(ca.public_key, crl_._tbs_der, crl_._signature):
        raise CertificateError("bad_signature", "吊销列表签名验证失败", "the CRL's signature does not verify")
    at = (at or datetime.now(UTC)).astimezone(UTC)
    if crl_.next_update is not None and at > crl_.next_update:
        raise CertificateError("crl_expired", "吊销列表已过期：请从中心台账重新获取",
                               "the CRL is out of date: fetch a fresh one from the ledger")
