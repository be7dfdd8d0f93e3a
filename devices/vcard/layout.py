"""The file system of the simulated SSC card: which DFs and EFs exist, their shapes and access conditions.

Structure and access rules are code (they are the card OS's mask); contents live in the card file.
See README.md, "User card: file system" and "Access conditions".
"""

from __future__ import annotations

from dataclasses import dataclass, field

AID_SSSE = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")
AID_PKI = bytes.fromhex("504B492EC9E7BBE1B1A3D5CF")
AID_PKI_ADF = bytes.fromhex("53532E434552542E41444631")

# Key identifiers [obs: 0A, 04; ours: 05, 01, 06].
KEY_INTERNAL = 0x01
KEY_READ = 0x0A
KEY_WRITE_HOLDER = 0x04
KEY_WRITE_ISSUE = 0x05
KEY_PIN_RELOAD = 0x06
EXTERNAL_KEYS = (KEY_READ, KEY_WRITE_HOLDER, KEY_WRITE_ISSUE)
ALL_KEYS = (KEY_INTERNAL, KEY_READ, KEY_WRITE_HOLDER, KEY_WRITE_ISSUE, KEY_PIN_RELOAD)

FREE = "free"  # no condition
NEVER = "never"  # not writable at all (factory data)

EF05_SHAPE = ((0x01, 16), (0x02, 1), (0x03, 4), (0x04, 12), (0x05, 4), (0x06, 4), (0x07, 9))
EF06_SHAPE = ((0x08, 18), (0x09, 30), (0x4E, 20), (0x0A, 1), (0x0B, 1), (0x0C, 3), (0x0D, 4))
EF08_SIZE = 4096


@dataclass(frozen=True)
class Ef:
    """An elementary file: linear (fixed TLV records) or transparent (bytes)."""

    name: str  # "EF05": also the key in the card file
    fid: int
    sfi: int
    records: tuple[tuple[int, int], ...] = ()  # (tag, value length) per record number 1..n
    size: int = 0  # transparent files only

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

SSSE = Df("SSSE", 0xDDF1, AID_SSSE, efs=(EF05, EF06, EF07, EF08), has_keys=True)
PKI_ADF = Df("SS.CERT.ADF1", 0xDF21, AID_PKI_ADF)
PKI = Df("PKI", 0xDDF2, AID_PKI, children=(PKI_ADF,))


def mf_for(kind: str) -> Df:
    """The MF of a card kind: a non-SSC card has no SSSE and no PKI application."""
    if kind == "non_ssc":
        return Df("MF", 0x3F00, None)
    return Df("MF", 0x3F00, None, children=(SSSE, PKI))


def all_dfs(mf: Df) -> list[Df]:
    out = [mf]
    for child in mf.children:
        out.extend(all_dfs(child))
    return out


def read_condition(ef: Ef, record: int | None) -> str | int:
    """FREE, or the key id whose external authentication reading needs."""
    if ef is EF05:
        return KEY_READ if record in (5, 6) else FREE
    if ef in (EF06, EF08):
        return KEY_READ
    return FREE


def write_condition(ef: Ef, record: int | None) -> str | int:
    """NEVER, or the key id whose external authentication writing needs."""
    if ef is EF05:
        return KEY_WRITE_ISSUE if record in (5, 6, 7) else NEVER
    if ef in (EF06, EF08):
        return KEY_WRITE_HOLDER
    return NEVER
