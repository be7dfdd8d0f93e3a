"""The ledger CA this counter trusts: installed by a technician from a file, pinned, never taken on first use.

The ledger's CA certifies the card certificates (:mod:`counter_app.services.certificates`). A counter that
believed whatever CA certificate the ledger's answer carries could be given certificates by anyone who can
answer in the ledger's place, so the CA certificate comes from a file the technician brings (the ledger
operator exports it with ``central-ledger ca export``) and is installed with

    counter-app ca install --file ca.pem --user tech1 --password-stdin

which shows its SM3 fingerprint (to compare with the one the ledger operator reads out), subject and
validity, and needs a supervisor's or technician's login. From then on a CA certificate from the ledger that
is not byte for byte the installed one is refused. With none installed the certificate step stops and says
which command installs one.

Demo mode (``demo.enabled``, ``counter-app --demo``) alone may still pin the ledger's CA on first use, with a
warning in the log: ``make demo`` runs without a technician.

The pinned certificate is the DER in ``settings_kv`` under :data:`PINNED_CA_KEY`; installing and forgetting
are audited with both fingerprints.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.crypto import sm3
from counter_app.crypto.x509 import (
    Certificate,
    CertificateError,
    check_validity,
    load_certificate,
    verify_signature,
)
from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, Session, requires
from counter_app.store.audit import AuditAction, AuditLog
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.settings_kv import SettingsKv
from counter_app.sync.errors import SyncError

log = logging.getLogger(__name__)

PINNED_CA_KEY = "pki.ca_certificate"   # settings_kv: the CA certificate this counter trusts (DER hex)
AUDIT_CA_INSTALLED = "pki.ca_installed"
INSTALL_COMMAND = "counter-app ca install --file CA证书文件 --user 用户名 --password-stdin"
INSTALL_COMMAND_EN = "counter-app ca install --file CA-FILE --user NAME --password-stdin"


def fingerprint(cert: Certificate) -> str:
    """SM3 of the certificate's DER, upper-case hex in pairs: what the technician compares by eye."""
    digest = sm3(cert.der).hex().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


class CaNotInstalled(SyncError):
    """No CA certificate installed: the certificate step cannot check what the ledger sends."""

    def __init__(self) -> None:
        super().__init__(Problem(
            "pki.ca_not_installed",
            f"本柜台尚未安装中心台账的 CA 证书，不能签发数字证书：请技术员用 “{INSTALL_COMMAND}” 安装"
            f"（CA 证书文件由台账管理员用 central-ledger ca export 导出）。",
            f"No ledger CA certificate is installed on this counter, so no certificate can be issued: a technician "
            f"installs it with '{INSTALL_COMMAND_EN}' (the ledger operator exports the file with "
            f"'central-ledger ca export')."))


class UntrustedCa(DomainError):
    """The ledger sent a CA certificate other than the installed one."""

    def __init__(self, pinned: Certificate | None = None, offered: Certificate | None = None) -> None:
        ours = fingerprint(pinned)[:23] if pinned is not None else "?"
        theirs = fingerprint(offered)[:23] if offered is not None else "?"
        super().__init__(Problem(
            "pki.untrusted_ca",
            f"中心台账发来的 CA 证书（SM3 {theirs}…）不是本柜台安装的 CA 证书（SM3 {ours}…），已拒绝，未写入卡片。"
            f"若中心 CA 确实已更换，请技术员核对指纹后用 “{INSTALL_COMMAND}” 安装新证书。",
            f"The ledger sent a CA certificate (SM3 {theirs}…) that is not the one installed on this counter "
            f"(SM3 {ours}…): refused, nothing written to the card. If the ledger's CA really was replaced, a "
            f"technician checks the fingerprint and installs the new one with '{INSTALL_COMMAND_EN}'."))


class BadCaCertificate(DomainError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(Problem("pki.bad_ca_file", f"CA 证书文件不可用：{zh}。未安装。",
                                 f"The CA certificate file cannot be used: {en}. Nothing was installed."))


@dataclass(frozen=True)
class CaInstall:
    """What ``ca install`` did."""

    certificate: Certificate
    fingerprint: str
    replaced: Certificate | None     # the CA trusted before, when another one
    unchanged: bool                  # the same certificate was already installed


def read_ca_file(data: bytes, *, at: dt.datetime | None = None) -> Certificate:
    """A CA certificate from a PEM or DER file, checked: a CA, self-signed, within its validity."""
    try:
        cert = load_certificate(data)
    except CertificateError as exc:
        raise BadCaCertificate("不是 X.509 证书（PEM 或 DER）", f"not an X.509 certificate (PEM or DER): "
                                                               f"{exc.message('en')}") from None
    if not cert.is_ca:
        raise BadCaCertificate("不是 CA 证书（basicConstraints 无 CA 标志）", "not a CA certificate (basicConstraints)")
    try:
        verify_signature(cert, cert)
    except CertificateError:
        raise BadCaCertificate("不是自签名的根证书（签名无法用其自身公钥验证）",
                               "not a self-signed root (its signature does not verify with its own key)") from None
    try:
        check_validity(cert, at)
    except CertificateError as exc:
        raise BadCaCertificate(exc.message("zh"), exc.message("en")) from None
    return cert


class CaTrust:
    """The installed (pinned) ledger CA of one counter's store."""

    def __init__(self, store: Store, *, demo: bool = False, clock: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._demo = demo
        self._clock = clock

    def pinned(self) -> Certificate | None:
        value = SettingsKv(self._store.db).get(PINNED_CA_KEY)
        return load_certificate(bytes.fromhex(value)) if value is not None else None

    def require(self) -> Certificate | None:
        """The installed CA; None only in demo mode (the ledger's is then pinned on first use);
        raises :class:`CaNotInstalled` otherwise."""
        pinned = self.pinned()
        if pinned is None and not self._demo:
            raise CaNotInstalled()
        return pinned

    def check_offered(self, offered_der: bytes) -> Certificate:
        """The CA to verify the ledger's answer with: the installed one, if ``offered_der`` is it."""
        pinned = self.pinned()
        if pinned is None:
            if not self._demo:
                raise CaNotInstalled()
            return self._pin_on_first_use(offered_der)
        if pinned.der != offered_der:
            try:
                offered = load_certificate(offered_der)
            except CertificateError:
                offered = None
            raise UntrustedCa(pinned, offered)
        return pinned

    def _pin_on_first_use(self, der: bytes) -> Certificate:
        ca = load_certificate(der)
        with self._store.transaction() as db:
            SettingsKv(db).put_if_absent(PINNED_CA_KEY, der.hex(), self._clock())
        log.warning("demo mode: pinned the ledger's CA certificate on first use (serial %s, SM3 %s); a counter "
                    "outside demo mode needs 'counter-app ca install --file'", ca.serial_hex, fingerprint(ca))
        return self.pinned() or ca

    @requires(Role.SUPERVISOR, Role.TECHNICIAN, zh="安装中心 CA 证书", en="install the ledger's CA certificate")
    def install(self, session: Session, data: bytes) -> CaInstall:
        """Install the CA certificate of ``data`` (PEM or DER, checked by :func:`read_ca_file`). Audited."""
        now = self._clock()
        cert = read_ca_file(data, at=now)
        before = self.pinned()
        if before is not None and before.der == cert.der:
            return CaInstall(cert, fingerprint(cert), None, True)
        with self._store.transaction() as db:
            SettingsKv(db).put(PINNED_CA_KEY, cert.der.hex(), now)
            detail = {"ca_serial": cert.serial_hex, "sm3": sm3(cert.der).hex()}
            if before is not None:
                detail.update(replaced_serial=before.serial_hex, replaced_sm3=sm3(before.der).hex())
            AuditLog.append(db, session.actor, AUDIT_CA_INSTALLED, detail, counter_id=session.counter_id, at=now)
        log.warning("ledger CA certificate installed by %s (serial %s, SM3 %s)%s", session.actor, cert.serial_hex,
                    fingerprint(cert), f", replacing serial {before.serial_hex}" if before is not None else "")
        return CaInstall(cert, fingerprint(cert), before, False)

    @requires(Role.SUPERVISOR, Role.TECHNICIAN, zh="更换信任的中心 CA", en="forget the pinned ledger CA")
    def forget(self, session: Session) -> Certificate | None:
        """Forget the installed CA (certificates then stop until one is installed again). Audited."""
        pinned = self.pinned()
        if pinned is None:
            return None
        now = self._clock()
        with self._store.transaction() as db:
            SettingsKv(db).delete(PINNED_CA_KEY)
            AuditLog.append(db, session.actor, AuditAction.PKI_CA_FORGOTTEN, {"ca_serial": pinned.serial_hex},
                            counter_id=session.counter_id, at=now)
        log.warning("the pinned ledger CA (serial %s) was forgotten by %s", pinned.serial_hex, session.actor)
        return pinned
