"""The file system of the simulated SSC card: which DFs and EFs exist, their shapes and access conditions.

Structure and access rules are code (they are the card OS's mask); contents live in the card file.
See README.md, "User card: file system" and "Access conditions".
"""

from __future__ import annotations

from dataclasses import dataclass, field

AID_SSSE = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")
AID_PKI = bytes.fromhex("504B492EC9E7BBE1B1A3D5CF")
AID_PKI_ADF = bytes.fromhex("53532E434552542E41444631")
AID_FINANCIAL = bytes.fromhex("A000000333010101")  # the bank's debit application (financial.py)

# Key identifiers [obs: 0A, 04; ours: 05, 01, 06, 07].
KEY_INTERNAL = 0x01
KEY_READ = 0x0A
KEY_WRITE_HOLDER = 0x04
KEY_WRITE_ISSUE = 0x05
KEY_PIN_RELOAD = 0x06
KEY_PKI = 0x07  # PKI management: GENERATE, IMPORT, certificate writes in the PKI ADF
EXTERNAL_KEYS = (KEY_READ, KEY_WRITE_HOLDER, KEY_WRITE_ISSUE, KEY_PKI)
ALL_KEYS = (KEY_INTERNAL, KEY_READ, KEY_WRITE_HOLDER, KEY_WRITE_ISSUE, KEY_PIN_RELOAD, KEY_PKI)

FREE = "free"  # no condition
NEVER = "never"  # no access at all (factory data; PKI private keys)

EF05_SHAPE = ((0x01, 16), (0x02, 1), (0x03, 4), (0x04, 12), (0x05, 4), (0x06, 4), (0x07, 9))
EF06_SHAPE = ((0x08, 18), (0x09, 30), (0x4E, 20), (0x0A, 1), (0x0B, 1), (0x0C, 3), (0x0D, 4))
EF08_SIZE = 4096
PKI_PRIVATE_KEY_SIZE = 32
PKI_PUBLIC_KEY_SIZE = 65  # 04 ‖ x ‖ y
PKI_CERTIFICATE_SIZE = 2048


@dataclass(frozen=True)
class Ef:
    """An elementary file: linear (fixed TLV records) or transparent (bytes)."""

    name: str  # "EF05": also the key in the card file
    fid: int
    sfi: int
    records: tuple[tuple[int, int], ...] = ()  # (tag, value length) per record number 1..n
    size: int = 0  # transparent files only
    key_file: bool = False  # a PKI key file: empty until its key exists, written only by GENERATE/IMPORT

    @property
    def linear(self) -> bool:
        return self.size == 0


@dataclass(frozen=True)
class Df:
    name: str
    fid: int
    aid: bytes | None
    efs: tuple[Ef, ...] = ()
    children: tuple[Df, ...] = field(default=())
    has_keys: bool = False  # the SSC keys live in SSSE

    def ef_by_fid(self, fid: int) -> Ef | None:
        return next((ef for ef in self.efs if ef.fid == fid), None)

    def ef_by_sfi(self, sfi: int) -> Ef | None:
        return next((ef for ef in self.efs if ef.sfi == sfi), None)


EF05 = Ef("EF05", 0xEF05, 0x05, records=EF05_SHAPE)
EF06 = Ef("EF06", 0xEF06, 0x06, records=EF06_SHAPE)
EF07 = Ef("EF07", 0xEF07, 0x07, records=())
EF08 = Ef("EF08", 0xEF08, 0x08, size=EF08_SIZE)

# The PKI application [obs: FIDs]: transparent files without SFI (selected by FID only).
EF0012 = Ef("0012", 0x0012, 0, size=PKI_PRIVATE_KEY_SIZE, key_file=True)  # signing private key
EF0013 = Ef("0013", 0x0013, 0, size=PKI_PUBLIC_KEY_SIZE, key_file=True)  # signing public key
EF0014 = Ef("0014", 0x0014, 0, size=PKI_PRIVATE_KEY_SIZE, key_file=True)  # encryption private key
EF0015 = Ef("0015", 0x0015, 0, size=PKI_PUBLIC_KEY_SIZE, key_file=True)  # encryption public key
EF0018 = Ef("0018", 0x0018, 0, size=PKI_CERTIFICATE_SIZE)  # signing certificate (DER, 00-padded)
EF0019 = Ef("0019", 0x0019, 0, size=PKI_CERTIFICATE_SIZE)  # encryption certificate
PKI_EFS = (EF0012, EF0013, EF0014, EF0015, EF0018, EF0019)
PKI_KEY_FILES = (EF0012, EF0013, EF0014, EF0015)
PKI_PRIVATE_FILES = (EF0012, EF0014)
PKI_CERTIFICATE_FILES = (EF0018, EF0019)

SSSE = Df("SSSE", 0xDDF1, AID_SSSE, efs=(EF05, EF06, EF07, EF08), has_keys=True)
PKI_ADF = Df("SS.CERT.ADF1", 0xDF21, AID_PKI_ADF, efs=PKI_EFS, has_keys=True)
PKI = Df("PKI", 0xDDF2, AID_PKI, children=(PKI_ADF,))
# The financial application [ours: FID]: its one record (SFI 1) is answered from the card file's "financial"
# entry by card_os (financial.py), not from TLV records of this layout.
FINANCIAL = Df("PBOC", 0xDF10, AID_FINANCIAL)


def mf_for(kind: str, financial: bool = False) -> Df:
    """The MF of a card kind: only an SSC 3.0 card has the PKI application; a non-SSC card has no SSSE;
    ``financial``: the bank's debit application was personalised on the card too."""
    fin = (FINANCIAL,) if financial else ()
    if kind == "non_ssc":
        return Df("MF", 0x3F00, None, children=fin)
    if kind == "ssc2":
        return Df("MF", 0x3F00, None, children=(SSSE, *fin))
    return Df("MF", 0x3F00, None, children=(SSSE, PKI, *fin))


def all_dfs(mf: Df) -> list[Df]:
    out = [mf]
    for child in mf.children:
        out.extend(all_dfs(child))
    return out


def read_condition(ef: Ef, record: int | None) -> str | int:
    """FREE, NEVER, or the key id whose external authentication reading needs."""
    if ef is EF05:
        return KEY_READ if record in (5, 6) else FREE
    if ef in (EF06, EF08):
        return KEY_READ
    if ef in PKI_PRIVATE_FILES:
        return NEVER  # a private key never leaves the card
    return FREE


# The contactless interface [ours, docs/card-profile.md "Contactless interface"]: only the card's public
# identification records answer a READ there (卡识别码, 卡类别, 规范版本, 初始化机构编号, 卡号); everything
# else, the holder's data (EF05 rec 5-6 need key 0A anyway, EF06, EF08) and the PKI application's files included,
# is refused, whatever was authenticated.
CONTACTLESS_READABLE = {"EF05": (1, 2, 3, 4, 7)}


def contactless_readable(ef: Ef, record: int | None) -> bool:
    """Whether a READ of ``ef`` (record ``record``) is allowed on the contactless interface."""
    return record is not None and record in CONTACTLESS_READABLE.get(ef.name, ())


def write_condition(ef: Ef, record: int | None) -> str | int:
    """NEVER, or the key id whose external authentication writing needs."""
    if ef is EF05:
        return KEY_WRITE_ISSUE if record in (5, 6, 7) else NEVER
    if ef in (EF06, EF08):
        return KEY_WRITE_HOLDER
    if ef in PKI_CERTIFICATE_FILES:
        return KEY_PKI
    return NEVER  # EF07, and the PKI key files (written only by GENERATE and IMPORT)
