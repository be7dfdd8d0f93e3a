"""The third-generation certificate step: an SM2 key pair made in the card, certificates from the ledger's CA.

One run on the card in the encoder (:meth:`CertificateService.issue`; at hand-over
:meth:`CertificateService.set_holder_pin_and_certify` does it right after the holder's PIN):

1. SSSE: the card recognised as ours, internal then external authentication (key 0A) through the PSAM, the
   card number and the social security number read (the holder index sent to the CA is the blind index of
   that number, never the number itself).
2. PKI ADF: internal authentication, external authentication with key 07. The signing key pair is made in
   the card — unless the card already has one (an earlier run stopped after it, e.g. offline at hand-over):
   that key is certified instead, so a retry never orphans a certificate.
3. The ledger's CA answers the signing certificate, the encryption key pair enveloped to the card's signing
   key, and the encryption certificate. Both certificates are checked against the CA certificate the
   technician installed (``counter-app ca install``, :mod:`counter_app.services.ca_trust`; a CA certificate
   from the ledger that is not that one is refused; with none installed the step stops before the card's
   key is made — demo mode alone pins the ledger's on first use), for the card number and for the public keys
   the card holds.
4. The envelope is imported, both certificates written and read back byte for byte.
5. Possession: the holder's PIN is verified in the PKI ADF, the card signs a fresh 32-byte challenge, and
   the signature must verify with the certificate's public key.

Only then are the certificates recorded (``card_certificates``), the issuance's certificate substate set,
an outbox event ``card.certificate_issued`` queued and an audit row written, in one transaction. When the
ledger cannot be reached the run raises :class:`CertificateStepPending` (a :class:`SyncError`): the card
keeps its key pair and any counter finishes the step later with the card and the holder's PIN.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.card import errors as card_errors
from counter_app.card.pki import KeyUsage, PkiApplication
from counter_app.card.records import decode_value
from counter_app.card.ssc import external_authenticate, internal_authenticate
from counter_app.crypto import sm2
from counter_app.crypto.x509 import (
    Certificate,
    CertificateError,
    load_certificate,
    load_crl,
    verify_certificate,
    verify_crl,
)
from counter_app.domain.issuance import CertificateState, IssuanceState
from counter_app.domain.pin import wipe
from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, Session, requires
from counter_app.services.ca_trust import PINNED_CA_KEY, CaNotInstalled, CaTrust, UntrustedCa
from counter_app.services.card_services import CardServices, OpenCard
from counter_app.services.issuance import IssuanceService
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.card_certificates import ENC, SIGN, CardCertificateRepository
from counter_app.store.clock import to_db_time, utc_now
from counter_app.store.database import Store
from counter_app.store.issuances import IssuanceRepository
from counter_app.store.outbox import OutboxRepository
from counter_app.store.sealing import person_index
from counter_app.sync.client import LedgerClient
from counter_app.sync.errors import EXIT_UNREACHABLE, LedgerUnavailable, NotEnrolled, SyncError

log = logging.getLogger(__name__)

CERTIFICATE_EVENT = "card.certificate_issued"  # the ledger's event type (docs/ledger-api.md)
CHALLENGE_SIZE = 32


class CertificateStepPending(SyncError):
    """The CA could not be reached: the card keeps its key pair, the step is finished later at any counter."""

    exit_code = EXIT_UNREACHABLE  # as `counter-app sync`: the ledger is away, try again later

    def __init__(self, cause: SyncError):
        self.cause = cause
        super().__init__(Problem(
            "pki.pending",
            f"暂时无法连接中心台账的证书服务（{cause.message('zh')}）：卡片照常发放，数字证书稍后在任一柜台补签。",
            f"The ledger's certificate service cannot be reached ({cause.message('en')}): the card is handed "
            f"over and its certificates are finished later at any counter."))


class PossessionNotProved(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "pki.possession", "卡片签名无法用证书公钥验证：证书与卡内密钥不符，不能使用该证书。",
            "The card's signature does not verify with the certificate's public key: the certificate does not "
            "belong to the key in the card."))


class CertificateMismatch(DomainError):
    def __init__(self, what_zh: str, what_en: str):
        super().__init__(Problem(
            "pki.certificate_mismatch", f"中心台账返回的证书与卡片不符：{what_zh}。未写入卡片。",
            f"The certificate from the ledger does not match the card: {what_en}. Nothing was written."))


class CardNotPersonalized(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "pki.not_personalized", "卡片尚未写入持卡人信息，不能签发证书。",
            "The card is not personalized yet: no certificate can be issued."))


class NoCertificateOnCard(DomainError):
    def __init__(self) -> None:
        super().__init__(Problem(
            "pki.no_certificate", "卡内没有数字证书：请先签发证书（card cert issue）。",
            "The card holds no certificate: issue it first (card cert issue)."))


@dataclass(frozen=True)
class CertifiedCard:
    """A card whose certificates are written, read back and whose key possession was proved."""

    card_number: str
    card_id: str
    sign_serial: str
    enc_serial: str
    not_after: dt.datetime
    issuance_id: str | None
    key_generated: bool  # False: an existing key pair of the card was certified (a finished pending step)


@dataclass(frozen=True)
class CertificateCheck:
    """``card cert verify``: what was proved about the certificate on the card."""

    card_number: str
    sign_serial: str
    subject: dict[str, str]
    not_after: dt.datetime
    chain: bool
    possession: bool
    revoked: bool | None  # None: the CRL could not be fetched (offline)


Verifier = Callable[[PkiApplication], None]  # makes the card's PIN verified in the PKI ADF


class CertificateService:
    def __init__(self, store: Store, cards: CardServices, ledger: Callable[[], LedgerClient] | None, *,
                 demo: bool = False, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._cards = cards
        self._ledger = ledger
        self._clock = clock
        self._trust = CaTrust(store, demo=demo, clock=clock)  # demo: the ledger's CA pinned on first use

    # --- the step ---------------------------------------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, zh="签发卡片数字证书", en="issue a card's certificates")
    def issue(self, session: Session, pin: bytearray) -> CertifiedCard:
        """The whole step on the card in the encoder, ``pin`` (wiped) proving possession at the end."""
        try:
            self._cards.policy.check_for_use(pin)
            with self._cards.open_card("cert-issue", psam=True) as opened:
                return self._certify(session, opened, lambda pki: pki.verify_pin(pin))
        finally:
            wipe(pin)

    @requires(Role.CLERK, Role.SUPERVISOR, zh="设置持卡人密码", en="set the holder's PIN")
    def set_holder_pin_and_certify(self, session: Session, new: bytearray, *, card_id: str | None = None,
                                   on_reader: bool = False) -> tuple[str | None, CertifiedCard | None, SyncError | None]:
        """Hand-over on a 3.0 card, in one power-up: the holder's own PIN replaces the initial PIN, then the
        certificate step runs with that PIN. The PIN change is recorded whatever the certificate step does.

        Returns ``(issuance_id, certified, pending)``: ``pending`` is the reason the certificates wait (the
        ledger unreachable); card errors of the certificate step raise after the PIN was recorded. With
        ``on_reader`` the holder types on the reader's keypad (new PIN twice, then once more to sign) and
        ``new`` is ignored."""
        try:
            if not on_reader:
                self._cards.policy.check_new(new)
            with self._cards.open_card("handover-pin-cert", psam=True) as opened:
                opened.require(card_id)
                pad = self._cards.change_from_initial(opened, None if on_reader else new)
                length = self._cards.policy.length
                verify: Verifier = ((lambda pki: pad.verify(length)) if pad is not None
                                    else (lambda pki: pki.verify_pin(new)))  # the same buffer, wiped at the end
                issuance_id = self._cards.record_pin_set(session, opened.identity.card_id_hex, opened.card_number(),
                                                         from_initial=True, pin_pad=pad is not None)
                try:
                    return issuance_id, self._certify(session, opened, verify), None
                except CertificateStepPending as exc:
                    return issuance_id, None, exc.cause
                except CaNotInstalled as exc:  # the card is handed over; its certificates wait for the CA
                    return issuance_id, None, exc
        finally:
            wipe(new)

    def _certify(self, session: Session, opened: OpenCard, verify: Verifier) -> CertifiedCard:
        self._trust.require()  # before anything is done to the card: no installed CA, no certificate step
        profile, card, psam = self._cards.profile, opened.card, opened.psam
        assert psam is not None
        card_id = opened.identity.card_id
        internal_authenticate(card, psam, profile.key_internal_auth, card_id)
        external_authenticate(card, psam, profile.key_read, card_id)
        number = opened.card_number()
        spec = profile.record("social_security_number")
        ssn = decode_value(spec, card.read_record(spec.file_id, spec.number, spec.length)).strip()
        if not number or not ssn:
            raise CardNotPersonalized()
        pki = PkiApplication(card)
        pki.select()
        pki.authenticate(psam, card_id)
        public_key = pki.read_public_key(KeyUsage.SIGN)
        generated = public_key is None
        if public_key is None:
            public_key = pki.generate_sign_keypair()
        answer = self._request(number, opened.identity.card_id_hex, person_index(ssn), public_key)
        ca = self._trusted_ca(answer["ca_certificate"])
        now = self._clock()
        sign = self._checked(answer["sign_certificate"], ca, number, now)
        enc = self._checked(answer["enc_certificate"], ca, number, now)
        if sign.public_key != public_key:
            raise CertificateMismatch("签名证书的公钥不是卡内的签名公钥", "the signing certificate certifies another key")
        pki.import_enc_keypair(bytes.fromhex(answer["enc_key_envelope"]))
        if pki.read_public_key(KeyUsage.ENC) != enc.public_key:
            raise CertificateMismatch("加密证书的公钥不是导入卡内的加密公钥", "the encryption certificate certifies "
                                                                   "another key than the one imported")
        for usage, cert in ((KeyUsage.SIGN, sign), (KeyUsage.ENC, enc)):
            pki.write_certificate(usage, cert.der)
        for usage, cert in ((KeyUsage.SIGN, sign), (KeyUsage.ENC, enc)):
            if pki.read_certificate(usage) != cert.der:
                raise card_errors.VerifyMismatch(f"PKI {usage.value} certificate")
        verify(pki)
        prove_possession(pki, sign)
        return self._record(session, number, opened.identity.card_id_hex, sign, enc, generated)

    # --- the ledger and the trusted CA --------------------------------------------------------------

    def _request(self, number: str, card_id: str, holder_index: str, public_key: bytes) -> dict:
        if self._ledger is None:
            raise CertificateStepPending(NotEnrolled("ledger"))
        try:
            with self._ledger() as client:
                return client.request_certificates(number, card_id, holder_index, public_key)
        except (LedgerUnavailable, NotEnrolled) as exc:
            raise CertificateStepPending(exc) from exc

    def _trusted_ca(self, ca_b64: str) -> Certificate:
        return self._trust.check_offered(base64.b64decode(ca_b64))

    @requires(Role.SUPERVISOR, Role.TECHNICIAN, zh="更换信任的中心 CA", en="forget the pinned ledger CA")
    def forget_pinned_ca(self, session: Session) -> Certificate | None:
        """Forget the installed CA certificate (:meth:`CaTrust.forget`): certificates stop until one is
        installed again. Audited. Returns the certificate that was forgotten."""
        return self._trust.forget(session)

    def pinned_ca(self) -> Certificate | None:
        return self._trust.pinned()

    def _checked(self, cert_b64: str, ca: Certificate, number: str, now: dt.datetime) -> Certificate:
        cert = load_certificate(base64.b64decode(cert_b64))
        verify_certificate(cert, ca, at=now)
        if cert.subject_cn != number:
            raise CertificateMismatch(f"证书的卡号为 {cert.subject_cn}", f"the certificate names card {cert.subject_cn}")
        return cert

    # --- recording ------------------------------------------------------------------------------

    def _record(self, session: Session, number: str, card_id: str, sign: Certificate, enc: Certificate,
                generated: bool) -> CertifiedCard:
        now = self._clock()
        with self._store.transaction() as db:
            head = IssuanceRepository(db).latest_for_card_id(
                card_id, states=(IssuanceState.PRINTED, IssuanceState.ISSUED))
            issuance_id = head.id if head else None
            certificates = CardCertificateRepository(db)
            for kind, cert in ((SIGN, sign), (ENC, enc)):
                certificates.record(number, kind, serial=cert.serial_hex, card_id=card_id, issuance_id=issuance_id,
                                    der=cert.der, at=now, actor=session.actor)
            if head is not None and head.state is IssuanceState.ISSUED:  # a pending step finished here
                IssuanceService(self._store).set_certificate_state(db, issuance_id, CertificateState.ISSUED)
            seq = OutboxRepository(db).append(CERTIFICATE_EVENT, at=now, issuance_id=issuance_id, payload={
                "card_number": number, "card_id": card_id, "sign_serial": sign.serial_hex,
                "enc_serial": enc.serial_hex, "issuance_id": issuance_id, "at": to_db_time(now),
                "key_generated": generated})
            AuditLog.append(db, session.actor, AuditAction.CARD_CERTIFICATE_ISSUED,
                            {"card_number": number, "sign_serial": sign.serial_hex, "outbox_seq": seq},
                            counter_id=session.counter_id, at=now)
        log.info("certificates %s / %s written to card %s", sign.serial_hex, enc.serial_hex, number)
        return CertifiedCard(number, card_id, sign.serial_hex, enc.serial_hex, sign.not_after, issuance_id, generated)

    # --- reading and checking what a card holds ---------------------------------------------------

    @requires(Role.CLERK, Role.SUPERVISOR, Role.TECHNICIAN, zh="导出卡片证书", en="export a card's certificate")
    def export(self, session: Session, usage: KeyUsage = KeyUsage.SIGN) -> bytes:
        """The DER certificate in the card (no PIN: certificates are public)."""
        with self._cards.open_card("cert-export", psam=False) as opened:
            pki = PkiApplication(opened.card)
            pki.select()
            der = pki.read_certificate(KeyUsage(usage))
        if der is None:
            raise NoCertificateOnCard()
        return der

    @requires(Role.CLERK, Role.SUPERVISOR, Role.TECHNICIAN, zh="校验卡片证书", en="verify a card's certificate")
    def verify(self, session: Session, pin: bytearray) -> CertificateCheck:
        """Chain (to the pinned CA, and the CRL when the ledger answers) and possession (``pin``, wiped)."""
        try:
            self._cards.policy.check_for_use(pin)
            ca = self._trust.require() or self._fetch_and_pin_ca()  # the latter in demo mode only
            with self._cards.open_card("cert-verify", psam=False) as opened:
                number = opened.card_number()
                pki = PkiApplication(opened.card)
                pki.select()
                der = pki.read_certificate(KeyUsage.SIGN)
                if der is None:
                    raise NoCertificateOnCard()
                cert = load_certificate(der)
                verify_certificate(cert, ca, at=self._clock())
                if cert.subject_cn != number:
                    raise CertificateMismatch(f"证书的卡号为 {cert.subject_cn}", f"the certificate names card "
                                                                          f"{cert.subject_cn}")
                pki.verify_pin(pin)
                prove_possession(pki, cert)
        finally:
            wipe(pin)
        revoked = self._revoked(cert, ca)
        return CertificateCheck(number, cert.serial_hex, cert.subject, cert.not_after, True, True, revoked)

    def _fetch_and_pin_ca(self) -> Certificate:
        if self._ledger is None:
            raise NotEnrolled("ledger")
        with self._ledger() as client:
            pem = client.fetch_ca_certificate()
        return self._trust.check_offered(load_certificate(pem).der)

    def _revoked(self, cert: Certificate, ca: Certificate) -> bool | None:
        if self._ledger is None:
            return None
        try:
            with self._ledger() as client:
                crl = load_crl(client.fetch_crl())
        except SyncError:
            return None
        verify_crl(crl, ca, at=self._clock())
        return crl.is_revoked(cert.serial)


def prove_possession(pki: PkiApplication, cert: Certificate) -> None:
    """The card signs a fresh challenge (its PIN verified); the signature must verify with ``cert``."""
    challenge = secrets.token_bytes(CHALLENGE_SIZE)
    signature = pki.sign_digest(sm2.message_digest(cert.public_key, challenge))
    if not sm2.verify(cert.public_key, challenge, signature):
        raise PossessionNotProved()


__all__ = [
    "CERTIFICATE_EVENT", "PINNED_CA_KEY", "CaNotInstalled", "CardNotPersonalized", "CertificateCheck", "CertificateError", "CertificateMismatch", "CertificateService",
    "CertificateStepPending", "CertifiedCard", "NoCertificateOnCard", "PossessionNotProved", "UntrustedCa",
    "prove_possession",
]
