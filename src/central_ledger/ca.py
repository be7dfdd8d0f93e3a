"""The ledger's certificate authority: the CA key, certificates for the cards' PKI application, the CRL.

Where the CA key lives. The private key is a file, never a database row: a database dump, a replica or a
backup of the ledger's database must not carry the key that signs every card certificate. The CA directory
(``--ca-dir``, or ``$CENTRAL_LEDGER_CA_DIR``; by default ``<database dir>/<database name>-ca/`` beside a SQLite
ledger, and ``$XDG_DATA_HOME/central-ledger/<dbname>@<host>-<port>-ca/`` for PostgreSQL) holds

- ``ca-key.pem``: the SM2 private key, PKCS#8 PEM, mode 0600 in a 0700 directory; a key file that others can
  read is refused, as ssh does;
- ``ca.pem``: the self-signed CA certificate (what ``central-ledger ca export`` writes).

Both are made on the first ``central-ledger serve`` or by ``central-ledger ca init``. The database records the CA
certificate (table ``ca_authority``): a ledger opened with another CA directory, or whose CA key went missing, is
refused instead of silently starting a new CA that would orphan every certificate already on cards.

Certificates (docs/ledger-api.md, "Certificates"): one signing and one encryption certificate per card key, the
enc key pair made here and sent to the card only inside an envelope that the card's signing key opens; the
ledger keeps the envelope (for a repeated request) but never the encryption private key in clear.
"""

from __future__ import annotations

import base64
import os
import secrets
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from central_ledger import certstore, ownership, sm2
from central_ledger import x509 as cx
from central_ledger.crypto import is_valid_card_number, is_valid_public_key
from central_ledger.derive import ACTIVE
from central_ledger.ledger import LedgerError, iso, utc_now
from central_ledger.storage import DatabaseUrl, Storage, Tx

CA_DIR_ENV = "CENTRAL_LEDGER_CA_DIR"
KEY_FILE = "ca-key.pem"
CERT_FILE = "ca.pem"
DEFAULT_ISSUER_NAME = "社会保障卡中心台账"
CA_VALIDITY = timedelta(days=20 * 365)
CERT_VALIDITY = timedelta(days=10 * 365)
BACKDATE = timedelta(minutes=5)  # tolerate counters whose clock is a little behind
CRL_VALIDITY = timedelta(days=1)
DEFAULT_CRL_CACHE_SECONDS = 300.0
ENVELOPE_LENGTH = 210

SIGN_USAGE = frozenset({"digital_signature", "non_repudiation"})
ENC_USAGE = frozenset({"key_encipherment", "data_encipherment"})


class CaError(RuntimeError):
    """The CA directory cannot be used (missing key, wrong CA for this database, unsafe permissions)."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")


def default_ca_dir(db_url: str) -> Path:
    """The CA directory used when neither ``--ca-dir`` nor ``$CENTRAL_LEDGER_CA_DIR`` is given."""
    url = DatabaseUrl.parse(db_url)
    if url.dialect == "sqlite":
        db = Path(url.target).expanduser().resolve()
        return db.parent / f"{db.stem}-ca"
    parts = urlsplit(url.target)
    dbname = parts.path.lstrip("/") or "postgres"
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "central-ledger" / f"{dbname}@{parts.hostname or 'local'}-{parts.port or 5432}-ca"


def resolve_ca_dir(db_url: str, ca_dir: str | os.PathLike[str] | None) -> Path:
    given = ca_dir or os.environ.get(CA_DIR_ENV)
    return Path(given).expanduser() if given else default_ca_dir(db_url)


def new_serial() -> int:
    """16 random bytes, first byte 0x10-0x7F: positive, encoded in exactly 16 bytes, and written as exactly 32
    hex digits with or without zero-padding (so that ``f"{serial:x}"`` on any side gives the same text)."""
    return int.from_bytes(bytes([0x10 + secrets.randbelow(0x70)]) + secrets.token_bytes(15), "big")


# -- the CA key and certificate -----------------------------------------------------------------------------

@dataclass(frozen=True)
class CaKey:
    """The loaded CA: private scalar, public key and self-signed certificate."""

    d: int
    public_key: bytes
    certificate_der: bytes
    directory: Path

    @property
    def certificate(self):
        return cx.parse_certificate(self.certificate_der)

    @property
    def key_id(self) -> bytes:
        return cx.key_identifier(self.public_key)

    @property
    def issuer_name(self) -> str:
        """The O attribute of the CA's subject: it is also the O of every card certificate."""
        return self.certificate.subject.native.get("organization_name", DEFAULT_ISSUER_NAME)

    @property
    def not_after(self) -> datetime:
        return self.certificate["tbs_certificate"]["validity"]["not_after"].native

    def sign(self, data: bytes) -> bytes:
        return sm2.sign(self.d, self.public_key, data)

    def certificate_pem(self) -> bytes:
        return cx.certificate_pem(self.certificate_der)


def _read_ca_files(directory: Path) -> CaKey | None:
    key_path, cert_path = directory / KEY_FILE, directory / CERT_FILE
    if not key_path.exists() and not cert_path.exists():
        return None
    if not key_path.exists() or not cert_path.exists():
        missing = key_path if not key_path.exists() else cert_path
        raise CaError(f"CA 目录不完整，缺少 {missing}", f"the CA directory is incomplete: {missing} is missing")
    mode = key_path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CaError(f"CA 私钥文件 {key_path} 可被他人读取（权限 {stat.S_IMODE(mode):o}），请改为 600",
                      f"the CA key file {key_path} is accessible to others (mode {stat.S_IMODE(mode):o}); "
                      f"chmod 600 it")
    try:
        d, public_key = cx.load_private_key_pem(key_path.read_bytes())
        cert_der = cx.certificate_der(cert_path.read_bytes())
        cert_key = bytes(cx.parse_certificate(cert_der).public_key["public_key"])
    except (ValueError, KeyError, TypeError) as exc:
        raise CaError(f"无法读取 CA 文件：{exc}", f"cannot read the CA files: {exc}") from exc
    if sm2.public_key_of(d) != cert_key or (public_key and public_key != cert_key):
        raise CaError("CA 私钥与 CA 证书不匹配", "the CA key does not match the CA certificate")
    return CaKey(d, cert_key, cert_der, directory)


def _write_private(path: Path, data: bytes) -> None:
    """Write a new file readable by the owner only; fails if it exists (two processes making a CA at once)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _create_ca_files(directory: Path, issuer_name: str, now: datetime) -> CaKey:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    d = sm2.new_private_key()
    public_key = sm2.public_key_of(d)
    subject = cx.name([("country_name", "CN"), ("organization_name", issuer_name),
                       ("organizational_unit_name", "社会保障卡"), ("common_name", f"{issuer_name} SM2 CA")])
    der = cx.build_certificate(cx.CertificateFields(
        serial=new_serial(), subject=subject, issuer=subject, public_key=public_key, not_before=now - BACKDATE,
        not_after=now + CA_VALIDITY, key_usage=frozenset({"key_cert_sign", "crl_sign"}), is_ca=True,
        authority_key_id=None), lambda tbs: sm2.sign(d, public_key, tbs))
    # the key first: a directory with a certificate but no key is reported as incomplete, never overwritten
    _write_private(directory / KEY_FILE, cx.private_key_pem(d, public_key))
    tmp = directory / f".{CERT_FILE}.{secrets.token_hex(4)}"
    tmp.write_bytes(cx.certificate_pem(der))
    tmp.chmod(0o644)
    os.replace(tmp, directory / CERT_FILE)
    return CaKey(d, public_key, der, directory)


def _bind_to_database(storage: Storage, ca: CaKey, now: str) -> None:
    """Record the CA in the database the first time; afterwards insist on the same CA."""
    der_b64 = base64.b64encode(ca.certificate_der).decode("ascii")
    with storage.transaction(write=True) as tx:
        tx.lock_intake()
        row = tx.one("SELECT certificate FROM ca_authority WHERE id = 1")
        if row is None:
            tx.execute("INSERT INTO ca_authority (id, certificate, key_id, created_at) VALUES (1, ?, ?, ?)",
                       (der_b64, ca.key_id.hex(), now))
        elif row["certificate"] != der_b64:
            raise CaError(f"{ca.directory} 中的 CA 不是本账本数据库签发证书所用的 CA",
                          f"the CA in {ca.directory} is not the CA this ledger database issued certificates with")


def _database_has_ca(storage: Storage) -> bool:
    with storage.transaction() as tx:
        return tx.one("SELECT 1 AS x FROM ca_authority WHERE id = 1") is not None


def open_ca(storage: Storage, directory: Path, *, create: bool, issuer_name: str = DEFAULT_ISSUER_NAME,
            clock: Callable[[], datetime] = utc_now) -> CertificateAuthority:
    """The ledger's CA from ``directory``, made there first when ``create`` and neither exists yet."""
    ca = _read_ca_files(directory)
    if ca is None:
        if _database_has_ca(storage):
            raise CaError(f"本账本已有 CA，但 {directory} 中没有其私钥：请从备份恢复 CA 目录",
                          f"this ledger has a CA but its key is not in {directory}: restore the CA directory "
                          f"from the backup")
        if not create:
            raise CaError(f"{directory} 中还没有 CA：先运行 central-ledger ca init",
                          f"no CA in {directory} yet: run central-ledger ca init first")
        try:
            ca = _create_ca_files(directory, issuer_name, clock())
        except FileExistsError:  # another process made it meanwhile: use that one
            ca = _read_ca_files(directory)
            assert ca is not None
    _bind_to_database(storage, ca, iso(clock()))
    return CertificateAuthority(storage, ca, clock=clock)


# -- issuing ------------------------------------------------------------------------------------------------

def sm4_ecb_encrypt(key: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305 - GM/T 0010 envelope form
    return encryptor.update(data) + encryptor.finalize()


def make_envelope(card_sign_public_key: bytes) -> tuple[bytes, bytes]:
    """A fresh SM2 encryption key pair, enveloped to the card: returns (envelope 210 bytes, enc public key).

    Envelope = SM2-encrypt(card signing key, k) [C1 65 || C3 32 || C2 16] || SM4-ECB(k, d_enc) [32] || P_enc [65].
    """
    d_enc = sm2.new_private_key()
    p_enc = sm2.public_key_of(d_enc)
    k = secrets.token_bytes(16)
    envelope = sm2.encrypt(card_sign_public_key, k) + sm4_ecb_encrypt(k, d_enc.to_bytes(32, "big")) + p_enc
    assert len(envelope) == ENVELOPE_LENGTH
    return envelope, p_enc


@dataclass(frozen=True)
class CertificateRequest:
    counter_id: str
    request_id: str
    card_number: str
    card_id: str
    holder_index: str
    sign_public_key: str  # lowercase hex, 04||x||y


class CertificateAuthority:
    """Issues card certificates, answers the CRL and the CA certificate. Thread-safe (state is in the database)."""

    def __init__(self, storage: Storage, key: CaKey, *, clock: Callable[[], datetime] = utc_now,
                 crl_cache_seconds: float = DEFAULT_CRL_CACHE_SECONDS):
        self.storage = storage
        self.key = key
        self.clock = clock
        self.crl_cache_seconds = crl_cache_seconds
        self._crl: tuple[tuple[int, str | None], float, bytes] | None = None  # (revocations, expires, DER)
        self._crl_lock = threading.Lock()

    def certificate_pem(self) -> bytes:
        return self.key.certificate_pem()

    def issue(self, req: CertificateRequest, *, trusted: bool = False) -> dict[str, Any]:
        """The card's two certificates and its enveloped encryption key (docs/ledger-api.md). Idempotent by
        (card_number, sign_public_key); a new signing key supersedes the card's earlier certificates.

        Only for the requesting counter's own card (a number allocated to it or a card it issued): another
        request is queued for the district admin and refused with 409 ``card_not_yours``, with nothing issued
        and nothing superseded. ``trusted`` (the admin accepted the queued request) skips that rule. One case
        passes the rule: the holder finishing at another counter a certificate step that waited (see
        :func:`_finishing_elsewhere`)."""
        if not is_valid_card_number(req.card_number):
            raise LedgerError(422, "invalid_card_number", "卡号校验位错误", "the card number's check character is wrong")
        if not is_valid_public_key(req.sign_public_key):
            raise LedgerError(422, "bad_public_key", "签名公钥不在 SM2 曲线上", "the signing key is not on the SM2 curve")
        now = self.clock()
        queue_id: int | None = None
        with self.storage.transaction(write=True) as tx:
            tx.lock_intake()  # issuance and revocation by intake never interleave
            stored = certstore.stored_request(tx, req.card_number, req.sign_public_key)
            if not trusted and not (stored is not None and stored["counter_id"] == req.counter_id):
                found = ownership.holder(tx, req.card_number, req.counter_id)
                if found.state != ownership.MINE and not _finishing_elsewhere(tx, req):
                    queue_id = ownership.enqueue(
                        tx, action=ownership.CERTIFICATE_REQUEST, reason=found.reason, counter_id=req.counter_id,
                        request_key=f"{req.card_number}:{req.sign_public_key}", card_number=req.card_number,
                        held_by=found.held_by, effect=asdict(req), now=iso(now))
            if queue_id is None:
                self._check_card(tx, req)
                if stored is not None:
                    answer = stored["answer"]
                    self._check_not_revoked(tx, answer)
                else:
                    certstore.revoke_card(tx, req.card_number, certstore.SUPERSEDED, iso(now))
                    answer = self._new_answer(tx, req, now)
            tx.execute("UPDATE counters SET last_contact_at = ? WHERE counter_id = ?", (iso(now), req.counter_id))
        if queue_id is not None:
            raise LedgerError(409, "card_not_yours",
                              f"卡号 {req.card_number} 不是分配给本柜台的，也不是本柜台发的卡：未签发证书，"
                              f"已提交区级管理员处理（冲突编号 {queue_id}）",
                              f"card {req.card_number} was neither allocated to nor issued by this counter: no "
                              f"certificates were issued; queued for the district admin (conflict {queue_id})",
                              queue_id=queue_id)
        return answer

    @staticmethod
    def _check_card(tx: Tx, req: CertificateRequest) -> None:
        # A card the ledger has not seen yet is fine: certificates are made at hand-over, before the counter's
        # "issued" event may have arrived. A card it knows must be active and belong to this holder.
        card = tx.one("SELECT status, person_index FROM cards WHERE card_number = ?", (req.card_number,))
        if card is None:
            return
        if card["status"] != ACTIVE:
            raise LedgerError(409, "card_not_active", f"此卡在台账中的状态为 {card['status']}，不能签发证书",
                              f"the card's ledger status is {card['status']}: no certificates for it",
                              card_status=card["status"])
        if card["person_index"] is not None and card["person_index"] != req.holder_index:
            raise LedgerError(409, "card_holder_mismatch", "此卡在台账中属于另一持卡人",
                              "the ledger has this card for another holder")

    @staticmethod
    def _check_not_revoked(tx: Tx, answer: dict[str, Any]) -> None:
        found = certstore.statuses(tx, [answer["sign_serial"], answer["enc_serial"]])
        if any(r["status"] == certstore.REVOKED for r in found.values()):
            raise LedgerError(409, "certificates_revoked", "此签名公钥的证书已被吊销：请在卡上重新生成密钥对",
                              "the certificates for this signing key were revoked: generate a new key pair on "
                              "the card")

    def _new_answer(self, tx: Tx, req: CertificateRequest, now: datetime) -> dict[str, Any]:
        sign_key = bytes.fromhex(req.sign_public_key)
        envelope, enc_key = make_envelope(sign_key)
        not_before = now - BACKDATE
        not_after = min(now + CERT_VALIDITY, self.key.not_after)
        subject = cx.name([("country_name", "CN"), ("organization_name", self.key.issuer_name),
                           ("organizational_unit_name", "社会保障卡"), ("common_name", req.card_number),
                           ("serial_number", req.holder_index)])
        issued: dict[str, tuple[int, bytes]] = {}
        for kind, public_key, usage in (("sign", sign_key, SIGN_USAGE), ("enc", enc_key, ENC_USAGE)):
            serial = new_serial()
            der = cx.build_certificate(cx.CertificateFields(
                serial=serial, subject=subject, issuer=self.key.certificate.subject, public_key=public_key,
                not_before=not_before, not_after=not_after, key_usage=usage, is_ca=False,
                authority_key_id=self.key.key_id), self.key.sign)
            issued[kind] = (serial, der)
            certstore.record_certificate(tx, certstore.IssuedCertificate(
                serial=f"{serial:032x}", card_number=req.card_number, kind=kind, public_key=public_key.hex(),
                request_key=req.sign_public_key, der_b64=_b64(der), not_before=iso(not_before),
                not_after=iso(not_after), counter_id=req.counter_id), iso(now))
        answer = {
            "sign_certificate": _b64(issued["sign"][1]),
            "enc_certificate": _b64(issued["enc"][1]),
            "enc_key_envelope": envelope.hex(),
            "ca_certificate": _b64(self.key.certificate_der),
            "sign_serial": f"{issued['sign'][0]:032x}",
            "enc_serial": f"{issued['enc'][0]:032x}",
        }
        certstore.record_answer(tx, card_number=req.card_number, sign_public_key=req.sign_public_key,
                                card_id=req.card_id, holder_index=req.holder_index, counter_id=req.counter_id,
                                request_id=req.request_id, answer=answer, now=iso(now))
        return answer

    # -- CRL --------------------------------------------------------------------------------------------------

    def crl(self) -> bytes:
        """The current CRL (DER). Signed and numbered afresh only when a certificate was revoked since the last
        one or ``crl_cache_seconds`` passed (so a flood of GETs neither signs nor burns CRL numbers); the
        revocations are checked in the database on every call, so a revocation by any process shows at once."""
        with self.storage.transaction() as tx:
            marker = certstore.revocation_marker(tx)
        cached = self._crl
        if cached is not None and cached[0] == marker and time.monotonic() < cached[1]:
            return cached[2]
        with self._crl_lock:
            cached = self._crl
            if cached is not None and cached[0] == marker and time.monotonic() < cached[1]:
                return cached[2]
            with self.storage.transaction() as tx:
                marker = certstore.revocation_marker(tx)
            der = self._new_crl()
            self._crl = (marker, time.monotonic() + self.crl_cache_seconds, der)
            return der

    def _new_crl(self) -> bytes:
        """A fresh CRL (DER): thisUpdate now, nextUpdate in a day, the next cRLNumber."""
        now = self.clock()
        with self.storage.transaction(write=True) as tx:
            number = certstore.next_crl_number(tx)
            rows = certstore.revoked_for_crl(tx, iso(now))
        revoked = [cx.RevokedEntry(int(r["serial"], 16), datetime.fromisoformat(r["revoked_at"]), r["reason"])
                   for r in rows]
        return cx.build_crl(issuer=self.key.certificate.subject, authority_key_id=self.key.key_id, number=number,
                            this_update=now, next_update=now + CRL_VALIDITY, revoked=revoked, sign=self.key.sign)


def _b64(der: bytes) -> str:
    return base64.b64encode(der).decode("ascii")


def _finishing_elsewhere(tx, req: CertificateRequest) -> bool:
    """Whether another counter may certify this issued card: the holder brings a card handed over while the
    ledger was out of reach (its certificates wait, docs/issuance-flow) to whichever counter is nearest.

    Allowed only when nothing can be taken from anyone: the ledger holds the card as issued and active to the
    very person the request names (the same blind index, which takes the district key and the holder's ID
    number), and the card has no valid certificate yet, so nothing is superseded. A card with certificates
    stays with its own counter (a new key there supersedes them) or waits for the admin."""
    card = tx.one("SELECT status, person_index FROM cards WHERE card_number = ?", (req.card_number,))
    if card is None or card["status"] != "active" or card["person_index"] != req.holder_index:
        return False
    return tx.one("SELECT 1 FROM certificates WHERE card_number = ? AND status = 'valid'",
                  (req.card_number,)) is None
